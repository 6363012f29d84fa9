"""Bank reconciliation per payment (issue 16, part 7): the 代发清单 with a reference per line,
the bank's return file (upload page and ``import_bank_returns``, one code path, all or nothing),
failed payments re-issued in the next month's batch or paid in cash against a signature, and a
batch that is open, partly paid or paid with totals that reconcile with the bank's."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from burqin.periods import Period
from burqin.spreadsheets import build_workbook
from tests.factories import (
    EnrollmentFactory,
    civil_affairs_officer,
    household_with_members,
    program,
)
from tests.test_upload_bombs import bomb_xlsx
from welfare import services, summary
from welfare.models import Disbursement, DisbursementBatch

MARCH = datetime.date(2026, 3, 1)
APRIL = datetime.date(2026, 4, 1)
ACCOUNTS = {"ehe": "6228480012345678903", "shenhu": "6228480098765432103"}
HEADERS = ["参考号", "账号", "户名", "金额", "结果", "原因"]


def zh(msgid: str) -> str:
    """The message as a user reads it, up to its first placeholder. ``msgid`` may be the start
    of a longer message: the catalogue's one message that begins with it is used."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
        if text == msgid:
            catalogue = translation.trans_real.translation("zh-hans")._catalog
            found = [v for k, v in catalogue.items() if isinstance(k, str) and k.startswith(msgid)]
            if len(found) == 1:
                text = found[0]
        return text.split("%(")[0]


@pytest.fixture
def enrollments(ehe, shenhu):
    return {
        c.code: EnrollmentFactory(
            resident=household_with_members(c, 2).head,
            bank_name="中国农业银行",
            bank_account=ACCOUNTS[c.code],
        )
        for c in (ehe, shenhu)
    }


@pytest.fixture
def locker(db):
    """A second officer: the one who generated a batch does not lock it (four eyes)."""
    return civil_affairs_officer(username="minzheng_lock")


def send(officer, locker, month):
    """Generate, review and lock a month's 低保 batch: its list goes to the bank."""
    batch = services.batch_generate(user=officer, program=program("dibao_urban"), period=month)
    services.batch_review(user=officer, batch=batch)
    services.change_list_confirm(user=officer, batch=batch, counts={})
    return services.batch_lock(user=locker, batch=batch)


@pytest.fixture
def march(officer, locker, enrollments):
    return send(officer, locker, MARCH)


def payment(enrollment, month=MARCH) -> Disbursement:
    return Disbursement.objects.get(
        resident=enrollment.resident, period=month, reissue_of__isnull=True
    )


def return_file(*rows, headers=HEADERS) -> bytes:
    return build_workbook("回盘", headers, [list(r) for r in rows])


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("回盘.xlsx", content)


def post_returns(client, content: bytes):
    return client.post(reverse("welfare:bank_return_import"), {"file": upload(content)})


def errors_of(response) -> list[tuple[int, str, str]]:
    result = response.context["result"]
    return [(e.row, e.column, e.message) for e in result.errors]


def snapshot():
    """Everything the import could write: payments, batches and their history."""
    return (
        list(
            Disbursement.objects.order_by("pk").values_list(
                "pk", "payment_status", "failure_reason", "settled_on", "reconciled_by"
            )
        ),
        list(DisbursementBatch.objects.order_by("pk").values_list("pk", "status", "paid_on")),
        Disbursement.history.count(),
        DisbursementBatch.history.count(),
    )


