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
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from burqin.audit import acting_as
from burqin.periods import add_months, month_start
from communities.models import Resident
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, has_role
from communities.scope import is_town_wide, scope_community_ids

from . import relief_services, selectors
from .models import (
    AmountChangeProposal,
    Appeal,
    Attachment,
    BatchLocked,
    ChangeListConfirmation,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    HomeVisit,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
    Objection,
    Program,
    ReviewStep,
    TownOffice,
    compute_payment,
)

MIN_NOTICE_DAYS = 7
S = Enrollment.Status


class TransitionError(ValidationError):
    """The object is not in a state that allows this step; the message says why, in Chinese."""


def _require_role(user, role: str | tuple[str, ...]) -> None:
    roles = role if isinstance(role, tuple) else (role,)
    if not any(has_role(user, r) for r in roles):
        raise PermissionDenied(_("Your role does not allow this action."))


def _require_opinion(opinion: str, label: str) -> str:
    opinion = (opinion or "").strip()
    if not opinion:
        raise TransitionError(_("Enter the %(label)s.") % {"label": label})
    return opinion


def _four_eyes(current: Enrollment, *, user, after: str) -> bool:
    """Refuse when ``user`` took the step ``after`` (the previous decision) on this application.

    Returns True when the same person goes on because an administrator allowed the community a
    one-person office: the step then records it.
    """
    previous = (
        ReviewStep.objects.filter(enrollment=current, action=after)
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if previous is None or previous != user.pk:
        return False
    if current.community.single_person_office:
        return True
    raise TransitionError(
        _(
            "Four-eyes rule: you took the previous step (%(step)s) on this application; the next "
            "step must be taken by another person."
        )
        % {"step": ReviewStep.Action(after).label}
    )


def _require_scope(user, community_id: int) -> None:
    allowed = scope_community_ids(user)
    if allowed is not None and community_id not in allowed:
        raise PermissionDenied(_("This record belongs to another community."))


def _transition(
    enrollment, *, user, role, allowed_from, to, action, opinion="", after=None, **changes
):
    _require_role(user, role)
    _require_scope(user, enrollment.community_id)
    current = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=enrollment.pk)
    )
    if current.status not in allowed_from:
        raise TransitionError(
            _("This step is not possible while the enrollment is “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    single_person = _four_eyes(current, user=user, after=after) if after else False
    current.status = to
    for field, value in changes.items():
        setattr(current, field, value)
    current._change_reason = action
    current._history_user = user
    current.save()
    ReviewStep.objects.create(
        enrollment=current,
        action=action,
        actor=user,
        opinion=opinion,
        single_person=single_person,
    )
    return current


@transaction.atomic
def enrollment_create(
    *,
    user,
    program: Program,
    resident: Resident,
    persons_covered: int,
    applied_on: datetime.date,
    monthly_income_per_capita: Decimal | None = None,
    reason: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> Enrollment:
    """Register an application (community staff, for a resident of their community).

    The per-capita income comes from the household's means test (the incomes recorded for its
    members) unless given (imports of history)."""
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
    if monthly_income_per_capita is None:
        enrollment.monthly_income_per_capita = selectors.means_test_for(enrollment, user).per_capita
    enrollment._history_user = user
    enrollment.save()
    ReviewStep.objects.create(
        enrollment=enrollment, action=ReviewStep.Action.APPLIED, actor=user, opinion=reason
    )
    return enrollment


@transaction.atomic
def attachment_add(*, user, enrollment: Enrollment, title: str, file) -> Attachment:
    """Attach a document (scanned application, certificate) to an enrollment of the user's
    scope; the uploader is recorded on it and in its history."""
    _require_scope(user, enrollment.community_id)
    attachment = Attachment(enrollment=enrollment, title=title, file=file, uploaded_by=user)
    attachment._history_user = user
    attachment.save()
    return attachment


@transaction.atomic
def enrollment_update_application(
    *,
    user,
    enrollment: Enrollment,
    persons_covered: int,
    bank_name: str,
    bank_account: str,
    reason: str,
) -> Enrollment:
    """Correct an application still with the community (applied or returned): the persons it
    covers, the bank account and the reason."""
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, enrollment.community_id)
    current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if current.status not in (S.APPLIED, S.RETURNED):
        raise TransitionError(_("Only an application with the community can be edited."))
    current.persons_covered = persons_covered
    current.bank_name = bank_name
    current.bank_account = bank_account
    current.reason = reason
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def enrollment_community_approve(*, user, enrollment, opinion: str = "") -> Enrollment:
    """社区初审: the community's opinion (初审意见) is required."""
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.APPLIED],
        to=S.COMMUNITY_REVIEWED,
        action=ReviewStep.Action.COMMUNITY_APPROVED,
        opinion=_require_opinion(opinion, _("community review opinion")),
    )


