"""The monthly rota as a CP-SAT model (OR-Tools), independent of Django so it can be tested and
benchmarked on its own.

Hard rules: each shift gets exactly its minimum of each category (a slot that cannot be filled
stays empty and is reported with the reason, never a silent failure); no one on leave; no one on
two shifts less than ``min_rest_hours`` apart (which also forbids consecutive shifts); at most
``max_nights_per_week`` nights in any seven days. Soft, in order of weight: fill every slot,
even out within each category the number of shifts, then of nights, then of weekend and
public-holiday shifts, keep to stated preferences (weekdays a member would rather not serve),
and change little against the rota already there. Deterministic: one search worker, a fixed seed
and a deterministic time limit.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

SPREAD_WEIGHTS = {"shifts": 100, "nights": 50, "weekends": 30}
PREFERENCE_WEIGHT = 5
CHANGE_WEIGHT = 1


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    name: str
    start: datetime.time
    hours: int
    minimums: dict  # category → minimum
    night: bool = False


@dataclass(frozen=True)
class MemberSpec:
    id: int
    name: str
    category: int
    unavailable: frozenset = frozenset()  # dates on leave
    avoided_weekdays: frozenset = frozenset()  # 1 = Monday


@dataclass
class Problem:
    days: list
    shifts: list
    members: list
    max_nights_per_week: int = 2
    min_rest_hours: int = 12
    holidays: frozenset = frozenset()
    previous: frozenset = frozenset()  # (member id, date, shift code) already on the rota
    category_names: dict = field(default_factory=dict)


@dataclass
class Solution:
    assignments: list  # (date, shift code, member id)
    uncovered: list  # {"date", "shift", "category", "reason"}
    spread: dict  # category → max − min shifts among its members
    seconds: float
    status: str


def _slots(problem):
    return [(day, shift) for day in problem.days for shift in problem.shifts]


def rest_conflicts(problem) -> list[tuple[int, int]]:
    """Pairs of slot indexes closer than the rest rule allows (overlaps included)."""
    slots = _slots(problem)
    spans = []
    for day, shift in slots:
        begin = datetime.datetime.combine(day, shift.start)
        spans.append((begin, begin + datetime.timedelta(hours=shift.hours)))
    rest = datetime.timedelta(hours=problem.min_rest_hours)
    pairs = []
    for i, (start_i, end_i) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            start_j, end_j = spans[j]
            if start_j - end_i > datetime.timedelta(days=3):
                break
            first_end, second_start = (end_i, start_j) if start_i <= start_j else (end_j, start_i)
            if second_start - first_end < rest:
                pairs.append((i, j))
    return pairs


def solve(problem: Problem, time_limit: float = 10.0) -> Solution:
    started = time.perf_counter()
    model = cp_model.CpModel()
    slots = _slots(problem)
    x = {}  # (member index, slot index) → bool
    for m, member in enumerate(problem.members):
        for s, (day, shift) in enumerate(slots):
            if shift.minimums.get(member.category) and day not in member.unavailable:
                x[m, s] = model.new_bool_var(f"x{m}_{s}")

    slack = {}
    for s, (_day, shift) in enumerate(slots):
        for category, minimum in shift.minimums.items():
            if not minimum:
                continue
            chosen = [
                x[m, s]
                for m, member in enumerate(problem.members)
                if member.category == category and (m, s) in x
            ]
            slack[s, category] = model.new_int_var(0, minimum, f"u{s}_{category}")
            model.add(sum(chosen) + slack[s, category] == minimum)

    for i, j in rest_conflicts(problem):
        for m in range(len(problem.members)):
            if (m, i) in x and (m, j) in x:
                model.add(x[m, i] + x[m, j] <= 1)

    nights_by_day = {
        day: [s for s, (d, shift) in enumerate(slots) if d == day and shift.night]
        for day in problem.days
    }
    for m in range(len(problem.members)):
        for first in range(max(len(problem.days) - 6, 1)):
            window = problem.days[first : first + 7]
            night_vars = [x[m, s] for day in window for s in nights_by_day[day] if (m, s) in x]
            if len(night_vars) > problem.max_nights_per_week:
                model.add(sum(night_vars) <= problem.max_nights_per_week)

    penalties = []
    weekend = {
        s
        for s, (day, _shift) in enumerate(slots)
        if day.isoweekday() >= 6 or day in problem.holidays
    }
    night_slots = {s for s, (_day, shift) in enumerate(slots) if shift.night}
    spreads = {}
    for category in sorted({member.category for member in problem.members}):
        members = [m for m, member in enumerate(problem.members) if member.category == category]
        for kind, subset in (("shifts", None), ("nights", night_slots), ("weekends", weekend)):
            totals = [
                sum(v for (mm, s), v in x.items() if mm == m and (subset is None or s in subset))
                for m in members
            ]
            if len(totals) < 2:
                continue
            high = model.new_int_var(0, len(slots), f"hi_{kind}_{category}")
            low = model.new_int_var(0, len(slots), f"lo_{kind}_{category}")
            for total in totals:
                model.add(total <= high)
                model.add(total >= low)
            penalties.append(SPREAD_WEIGHTS[kind] * (high - low))
            if kind == "shifts":
                spreads[category] = (high, low)
    for (m, s), var in x.items():
        day, shift = slots[s]
        member = problem.members[m]
        if day.isoweekday() in member.avoided_weekdays:
            penalties.append(PREFERENCE_WEIGHT * var)
        if problem.previous and (member.id, day, shift.code) not in problem.previous:
            penalties.append(CHANGE_WEIGHT * var)
    # Two phases: first fill as many slots as possible, then, holding that, be fair.
    solver = cp_model.CpSolver()
    solver.parameters.num_search_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = time_limit / 2
    gaps = sum(slack.values())
    model.minimize(gaps)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no rota ({solver.status_name(status)})")
    model.add(gaps <= int(solver.objective_value))
    for var in x.values():
        model.add_hint(var, solver.value(var))
    model.minimize(sum(penalties))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no rota ({solver.status_name(status)})")

    assignments = [
        (slots[s][0], slots[s][1].code, problem.members[m].id)
        for (m, s), var in sorted(x.items(), key=lambda item: (item[0][1], item[0][0]))
        if solver.value(var)
    ]
    uncovered = []
    for (s, category), var in sorted(slack.items()):
        missing = solver.value(var)
        if missing:
            day, shift = slots[s]
            uncovered.append(
                {
                    "date": day.isoformat(),
                    "shift": shift.code,
                    "category": category,
                    "missing": missing,
                    "reason": _explain(problem, day, shift, category),
                }
            )
    return Solution(
        assignments=assignments,
        uncovered=uncovered,
        spread={c: solver.value(hi) - solver.value(lo) for c, (hi, lo) in spreads.items()},
        seconds=time.perf_counter() - started,
        status=solver.status_name(status),
    )


def _explain(problem, day, shift, category) -> str:
    """'4月12日夜班缺少民警：共2名民警，1名休假'."""
    name = problem.category_names.get(category, str(category))
    pool = [m for m in problem.members if m.category == category]
    away = [m for m in pool if day in m.unavailable]
    head = _("%(shift)s on %(month)d/%(day)d lacks a %(category)s") % {
        "month": day.month,
        "day": day.day,
        "shift": shift.name,
        "category": name,
    }
    if not pool:
        return head + _(": there is no one in this category")
    text = head + _(": %(total)d in all") % {"total": len(pool)}
    if away:
        text += _(", %(away)d on leave (%(names)s)") % {
            "away": len(away),
            "names": "、".join(m.name for m in away),
        }
    if len(pool) - len(away) >= shift.minimums[category]:
        text += _(", the others held by the rest or night rules")
    return text
