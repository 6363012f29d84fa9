"""The employment section of the reports: ``section(period, communities)``.

The town's report tells the fairs and classes it held; a community's report tells only what
belongs to it — its people's attendance, training, placements, transfers and contributions.

Fairs held, participating enterprises (distinct), people given information (distinct),
placements, training classes and trainees, contest entrants / finalists / prizes, labor
transferred, pension contributors, amount and renewal rate — and the people figures per
community. Distinct counts are counted by the database (``Count(..., distinct=True)``).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period
from communities.models import Community

from .ecommerce.summary import section as ecommerce_section
from .models import (
    ContestEntry,
    FairAttendance,
    JobFair,
    LaborTransfer,
    PensionContribution,
    Placement,
    SurplusLabour,
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


# Figures counted under the community the person belongs to (a seeker's, a resident's): each
# person is in one group, so the town's figure is the sum of the communities' — no query of its
# own. A labour transfer is counted under the community it was recorded in, which may differ
# between two transfers of one person: that figure keeps its own distinct count.
SUMMED_FIGURES = ("attendees", "informed", "referred", "placements", "trainees")


def _people_totals(period: Period, communities, by_community: dict) -> dict:
    totals = {name: sum(c[name] for c in by_community.values()) for name in SUMMED_FIGURES}
    rows, _by, count = _people_figures(period, communities)["transferred"]
    return {**totals, "transferred": rows.aggregate(n=count)["n"]}


def _people_by_community(period: Period, communities) -> dict[int, dict]:
    """The same figures per community: one grouped query per figure, whatever the number of
    communities."""
    figures = _people_figures(period, communities)
    result = defaultdict(lambda: dict.fromkeys(figures, 0))
    for name, (rows, by, count) in figures.items():
        for row in rows.order_by().values(by).annotate(n=count):
            result[row[by]][name] = row["n"]
    return result


def renewal(year: int, communities, *, until: datetime.date | None = None) -> dict:
    """People who contributed for ``year`` and for last year ÷ people who contributed for last
    year; with ``until``, this year's contributions collected before that day only."""
    rows = PensionContribution.objects.filter(community__in=communities)
    this_year = rows.filter(year=year)
    if until is not None:
        this_year = this_year.filter(paid_on__lt=until)
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


def pension(period: Period, communities) -> dict:
    """Contributions collected in the period (by their date: a month tells only its month),
    and the renewal rate of the period's year up to the period's end."""
    collected = PensionContribution.objects.filter(
        community__in=communities, paid_on__gte=period.start, paid_on__lt=period.end
    ).aggregate(contributors=Count("resident", distinct=True), amount=Sum("amount"))
    rate = renewal(period.start.year, communities, until=period.end)
    return {
        **rate,
        "contributors": collected["contributors"],
        "amount": collected["amount"] or Decimal(0),
    }


def _subjects(trainings) -> list[str]:
    """The classes' subjects, each once, in the order they first started."""
    subjects = []
    for subject in trainings.order_by("start_date", "pk").values_list("subject", flat=True):
        if subject not in subjects:
            subjects.append(subject)
    return subjects


def _transfers(period: Period, communities) -> list[dict]:
    """Per community: workers transferred in the period and the village's surplus labour."""
    figures = _people_figures(period, communities)["transferred"][0]
    counts = {
        row["community"]: row["n"]
        for row in figures.order_by()
        .values("community")
        .annotate(n=Count("resident", distinct=True))
    }
    surplus = dict(
        SurplusLabour.objects.filter(community__in=communities, year=period.start.year).values_list(
            "community", "workers"
        )
    )
    return [
        {
            "community": c.code,
            "name": c.name,
            "transferred": counts[c.pk],
            "surplus": surplus.get(c.pk),
        }
        for c in communities
        if counts.get(c.pk)
    ]


def section(period: Period, communities) -> dict:
    """The employment figures of ``period`` in ``communities``. Fairs and classes are town-wide:
    the town's report tells them; a community's report tells its own people's attendance."""
    communities = list(communities)
    town_wide = not Community.objects.exclude(pk__in=[c.pk for c in communities]).exists()
    fairs = JobFair.objects.filter(date__gte=period.start, date__lt=period.end)
    trainings = TrainingClass.objects.filter(
        start_date__gte=period.start, start_date__lt=period.end
    )
    if not town_wide:
        trainings = trainings.filter(trainees__resident__community__in=communities).distinct()
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
    contest["names"] = list(
        entries.order_by("contest__date", "contest")
        .values_list("contest__name", flat=True)
        .distinct()
    )
    attended = FairAttendance.objects.filter(
        fair__in=fairs, seeker__community__in=communities
    ).aggregate(n=Count("fair", distinct=True))["n"]
    by_community = _people_by_community(period, communities)
    return {
        "town_wide": town_wide,
        "fairs": fairs.count() if town_wide else 0,
        "fairs_attended": attended,
        "enterprises": fairs.aggregate(n=Count("enterprises", distinct=True))["n"]
        if town_wide
        else 0,
        "training_classes": trainings.count(),
        "training_subjects": _subjects(trainings),
        **_people_totals(period, communities, by_community),
        "contest": contest,
        "transfers": _transfers(period, communities),
        "pension": pension(period, communities),
        "ecommerce": ecommerce_section(period, communities),
        "by_community": [
            {"community": c.code, "name": c.name, **by_community[c.pk]} for c in communities
        ],
    }
