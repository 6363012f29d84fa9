"""Reads of the welfare module shared by pages, exports and summaries."""

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from burqin.kept import kept
from burqin.periods import add_months, month_start
from communities.idnumbers import id_number_for
from communities.models import Resident
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, has_role
from employment.selectors import jobs_paying_more

from .means_test import Asset, Income, MeansTest, means_test
from .models import (
    AmountChangeProposal,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    MemberAsset,
    MemberIncome,
    Program,
    ReviewStep,
    Standard,
    compute_payment,
)

S = Enrollment.Status
# Entries that are payments of their own: not corrections, not re-issues of a failed payment.
ORIGINAL = Q(corrects__isnull=True, reissue_of__isnull=True)
EMPTY = {"amount": 0, "households": 0}
# How long the figures of a locked batch stay in the cache.
BATCH_FIGURES_SECONDS = 30 * 24 * 3600


def totals(disbursements) -> dict:
    """Beneficiaries, payments, person-times, amount and quantity of a set of disbursements
    (kept until a payment is written: a month of the town's payments takes 26–42 ms)."""
    rows = disbursements.order_by().select_related(None)

    def aggregate() -> dict:
        result = rows.aggregate(
            households=Count("household", distinct=True),
            residents=Count("resident", distinct=True),
            payments=Count("id", filter=ORIGINAL),
            corrections=Count("id", filter=~ORIGINAL),
            person_times=Sum("persons", filter=ORIGINAL),
            amount=Sum("amount"),
            quantity=Sum("quantity"),
            signed=Count("id", filter=Q(signed=True)),
        )
        return {key: value or 0 for key, value in result.items()}

    return kept(rows, aggregate, name="payment-totals")


def shown_payments(disbursements, chosen: dict):
    """``(payments, month)``: the payments a list shows. Without a month or a search in
    ``chosen`` (the filter form's cleaned data) it shows one month, the latest paid among
    ``disbursements`` (``month``), so that the town's list totals a month's payments rather than
    every payment ever made; a search for a person covers every month, and a month chosen is
    that month (``month`` is ``None``)."""
    if chosen.get("month") or (chosen.get("q") or "").strip():
        return disbursements, None
    # The latest month of payments themselves: a correction goes into the current month's
    # batch, and a month holding only corrections is not "the latest month paid".
    month = disbursements.filter(ORIGINAL).order_by().aggregate(latest=Max("period"))["latest"]
    if month is None:
        return disbursements, None
    return disbursements.filter(period=month), month


def program_month_totals(programs, disbursements, month: datetime.date) -> list[dict]:
    """This month's figures per program (one grouped query)."""
    rows = {
        row.pop("program"): row
        for row in disbursements.filter(period=month_start(month))
        .order_by()
        .values("program")
        .annotate(
            households=Count("household", distinct=True),
            residents=Count("resident", distinct=True),
            payments=Count("id", filter=ORIGINAL),
            amount=Sum("amount"),
            quantity=Sum("quantity"),
        )
    }
    result = []
    for program in programs:
        figures = rows.get(program.pk, {})
        beneficiaries = figures.get("households" if program.per_household else "residents", 0)
        result.append({"program": program, "beneficiaries": beneficiaries, **figures})
    return result


def enrollment_actions(user, enrollment: Enrollment, today: datetime.date | None = None) -> set:
    """The steps this user may take on this enrollment now (for the buttons on its page)."""
    today = today or timezone.localdate()
    status = enrollment.status
    actions = set()
    if has_role(user, COMMUNITY_STAFF):
        if status == S.APPLIED:
            actions |= {"community_approve", "return", "edit"}
        if status == S.RETURNED:
            actions |= {"resubmit", "edit"}
        if status == S.COMMUNITY_REVIEWED:
            actions |= {"start_notice", "return"}
        if status == S.PUBLICIZED:
            actions |= {"objection", "handle_objection", "return"}
            if enrollment.notice_end and enrollment.notice_end < today:
                actions.add("close_notice")
        if status == S.NOTICE_CLOSED:
            actions.add("return")
        if status in (S.ACTIVE, S.SUSPENDED):
            actions |= {"annual_review", "annual_review_fail"}
    if has_role(user, CIVIL_AFFAIRS):
        if status == S.PUBLICIZED:
            actions |= {"objection", "handle_objection"}
            if enrollment.notice_end and enrollment.notice_end < today:
                actions |= {"close_notice", "return", "reject"}
        if status == S.NOTICE_CLOSED:
            actions |= {"town_approve", "return", "reject"}
        if status == S.TOWN_REVIEWED:
            actions |= {"county_approve", "return", "reject"}
        if status == S.ACTIVE:
            actions |= {"suspend", "terminate"}
        if status == S.SUSPENDED:
            actions |= {"resume", "terminate"}
    return actions


