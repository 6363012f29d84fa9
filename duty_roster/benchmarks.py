"""Roster page and solve times: a published month as its community's staff opens it, then the
solver for one community with 30 members for 31 days, and for all 8 communities."""

import datetime
import time

from burqin.benchmarking import page_row
from communities.benchmarks import busiest_community, staff_of
from communities.models import Community

from .models import DutyMember
from .services import roster_generate

SIZES = {1: 4, 2: 6, 3: 8, 4: 6, 5: 6}  # 30 members


def _pages(quick: bool) -> list[dict]:
    """The community's latest roster, timed before this module solves new ones."""
    community = busiest_community()
    roster = community.rosters.first() if community else None
    if roster is None:
        return []
    staff, own = staff_of(community)
    return [page_row(staff, "roster month", roster.get_absolute_url(), own, 5 if quick else 20)]


def run(quick: bool) -> list[dict]:
    month = datetime.date(2031, 1 if not quick else 2, 1)
    communities = list(Community.objects.order_by("order")[: 2 if quick else 8])
    rows = _pages(quick)
    total = 0.0
    for n, community in enumerate(communities):
        DutyMember.objects.bulk_create(
            [
                DutyMember(community=community, category=c, name=f"基准{c}-{i}")
                for c, count in SIZES.items()
                for i in range(count)
            ]
        )
        start = time.perf_counter()
        _roster, _problem, solution = roster_generate(
            community=community, month=month, time_limit=5.0 if quick else 10.0
        )
        seconds = time.perf_counter() - start
        total += seconds
        if n == 0:
            rows.append(
                {
                    "what": f"duty rota, 1 community, {sum(SIZES.values())} members, "
                    f"{(month.replace(month=month.month % 12 + 1) - month).days} days",
                    "value": f"{seconds:.2f} s",
                    "note": f"uncovered {len(solution.uncovered)}, fairness spread "
                    f"{max(solution.spread.values())} shift(s)",
                }
            )
    rows.append(
        {
            "what": f"duty rotas for all {len(communities)} communities",
            "value": f"{total:.2f} s",
            "note": "solved one after another",
        }
    )
    return rows
