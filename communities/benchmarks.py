"""Registry page timings on the data in the database — a generated dataset
(``generate_dataset``) or the demo. The admin changelist's search for the same query is the
reference a user would otherwise use. ``bench_user`` and ``busiest_community`` serve every app's
page timings."""

import gc
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.test import RequestFactory, override_settings
from django.urls import reverse

from burqin.benchmarking import client_for, page_row

from . import exports
from .models import Community, Household, Resident, StaffProfile
from .roles import COMMUNITY_STAFF, TOWN_OFFICIAL

# Benchmarks of other apps create communities of their own (code "bench"): pages are timed on
# the loaded data, not on those.
BENCH_CODE = "bench"


def bench_user(name, role, community=None, superuser=False):
    """The benchmark account ``bench-NAME`` (created once per run, shared between apps)."""
    user, created = get_user_model().objects.get_or_create(
        username=f"bench-{name}", defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    if created and role:
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, community=community)
    return user


def busiest_community() -> Community | None:
    """The community with the most residents (``n``), or ``None`` when no data is loaded."""
    community = (
        Community.objects.exclude(code=BENCH_CODE)
        .annotate(n=Count("residents"))
        .order_by("-n")
        .first()
    )
    return community if community is not None and community.n else None


def staff_of(community: Community):
    """A test client signed in as a staff member of the community, and the scope's note."""
    client = client_for(bench_user("staff", COMMUNITY_STAFF, community))
    return client, f"{community.name}, {community.n:,} residents"


def run(quick: bool) -> list[dict]:
    community = busiest_community()
    if community is None:
        return [
            {
                "what": "pages",
                "value": "—",
                "note": "no data: run seed_demo or generate_dataset first",
            }
        ]
    repeats = 5 if quick else 20
    staff, own = staff_of(community)
    official = client_for(bench_user("official", TOWN_OFFICIAL))
    admin = client_for(bench_user("admin", None, superuser=True))
    residents = reverse("communities:resident_list")
    changelist = reverse("admin:communities_resident_changelist")
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
    households = reverse("communities:household_list")
    last = Household.objects.count() // 50 + 1
    pages.append(
        (official, "household list, town-wide, last page", f"{households}?page={last}", everyone)
    )
    pages.append((staff, "household list, own community", households, own))
    rows = [page_row(client, what, url, scope, repeats) for client, what, url, scope in pages]
    user = bench_user("official", TOWN_OFFICIAL)
    total = Resident.objects.count()
    for n in export_sizes(total, quick):
        rows.append(
            export_row(
                "export: residents",
                lambda request, n=n: exports.residents_xlsx(
                    request,
                    Resident.objects.visible_to(user)
                    .select_related("community", "household")
                    .order_by("pk")[:n],
                ),
                user,
                n,
            )
        )
    return rows


# Exports: time and memory as the number of rows grows -------------------------------------------


def export_sizes(total: int, quick: bool) -> list[int]:
    """Two sizes, the larger four times the smaller, so flat memory shows as equal growth."""
    largest = total if not quick else total // 10
    return [n for n in (largest // 4, largest) if n]


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> bool:
    """Linux: make VmHWM (the peak RSS) start again from the current RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def export_row(what: str, export, user, n: int) -> dict:
    """Stream ``export(request)`` (a list's export, below the background-job limit) to nowhere:
    rows per second, the growth of the peak RSS, and tracemalloc's peak (a second run)."""
    request = RequestFactory().get("/", {"export": "xlsx"})
    request.user = user
    request.session = {}

    def drain() -> int:
        with override_settings(EXPORT_ASYNC_ROWS=n + 1):
            response = export(request)
        size = sum(len(chunk) for chunk in response.streaming_content)
        # Not response.close(): that signals the request's end, which closes the connection.
        response.file_to_stream.close()
        return size

    gc.collect()
    exact = _reset_peak_rss()
    before = _rss_kb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    size = drain()
    seconds = time.perf_counter() - start
    # The process's CPU time beside the wall clock: on a shared machine the wall clock
    # measures the neighbours too (the database server's time is in neither).
    cpu = time.process_time() - cpu_start
    growth = (_rss_kb("VmHWM") - before) / 1024
    gc.collect()
    tracemalloc.start()
    drain()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = f"peak RSS +{growth:.0f} MB" if exact else f"RSS +{growth:.0f} MB (peak not resettable)"
    return {
        "what": f"{what}, {n:,} rows",
        "value": f"{seconds:.1f} s · {n / seconds:,.0f} rows/s",
        "note": f"CPU {cpu:.1f} s ({n / cpu:,.0f} rows/s) · {rss} · tracemalloc peak "
        f"{peak / 1048576:.1f} MB · file {size / 1048576:.1f} MB",
    }
