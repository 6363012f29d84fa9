from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

READ = [
    "communities.view_community",
    "communities.view_compound",
    "communities.view_household",
    "communities.view_resident",
]
GRANTS = {
    COMMUNITY_STAFF: READ
    + [
        "communities.add_household",
        "communities.change_household",
        "communities.add_resident",
        "communities.change_resident",
        "communities.add_compound",
        "communities.change_compound",
        "communities.view_full_id",
    ],
    CIVIL_AFFAIRS: READ + ["communities.view_full_id"],
    TOWN_OFFICIAL: READ,
}


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
