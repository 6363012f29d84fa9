"""A person's and a household's whole record (档案): the registry's page gathering what every
domain app holds about them.

The registry sits below the apps it gathers (DESIGN.md's layers), so it imports none of them:
each app contributes ``<app>/record.py`` with ``resident_sections(resident, user)`` and
``household_sections(household, user)``, each returning a list of ``Section`` — found the way
``seed_demo`` finds the apps' demo modules. A section reads through ``visible_to(user)``,
answers nothing the user's permissions do not cover, and runs a fixed number of queries
whatever the size of the record (the page's query count is tested at two sizes).
"""

import importlib
from dataclasses import dataclass, field

from django.apps import apps


@dataclass
class Section:
    """One block of the record: a title, the template drawing it and what it draws."""

    title: str
    template: str
    data: dict = field(default_factory=dict)
    order: int = 50


def _record_modules():
    for app_config in apps.get_app_configs():
        if app_config.name == "communities":
            continue  # this module: the registry gathers, it contributes no section of its own
        try:
            module = importlib.import_module(f"{app_config.name}.record")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.record":
                raise
            continue
        yield module


def resident_sections(resident, user) -> list[Section]:
    """Every app's sections of one person's record, in their order."""
    sections = []
    for module in _record_modules():
        if hasattr(module, "resident_sections"):
            sections += module.resident_sections(resident, user)
    return sorted(sections, key=lambda s: s.order)


def household_sections(household, user) -> list[Section]:
    """Every app's sections of one household's record, in their order."""
    sections = []
    for module in _record_modules():
        if hasattr(module, "household_sections"):
            sections += module.household_sections(household, user)
    return sorted(sections, key=lambda s: s.order)
