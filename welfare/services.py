"""Writes of the welfare module: the review chain, batches, corrections.

Each transition is one function: it checks the actor's role and scope and the current state,
locks the row, writes the change with its history and a timeline step, all in one transaction.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
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
from communities.scope import scope_community_ids

from . import selectors
from .models import (
    AmountChangeProposal,
    BatchLocked,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    HomeVisit,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
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
def enrollment_suspend(*, user, enrollment, reason: str) -> Enrollment:
    return _transition(
        enrollment,
        user=user,
        role=CIVIL_AFFAIRS,
        allowed_from=[S.ACTIVE],
        to=S.SUSPENDED,
        action=ReviewStep.Action.SUSPENDED,
        opinion=reason,
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
    )


@transaction.atomic
def enrollment_terminate(
    *, user, enrollment, reason: str, last_month: datetime.date | None = None
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


# Means test (家庭经济状况核对), home visits (入户调查) and 调标 -----------------------------------

# Before the town's review the enrollment's per-capita income simply follows the means test;
# from the town's review on, a change that moves the amount is a 调标 the officer decides.
FOLLOWS_MEANS_TEST = (S.APPLIED, S.RETURNED, S.COMMUNITY_REVIEWED, S.PUBLICIZED)
APPROVED = (S.TOWN_REVIEWED, S.ACTIVE, S.SUSPENDED)
P = AmountChangeProposal.Status


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
            .filter(enrollment=enrollment, status=P.PENDING)
            .first()
        )
        if test.amount == current:
            if pending is not None:
                pending.status = P.WITHDRAWN
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
    if current.status != P.PENDING:
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
    decided = _decide_amount_change(proposal, user=user, note=note, to=P.CONFIRMED)
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
    return _decide_amount_change(proposal, user=user, note=note, to=P.REJECTED)


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
