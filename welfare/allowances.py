"""Allowances the registry proposes (issue 17): 残疾人两项补贴 and 高龄津贴.

- 困难残疾人生活补贴 (``disability_living``): a disabled resident whose household receives 低保
  (an active ``dibao_urban`` / ``dibao_rural`` enrollment in the month); 重度残疾人护理补贴
  (``disability_care``): a disabled resident of grade 1 or 2. The registry proposes them; a
  proposal is an ordinary application (an enrollment), reviewed by the existing chain and paid in
  the program's monthly batch like any other.
- 高龄津贴 (``elderly_allowance``): no application. The list of a month is computed from birth
  dates by the database: a resident is on it when they are at least the lowest band's age (80)
  **on the first day of the month** — turning 80 on the 1st counts for that month, on any later
  day from the next month — and had neither died nor moved out before that day (the month of
  death or move is still paid). The amount is that of the highest age band reached on the same
  day (``AgeBandStandard``). The civil-affairs officer confirms the list; the confirmation keeps
  a digest, and the month's batch is generated from the list while it still matches.
"""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from burqin.audit import acting_as
from burqin.kept import kept
from burqin.periods import add_months, month_start
from communities.models import Resident
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF

from . import services
from .models import (
    AgeBandStandard,
    BatchLocked,
    Disbursement,
    DisbursementBatch,
    ElderlyListConfirmation,
    Enrollment,
    Program,
)

DISABILITY_LIVING = "disability_living"
DISABILITY_CARE = "disability_care"
DISABILITY_PROGRAMS = (DISABILITY_LIVING, DISABILITY_CARE)
ELDERLY_ALLOWANCE = "elderly_allowance"
DIBAO_PROGRAMS = ("dibao_urban", "dibao_rural")
SEVERE_GRADES = (Resident.DisabilityGrade.FIRST, Resident.DisabilityGrade.SECOND)
S = Enrollment.Status
OPEN_STATES = [s for s in S.values if s not in (S.TERMINATED, S.REJECTED)]


# 残疾人两项补贴 -------------------------------------------------------------------------------


def disability_program(code: str) -> Program:
    if code not in DISABILITY_PROGRAMS:
        raise services.TransitionError(_("Choose one of the two disability subsidies."))
    return Program.objects.get(code=code)


def disability_candidates(program: Program, residents, on: datetime.date):
    """The residents of ``residents`` the registry makes eligible for ``program`` on ``on``
    who have no open application or enrollment in it: current residents of a household,
    disabled, of grade 1–2 (护理补贴) or in a household with an active 低保 enrollment in the
    month (生活补贴). One query, whatever the number of residents."""
    candidates = residents.current().filter(is_disabled=True, household__isnull=False)
    if program.code == DISABILITY_CARE:
        candidates = candidates.filter(disability_grade__in=SEVERE_GRADES)
    elif program.code == DISABILITY_LIVING:
        start = month_start(on)
        dibao = (
            Enrollment.objects.active_in(start, add_months(start, 1))
            .filter(program__code__in=DIBAO_PROGRAMS, household=OuterRef("household"))
            .order_by()
        )
        candidates = candidates.filter(Exists(dibao))
    else:
        return candidates.none()
    already = Enrollment.objects.filter(
        program=program, resident=OuterRef("pk"), status__in=OPEN_STATES
    ).order_by()
    return candidates.filter(~Exists(already))


def proposal_reason(program: Program, resident: Resident) -> str:
    if program.code == DISABILITY_CARE:
        return _("Proposed from the registry: disability grade %(grade)s.") % {
            "grade": resident.get_disability_grade_display()
        }
    return _("Proposed from the registry: disabled, the household receives 低保.")


@transaction.atomic
def disability_propose(
    *, user, program: Program, residents: list[Resident], applied_on: datetime.date
) -> list[Enrollment]:
    """Register an application in ``program`` for each resident (community staff), all or none:
    a resident no longer eligible, already enrolled or of another community refuses the lot."""
    services._require_role(user, COMMUNITY_STAFF)
    program = disability_program(program.code)
    wanted = {r.pk for r in residents}
    eligible = list(
        disability_candidates(program, Resident.objects.visible_to(user), applied_on).filter(
            pk__in=wanted
        )
    )
    if not wanted:
        raise services.TransitionError(_("Choose at least one resident."))
    if len(eligible) != len(wanted):
        raise services.TransitionError(
            _(
                "%(count)s of the residents chosen are not eligible any more or already have an "
                "application; reload the list."
            )
            % {"count": len(wanted) - len(eligible)}
        )
    return [
        services.enrollment_create(
            user=user,
            program=program,
            resident=resident,
            persons_covered=1,
            applied_on=applied_on,
            monthly_income_per_capita=Decimal("0"),
            reason=proposal_reason(program, resident),
        )
        for resident in eligible
    ]


# 高龄津贴 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    min_age: int
    amount: Decimal
    max_age: int | None = None  # the last age of the band, None for the highest


