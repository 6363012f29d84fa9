"""The role of the town's service centre staff: they read the registry (masked ID numbers) and
the community services, and record the centre's services."""

from django.db import migrations

from communities.roles import SERVICE_CENTRE, grant

APP = "community_services"
GRANTS = {
    SERVICE_CENTRE: [
        "communities.view_community",
        "communities.view_compound",
        "communities.view_household",
        "communities.view_resident",
        f"{APP}.view_servicecategory",
        f"{APP}.view_servicerecord",
        f"{APP}.add_servicerecord",
        f"{APP}.change_servicerecord",
    ]
}


def create_role(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SERVICE_CENTRE).delete()


class Migration(migrations.Migration):
    dependencies = [
        (APP, "0003_service_centre_and_lead_agency"),
        ("communities", "0010_export_jobs"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
