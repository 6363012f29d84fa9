"""The events and cadre-training figures of the community-services report section.

A town-wide report counts every event and class; a community's report counts what the community
organised, and the town's events and classes its teams and cadres took part in.
"""

from django.db.models import Count, Q, Sum

from burqin.periods import Period
from communities.models import Community

from .models import CadreAttendance, CadreTraining, Event, EventTeam


def _town_wide(communities) -> bool:
    return not Community.objects.exclude(pk__in=[c.pk for c in communities]).exists()


def events(period: Period, communities, town_wide: bool) -> dict:
    within = {"date__gte": period.start, "date__lt": period.end}
    organised = Q(community__in=communities)
    if town_wide:
        organised |= Q(community__isnull=True)
    held = Event.objects.filter(organised, **within).order_by()
    by_kind = dict(held.values_list("kind").annotate(n=Count("id")))
    figures = held.aggregate(participants=Sum("participants"), audience=Sum("audience"))
    teams = EventTeam.objects.filter(
        community__in=communities, event__date__gte=period.start, event__date__lt=period.end
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
        "participants": figures["participants"] or 0,
        "audience": figures["audience"] or 0,
        "teams": teams["teams"],
        "team_members": teams["team_members"] or 0,
        # The town's events a community's teams took part in (a community's report only).
        "town_events_joined": 0 if town_wide else teams["joined"],
    }


def cadre_training(period: Period, communities, town_wide: bool) -> dict:
    within = {"start_date__gte": period.start, "start_date__lt": period.end}
    taken_part = Q(community__in=communities) | Q(attendance__community__in=communities)
    if town_wide:
        taken_part |= Q(community__isnull=True)
    classes = CadreTraining.objects.filter(taken_part, **within).order_by()
    by_kind = dict(classes.values_list("kind").annotate(n=Count("id", distinct=True)))
    attendance = CadreAttendance.objects.filter(
        community__in=communities,
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
    town_wide = _town_wide(communities)
    return {
        "events": events(period, communities, town_wide),
        "cadre_training": cadre_training(period, communities, town_wide),
    }
