from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

MODELS = ["dutymember", "leave", "rosterpolicy", "shifttemplate", "coveragerule",
          "rostermonth", "assignment", "swap", "dutylog", "incident", "patrol"]
READ = [f"duty_roster.view_{m}" for m in MODELS]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"duty_roster.{a}_{m}" for m in MODELS for a in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("duty_roster", "0001_initial"), ("communities", "0002_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
