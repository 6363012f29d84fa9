"""The duty section of the reports (``section(period, communities)``) and the rota as JSON."""

from collections import defaultdict

from django.db.models import Count

from burqin.periods import Period

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
    }


def section(period: Period, communities) -> dict:
    """Shifts scheduled, shifts meeting their rule (coverage %), patrols, incidents."""
    assignments = Assignment.objects.filter(
        roster__community__in=communities, date__gte=period.start, date__lt=period.end
    )
    per_slot = assignments.values("date", "shift", "member__category").annotate(n=Count("id"))
    counts = defaultdict(dict)
    for row in per_slot:
        counts[(row["date"], row["shift"])][row["member__category"]] = row["n"]
    rules = defaultdict(dict)
    for rule in CoverageRule.objects.filter(shift__community__in=communities):
        rules[rule.shift_id][rule.category] = rule.minimum
    met = sum(
        1
        for (day, shift), by_category in counts.items()
        if all(by_category.get(c, 0) >= n for c, n in rules[shift].items())
    )
    incidents = (
        Incident.objects.filter(
            log__community__in=communities, log__date__gte=period.start, log__date__lt=period.end
        )
        .values("kind", "outcome")
        .annotate(n=Count("id"))
        .order_by("kind", "outcome")
    )
    return {
        "shifts": len(counts),
        "shifts_covered": met,
        "coverage_percent": round(met * 100 / len(counts), 1) if counts else None,
        "patrols": Patrol.objects.filter(
            community__in=communities, date__gte=period.start, date__lt=period.end
        ).count(),
        "incidents": [
            {"kind": r["kind"], "outcome": r["outcome"], "count": r["n"]} for r in incidents
        ],
    }