def elderly_program() -> Program:
    return Program.objects.get(code=ELDERLY_ALLOWANCE)


def age_bands_on(program: Program, period: datetime.date) -> list[AgeBand]:
    """The bands in force for the month of ``period``, youngest first: for each starting age,
    the latest standard that took effect on or before the month's first day."""
    latest = {}
    for band in AgeBandStandard.objects.filter(
        program=program, effective_from__lte=month_start(period)
    ).order_by("min_age", "-effective_from"):
        latest.setdefault(band.min_age, band)
    ages = sorted(latest)
    return [
        AgeBand(age, latest[age].amount, ages[i + 1] - 1 if i + 1 < len(ages) else None)
        for i, age in enumerate(ages)
    ]


def born_on_or_before(period: datetime.date, age: int) -> datetime.date:
    """The latest birth date of someone at least ``age`` years old on the month's first day."""
    return month_start(period) - relativedelta(years=age)


def elderly_list(period: datetime.date, residents, bands: list[AgeBand]):
    """The residents of ``residents`` on the month's 高龄津贴 list, each annotated with ``band``
    (the starting age of their band). Computed by the database from birth dates (one query)."""
    start = month_start(period)
    if not bands:
        return residents.none().annotate(band=Value(0, output_field=IntegerField()))
    band = Case(
        *[
            When(birth_date__lte=born_on_or_before(start, b.min_age), then=Value(b.min_age))
            for b in reversed(bands)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        residents.filter(birth_date__lte=born_on_or_before(start, bands[0].min_age))
        .filter(Q(deceased_on__isnull=True) | Q(deceased_on__gte=start))
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=start))
        .annotate(band=band)
    )


def elderly_counts(rows: QuerySet) -> dict[tuple[int, int], int]:
    """``{(community, band): residents}`` of the list (one grouped query): the summary's bands
    and the pages' communities from one reading of the list."""
    grouped = rows.order_by().values_list("community_id", "band").annotate(n=Count("pk"))
    return kept(
        grouped,
        lambda: {(community, band): n for community, band, n in grouped},
        name="elderly-counts",
    )


def per_community(counts: dict[tuple[int, int], int]) -> dict[int, int]:
    result = {}
    for (community, _band), n in counts.items():
        result[community] = result.get(community, 0) + n
    return result


def elderly_summary(counts: dict[tuple[int, int], int], bands: list[AgeBand]) -> dict:
    """Residents and money per band and in all, from ``elderly_counts``."""
    residents = {}
    for (_community, band), n in counts.items():
        residents[band] = residents.get(band, 0) + n
    per_band = [
        {
            "band": b,
            "residents": residents.get(b.min_age, 0),
            "amount": b.amount * residents.get(b.min_age, 0),
        }
        for b in bands
    ]
    return {
        "bands": per_band,
        "residents": sum(row["residents"] for row in per_band),
        "amount": sum((row["amount"] for row in per_band), Decimal("0")),
    }


def _list_rows(program: Program, period: datetime.date, bands: list[AgeBand]) -> list[tuple]:
    """The town's list of the month: (resident, community, household, band), by resident."""
    return list(_list_query(period, bands))


def _list_query(period: datetime.date, bands: list[AgeBand]) -> QuerySet:
    return (
        elderly_list(period, Resident.objects.all(), bands)
        .order_by("pk")
        .values_list("pk", "community_id", "household_id", "band")
    )


def _bands_text(bands: list[AgeBand]) -> str:
    return ";".join(f"{b.min_age}:{b.amount}" for b in bands) + "|"


def list_digest(rows: list[tuple], bands: list[AgeBand]) -> str:
    text = _bands_text(bands)
    text += ";".join(",".join(str(v) for v in row) for row in rows)
    return hashlib.sha256(text.encode()).hexdigest()


# The same text as ``list_digest`` writes, hashed by PostgreSQL: a prefecture's list of 60,000
# residents is not carried into Python to be read on every view of the page (≈ 0.13 s).
_DIGEST_SQL = """
    SELECT encode(sha256(convert_to(%s || coalesce(string_agg(
        concat_ws(',', l.resident, l.community, coalesce(l.household::text, 'None'), l.band),
        ';' ORDER BY l.resident), ''), 'UTF8')), 'hex')
    FROM ({rows}) AS l (resident, community, household, band)
"""


def elderly_town_digest(period: datetime.date) -> tuple[str, list[AgeBand]]:
    """The digest of the whole town's list of the month, as the confirmation form carries it
    (on PostgreSQL computed by the database, equal to ``list_digest`` of the rows), kept until
    a row the list reads is written (``burqin.kept``)."""
    program = elderly_program()
    bands = age_bands_on(program, period)
    query = _list_query(period, bands)

    def digest() -> str:
        if connection.vendor != "postgresql" or not bands:
            return list_digest(list(query), bands)
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(_DIGEST_SQL.format(rows=sql), [_bands_text(bands), *params])
            return cursor.fetchone()[0]

    return kept(query, digest, name=f"elderly-digest:{_bands_text(bands)}"), bands


