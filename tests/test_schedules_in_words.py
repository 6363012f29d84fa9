"""django-celery-beat's schedules and tasks in words (burqin/schedules.py, burqin/admin.py): a
crontab reads 每月1日 02:00（北京时间）wherever the library names it, and every task of the
project has a label, so the periodic-task pages never show a Python path."""

import pytest
from django.contrib import admin
from django.utils import translation
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from burqin.celery import app
from burqin.schedules import TASK_LABELS, crontab_text
from tests.page_text import latin_words


def crontab(minute="0", hour="2", day="*", month="*", weekday="*", zone="Asia/Shanghai"):
    return CrontabSchedule(
        minute=minute,
        hour=hour,
        day_of_month=day,
        month_of_year=month,
        day_of_week=weekday,
        timezone=zone,
    )


@pytest.mark.parametrize(
    "schedule, words",
    [
        (crontab(day="1"), "每月1日 02:00（北京时间）"),
        (crontab(minute="30", day="1", month="1,7"), "1、7月1日 02:30（北京时间）"),
        (crontab(hour="8", weekday="1-5"), "每周星期一至星期五 08:00（北京时间）"),
        (crontab(minute="*/5", hour="*"), "每天 每5分钟（北京时间）"),
        (crontab(minute="15", hour="*", zone="UTC"), "每天 每小时第15分（协调世界时）"),
    ],
)
def test_a_crontab_reads_in_chinese(schedule, words):
    with translation.override("zh-hans"):
        assert crontab_text(schedule) == words
        assert str(schedule) == words  # the library's selects, titles and lists
        assert schedule.human_readable == words


def test_every_task_of_the_project_has_a_label():
    app.loader.import_default_modules()
    tasks = {name for name in app.tasks if not name.startswith("celery.")}
    assert tasks and tasks <= set(TASK_LABELS), tasks - set(TASK_LABELS)


@pytest.mark.django_db
def test_the_registered_task_choice_shows_what_each_task_does(admin_client):
    with translation.override("zh-hans"):
        page = admin_client.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert "生成本期全镇及各社区报表" in page
    assert '<option value="reports.build_scheduled">' in page
    assert not latin_words(page, {"Control", "Command", "Mac", "admin"})  # admin: the login


def test_the_library_admin_is_replaced_by_the_chinese_one():
    assert type(admin.site._registry[PeriodicTask]).__module__ == "burqin.admin"
    assert type(admin.site._registry[CrontabSchedule]).__module__ == "burqin.admin"


@pytest.mark.django_db
def test_an_administrator_adds_a_crontab_in_xinjiang_time(admin_client):
    response = admin_client.post(
        "/admin/django_celery_beat/crontabschedule/add/",
        {
            "minute": "0",
            "hour": "8",
            "day_of_month": "*",
            "month_of_year": "*",
            "day_of_week": "1-5",
            "timezone": "Asia/Urumqi",
            "periodictask_set-TOTAL_FORMS": "0",
            "periodictask_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with translation.override("zh-hans"):
        assert (
            str(CrontabSchedule.objects.get(timezone="Asia/Urumqi"))
            == "每周星期一至星期五 08:00（新疆时间）"
        )
