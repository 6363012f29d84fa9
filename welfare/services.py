"""Writes of the welfare module: the review chain, batches, corrections.

Each transition is one function: it checks the actor's role and scope and the current state,
locks the row, writes the change with its history and a timeline step, all in one transaction.
"""

import datetime
import hashlib
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from burqin.audit import acting_as
from burqin.periods import add_months, month_start
from communities.models import Resident
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, has_role
from communities.scope import is_town_wide, scope_community_ids

from .models import (
    Appeal,
    BatchLocked,
    ChangeListConfirmation,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    Program,
    ReviewStep,
    compute_payment,
)

MIN_NOTICE_DAYS = 7
S = Enrollment.Status


class TransitionError(ValidationError):
    """The object is not in a state that allows this step; the message says why, in Chinese."""


def _require_role(user, role: str) -> None:
    if not has_role(user, role):
        raise PermissionDenied(_("Your role does not allow this action."))


def _require_scope(user, community_id: int) -> None:
    allowed = scope_community_ids(user)
    if allowed is not None and community_id not in allowed:
        raise PermissionDenied(_("This record belongs to another community."))


def _transition(enrollment, *, user, role, allowed_from, to, action, opinion="", **changes):
    _require_role(user, role)
    _require_scope(user, enrollment.community_id)
    current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if current.status not in allowed_from:
        raise TransitionError(
            _("This step is not possible while the enrollment is “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    current.status = to
    for field, value in changes.items():
        setattr(current, field, value)
    current._change_reason = action
    current._history_user = user
    current.save()
    ReviewStep.objects.create(enrollment=current, action=action, actor=user, opinion=opinion)
    return current


@transaction.atomic
def enrollment_create(
    *,
    user,
    program: Program,
    resident: Resident,
    persons_covered: int,
    monthly_income_per_capita: Decimal,
    applied_on: datetime.date,
    reason: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> Enrollment:
    """Register an application (community staff, for a resident of their community)."""
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, resident.community_id)
    if resident.household_id is None:
        raise TransitionError(_("The beneficiary must belong to a registered household."))
    if not resident.is_current:
        raise TransitionError(_("The beneficiary has moved out or died."))
    open_states = [s for s in S.values if s not in (S.TERMINATED, S.REJECTED)]
    duplicate = Enrollment.objects.filter(program=program, status__in=open_states)
    if program.per_household:
        duplicate = duplicate.filter(household_id=resident.household_id)
    else:
        duplicate = duplicate.filter(resident=resident)
    if duplicate.exists():
        raise TransitionError(
            _("This beneficiary already has an open enrollment in %(program)s.")
            % {"program": program.name}
        )
    enrollment = Enrollment(
        program=program,
        community_id=resident.community_id,
        household_id=resident.household_id,
        resident=resident,
        persons_covered=persons_covered,
        monthly_income_per_capita=monthly_income_per_capita,
        applied_on=applied_on,
        reason=reason,
        bank_name=bank_name,
        bank_account=bank_account,
        created_by=user,
    )
    enrollment._history_user = user
    enrollment.save()
    ReviewStep.objects.create(
        enrollment=enrollment, action=ReviewStep.Action.APPLIED, actor=user, opinion=reason
    )
    return enrollment


@transaction.atomic
def enrollment_update_application(*, user, enrollment: Enrollment, form) -> Enrollment:
    """Correct an application still with the community (applied or returned) from a valid form."""
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, enrollment.community_id)
    current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if current.status not in (S.APPLIED, S.RETURNED):
        raise TransitionError(_("Only an application with the community can be edited."))
    for field in form.Meta.fields:
        setattr(current, field, form.cleaned_data[field])
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def enrollment_community_approve(*, user, enrollment, opinion: str = "") -> Enrollment:
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.APPLIED],
        to=S.COMMUNITY_REVIEWED,
        action=ReviewStep.Action.COMMUNITY_APPROVED,
        opinion=opinion,
    )


@transaction.atomic
def enrollment_start_notice(
    *, user, enrollment, start: datetime.date, end: datetime.date
) -> Enrollment:
    """Publish the public notice (公示); it must run at least seven days."""
    if (end - start).days + 1 < MIN_NOTICE_DAYS:
        raise TransitionError(
            _(
                "The public notice must run at least %(days)d days (%(start)s to %(end)s is "
                "%(actual)d)."
            )
            % {
                "days": MIN_NOTICE_DAYS,
                "start": start,
                "end": end,
                "actual": max((end - start).days + 1, 0),
            }
        )
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.COMMUNITY_REVIEWED],
        to=S.PUBLICIZED,
        action=ReviewStep.Action.NOTICE_STARTED,
        opinion=_("%(start)s to %(end)s") % {"start": start, "end": end},
        notice_start=start,
        notice_end=end,
    )