# The 代发清单 -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bank_list_has_a_reference_per_line_and_a_total_row(officer_client, march, enrollments):
    response = officer_client.get(march.get_absolute_url(), {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    ).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    with translation.override("zh-hans"):
        assert [header[i] for i in (1, 2, 3, 4)] == [
            gettext("Reference"),
            gettext("Bank account"),
            gettext("Account holder"),
            gettext("Amount (yuan)"),
        ]
    references = {d.reference for d in march.disbursements.all()}
    assert {line[1] for line in lines} == references and len(lines) == 2
    assert {line[2] for line in lines} == set(ACCOUNTS.values())
    assert {line[3] for line in lines} == {e.resident.name for e in enrollments.values()}
    assert [line[4] for line in lines] == [960, 960]
    assert total[4] == 1920 and zh("Total (%(count)d payments)") in total[3]


@pytest.mark.django_db
def test_each_payment_keeps_its_reference_when_the_draft_is_regenerated(officer, enrollments):
    batch = services.batch_generate(user=officer, program=program("dibao_urban"), period=MARCH)
    before = dict(batch.disbursements.values_list("pk", "reference"))
    services.batch_generate(user=officer, program=program("dibao_urban"), period=MARCH)
    assert dict(batch.disbursements.values_list("pk", "reference")) == before
    assert all(len(reference) == 10 for reference in before.values())


# The happy return file, a re-issue, a cash payment -----------------------------------------


@pytest.mark.django_db
def test_the_return_file_marks_each_payment_paid_or_failed(officer_client, march, enrollments):
    ehe, shenhu = payment(enrollments["ehe"]), payment(enrollments["shenhu"])
    content = return_file(
        [ehe.reference, "", "", "960.00", "成功", ""],
        # No reference: found by the account.
        ["", ACCOUNTS["shenhu"], "", 960, "失败", "账户已销户"],
    )
    response = post_returns(officer_client, content)
    assert response.status_code == 302
    ehe.refresh_from_db()
    shenhu.refresh_from_db()
    assert (ehe.payment_status, ehe.settled_on) == ("paid", datetime.date.today())
    assert (shenhu.payment_status, shenhu.failure_reason) == ("failed", "账户已销户")
    assert ehe.reconciled_by.username == "minzheng_test"
    assert ehe.history.first().history_user.username == "minzheng_test"
    march.refresh_from_db()
    assert march.status == "partly_paid"
    page = officer_client.get(march.get_absolute_url())
    figures = page.context["reconciliation"]
    assert (figures["sent_amount"], figures["paid_amount"], figures["failed_amount"]) == (
        Decimal("1920"),
        Decimal("960"),
        Decimal("960"),
    )
    assert figures["reconciles"] and figures["open_failed_count"] == 1
    html = page.content.decode()
    assert "账户已销户" in html
    assert reverse("welfare:disbursement_cash", args=[shenhu.pk]) in html


@pytest.mark.django_db
def test_a_failed_line_is_reissued_in_next_months_batch(
    officer, locker, officer_client, march, enrollments
):
    ehe, shenhu = payment(enrollments["ehe"]), payment(enrollments["shenhu"])
    post_returns(
        officer_client,
        return_file(
            [ehe.reference, "", "", "960", "成功", ""],
            [shenhu.reference, "", "", "960", "失败", "户名与账号不符"],
        ),
    )
    april = send(officer, locker, APRIL)

    reissue = april.disbursements.get(reissue_of__isnull=False)
    assert reissue.reissue_of == shenhu and reissue.source == "reissue"
    assert (reissue.resident_id, reissue.amount, reissue.persons) == (
        shenhu.resident_id,
        Decimal("960"),
        0,
    )
    # April's own payments are all there too: two regular rows and the re-issue.
    assert april.disbursements.filter(reissue_of__isnull=True).count() == 2
    shenhu.refresh_from_db()
    march.refresh_from_db()
    assert shenhu.payment_status == "reissued"
    assert march.status == "paid" and march.paid_on == datetime.date.today()
    march_figures = officer_client.get(march.get_absolute_url()).context["reconciliation"]
    assert (
        march_figures["sent_amount"]
        == march_figures["paid_amount"] + march_figures["failed_amount"]
    )
    assert march_figures["reissued_amount"] == Decimal("960")

    # The re-issue is on April's bank list under its own reference, and the bank pays it.
    bank_list = officer_client.get(april.get_absolute_url(), {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(bank_list.streaming_content)), read_only=True
    ).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert reissue.reference in {r[1] for r in rows[1:-1]} and rows[-1][4] == 2880
    lines = [[d.reference, "", "", str(d.amount), "成功", ""] for d in april.disbursements.all()]
    post_returns(officer_client, return_file(*lines))
    april.refresh_from_db()
    april_figures = officer_client.get(april.get_absolute_url()).context["reconciliation"]
    assert april.status == "paid" and april_figures["paid_amount"] == Decimal("2880")

    # Reports count the payment once, in the month it was due.
    section = summary.section(
        Period.parse("2026-04"), [enrollments["ehe"].community, enrollments["shenhu"].community]
    )
    dibao = next(p for p in section["programs"] if p["program"] == "dibao_urban")
    assert (dibao["payments"], dibao["amount"], dibao["person_times"]) == (2, Decimal("1920"), 4)


@pytest.mark.django_db
def test_a_failed_payment_paid_in_cash_with_a_signature_is_not_reissued(
    officer, locker, officer_client, march, enrollments
):
    ehe, shenhu = payment(enrollments["ehe"]), payment(enrollments["shenhu"])
    post_returns(
        officer_client,
        return_file(
            [ehe.reference, "", "", "960", "成功", ""],
            [shenhu.reference, "", "", "960", "失败", "账户冻结"],
        ),
    )
    url = reverse("welfare:disbursement_cash", args=[shenhu.pk])
    assert officer_client.get(url).status_code == 200
    refused = officer_client.post(url, {"paid_on": "2026-03-25", "note": "现金"})
    assert refused.status_code == 200
    shenhu.refresh_from_db()
    assert shenhu.payment_status == "failed"

    response = officer_client.post(
        url, {"paid_on": "2026-03-25", "signed": "on", "note": "收据 12"}
    )
    assert response.status_code == 302
    shenhu.refresh_from_db()
    assert (shenhu.payment_status, shenhu.cash_signed, str(shenhu.settled_on)) == (
        "paid_in_cash",
        True,
        "2026-03-25",
    )
    assert shenhu.reconciled_by.username == "minzheng_test" and shenhu.payment_note == "收据 12"
    assert shenhu.history.first().history_user.username == "minzheng_test"
    march.refresh_from_db()
    assert march.status == "paid"
    april = send(officer, locker, APRIL)
    assert not april.disbursements.filter(reissue_of__isnull=False).exists()
    # Paid once: a second cash payment is refused.
    officer_client.post(url, {"paid_on": "2026-03-26", "signed": "on"})
    shenhu.refresh_from_db()
    assert str(shenhu.settled_on) == "2026-03-25"


@pytest.mark.django_db
def test_a_failed_payment_is_reissued_once_and_a_reissue_is_no_double_payment(march, enrollments):
    failed = payment(enrollments["ehe"])
    services.payments_reconcile(user=None, outcomes=[(failed.pk, False, "销户")], settled_on=MARCH)
    april = DisbursementBatch.objects.create(program=failed.program, period=APRIL)
    fields = {
        "batch": april,
        "program": failed.program,
        "period": APRIL,
        "community_id": failed.community_id,
        "resident_id": failed.resident_id,
        "amount": failed.amount,
    }
    Disbursement.objects.create(**fields)  # April's own payment
    Disbursement.objects.create(**fields, reissue_of=failed, persons=0)  # and the re-issue
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(**fields, reissue_of=failed, persons=0)


@pytest.mark.django_db
def test_a_cash_batch_can_no_longer_be_marked_paid_at_once(officer, march):
    with pytest.raises(services.TransitionError):
        services.batch_mark_paid(user=officer, batch=march, paid_on=MARCH)
    march.refresh_from_db()
    assert march.status == "locked"


# Bad input: row errors, nothing written ----------------------------------------------------


@pytest.mark.django_db
def test_unknown_reference_duplicate_line_and_wrong_amount_give_row_errors_and_write_nothing(
    officer_client, march, enrollments
):
    ehe, shenhu = payment(enrollments["ehe"]), payment(enrollments["shenhu"])
    before = snapshot()
    content = return_file(
        [ehe.reference, "", "", "960", "成功", ""],  # row 2: fine on its own
        ["ZZZZZZZZZZ", "", "", "960", "成功", ""],  # row 3: unknown reference
        [ehe.reference, "", "", "960", "成功", ""],  # row 4: the same payment again
        [shenhu.reference, "", "", "906.00", "失败", "销户"],  # row 5: amount differs
    )
    response = post_returns(officer_client, content)
    assert response.status_code == 200
    errors = errors_of(response)
    assert [(row, column) for row, column, _m in errors] == [
        (3, "参考号"),
        (4, "参考号"),
        (5, "金额"),
    ]
    assert errors[0][2].startswith(zh("No payment has the reference “%(ref)s”."))
    assert "ZZZZZZZZZZ" in errors[0][2]
    assert errors[1][2].startswith(zh("The same payment is already on row %(row)d."))
    assert errors[2][2].startswith(zh("The amount %(amount)s differs from the payment's"))
    assert "906.00" in errors[2][2] and "960" in errors[2][2]
    html = response.content.decode()
    assert zh("No payment has the reference “%(ref)s”.") in html
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case, column, message",
    [
        ("bad_result", "结果", "The result must be “成功” or “失败”, not “%(value)s”."),
        ("no_reason", "原因", "Give the bank's reason for a failed payment."),
        ("bad_amount", "金额", "“%(value)s” is not an amount in yuan with at most two decimals."),
        ("unknown_account", "账号", "No payment waiting for the bank's return goes to the account"),
        ("account_of_another", "账号", "The account “%(account)s” is not the account of payment"),
        ("already_reconciled", "参考号", "The payment to %(name)s was already reconciled"),
        ("not_locked", "参考号", "The batch %(batch)s is not locked"),
        ("several_by_account", "账号", "The account “%(account)s” has %(count)d payments waiting"),
        (
            "nothing_to_find",
            "参考号",
            "Give the payment's reference (参考号) or its account (账号).",
        ),
    ],
)
def test_each_bad_line_names_its_row_column_and_problem(
    officer, officer_client, march, enrollments, case, column, message
):
    ehe = payment(enrollments["ehe"])
    line = [ehe.reference, "", "", "960", "成功", ""]
    if case == "bad_result":
        line[4] = "已退回"
    elif case == "no_reason":
        line[4] = "失败"
    elif case == "bad_amount":
        line[3] = "九百六"
    elif case == "unknown_account":
        line[:2] = ["", "6228000000000000000"]
    elif case == "account_of_another":
        line[1] = ACCOUNTS["shenhu"]
    elif case == "already_reconciled":
        services.payments_reconcile(user=officer, outcomes=[(ehe.pk, True, "")], settled_on=MARCH)
    elif case == "not_locked":
        draft = services.batch_generate(user=officer, program=program("dibao_urban"), period=APRIL)
        line[0] = draft.disbursements.first().reference
    elif case == "several_by_account":
        send(officer, civil_affairs_officer(username="minzheng_2"), APRIL)
        line[:2] = ["", ACCOUNTS["ehe"]]
    elif case == "nothing_to_find":
        line[:2] = ["", ""]
    before = snapshot()
    errors = errors_of(post_returns(officer_client, return_file(line)))
    assert len(errors) == 1, errors
    row, found_column, found_message = errors[0]
    assert (row, found_column) == (2, column)
    assert found_message.startswith(zh(message)), found_message
    assert snapshot() == before


