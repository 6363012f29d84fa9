"""Scope by default, read from the source: a view or a selector that touches a scoped model's
manager (``Model.objects…`` / ``Model._default_manager…``) goes through the scoping method
(``visible_to``, ``for_request`` or ``get_for_user``) in the same chain of calls.

Code that works on a queryset it was given (already scoped by its caller) is not concerned; a
read that cannot take the user's scope is listed in ``ALLOWED`` with its reason.
"""

import ast
import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings

SCOPING = {"visible_to", "for_request", "get_for_user"}
MANAGERS = {"objects", "_default_manager"}
# (file, function, model) → why it may read the manager without the user's scope.
ALLOWED = {
    ("communities/views.py", "_household_form", "Resident"): (
        "the member formset's queryset: rows are the household's own members, and the household "
        "was fetched with get_for_user; HouseholdForm/ResidentForm refuse foreign residents"
    ),
    ("employment/selectors.py", "village_transfer_shares", "JobSeeker"): (
        "a report figure over the communities passed in, which callers scope (views: "
        "Community.objects.for_request; the report: its own scope)"
    ),
    ("welfare/selectors.py", "anomalies", "Enrollment"): (
        "counts another enrollment of the same resident across the town (a duplicate "
        "enrollment elsewhere is the anomaly); only the scoped rows are shown"
    ),
    ("duty_roster/selectors.py", "on_duty_at", "ShiftTemplate"): (
        "the kinds of shift in use (a start and a length, no community's data) to build the "
        "filter; the assignments it filters are the scoped ones passed in"
    ),
    ("welfare/selectors.py", "monthly_trend", "DisbursementBatch"): (
        "town-wide batches (TownWideQuerySet): the figures come from the scoped payments passed in"
    ),
}


def source_files() -> list[Path]:
    """views.py, views/*.py and *selectors.py of every app of the project, and of its
    sub-packages (``community_services/activities/views.py``)."""
    base = Path(settings.BASE_DIR)
    files = []
    for config in apps.get_app_configs():
        path = Path(config.path)
        if base not in path.parents or ".venv" in path.parts:
            continue
        files += [path / "views.py", *sorted((path / "views").glob("*.py"))]
        files += sorted(path.glob("*selectors.py"))
        files += sorted(path.glob("*/views.py")) + sorted(path.glob("*/*selectors.py"))
    return [f for f in files if f.exists()]


def is_scoped(model) -> bool:
    return isinstance(model, type) and hasattr(
        getattr(model, "_default_manager", None), "visible_to"
    )


def unscoped_reads(path: Path) -> list[tuple[str, str, int]]:
    """``(function, model, line)`` of each manager chain without a scoping call."""
    relative = path.relative_to(Path(settings.BASE_DIR))
    module = importlib.import_module(".".join(relative.with_suffix("").parts))
    return scan(path.read_text(), vars(module))


def scan(source: str, namespace: dict) -> list[tuple[str, str, int]]:
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and is_scoped(namespace.get(node.value.id))
        ):
            continue
        methods, current = set(), node
        while True:
            parent = parents.get(current)
            if isinstance(parent, ast.Attribute) and parent.value is current:
                methods.add(parent.attr)
            elif not (isinstance(parent, ast.Call) and parent.func is current):
                break
            current = parent
        if methods & SCOPING:
            continue
        function = next(
            (
                p.name
                for p in _ancestors(node, parents)
                if isinstance(p, ast.FunctionDef | ast.AsyncFunctionDef)
            ),
            "<module>",
        )
        found.append((function, node.value.id, node.lineno))
    return found


def _ancestors(node, parents):
    while node in parents:
        node = parents[node]
        yield node


def test_views_and_selectors_read_scoped_models_through_the_scope():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in source_files():
        relative = str(path.relative_to(base))
        for function, model, line in unscoped_reads(path):
            if (relative, function, model) not in ALLOWED:
                offenders.append(f"{relative}:{line} {function}() reads {model}.objects unscoped")
    assert not offenders, "\n".join(offenders)


def test_every_allowed_unscoped_read_still_exists():
    """An entry of ALLOWED whose code is gone is removed, so the list stays short and true."""
    base = Path(settings.BASE_DIR)
    present = {
        (str(path.relative_to(base)), function, model)
        for path in source_files()
        for function, model, _line in unscoped_reads(path)
    }
    assert not set(ALLOWED) - present, set(ALLOWED) - present


def test_the_check_finds_an_unscoped_read():
    """The check itself: ``Enrollment.objects.all()`` in a view is reported."""
    from welfare.models import Enrollment, Program

    source = (
        "def leaky(request):\n    return Enrollment.objects.select_related('program').all()\n"
        "def fine(request):\n    return Enrollment.objects.for_request(request).all()\n"
        "def fetch(request, pk):\n    return Enrollment.objects.get_for_user(request.user, pk=pk)\n"
        "def catalogue(request):\n    return Program.objects.all()\n"
    )
    found = scan(source, {"Enrollment": Enrollment, "Program": Program})
    assert [(function, model) for function, model, _line in found] == [("leaky", "Enrollment")]
