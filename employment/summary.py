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
from communities.coverage import covers_all, in_communities

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


def _people_figures(period: Period, communities, everywhere: bool) -> dict:
    """Each people figure as (rows, the community they are counted under, the figures counted
    from those rows): the three attendance figures come from one statement."""
    attendance = FairAttendance.objects.filter(
        in_communities("seeker__community", communities, everywhere),
        fair__date__gte=period.start,
        fair__date__lt=period.end,
    )
    return {
        "attendance": (
            attendance,
            "seeker__community",
            {
                "attendees": Count("seeker", distinct=True),
                "informed": Count("seeker", distinct=True, filter=Q(info_given=True)),
                "referred": Count("seeker", distinct=True, filter=Q(referrals__isnull=False)),
            },
        ),
        "placements": (
            Placement.objects.filter(
                in_communities("seeker__community", communities, everywhere),
                start_date__gte=period.start,
                start_date__lt=period.end,
            ),
            "seeker__community",
            {"placements": Count("id")},
        ),
        "trainees": (
            Trainee.objects.filter(
                in_communities("resident__community", communities, everywhere),
                training__start_date__gte=period.start,
                training__start_date__lt=period.end,
            ),
            "resident__community",
            {"trainees": Count("resident", distinct=True)},
        ),
        "transferred": (
            LaborTransfer.objects.filter(
                in_communities("community", communities, everywhere),
                Q(to_date__isnull=True) | Q(to_date__gte=period.start),
                from_date__lt=period.end,
            ),
            "community",
            {"transferred": Count("resident", distinct=True)},
        ),
    }


# Figures counted under the community the person belongs to (a seeker's, a resident's): each
# person is in one group, so the town's figure is the sum of the communities' — no query of its
# own. A labour transfer is counted under the community it was recorded in, which may differ
# between two transfers of one person: that figure keeps its own distinct count.
SUMMED_FIGURES = ("attendees", "informed", "referred", "placements", "trainees")
PEOPLE_FIGURES = (*SUMMED_FIGURES, "transferred")


def _people(period: Period, communities, everywhere: bool) -> tuple[dict, dict[int, dict]]:
    """(the totals, the same figures per community): one grouped statement per family of
    figures, whatever the number of communities, and one for the transfers' total."""
    families = _people_figures(period, communities, everywhere)
    by_community = defaultdict(lambda: dict.fromkeys(PEOPLE_FIGURES, 0))
    for rows, by, figures in families.values():
        for row in rows.order_by().values(by).annotate(**figures):
            for name in figures:
                by_community[row[by]][name] = row[name]
    totals = {name: sum(c[name] for c in by_community.values()) for name in SUMMED_FIGURES}
    rows, _by, figures = families["transferred"]
    totals["transferred"] = rows.aggregate(**figures)["transferred"]
    return totals, by_community


def _pension_aggregates(year: int, until: datetime.date | None) -> dict:
    """The renewal figures of ``year`` as aggregates of one statement over the contributions of
    ``year`` and the year before: this year's (collected before ``until``), last year's, and
    this year's people who also contributed last year."""
    this_year = Q(year=year) if until is None else Q(year=year, paid_on__lt=until)
    last_year = Q(year=year - 1)
    renewed = this_year & Q(
        resident__in=PensionContribution.objects.filter(last_year).values("resident")
    )
    return {
        "year_contributors": Count("resident", distinct=True, filter=this_year),
        "year_amount": Sum("amount", filter=this_year),
        "last_year": Count("resident", distinct=True, filter=last_year),
        "renewed": Count("resident", distinct=True, filter=renewed),
    }


def _renewal_rate(figures: dict) -> Decimal | None:
    last = figures["last_year"]
    return (Decimal(figures["renewed"]) / last * 100).quantize(Decimal("0.1")) if last else None


