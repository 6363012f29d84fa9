"""Reads of the community services shared by pages, the profile and the report section."""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from .models import ActivityParticipation, ServiceRecord, Volunteer

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


def charge_summary(records) -> dict:
    """The services of ``records`` by charge in the order the town tells them (有偿、低偿、无偿),
    consultations counted apart, and ``records``: how many there are in all (one grouped query,
    which the list's pages count by too)."""
    figures = charges_of(
        records.order_by()
        .values("charge", "category__is_consultation")
        .annotate(count=Count("id"), fees=Sum("fee"))
    )
    figures["records"] = figures["consultations"] + sum(
        row["count"] for row in figures["by_charge"]
    )
    return figures


def charges_of(rows) -> dict:
    """``charge_summary`` of grouped rows (``charge``, ``category__is_consultation``, ``count``,
    ``fees``; grouped finer is fine)."""
    counts = {charge: 0 for charge in ServiceRecord.CHARGES_TOLD}
    fees = {charge: Decimal(0) for charge in ServiceRecord.CHARGES_TOLD}
    consultations = 0
    for row in rows:
        if row["category__is_consultation"]:
            consultations += row["count"]
        else:
            counts[row["charge"]] += row["count"]
            fees[row["charge"]] += row["fees"] or Decimal(0)
    return {
        "by_charge": [
            {
                "charge": charge,
                "label": str(ServiceRecord.Charge(charge).label),
                "count": counts[charge],
                "fees": fees[charge],
            }
            for charge in ServiceRecord.CHARGES_TOLD
        ],
        "consultations": consultations,
    }
