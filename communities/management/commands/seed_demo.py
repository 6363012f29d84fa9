import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection


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
        # The planner's statistics of the tables just filled (PostgreSQL and SQLite alike):
        # without them the first pages are planned as if each table held a row, and a nested
        # loop over thousands of rows each way takes minutes where a hash join takes milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
