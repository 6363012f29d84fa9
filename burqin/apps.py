from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_celery_beat.apps import BeatConfig


class BurqinConfig(AppConfig):
    """The project package as an app, so that its system checks run with ``manage.py check``."""

    name = "burqin"
    default = True  # this module also holds AxesConfig
    verbose_name = "Burqin"

    def ready(self):
        from . import checks  # noqa: F401
        from .people import install

        install()


class AxesConfig(AxesAppConfig):
    """django-axes (the login lockout) under a Chinese name in the admin, its records named in
    Chinese too (the library writes "Access Log for admin @ …")."""

    verbose_name = _("Login lockout")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _axes_text(gettext_noop("Login attempts of %(user)s at %(at)s"))
        AccessFailureLog.__str__ = _axes_text(gettext_noop("Failed login of %(user)s at %(at)s"))
        AccessLog.__str__ = _axes_text(gettext_noop("Login of %(user)s at %(at)s"))


def _axes_text(message: str):
    def text(record) -> str:
        from django.utils.formats import date_format
        from django.utils.timezone import localtime

        at = date_format(localtime(record.attempt_time), "DATETIME_FORMAT")
        return gettext(message) % {"user": record.username or "—", "at": at}

    return text


class CeleryBeatConfig(BeatConfig):
    """django-celery-beat with its schedules named in words (burqin/schedules.py): the library
    names a crontab ``0 2 1 * * (m/h/dM/MY/d) Asia/Shanghai`` in every select, title and list,
    and describes it through cron-descriptor, whose Chinese leaves months and weekdays in
    English. Its admin pages are re-registered in burqin/admin.py."""

    def ready(self):
        super().ready()
        from django_celery_beat.models import CrontabSchedule

        from .schedules import crontab_text

        CrontabSchedule.__str__ = crontab_text
        CrontabSchedule.human_readable = property(crontab_text)
