"""Bad input to a report: a program with no counting rule, a period with no data, a comparison
base of zero or incomplete — each told in Chinese, and nothing else changed."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from tests.factories import BatchFactory, CommunityFactory, household_with_members, program
from welfare.admin import NO_COUNTING_RULE
from welfare.models import Disbursement, Program

MARCH, FEBRUARY = datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)


def build_json(capsys, *args) -> dict:
    call_command("build_report", *args, "--json")
    return json.loads(capsys.readouterr().out)


def pay(head, code, month, amount, quantity=None):
    batch = BatchFactory(program=program(code), period=month)
    return Disbursement.objects.create(
        batch=batch,
        program=batch.program,
        period=month,
        community=head.community,
        household=head.household,
        resident=head,
        amount=Decimal(amount),
        quantity=quantity,
    )


@pytest.fixture
def heads(db):
    ehe = CommunityFactory(code="ehe", name="额河社区")
    shenhu = CommunityFactory(code="shenhu", name="神湖社区")
    return [household_with_members(c, 1).head for c in (ehe, shenhu)]


@pytest.mark.django_db
def test_a_program_without_a_counting_rule_is_named_in_the_notes_not_counted(heads, capsys):
    Program.objects.filter(code="dibao_urban").update(counting_rule="")
    pay(heads[0], "dibao_urban", MARCH, "960")
    pay(heads[1], "flour", MARCH, "0", quantity=Decimal("2"))
    data = build_json(capsys, "2026-03")
    dibao = next(r for r in data["welfare"] if r["program"] == "dibao_urban")
    assert (dibao["counting_rule"], dibao["count"], dibao["amount"]) == (None, None, "960.00")
    assert "低保金" not in data["narrative"]["保障民生"]
    assert data["narrative"]["保障民生"] == "2026年3月，全镇发放面粉2袋。"  # the rest unchanged
    assert data["notes"] == [
        "“城市居民最低生活保障金”未设置统计口径：报告只列其金额，不写人数。"
        "请管理员在“救助项目”中设置统计口径。"
    ]


@pytest.mark.django_db
def test_the_admin_shows_a_program_without_a_counting_rule(heads, admin_client):
    Program.objects.filter(code="dibao_urban").update(counting_rule="")
    page = admin_client.get(reverse("admin:welfare_program_changelist")).content.decode()
    assert str(NO_COUNTING_RULE) in page


def test_a_phrase_with_an_unknown_placeholder_is_refused():
    bad = Program(code="x", name="x", beneficiary_unit="person", phrase="为{counts}发放{amount}")
    with pytest.raises(ValidationError) as refused:
        bad.clean()
    assert "phrase" in refused.value.message_dict
    Program(code="y", name="y", beneficiary_unit="person", phrase="为{count}发放{amount}").clean()


@pytest.mark.django_db
def test_a_period_with_no_data_says_so_and_tells_nothing(heads, capsys, admin_client):
    pay(heads[0], "dibao_urban", MARCH, "960")
    data = build_json(capsys, "2030-05")
    assert data["narrative"] == {}
    assert data["notes"] == [
        "2030年5月全镇没有任何发放、就业、服务或值班数据，本报告只有空表。"
        "请确认期间是否选对、数据是否已导入。"
    ]
    from reports.models import Report

    page = admin_client.get(Report.objects.get().get_absolute_url()).content.decode()
    assert "没有任何发放" in page


@pytest.mark.django_db
def test_a_comparison_base_of_zero_gives_a_dash_and_the_reason(heads, capsys):
    pay(heads[0], "dibao_urban", FEBRUARY, "0")
    pay(heads[0], "dibao_urban", MARCH, "960")
    dibao = next(
        r for r in build_json(capsys, "2026-03")["welfare"] if r["program"] == "dibao_urban"
    )
    assert (dibao["previous_amount"], dibao["change_previous"]) == (None, None)
    assert dibao["change_previous_note"] == "上期无该项目发放数据，不作比较"
    assert dibao["change_last_year_note"] == "去年同期无该项目发放数据，不作比较"


@pytest.mark.django_db
def test_a_month_with_almost_no_data_is_no_comparison_base(heads, capsys):
    pay(heads[0], "dibao_urban", FEBRUARY, "100")  # one community's import only
    for head in heads:
        pay(head, "dibao_urban", MARCH, "700")
    data = build_json(capsys, "2026-03")
    dibao = next(r for r in data["welfare"] if r["program"] == "dibao_urban")
    assert dibao["change_previous"] is None  # not +1300%
    assert dibao["change_previous_note"] == (
        "上期数据不完整（1个月、1个社区，本期1个月、2个社区），不作比较"
    )
    assert "%" not in data["narrative"]["保障民生"] and "环比" not in data["narrative"]["保障民生"]
