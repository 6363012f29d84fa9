"""Every page, timed: the benchmark's walk over every URL pattern of the project (issue 19 item 6).

The same requests as the query-count test (tests/query_walk.py: each list with each filter and
search of its ``@query_parameters``, each object page, each form, each htmx partial), with their
objects taken from the loaded dataset — the latest record of every model in the busiest
community — and sent as that community's staff and as a town-wide official. Each request is
timed ``repeats`` times after one warm-up; every request over its budget (p95 above 150 ms for a
page, 2 s for a PDF) goes into the table, then the ten nearest their budget (p95 over budget)
and the ten slowest.

Exports are left out: above ``EXPORT_ASYNC_ROWS`` they become background jobs, and their rate
and memory are measured by the export rows of ``communities`` and ``welfare``.
"""

import gc
import statistics
import time

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from burqin.benchmarking import client_for
from communities.benchmarks import bench_user, busiest_community
from communities.roles import COMMUNITY_STAFF, TOWN_OFFICIAL

SLOWEST = 10
BUDGET_MS = 150
# A PDF is a document laid out by WeasyPrint, a page per sheet of paper: it is held to the
# budget of the month's report (issue 19), not to a screen's.
DOCUMENT_BUDGET_MS = 2000


def _budget(figures: dict) -> int:
    return DOCUMENT_BUDGET_MS if figures["document"] else BUDGET_MS


def loaded_objects(community) -> dict[str, object]:
    """The latest record of every scoped model in the community (a town-wide record, such as a
    month's batch or a job fair, the latest of all)."""
    from tests.scope_walk import scoped_models

    objects = {}
    for label in scoped_models():
        queryset = apps.get_model(label)._default_manager.all()
        if hasattr(queryset, "_scope_lookup"):
            queryset = queryset.filter(**{queryset._scope_lookup(): [community.pk]})
        objects[label] = queryset.order_by("-pk").first()
    return objects


def _time(client, request, repeats: int) -> dict:
    cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = request.send(client)
    # From a collected heap, as burqin.benchmarking.measure: the walk's own garbage (hundreds of
    # pages in one process) otherwise lands a full collection in some page's time.
    gc.collect()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        request.send(client)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return {
        "p50": statistics.median(times),
        "p95": p95,
        "queries": len(captured),
        "status": response.status_code,
        "document": response.get("Content-Type", "").startswith("application/pdf"),
    }


def every_page(quick: bool) -> list[dict]:
    """Rows of the benchmark table: a summary of the walk, then every request over the budget,
    the ten nearest it (p95 over budget) and the ten slowest."""
    from tests.query_walk import requests_for

    community = busiest_community()
    if community is None:
        return []
    objects = loaded_objects(community)
    walk = [r for r in requests_for(objects) if "'export'" not in r.label]
    # Every permission, so that each page answers with its content rather than a refusal.
    staff = bench_user("walk-staff", COMMUNITY_STAFF, community)
    official = bench_user("walk-official", TOWN_OFFICIAL)
    for user in (staff, official):
        user.user_permissions.set(Permission.objects.all())
    users = {
        f"staff of {community.name}": client_for(staff),
        "town-wide official": client_for(official),
    }
    repeats = 2 if quick else 5
    timed = []
    for who, client in users.items():
        for request in walk:
            timed.append((who, request, _time(client, request, repeats)))
    # Nearest their budget first: a page at 140 ms before a PDF at 300 ms.
    timed.sort(key=lambda t: -t[2]["p95"] / _budget(t[2]))
    over_budget = [t for t in timed if t[2]["p95"] > _budget(t[2])]
    over = len(over_budget)
    listed = over_budget + [t for t in timed[:SLOWEST] if t not in over_budget]
    slowest = sorted(timed, key=lambda t: -t[2]["p95"])[:SLOWEST]
    listed += [t for t in slowest if t not in listed]
    failed = [f"{r.label} ({f['status']})" for _who, r, f in timed if f["status"] >= 500]
    # A community's staff are refused the town's pages (403): answered, but no page is timed.
    refused = sum(1 for _who, _r, f in timed if 300 <= f["status"] < 500)
    patterns = len({r.url for r in walk})
    rows = [
        {
            "what": "every page (walk of the URLconf)",
            "value": f"{len(timed):,} requests",
            "note": f"{patterns} URLs × their filters, both users, p50/p95 of {repeats}; "
            f"{over} over budget (p95: a page {BUDGET_MS} ms, a PDF {DOCUMENT_BUDGET_MS} ms); "
            f"{refused} refused or redirected; "
            f"{len(failed)} errors{': ' if failed else ''}" + ", ".join(failed[:5]),
        }
    ]
    for who, request, figures in listed:
        rows.append(
            {
                "what": f"slow {'PDF' if figures['document'] else 'page'}: {request.label}",
                "value": f"p50 {figures['p50']:.0f} ms · p95 {figures['p95']:.0f} ms",
                "note": f"{figures['queries']} queries; {who}",
            }
        )
    return rows
