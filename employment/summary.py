"""The employment section of the reports: ``section(period, communities)``.

Fairs held, participating enterprises (distinct), people given information (distinct),
placements, training classes and trainees, contest entrants / finalists / prizes, labor
transferred, pension contributors, amount and renewal rate — and the people figures per
community. Distinct counts are counted by the database (``Count(..., distinct=True)``).
"""

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


def _people(period: Period, communities, community=None) -> dict:
    scope = [community] if community is not None else communities
    attendance = FairAttendance.objects.filter(
        fair__date__gte=period.start, fair__date__lt=period.end, seeker__community__in=scope
    )
    trainees = Trainee.objects.filter(
        training__start_date__gte=period.start,
        training__start_date__lt=period.end,
        resident__community__in=scope,
    )
    return {
        "attendees": attendance.aggregate(n=Count("seeker", distinct=True))["n"],
        "informed": attendance.filter(info_given=True).aggregate(n=Count("seeker", distinct=True))[
            "n"
        ],
        "referred": attendance.filter(referrals__isnull=False).aggregate(
            n=Count("seeker", distinct=True)
        )["n"],
        "placements": Placement.objects.filter(
            start_date__gte=period.start, start_date__lt=period.end, seeker__community__in=scope
        ).count(),
        "trainees": trainees.aggregate(n=Count("resident", distinct=True))["n"],
        "transferred": LaborTransfer.objects.filter(community__in=scope, from_date__lt=period.end)
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=period.start))
        .aggregate(n=Count("resident", distinct=True))["n"],
    }


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
    return {
        "fairs": fairs.count(),
        "enterprises": fairs.aggregate(n=Count("enterprises", distinct=True))["n"],
        "training_classes": trainings.count(),
        **_people(period, communities),
        "contest": contest,
        "pension": renewal(period.start.year, communities),
        "by_community": [
            {"community": c.code, "name": c.name, **_people(period, communities, c)}
            for c in communities
        ],
    }