@transaction.atomic
def enrollment_record_objection(*, user, enrollment, text: str) -> Enrollment:
    text = text.strip()
    if not text:
        raise TransitionError(_("Describe the objection."))
    objections = (enrollment.objections + "\n" + text).strip()
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.PUBLICIZED],
        to=S.PUBLICIZED,
        action=ReviewStep.Action.OBJECTION,
        opinion=text,
        objections=objections,
    )


@transaction.atomic
def enrollment_return(*, user, enrollment, reason: str) -> Enrollment:
    """Send back for correction: community staff before the town, the officer at town review."""
    if not reason.strip():
        raise TransitionError(_("Say why the application is returned."))
    if has_role(user, CIVIL_AFFAIRS):
        role, allowed = CIVIL_AFFAIRS, [S.PUBLICIZED, S.TOWN_REVIEWED]
    else:
        role, allowed = COMMUNITY_STAFF, [S.APPLIED, S.COMMUNITY_REVIEWED, S.PUBLICIZED]
    return _transition(
        enrollment,
        user=user,
        role=role,
        allowed_from=allowed,
        to=S.RETURNED,
        action=ReviewStep.Action.RETURNED,
        opinion=reason,
        return_reason=reason,
    )


@transaction.atomic
def enrollment_resubmit(*, user, enrollment, opinion: str = "") -> Enrollment:
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.RETURNED],
        to=S.APPLIED,
        action=ReviewStep.Action.RESUBMITTED,
        opinion=opinion,
        return_reason="",
    )


@transaction.atomic
def enrollment_town_approve(
    *, user, enrollment, opinion: str = "", today: datetime.date | None = None
) -> Enrollment:
    """镇审核 by the civil-affairs officer, once the public notice has ended."""
    today = today or timezone.localdate()
    if enrollment.notice_end and enrollment.notice_end >= today:
        raise TransitionError(
            _("The public notice runs until %(end)s; the town review comes after it.")
            % {"end": enrollment.notice_end}
        )
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.PUBLICIZED],
        to=S.TOWN_REVIEWED,
        action=ReviewStep.Action.TOWN_APPROVED,
        opinion=opinion,
    )


@transaction.atomic
def enrollment_county_approve(
    *, user, enrollment, approved_on: datetime.date, document_no: str, start_month: datetime.date
) -> Enrollment:
    """Record the county's approval (县审批): the enrollment becomes active from a month on."""
    if not document_no.strip():
        raise TransitionError(_("Enter the county's document number."))
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.TOWN_REVIEWED],
        to=S.ACTIVE,
        action=ReviewStep.Action.COUNTY_APPROVED,
        opinion=_("%(date)s, document %(number)s") % {"date": approved_on, "number": document_no},
        county_approved_on=approved_on,
        county_document_no=document_no.strip(),
        started_on=month_start(start_month),
        review_due_on=approved_on + relativedelta(years=1),
    )


@transaction.atomic
def enrollment_reject(*, user, enrollment, reason: str) -> Enrollment:
    if not reason.strip():
        raise TransitionError(_("Say why the application is rejected."))
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.PUBLICIZED, S.TOWN_REVIEWED],
        to=S.REJECTED,
        action=ReviewStep.Action.REJECTED,
        opinion=reason,
    )


@transaction.atomic
def enrollment_suspend(
    *, user, enrollment, reason: str, stop_reason: str = Enrollment.StopReason.OTHER
) -> Enrollment:
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.ACTIVE],
        to=S.SUSPENDED,
        action=ReviewStep.Action.SUSPENDED,
        opinion=reason,
        stop_reason=stop_reason,
    )


@transaction.atomic
def enrollment_resume(*, user, enrollment, opinion: str = "") -> Enrollment:
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.SUSPENDED],
        to=S.ACTIVE,
        action=ReviewStep.Action.RESUMED,
        opinion=opinion,
        stop_reason="",
    )


