"""Matching seekers and vacancies, and the reads the pages share.

Score of a (seeker, vacancy) pair, 0–100, documented in docs/employment.md:
- skills: 15 points per skill the vacancy wants that the seeker has (at most 45);
- sector: 25 when the seeker's wished sector is the enterprise's industry;
- wage: 20 when the vacancy's top wage reaches the seeker's wish (or no wish is given),
  10 when it reaches 80 % of it;
- area: 10 when the wished area appears in the enterprise's address.
Pairs scoring 0 are not listed; ties go to the older record (lower id).

The database ranks (the rule as SQL expressions, ``ORDER BY score DESC, id LIMIT n``), so a page
reads only the rows it shows; ``score`` — the same rule in Python — gives the reasons of those
rows and is the reference that the tests hold the SQL to.
"""

from decimal import Decimal

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Concat, Least, Replace, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext as _

from .models import JobSeeker, Vacancy, tags

# What separates two skills in SQL: the separators of ``tags`` and the usual white space.
SKILL_SEPARATORS = "、，,;；\t\n\r\u3000\xa0"
SKILL_POINTS, SKILL_CAP, SECTOR_POINTS, AREA_POINTS = 15, 45, 25, 10
WAGE_POINTS, NEAR_WAGE_POINTS, NEAR_WAGE_SHARE = 20, 10, Decimal("0.8")
MATCHES_SHOWN = 30


def score(seeker: JobSeeker, vacancy: Vacancy) -> tuple[int, list[str]]:
    """The score of one pair and its reasons, in Chinese (the rule's reference form)."""
    points, reasons = 0, []
    common = tags(seeker.skills) & tags(vacancy.skills)
    if common:
        points += min(SKILL_POINTS * len(common), SKILL_CAP)
        reasons.append(_("skills: %(skills)s") % {"skills": "、".join(sorted(common))})
    if seeker.wish_sector and seeker.wish_sector == vacancy.enterprise.industry:
        points += SECTOR_POINTS
        reasons.append(_("wished sector %(sector)s") % {"sector": seeker.wish_sector})
    top = vacancy.wage_max or vacancy.wage_min
    if not seeker.wish_wage or top >= seeker.wish_wage:
        if top:
            points += WAGE_POINTS
            reasons.append(_("wage up to %(wage)s yuan") % {"wage": top})
    elif top >= seeker.wish_wage * NEAR_WAGE_SHARE:
        points += NEAR_WAGE_POINTS
        reasons.append(_("wage close to the wish (%(wage)s yuan)") % {"wage": top})
    if seeker.wish_area and seeker.wish_area in vacancy.enterprise.address:
        points += AREA_POINTS
        reasons.append(_("in %(area)s") % {"area": seeker.wish_area})
    return points, reasons


def _points(condition, points: int):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _skill_points(column: str, wanted: set[str]):
    """15 for each wanted skill found whole in the column's skills, at most 45: every separator
    becomes a space and the text is padded with one, so ' 电焊 ' finds the skill 电焊 only."""
    if not wanted:
        return Value(0, output_field=IntegerField())
    spaced = F(column)
    for separator in SKILL_SEPARATORS:
        spaced = Replace(spaced, Value(separator), Value(" "))
    spaced = Concat(Value(" "), spaced, Value(" "))
    found = [
        _points(GreaterThan(StrIndex(spaced, Value(f" {skill} ")), 0), SKILL_POINTS)
        for skill in sorted(wanted)
    ]
    total = found[0]
    for term in found[1:]:
        total = total + term
    return Least(total, Value(SKILL_CAP), output_field=IntegerField())


def _ranked(queryset, limit: int, pair):
    """The best ``limit`` rows scoring above 0, each with its reasons (computed for them only).

    Rows scoring 0 sort last, so dropping them from the best ``limit`` leaves exactly the best
    rows above 0 — without writing the whole score a second time into a WHERE clause."""
    rows = queryset.order_by("-match_score", "pk")[:limit]
    results = []
    for row in rows:
        if row.match_score > 0:
            _points_again, reasons = score(*pair(row))
            results.append({"object": row, "score": row.match_score, "reasons": reasons})
    return results


