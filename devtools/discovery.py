"""Finding each app's contribution to the tooling, as reports finds each app's ``summary.py``."""

import importlib
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def project_app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """``(app label, module)`` for every project app that has a ``<app>.<name>`` module
    (``dataset``, ``benchmarks``), in ``INSTALLED_APPS`` order: an app that builds on another's
    data comes after it there too. Third-party and Django apps are not searched."""
    found = []
    for app_config in apps.get_app_configs():
        if Path(app_config.path).parent != Path(settings.BASE_DIR):
            continue
        try:
            module = importlib.import_module(f"{app_config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.{name}":
                raise
            continue
        found.append((app_config.label, module))
    return found
