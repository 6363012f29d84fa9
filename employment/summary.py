"""The employment section of the reports: ``section(period, communities)``.

Fairs held, participating enterprises (distinct), people given information (distinct),
placements, training classes and trainees, contest entrants / finalists / prizes, labor
transferred, pension contributors, amount and renewal rate — and the people figures per
community. Distinct counts are counted by the database (``Count(..., distinct=True)``).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period

from .models import (
    ContestEntry,
    FairAttendance,
    JobFair,
    LaborTransfer,
    PensionContribution,
    Placement,
    Trainee,
    TrainingClass,
)


def _people_figures(period: Period, communities) -> dict:
    """Each people figure as (rows, the community they are counted under, how to count)."""
    attendance = FairAttendance.objects.filter(
        fair__date__gte=period.start, fair__date__lt=period.end, seeker__community__in=communities
    )
    seekers = Count("seeker", distinct=True)
    residents = Count("resident", distinct=True)
    return {
        "attendees": (attendance, "seeker__community", seekers),
        "informed": (attendance.filter(info_given=True), "seeker__community", seekers),
        "referred": (attendance.filter(referrals__isnull=False), "seeker__community", seekers),
        "placements": (
            Placement.objects.filter(
                start_date__gte=period.start,
                start_date__lt=period.end,
                seeker__community__in=communities,
            ),
            "seeker__community",
            Count("id"),
        ),
        "trainees": (
            Trainee.objects.filter(
                training__start_date__gte=period.start,
                training__start_date__lt=period.end,
                resident__community__in=communities,
            ),
            "resident__community",
            residents,
        ),
        "transferred": (
            LaborTransfer.objects.filter(
                community__in=communities, from_date__lt=period.end
            ).filter(Q(to_date__isnull=True) | Q(to_date__gte=period.start)),
            "community",
            residents,
        ),
    }


def _people(period: Period, communities) -> dict:
    return {
        name: rows.aggregate(n=count)["n"]
        for name, (rows, _by, count) in _people_figures(period, communities).items()
    }


def _people_by_community(period: Period, communities) -> dict[int, dict]:
    """The same figures per community: one grouped query per figure, whatever the number of
    communities."""
    figures = _people_figures(period, communities)
    result = defaultdict(lambda: dict.fromkeys(figures, 0))
    for name, (rows, by, count) in figures.items():
        for row in rows.order_by().values(by).annotate(n=count):
            result[row[by]][name] = row["n"]
    return result


def renewal(year: int, communities) -> dict:
    """People who contributed this year and last year ÷ people who contributed last year."""
    rows = PensionContribution.objects.filter(community__in=communities)
    this_year = rows.filter(year=year)
    last_year_people = rows.filter(year=year - 1).values("resident")
    figures = this_year.aggregate(
        contributors=Count("resident", distinct=True), amount=Sum("amount")
    )
    last = rows.filter(year=year - 1).aggregate(n=Count("resident", distinct=True))["n"]
    renewed = this_year.filter(resident__in=last_year_people).aggregate(
        n=Count("resident", distinct=True)
    )["n"]
    rate = (Decimal(renewed) / last * 100).quantize(Decimal("0.1")) if last else None
    return {
        "contributors": figures["contributors"],
        "amount": figures["amount"] or Decimal(0),
        "renewed": renewed,
        "last_year": last,
        "renewal_rate": rate,
    }


def section(period: Period, communities) -> dict:
    fairs = JobFair.objects.filter(date__gte=period.start, date__lt=period.end)
    trainings = TrainingClass.objects.filter(
        start_date__gte=period.start, start_date__lt=period.end
    )
    entries = ContestEntry.objects.filter(
        contest__date__gte=period.start,
        contest__date__lt=period.end,
        resident__community__in=communities,
    )
    contest = entries.aggregate(
        entrants=Count("id"),
        finalists=Count("id", filter=Q(finalist=True)),
        prizes=Count("id", filter=~Q(prize="")),
    )
    by_community = _people_by_community(period, communities)
    return {
        "fairs": fairs.count(),
        "enterprises": fairs.aggregate(n=Count("enterprises", distinct=True))["n"],
        "training_classes": trainings.count(),
        **_people(period, communities),
        "contest": contest,
        "pension": renewal(period.start.year, communities),
        "by_community": [
            {"community": c.code, "name": c.name, **by_community[c.pk]} for c in communities
        ],
    }