def review_queue(user, enrollments, today: datetime.date | None = None):
    """What waits for this user's role: staff see their community's open steps, the officer
    the town review and the county approvals to record."""
    today = today or timezone.localdate()
    wanted = Q(pk__in=[])
    if has_role(user, COMMUNITY_STAFF):
        wanted |= Q(status__in=[S.APPLIED, S.RETURNED, S.COMMUNITY_REVIEWED])
        wanted |= Q(status=S.PUBLICIZED)
    if has_role(user, CIVIL_AFFAIRS):
        wanted |= Q(status=S.NOTICE_CLOSED) | Q(status=S.TOWN_REVIEWED)
    return enrollments.filter(wanted).order_by("applied_on", "pk")


def due_for_review(enrollments, within_days: int = 30, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return enrollments.due_for_review(today + datetime.timedelta(days=within_days)).order_by(
        "review_due_on", "pk"
    )


def anomalies(
    enrollments, disbursements, everywhere=None, today: datetime.date | None = None
) -> dict:
    """Enrollments that look wrong (应退尽退) and households paid in two communities.

    ``disbursements`` are the page's (narrowed to a community by the bar), ``everywhere`` all
    the user may see (default: the same): a household of the chosen community paid by another
    community too is found among the second."""
    today = today or timezone.localdate()
    open_states = [S.ACTIVE, S.SUSPENDED]
    current = enrollments.filter(status__in=open_states)
    gone = current.filter(
        Q(resident__deceased_on__isnull=False) | Q(resident__moved_out_on__isnull=False)
    )
    # Open twice in one program, here or in another community. The few residents with two open
    # enrollments of a program are found first (one pass over the open ones), then their rows.
    open_anywhere = Enrollment.objects.filter(status__in=open_states)
    grouped = open_anywhere
    if enrollments.query.has_filters():
        # A community's enrollments: only its residents' are grouped (40 times cheaper than
        # the prefecture's 83,000); unfiltered, the town's are all of them.
        grouped = grouped.filter(resident__in=current.values("resident"))
    doubled = (
        grouped.order_by()
        .values("program", "resident")
        .annotate(open=Count("pk"))
        .filter(open__gt=1)
        .values("resident")
    )
    twin = open_anywhere.filter(program=OuterRef("program"), resident=OuterRef("resident"))
    duplicates = current.filter(resident__in=doubled).filter(
        Exists(twin.exclude(pk=OuterRef("pk")))
    )
    # The beneficiary now lives in another community than the one paying them.
    moved_away = current.exclude(resident__community=F("community"))
    month = month_start(today)
    since = add_months(month, -2)
    recent = (everywhere if everywhere is not None else disbursements).filter(
        period__gte=since, household__isnull=False
    )
    # Two communities paying one household: their lowest and highest ids differ (cheaper than
    # counting distinct communities in every group).
    split = (
        recent.order_by()
        .values("period", "household", "program")  # the order of disb_household_split
        .annotate(first=Min("community"), last=Max("community"))
        .filter(first__lt=F("last"))
    )
    split_households = (
        recent.filter(household__in=split.values("household"))
        .filter(household__in=disbursements.filter(period__gte=since).values("household"))
        .select_related("household", "community", "program", "resident")
    )
    # A member placed in a job paying more than the 低保 standard (from employment records),
    # compared by the database against each program's standard of today.
    means_tested = current.filter(program__computation="means_tested")
    standard = Coalesce(
        Subquery(
            Standard.objects.filter(program=OuterRef("program"), effective_from__lte=today)
            .order_by("-effective_from")
            .values("amount")[:1]
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    placed = means_tested.alias(standard=standard).filter(
        Exists(jobs_paying_more(OuterRef("household_id"), OuterRef("standard")))
    )
    return {
        "placed_above_standard": placed.select_related("program", "resident", "community"),
        "gone": gone.select_related("program", "resident", "community"),
        "duplicates": duplicates.select_related("program", "resident", "community"),
        "moved_away": moved_away.select_related(
            "program", "resident", "community", "resident__community"
        ),
        "split_households": split_households,
    }


def newest(cases, limit: int, by: str = "pk") -> tuple[list, bool]:
    """``(rows, more)``: the rows of the ``limit`` newest cases and whether there are more — one
    statement, whether it finds none or thousands. A case is a row, or the rows sharing ``by``
    (a household's payments by two communities). The cases are numbered by a window over every
    row rather than taken by ``ORDER BY … LIMIT``, which would walk an index over every
    enrollment looking for the few that are cases, where a join finds them all at once."""
    rows = list(
        cases.annotate(newest=Window(DenseRank(), order_by=F(by).desc()))
        .filter(newest__lte=limit + 1)  # the rows of one case more: whether there are more
        .order_by(f"-{by}", "-pk")
    )
    return [row for row in rows if row.newest <= limit], any(row.newest > limit for row in rows)


# What makes a case of each check: a household paid by two communities is one case, however many
# rows it has; every other case is an enrollment.
CASE_KEYS = {"split_households": "household_id"}
# The checks of the whole town compare every open enrollment with the registry and three months of
# payments (0.2 s for a prefecture's 320 communities). Which cases they found is kept this long and
# the page says when it checked; the cases are read again on each visit, so one mended since drops
# out at once. A community's checks (a staff member's, or the one chosen in the bar) run each time.
CHECKS_CACHE_SECONDS = 600


def checked_cases(
    found: dict, limit: int, *, keep: bool = False, fresh: bool = False
) -> tuple[dict, dict, datetime.datetime | None]:
    """``(checks, more, checked_at)`` for the checks of ``anomalies``: each check's rows of its
    newest ``limit`` cases, whether it found more, and when they were found (``None``: now).

    With ``keep``, the cases found are kept for ``CHECKS_CACHE_SECONDS``, keyed by the checks'
    SQL (their scope and today's date) and ``limit``; later visits read those rows again through
    the same checks, so only the cases still wrong are shown. ``fresh`` checks again."""
    sql = "\n".join(str(cases.order_by().query) for cases in found.values())
    key = f"welfare:checks:{limit}:" + hashlib.sha256(sql.encode()).hexdigest()[:32]
    kept = cache.get(key) if keep and not fresh else None
    if kept is None:
        checks, more = {}, {}
        for name, cases in found.items():
            checks[name], more[name] = newest(cases, limit, by=CASE_KEYS.get(name, "pk"))
        if keep:
            ids = {name: [row.pk for row in rows] for name, rows in checks.items()}
            cache.set(key, {"ids": ids, "more": more, "at": timezone.now()}, CHECKS_CACHE_SECONDS)
        return checks, more, None
    checks = {
        name: list(
            cases.filter(pk__in=kept["ids"][name]).order_by(f"-{CASE_KEYS.get(name, 'pk')}", "-pk")
        )
        for name, cases in found.items()
    }
    return checks, kept["more"], kept["at"]


def batch_rows(batch: DisbursementBatch, user):
    return (
        Disbursement.objects.visible_to(user)
        .filter(batch=batch)
        .select_related("community", "household", "resident", "corrects")
    )


def batch_figures(disbursements, batches) -> dict[int, dict]:
    """Payments, amount and quantity per batch for a page of batches (one grouped query).

    A locked or paid batch cannot change any more (its rows are frozen; re-issues and
    corrections go into a later batch), so its figures are kept in the cache, keyed by the
    scope and the batch (with its program, month and lock time, so that a restored database
    reusing an id never meets another batch's figures): a page of past months reads only its
    open batches."""
    scope = _scope_key(disbursements)
    keys = {
        # A batch recorded as paid without going through the lock here (earlier months loaded
        # from the ledgers) has no lock time: its id, program and month key it.
        batch.pk: f"batch-figures:{scope}:{batch.pk}:{batch.program_id}:{batch.period:%Y-%m}:"
        + (f"{batch.locked_at:%Y%m%d%H%M%S%f}" if batch.locked_at else "-")
        for batch in batches
        if batch.is_frozen
    }
    cached = cache.get_many(keys.values())
    figures = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [batch.pk for batch in batches if batch.pk not in figures]
    if missing:
        rows = (
            disbursements.filter(batch_id__in=missing)
            .order_by()
            .values("batch")
            .annotate(
                payments=Count("id", filter=ORIGINAL),
                amount=Sum("amount"),
                quantity=Sum("quantity"),
            )
        )
        figures.update({row.pop("batch"): row for row in rows})
        # {} for a batch with no rows in the scope: kept too, so that it is not read again.
        cache.set_many(
            {keys[pk]: figures.get(pk, {}) for pk in missing if pk in keys},
            timeout=BATCH_FIGURES_SECONDS,
        )
    return {pk: row for pk, row in figures.items() if row}


def _scope_key(disbursements) -> str:
    """A short key for the rows a queryset reads (its SQL): the cache of figures per scope."""
    return hashlib.sha256(str(disbursements.order_by().query).encode()).hexdigest()[:16]


def monthly_trend(disbursements, last_month: datetime.date, months: int = 12) -> list[dict]:
    """Amount and households paid per month for the ``months`` up to ``last_month``.

    A month whose batches are all locked or paid cannot change any more (corrections go into
    the current month), so its figures are kept in the cache, keyed by the scope (the SQL of
    ``disbursements``) and the month's batches; the open months are kept until a payment is
    written (``burqin.kept``).
    """
    first = add_months(month_start(last_month), -(months - 1))
    wanted = [add_months(first, i) for i in range(months)]
    scope = _scope_key(disbursements)
    keys = {
        row["period"]: f"trend:{scope}:{row['period']:%Y-%m}:{row['n']}:{row['newest']}"
        for row in DisbursementBatch.objects.filter(period__in=wanted)
        .order_by()
        .values("period")
        .annotate(
            n=Count("id"),
            newest=Max("id"),
            open=Count("id", filter=~Q(status__in=DisbursementBatch.FROZEN)),
        )
        if not row["open"]
    }
    figures = cache.get_many(keys.values())

    def read(months) -> QuerySet:
        return (
            disbursements.filter(period__in=months)
            .order_by()
            .values("period")
            .annotate(amount=Sum("amount"), households=Count("household", distinct=True))
        )

    frozen = [month for month, key in keys.items() if key not in figures]
    # The open months are kept too, until a payment is written (burqin.kept).
    open_months = read([month for month in wanted if month not in keys])
    rows = [
        *(read(frozen) if frozen else []),
        *kept(open_months, lambda: list(open_months), name="trend"),
    ]
    for row in rows:
        value = {"amount": row["amount"] or 0, "households": row["households"]}
        figures[keys.get(row["period"], row["period"])] = value
    if frozen:
        cache.set_many({keys[m]: figures.get(keys[m], EMPTY) for m in frozen}, timeout=None)
    return [{"month": month, **figures.get(keys.get(month, month), EMPTY)} for month in wanted]


def month_by_community(disbursements, month: datetime.date) -> dict[int, dict]:
    """Amount, payments and households per community in one month (one grouped query, kept
    until a payment is written)."""
    rows = (
        disbursements.filter(period=month_start(month))
        .order_by()
        .values("community")
        .annotate(
            amount=Sum("amount"),
            payments=Count("id", filter=ORIGINAL),
            households=Count("household", distinct=True),
        )
    )
    return kept(
        rows, lambda: {row.pop("community"): row for row in rows}, name="month-by-community"
    )


# Opinions, the public notice and the approval form (issue 16, part A) ----------------------


def notice_rows(enrollments, today: datetime.date | None = None) -> list[dict]:
    """The applications in public notice, one row each, with what the notice may print.

    Name, household size, program, monthly amount, the compound (never the address, an ID
    number or an income).
    """
    today = today or timezone.localdate()
    rows = []
    in_notice = (
        enrollments.filter(status=S.PUBLICIZED)
        .select_related("program", "resident", "household__compound", "community")
        .annotate(
            open_objections=Count(
                "objection_records", filter=Q(objection_records__handled_at__isnull=True)
            )
        )
        .order_by("community__order", "notice_start", "pk")
    )
    in_notice = list(in_notice)
    # Every standard of the programs on the page, read once (not one query per row).
    standards = defaultdict(list)
    for standard in Standard.objects.filter(program__in={e.program_id for e in in_notice}).order_by(
        "-effective_from"
    ):
        standards[standard.program_id].append(standard)
    for enrollment in in_notice:
        day = enrollment.notice_start or today
        standard = next(
            (s for s in standards[enrollment.program_id] if s.effective_from <= day), None
        )
        figures = compute_payment(
            enrollment.program,
            standard,
            enrollment.persons_covered,
            enrollment.monthly_income_per_capita,
        )
        rows.append(
            {
                "enrollment": enrollment,
                "name": enrollment.resident.name,
                "household_size": enrollment.persons_covered,
                "program": enrollment.program.name,
                "amount": figures["amount"],
                "compound": enrollment.household.compound.name
                if enrollment.household.compound_id
                else "",
                "open_objections": enrollment.open_objections,
            }
        )
    return rows


def approval_form_data(enrollment: Enrollment, today: datetime.date | None = None) -> dict:
    """What the printed approval form (审批表) shows: figures, every opinion, the objections."""

    today = today or timezone.localdate()
    on = enrollment.started_on or enrollment.notice_start or today
    steps = list(enrollment.steps.select_related("actor"))
    latest = {}
    for step in steps:
        latest[step.action] = step
    A = ReviewStep.Action
    opinions = [
        (label, latest.get(action))
        for label, action in (
            (_("Community review opinion"), A.COMMUNITY_APPROVED),
            (_("Result of the public notice"), A.NOTICE_CLOSED),
            (_("Town review opinion"), A.TOWN_APPROVED),
            (_("County approval opinion"), A.COUNTY_APPROVED),
        )
    ]
    return {
        "computation": enrollment.computation(on),
        "opinions": opinions,
        "steps": steps,
        "objections": list(
            enrollment.objection_records.select_related("handled_by", "recorded_by")
        ),
        "single_person": any(step.single_person for step in steps),
    }


# Bank reconciliation (issue 16, part 7) ------------------------------------------------------


def batch_reconciliation(rows) -> dict:
    """What was sent to the bank and what became of it, for a batch's (visible) entries.

    sent = paid by the bank + failed at the bank + pending; the failed are then re-issued,
    paid in cash, or still open.
    """
    P = Disbursement.PaymentStatus
    failed_states = [P.FAILED, P.REISSUED, P.PAID_IN_CASH]
    figures = {
        "sent": Q(),
        "pending": Q(payment_status=P.PENDING),
        "paid": Q(payment_status=P.PAID),
        "failed": Q(payment_status__in=failed_states),
        "open_failed": Q(payment_status=P.FAILED),
        "reissued": Q(payment_status=P.REISSUED),
        "paid_in_cash": Q(payment_status=P.PAID_IN_CASH),
    }
    aggregates = {}
    for name, condition in figures.items():
        aggregates[f"{name}_count"] = Count("id", filter=condition)
        aggregates[f"{name}_amount"] = Sum("amount", filter=condition)
    result = rows.bank_payments().order_by().aggregate(**aggregates)
    result = {key: value or 0 for key, value in result.items()}
    result["reconciles"] = result["sent_amount"] == (
        result["paid_amount"] + result["failed_amount"] + result["pending_amount"]
    )
    return result


# Means test (家庭经济状况核对) -----------------------------------------------------------------


def household_members(enrollment: Enrollment, user):
    """The current members of the enrollment's household, the head first."""
    return (
        Resident.objects.visible_to(user)
        .current()
        .filter(household_id=enrollment.household_id)
        .order_by("birth_date", "pk")
    )


def means_test_for(enrollment: Enrollment, user, on: datetime.date | None = None) -> MeansTest:
    """The means test of the enrollment's household under the standard in force on ``on``
    (today by default): three queries (members, incomes, assets) and the standard's."""
    on = on or timezone.localdate()
    members = list(household_members(enrollment, user))
    head_first = sorted(members, key=lambda m: m.pk != enrollment.household.head_id)
    ids = [m.pk for m in members]
    incomes = [
        Income(i.resident_id, i.kind, i.amount, i.period)
        for i in MemberIncome.objects.visible_to(user).filter(resident_id__in=ids)
    ]
    assets = [
        Asset(a.resident_id, a.kind, a.value)
        for a in MemberAsset.objects.visible_to(user).filter(resident_id__in=ids)
    ]
    return means_test(
        program=enrollment.program,
        standard=enrollment.program.standard_on(on),
        members=head_first,
        incomes=incomes,
        assets=assets,
        persons=enrollment.persons_covered,
    )


def pending_amount_changes(user):
    """The 调标 proposals waiting for the civil-affairs officer, oldest first."""
    return (
        AmountChangeProposal.objects.visible_to(user)
        .filter(status=AmountChangeProposal.Status.PENDING)
        .select_related(
            "enrollment__program", "enrollment__resident", "enrollment__community", "created_by"
        )
        .order_by("created_at", "pk")
    )


# Monthly 增减 list, annual review, appeals (issue 16, part C) ------------------------------

STOP_ACTIONS = ["suspended", "terminated", "review_failed"]
# The annual-review queue and the dashboard look this many days ahead.
REVIEW_NOTICE_DAYS = 30


def previous_batch(batch: DisbursementBatch, user) -> DisbursementBatch | None:
    """The program's batch before this one (the previous month for a monthly program; the last
    heating or festival month for a seasonal one)."""
    return (
        DisbursementBatch.objects.visible_to(user)
        .filter(program_id=batch.program_id, period__lt=batch.period)
        .order_by("-period")
        .first()
    )


def _standard_at(standards, day: datetime.date):
    for standard in standards:  # newest first
        if standard.effective_from <= day:
            return standard
    return None


def _stop_reason(row) -> tuple[str, str]:
    """Why a beneficiary paid last time is not paid now: the registry first (a death or a
    move-out is a fact), then the reason recorded when the enrollment stopped."""
    resident, enrollment = row.resident, row.enrollment
    reasons = Enrollment.StopReason
    if resident.deceased_on:
        return reasons.DECEASED, f"{date_format(resident.deceased_on)}"
    if resident.moved_out_on:
        return reasons.MOVED_OUT, f"{date_format(resident.moved_out_on)}"
    if enrollment is not None and resident.community_id != enrollment.community_id:
        return reasons.MOVED_OUT, ""
    if enrollment is not None and enrollment.stop_reason:
        return enrollment.stop_reason, row.stop_note or ""
    return reasons.OTHER, row.stop_note or (enrollment.get_status_display() if enrollment else "")


def _adjust_reasons(old, new, standards, program) -> list[str]:
    reasons = []
    before, after = _standard_at(standards, old.period), _standard_at(standards, new.period)
    if before and after and before.amount != after.amount:
        reasons.append(
            _("Standard changed (%(old)s → %(new)s)") % {"old": before.amount, "new": after.amount}
        )
    if old.persons != new.persons:
        reasons.append(
            _("Persons covered changed (%(old)s → %(new)s)")
            % {"old": old.persons, "new": new.persons}
        )
    if not reasons and program.computation == Program.Computation.MEANS_TESTED:
        reasons.append(_("Means test: household income changed"))
    return reasons or [_("Other")]


def _flag(row, period: datetime.date) -> str:
    """Why a beneficiary still in the batch should perhaps be stopped (proposed, not done)."""
    resident, enrollment = row.resident, row.enrollment
    if resident.deceased_on:
        return _("Died on %(date)s") % {"date": f"{date_format(resident.deceased_on)}"}
    if resident.moved_out_on:
        return _("Moved out on %(date)s") % {"date": f"{date_format(resident.moved_out_on)}"}
    if enrollment is not None and enrollment.review_due_on and enrollment.review_due_on < period:
        return _("Annual review overdue since %(date)s") % {
            "date": f"{date_format(enrollment.review_due_on)}"
        }
    return ""


def _changed_rows(rows, changed: list[int], total: int) -> list:
    """The ``changed`` ones of a batch's ``total`` ``rows``, read by their ids when few changed.
    When most did (a program's first batch, a new standard for everyone) the batch's rows are
    read whole and the unchanged dropped here, rather than sending thousands of ids back."""
    if len(changed) * 2 <= total:
        return list(rows.filter(pk__in=changed))
    wanted = set(changed)
    return [row for row in rows if row.pk in wanted]


def change_list(batch: DisbursementBatch, disbursements, user) -> dict:
    """The batch's 增减 list: what changed against the program's previous batch, for the rows of
    ``disbursements`` (the caller's scope: a community, or the whole town).

    新增 paid now and never before; 恢复 paid now, not in the previous batch but earlier;
    停发 paid in the previous batch, not now (with the reason); 调标 a different amount (old →
    new, with the reason); and the proposed 停发: still paid, but the registry records a death or
    a move, or the annual review was overdue when the month began.

    Only the rows that changed are read whole: the two batches are first compared on plain
    tuples (resident, amount, quantity and what a proposed stop looks at), so a batch of
    thousands of beneficiaries with a few changes loads a few rows. Queries: the previous
    batch, each batch's tuples, the changed rows of each batch, the standards — the same six
    whatever the number of rows.
    """
    previous = previous_batch(batch, user)
    since = previous.period if previous else batch.period
    related = ("community", "resident", "enrollment")
    order = ("community__order", "community_id", "resident__name_pinyin", "pk")
    current_keys = list(
        disbursements.filter(batch=batch, corrects__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "resident_id",
            "amount",
            "quantity",
            "resident__deceased_on",
            "resident__moved_out_on",
            "enrollment__review_due_on",
        )
    )
    before_keys = []
    if previous is not None:
        before_keys = list(
            disbursements.filter(batch=previous, corrects__isnull=True)
            .order_by("pk")
            .values_list("pk", "resident_id", "amount", "quantity")
        )
    old_keys = {resident: (pk, amount, quantity) for pk, resident, amount, quantity in before_keys}
    changed_now, changed_before, paid_now = [], [], set()
    for pk, resident, amount, quantity, deceased, moved_out, review_due in current_keys:
        paid_now.add(resident)
        old = old_keys.get(resident)
        overdue = review_due is not None and review_due < batch.period
        if old is None or old[1:] != (amount, quantity) or deceased or moved_out or overdue:
            changed_now.append(pk)
            if old is not None:
                changed_before.append(old[0])
    changed_before += [row[0] for row in before_keys if row[1] not in paid_now]  # stopped
    earlier = disbursements.filter(
        program_id=batch.program_id,
        resident=OuterRef("resident"),
        period__lt=since,
        corrects__isnull=True,
    )
    current = _changed_rows(
        disbursements.filter(batch=batch, corrects__isnull=True)
        .annotate(paid_before=Exists(earlier))
        .select_related(*related)
        .order_by(*order),
        changed_now,
        len(current_keys),
    )
    before = []
    if previous is not None:
        last_stop = (
            ReviewStep.objects.visible_to(user)
            .filter(enrollment=OuterRef("enrollment"), action__in=STOP_ACTIONS)
            .order_by("-at", "-pk")
            .values("opinion")[:1]
        )
        before = _changed_rows(
            disbursements.filter(batch=previous, corrects__isnull=True)
            .annotate(stop_note=Subquery(last_stop))
            .select_related(*related)
            .order_by(*order),
            changed_before,
            len(before_keys),
        )
    standards = sorted(batch.program.standards.all(), key=lambda s: s.effective_from, reverse=True)
    previous_rows = {row.resident_id: row for row in before}
    current_ids = set()
    added, resumed, adjusted, flagged = [], [], [], []
    for row in current:
        current_ids.add(row.resident_id)
        old = previous_rows.get(row.resident_id)
        if old is None:
            (resumed if row.paid_before else added).append({"row": row})
        elif (old.amount, old.quantity) != (row.amount, row.quantity):
            adjusted.append(
                {
                    "row": row,
                    "old": old,
                    "difference": row.amount - old.amount,
                    "reasons": _adjust_reasons(old, row, standards, batch.program),
                }
            )
        flag = _flag(row, batch.period)
        if flag:
            flagged.append({"row": row, "reason": flag})
    stopped = []
    for old in before:
        if old.resident_id not in current_ids:
            reason, note = _stop_reason(old)
            stopped.append(
                {"row": old, "reason": Enrollment.StopReason(reason).label, "note": note}
            )
    return {
        "previous": previous,
        "added": added,
        "resumed": resumed,
        "stopped": stopped,
        "adjusted": adjusted,
        "flagged": flagged,
        "counts": {
            "added": len(added),
            "stopped": len(stopped),
            "adjusted": len(adjusted),
            "resumed": len(resumed),
            "flagged": len(flagged),
        },
        "totals": {
            "before": sum((row[2] for row in before_keys), Decimal("0")),
            "now": sum((row[2] for row in current_keys), Decimal("0")),
            "beneficiaries_before": len(before_keys),
            "beneficiaries_now": len(current_keys),
        },
    }


def change_list_sheet(changes: dict, user) -> tuple[list[str], list[list]]:
    """The 增减 list as one table (headers, rows) for the XLSX export."""
    headers = [
        pgettext("column of the 增减 list", "Change"),
        _("Community"),
        _("Beneficiary"),
        _("ID number"),
        _("Persons"),
        _("Previous amount (yuan)"),
        _("New amount (yuan)"),
        _("Reason"),
    ]
    rows = []

    def line(kind, row, old, new, reason):
        rows.append(
            [
                kind,
                row.community.name,
                row.resident.name,
                id_number_for(user, row.resident.id_number),
                row.persons,
                old,
                new,
                reason,
            ]
        )

    for item in changes["added"]:
        line(pgettext("change list", "Added"), item["row"], "", item["row"].amount, "")
    for item in changes["resumed"]:
        line(pgettext("change list", "Resumed"), item["row"], "", item["row"].amount, "")
    for item in changes["stopped"]:
        reason = f"{item['reason']} {item['note']}".strip()
        line(pgettext("change list", "Stopped"), item["row"], item["row"].amount, "", reason)
    for item in changes["adjusted"]:
        line(
            pgettext("change list", "Amount changed"),
            item["row"],
            item["old"].amount,
            item["row"].amount,
            "; ".join(str(r) for r in item["reasons"]),
        )
    for item in changes["flagged"]:
        line(
            pgettext("change list", "Proposed stop"),
            item["row"],
            "",
            item["row"].amount,
            item["reason"],
        )
    return headers, rows


def annual_review_counts(enrollments, today: datetime.date | None = None) -> dict:
    """Open enrollments whose annual review is overdue, and due within the notice days (one
    query)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    # Both counts end at ``soon``: bounded there, the (status, review_due_on) index reads the
    # few reviews concerned instead of every open enrollment (the town's dashboard: 22 ms → 0).
    due = enrollments.filter(status__in=[S.ACTIVE, S.SUSPENDED], review_due_on__lte=soon)
    return due.aggregate(
        overdue=Count("id", filter=Q(review_due_on__lt=today)),
        due_soon=Count("id", filter=Q(review_due_on__gte=today, review_due_on__lte=soon)),
    )


def annual_review_queue(enrollments, today: datetime.date | None = None) -> dict:
    """The annual reviews overdue and those due within the notice days, oldest first."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    open_ones = enrollments.filter(status__in=[S.ACTIVE, S.SUSPENDED]).order_by(
        "review_due_on", "pk"
    )
    return {
        "overdue": open_ones.filter(review_due_on__lt=today),
        "due_soon": open_ones.filter(review_due_on__gte=today, review_due_on__lte=soon),
        "soon": soon,
    }


def payment_table(disbursements) -> dict:
    """Every payment of a person or household as a month × program table, the sums in SQL.

    Four grouped queries whatever the number of payments: the cells (month, program), the
    month totals, the program totals (with the programs' names and order) and the total.
    Corrections count in the month they correct, so a cell is what was finally paid.
    """
    base = disbursements.order_by()
    cells = {
        (row["period"], row["program_id"]): row["amount"]
        for row in base.values("period", "program_id").annotate(amount=Sum("amount"))
    }
    month_totals = dict(base.values_list("period").annotate(amount=Sum("amount")))
    program_rows = list(
        base.values("program_id", "program__name", "program__order")
        .annotate(amount=Sum("amount"), payments=Count("id", filter=ORIGINAL))
        .order_by("program__order", "program_id")
    )
    total = base.aggregate(amount=Sum("amount"))["amount"] or Decimal("0")
    programs = [
        {"pk": row["program_id"], "name": row["program__name"], "amount": row["amount"]}
        for row in program_rows
    ]
    rows = [
        {
            "month": month,
            "cells": [cells.get((month, program["pk"])) for program in programs],
            "amount": amount,
        }
        for month, amount in sorted(month_totals.items(), reverse=True)
    ]
    return {"programs": programs, "rows": rows, "total": total}


def application_preview(*, user, program, resident, persons: int | None) -> dict:
    """What a new application would pay this month, with its formula, before it is registered:
    the household's size (the default persons covered) and the per-capita income of its means
    test so far."""
    household = resident.household
    size = (
        Resident.objects.visible_to(user).current().filter(household_id=household.pk).count()
        if household is not None
        else 1
    )
    enrollment = Enrollment(
        program=program,
        resident=resident,
        household=household,
        community_id=resident.community_id,
        persons_covered=persons or size or 1,
    )
    if household is not None:
        enrollment.monthly_income_per_capita = means_test_for(enrollment, user).per_capita
    computation = enrollment.computation(timezone.localdate())
    return {
        "household_size": size,
        "persons": enrollment.persons_covered,
        "income": enrollment.monthly_income_per_capita,
        **computation,
    }
