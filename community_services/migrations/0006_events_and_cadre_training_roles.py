"""The roles' grants on events and cadre training: a community's staff record them, the
town-wide roles read them."""

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

APP = "community_services"
MODELS = ["event", "eventteam", "cadretraining", "cadreattendance"]
READ = [f"{APP}.view_{m}" for m in MODELS]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"{APP}.{action}_{m}" for m in MODELS for action in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def create(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        (APP, "0005_events_and_cadre_training"),
        ("communities", "0002_roles"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
