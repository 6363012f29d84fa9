"""The duty section of the reports (``section(period, communities)``) and the rota as JSON."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Sum

from burqin.periods import Period
from communities.coverage import covers_all, in_communities

from .models import Assignment, CoverageRule, Incident, Patrol, RosterMonth, ShiftTemplate


def roster_json(roster: RosterMonth) -> dict:
    """The documented JSON of a month's rota (docs/duty_roster.md)."""
    templates = list(
        ShiftTemplate.objects.filter(community=roster.community).prefetch_related("rules")
    )
    slots = defaultdict(list)
    for a in roster.assignments.select_related("shift", "member").order_by(
        "date", "shift__order", "member__category", "member__name"
    ):
        slots[(a.date, a.shift.code)].append(
            {"id": a.member_id, "name": a.member.name, "category": a.member.category}
        )
    shifts = []
    for day in sorted({d for d, _code in slots} | set()):
        for template in templates:
            if (day, template.code) in slots:
                begin, end = template.span(day)
                shifts.append(
                    {
                        "date": day.isoformat(),
                        "shift": template.code,
                        "start": begin.isoformat(timespec="minutes"),
                        "end": end.isoformat(timespec="minutes"),
                        "members": slots[(day, template.code)],
                    }
                )
    return {
        "community": roster.community.code,
        "month": f"{roster.month:%Y-%m}",
        "requirements": {t.code: {r.category: r.minimum for r in t.rules.all()} for t in templates},
        "shifts": shifts,
        "uncovered": [
            {k: gap[k] for k in ("date", "shift", "category", "reason")} for gap in roster.uncovered
        ],
        "solver": roster.solve_report or None,
    }


def section(period: Period, communities) -> dict:
    """Shifts scheduled, shifts meeting their rule (coverage %), patrols, incidents."""
    everywhere = covers_all(communities)
    rosters = RosterMonth.objects.filter(
        in_communities("community", communities, everywhere),
        month__gte=period.start,
        month__lt=period.end,
    ).aggregate(shifts=Sum("shifts_scheduled"), met=Sum("shifts_covered"))
    shifts, met = rosters["shifts"] or 0, rosters["met"] or 0
    incidents = (
        Incident.objects.filter(
            in_communities("log__community", communities, everywhere),
            log__date__gte=period.start,
            log__date__lt=period.end,
        )
        .values("kind", "outcome")
        .annotate(n=Count("id"))
        .order_by("kind", "outcome")
    )
    return {
        "shifts": shifts,
        "shifts_covered": met,
        "coverage_percent": round(met * 100 / shifts, 1) if shifts else None,
        "patrols": Patrol.objects.filter(
            in_communities("community", communities, everywhere),
            date__gte=period.start,
            date__lt=period.end,
        ).count(),
        "incidents": [
            {"kind": r["kind"], "outcome": r["outcome"], "count": r["n"]} for r in incidents
        ],
    }


def refresh_coverage(rosters) -> None:
    """Count again, for each rota, its shifts and those meeting every coverage rule."""
    for roster in rosters:
        shifts, met = _coverage(Assignment.objects.filter(roster=roster))
        RosterMonth.objects.filter(pk=roster.pk).update(shifts_scheduled=shifts, shifts_covered=met)
        roster.shifts_scheduled, roster.shifts_covered = shifts, met


def _coverage(assignments) -> tuple[int, int]:
    """(shifts scheduled, shifts meeting every coverage rule of their template), counted by
    the database: a shift is a (date, template) with at least one assignment; it falls short
    when some rule's category has fewer members on it than the rule's minimum."""
    per_slot, params = (
        assignments.order_by()
        .values("date", "shift_id", "member__category")
        .annotate(n=Count("id"))
        .query.sql_with_params()
    )
    sql = f"""
        WITH per_slot (day, shift_id, category, n) AS ({per_slot}),
        slots AS (SELECT DISTINCT day, shift_id FROM per_slot),
        short AS (
            SELECT DISTINCT slots.day, slots.shift_id
            FROM slots
            JOIN {CoverageRule._meta.db_table} rule ON rule.shift_id = slots.shift_id
            LEFT JOIN per_slot ON per_slot.day = slots.day
                AND per_slot.shift_id = slots.shift_id AND per_slot.category = rule.category
            WHERE COALESCE(per_slot.n, 0) < rule.minimum
        )
        SELECT (SELECT COUNT(*) FROM slots), (SELECT COUNT(*) FROM short)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        shifts, short = cursor.fetchone()
    return shifts, shifts - short
