import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.factories import (
    DisbursementFactory,
    EnrollmentFactory,
    UserFactory,
    household_with_members,
    program,
)
from welfare import services
from welfare.models import BatchLocked, Disbursement, DisbursementBatch, Enrollment

MARCH = datetime.date(2026, 3, 1)


def generate(client, code="dibao_urban", month="2026-03"):
    return client.post(
        reverse("welfare:batch_generate"), {"program": program(code).pk, "month": month}
    )


def batch_step(client, batch, action, **data):
    return client.post(reverse("welfare:batch_step", args=[batch.pk]), {"action": action, **data})


@pytest.fixture
def enrollments(ehe, shenhu):
    return [EnrollmentFactory(resident=household_with_members(c, 2).head) for c in (ehe, shenhu)]


@pytest.mark.django_db
def test_generating_a_month_twice_never_duplicates(officer_client, enrollments):
    generate(officer_client)
    generate(officer_client)
    batch = DisbursementBatch.objects.get()
    assert batch.disbursements.count() == 2
    # (680 − 200) × 2 persons = 960 yuan each
    assert {d.amount for d in batch.disbursements.all()} == {Decimal("960")}
    assert {d.persons for d in batch.disbursements.all()} == {2}


@pytest.mark.django_db
def test_regenerating_a_draft_brings_it_up_to_date(officer_client, officer, enrollments, ehe):
    generate(officer_client)
    first, second = enrollments
    Enrollment.objects.filter(pk=first.pk).update(monthly_income_per_capita=Decimal("300"))
    services.enrollment_terminate(
        user=officer, enrollment=second, reason="收入超标", last_month=datetime.date(2026, 2, 1)
    )
    newcomer = EnrollmentFactory(resident=household_with_members(ehe, 1).head, persons_covered=1)
    generate(officer_client)
    rows = {d.resident_id: d.amount for d in Disbursement.objects.all()}
    assert rows == {first.resident_id: Decimal("760"), newcomer.resident_id: Decimal("480")}


@pytest.mark.django_db
def test_review_and_lock_and_a_cash_batch_is_not_marked_paid_at_once(
    officer_client, second_officer_client, enrollments
):
    generate(officer_client)
    batch = DisbursementBatch.objects.get()
    batch_step(officer_client, batch, "review")
    officer_client.post(reverse("welfare:batch_changes_confirm", args=[batch.pk]))
    # Four eyes: the officer who generated the batch does not lock it; a second one does.
    batch_step(second_officer_client, batch, "lock")
    batch.refresh_from_db()
    assert batch.status == "locked" and batch.locked_by is not None
    # Cash is reconciled per payment from the bank's return (test_bank_reconciliation.py).
    response = batch_step(officer_client, batch, "paid", paid_on="2026-03-20")
    batch.refresh_from_db()
    assert batch.status == "locked" and batch.paid_on is None
    with translation.override("zh-hans"):
        refusal = gettext(
            "Cash payments are marked paid one by one from the bank's return file; "
            "import it on the bank returns page."
        )
    assert escape(refusal) in officer_client.get(response["Location"]).content.decode()


@pytest.fixture
def locked_batch(officer, second_officer, enrollments):
    batch = services.batch_generate(user=officer, program=program("dibao_urban"), period=MARCH)
    services.batch_review(user=officer, batch=batch)
    services.change_list_confirm(user=officer, batch=batch, counts={})
    return services.batch_lock(user=second_officer, batch=batch)


@pytest.mark.django_db
def test_a_locked_batch_refuses_changes_from_the_page(officer_client, locked_batch):
    before = list(locked_batch.disbursements.values_list("pk", "amount"))
    batch_step(officer_client, locked_batch, "regenerate")
    batch_step(officer_client, locked_batch, "reopen")
    generate(officer_client)
    locked_batch.refresh_from_db()
    assert locked_batch.status == "locked"
    assert list(locked_batch.disbursements.values_list("pk", "amount")) == before
    page = officer_client.get(locked_batch.get_absolute_url()).content.decode()
    assert "已锁定" in page