def notice_end_for(program: Program, start: datetime.date) -> datetime.date:
    """The default last day of a notice from ``start``: the program's days, both ends counted."""
    days = program.notice_days or MIN_NOTICE_DAYS
    return start + datetime.timedelta(days=days - 1)


@transaction.atomic
def enrollment_start_notice(
    *,
    user,
    enrollment,
    start: datetime.date,
    end: datetime.date | None = None,
    late_reason: str = "",
    today: datetime.date | None = None,
) -> Enrollment:
    """Publish the public notice (公示) for the program's days (7 by default, both ends counted).

    A start in the past is refused unless the reason is recorded (a notice posted on paper
    before it was entered here).
    """
    today = today or timezone.localdate()
    late_reason = (late_reason or "").strip()
    if start < today and not late_reason:
        raise TransitionError(
            _(
                "The public notice cannot start in the past (%(start)s) unless you record why "
                "(for example, it was posted on paper on that day)."
            )
            % {"start": start}
        )
    if start >= today:
        late_reason = ""
    days = enrollment.program.notice_days or MIN_NOTICE_DAYS
    end = end or notice_end_for(enrollment.program, start)
    if (end - start).days + 1 < days:
        raise TransitionError(
            _(
                "The public notice must run at least %(days)d days (%(start)s to %(end)s is "
                "%(actual)d)."
            )
            % {
                "days": days,
                "start": start,
                "end": end,
                "actual": max((end - start).days + 1, 0),
            }
        )
    opinion = _("%(start)s to %(end)s") % {"start": start, "end": end}
    if late_reason:
        opinion += "\n" + _("Started in the past: %(reason)s") % {"reason": late_reason}
    return _transition(
        enrollment,
        user=user,
        role=COMMUNITY_STAFF,
        allowed_from=[S.COMMUNITY_REVIEWED],
        to=S.PUBLICIZED,
        action=ReviewStep.Action.NOTICE_STARTED,
        opinion=opinion,
        notice_start=start,
        notice_end=end,
        notice_late_reason=late_reason,
    )


@transaction.atomic
def enrollment_record_objection(
    *, user, enrollment, text: str, received_on: datetime.date | None = None
) -> Enrollment:
    """Record an objection received during the notice; it must be handled before it closes."""
    text = text.strip()
    if not text:
        raise TransitionError(_("Describe the objection."))
    objections = (enrollment.objections + "\n" + text).strip()
    current = _transition(
        enrollment,
        user=user,
        role=(COMMUNITY_STAFF, CIVIL_AFFAIRS),
        allowed_from=[S.PUBLICIZED],
        to=S.PUBLICIZED,
        action=ReviewStep.Action.OBJECTION,
        opinion=text,
        objections=objections,
    )
    objection = Objection(
        enrollment=current,
        received_on=received_on or timezone.localdate(),
        text=text,
        recorded_by=user,
    )
    objection._history_user = user
    objection.save()
    return current


@transaction.atomic
def objection_handle(*, user, objection: Objection, outcome: str, handling: str) -> Objection:
    """Record how an objection was handled (checked, heard, its outcome) while the notice runs."""
    _require_role(user, (COMMUNITY_STAFF, CIVIL_AFFAIRS))
    _require_scope(user, objection.enrollment.community_id)
    handling = _require_opinion(handling, _("handling of the objection"))
    if outcome not in Objection.Outcome.values:
        raise TransitionError(_("Choose whether the objection is upheld."))
    current = (
        Objection.objects.select_for_update().select_related("enrollment").get(pk=objection.pk)
    )
    if current.is_handled:
        raise TransitionError(_("This objection has already been handled."))
    if current.enrollment.status != S.PUBLICIZED:
        raise TransitionError(_("The public notice of this application is no longer open."))
    current.outcome = outcome
    current.handling = handling
    current.handled_by = user
    current.handled_at = timezone.now()
    current._history_user = user
    current.save()
    ReviewStep.objects.create(
        enrollment=current.enrollment,
        action=ReviewStep.Action.OBJECTION_HANDLED,
        actor=user,
        opinion=f"{current.get_outcome_display()}：{handling}",
    )
    return current