def renewal(year: int, communities, *, until: datetime.date | None = None) -> dict:
    """People who contributed for ``year`` and for last year ÷ people who contributed for last
    year; with ``until``, this year's contributions collected before that day only."""
    figures = PensionContribution.objects.filter(
        community__in=communities, year__in=[year - 1, year]
    ).aggregate(**_pension_aggregates(year, until))
    return {
        "contributors": figures["year_contributors"],
        "amount": figures["year_amount"] or Decimal(0),
        "renewed": figures["renewed"],
        "last_year": figures["last_year"],
        "renewal_rate": _renewal_rate(figures),
    }


def pension(period: Period, communities, everywhere: bool) -> dict:
    """Contributions collected in the period (by their date: a month tells only its month),
    and the renewal rate of the period's year up to the period's end: one statement."""
    year = period.start.year
    collected = Q(paid_on__gte=period.start, paid_on__lt=period.end)
    figures = PensionContribution.objects.filter(
        in_communities("community", communities, everywhere),
        Q(year__in=[year - 1, year]) | collected,
    ).aggregate(
        collected_people=Count("resident", distinct=True, filter=collected),
        collected_amount=Sum("amount", filter=collected),
        **_pension_aggregates(year, period.end),
    )
    return {
        "contributors": figures["collected_people"],
        "amount": figures["collected_amount"] or Decimal(0),
        "renewed": figures["renewed"],
        "last_year": figures["last_year"],
        "renewal_rate": _renewal_rate(figures),
    }


def _subjects(trainings) -> tuple[int, list[str]]:
    """The number of classes and their subjects, each once, in the order they first started."""
    subjects = []
    rows = trainings.order_by("start_date", "pk").values_list("pk", "subject")
    classes = 0
    for _pk, subject in rows:
        classes += 1
        if subject not in subjects:
            subjects.append(subject)
    return classes, subjects


def _transfers(period: Period, communities, everywhere: bool, by_community: dict) -> list[dict]:
    """Per community: workers transferred in the period and the village's surplus labour."""
    surplus = dict(
        SurplusLabour.objects.filter(
            in_communities("community", communities, everywhere), year=period.start.year
        ).values_list("community", "workers")
    )
    return [
        {
            "community": c.code,
            "name": c.name,
            "transferred": by_community[c.pk]["transferred"],
            "surplus": surplus.get(c.pk),
        }
        for c in communities
        if c.pk in by_community and by_community[c.pk]["transferred"]
    ]


def section(period: Period, communities) -> dict:
    """The employment figures of ``period`` in ``communities``. Fairs and classes are town-wide:
    the town's report tells them; a community's report tells its own people's attendance."""
    town_wide = covers_all(communities)
    ecommerce = ecommerce_section(period, communities)
    communities = list(communities)
    fairs = JobFair.objects.filter(date__gte=period.start, date__lt=period.end)
    trainings = TrainingClass.objects.filter(
        start_date__gte=period.start, start_date__lt=period.end
    )
    if not town_wide:
        trainings = trainings.filter(trainees__resident__community__in=communities).distinct()
    entries = ContestEntry.objects.filter(
        in_communities("resident__community", communities, town_wide),
        contest__date__gte=period.start,
        contest__date__lt=period.end,
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
        in_communities("seeker__community", communities, town_wide), fair__in=fairs
    ).aggregate(n=Count("fair", distinct=True))["n"]
    held = (
        fairs.aggregate(
            fairs=Count("id", distinct=True), enterprises=Count("enterprises", distinct=True)
        )
        if town_wide
        else {"fairs": 0, "enterprises": 0}
    )
    totals, by_community = _people(period, communities, town_wide)
    classes, subjects = _subjects(trainings)
    return {
        "town_wide": town_wide,
        **held,
        "fairs_attended": attended,
        "training_classes": classes,
        "training_subjects": subjects,
        **totals,
        "contest": contest,
        "transfers": _transfers(period, communities, town_wide, by_community),
        "pension": pension(period, communities, town_wide),
        "ecommerce": ecommerce,
        "by_community": [
            {"community": c.code, "name": c.name, **by_community[c.pk]} for c in communities
        ],
    }
