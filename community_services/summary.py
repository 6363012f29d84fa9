"""The community-services section of the reports: ``section(period, communities)``.

Services by charge type and category with consultations counted apart — the communities'
stations in ``services``, the town's service centre (镇社区服务中心, a unit of its own) in
``centre``, told only in the town's report —, volunteer activities and hours, pairing visits,
interest-class sessions, projects started and completed with the works of the period by kind and
compounds, and funds by source. Every figure is one aggregate query; money is ``Decimal``.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period
from communities.coverage import covers_all, in_communities
from communities.models import Compound

from .activities.summary import section as activities_section
from .models import (
    ClassSession,
    Funding,
    PairingVisit,
    Project,
    ServiceRecord,
    VolunteerActivity,
)
from .selectors import charges_of


def _services(rows: list[dict]) -> dict:
    figures = charges_of(rows)
    return {
        "total": sum(row["count"] for row in figures["by_charge"]),
        "fees": sum((row["fees"] for row in figures["by_charge"]), Decimal(0)),
        **figures,
    }


def works(projects, period: Period) -> list[dict]:
    """The works under way in ``period`` by kind of work and lead agency, with their compounds
    in the order the projects started (then as entered): what 对A、B、C等10个小区排水管网进行改造
    is told from."""
    under_way = (
        projects.filter(started_on__lt=period.end)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=period.start))
        .exclude(status__in=[Project.Status.PLANNED, Project.Status.SUSPENDED])
    )
    rows = (
        Compound.objects.filter(projects__in=under_way)
        .values("name", "projects__kind", "projects__lead_agency")
        .order_by("projects__started_on", "projects__pk", "pk")
    )
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row["projects__kind"], row["projects__lead_agency"])
        group = groups.setdefault(
            key,
            {
                "kind": key[0],
                "label": str(Project.Kind(key[0]).label),
                "lead_agency": key[1],
                "compounds": [],
            },
        )
        if row["name"] not in group["compounds"]:
            group["compounds"].append(row["name"])
    return [{**g, "compound_count": len(g["compounds"])} for g in groups.values()]


def section(period: Period, communities) -> dict:
    town_wide = covers_all(communities)

    def of(path: str) -> Q:
        return in_communities(path, communities, town_wide)

    within = {"date__gte": period.start, "date__lt": period.end}
    # The stations' and the centre's services by charge and category: one statement.
    grouped = list(
        ServiceRecord.objects.filter(of("community"), **within)
        .values(
            "provider", "charge", "category__name", "category__order", "category__is_consultation"
        )
        .annotate(count=Count("id"), fees=Sum("fee"))
        .order_by("category__order", "category__name")
    )
    stations = [row for row in grouped if row["provider"] == ServiceRecord.Provider.STATION]
    by_category = {}
    for row in stations:
        by_category[row["category__name"]] = (
            by_category.get(row["category__name"], 0) + row["count"]
        )
    activities = VolunteerActivity.objects.filter(of("team__community"), **within)
    # One statement: each activity joined to its participations (the hours are summed once
    # per participation, the activities counted once each).
    participation = activities.aggregate(
        activities=Count("id", distinct=True),
        hours=Sum("activityparticipation__hours"),
        people=Count("activityparticipation__volunteer", distinct=True),
    )
    visits = PairingVisit.objects.filter(of("pairing__community"), **within).aggregate(
        visits=Count("id"), pairs=Count("pairing", distinct=True)
    )
    sessions = ClassSession.objects.filter(of("interest_class__community"), **within)
    session_figures = sessions.aggregate(
        sessions=Count("id", distinct=True), attendances=Count("attendees")
    )
    projects = Project.objects.filter(of("community"))
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
    centre = (
        _services([r for r in grouped if r["provider"] == ServiceRecord.Provider.TOWN_CENTRE])
        if town_wide
        else None
    )
    return {
        "services": {
            **_services(stations),
            "by_category": [
                {"category": name, "count": count} for name, count in by_category.items()
            ],
        },
        "centre": centre,
        "volunteers": {
            "activities": participation["activities"],
            "hours": participation["hours"] or Decimal(0),
            "people": participation["people"],
        },
        "pairings": {"visits": visits["visits"], "pairs_visited": visits["pairs"]},
        "classes": session_figures,
        "projects": {
            **project_figures,
            "works": works(projects, period),
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
