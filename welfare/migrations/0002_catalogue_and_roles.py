import datetime
from decimal import Decimal

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

# code, name, kind, unit, beneficiary unit, area, computation, person-times, standards
# (effective from, amount in yuan per month or per distribution, quantity)
CATALOGUE = [
    ("dibao_urban", "城市居民最低生活保障金", "cash", "yuan", "household", "urban",
     "means_tested", False, [("2025-01-01", "650", None), ("2026-01-01", "680", None)]),
    ("dibao_rural", "农村居民最低生活保障金", "cash", "yuan", "household", "rural",
     "means_tested", False, [("2025-01-01", "460", None), ("2026-01-01", "485", None)]),
    ("tibiao_urban", "城市低保提标资金", "cash", "yuan", "person", "urban", "fixed", True,
     [("2025-01-01", "15", None)]),
    ("tibiao_rural", "农村低保提标资金", "cash", "yuan", "person", "rural", "fixed", True,
     [("2025-01-01", "15", None)]),
    ("coal_urban", "城市低保户燃煤补贴", "cash", "yuan", "household", "urban", "fixed", False,
     [("2025-01-01", "300", None)]),
    ("coal_rural", "农村低保户燃煤补贴", "cash", "yuan", "household", "rural", "fixed", False,
     [("2025-01-01", "300", None)]),
    ("coal_in_kind", "冬季取暖燃煤（实物）", "in_kind", "tonne", "household", "all", "fixed",
     False, [("2025-01-01", "0", "1.000")]),
    ("four_categories_urban", "城市四类人员生活补贴", "cash", "yuan", "person", "urban", "fixed",
     False, [("2025-01-01", "100", None)]),
    ("four_categories_rural", "农村四类人员生活补贴", "cash", "yuan", "person", "rural", "fixed",
     False, [("2025-01-01", "100", None)]),
    ("orphan", "孤儿基本生活费", "cash", "yuan", "person", "all", "fixed", False,
     [("2025-01-01", "1420", None)]),
    ("disability_fuel", "残疾人机动轮椅车燃油补贴", "cash", "yuan", "person", "all", "fixed",
     False, [("2025-01-01", "260", None)]),
    ("rehab_equipment", "残疾人康复辅具（实物）", "in_kind", "item", "person", "all", "fixed",
     False, [("2025-01-01", "0", "1")]),
    ("flour", "困难群众慰问面粉（实物）", "in_kind", "bag", "household", "all", "fixed", False,
     [("2025-01-01", "0", "2")]),
    ("emergency_aid", "临时救助金", "cash", "yuan", "household", "all", "fixed", False,
     [("2025-01-01", "0", None)]),
]

READ = [
    "welfare.view_program", "welfare.view_standard", "welfare.view_enrollment",
    "welfare.view_reviewstep", "welfare.view_attachment", "welfare.view_disbursementbatch",
    "welfare.view_disbursement",
]
GRANTS = {
    COMMUNITY_STAFF: READ + [
        "welfare.add_enrollment", "welfare.change_enrollment", "welfare.add_attachment",
    ],
    CIVIL_AFFAIRS: READ + [
        "welfare.change_enrollment", "welfare.add_disbursementbatch",
        "welfare.change_disbursementbatch", "welfare.lock_disbursementbatch",
        "welfare.add_disbursement", "welfare.change_disbursement",
    ],
    TOWN_OFFICIAL: READ,
}


def create_catalogue(apps, schema_editor):
    Program = apps.get_model("welfare", "Program")
    Standard = apps.get_model("welfare", "Standard")
    for order, row in enumerate(CATALOGUE, start=1):
        code, name, kind, unit, per, area, computation, person_times, standards = row
        program, _ = Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "kind": kind, "unit": unit, "beneficiary_unit": per, "area": area,
                "computation": computation, "counts_person_times": person_times, "order": order,
            },
        )
        for effective, amount, quantity in standards:
            Standard.objects.get_or_create(
                program=program,
                effective_from=datetime.date.fromisoformat(effective),
                defaults={
                    "amount": Decimal(amount),
                    "quantity": Decimal(quantity) if quantity else None,
                },
            )
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("welfare", "0001_initial"),
        ("communities", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
