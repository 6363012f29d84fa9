"""The events and cadre-training figures of the community-services report section.

A town-wide report counts every event and class; a community's report counts what the community
organised, and the town's events and classes its teams and cadres took part in.
"""

from django.db.models import Count, Q, Sum

from burqin.periods import Period
from communities.coverage import covers_all, in_communities

from .models import CadreAttendance, CadreTraining, Event, EventTeam


def events(period: Period, communities, town_wide: bool) -> dict:
    within = {"date__gte": period.start, "date__lt": period.end}
    # The town's report counts every event, the town's own (no community) included.
    organised = Q() if town_wide else Q(community__in=communities)
    held = Event.objects.filter(organised, **within).order_by()
    kinds = list(
        held.values("kind").annotate(
            n=Count("id"), participants=Sum("participants"), audience=Sum("audience")
        )
    )
    by_kind = {row["kind"]: row["n"] for row in kinds}
    figures = {name: sum(row[name] or 0 for row in kinds) for name in ("participants", "audience")}
    teams = EventTeam.objects.filter(
        in_communities("community", communities, town_wide),
        event__date__gte=period.start,
        event__date__lt=period.end,
    ).aggregate(
        teams=Count("id"),
        team_members=Sum("members"),
        joined=Count("event", distinct=True, filter=Q(event__community__isnull=True)),
    )
    return {
        "total": sum(by_kind.values()),
        "by_kind": [
            {"kind": kind, "label": str(label), "count": by_kind.get(kind, 0)}
            for kind, label in Event.Kind.choices
        ],
        "participants": figures["participants"],
        "audience": figures["audience"],
        "teams": teams["teams"],
        "team_members": teams["team_members"] or 0,
        # The town's events a community's teams took part in (a community's report only).
        "town_events_joined": 0 if town_wide else teams["joined"],
    }


def cadre_training(period: Period, communities, town_wide: bool) -> dict:
    within = {"start_date__gte": period.start, "start_date__lt": period.end}
    taken_part = (
        Q()
        if town_wide
        else Q(community__in=communities) | Q(attendance__community__in=communities)
    )
    classes = CadreTraining.objects.filter(taken_part, **within).order_by()
    by_kind = dict(classes.values_list("kind").annotate(n=Count("id", distinct=True)))
    attendance = CadreAttendance.objects.filter(
        in_communities("community", communities, town_wide),
        training__start_date__gte=period.start,
        training__start_date__lt=period.end,
    ).aggregate(
        present=Count("id", filter=Q(attended=True)),
        missing=Count("id", filter=Q(attended=False)),
        hours=Sum("training__hours", filter=Q(attended=True)),
    )
    return {
        "trainings": sum(by_kind.values()),
        "by_kind": [
            {"kind": kind, "label": str(label), "trainings": by_kind.get(kind, 0)}
            for kind, label in CadreTraining.Kind.choices
        ],
        "attended": attendance["present"],
        "absent": attendance["missing"],
        "class_hours": attendance["hours"] or 0,
    }


def section(period: Period, communities) -> dict:
    """``events`` and ``cadre_training``: the part of the community-services section these
    records give."""
    town_wide = covers_all(communities)
    return {
        "events": events(period, communities, town_wide),
        "cadre_training": cadre_training(period, communities, town_wide),
    }