def seekers_for_vacancy(vacancy: Vacancy, seekers, limit: int = MATCHES_SHOWN) -> list[dict]:
    """The best job seekers for a vacancy, ranked by the database (one query).

    ``seekers`` is already scoped to the user (``JobSeeker.objects.visible_to``); employed
    seekers are left out. ``vacancy.enterprise`` should be loaded with the vacancy.
    """
    enterprise = vacancy.enterprise
    top = vacancy.wage_max or vacancy.wage_min
    wage = Value(0, output_field=IntegerField())
    if top:
        wage = Case(
            When(Q(wish_wage=0) | Q(wish_wage__lte=top), then=Value(WAGE_POINTS)),
            # top >= wish × 0.8  ⇔  wish <= top ÷ 0.8 (exact in Decimal)
            When(wish_wage__lte=top / NEAR_WAGE_SHARE, then=Value(NEAR_WAGE_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )
    sector = Value(0, output_field=IntegerField())
    if enterprise.industry:
        sector = _points(Q(wish_sector=enterprise.industry), SECTOR_POINTS)
    area = _points(
        ~Q(wish_area="") & GreaterThan(StrIndex(Value(enterprise.address), F("wish_area")), 0),
        AREA_POINTS,
    )
    candidates = (
        seekers.exclude(status=JobSeeker.Status.EMPLOYED)
        .select_related("resident", "community")
        .annotate(match_score=_skill_points("skills", tags(vacancy.skills)) + sector + wage + area)
    )
    return _ranked(candidates, limit, lambda seeker: (seeker, vacancy))


def vacancies_for_seeker(seeker: JobSeeker, user, limit: int = MATCHES_SHOWN) -> list[dict]:
    """The best open vacancies (of every enterprise: they serve the whole town) for a seeker,
    ranked by the database (one query)."""
    # The vacancy's top wage is wage_max, or wage_min when wage_max is 0.
    wish = seeker.wish_wage
    if not wish:
        wage = _points(~Q(wage_max=0) | ~Q(wage_min=0), WAGE_POINTS)
    else:
        wage = Case(
            When(
                Q(wage_max__gte=wish) | Q(wage_max=0, wage_min__gte=wish),
                then=Value(WAGE_POINTS),
            ),
            When(
                Q(wage_max__gte=wish * NEAR_WAGE_SHARE)
                | Q(wage_max=0, wage_min__gte=wish * NEAR_WAGE_SHARE),
                then=Value(NEAR_WAGE_POINTS),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    sector = Value(0, output_field=IntegerField())
    if seeker.wish_sector:
        sector = _points(Q(enterprise__industry=seeker.wish_sector), SECTOR_POINTS)
    area = Value(0, output_field=IntegerField())
    if seeker.wish_area:
        area = _points(
            GreaterThan(StrIndex(F("enterprise__address"), Value(seeker.wish_area)), 0),
            AREA_POINTS,
        )
    candidates = (
        Vacancy.objects.visible_to(user)
        .filter(is_open=True)
        .select_related("enterprise")
        .annotate(match_score=_skill_points("skills", tags(seeker.skills)) + sector + wage + area)
    )
    return _ranked(candidates, limit, lambda vacancy: (seeker, vacancy))


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


def jobs_paying_more(household, wage):
    """The jobs still held by members of ``household`` paying more than ``wage`` — both
    expressions, such as ``OuterRef``s — for welfare's 应退尽退 checks, as a subquery
    (``Exists``): the database compares every household at once."""
    from .models import Placement

    return (
        Placement.objects.filter(seeker__resident__household_id=household, wage__gt=wage)
        .exclude(still_employed=False)
        .values("pk")
    )
