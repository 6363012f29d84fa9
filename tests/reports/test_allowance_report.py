"""The allowances of issue 17 in the report's 保障民生 narrative, by their counting rule."""

import datetime
import json
from decimal import Decimal

from django.core.management import call_command

from tests.factories import BatchFactory, CommunityFactory, household_with_members, program
from welfare.models import Disbursement

MARCH = datetime.date(2026, 3, 1)


def pay(resident, code, amount):
    batch = BatchFactory(program=program(code), period=MARCH)
    Disbursement.objects.create(
        batch=batch,
        program=batch.program,
        period=MARCH,
        community=resident.community,
        household=resident.household,
        resident=resident,
        amount=Decimal(amount),
    )


def test_the_narrative_tells_the_allowances_paid_and_leaves_out_the_others(db, capsys):
    community = CommunityFactory(code="ehe", name="额河社区")
    people = household_with_members(community, 3).members.all()
    pay(people[0], "disability_living", "100")
    pay(people[1], "disability_living", "100")
    for person in people:
        pay(person, "elderly_allowance", "5000")
    call_command("build_report", "2026-03", "--json")
    data = json.loads(capsys.readouterr().out)
    text = data["narrative"]["保障民生"]
    assert "为2名困难残疾人发放生活补贴200元" in text
    assert "为3名高龄老人发放高龄津贴1.50万元" in text
    assert "重度残疾人" not in text  # nothing paid: the line is left out
