"""Put back the rows that data migrations create (roles, the program catalogue, the report
schedule) after a transactional test emptied the tables.

serialized_rollback does this for most tests; Playwright's running event loop keeps it from
happening for browser tests, so their conftest calls ``ensure()``.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

DATA_MIGRATIONS = [
    ("communities.migrations.0002_roles", "create_roles"),
    ("welfare.migrations.0002_catalogue_and_roles", "create_catalogue"),
    ("reports.migrations.0002_schedule_and_roles", "create"),
]


def ensure() -> None:
    if Group.objects.exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
