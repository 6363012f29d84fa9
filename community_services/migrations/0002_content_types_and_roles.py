"""The moved models' content types follow them: the rows of ``django_content_type`` that said
``communities`` now say ``community_services``. Their ids stay, so the permissions hanging off
them (and every group's or user's grant of one), the admin's log entries and anything else that
points at a content type keep working; a permission is now named
``community_services.add_servicerecord`` and the like.

``create`` gives the roles what ``communities.0004`` gave them, under the new names. In a database
migrated through 0004 it finds every grant in place; ``tests.migrated_data`` runs it again after
a transactional test emptied the tables.
"""

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

APP = "community_services"
FROM_APP = "communities"
MODELS = [
    "servicerecord",
    "volunteerteam",
    "volunteer",
    "volunteeractivity",
    "pairing",
    "pairingvisit",
    "interestclass",
    "classsession",
    "project",
    "funding",
    "projectprogress",
]
MOVED = (
    MODELS
    + ["servicecategory", "activityparticipation"]
    + [f"historical{m}" for m in MODELS + ["servicecategory", "activityparticipation"]]
    + [
        "historicalclasssession_attendees",
        "historicalinterestclass_members",
        "historicalproject_compounds",
    ]
)
CATEGORIES = [
    ("医疗保健", False),
    ("环境保洁", False),
    ("信息咨询", True),
    ("家政服务", False),
    ("便民商业", False),
    ("其他", False),
]
READ = [f"{APP}.view_{m}" for m in MODELS] + [f"{APP}.view_servicecategory"]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"{APP}.{action}_{m}" for m in MODELS for action in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        row = ContentType.objects.filter(app_label=source, model=model).first()
        if row is None:
            continue
        # A row made for the target already (by a permission sync between the two migrations)
        # holds no grant yet: the old row, with the grants, takes its place.
        ContentType.objects.filter(app_label=target, model=model).delete()
        row.app_label = target
        row.save(update_fields=["app_label"])


def move_content_types(apps, schema_editor):
    _move(apps, FROM_APP, APP)


def move_content_types_back(apps, schema_editor):
    _move(apps, APP, FROM_APP)


def create(apps, schema_editor):
    ServiceCategory = apps.get_model(APP, "ServiceCategory")
    for order, (name, consultation) in enumerate(CATEGORIES, start=1):
        ServiceCategory.objects.get_or_create(
            name=name, defaults={"order": order, "is_consultation": consultation}
        )
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        (APP, "0001_initial"),
        # After the models left the communities state, so that no permission sync in between
        # makes new ``communities`` rows for them.
        (FROM_APP, "0008_community_services_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
