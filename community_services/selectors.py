"""Reads of the community services shared by pages, the profile and the report section."""

import datetime

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from .models import ActivityParticipation, Volunteer

OVERDUE_DAYS = 30  # a pair not visited for this long is flagged


def overdue_pairings(pairings, days: int, today: datetime.date | None = None):
    """Open pairs whose last visit (or start, if never visited) is more than ``days`` ago."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=days)
    return (
        pairings.filter(ended_on__isnull=True)
        .annotate(last_visit=Max("visits__date"))
        .filter(Q(last_visit__lt=limit) | Q(last_visit__isnull=True, started_on__lt=limit))
    )


def with_last_visit(pairings):
    return pairings.annotate(last_visit=Max("visits__date"), visit_count=Count("visits"))


def volunteers_with_hours(team, user):
    """Each volunteer of a team with their total hours (one grouped query)."""
    return (
        Volunteer.objects.visible_to(user)
        .filter(team=team)
        .annotate(
            total_hours=Sum("activityparticipation__hours"),
            activity_count=Count("activityparticipation"),
        )
        .order_by("-total_hours", "name")
    )


def team_hours(teams, user):
    """Total hours per team id (one grouped query)."""
    rows = (
        ActivityParticipation.objects.visible_to(user)
        .filter(activity__team__in=teams)
        .values("activity__team")
        .annotate(hours=Sum("hours"), people=Count("volunteer", distinct=True))
    )
    return {row["activity__team"]: row for row in rows}