@transaction.atomic
def enrollment_close_notice(
    *, user, enrollment, opinion: str, today: datetime.date | None = None
) -> Enrollment:
    """End the public notice with its result (公示结果), once it has run its days.

    Refused while an objection is unhandled, and (four eyes) to the person who took the
    community review.
    """
    today = today or timezone.localdate()
    opinion = _require_opinion(opinion, _("result of the public notice"))
    notice_end = (
        Enrollment.objects.filter(pk=enrollment.pk).values_list("notice_end", flat=True).first()
    )
    if notice_end is None or notice_end >= today:
        raise TransitionError(
            _("The public notice runs until %(end)s; it can be closed after that day.")
            % {"end": notice_end or "—"}
        )
    open_objections = Objection.objects.filter(enrollment=enrollment, handled_at__isnull=True)
    if open_objections.exists():
        raise TransitionError(
            _("%(count)d objection(s) are not handled yet; record their handling first.")
            % {"count": open_objections.count()}
        )
    return _transition(
        enrollment,
        user=user,
        role=(COMMUNITY_STAFF, CIVIL_AFFAIRS),
        allowed_from=[S.PUBLICIZED],
        to=S.NOTICE_CLOSED,
        action=ReviewStep.Action.NOTICE_CLOSED,
        opinion=opinion,
        after=ReviewStep.Action.COMMUNITY_APPROVED,
    )


@transaction.atomic
def enrollment_return(*, user, enrollment, reason: str) -> Enrollment:
    """Send back for correction: community staff before the town, the officer at town review."""
    if not reason.strip():
        raise TransitionError(_("Say why the application is returned."))
    if has_role(user, CIVIL_AFFAIRS):
        role, allowed = CIVIL_AFFAIRS, [S.PUBLICIZED, S.NOTICE_CLOSED, S.TOWN_REVIEWED]
    else:
        role = COMMUNITY_STAFF
        allowed = [S.APPLIED, S.COMMUNITY_REVIEWED, S.PUBLICIZED, S.NOTICE_CLOSED]
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
    """镇审核 by the civil-affairs officer, once the public notice is closed with its result.

    The opinion (审核意见) is required; the person who closed the notice cannot take it.
    """
    stored = Enrollment.objects.filter(pk=enrollment.pk).values_list("status", flat=True).first()
    if stored == S.PUBLICIZED:
        raise TransitionError(
            _("The public notice runs until %(end)s; the town review comes after it is closed.")
            % {"end": enrollment.notice_end}
        )
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.NOTICE_CLOSED],
        to=S.TOWN_REVIEWED,
        action=ReviewStep.Action.TOWN_APPROVED,
        opinion=_require_opinion(opinion, _("town review opinion")),
        after=ReviewStep.Action.NOTICE_CLOSED,
    )


@transaction.atomic
def enrollment_county_approve(
    *,
    user,
    enrollment,
    approved_on: datetime.date,
    document_no: str,
    start_month: datetime.date,
    opinion: str = "",
) -> Enrollment:
    """Record the county's approval (县审批): the enrollment becomes active from a month on.

    The approval opinion (审批意见) is required; the person who took the town review cannot
    record it.
    """
    if not document_no.strip():
        raise TransitionError(_("Enter the county's document number."))
    opinion = _require_opinion(opinion, _("approval opinion"))
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.TOWN_REVIEWED],
        to=S.ACTIVE,
        action=ReviewStep.Action.COUNTY_APPROVED,
        after=ReviewStep.Action.TOWN_APPROVED,
        opinion=opinion
        + "\n"
        + _("%(date)s, document %(number)s") % {"date": approved_on, "number": document_no},
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
        allowed_from=[S.PUBLICIZED, S.NOTICE_CLOSED, S.TOWN_REVIEWED],
        to=S.REJECTED,
        action=ReviewStep.Action.REJECTED,
        opinion=reason,
    )


