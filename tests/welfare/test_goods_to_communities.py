"""Goods to a community as well as to a household (为3个社区(村)配备残疾人康复器材)."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from tests.factories import BatchFactory, household_with_members, program
from welfare.imports import COLUMNS
from welfare.models import Disbursement


def sheet(tmp_path, rows):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append([row.get(c, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "发放.xlsx"
    path.write_bytes(buffer.getvalue())
    return str(path)


def to_community(name, code="rehab_equipment", quantity="5", **extra):
    return {
        "项目代码": code,
        "期间": "2026-03",
        "社区": name,
        "金额": "0",
        "数量": quantity,
        **extra,
    }


@pytest.mark.django_db
def test_goods_go_to_a_community_and_the_report_tells_it_so(ehe, shenhu, tmp_path, capsys):
    head = household_with_members(ehe, 1).head
    rows = [
        to_community("额河社区"),
        to_community("shenhu", quantity="2"),
        {
            "项目代码": "rehab_equipment",
            "期间": "2026-03",
            "身份证号": head.id_number,
            "姓名": head.name,
            "金额": "0",
            "数量": "1",
        },
    ]
    call_command("import_disbursements", sheet(tmp_path, rows))
    given = Disbursement.objects.filter(resident__isnull=True).order_by("quantity")
    assert [(d.community.name, d.quantity, d.household_id) for d in given] == [
        ("神湖社区", Decimal("2.000"), None),
        ("额河社区", Decimal("5.000"), None),
    ]
    assert given[0].recipient_name == "神湖社区" and given[0].to_community
    capsys.readouterr()
    call_command("build_report", "2026-03", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["narrative"]["保障民生"] == (
        "2026年3月，全镇为2个社区(村)配备残疾人康复器材，为1户残疾人赠送无障碍康复器材。"
    )


@pytest.mark.django_db
def test_cash_cannot_go_to_a_community_and_nothing_is_written(ehe, tmp_path, capsys):
    rows = [to_community("额河社区"), to_community("额河社区", code="dibao_urban")]
    with pytest.raises(CommandError):
        call_command("import_disbursements", sheet(tmp_path, rows))
    err = capsys.readouterr().err
    assert "第3行" in err and "社区" in err
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_a_community_gets_a_programs_goods_once_a_month(ehe, tmp_path, capsys):
    call_command("import_disbursements", sheet(tmp_path, [to_community("额河社区")]))
    with pytest.raises(CommandError):
        call_command("import_disbursements", sheet(tmp_path, [to_community("ehe")]))
    assert Disbursement.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_money_without_goods_to_a_community(ehe):
    batch = BatchFactory(program=program("dibao_urban"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(
            batch=batch, program=batch.program, period=batch.period, community=ehe, amount=100
        )