@transaction.atomic
def enrollment_terminate(
    *,
    user,
    enrollment,
    reason: str,
    last_month: datetime.date | None = None,
    stop_reason: str = Enrollment.StopReason.OTHER,
) -> Enrollment:
    """End payments (应退尽退) after ``last_month`` (default: the current month)."""
    if not reason.strip():
        raise TransitionError(_("Say why the enrollment ends."))
    last = month_start(last_month or timezone.localdate())
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.ACTIVE, S.SUSPENDED],
        to=S.TERMINATED,
        action=ReviewStep.Action.TERMINATED,
        opinion=reason,
        ended_on=add_months(last, 1) - datetime.timedelta(days=1),
        stop_reason=stop_reason,
    )


@transaction.atomic
def enrollment_annual_review(
    *,
    user,
    enrollment,
    persons_covered: int,
    monthly_income_per_capita: Decimal,
    opinion: str = "",
    reviewed_on: datetime.date | None = None,
) -> Enrollment:
    """The yearly re-check by community staff: new figures, next review a year later."""
    reviewed_on = reviewed_on or timezone.localdate()
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.ACTIVE, S.SUSPENDED],
        to=enrollment.status,
        action=ReviewStep.Action.ANNUAL_REVIEW,
        opinion=opinion,
        persons_covered=persons_covered,
        monthly_income_per_capita=monthly_income_per_capita,
        review_due_on=reviewed_on + relativedelta(years=1),
    )


# Batches ---------------------------------------------------------------------------------


def _open_batch(program: Program, period: datetime.date) -> DisbursementBatch:
    batch, _created = DisbursementBatch.objects.get_or_create(
        program=program, period=month_start(period)
    )
    if batch.is_frozen:
        raise BatchLocked(
            _("The %(batch)s batch is locked; it can no longer change.") % {"batch": batch}
        )
    return batch


@transaction.atomic
def batch_generate(*, user, program: Program, period: datetime.date) -> DisbursementBatch:
    """Create or bring up to date a month's batch from the enrollments active in that month.

    Idempotent: entries generated earlier are updated or removed, new ones added; imported
    entries and corrections are left alone. A reviewed batch goes back to draft.
    """
    _require_role(user, CIVIL_AFFAIRS)
    batch = _open_batch(program, period)
    DisbursementBatch.objects.select_for_update().filter(pk=batch.pk).first()
    start = batch.period
    standard = program.standard_on(start)
    enrollments = (
        Enrollment.objects.active_in(start, add_months(start, 1))
        .filter(program=program)
        # A death or move-out recorded in the registry before the month stops payment (停发);
        # the 增减 list shows it and the enrollment checks ask the officer to terminate it.
        .exclude(resident__deceased_on__lt=start)
        .exclude(resident__moved_out_on__lt=start)
        .select_related("household")
    )
    existing = {
        d.resident_id: d for d in Disbursement.objects.filter(batch=batch, corrects__isnull=True)
    }
    to_create, to_update, keep = [], [], set()
    for enrollment in enrollments:
        figures = compute_payment(
            program, standard, enrollment.persons_covered, enrollment.monthly_income_per_capita
        )
        persons = enrollment.persons_covered
        current = existing.get(enrollment.resident_id)
        keep.add(enrollment.resident_id)
        if current is None:
            to_create.append(
                Disbursement(
                    batch=batch,
                    program=program,
                    period=start,
                    community_id=enrollment.community_id,
                    household_id=enrollment.household_id,
                    resident_id=enrollment.resident_id,
                    enrollment=enrollment,
                    amount=figures["amount"],
                    quantity=figures["quantity"],
                    persons=persons,
                    source=Disbursement.Source.GENERATED,
                    created_by=user,
                )
            )
        elif current.source == Disbursement.Source.GENERATED and (
            current.amount,
            current.quantity,
            current.persons,
            current.community_id,
        ) != (figures["amount"], figures["quantity"], persons, enrollment.community_id):
            current.amount, current.quantity = figures["amount"], figures["quantity"]
            current.persons, current.community_id = persons, enrollment.community_id
            current.enrollment = enrollment
            to_update.append(current)
    stale = [
        d.pk
        for resident_id, d in existing.items()
        if resident_id not in keep and d.source == Disbursement.Source.GENERATED
    ]
    if stale:
        # Each deleted row leaves a history row (post_delete) naming the user.
        with acting_as(user):
            Disbursement.objects.filter(pk__in=stale, corrections__isnull=True).delete()
    bulk_create_with_history(to_create, Disbursement, batch_size=1000, default_user=user)
    bulk_update_with_history(
        to_update,
        Disbursement,
        ["amount", "quantity", "persons", "community", "enrollment"],
        batch_size=1000,
        default_user=user,
    )
    batch.status = DisbursementBatch.Status.DRAFT
    batch.generated_at = timezone.now()
    batch._history_user = user
    batch.save()
    return batch


