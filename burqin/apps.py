from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
    """django-axes (the login lockout) under a Chinese name in the admin."""

    verbose_name = _("Login lockout")
