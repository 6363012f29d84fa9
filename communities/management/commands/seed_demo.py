import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo communities, residents, records and accounts (idempotent)."

    def handle(self, *args, **options):
        # Each app that has demo data keeps it in <app>/demo.py with a seed(stdout) function,
        # run in INSTALLED_APPS order so later apps can build on the registry.
        for app_config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
