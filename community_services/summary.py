"""The community-services section of the reports: ``section(period, communities)``.

Services by charge type and category, consultations, volunteer activities and hours, pairing
visits, interest-class sessions, projects started and completed, and funds by source. Every
figure is one aggregate query; money is returned as ``Decimal``.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period

from .activities.summary import section as activities_section
from .models import (
    ActivityParticipation,
    ClassSession,
    Funding,
    PairingVisit,
    Project,
    ServiceRecord,
    VolunteerActivity,
)


def section(period: Period, communities) -> dict:
    within = {"date__gte": period.start, "date__lt": period.end}
    records = ServiceRecord.objects.filter(community__in=communities, **within).order_by()
    by_charge = {
        row["charge"]: row
        for row in records.values("charge").annotate(count=Count("id"), fees=Sum("fee"))
    }
    by_category = list(
        records.values("category__name", "category__is_consultation")
        .annotate(count=Count("id"))
        .order_by("category__order")
    )
    activities = VolunteerActivity.objects.filter(team__community__in=communities, **within)
    participation = ActivityParticipation.objects.filter(activity__in=activities).aggregate(
        hours=Sum("hours"), people=Count("volunteer", distinct=True)
    )
    visits = PairingVisit.objects.filter(pairing__community__in=communities, **within).aggregate(
        visits=Count("id"), pairs=Count("pairing", distinct=True)
    )
    sessions = ClassSession.objects.filter(interest_class__community__in=communities, **within)
    session_figures = sessions.aggregate(
        sessions=Count("id", distinct=True), attendances=Count("attendees")
    )
    projects = Project.objects.filter(community__in=communities)
    project_figures = projects.aggregate(
        started=Count("id", filter=Q(started_on__gte=period.start, started_on__lt=period.end)),
        completed=Count(
            "id", filter=Q(completed_on__gte=period.start, completed_on__lt=period.end)
        ),
    )
    funds = {
        row["source"]: row
        for row in Funding.objects.filter(project__in=projects, **within)
        .order_by()
        .values("source")
        .annotate(allocated=Sum("allocated"), received=Sum("received"))
    }
    return {
        "services": {
            "total": sum(row["count"] for row in by_charge.values()),
            "fees": sum((row["fees"] or Decimal(0) for row in by_charge.values()), Decimal(0)),
            "by_charge": [
                {
                    "charge": key,
                    "label": str(label),
                    "count": by_charge.get(key, {}).get("count", 0),
                    "fees": by_charge.get(key, {}).get("fees") or Decimal(0),
                }
                for key, label in ServiceRecord.Charge.choices
            ],
            "by_category": [
                {"category": row["category__name"], "count": row["count"]} for row in by_category
            ],
            "consultations": sum(r["count"] for r in by_category if r["category__is_consultation"]),
        },
        "volunteers": {
            "activities": activities.count(),
            "hours": participation["hours"] or Decimal(0),
            "people": participation["people"],
        },
        "pairings": {"visits": visits["visits"], "pairs_visited": visits["pairs"]},
        "classes": session_figures,
        "projects": {
            **project_figures,
            "funds": [
                {
                    "source": key,
                    "label": str(label),
                    "allocated": funds.get(key, {}).get("allocated") or Decimal(0),
                    "received": funds.get(key, {}).get("received") or Decimal(0),
                }
                for key, label in Funding.Source.choices
            ],
        },
        # Festivals, sports meets, performances and cadre training (activities/summary.py).
        **activities_section(period, communities),
    }
