"""import_disbursements: the upload page and the command share one importer, all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import (
    BatchFactory,
    DisbursementFactory,
    EnrollmentFactory,
    household_with_members,
    program,
)
from welfare.imports import COLUMNS
from welfare.models import Disbursement, DisbursementBatch

URL = reverse("welfare:disbursement_import")


def workbook_bytes(rows, columns=COLUMNS) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(columns))
    for row in rows:
        workbook.active.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, rows, **kwargs):
    file = SimpleUploadedFile("发放.xlsx", workbook_bytes(rows, **kwargs))
    return client.post(URL, {"file": file})


def row_for(head, code="dibao_urban", month="2026-03", amount="960.00", **extra):
    return {
        "项目代码": code,
        "期间": month,
        "身份证号": head.id_number,
        "姓名": head.name,
        "金额": amount,
        **extra,
    }


@pytest.fixture
def heads(ehe):
    return [household_with_members(ehe, 2).head for _ in range(3)]


def errors_of(response):
    return [(e.row, e.column, e.message) for e in response.context["result"].errors]


@pytest.mark.django_db
def test_valid_rows_import_into_their_months_batch(officer_client, heads):
    response = upload(officer_client, [row_for(h) for h in heads])
    assert response.status_code == 302
    batch = DisbursementBatch.objects.get()
    assert (batch.program.code, str(batch.period)) == ("dibao_urban", "2026-03-01")
    assert batch.disbursements.count() == 3
    assert {d.persons for d in batch.disbursements.all()} == {2}  # household size by default


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"身份证号": "654321199001011230"}, "身份证号", "没有"),
        ({"姓名": "王五"}, "姓名", "不符"),
        ({"项目代码": "dibao_moon"}, "项目代码", "未知"),
        ({"期间": "2026-13"}, "期间", "YYYY-MM"),
        ({"期间": "三月"}, "期间", "YYYY-MM"),
        ({"金额": "-5"}, "金额", "负数"),
        ({"金额": "12.345"}, "金额", "两位小数"),
        ({"金额": "abc"}, "金额", "两位小数"),
    ],
)
def test_each_bad_row_writes_nothing_and_says_what_and_where(
    officer_client, heads, change, column, words
):
    rows = [row_for(h) for h in heads]
    rows[1].update(change)
    response = upload(officer_client, rows)
    assert errors_of(response)[0][:2] == (3, column)
    assert words in errors_of(response)[0][2]
    assert not Disbursement.objects.exists() and not DisbursementBatch.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_in_the_file_is_refused(officer_client, heads):
    rows = [row_for(h) for h in heads] + [row_for(heads[0])]
    response = upload(officer_client, rows)
    assert errors_of(response)[0][:2] == (5, "身份证号")
    assert "第2行" in errors_of(response)[0][2]
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_a_payment_already_in_the_database_is_refused(officer_client, heads):
    DisbursementFactory(resident=heads[0], batch=BatchFactory(program=program("dibao_urban")))
    response = upload(officer_client, [row_for(h) for h in heads])
    assert errors_of(response)[0][:2] == (2, "身份证号")
    assert "已" in errors_of(response)[0][2]
    assert Disbursement.objects.count() == 1


@pytest.mark.django_db
def test_a_locked_batch_is_refused(officer_client, heads):
    BatchFactory(program=program("dibao_urban"), status="locked")
    response = upload(officer_client, [row_for(h) for h in heads])
    assert {e[1] for e in errors_of(response)} == {"期间"}
    assert "锁定" in errors_of(response)[0][2]
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_a_malformed_or_oversized_file_is_refused(officer_client, heads, settings):
    response = officer_client.post(URL, {"file": SimpleUploadedFile("x.xlsx", b"garbage")})
    assert "不是有效的 Excel" in response.content.decode()
    settings.MAX_IMPORT_BYTES = 100
    response = upload(officer_client, [row_for(h) for h in heads])
    assert "MB" in response.content.decode()
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_rows_without_enrollment_are_warnings_not_errors(officer_client, heads):
    EnrollmentFactory(resident=heads[0])
    response = upload(officer_client, [row_for(h) for h in heads])
    assert response.status_code == 302
    assert Disbursement.objects.count() == 3


@pytest.mark.django_db
def test_in_kind_rows_carry_quantity_and_persons(officer_client, heads):
    rows = [row_for(heads[0], code="coal_in_kind", amount="0", **{"数量": "1.5", "人数": "3"})]
    upload(officer_client, rows)
    row = Disbursement.objects.get()
    assert (row.quantity, row.persons, row.amount) == (Decimal("1.5"), 3, Decimal("0"))


@pytest.mark.django_db
def test_the_command_imports_and_prints_the_count(heads, tmp_path, capsys):
    path = tmp_path / "发放.xlsx"
    path.write_bytes(workbook_bytes([row_for(h) for h in heads]))
    call_command("import_disbursements", str(path))
    assert "3" in capsys.readouterr().out
    assert Disbursement.objects.count() == 3


@pytest.mark.django_db
def test_the_command_fails_with_row_errors_on_stderr(heads, tmp_path, capsys):
    rows = [row_for(h) for h in heads]
    rows[2]["金额"] = "-1"
    path = tmp_path / "发放.xlsx"
    path.write_bytes(workbook_bytes(rows))
    with pytest.raises(CommandError):
        call_command("import_disbursements", str(path))
    assert "第4行" in capsys.readouterr().err
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_ten_thousand_valid_rows_import(ehe, tmp_path):
    from communities.models import Household, Resident
    from tests.factories import next_id_number

    households = Household.objects.bulk_create(
        [Household(community=ehe, address=f"额河路{i}号") for i in range(10_000)]
    )
    residents = []
    for household in households:
        resident = Resident(
            id_number=next_id_number(), name="王芳", community=ehe, household=household
        )
        resident.fill_derived()
        residents.append(resident)
    Resident.objects.bulk_create(residents, batch_size=2000)
    rows = [row_for(r, amount="480.00") for r in residents]
    path = tmp_path / "万行.xlsx"
    path.write_bytes(workbook_bytes(rows))
    call_command("import_disbursements", str(path))
    assert Disbursement.objects.count() == 10_000
    assert sum(Disbursement.objects.values_list("amount", flat=True)) == Decimal("4800000.00")
