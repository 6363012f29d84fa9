"""django-celery-beat's schedules in words an administrator reads: a crontab as 每月1日 02:00
（北京时间）, a task by what it does, a time zone by its Chinese name.

The library shows a crontab as ``0 2 1 * * (m/h/dM/MY/d) Asia/Shanghai``, describes it through
cron-descriptor (whose Chinese leaves month and weekday names in English) and lists tasks by their
Python paths. Used by the beat admin (burqin/admin.py) and by ``CrontabSchedule.__str__``
(burqin.apps.CeleryBeatConfig), so that selects, titles and lists read the same.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# The Celery tasks of the project (their registered names) by what they do. A task added
# tomorrow needs a line here, or the admin crawl (tests/test_admin_chinese.py) shows its path.
TASK_LABELS = {
    "burqin.health_check": gettext_lazy("Worker health check"),
    "communities.run_export": gettext_lazy("Write a requested export file"),
    "communities.fail_stuck_exports": gettext_lazy(
        "Mark background exports that stopped making progress as failed"
    ),
    "communities.expire_export_files": gettext_lazy("Delete the files of old exports"),
    "reports.build_report": gettext_lazy("Build one report"),
    "reports.build_scheduled": gettext_lazy("Build the reports of the period"),
    "reports.fail_stale_builds": gettext_lazy("Mark report builds that took too long as failed"),
}

# The time zones a schedule of the town is kept in, by their Chinese names.
TIME_ZONES = {
    "Asia/Shanghai": gettext_lazy("Beijing time"),
    "Asia/Urumqi": gettext_lazy("Xinjiang time"),
    "UTC": gettext_lazy("Coordinated Universal Time"),
}

# Celery's day-of-week numbers: 0 and 7 are Sunday.
WEEKDAYS = {
    "0": gettext_lazy("Sunday"),
    "1": gettext_lazy("Monday"),
    "2": gettext_lazy("Tuesday"),
    "3": gettext_lazy("Wednesday"),
    "4": gettext_lazy("Thursday"),
    "5": gettext_lazy("Friday"),
    "6": gettext_lazy("Saturday"),
    "7": gettext_lazy("Sunday"),
}
EVERY_N = re.compile(r"^\*/(\d+)$")


def task_label(name: str) -> str:
    """What the task does; its registered name when the project does not know it."""
    return str(TASK_LABELS.get(name, name))


def timezone_label(zone) -> str:
    return str(TIME_ZONES.get(str(zone), zone))


def _list(expression: str) -> str:
    """A cron field's list and ranges the Chinese way: 1,7 → 1、7; 1-5 → 1至5."""
    return expression.replace(",", "、").replace("-", pgettext("range", "to"))


def _weekdays(expression: str) -> str:
    return re.sub(r"\d", lambda m: str(WEEKDAYS[m.group()]), _list(expression))


def _time(minute: str, hour: str) -> str:
    if minute.isdigit() and hour.isdigit():
        return f"{int(hour):02d}:{int(minute):02d}"
    if every := EVERY_N.match(minute):
        if hour == "*":
            return _("every %(n)s minutes") % {"n": every.group(1)}
        return _("every %(n)s minutes in hour %(hour)s") % {
            "n": every.group(1),
            "hour": _list(hour),
        }
    if hour == "*":
        if minute == "*":
            return _("every minute")
        return _("minute %(minute)s of every hour") % {"minute": _list(minute)}
    return _("hour %(hour)s, minute %(minute)s") % {"hour": _list(hour), "minute": _list(minute)}


def crontab_text(crontab) -> str:
    """The schedule in words: 每月1日 02:00（北京时间）, 1月1日 02:30（北京时间），
    每周星期一至星期五 08:00（北京时间）."""
    minute, hour = str(crontab.minute), str(crontab.hour)
    day, month, weekday = (
        str(crontab.day_of_month),
        str(crontab.month_of_year),
        str(crontab.day_of_week),
    )
    days = []
    if month != "*":
        days.append(_("month %(months)s") % {"months": _list(month)})
    if day != "*":
        if month == "*":
            days.append(_("day %(days)s of every month") % {"days": _list(day)})
        else:
            days.append(_("day %(days)s") % {"days": _list(day)})
    if weekday != "*":
        days.append(_("every week on %(weekdays)s") % {"weekdays": _weekdays(weekday)})
    if not days:
        days.append(_("every day"))
    return _("%(days)s %(time)s (%(timezone)s)") % {
        "days": "".join(days),
        "time": _time(minute, hour),
        "timezone": timezone_label(crontab.timezone),
    }


def crontab_expression(crontab) -> str:
    """The five fields as typed (minute hour day month weekday): digits and signs only."""
    return " ".join(
        str(v)
        for v in (
            crontab.minute,
            crontab.hour,
            crontab.day_of_month,
            crontab.month_of_year,
            crontab.day_of_week,
        )
    )