@transaction.atomic
def enrollment_suspend(
    *, user, enrollment, reason: str, stop_reason: str = Enrollment.StopReason.OTHER
) -> Enrollment:
    if not reason.strip():
        raise TransitionError(_("Say why the payments are suspended."))
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
    if program.code == "elderly_allowance":
        # 高龄津贴: paid from the month's confirmed list computed from birth dates (issue 17).
        from .allowances import elderly_batch_generate

        return elderly_batch_generate(user=user, program=program, period=period)
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
        d.resident_id: d
        for d in Disbursement.objects.filter(
            batch=batch, corrects__isnull=True, reissue_of__isnull=True
        )
    }
    care = relief_services.care_amounts(program, enrollments.values("pk"), start)
    to_create, to_update, keep = [], [], set()
    for enrollment in enrollments:
        figures = compute_payment(
            program,
            standard,
            enrollment.persons_covered,
            enrollment.monthly_income_per_capita,
            care=care.get(enrollment.pk),
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
    _add_reissues(batch, user)
    batch.status = DisbursementBatch.Status.DRAFT
    batch.generated_at = timezone.now()
    batch.generated_by = user
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
    """Lock a reviewed batch: from now on it never changes (corrections are new entries).

    Four eyes: the person who last generated the batch cannot lock it, unless an administrator
    allowed the town office to work alone (the batch then records it).
    """
    generated_by = (
        DisbursementBatch.objects.filter(pk=batch.pk).values_list("generated_by", flat=True).first()
    )
    single_person = generated_by is not None and generated_by == user.pk
    if single_person and not TownOffice.current().single_person_office:
        raise TransitionError(
            _("Four-eyes rule: you generated this batch; it must be locked by another person.")
        )
    require_change_list_confirmed(batch)
    return _batch_step(
        batch,
        user=user,
        allowed_from=[DisbursementBatch.Status.REVIEWED],
        to=DisbursementBatch.Status.LOCKED,
        perm="welfare.lock_disbursementbatch",
        locked_by=user,
        locked_at=timezone.now(),
        locked_single_person=single_person,
    )


@transaction.atomic
def batch_mark_paid(*, user, batch, paid_on: datetime.date) -> DisbursementBatch:
    """Record an in-kind distribution as done. Money is never marked paid batch-wide: each
    payment is reconciled from the bank's return file (``payments_reconcile``)."""
    if not batch.program.is_in_kind:
        raise TransitionError(
            _(
                "Cash payments are marked paid one by one from the bank's return file; "
                "import it on the bank returns page."
            )
        )
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


# Bank reconciliation (issue 16, part 7) ------------------------------------------------------
# Each cash payment of a locked batch is sent to the bank under its reference; the bank's return
# file marks it paid or failed; a failed one is re-issued in a later batch or paid in cash. The
# batch's status follows its payments: locked (nothing back yet), partly paid, paid.

P = Disbursement.PaymentStatus


def batch_refresh_payment_status(batch_ids, *, user=None) -> None:
    """Set each locked batch's status from its bank payments (one grouped query)."""
    rows = (
        Disbursement.objects.filter(batch_id__in=list(batch_ids))
        .bank_payments()
        .order_by()
        .values("batch")
        .annotate(
            total=Count("id"),
            pending=Count("id", filter=Q(payment_status=P.PENDING)),
            settled=Count("id", filter=Q(payment_status__in=Disbursement.SETTLED)),
            last=Max("settled_on"),
        )
    )
    for row in rows:
        if row["settled"] == row["total"]:
            status, paid_on = DisbursementBatch.Status.PAID, row["last"]
        elif row["pending"] == row["total"]:
            status, paid_on = DisbursementBatch.Status.LOCKED, None
        else:
            status, paid_on = DisbursementBatch.Status.PARTLY_PAID, None
        batch = DisbursementBatch.objects.select_for_update().get(pk=row["batch"])
        if batch.status in DisbursementBatch.FROZEN and (batch.status, batch.paid_on) != (
            status,
            paid_on,
        ):
            batch.status, batch.paid_on = status, paid_on
            batch._history_user = user
            batch.save(update_fields=["status", "paid_on"])


@transaction.atomic
def payments_reconcile(
    *, user, outcomes: list[tuple[int, bool, str]], settled_on: datetime.date
) -> dict[str, int]:
    """Mark pending payments of locked batches paid or failed from the bank's return.

    ``outcomes``: (disbursement id, paid?, the bank's reason). ``user`` None is the command
    line. Every payment must still be pending in a locked batch (the import checks it row by
    row; this re-checks under a row lock): otherwise nothing is written.
    """
    if user is not None:
        _require_role(user, CIVIL_AFFAIRS)
    wanted = {pk: (paid, reason) for pk, paid, reason in outcomes}
    payments = list(
        Disbursement.objects.select_for_update()
        .filter(pk__in=wanted, payment_status=P.PENDING, batch__status__in=DisbursementBatch.FROZEN)
        .order_by("pk")
    )
    if len(payments) != len(wanted):
        raise TransitionError(
            _("Some of these payments were reconciled meanwhile; import the file again.")
        )
    now = timezone.now()
    for payment in payments:
        paid, reason = wanted[payment.pk]
        payment.payment_status = P.PAID if paid else P.FAILED
        payment.failure_reason = "" if paid else reason[:200]
        payment.settled_on = settled_on if paid else None
        payment.reconciled_by = user
        payment.reconciled_at = now
    bulk_update_with_history(
        payments,
        Disbursement,
        ["payment_status", "failure_reason", "settled_on", "reconciled_by", "reconciled_at"],
        batch_size=500,
        default_user=user,
        default_change_reason=pgettext("reason in the history", "Bank return"),
    )
    batch_refresh_payment_status({p.batch_id for p in payments}, user=user)
    return {
        "paid": sum(1 for p in payments if p.payment_status == P.PAID),
        "failed": sum(1 for p in payments if p.payment_status == P.FAILED),
    }


@transaction.atomic
def disbursement_pay_in_cash(
    *,
    user,
    disbursement: Disbursement,
    paid_on: datetime.date,
    signed: bool,
    note: str = "",
) -> Disbursement:
    """The civil-affairs officer pays a failed transfer in cash, against the recipient's
    signature; it is then not re-issued."""
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, disbursement.community_id)
    if not signed:
        raise TransitionError(_("A cash payment needs the recipient's signature on the receipt."))
    if paid_on > timezone.localdate():
        raise TransitionError(_("The cash payment date cannot be in the future."))
    current = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if current.payment_status != P.FAILED:
        raise TransitionError(
            _("Only a failed payment that was not re-issued can be paid in cash.")
        )
    current.payment_status = P.PAID_IN_CASH
    current.cash_signed = True
    current.settled_on = paid_on
    current.reconciled_by = user
    current.reconciled_at = timezone.now()
    current.payment_note = note.strip()[:200]
    current._history_user = user
    current._change_reason = "paid in cash"
    current.save(
        update_fields=[
            "payment_status",
            "cash_signed",
            "settled_on",
            "reconciled_by",
            "reconciled_at",
            "payment_note",
        ]
    )
    batch_refresh_payment_status([current.batch_id], user=user)
    return current


