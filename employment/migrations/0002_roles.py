from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

MODELS = ["enterprise", "vacancy", "jobseeker", "jobfair", "fairattendance", "placement",
          "trainingclass", "trainee", "contest", "contestentry", "labortransfer",
          "pensioncontribution"]
READ = [f"employment.view_{m}" for m in MODELS]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"employment.{a}_{m}" for m in MODELS for a in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial"), ("communities", "0002_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
