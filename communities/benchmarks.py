"""Page timings (p50 / p95 over repeated requests, and the query count) on the data in the
database — a generated dataset (``generate_dataset``) or the demo — through Django's test
client, so no network is involved. The admin changelist's search for the same query is the
reference a user would otherwise use."""

import gc
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .models import Community, Household, Resident, StaffProfile
from .roles import COMMUNITY_STAFF, TOWN_OFFICIAL

DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"


def rewrite_section(key: str, title: str, text: str) -> None:
    """Replace the text between ``<!-- benchmark:KEY:begin/end -->`` in docs/performance.md,
    or append it under a ``## TITLE`` heading the first time."""
    begin, end = f"<!-- benchmark:{key}:begin -->", f"<!-- benchmark:{key}:end -->"
    current = DOC.read_text() if DOC.exists() else "# Performance\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n## {title}\n\n{block}\n"
    DOC.write_text(current)


def client_for(user) -> Client:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    client = Client(SERVER_NAME=hosts[0] if hosts else "localhost")
    client.force_login(user)
    return client


def measure(client, url, repeats) -> dict:
    reset_queries()  # each request starts a fresh log; count from zero
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    gc.collect()  # start from a collected heap: earlier benchmarks leave much garbage behind
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return {"p50": statistics.median(times), "p95": p95, "queries": len(captured)}


def bench_user(name, role, community=None, superuser=False):
    user = get_user_model().objects.create_user(
        f"bench-{name}", is_superuser=superuser, is_staff=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, community=community)
    return user


def run(quick: bool) -> list[dict]:
    from welfare.models import DisbursementBatch

    community = Community.objects.annotate(n=Count("residents")).order_by("-n").first()
    if community is None or not community.n:
        return [
            {
                "what": "pages",
                "value": "—",
                "note": "no data: run seed_demo or generate_dataset first",
            }
        ]
    repeats = 5 if quick else 20
    staff = client_for(bench_user("staff", COMMUNITY_STAFF, community))
    official = client_for(bench_user("official", TOWN_OFFICIAL))
    admin = client_for(bench_user("admin", None, superuser=True))
    residents = reverse("communities:resident_list")
    changelist = reverse("admin:communities_resident_changelist")
    own = f"{community.name}, {community.n:,} residents"
    everyone = f"all communities, {Resident.objects.count():,} residents"
    sample = Resident.objects.filter(community=community).order_by("pk").first()
    name, tail = sample.name, sample.id_number[-4:]
    pages = [(staff, "resident list, pinyin search “zs”", f"{residents}?q=zs", own)]
    household = (
        Household.objects.filter(community=community)
        .annotate(n=Count("members"))
        .order_by("-n")
        .first()
    )
    pages.append((staff, "household detail", household.get_absolute_url(), own))
    pages.append((staff, "enrollment list", reverse("welfare:enrollment_list"), own))
    batch = DisbursementBatch.objects.annotate(n=Count("disbursements")).order_by("-n").first()
    if batch:
        what = f"batch detail ({batch.n:,} rows)"
        pages.append((official, what, batch.get_absolute_url(), "all communities"))
    from employment.models import JobFair

    fair = JobFair.objects.order_by("-date").first()
    if fair:
        url = reverse("employment:jobfair_checkin", args=[fair.pk])
        pages.append((staff, "fair check-in", url, own))
    roster = community.rosters.first()
    if roster:
        pages.append((staff, "roster month", roster.get_absolute_url(), own))
    pages.append((official, "dashboard", reverse("reports:dashboard"), "all communities"))
    # The same searches town-wide, ours beside Django admin's changelist (the reference).
    searches = (
        (f"initials “{sample.name_initials}”", sample.name_initials),
        (f"name “{name}”", name),
        (f"ID tail “{tail}”", tail),
    )
    for label, query in searches:
        pages.append(
            (official, f"resident list, search {label}", f"{residents}?q={quote(query)}", everyone)
        )
        pages.append(
            (
                admin,
                f"admin changelist, search {label} (reference)",
                f"{changelist}?q={quote(query)}",
                everyone,
            )
        )
    rows = []
    for client, what, url, scope in pages:
        figures = measure(client, url, repeats)
        rows.append(
            {
                "what": f"page: {what}",
                "value": f"p50 {figures['p50']:.0f} ms · p95 {figures['p95']:.0f} ms",
                "note": f"{figures['queries']} queries; {scope}",
            }
        )
    return rows
