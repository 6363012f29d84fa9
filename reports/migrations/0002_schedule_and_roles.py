import json

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

# name, crontab (minute, hour, day of month, month of year), kind of run
SCHEDULE = [
    ("每月1日02:00 上月报表（全镇及各社区）", ("0", "2", "1", "*"), "last_month"),
    ("7月1日 上半年报表", ("30", "2", "1", "7"), "first_half"),
    ("1月1日 下半年及全年报表", ("30", "2", "1", "1"), "second_half_and_year"),
]
GRANTS = {
    COMMUNITY_STAFF: ["reports.view_report", "reports.build_report"],
    CIVIL_AFFAIRS: ["reports.view_report", "reports.build_report"],
    TOWN_OFFICIAL: ["reports.view_report"],
}


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (minute, hour, day, month), kind in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day, month_of_year=month, day_of_week="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": "reports.build_scheduled", "crontab": crontab,
                      "args": json.dumps([kind]), "enabled": True},
        )
    grant(apps, schema_editor, GRANTS)


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row[0] for row in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("welfare", "0002_catalogue_and_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