def _add_reissues(batch: DisbursementBatch, user) -> None:
    """Bring into ``batch`` every failed payment of its program from an earlier locked month,
    as a re-issue entry pointing at it (the failed one becomes "re-issued")."""
    failed = list(
        Disbursement.objects.filter(
            program=batch.program,
            payment_status=P.FAILED,
            period__lt=batch.period,
            batch__status__in=DisbursementBatch.FROZEN,
        ).order_by("pk")
    )
    if not failed:
        return
    reissues = [
        Disbursement(
            batch=batch,
            program=batch.program,
            period=batch.period,
            community_id=d.community_id,
            household_id=d.household_id,
            resident_id=d.resident_id,
            enrollment_id=d.enrollment_id,
            amount=d.amount,
            quantity=d.quantity,
            # The same payment sent again: no new person-time.
            persons=0,
            reissue_of=d,
            source=Disbursement.Source.REISSUE,
            note=(
                _("Re-issue of %(month)s (%(reason)s)")
                % {"month": f"{d.period:%Y-%m}", "reason": d.failure_reason or "-"}
            )[:200],
            created_by=user,
        )
        for d in failed
    ]
    bulk_create_with_history(reissues, Disbursement, batch_size=1000, default_user=user)
    for d in failed:
        d.payment_status = P.REISSUED
    bulk_update_with_history(
        failed, Disbursement, ["payment_status"], batch_size=1000, default_user=user
    )
    batch_refresh_payment_status({d.batch_id for d in failed}, user=user)


