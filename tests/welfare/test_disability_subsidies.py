"""残疾人两项补贴 (issue 17 item 3): proposals from the registry become applications, reviewed by
the existing chain and paid in the monthly batch."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Household, Resident
from tests.factories import (
    CommunityFactory,
    EnrollmentFactory,
    civil_affairs_officer,
    household_with_members,
    next_id_number,
    program,
    staff_of,
)
from welfare.models import Disbursement, Enrollment

URL = reverse("welfare:disability_proposals")
PROPOSE = reverse("welfare:disability_propose")


def disabled(household, grade=None, category="physical"):
    r = Resident(
        id_number=next_id_number(),
        name="张建国",
        community=household.community,
        household=household,
        relation=Resident.Relation.CHILD,
        is_disabled=True,
        disability_category=category,
        disability_grade=grade,
    )
    r.save()
    return r


def listed(client, code):
    return {r.pk for r in client.get(URL, {"program": code}).context["page"]}


@pytest.fixture
def community(db):
    return CommunityFactory()


def test_care_subsidy_proposes_grades_one_and_two_not_yet_enrolled(client, community):
    household = household_with_members(community, 1)
    one, two = disabled(household, 1), disabled(household, 2)
    disabled(household, 3)
    gone = disabled(household, 1)
    gone.moved_out_on = datetime.date(2026, 1, 1)
    gone.save()
    enrolled = disabled(household, 2)
    EnrollmentFactory(program=program("disability_care"), resident=enrolled)
    client.force_login(staff_of(community))
    assert listed(client, "disability_care") == {one.pk, two.pk}


def test_living_subsidy_proposes_disabled_residents_of_dibao_households(client, community):
    dibao_home = household_with_members(community, 1)
    EnrollmentFactory(program=program("dibao_urban"), resident=dibao_home.head)
    in_dibao = disabled(dibao_home, 4)
    disabled(household_with_members(community, 1), 1)  # no 低保
    client.force_login(staff_of(community))
    assert listed(client, "disability_living") == {in_dibao.pk}


def test_proposing_registers_applications_that_follow_the_review_chain(client, community):
    household = household_with_members(community, 1)
    one, two = disabled(household, 1), disabled(household, 2)
    staff = staff_of(community)
    client.force_login(staff)
    response = client.post(
        PROPOSE,
        {"program": "disability_care", "residents": [one.pk, two.pk], "applied_on": "2026-03-02"},
    )
    assert response.status_code == 302
    enrollments = Enrollment.objects.filter(program__code="disability_care")
    assert {e.resident_id for e in enrollments} == {one.pk, two.pk}
    assert {e.status for e in enrollments} == {Enrollment.Status.APPLIED}
    first = enrollments.get(resident=one)
    assert "残疾等级" in first.reason and first.steps.get().actor == staff
    assert listed(client, "disability_care") == set()
    # The community's review (the existing chain) takes it from there.
    client.post(
        reverse("welfare:enrollment_step", args=[first.pk]),
        {"action": "return", "reason": "缺少残疾证复印件"},
    )
    first.refresh_from_db()
    assert first.status == Enrollment.Status.RETURNED


def test_a_resident_of_another_community_or_not_eligible_refuses_the_lot(client, community):
    mine = disabled(household_with_members(community, 1), 1)
    theirs = disabled(household_with_members(CommunityFactory(), 1), 1)
    not_eligible = disabled(household_with_members(community, 1), 3)
    client.force_login(staff_of(community))
    for chosen in ([mine.pk, theirs.pk], [mine.pk, not_eligible.pk]):
        client.post(
            PROPOSE,
            {"program": "disability_care", "residents": chosen, "applied_on": "2026-03-02"},
        )
    assert not Enrollment.objects.exists()


def test_the_other_community_is_not_listed(client, community):
    disabled(household_with_members(CommunityFactory(), 1), 1)
    client.force_login(staff_of(community))
    assert listed(client, "disability_care") == set()


def test_an_approved_subsidy_is_paid_at_its_standard_in_the_monthly_batch(client, community):
    r = disabled(household_with_members(community, 1), 1)
    EnrollmentFactory(program=program("disability_care"), resident=r, persons_covered=1)
    client.force_login(civil_affairs_officer())
    client.post(
        reverse("welfare:batch_generate"),
        {"program": program("disability_care").pk, "month": "2026-03"},
    )
    assert Disbursement.objects.get().amount == Decimal("100.00")


def test_the_proposal_list_exports_to_excel(client, community):
    disabled(household_with_members(community, 1), 2)
    client.force_login(staff_of(community))
    response = client.get(URL, {"program": "disability_care", "export": "xlsx"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def _many(community, count):
    households = Household.objects.bulk_create(
        [Household(community=community, address=f"幸福路{i}号") for i in range(count)]
    )
    rows = []
    for h in households:
        r = Resident(
            id_number=next_id_number(),
            name="张建国",
            community=community,
            household=h,
            is_disabled=True,
            disability_category="physical",
            disability_grade=1,
        )
        r.fill_derived()
        rows.append(r)
    Resident.objects.bulk_create(rows)


@pytest.mark.parametrize("code", ["disability_care", "disability_living"])
def test_the_proposal_page_costs_the_same_queries_at_two_sizes(client, community, code):
    client.force_login(staff_of(community))
    counts = []
    for size in (3, 80):
        _many(community, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"program": code}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
