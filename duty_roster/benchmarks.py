"""Roster solve times on hard instances: 30 members × 31 days × 3 shifts with leave, two town
leaders shared by the first two communities, the previous month's rota as the hint, and all 8
communities one after another — after the roster month page as its community's staff opens it.
Each row says whether the rota is proven optimal or the best
found within ``ROSTER_MAX_SECONDS``, and its fairness spread."""

import datetime
import time

from django.conf import settings
from django.contrib.auth import get_user_model

from burqin.benchmarking import page_row
from communities.benchmarks import busiest_community, staff_of
from communities.models import Community

from .models import DutyMember, Leave
from .services import roster_generate

SIZES = {1: 4, 2: 6, 3: 8, 4: 6, 5: 6}  # 30 members
SHARED_LEADERS = 2  # town leaders linked to both of the first two communities
# (index of the member within the community, first day of leave, days): a police officer away
# for a week, a cadre and a welfare-post worker for a few days, a leader for a long weekend.
LEAVES = [(10, 3, 7), (12, 14, 4), (24, 20, 5), (25, 8, 3), (1, 17, 3)]


def _members(community, shared_users) -> list[DutyMember]:
    members = DutyMember.objects.bulk_create(
        [
            DutyMember(community=community, category=c, name=f"基准{community.code}{c}-{i}")
            for c, count in SIZES.items()
            for i in range(count)
        ]
    )
    for member, user in zip(members, shared_users, strict=False):  # the first are leaders
        member.user = user
        member.save(update_fields=["user"])
    return members


def _leave(members, month) -> None:
    Leave.objects.bulk_create(
        [
            Leave(
                member=members[index],
                start=month + datetime.timedelta(days=first),
                end=month + datetime.timedelta(days=first + days - 1),
                reason="基准",
            )
            for index, first, days in LEAVES
        ]
    )


def _row(what, seconds, solution) -> dict:
    found = "optimal" if solution.optimal else "best found in time (not proven optimal)"
    gap = "" if solution.optimal else f", objective {solution.objective} vs bound {solution.bound}"
    return {
        "what": what,
        "value": f"{seconds:.2f} s",
        "note": f"{found}; fairness spread {solution.max_spread} shift(s){gap}; "
        f"uncovered {len(solution.uncovered)}; limit {solution.time_limit:g} s × "
        f"{solution.workers} workers",
    }


def _pages(quick: bool) -> list[dict]:
    """The community's latest roster, timed before this module solves new ones."""
    community = busiest_community()
    roster = community.rosters.first() if community else None
    if roster is None:
        return []
    staff, own = staff_of(community)
    return [page_row(staff, "roster month", roster.get_absolute_url(), own, 5 if quick else 20)]


def _generate(community, month, time_limit):
    start = time.perf_counter()
    _roster, _problem, solution = roster_generate(
        community=community, month=month, time_limit=time_limit
    )
    return time.perf_counter() - start, solution


def run(quick: bool) -> list[dict]:
    month = datetime.date(2031, 1 if not quick else 2, 1)
    days = (month.replace(month=month.month % 12 + 1) - month).days
    time_limit = settings.ROSTER_MAX_SECONDS / (2 if quick else 1)
    communities = list(Community.objects.order_by("order")[: 2 if quick else 8])
    users = [
        get_user_model().objects.create(username=f"bench_leader_{month:%Y%m}_{n}")
        for n in range(SHARED_LEADERS)
    ]
    rows, total = _pages(quick), 0.0
    for n, community in enumerate(communities):
        # Exactly the benchmark's members (the command rolls everything back afterwards).
        DutyMember.objects.filter(community=community).update(active=False)
        members = _members(community, users if n < 2 else [])
        _leave(members, month)
        seconds, solution = _generate(community, month, time_limit)
        total += seconds
        if n == 0:
            rows.append(
                _row(
                    f"duty rota, 1 community, {sum(SIZES.values())} members × {days} days × "
                    f"3 shifts, {len(LEAVES)} on leave",
                    seconds,
                    solution,
                )
            )
        elif n == 1:
            rows.append(
                _row(
                    f"duty rota of a second community sharing {SHARED_LEADERS} town leaders "
                    "with the first",
                    seconds,
                    solution,
                )
            )
    rows.append(
        {
            "what": f"duty rotas for all {len(communities)} communities",
            "value": f"{total:.2f} s",
            "note": "solved one after another, with leave and the shared leaders",
        }
    )
    following = month.replace(month=month.month % 12 + 1)
    _leave(DutyMember.objects.filter(community=communities[0]).order_by("pk"), following)
    seconds, solution = _generate(communities[0], following, time_limit)
    rows.append(
        _row(
            "duty rota of the next month, this month's rota as the hint",
            seconds,
            solution,
        )
    )
    return rows