# Means test (家庭经济状况核对), home visits (入户调查) and 调标 -----------------------------------

# Before the town's review the enrollment's per-capita income simply follows the means test;
# from the town's review on, a change that moves the amount is a 调标 the officer decides.
FOLLOWS_MEANS_TEST = (S.APPLIED, S.RETURNED, S.COMMUNITY_REVIEWED, S.PUBLICIZED)
APPROVED = (S.TOWN_REVIEWED, S.ACTIVE, S.SUSPENDED)
PROPOSAL = AmountChangeProposal.Status


def _require_current_member(user, resident: Resident) -> None:
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, resident.community_id)
    if resident.household_id is None or not resident.is_current:
        raise TransitionError(
            _("%(name)s is not a current member of a household.") % {"name": resident.name}
        )


def _save_means_record(record, *, user, resident, values: dict):
    _require_current_member(user, resident)
    if record.pk and record.resident_id != resident.pk:
        raise TransitionError(_("A record cannot move to another person."))
    before = str(record) if record.pk else ""
    record.resident = resident
    for name, value in values.items():
        setattr(record, name, value)
    record.recorded_by = user
    record._history_user = user
    record.full_clean()
    record.save()
    if before:
        reason = _("Changed: %(before)s → %(after)s") % {"before": before, "after": record}
    else:
        reason = _("Recorded: %(record)s") % {"record": record}
    means_test_changed(user=user, household_id=resident.household_id, reason=reason)
    return record


def _delete_means_record(record, *, user) -> None:
    _require_current_member(user, record.resident)
    household_id = record.resident.household_id
    reason = _("Removed: %(record)s") % {"record": record}
    record._history_user = user
    record.delete()
    means_test_changed(user=user, household_id=household_id, reason=reason)


@transaction.atomic
def member_income_save(
    *,
    user,
    resident: Resident,
    kind: str,
    amount: Decimal,
    period: str,
    note: str = "",
    income: MemberIncome | None = None,
) -> MemberIncome:
    """Record an income of a household member (or change ``income``); the household's open
    enrollments follow the new means test (``means_test_changed``)."""
    return _save_means_record(
        income or MemberIncome(),
        user=user,
        resident=resident,
        values={"kind": kind, "amount": amount, "period": period, "note": note},
    )


@transaction.atomic
def member_income_delete(*, user, income: MemberIncome) -> None:
    _delete_means_record(income, user=user)


@transaction.atomic
def member_asset_save(
    *,
    user,
    resident: Resident,
    kind: str,
    value: Decimal,
    note: str = "",
    asset: MemberAsset | None = None,
) -> MemberAsset:
    """Record a vehicle, dwelling or deposits of a household member (or change ``asset``)."""
    return _save_means_record(
        asset or MemberAsset(),
        user=user,
        resident=resident,
        values={"kind": kind, "value": value, "note": note},
    )


@transaction.atomic
def member_asset_delete(*, user, asset: MemberAsset) -> None:
    _delete_means_record(asset, user=user)


@transaction.atomic
def means_test_changed(*, user, household_id: int, reason: str) -> list[AmountChangeProposal]:
    """Bring the household's open enrollments in line with its means test.

    Before the town's review the per-capita income is simply updated. From it on, when the
    amount the means test gives differs from the current one (both under today's standard), a
    pending 调标 proposal is created, or the pending one updated, or withdrawn when the figures
    went back to the current amount. Returns the pending proposals.
    """
    today = timezone.localdate()
    proposals = []
    enrollments = Enrollment.objects.select_for_update().filter(
        household_id=household_id, status__in=FOLLOWS_MEANS_TEST + APPROVED
    )
    for enrollment in enrollments:
        test = selectors.means_test_for(enrollment, user, today)
        if enrollment.status in FOLLOWS_MEANS_TEST:
            if enrollment.monthly_income_per_capita != test.per_capita:
                enrollment.monthly_income_per_capita = test.per_capita
                enrollment._change_reason = reason
                enrollment._history_user = user
                enrollment.save(update_fields=["monthly_income_per_capita"])
            continue
        current = enrollment.computation(today)["amount"]
        pending = (
            AmountChangeProposal.objects.select_for_update()
            .filter(enrollment=enrollment, status=PROPOSAL.PENDING)
            .first()
        )
        if test.amount == current:
            if pending is not None:
                pending.status = PROPOSAL.WITHDRAWN
                pending.decided_at = timezone.now()
                pending.decision_note = reason
                pending._history_user = user
                pending.save()
            continue
        if pending is None:
            pending = AmountChangeProposal(
                enrollment=enrollment,
                old_amount=current,
                old_income_per_capita=enrollment.monthly_income_per_capita,
                reason=reason,
                created_by=user,
            )
        else:
            pending.reason = f"{pending.reason}\n{reason}"
        pending.new_amount = test.amount
        pending.new_income_per_capita = test.per_capita
        pending.persons = enrollment.persons_covered
        pending._history_user = user
        pending.save()
        proposals.append(pending)
    return proposals


