"""The audit trail: which models keep history, which are exempt and why, and who is acting.

Every model of the apps below records people, money, duty or reports and keeps its history with
django-simple-history (``history = HistoricalRecords()``), so that each change leaves a row saying
who made it and when. A model that does not is listed in ``EXEMPT_MODELS`` with the reason;
``tests/test_audit_trail.py`` fails for a model in neither place.

Writes go through ``save()``/``delete()`` (which write history through signals) or, for many rows
at once, simple_history's ``bulk_create_with_history`` / ``bulk_update_with_history``. A bare
queryset ``update()``, ``bulk_create()`` or ``bulk_update()`` on an audited model writes no history;
the few that may are listed in ``HISTORY_BYPASS_ALLOWED`` with the reason, and the same test scans
the apps' code for any other.

Views write nothing themselves: every create, change or delete of a model goes through the app's
``services.py``, which records the acting user in the history. The same test reads every views
module of the project and fails on a model write in it (``save()``, ``delete()``, ``update()``,
``create()``, the bulk writes, ``save_m2m()``, a related manager's ``add/remove/set/clear``).
A ``save()`` that writes no model — an ``XlsxWriter`` returning its bytes — is told apart by
the class of its receiver, listed in ``NOT_MODEL_WRITES`` with the reason.

In a request, simple_history's ``HistoryRequestMiddleware`` records the logged-in user. Outside
one (management commands, Celery tasks), a service wraps its writes in ``acting_as(actor)``.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords

AUDITED_APPS = (
    "communities",
    "community_services",
    "welfare",
    "employment",
    "duty_roster",
    "reports",
)

# "app_label.ModelName" → why it keeps no history of its own.
EXEMPT_MODELS = {
    "communities.ExportJob": (
        "a user's own request for a file: status and progress of a background export, readable "
        "only by that user; it records nothing about people or money (the rows exported keep "
        "their own history) and its progress is updated many times a second"
    ),
    "welfare.ReviewStep": (
        "append-only timeline of an enrollment's review: each row is itself the record of who "
        "(actor) did what and when (at); services only ever create rows, never edit them"
    ),
}

# Each app's dataset.py, run by `generate_dataset` (devtools) for a benchmark database.
SYNTHETIC = (
    "synthetic data for a benchmark database (docs/performance.md): millions of invented rows, "
    "not an audit trail; history would double the load time and the tables measured"
)

# "path::function" (or "path" for a whole file) → why a bulk write there may skip history.
HISTORY_BYPASS_ALLOWED = {
    "communities/dataset.py": SYNTHETIC,
    "community_services/dataset.py": SYNTHETIC,
    "welfare/dataset.py": SYNTHETIC,
    "employment/dataset.py": SYNTHETIC,
    "duty_roster/dataset.py": SYNTHETIC,
    "welfare/benchmarks.py": "benchmark fixtures: synthetic rows timed against the services",
    "reports/benchmarks.py": "benchmark fixtures: synthetic rows timed against the services",
    "duty_roster/benchmarks.py": "benchmark fixtures: synthetic rows timed against the services",
    "reports/services.py::report_transition": (
        "build bookkeeping by the worker (claiming a pending build with a conditional update so "
        "two workers never build it twice, marking it failed); the finished build is saved with "
        "save() and leaves its history row"
    ),
    "duty_roster/summary.py::refresh_coverage": (
        "cached counts derived from the assignments (which keep their own history), recomputed "
        "whenever the figures are read"
    ),
}

# "module.Class" → why calling its save()/update()/… in a view writes no model.
NOT_MODEL_WRITES = {
    "burqin.spreadsheets.XlsxWriter": (
        "save() closes the workbook and returns the .xlsx bytes for the download; nothing is "
        "written to the database"
    ),
}


@contextmanager
def acting_as(user):
    """Record ``user`` as the author of every history row written inside the block.

    For services run outside a request (commands, Celery tasks); in a request the middleware has
    already set the logged-in user and an explicit ``user`` takes its place for the block. With
    ``user=None`` nothing changes.
    """
    if user is None:
        yield
        return
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
