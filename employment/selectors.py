"""Matching seekers and vacancies, and the reads the pages share.

Score of a (seeker, vacancy) pair, 0–100, documented in docs/employment.md:
- skills: 15 points per skill the vacancy wants that the seeker has (at most 45);
- sector: 25 when the seeker's wished sector is the enterprise's industry;
- wage: 20 when the vacancy's top wage reaches the seeker's wish (or no wish is given),
  10 when it reaches 80 % of it;
- area: 10 when the wished area appears in the enterprise's address.
Pairs scoring 0 are not listed. Each result carries the reasons, in Chinese.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from .models import JobSeeker, Vacancy, tags


def score(seeker: JobSeeker, vacancy: Vacancy) -> tuple[int, list[str]]:
    points, reasons = 0, []
    common = tags(seeker.skills) & tags(vacancy.skills)
    if common:
        points += min(15 * len(common), 45)
        reasons.append(_("skills: %(skills)s") % {"skills": "、".join(sorted(common))})
    if seeker.wish_sector and seeker.wish_sector == vacancy.enterprise.industry:
        points += 25
        reasons.append(_("wished sector %(sector)s") % {"sector": seeker.wish_sector})
    top = vacancy.wage_max or vacancy.wage_min
    if not seeker.wish_wage or top >= seeker.wish_wage:
        if top:
            points += 20
            reasons.append(_("wage up to %(wage)s yuan") % {"wage": top})
    elif top >= seeker.wish_wage * Decimal("0.8"):
        points += 10
        reasons.append(_("wage close to the wish (%(wage)s yuan)") % {"wage": top})
    if seeker.wish_area and seeker.wish_area in vacancy.enterprise.address:
        points += 10
        reasons.append(_("in %(area)s") % {"area": seeker.wish_area})
    return points, reasons


def _ranked(pairs, limit):
    results = []
    for item, (points, reasons) in pairs:
        if points > 0:
            results.append({"object": item, "score": points, "reasons": reasons})
    results.sort(key=lambda r: (-r["score"], r["object"].pk))
    return results[:limit]


def seekers_for_vacancy(vacancy: Vacancy, seekers, limit: int = 30) -> list[dict]:
    """Seekers (already scoped to the user) ranked for a vacancy."""
    candidates = seekers.exclude(status=JobSeeker.Status.EMPLOYED).select_related(
        "resident", "community"
    )
    return _ranked(((s, score(s, vacancy)) for s in candidates), limit)


def vacancies_for_seeker(seeker: JobSeeker, user, limit: int = 30) -> list[dict]:
    candidates = Vacancy.objects.visible_to(user).filter(is_open=True).select_related("enterprise")
    return _ranked(((v, score(seeker, v)) for v in candidates), limit)


def village_transfer_shares(communities, today) -> list[dict]:
    """Per village: surplus rural workers registered and the share of them now transferred."""
    from django.db.models import Count, Exists, OuterRef, Q

    from .models import LaborTransfer

    transferred_now = LaborTransfer.objects.filter(
        resident=OuterRef("resident"), from_date__lte=today
    ).filter(Q(to_date__isnull=True) | Q(to_date__gte=today))
    rows = (
        JobSeeker.objects.filter(
            community__in=communities,
            status__in=[JobSeeker.Status.SURPLUS_RURAL, JobSeeker.Status.EMPLOYED],
            community__kind="rural",
        )
        .annotate(moved=Exists(transferred_now))
        .filter(Q(status=JobSeeker.Status.SURPLUS_RURAL) | Q(moved=True))
        .order_by()
        .values("community__name")
        .annotate(surplus=Count("id"), transferred=Count("id", filter=Q(moved=True)))
    )
    return [
        {
            **row,
            "share": (Decimal(row["transferred"]) / row["surplus"] * 100).quantize(Decimal("0.1"))
            if row["surplus"]
            else None,
        }
        for row in rows
    ]


def households_with_wage_above(amount_by_household: dict) -> set[int]:
    """Households (of those given) where a member holds a job paying more than the amount
    given for that household — for welfare's 应退尽退 checks (one query)."""
    from .models import Placement

    rows = (
        Placement.objects.filter(seeker__resident__household_id__in=list(amount_by_household))
        .exclude(still_employed=False)
        .values_list("seeker__resident__household_id", "wage")
    )
    return {household for household, wage in rows if wage > amount_by_household[household]}
