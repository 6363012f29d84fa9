from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyRosterConfig(AppConfig):
    name = "duty_roster"
    verbose_name = _("Five-in-one duty roster")
    default_auto_field = "django.db.models.BigAutoField"