def _decide_amount_change(proposal, *, user, note: str, to: str) -> AmountChangeProposal:
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, proposal.enrollment.community_id)
    current = AmountChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status != PROPOSAL.PENDING:
        raise TransitionError(_("This amount change has already been decided."))
    current.status = to
    current.decided_by = user
    current.decided_at = timezone.now()
    current.decision_note = note.strip()
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def amount_change_confirm(*, user, proposal, note: str = "") -> AmountChangeProposal:
    """The officer confirms a 调标: the enrollment takes the new per-capita income, so its
    amount from now on (the next batch generated) is the proposed one; history keeps both."""
    _require_role(user, CIVIL_AFFAIRS)
    enrollment = Enrollment.objects.select_for_update().get(pk=proposal.enrollment_id)
    if enrollment.status not in APPROVED:
        raise TransitionError(
            _("This step is not possible while the enrollment is “%(status)s”.")
            % {"status": enrollment.get_status_display()}
        )
    decided = _decide_amount_change(proposal, user=user, note=note, to=PROPOSAL.CONFIRMED)
    enrollment.monthly_income_per_capita = decided.new_income_per_capita
    enrollment._change_reason = _("Amount change confirmed: %(old)s → %(new)s yuan") % {
        "old": decided.old_amount,
        "new": decided.new_amount,
    }
    enrollment._history_user = user
    enrollment.save()
    return decided


@transaction.atomic
def amount_change_reject(*, user, proposal, note: str) -> AmountChangeProposal:
    """The officer rejects a 调标 (the amount stays); the reason is required."""
    if not note.strip():
        raise TransitionError(_("Say why the amount change is rejected."))
    return _decide_amount_change(proposal, user=user, note=note, to=PROPOSAL.REJECTED)


@transaction.atomic
def home_visit_record(
    *,
    user,
    enrollment: Enrollment,
    visited_on: datetime.date,
    visitors: list[str],
    findings: str,
    today: datetime.date | None = None,
) -> HomeVisit:
    """Record a home visit (入户调查) of an application: at least two visitors, a past date."""
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, enrollment.community_id)
    names = list(dict.fromkeys(name.strip() for name in visitors if name.strip()))
    if len(names) < 2:
        raise TransitionError(_("A home visit is made by at least two people; name each."))
    if visited_on > (today or timezone.localdate()):
        raise TransitionError(_("The visit date cannot be in the future."))
    if not findings.strip():
        raise TransitionError(_("Describe what the visit found."))
    visit = HomeVisit(
        enrollment=enrollment,
        visited_on=visited_on,
        visitors="、".join(names),
        findings=findings.strip(),
        recorded_by=user,
    )
    visit._history_user = user
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def home_visit_photo_add(*, user, visit: HomeVisit, file, caption: str = "") -> HomeVisitPhoto:
    """Keep a photo of a home visit (a checked upload: ``forms.HomeVisitPhotoForm``)."""
    _require_role(user, COMMUNITY_STAFF)
    _require_scope(user, visit.enrollment.community_id)
    photo = HomeVisitPhoto(visit=visit, file=file, caption=caption.strip(), uploaded_by=user)
    photo._history_user = user
    photo.save()
    return photo


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
            % {"at": date_format(timezone.localtime(confirmation.confirmed_at), "DATETIME_FORMAT")}
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