@pytest.mark.django_db
def test_a_malformed_file_or_a_bomb_is_refused_and_writes_nothing(officer_client, march):
    before = snapshot()
    for content in (b"PK\x03\x04 not a workbook", bomb_xlsx(120)):
        response = post_returns(officer_client, content)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    no_reference = return_file(["960", "成功"], headers=["金额", "结果"])
    response = post_returns(officer_client, no_reference)
    assert zh("The header row needs a “参考号” (reference) or a “账号” (account) column.") in (
        response.content.decode()
    )
    assert snapshot() == before


# The command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_reconciles_and_prints_the_counts(march, enrollments, tmp_path, capsys):
    ehe, shenhu = payment(enrollments["ehe"]), payment(enrollments["shenhu"])
    path = tmp_path / "回盘.xlsx"
    path.write_bytes(
        return_file(
            [ehe.reference, "", "", "960", "成功", ""],
            [shenhu.reference, "", "", "960", "失败", "账户冻结"],
        )
    )
    call_command("import_bank_returns", str(path))
    out = capsys.readouterr().out
    assert "1" in out and "960" in out
    assert set(Disbursement.objects.values_list("payment_status", flat=True)) == {"paid", "failed"}


@pytest.mark.django_db
def test_the_command_fails_with_row_errors_on_stderr_and_writes_nothing(
    march, enrollments, tmp_path, capsys
):
    ehe = payment(enrollments["ehe"])
    path = tmp_path / "回盘.xlsx"
    path.write_bytes(
        return_file(
            [ehe.reference, "", "", "960", "成功", ""],
            [ehe.reference, "", "", "960", "成功", ""],
            ["NOSUCHREF1", "", "", "960", "成功", ""],
        )
    )
    before = snapshot()
    with translation.override("zh-hans"), pytest.raises(CommandError) as failed:
        call_command("import_bank_returns", str(path))
    err = capsys.readouterr().err
    assert "第3行" in err and "第4行" in err and "NOSUCHREF1" in err
    assert zh("Nothing was recorded: %(count)d problem(s) found") in str(failed.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_command_exits_non_zero(march, tmp_path):
    """Run as a program: CommandError becomes exit status 1 with the message on stderr."""
    import subprocess
    import sys

    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"not a workbook at all")
    from django.conf import settings

    completed = subprocess.run(
        [sys.executable, "manage.py", "import_bank_returns", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode != 0
    assert completed.stderr.strip()


# Who may ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_civil_affairs_officer_reaches_the_bank_returns_page(
    officer_client, staff_client, official_client
):
    url = reverse("welfare:bank_return_import")
    assert officer_client.get(url).status_code == 200
    assert staff_client.get(url).status_code == 403
    assert official_client.get(url).status_code == 403
    assert official_client.post(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


@pytest.mark.django_db
def test_community_staff_cannot_record_a_cash_payment(staff_client, march, enrollments):
    failed = payment(enrollments["ehe"])
    services.payments_reconcile(user=None, outcomes=[(failed.pk, False, "销户")], settled_on=MARCH)
    url = reverse("welfare:disbursement_cash", args=[failed.pk])
    response = staff_client.post(url, {"paid_on": "2026-03-25", "signed": "on"})
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.payment_status == "failed"