def latest_confirmation(program: Program, period: datetime.date) -> ElderlyListConfirmation | None:
    return (
        ElderlyListConfirmation.objects.filter(program=program, period=month_start(period))
        .select_related("confirmed_by")
        .first()
    )


@transaction.atomic
def elderly_list_confirm(*, user, period: datetime.date, digest: str) -> ElderlyListConfirmation:
    """The civil-affairs officer confirms the town's list of the month as shown (``digest``):
    the confirmation is recorded and the month's batch generated from the list."""
    services._require_role(user, CIVIL_AFFAIRS)
    program = elderly_program()
    period = month_start(period)
    bands = age_bands_on(program, period)
    if not bands:
        raise services.TransitionError(_("No age band standard is in force in this month."))
    rows = _list_rows(program, period, bands)
    current = list_digest(rows, bands)
    if digest != current:
        raise services.TransitionError(
            _("The list changed since the page was opened; check it again before confirming.")
        )
    batch = DisbursementBatch.objects.filter(program=program, period=period).first()
    if batch is not None and batch.is_frozen:
        raise BatchLocked(
            _("The %(batch)s batch is locked; it can no longer change.") % {"batch": batch}
        )
    amounts = {b.min_age: b.amount for b in bands}
    confirmation = ElderlyListConfirmation(
        program=program,
        period=period,
        residents=len(rows),
        amount=sum((amounts[row[3]] for row in rows), Decimal("0")),
        digest=current,
        confirmed_by=user,
    )
    confirmation._history_user = user
    confirmation.save()
    _fill_batch(user=user, program=program, period=period, rows=rows, bands=bands)
    return confirmation


def elderly_batch_generate(*, user, program: Program, period: datetime.date) -> DisbursementBatch:
    """The month's batch from its confirmed list (``services.batch_generate`` comes here for
    the 高龄津贴): refused until the list is confirmed, or once it no longer matches."""
    services._require_role(user, CIVIL_AFFAIRS)
    period = month_start(period)
    bands = age_bands_on(program, period)
    rows = _list_rows(program, period, bands)
    confirmation = latest_confirmation(program, period)
    if confirmation is None:
        raise services.TransitionError(
            _("Confirm the month's elderly allowance list first (高龄津贴名单).")
        )
    if confirmation.digest != list_digest(rows, bands):
        raise services.TransitionError(
            _(
                "The elderly allowance list changed since it was confirmed on %(date)s "
                "(a birthday band, a death, a move); confirm it again."
            )
            % {"date": f"{timezone.localtime(confirmation.confirmed_at):%Y-%m-%d %H:%M}"}
        )
    return _fill_batch(user=user, program=program, period=period, rows=rows, bands=bands)


def _fill_batch(*, user, program, period, rows, bands) -> DisbursementBatch:
    """Bring the month's batch in line with the list, as ``services.batch_generate`` does from
    enrollments: generated entries are added, updated or removed; imported entries and
    corrections are left alone; a reviewed batch goes back to draft."""
    batch = services._open_batch(program, period)
    DisbursementBatch.objects.select_for_update().filter(pk=batch.pk).first()
    amounts = {b.min_age: b.amount for b in bands}
    existing = {
        d.resident_id: d
        for d in Disbursement.objects.filter(
            batch=batch, corrects__isnull=True, reissue_of__isnull=True
        )
    }
    to_create, to_update, keep = [], [], set()
    for resident_id, community_id, household_id, band in rows:
        amount = amounts[band]
        keep.add(resident_id)
        current = existing.get(resident_id)
        if current is None:
            to_create.append(
                Disbursement(
                    batch=batch,
                    program=program,
                    period=batch.period,
                    community_id=community_id,
                    household_id=household_id,
                    resident_id=resident_id,
                    amount=amount,
                    persons=1,
                    source=Disbursement.Source.GENERATED,
                    created_by=user,
                )
            )
        elif current.source == Disbursement.Source.GENERATED and (
            current.amount,
            current.community_id,
            current.household_id,
        ) != (amount, community_id, household_id):
            current.amount = amount
            current.community_id, current.household_id = community_id, household_id
            to_update.append(current)
    stale = [
        d.pk
        for resident_id, d in existing.items()
        if resident_id not in keep and d.source == Disbursement.Source.GENERATED
    ]
    if stale:
        with acting_as(user):
            Disbursement.objects.filter(pk__in=stale, corrections__isnull=True).delete()
    bulk_create_with_history(to_create, Disbursement, batch_size=1000, default_user=user)
    bulk_update_with_history(
        to_update,
        Disbursement,
        ["amount", "community", "household"],
        batch_size=1000,
        default_user=user,
    )
    services._add_reissues(batch, user)
    batch.status = DisbursementBatch.Status.DRAFT
    batch.generated_at = timezone.now()
    batch.generated_by = user
    batch._history_user = user
    batch.save()
    return batch


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (for display; the list itself is computed in SQL)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
