"""The report tells 特困供养, 临时救助 and 特困 housing aid with their counting rules."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.factories import (
    DisbursementFactory,
    household_with_members,
    housing_grant,
    program,
    relief_case,
    tekun_enrollment,
)
from welfare.models import DisbursementBatch


def build_json(capsys, *args) -> dict:
    call_command("build_report", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def april(ehe, shenhu):
    """Two 特困 persons paid in April's batch (1 484元 and 1 184元), three paid 临时救助 cases
    of two households (two cases for one of them), one paid housing aid, and a case approved
    but not paid."""
    batch = DisbursementBatch.objects.create(
        program=program("tekun"), period=datetime.date(2026, 4, 1)
    )
    for community, amount in ((ehe, "1484"), (shenhu, "1184")):
        enrollment = tekun_enrollment(community)
        DisbursementFactory(
            batch=batch,
            resident=enrollment.resident,
            household=enrollment.household,
            community=community,
            enrollment=enrollment,
            amount=Decimal(amount),
            persons=1,
        )
    twice = household_with_members(ehe, 2).head
    once = household_with_members(shenhu, 3).head
    for resident, amount, day in ((twice, "3000", 3), (twice, "2000", 20), (once, "8000", 11)):
        relief_case(
            resident,
            status="paid",
            amount_approved=Decimal(amount),
            paid_on=datetime.date(2026, 4, day),
        )
    relief_case(once, status="approved", amount_approved=Decimal("900"))
    housing_grant(
        tekun_enrollment(ehe),
        status="paid",
        amount=Decimal("12000"),
        paid_on=datetime.date(2026, 4, 15),
    )


@pytest.mark.django_db
def test_the_narrative_tells_tekun_relief_cases_and_housing_aid(april, capsys):
    data = build_json(capsys, "2026-04")
    text = data["narrative"]["保障民生"]
    assert "为2名特困供养对象发放供养金2 668元" in text
    assert "为3户次发放临时救助金1.30万元" in text
    assert "为1户特困家庭发放住房救助金1.20万元" in text
    rows = {row["program"]: row for row in data["welfare"]}
    assert rows["emergency_aid"]["count"] == 3
    assert rows["emergency_aid"]["beneficiaries"] == 2
    assert Decimal(rows["emergency_aid"]["amount"]) == Decimal("13000")


@pytest.mark.django_db
def test_a_community_report_tells_only_its_own_cases(april, capsys):
    text = build_json(capsys, "2026-04", "--community", "shenhu")["narrative"]["保障民生"]
    assert "为1户次发放临时救助金8 000元" in text
    assert "住房救助" not in text


@pytest.mark.django_db
def test_a_month_without_relief_tells_no_relief_sentence(april, capsys):
    data = build_json(capsys, "2026-05")
    text = data["narrative"].get("保障民生", "")
    assert "临时救助" not in text and "特困" not in text
