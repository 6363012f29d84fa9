from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

CATEGORIES = [("医疗保健", False), ("环境保洁", False), ("信息咨询", True), ("家政服务", False),
              ("便民商业", False), ("其他", False)]
MODELS = ["servicerecord", "volunteerteam", "volunteer", "volunteeractivity", "pairing",
          "pairingvisit", "interestclass", "classsession", "project", "funding",
          "projectprogress"]
READ = [f"communities.view_{m}" for m in MODELS] + ["communities.view_servicecategory"]
GRANTS = {
    COMMUNITY_STAFF: READ + [f"communities.{action}_{m}" for m in MODELS
                             for action in ("add", "change")],
    CIVIL_AFFAIRS: READ,
    TOWN_OFFICIAL: READ,
}


def create(apps, schema_editor):
    ServiceCategory = apps.get_model("communities", "ServiceCategory")
    for order, (name, consultation) in enumerate(CATEGORIES, start=1):
        ServiceCategory.objects.get_or_create(
            name=name, defaults={"order": order, "is_consultation": consultation}
        )
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("communities", "0003_community_services")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
