"""The monthly 增减 list: what changed against the previous batch, confirmed before the lock."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.factories import (
    DisbursementFactory,
    EnrollmentFactory,
    household_with_members,
    program,
)
from welfare import services
from welfare.models import DisbursementBatch, Enrollment, Standard

MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
NEXT_YEAR = datetime.date(2027, 1, 1)


def generate(client, month):
    return client.post(
        reverse("welfare:batch_generate"), {"program": program().pk, "month": f"{month:%Y-%m}"}
    )


def step(client, batch, action):
    return client.post(reverse("welfare:batch_step", args=[batch.pk]), {"action": action})


def confirm(client, batch, opinion=""):
    return client.post(
        reverse("welfare:batch_changes_confirm", args=[batch.pk]), {"opinion": opinion}
    )


def changes_of(client, batch):
    response = client.get(reverse("welfare:batch_changes", args=[batch.pk]))
    assert response.status_code == 200
    return response, response.context["changes"]


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def enroll(community, started_on=MARCH, persons=2):
    head = household_with_members(community, persons).head
    return EnrollmentFactory(
        resident=head, persons_covered=persons, started_on=started_on, review_due_on=NEXT_YEAR
    )


@pytest.fixture
def two_months(second_officer_client, officer_client, ehe):
    """March locked with three households; then one dies, one moves out, a fourth is approved
    from April and the 低保 standard rises from 680 to 700 yuan."""
    dies, moves, stays = enroll(ehe), enroll(ehe), enroll(ehe)
    generate(officer_client, MARCH)
    march = DisbursementBatch.objects.get(period=MARCH)
    step(officer_client, march, "review")
    confirm(officer_client, march)
    step(second_officer_client, march, "lock")
    march.refresh_from_db()
    assert march.status == "locked"

    dies.resident.deceased_on = datetime.date(2026, 3, 18)
    dies.resident.save()
    moves.resident.moved_out_on = datetime.date(2026, 3, 25)
    moves.resident.save()
    newcomer = enroll(ehe, started_on=APRIL, persons=1)
    Standard.objects.create(program=program(), effective_from=APRIL, amount=Decimal("700"))
    generate(officer_client, APRIL)
    april = DisbursementBatch.objects.get(period=APRIL)
    return {"dies": dies, "moves": moves, "stays": stays, "new": newcomer, "april": april}


@pytest.mark.django_db
def test_the_second_months_list_shows_the_death_the_move_the_newcomer_and_the_new_standard(
    officer_client, two_months
):
    response, changes = changes_of(officer_client, two_months["april"])
    assert [i["row"].resident_id for i in changes["added"]] == [two_months["new"].resident_id]
    # (700 − 200) × 1 person
    assert changes["added"][0]["row"].amount == Decimal("500")
    stopped = {i["row"].resident_id: (i["reason"], i["note"]) for i in changes["stopped"]}
    assert stopped == {
        two_months["dies"].resident_id: (Enrollment.StopReason.DECEASED.label, "2026年3月18日"),
        two_months["moves"].resident_id: (Enrollment.StopReason.MOVED_OUT.label, "2026年3月25日"),
    }
    [adjusted] = changes["adjusted"]
    assert adjusted["row"].resident_id == two_months["stays"].resident_id
    # (680 − 200) × 2 → (700 − 200) × 2
    assert (adjusted["old"].amount, adjusted["row"].amount) == (Decimal("960"), Decimal("1000"))
    assert adjusted["reasons"] == [
        _("Standard changed (%(old)s → %(new)s)") % {"old": "680.00", "new": "700.00"}
    ]
    assert changes["resumed"] == [] and changes["flagged"] == []
    assert changes["counts"] == {
        "added": 1,
        "stopped": 2,
        "adjusted": 1,
        "resumed": 0,
        "flagged": 0,
    }
    page = response.content.decode()
    assert two_months["dies"].resident.name in page and "960.00" in page and "1,000.00" in page


@pytest.mark.django_db
def test_a_batch_cannot_be_locked_before_its_list_is_confirmed(
    second_officer_client, officer_client, two_months
):
    april = two_months["april"]
    step(officer_client, april, "review")
    response = step(second_officer_client, april, "lock")
    april.refresh_from_db()
    assert april.status == "reviewed"
    assert _("Confirm the batch's list of changes (增减名单) before locking it.") in message_texts(
        response
    )
    confirm(officer_client, april, opinion="已核对")
    step(second_officer_client, april, "lock")
    april.refresh_from_db()
    assert april.status == "locked"
    confirmation = april.change_confirmations.get()
    assert confirmation.confirmed_by.username == "minzheng_test"
    assert (confirmation.added, confirmation.stopped, confirmation.adjusted) == (1, 2, 1)
    assert confirmation.opinion == "已核对"


@pytest.mark.django_db
def test_a_change_to_the_batch_after_confirmation_invalidates_it(
    second_officer_client, officer_client, two_months
):
    april, stays = two_months["april"], two_months["stays"]
    confirm(officer_client, april)
    Enrollment.objects.filter(pk=stays.pk).update(monthly_income_per_capita=Decimal("300"))
    step(officer_client, april, "regenerate")
    step(officer_client, april, "review")
    response = step(second_officer_client, april, "lock")
    april.refresh_from_db()
    assert april.status == "reviewed"
    refusal = _(
        "The batch changed after its list of changes was confirmed on %(at)s; "
        "check and confirm the list again before locking."
    )
    assert message_texts(response)[-1].startswith(refusal.split("%(at)s")[0])
    page = officer_client.get(reverse("welfare:batch_changes", args=[april.pk]))
    assert page.context["confirmation"] is not None and not page.context["confirmation_valid"]
    confirm(officer_client, april)
    step(second_officer_client, april, "lock")
    april.refresh_from_db()
    assert april.status == "locked"


@pytest.mark.django_db
def test_regenerating_without_a_change_keeps_the_confirmation(
    second_officer_client, officer_client, two_months
):
    april = two_months["april"]
    confirm(officer_client, april)
    step(officer_client, april, "regenerate")
    step(officer_client, april, "review")
    step(second_officer_client, april, "lock")
    april.refresh_from_db()
    assert april.status == "locked"


@pytest.mark.django_db
def test_a_death_before_the_month_leaves_the_next_batch(officer_client, two_months):
    paid = set(two_months["april"].disbursements.values_list("resident_id", flat=True))
    assert two_months["dies"].resident_id not in paid
    assert two_months["moves"].resident_id not in paid
    # Still active: the enrollment checks ask the officer to terminate it.
    checks = officer_client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert two_months["dies"] in checks["gone"]


@pytest.mark.django_db
def test_a_death_in_the_month_and_an_overdue_review_are_proposed_stops(officer_client, ehe):
    died = enroll(ehe)
    late = enroll(ehe)
    Enrollment.objects.filter(pk=late.pk).update(review_due_on=datetime.date(2026, 2, 20))
    died.resident.deceased_on = datetime.date(2026, 3, 5)
    died.resident.save()
    generate(officer_client, MARCH)
    _response, changes = changes_of(officer_client, DisbursementBatch.objects.get())
    reasons = {i["row"].resident_id: i["reason"] for i in changes["flagged"]}
    assert reasons == {
        died.resident_id: _("Died on %(date)s") % {"date": "2026年3月5日"},
        late.resident_id: _("Annual review overdue since %(date)s") % {"date": "2026年2月20日"},
    }


@pytest.mark.django_db
def test_stop_reasons_come_from_the_enrollment_and_a_gap_reads_as_resumed(
    officer, officer_client, ehe
):
    above, back = enroll(ehe), enroll(ehe)
    january = datetime.date(2026, 1, 1)
    DisbursementFactory(
        batch=DisbursementBatch.objects.create(program=program(), period=january),
        resident=back.resident,
    )
    generate(officer_client, MARCH)
    march = DisbursementBatch.objects.get(period=MARCH)
    march.disbursements.filter(resident=back.resident).delete()
    services.enrollment_terminate(
        user=officer,
        enrollment=above,
        reason="子女就业，收入超标",
        last_month=MARCH,
        stop_reason=Enrollment.StopReason.INCOME_ABOVE,
    )
    generate(officer_client, APRIL)
    _response, changes = changes_of(officer_client, DisbursementBatch.objects.get(period=APRIL))
    [stopped] = changes["stopped"]
    assert stopped["reason"] == Enrollment.StopReason.INCOME_ABOVE.label
    assert stopped["note"] == "子女就业，收入超标"
    assert [i["row"].resident_id for i in changes["resumed"]] == [back.resident_id]


@pytest.mark.django_db
def test_staff_see_their_communitys_changes_only(staff_client, officer_client, ehe, shenhu):
    ours, theirs = enroll(ehe), enroll(shenhu)
    generate(officer_client, MARCH)
    batch = DisbursementBatch.objects.get()
    _response, changes = changes_of(staff_client, batch)
    assert [i["row"].resident_id for i in changes["added"]] == [ours.resident_id]
    assert theirs.resident.name not in _response.content.decode()
    # Staff cannot confirm the town's list.
    assert confirm(staff_client, batch).status_code == 403


@pytest.mark.django_db
def test_the_list_exports_to_excel_and_prints_without_inline_styles(officer_client, two_months):
    url = reverse("welfare:batch_changes", args=[two_months["april"].pk])
    response = officer_client.get(url + "?export=xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    names = {row[2] for row in rows[1:]}
    assert two_months["new"].resident.name in names and two_months["dies"].resident.name in names
    page = officer_client.get(url).content.decode()
    assert "change-list-print.css" in page and "data-print" in page and "style=" not in page


def add_month_pair(ehe, count):
    """``count`` households paid in March and April, a quarter of them stopped in April."""
    march = DisbursementBatch.objects.get_or_create(program=program(), period=MARCH)[0]
    april = DisbursementBatch.objects.get_or_create(program=program(), period=APRIL)[0]
    for i in range(count):
        enrollment = enroll(ehe)
        DisbursementFactory(batch=march, resident=enrollment.resident, enrollment=enrollment)
        if i % 4:
            DisbursementFactory(
                batch=april,
                resident=enrollment.resident,
                enrollment=enrollment,
                amount=Decimal("960") + i % 3,
            )
    return april


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_change_list_query_count_is_the_same_at_10_and_60_households(officer_client, ehe):
    april = add_month_pair(ehe, 10)
    url = reverse("welfare:batch_changes", args=[april.pk])
    small = count_queries(officer_client, url)
    add_month_pair(ehe, 50)
    # session, user, profile, groups, batch, previous batch, this batch's rows, the previous
    # batch's rows, standards, latest confirmation (+ permissions on the page)
    assert count_queries(officer_client, url) == small
    assert count_queries(officer_client, url + "?export=xlsx") <= small


@pytest.mark.django_db
def test_a_first_batch_lists_everyone_as_new_reading_the_batch_not_its_ids(officer_client, ehe):
    """When most rows changed (here all: the program's first batch), the batch is read whole
    rather than by thousands of ids sent back to the database."""
    enrollments = [enroll(ehe) for _ in range(4)]
    generate(officer_client, MARCH)
    march = DisbursementBatch.objects.get(period=MARCH)
    with CaptureQueriesContext(connection) as context:
        _, changes = changes_of(officer_client, march)
    added = {change["row"].resident_id for change in changes["added"]}
    assert added == {e.resident_id for e in enrollments}
    assert changes["counts"]["added"] == 4 and not changes["stopped"]
    assert not any('"welfare_disbursement"."id" IN' in q["sql"] for q in context.captured_queries)


@pytest.mark.django_db
def test_a_month_with_few_changes_reads_only_the_changed_rows(officer_client, ehe):
    march = DisbursementBatch.objects.create(program=program(), period=MARCH)
    april = DisbursementBatch.objects.create(program=program(), period=APRIL)
    for i in range(8):
        enrollment = enroll(ehe)
        for batch, amount in ((march, "960"), (april, "990" if i == 0 else "960")):
            DisbursementFactory(
                batch=batch,
                resident=enrollment.resident,
                enrollment=enrollment,
                amount=Decimal(amount),
            )
    with CaptureQueriesContext(connection) as context:
        _, changes = changes_of(officer_client, april)
    assert changes["counts"] == {
        "added": 0,
        "stopped": 0,
        "adjusted": 1,
        "resumed": 0,
        "flagged": 0,
    }
    assert any('"welfare_disbursement"."id" IN' in q["sql"] for q in context.captured_queries)