def _batch_step(batch, *, user, allowed_from, to, perm=None, **changes) -> DisbursementBatch:
    _require_role(user, CIVIL_AFFAIRS)
    if perm and not user.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this action."))
    current = DisbursementBatch.objects.select_for_update().get(pk=batch.pk)
    if current.status not in allowed_from:
        raise TransitionError(
            _("This step is not possible while the batch is “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    current.status = to
    for field, value in changes.items():
        setattr(current, field, value)
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def batch_review(*, user, batch) -> DisbursementBatch:
    if not batch.disbursements.exists():
        raise TransitionError(_("The batch is empty; generate or import its payments first."))
    return _batch_step(
        batch,
        user=user,
        allowed_from=[DisbursementBatch.Status.DRAFT],
        to=DisbursementBatch.Status.REVIEWED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def batch_reopen(*, user, batch) -> DisbursementBatch:
    return _batch_step(
        batch,
        user=user,
        allowed_from=[DisbursementBatch.Status.REVIEWED],
        to=DisbursementBatch.Status.DRAFT,
        reviewed_by=None,
        reviewed_at=None,
    )


@transaction.atomic
def batch_lock(*, user, batch) -> DisbursementBatch:
    """Lock a reviewed batch: from now on it never changes (corrections are new entries)."""
    require_change_list_confirmed(batch)
    return _batch_step(
        batch,
        user=user,
        allowed_from=[DisbursementBatch.Status.REVIEWED],
        to=DisbursementBatch.Status.LOCKED,
        perm="welfare.lock_disbursementbatch",
        locked_by=user,
        locked_at=timezone.now(),
    )


@transaction.atomic
def batch_mark_paid(*, user, batch, paid_on: datetime.date) -> DisbursementBatch:
    return _batch_step(
        batch,
        user=user,
        allowed_from=[DisbursementBatch.Status.LOCKED],
        to=DisbursementBatch.Status.PAID,
        perm="welfare.lock_disbursementbatch",
        paid_on=paid_on,
    )


@transaction.atomic
def disbursement_correct(
    *,
    user,
    original: Disbursement,
    amount: Decimal,
    quantity: Decimal | None,
    reason: str,
    today: datetime.date | None = None,
) -> Disbursement:
    """Add a correction (a negative or additional amount) pointing at ``original``.

    It goes into the program's batch of the current month, which must still be open.
    """
    _require_role(user, CIVIL_AFFAIRS)
    if not reason.strip():
        raise TransitionError(_("Say why the payment is corrected."))
    if original.corrects_id:
        raise TransitionError(_("Correct the original payment, not a correction."))
    if not original.batch.is_frozen:
        raise TransitionError(
            _("The batch is still open: regenerate it or change the payment there.")
        )
    if amount == 0 and not quantity:
        raise TransitionError(_("A correction needs an amount or a quantity."))
    already = sum((c.amount for c in original.corrections.all()), Decimal("0"))
    if original.amount + already + amount < 0:
        raise TransitionError(
            _("The correction would make the payment negative (%(total)s yuan).")
            % {"total": original.amount + already + amount}
        )
    batch = _open_batch(original.program, today or timezone.localdate())
    correction = Disbursement(
        batch=batch,
        program=original.program,
        period=batch.period,
        community_id=original.community_id,
        household_id=original.household_id,
        resident_id=original.resident_id,
        enrollment_id=original.enrollment_id,
        amount=amount,
        quantity=quantity,
        persons=0,
        corrects=original,
        source=Disbursement.Source.CORRECTION,
        note=reason.strip(),
        created_by=user,
    )
    correction._history_user = user
    correction.save()
    return correction


@transaction.atomic
def disbursement_set_signed(*, user, disbursement: Disbursement, signed: bool) -> Disbursement:
    """Record that the recipient signed for an in-kind distribution."""
    if not (has_role(user, COMMUNITY_STAFF) or has_role(user, CIVIL_AFFAIRS)):
        raise PermissionDenied(_("Your role does not allow this action."))
    _require_scope(user, disbursement.community_id)
    disbursement.signed = signed
    disbursement._history_user = user
    disbursement.save(update_fields=["signed"])
    return disbursement


def household_sizes(household_ids) -> dict[int, int]:
    """Current members per household (one grouped query per 900 ids)."""
    ids = list(household_ids)
    sizes: dict[int, int] = {}
    for i in range(0, len(ids), 900):
        rows = (
            Resident.objects.current()
            .filter(household_id__in=ids[i : i + 900])
            .order_by()
            .values("household")
            .annotate(n=Count("id"))
        )
        sizes.update({row["household"]: row["n"] for row in rows})
    return sizes


# Monthly 增减 list, annual review, appeals (issue 16, part C) ------------------------------


def batch_rows_digest(batch: DisbursementBatch) -> str:
    """A fingerprint of every row of the batch (one query): any change to a row changes it."""
    digest = hashlib.sha256()
    rows = (
        Disbursement.objects.filter(batch=batch)
        .order_by("pk")
        .values_list("pk", "resident_id", "community_id", "amount", "quantity", "persons")
    )
    for row in rows.iterator(chunk_size=2000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def change_list_confirmation(
    batch: DisbursementBatch,
) -> tuple[ChangeListConfirmation | None, bool]:
    """The latest confirmation of the batch's 增减 list and whether it still matches the rows."""
    confirmation = (
        ChangeListConfirmation.objects.filter(batch=batch).select_related("confirmed_by").first()
    )
    if confirmation is None:
        return None, False
    return confirmation, confirmation.digest == batch_rows_digest(batch)


def require_change_list_confirmed(batch: DisbursementBatch) -> None:
    """A batch is locked only after its 增减 list was confirmed, and not changed since."""
    confirmation, valid = change_list_confirmation(batch)
    if confirmation is None:
        raise TransitionError(
            _("Confirm the batch's list of changes (增减名单) before locking it.")
        )
    if not valid:
        raise TransitionError(
            _(
                "The batch changed after its list of changes was confirmed on %(at)s; "
                "check and confirm the list again before locking."
            )
            % {"at": timezone.localtime(confirmation.confirmed_at).strftime("%Y-%m-%d %H:%M")}
        )


@transaction.atomic
def change_list_confirm(
    *, user, batch: DisbursementBatch, counts: dict[str, int], opinion: str = ""
) -> ChangeListConfirmation:
    """The civil-affairs officer confirms the 增减 list of an open batch as it stands now.

    ``counts`` are the list's figures as the officer saw them (added, stopped, adjusted,
    resumed); the digest of the rows is what a later lock checks.
    """
    _require_role(user, CIVIL_AFFAIRS)
    if not is_town_wide(user):
        raise PermissionDenied(_("Only a town-wide officer confirms the list of changes."))
    current = DisbursementBatch.objects.select_for_update().get(pk=batch.pk)
    if current.is_frozen:
        raise TransitionError(_("This batch is locked and cannot be changed."))
    confirmation = ChangeListConfirmation(
        batch=current,
        digest=batch_rows_digest(current),
        opinion=opinion.strip(),
        confirmed_by=user,
        **{key: counts.get(key, 0) for key in ("added", "stopped", "adjusted", "resumed")},
    )
    confirmation._history_user = user
    confirmation.save()
    return confirmation


@transaction.atomic
def enrollment_annual_review_fail(
    *, user, enrollment, reason: str, reviewed_on: datetime.date | None = None
) -> Enrollment:
    """年审未通过: payments stop (the enrollment is suspended with that reason), which the next
    增减 list shows as 停发; the officer then terminates it, or an appeal resumes it."""
    if not reason.strip():
        raise TransitionError(_("Say why the annual review failed."))
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.ACTIVE, S.SUSPENDED],
        to=S.SUSPENDED,
        action=ReviewStep.Action.ANNUAL_REVIEW_FAILED,
        opinion=reason.strip(),
        stop_reason=Enrollment.StopReason.REVIEW_FAILED,
        review_due_on=None,
    )


STOP_STEPS = [
    ReviewStep.Action.SUSPENDED,
    ReviewStep.Action.TERMINATED,
    ReviewStep.Action.ANNUAL_REVIEW_FAILED,
]


def appealed_decision_date(enrollment: Enrollment, subject: str) -> datetime.date | None:
    """When the decision a household appeals against was taken (None: there is none)."""
    if subject == Appeal.Subject.REFUSAL:
        if enrollment.status != S.REJECTED:
            return None
        actions = [ReviewStep.Action.REJECTED]
    elif subject == Appeal.Subject.STOP:
        if enrollment.status not in (S.SUSPENDED, S.TERMINATED):
            return None
        actions = STOP_STEPS
    else:
        # The first payment at a new amount; its batch's lock is when the household learnt it.
        payments = list(
            enrollment.disbursements.filter(corrects__isnull=True)
            .select_related("batch")
            .order_by("period")
        )
        changed = [
            new
            for old, new in zip(payments, payments[1:], strict=False)
            if old.amount != new.amount
        ]
        if not changed:
            return None
        batch = changed[-1].batch
        return timezone.localdate(batch.locked_at) if batch.locked_at else batch.period
    step = enrollment.steps.filter(action__in=actions).order_by("-at", "-pk").first()
    return timezone.localdate(step.at) if step else None


@transaction.atomic
def appeal_lodge(
    *,
    user,
    enrollment: Enrollment,
    subject: str,
    grounds: str,
    lodged_on: datetime.date | None = None,
) -> Appeal:
    """Register a household's appeal (复核申请) within the appeal window after the decision."""
    if not (has_role(user, COMMUNITY_STAFF) or has_role(user, CIVIL_AFFAIRS)):
        raise PermissionDenied(_("Your role does not allow this action."))
    _require_scope(user, enrollment.community_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    today = timezone.localdate()
    lodged_on = lodged_on or today
    if not grounds.strip():
        raise TransitionError(_("Write down the household's grounds for the appeal."))
    if lodged_on > today:
        raise TransitionError(_("An appeal cannot be dated in the future."))
    decided = appealed_decision_date(enrollment, subject)
    if decided is None:
        raise TransitionError(
            _("There is no “%(subject)s” decision on this enrollment to appeal against.")
            % {"subject": Appeal.Subject(subject).label}
        )
    window = settings.APPEAL_WINDOW_DAYS
    late = (lodged_on - decided).days
    if late > window:
        raise TransitionError(
            _(
                "The appeal period has passed: the decision of %(date)s may be appealed within "
                "%(window)d days, and %(days)d days have gone by."
            )
            % {"date": decided, "window": window, "days": late}
        )
    if Appeal.objects.filter(enrollment=enrollment, subject=subject).open().exists():
        raise TransitionError(
            _("An appeal against this decision is already waiting for an answer.")
        )
    appeal = Appeal(
        enrollment=enrollment,
        subject=subject,
        decision_on=decided,
        lodged_on=lodged_on,
        grounds=grounds.strip(),
        answer_due=lodged_on + datetime.timedelta(days=settings.APPEAL_ANSWER_DAYS),
        created_by=user,
    )
    appeal._history_user = user
    appeal.save()
    return appeal


@transaction.atomic
def appeal_decide(*, user, appeal: Appeal, overturn: bool, opinion: str) -> Appeal:
    """The town's answer: upheld, or overturned — a stop is lifted (the enrollment resumes), a
    refusal goes back to town review; an amount is then corrected as a payment correction."""
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, appeal.enrollment.community_id)
    if not opinion.strip():
        raise TransitionError(_("Write down the town's opinion on the appeal."))
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if current.status != Appeal.Status.OPEN:
        raise TransitionError(_("This appeal has already been answered."))
    enrollment = current.enrollment
    if overturn and current.subject == Appeal.Subject.STOP:
        if enrollment.status == S.SUSPENDED:
            enrollment = enrollment_resume(user=user, enrollment=enrollment, opinion=opinion)
        else:
            enrollment = _transition(
                enrollment,
                user=user,
                role=CIVIL_AFFAIRS,
                allowed_from=[S.TERMINATED],
                to=S.ACTIVE,
                action=ReviewStep.Action.REOPENED,
                opinion=opinion,
                ended_on=None,
                stop_reason="",
            )
        if enrollment.review_due_on is None:
            enrollment.review_due_on = timezone.localdate() + relativedelta(years=1)
            enrollment._history_user = user
            enrollment.save(update_fields=["review_due_on"])
    elif overturn and current.subject == Appeal.Subject.REFUSAL:
        _transition(
            enrollment,
            user=user,
            role=CIVIL_AFFAIRS,
            allowed_from=[S.REJECTED],
            to=S.PUBLICIZED,
            action=ReviewStep.Action.REOPENED,
            opinion=opinion,
        )
    current.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
    current.opinion = opinion.strip()
    current.decided_by = user
    current.decided_at = timezone.now()
    current._history_user = user
    current.save()
    return current
