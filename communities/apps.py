from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities and residents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import Group

        from .roles import role_label

        # Groups are the roles: wherever one is printed (the admin's lists and selects) it reads
        # as the role's Chinese name, while its stored name stays the code the app checks.
        Group.__str__ = role_label
