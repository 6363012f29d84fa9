"""The roles' grants on the e-commerce survey, as on the rest of employment: a community's staff
record, the town-wide roles read."""

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

MODELS = ["ecommercesurvey", "ecommercerecord"]
READ = [f"employment.view_{m}" for m in MODELS]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"employment.{a}_{m}" for m in MODELS for a in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("employment", "0005_ecommerce_survey"), ("communities", "0002_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
