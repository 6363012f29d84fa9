"""The e-commerce figures of the employment report section: the survey rounds whose figures
stand at a day of the period (``surveyed_on``), their businesses per kind, operators, household
businesses and jobs created in the report's communities, and those operators who entered the
round's contest."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from burqin.periods import Period
from communities.coverage import covers_all, in_communities

from ..models import ContestEntry
from .models import EcommerceRecord, EcommerceSurvey


def section(period: Period, communities) -> dict:
    surveys = EcommerceSurvey.objects.filter(
        surveyed_on__gte=period.start, surveyed_on__lt=period.end
    )
    records = EcommerceRecord.objects.filter(
        in_communities("community", communities, covers_all(communities)), survey__in=surveys
    )
    entered = ContestEntry.objects.filter(
        contest=OuterRef("survey__contest"), resident=OuterRef("resident")
    )
    figures = records.order_by().aggregate(
        businesses=Count("id"),
        operators=Count("resident", distinct=True),
        households=Count("household", distinct=True),
        jobs=Sum("jobs_created"),
        **{f"kind_{k}": Count("id", filter=Q(kind=k)) for k in EcommerceRecord.Kind.values},
        contestants=Count("resident", distinct=True, filter=Q(Exists(entered))),
    )
    return {
        "surveys": surveys.count() if figures["businesses"] else 0,
        "businesses": figures["businesses"],
        "operators": figures["operators"],
        "households": figures["households"],
        "jobs": figures["jobs"] or 0,
        "by_kind": [
            {"kind": kind, "label": str(label), "businesses": figures[f"kind_{kind}"]}
            for kind, label in EcommerceRecord.Kind.choices
        ],
        "contestants": figures["contestants"],
    }
