"""Reads of the e-commerce survey shared by its pages and the report section."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from ..models import ContestEntry
from .models import EcommerceRecord


def figures() -> dict:
    """The aggregates of a group of records: each one a column of the totals page."""
    figures = {
        "records": Count("id"),
        "operators": Count("resident", distinct=True),
        "households": Count("household", distinct=True),
        "jobs": Sum("jobs_created"),
    }
    figures.update(
        {f"kind_{kind}": Count("id", filter=Q(kind=kind)) for kind in EcommerceRecord.Kind.values}
    )
    return figures


def _clean(row: dict) -> dict:
    row["jobs"] = row["jobs"] or 0
    row["kinds"] = [
        {"kind": kind, "label": str(label), "count": row.pop(f"kind_{kind}")}
        for kind, label in EcommerceRecord.Kind.choices
    ]
    return row


def totals_by_community(records) -> tuple[list[dict], dict]:
    """Per community and in all: businesses, operators, household businesses, jobs created and
    businesses of each kind — two grouped queries, whatever the number of records."""
    rows = (
        records.order_by()
        .values("community", "community__name", "community__order")
        .annotate(**figures())
        .order_by("community__order", "community")
    )
    total = records.order_by().aggregate(**figures())
    return [_clean(dict(row)) for row in rows], _clean(total)


def with_contest_entry(records, user):
    """Each record with ``in_contest``: its operator entered the contest of its survey round."""
    entries = ContestEntry.objects.visible_to(user).filter(
        contest=OuterRef("survey__contest"), resident=OuterRef("resident")
    )
    return records.annotate(in_contest=Exists(entries))


def contestants(survey, user):
    """The entrants of the round's contest that the user may see, each with ``surveyed``:
    whether the survey recorded a business of theirs."""
    if survey.contest_id is None:
        return ContestEntry.objects.visible_to(user).none()
    surveyed = EcommerceRecord.objects.visible_to(user).filter(
        survey=survey, resident=OuterRef("resident")
    )
    return (
        ContestEntry.objects.visible_to(user)
        .filter(contest_id=survey.contest_id)
        .select_related("resident", "resident__community")
        .annotate(surveyed=Exists(surveyed))
        .order_by("resident__community__order", "resident__name")
    )
