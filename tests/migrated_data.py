"""Put back the rows that data migrations create (roles, the program catalogue, the report
schedule) after a transactional test emptied the tables.

serialized_rollback should do this, but after a browser test it was seen to leave the catalogue
out, so tests that run on committed data (browser, real worker) call ``ensure()`` first.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

DATA_MIGRATIONS = [
    ("communities.migrations.0002_roles", "create_roles"),
    # The service categories and the roles' grants of the community services, under their
    # app's name (communities.0004 made them when the models lived in communities).
    ("community_services.migrations.0002_content_types_and_roles", "create"),
    ("community_services.migrations.0004_service_centre_role", "create_role"),
    ("community_services.migrations.0006_events_and_cadre_training_roles", "create"),
    ("welfare.migrations.0002_catalogue_and_roles", "create_catalogue"),
    ("welfare.migrations.0016_relief_catalogue_and_roles", "forwards"),
    ("welfare.migrations.0018_allowance_programs", "add_programs"),
    ("employment.migrations.0002_roles", "create_roles"),
    ("employment.migrations.0006_ecommerce_survey_roles", "create_roles"),
    ("duty_roster.migrations.0002_roles", "create_roles"),
    ("reports.migrations.0002_schedule_and_roles", "create"),
    ("reports.migrations.0003_stale_build_sweep", "create"),
]


def ensure() -> None:
    """Run the data migrations' functions again (they are idempotent) if their rows are gone."""
    from welfare.models import Program

    if Group.objects.exists() and Program.objects.exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
