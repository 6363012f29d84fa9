"""A person's and a household's whole record: every module's entries on one page, payments as a
month × program table summed in SQL, and a query count that does not grow with the record."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duty_roster.models import Assignment, DutyMember, RosterMonth, ShiftTemplate
from duty_roster.services import ensure_defaults
from employment.models import Contest, ContestEntry, Placement, Trainee, TrainingClass
from tests.factories import (
    BatchFactory,
    DisbursementFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    JobSeekerFactory,
    ServiceRecordFactory,
    household_with_members,
    program,
    staff_of,
)


def fill(community, size: int):
    """A household of two whose head has ``size`` entries in every module."""
    household = household_with_members(community, 2)
    head = household.head
    head.phone = f"1391234{size:04d}"
    head.save(update_fields=["phone"])
    EnrollmentFactory(resident=head, program=program("dibao_urban"))
    for i in range(size):
        for code in ("dibao_urban", "coal_urban"):
            batch = BatchFactory(program=program(code), period=datetime.date(2026, 1 + i, 1))
            DisbursementFactory(batch=batch, resident=head, amount=Decimal("100.50"))
        ServiceRecordFactory(community=community, resident=head)
    seeker = JobSeekerFactory(resident=head)
    enterprise = EnterpriseFactory()
    ensure_defaults(community)
    member = DutyMember.objects.create(
        community=community, category=4, name=head.name, phone=head.phone
    )
    roster, _created = RosterMonth.objects.get_or_create(
        community=community, month=datetime.date(2026, 4, 1)
    )
    day = ShiftTemplate.objects.get(community=community, code="day")
    for i in range(size):
        Placement.objects.create(
            seeker=seeker,
            enterprise=enterprise,
            start_date=datetime.date(2026, 1 + i, 1),
            wage=Decimal("3800"),
            follow_up_due=datetime.date(2026, 7, 1),
        )
        training = TrainingClass.objects.create(
            subject=f"面点培训{i}",
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 5, 10),
        )
        Trainee.objects.create(training=training, resident=head)
        contest = Contest.objects.create(name=f"创业大赛{i}", date=datetime.date(2026, 6, 1))
        ContestEntry.objects.create(contest=contest, resident=head, project="馕坊")
        Assignment.objects.create(
            roster=roster, date=datetime.date(2026, 4, 1 + i), shift=day, member=member
        )
    return household


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_it_shows_every_module_of_a_persons_record(staff_client, ehe):
    household = fill(ehe, 2)
    body = staff_client.get(
        reverse("communities:resident_record", args=[household.head_id])
    ).content.decode()
    for section in (
        "welfare/_record_enrollments.html",
        "welfare/_record_payments.html",
        "community_services/_record_services.html",
        "employment/_record_employment.html",
        "duty_roster/_record_duty.html",
    ):
        assert f'data-section="{section}"' in body
    assert "面点培训1" in body and "创业大赛0" in body and "2026-04-02" in body


@pytest.mark.django_db
def test_it_sums_payments_by_month_and_program(staff_client, ehe):
    household = fill(ehe, 3)
    response = staff_client.get(reverse("communities:resident_record", args=[household.head_id]))
    table = next(s for s in response.context["sections"] if "payments" in s.template).data["table"]
    assert {p["pk"] for p in table["programs"]} == {
        program("dibao_urban").pk,
        program("coal_urban").pk,
    }
    assert [row["month"] for row in table["rows"]] == [
        datetime.date(2026, 3, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 1, 1),
    ]
    assert all(row["amount"] == Decimal("201.00") for row in table["rows"])
    assert all(p["amount"] == Decimal("301.50") for p in table["programs"])
    assert table["total"] == Decimal("603.00")
    assert "603.00" in response.content.decode()


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_the_record(staff_client, ehe):
    small, large = fill(ehe, 1), fill(ehe, 4)
    for name, small_pk, large_pk in (
        ("communities:resident_record", small.head_id, large.head_id),
        ("communities:household_record", small.pk, large.pk),
    ):
        assert queries_for(staff_client, reverse(name, args=[small_pk])) == queries_for(
            staff_client, reverse(name, args=[large_pk])
        ), name


@pytest.mark.django_db
def test_a_household_record_gathers_its_members_entries(staff_client, ehe):
    household = fill(ehe, 1)
    body = staff_client.get(
        reverse("communities:household_record", args=[household.pk])
    ).content.decode()
    assert 'data-testid="payment-table"' in body and "面点培训0" in body
    assert reverse("communities:resident_record", args=[household.head_id]) in body


@pytest.mark.django_db
def test_staff_of_another_community_gets_404_on_a_record(client, ehe, shenhu):
    household = fill(ehe, 1)
    client.force_login(staff_of(shenhu))
    for url in (
        reverse("communities:resident_record", args=[household.head_id]),
        reverse("communities:household_record", args=[household.pk]),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_record_needs_a_login_and_answers_only_get(client, staff_client, ehe):
    household = fill(ehe, 1)
    url = reverse("communities:resident_record", args=[household.head_id])
    assert staff_client.post(url).status_code == 405
    staff_client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_resident_and_household_pages_link_to_the_record(staff_client, ehe):
    household = fill(ehe, 1)
    assert (
        'data-testid="resident-record"'
        in staff_client.get(
            reverse("communities:resident_detail", args=[household.head_id])
        ).content.decode()
    )
    assert (
        'data-testid="household-record"'
        in staff_client.get(household.get_absolute_url()).content.decode()
    )
