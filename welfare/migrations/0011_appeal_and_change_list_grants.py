from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

READ = ["welfare.view_appeal", "welfare.view_changelistconfirmation"]
GRANTS = {
    # Community staff register a household's appeal; the civil-affairs officer answers it and
    # confirms the monthly list of changes (增减名单).
    COMMUNITY_STAFF: READ + ["welfare.add_appeal"],
    CIVIL_AFFAIRS: READ
    + ["welfare.add_appeal", "welfare.change_appeal", "welfare.add_changelistconfirmation"],
    TOWN_OFFICIAL: READ,
}


def grant_appeals(apps, schema_editor):
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0010_change_lists_appeals_stop_reason")]

    operations = [migrations.RunPython(grant_appeals, migrations.RunPython.noop)]