@pytest.mark.django_db
def test_a_locked_batch_refuses_changes_from_the_admin(client, locked_batch):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    row = locked_batch.disbursements.first()
    url = reverse("admin:welfare_disbursement_change", args=[row.pk])
    response = client.post(url, {"amount": "1"})
    assert response.status_code == 403
    delete = reverse("admin:welfare_disbursementbatch_delete", args=[locked_batch.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert row.amount == Decimal("960")


@pytest.mark.django_db
def test_a_locked_batch_refuses_changes_from_code(locked_batch):
    row = locked_batch.disbursements.first()
    row.amount = Decimal("1")
    with pytest.raises(BatchLocked):
        row.save()
    with pytest.raises(BatchLocked):
        row.delete()
    with pytest.raises(BatchLocked):
        Disbursement.objects.filter(batch=locked_batch).update(amount=0)
    with pytest.raises(BatchLocked):
        Disbursement.objects.filter(batch=locked_batch).delete()
    with pytest.raises(BatchLocked):
        DisbursementFactory(batch=locked_batch)
    locked_batch.note = "改一下"
    with pytest.raises(BatchLocked):
        locked_batch.save()
    assert Disbursement.objects.get(pk=row.pk).amount == Decimal("960")


@pytest.mark.django_db
def test_a_double_payment_is_refused_by_the_database(enrollments):
    row = DisbursementFactory(resident=enrollments[0].resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisbursementFactory(batch=row.batch, resident=row.resident)


@pytest.mark.django_db
def test_a_correction_is_a_new_entry_reflected_in_totals(officer_client, locked_batch, settings):
    row = locked_batch.disbursements.first()
    response = officer_client.post(
        reverse("welfare:disbursement_correct", args=[row.pk]),
        {"amount": "-160.00", "reason": "收入核减后多发"},
    )
    assert response.status_code == 302
    correction = Disbursement.objects.get(corrects=row)
    assert correction.amount == Decimal("-160.00")
    assert correction.batch != locked_batch and not correction.batch.is_frozen
    from burqin.periods import Period
    from communities.models import Community
    from welfare.summary import section

    month = Period.month(correction.batch.period)
    figures = {p["program"]: p for p in section(month, Community.objects.all())["programs"]}
    assert figures["dibao_urban"]["amount"] == Decimal("-160.00")
    assert figures["dibao_urban"]["payments"] == 0  # a correction is not a payment
    page = officer_client.get(correction.batch.get_absolute_url()).content.decode()
    assert "收入核减后多发" in page


@pytest.mark.django_db
def test_a_correction_cannot_make_a_payment_negative(officer_client, locked_batch):
    row = locked_batch.disbursements.first()
    officer_client.post(
        reverse("welfare:disbursement_correct", args=[row.pk]),
        {"amount": "-1000.00", "reason": "错误"},
    )
    assert not Disbursement.objects.filter(corrects=row).exists()


@pytest.mark.django_db
def test_in_kind_distribution_records_quantity_and_signature(officer_client, staff_client, ehe):
    flour = program("flour")
    enrollment = EnrollmentFactory(program=flour, resident=household_with_members(ehe, 3).head)
    generate(officer_client, code="flour")
    row = Disbursement.objects.get(enrollment=enrollment)
    assert row.quantity == Decimal("2") and row.amount == 0
    staff_client.post(reverse("welfare:disbursement_signed", args=[row.pk]), {"signed": "1"})
    row.refresh_from_db()
    assert row.signed


@pytest.mark.django_db
def test_bank_list_export(officer_client, locked_batch):
    response = officer_client.get(locked_batch.get_absolute_url(), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "代发清单" in response["Content-Disposition"]
        or "%E4%BB%A3" in response["Content-Disposition"]
    )


@pytest.mark.django_db
def test_staff_see_only_their_communitys_rows_of_a_batch(staff_client, locked_batch, ehe):
    response = staff_client.get(locked_batch.get_absolute_url())
    assert {d.community_id for d in response.context["page"]} == {ehe.pk}
    assert response.context["totals"]["payments"] == 1
    assert batch_step(staff_client, locked_batch, "lock").status_code == 403


@pytest.mark.django_db
def test_the_batch_list_keeps_a_locked_batchs_figures_and_reads_the_open_ones(
    officer_client, staff_client, locked_batch, officer
):
    """A locked batch cannot change, so the list reads its figures once per scope; an open
    batch is read each time and shows its changes."""
    url = reverse("welfare:batch_list")
    first = officer_client.get(url).context["figures"][locked_batch.pk]
    assert first["payments"] == 2 and first["amount"] == Decimal("1920")
    april = services.batch_generate(
        user=officer, program=program("dibao_urban"), period=MARCH.replace(month=4)
    )
    again = officer_client.get(url).context["figures"]
    assert again[locked_batch.pk] == first  # from the cache
    assert again[april.pk]["payments"] == 2
    # a correction goes into the open batch, which is read again
    row = locked_batch.disbursements.first()
    services.disbursement_correct(
        user=officer,
        original=row,
        amount=Decimal("-160"),
        quantity=None,
        reason="核减",
        today=datetime.date(2026, 4, 10),
    )
    figures = officer_client.get(url).context["figures"]
    assert figures[april.pk]["amount"] == Decimal("1920") - Decimal("160")
    assert figures[locked_batch.pk] == first
    # a community's staff have their own figures, not the town's
    theirs = staff_client.get(url).context["figures"][locked_batch.pk]
    assert theirs["payments"] == 1 and theirs["amount"] == Decimal("960")


@pytest.mark.django_db
def test_a_paid_batch_without_a_lock_time_is_kept_too(officer_client, locked_batch):
    """Months loaded from the ledgers are recorded as paid without a lock here: their figures
    are kept like a locked batch's, not summed again on every visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DisbursementBatch.objects.filter(pk=locked_batch.pk).update(status="paid", locked_at=None)
    url = reverse("welfare:batch_list")
    first = officer_client.get(url).context["figures"][locked_batch.pk]
    with CaptureQueriesContext(connection) as captured:
        again = officer_client.get(url).context["figures"][locked_batch.pk]
    assert again == first and first["payments"] == 2
    summed = [
        q["sql"] for q in captured if 'GROUP BY "welfare_disbursement"."batch_id"' in q["sql"]
    ]
    assert not summed
