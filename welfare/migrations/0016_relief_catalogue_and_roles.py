"""特困供养 and its housing aid in the catalogue, the care standards, the 应急救助基金, the report
settings of 临时救助 (counted in 户次) and the roles' permissions (issue 17)."""

import datetime
from decimal import Decimal

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

# code: (name, computation, beneficiary unit, counting rule, word, phrase, sentence, standards)
PROGRAMS = {
    "tekun": (
        "特困人员救助供养金", "with_care", "person", "persons", "名",
        "为{count}特困供养对象发放供养金{amount}", 1,
        [("2025-01-01", "850"), ("2026-01-01", "884")],
    ),
    "tekun_housing": (
        "特困家庭住房救助", "fixed", "household", "households", "户",
        "为{count}特困家庭发放住房救助金{amount}", 6, [("2025-01-01", "0")],
    ),
}
# care level → monthly amount (yuan) from 2025-01-01
CARE = {"self_care": "100", "partial": "300", "full": "600"}

READ = [
    "welfare.view_tekunsupport", "welfare.view_carestandard", "welfare.view_housinggrant",
    "welfare.view_reliefcase",
]
FUND_READ = ["welfare.view_relieffund", "welfare.view_fundincome"]
GRANTS = {
    COMMUNITY_STAFF: READ + [
        "welfare.add_tekunsupport", "welfare.change_tekunsupport", "welfare.add_housinggrant",
        "welfare.add_reliefcase",
    ],
    CIVIL_AFFAIRS: READ + FUND_READ + [
        "welfare.add_tekunsupport", "welfare.change_tekunsupport", "welfare.add_housinggrant",
        "welfare.change_housinggrant", "welfare.add_reliefcase", "welfare.change_reliefcase",
        "welfare.add_fundincome",
    ],
    TOWN_OFFICIAL: READ + FUND_READ + ["welfare.town_approve_reliefcase"],
}


def forwards(apps, schema_editor):
    Program = apps.get_model("welfare", "Program")
    Standard = apps.get_model("welfare", "Standard")
    CareStandard = apps.get_model("welfare", "CareStandard")
    ReliefFund = apps.get_model("welfare", "ReliefFund")
    last = Program.objects.order_by("-order").values_list("order", flat=True).first() or 0
    for offset, (code, row) in enumerate(PROGRAMS.items(), start=1):
        name, computation, per, rule, word, phrase, sentence, standards = row
        program, created = Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "kind": "cash", "unit": "yuan", "beneficiary_unit": per,
                "area": "all", "computation": computation, "order": last + offset,
                "counting_rule": rule, "count_word": word, "phrase": phrase,
                "money_style": "wan", "sentence": sentence,
            },
        )
        if not created and code == "tekun" and program.computation == "fixed":
            program.computation = computation
            program.save(update_fields=["computation"])
        for effective, amount in standards:
            Standard.objects.get_or_create(
                program=program,
                effective_from=datetime.date.fromisoformat(effective),
                defaults={"amount": Decimal(amount)},
            )
    for level, amount in CARE.items():
        CareStandard.objects.get_or_create(
            care_level=level,
            effective_from=datetime.date(2025, 1, 1),
            defaults={"amount": Decimal(amount)},
        )
    if not ReliefFund.objects.exists():
        ReliefFund.objects.create(name="应急救助基金")
    # 临时救助 is told in 户次 (a household helped twice counts twice), unless an administrator
    # already changed the catalogue's default.
    Program.objects.filter(
        code="emergency_aid", counting_rule="households", count_word="户"
    ).update(counting_rule="household_payments", count_word="户次")
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0015_relief_tekun_and_emergency_fund")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
