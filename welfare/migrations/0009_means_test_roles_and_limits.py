"""Who may record and decide the means test, and the 低保 programs' asset limits."""

from decimal import Decimal

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

READ = [
    "welfare.view_memberincome", "welfare.view_memberasset", "welfare.view_homevisit",
    "welfare.view_homevisitphoto", "welfare.view_amountchangeproposal",
]
GRANTS = {
    COMMUNITY_STAFF: READ + [
        "welfare.add_memberincome", "welfare.change_memberincome", "welfare.delete_memberincome",
        "welfare.add_memberasset", "welfare.change_memberasset", "welfare.delete_memberasset",
        "welfare.add_homevisit", "welfare.add_homevisitphoto",
    ],
    CIVIL_AFFAIRS: READ + ["welfare.change_amountchangeproposal"],
    TOWN_OFFICIAL: READ,
}

# code → (deposits per household member at most: a year of the 2026 standard, cars allowed)
LIMITS = {
    "dibao_urban": (Decimal("8160"), 0),
    "dibao_rural": (Decimal("5820"), 0),
}


def forwards(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)
    Program = apps.get_model("welfare", "Program")
    for code, (deposits, vehicles) in LIMITS.items():
        Program.objects.filter(code=code, max_deposits_per_capita__isnull=True).update(
            max_deposits_per_capita=deposits, max_vehicles=vehicles
        )


class Migration(migrations.Migration):
    dependencies = [
        ("welfare", "0008_means_test_home_visits_amount_changes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
