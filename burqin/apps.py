from django.apps import AppConfig


class BurqinConfig(AppConfig):
    """The project package as an app, so that its system checks run with ``manage.py check``."""

    name = "burqin"
    verbose_name = "Burqin"

    def ready(self):
        from . import checks  # noqa: F401
        from .people import install

        install()
