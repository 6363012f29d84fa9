"""The monthly rota as a CP-SAT model (OR-Tools), independent of Django so it can be tested and
benchmarked on its own.

Hard rules: each shift gets exactly its minimum of each category (a slot that cannot be filled
stays empty and is reported with the reason, never a silent failure); no one on leave; no one on
two shifts less than ``min_rest_hours`` apart (which also forbids consecutive shifts); at most
``max_nights_per_week`` nights in any seven days. Soft, in order of weight: fill every slot,
even out within each category the number of shifts, then of nights, then of weekend and
public-holiday shifts, keep to stated preferences (weekdays a member would rather not serve),
and change little against the rota already there.

Bounded in wall-clock time: both phases together stop at ``time_limit`` seconds
(``max_time_in_seconds``, ``workers`` search workers — the two cores); the previous month's rota
is the starting hint. The result says whether it is proven optimal or the best found in time
(CP-SAT's OPTIMAL or FEASIBLE), with the fairness spread and, when not optimal, the objective
and the bound it was still away from.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

SPREAD_WEIGHTS = {"shifts": 100, "nights": 50, "weekends": 30}
PREFERENCE_WEIGHT = 5
CHANGE_WEIGHT = 1
FILL_SHARE = 0.8  # of the time limit, at most, for the first phase


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
    # The previous month's rota laid on this month's dates (member id, date, shift code), for
    # the members it had: the solver's starting hint.
    hint: frozenset = frozenset()
    hint_members: frozenset = frozenset()
    # member id → [(begin, end)] of shifts served in another community (a town leader linked to
    # several): hard, like leave, with the rest rule around them.
    busy: dict = field(default_factory=dict)


@dataclass
class Solution:
    assignments: list  # (date, shift code, member id)
    uncovered: list  # {"date", "shift", "category", "reason"}
    # category → max − min shifts among its members (a shared leader's shifts in other
    # communities this month included)
    spread: dict
    seconds: float
    status: str  # OPTIMAL (proven) or FEASIBLE (the best found within the time limit)
    # The weighted unfairness, preference and change penalties, and the best bound proven for it
    # (equal when optimal; None when the time ran out before the second phase found a rota).
    objective: int | None = None
    bound: int | None = None
    time_limit: float = 0.0
    workers: int = 1

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"

    @property
    def max_spread(self) -> int:
        return max(self.spread.values(), default=0)

    def report(self) -> dict:
        """What the rota keeps of the search (``RosterMonth.solve_report``, the JSON)."""
        return {
            "status": "optimal" if self.optimal else "feasible",
            "seconds": round(self.seconds, 3),
            "time_limit": self.time_limit,
            "workers": self.workers,
            "fairness_spread": {str(c): n for c, n in sorted(self.spread.items())},
            "max_spread": self.max_spread,
            "objective": self.objective,
            "bound": self.bound,
        }


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


def _busy_elsewhere(problem, day, shift, spans) -> bool:
    """Whether a slot comes closer than the rest rule to a shift served in another community."""
    begin = datetime.datetime.combine(day, shift.start)
    end = begin + datetime.timedelta(hours=shift.hours)
    rest = datetime.timedelta(hours=problem.min_rest_hours)
    return any(
        begin < other_end + rest and other_begin < end + rest for other_begin, other_end in spans
    )


def solve(problem: Problem, time_limit: float = 8.0, workers: int = 2) -> Solution:
    started = time.perf_counter()
    model = cp_model.CpModel()
    slots = _slots(problem)
    x = {}  # (member index, slot index) → bool
    for m, member in enumerate(problem.members):
        busy = problem.busy.get(member.id, ())
        for s, (day, shift) in enumerate(slots):
            if (
                shift.minimums.get(member.category)
                and day not in member.unavailable
                and not (busy and _busy_elsewhere(problem, day, shift, busy))
            ):
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
    # A leader's shifts in other communities this month count towards their share here too.
    month_days = set(problem.days)
    elsewhere = {
        m: sum(1 for begin, _end in problem.busy.get(member.id, ()) if begin.date() in month_days)
        for m, member in enumerate(problem.members)
    }
    for category in sorted({member.category for member in problem.members}):
        members = [m for m, member in enumerate(problem.members) if member.category == category]
        for kind, subset in (("shifts", None), ("nights", night_slots), ("weekends", weekend)):
            totals = [
                sum(v for (mm, s), v in x.items() if mm == m and (subset is None or s in subset))
                + (elsewhere[m] if subset is None else 0)
                for m in members
            ]
            if len(totals) < 2:
                continue
            most = len(slots) + max(elsewhere.values(), default=0)
            high = model.new_int_var(0, most, f"hi_{kind}_{category}")
            low = model.new_int_var(0, most, f"lo_{kind}_{category}")
            for total in totals:
                model.add(total <= high)
                model.add(total >= low)
            penalties.append(SPREAD_WEIGHTS[kind] * (high - low))
    for (m, s), var in x.items():
        day, shift = slots[s]
        member = problem.members[m]
        if day.isoweekday() in member.avoided_weekdays:
            penalties.append(PREFERENCE_WEIGHT * var)
        if problem.previous and (member.id, day, shift.code) not in problem.previous:
            penalties.append(CHANGE_WEIGHT * var)
    # Two phases: first fill as many slots as possible, then, holding that, be fair. Both share
    # one wall-clock budget.
    for (m, s), var in x.items():
        member = problem.members[m]
        if member.id in problem.hint_members:
            day, shift = slots[s]
            model.add_hint(var, (member.id, day, shift.code) in problem.hint)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    # Filling the places comes first: it may take most of the time (it stops as soon as every
    # place is filled, usually at once); fairness gets at least the last fifth.
    solver.parameters.max_time_in_seconds = max(time_limit * FILL_SHARE, 0.1)
    gaps = sum(slack.values())
    model.minimize(gaps)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no rota ({solver.status_name(status)})")
    first_optimal = status == cp_model.OPTIMAL
    model.add(gaps <= int(solver.objective_value))
    filled = {key: solver.value(var) for key, var in x.items()}
    model.clear_hints()
    for key, var in x.items():
        model.add_hint(var, filled[key])
    slack_filled = {key: solver.value(var) for key, var in slack.items()}
    model.minimize(sum(penalties))
    solver.parameters.max_time_in_seconds = max(time_limit - (time.perf_counter() - started), 0.1)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        value = solver.value
        objective, bound = int(solver.objective_value), int(solver.best_objective_bound)
        optimal = first_optimal and status == cp_model.OPTIMAL
    else:  # no time left to improve on the first phase: its rota stands
        chosen = {x[key].index: v for key, v in filled.items()}
        chosen.update({slack[key].index: v for key, v in slack_filled.items()})

        def value(var):
            return chosen[var.index]

        objective, bound, optimal = None, None, False
    counts = dict(elsewhere)
    for (m, _s), var in x.items():
        counts[m] = counts.get(m, 0) + value(var)
    spread = {}
    for category in sorted({member.category for member in problem.members}):
        mine = [counts.get(m, 0) for m, mm in enumerate(problem.members) if mm.category == category]
        if len(mine) >= 2:
            spread[category] = max(mine) - min(mine)

    assignments = [
        (slots[s][0], slots[s][1].code, problem.members[m].id)
        for (m, s), var in sorted(x.items(), key=lambda item: (item[0][1], item[0][0]))
        if value(var)
    ]
    uncovered = []
    for (s, category), var in sorted(slack.items()):
        missing = value(var)
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
        spread=spread,
        seconds=time.perf_counter() - started,
        status="OPTIMAL" if optimal else "FEASIBLE",
        objective=objective,
        bound=bound,
        time_limit=time_limit,
        workers=workers,
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
    elsewhere = [
        m
        for m in pool
        if m not in away and _busy_elsewhere(problem, day, shift, problem.busy.get(m.id, ()))
    ]
    if elsewhere:
        text += _(", %(busy)d on duty in another community (%(names)s)") % {
            "busy": len(elsewhere),
            "names": "、".join(m.name for m in elsewhere),
        }
    if len(pool) - len(away) - len(elsewhere) >= shift.minimums[category]:
        text += _(", the others held by the rest or night rules")
    return text
