"""The writes and reads of 特困供养, housing aid, 临时救助 and the 应急救助基金.

Every write is keyword-only, atomic, checks the actor's role and scope, and saves through
``save()`` so that history records who did it. A payment from the fund locks the fund's row
(``SELECT … FOR UPDATE``) and refuses, writing nothing, when the balance does not cover it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.numbers import format_yuan
from burqin.periods import add_months, month_start
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, has_role
from communities.scope import scope_community_ids

from .models import Enrollment, Program
from .relief_models import (
    TEKUN,
    CareStandard,
    FundIncome,
    HousingGrant,
    ReliefCase,
    ReliefFund,
    TekunSupport,
)


class ReliefError(ValidationError):
    """A refused step; the message says why, in Chinese."""


def _require_role(user, *roles: str) -> None:
    if not any(has_role(user, role) for role in roles):
        raise PermissionDenied(_("Your role does not allow this action."))


def _require_scope(user, community_id: int) -> None:
    allowed = scope_community_ids(user)
    if allowed is not None and community_id not in allowed:
        raise PermissionDenied(_("This record belongs to another community."))


# 特困供养 ------------------------------------------------------------------------------------


def care_amounts(program: Program, enrollment_ids, on: datetime.date) -> dict[int, Decimal]:
    """``{enrollment id: monthly care amount}`` under the care standards in force on ``on``,
    for a program paid with care (``with_care``); empty for any other program."""
    if program.computation != Program.Computation.WITH_CARE:
        return {}
    amounts = CareStandard.amounts_on(on)
    levels = TekunSupport.objects.filter(enrollment__in=enrollment_ids).values_list(
        "enrollment_id", "care_level"
    )
    return {pk: amounts.get(level, Decimal("0")) for pk, level in levels}


@transaction.atomic
def tekun_support_save(*, user, enrollment: Enrollment, values: dict) -> TekunSupport:
    """Record or change how a 特困 person is supported and cared for."""
    _require_role(user, COMMUNITY_STAFF, CIVIL_AFFAIRS)
    _require_scope(user, enrollment.community_id)
    if enrollment.program.code != TEKUN:
        raise ReliefError(_("Only an extreme-poverty (特困) enrollment has a support arrangement."))
    support = TekunSupport.objects.select_for_update().filter(enrollment=enrollment).first()
    support = support or TekunSupport(enrollment=enrollment)
    for field in ("mode", "care_level", "caregiver", "caregiver_phone", "institution", "note"):
        setattr(support, field, values.get(field, "") or "")
    if support.mode == TekunSupport.Mode.DISPERSED and not support.caregiver.strip():
        raise ReliefError(_("Dispersed support needs the caregiver's name."))
    if support.mode == TekunSupport.Mode.CENTRALIZED and not support.institution.strip():
        raise ReliefError(_("Centralized support needs the care institution."))
    support.updated_by = user
    support._history_user = user
    support.save()
    return support


@transaction.atomic
def housing_grant_propose(
    *, user, enrollment: Enrollment, kind: str, description: str, amount: Decimal, proposed_on
) -> HousingGrant:
    """Propose a one-off housing aid for the family of a 特困 person."""
    _require_role(user, COMMUNITY_STAFF, CIVIL_AFFAIRS)
    _require_scope(user, enrollment.community_id)
    if enrollment.program.code != TEKUN or enrollment.status != Enrollment.Status.ACTIVE:
        raise ReliefError(
            _("Housing aid is for families with an active extreme-poverty enrollment.")
        )
    grant = HousingGrant(
        enrollment=enrollment,
        community_id=enrollment.community_id,
        household_id=enrollment.household_id,
        kind=kind,
        description=description,
        amount=amount,
        proposed_on=proposed_on,
        created_by=user,
    )
    grant._history_user = user
    grant.save()
    return grant


@transaction.atomic
def housing_grant_decide(*, user, grant: HousingGrant, approve: bool, note: str) -> HousingGrant:
    """The civil-affairs officer approves or rejects a proposed housing aid."""
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, grant.community_id)
    current = HousingGrant.objects.select_for_update().get(pk=grant.pk)
    if current.status != HousingGrant.Status.PROPOSED:
        raise ReliefError(_("This housing aid has already been decided."))
    if not approve and not note.strip():
        raise ReliefError(_("Write down why the housing aid is rejected."))
    current.status = HousingGrant.Status.APPROVED if approve else HousingGrant.Status.REJECTED
    current.decision_note = note.strip()
    current.decided_by, current.decided_at = user, timezone.now()
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def housing_grant_pay(*, user, grant: HousingGrant, paid_on: datetime.date) -> HousingGrant:
    """Record that an approved housing aid was paid."""
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, grant.community_id)
    current = HousingGrant.objects.select_for_update().get(pk=grant.pk)
    if current.status != HousingGrant.Status.APPROVED:
        raise ReliefError(_("Only an approved housing aid can be paid."))
    current.status = HousingGrant.Status.PAID
    current.paid_on, current.paid_by = paid_on, user
    current._history_user = user
    current.save()
    return current


# 临时救助 ------------------------------------------------------------------------------------


@transaction.atomic
def relief_case_apply(
    *,
    user,
    resident,
    emergency: str,
    description: str,
    amount_proposed: Decimal,
    applied_on: datetime.date,
) -> ReliefCase:
    """Register a temporary-relief application for a resident and their household."""
    _require_role(user, COMMUNITY_STAFF, CIVIL_AFFAIRS)
    _require_scope(user, resident.community_id)
    case = ReliefCase(
        community_id=resident.community_id,
        household_id=resident.household_id,
        resident=resident,
        emergency=emergency,
        description=description,
        amount_proposed=amount_proposed,
        applied_on=applied_on,
        created_by=user,
    )
    case._history_user = user
    case.save()
    return case


@transaction.atomic
def relief_case_approve(
    *, user, case: ReliefCase, approve: bool, amount: Decimal | None, opinion: str
) -> ReliefCase:
    """The civil-affairs officer's decision: an amount above the town-approval threshold goes on
    to a town official, any other is approved for payment."""
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, case.community_id)
    current = ReliefCase.objects.select_for_update().get(pk=case.pk)
    if current.status != ReliefCase.Status.APPLIED:
        raise ReliefError(_("This case is not awaiting the civil-affairs officer."))
    if not opinion.strip():
        raise ReliefError(_("Write down the civil-affairs officer's opinion."))
    current.officer, current.officer_at = user, timezone.now()
    current.officer_opinion = opinion.strip()
    if not approve:
        current.status = ReliefCase.Status.REJECTED
    else:
        if amount is None or amount <= 0:
            raise ReliefError(_("Enter the amount approved."))
        current.amount_approved = amount
        current.status = (
            ReliefCase.Status.AWAITING_TOWN
            if current.needs_town_approval
            else ReliefCase.Status.APPROVED
        )
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def relief_case_town_approve(*, user, case: ReliefCase, approve: bool, opinion: str) -> ReliefCase:
    """A town official approves (or rejects) a case above the threshold."""
    _require_role(user, TOWN_OFFICIAL)
    current = ReliefCase.objects.select_for_update().get(pk=case.pk)
    if current.status != ReliefCase.Status.AWAITING_TOWN:
        raise ReliefError(_("This case is not awaiting a town official."))
    if not opinion.strip():
        raise ReliefError(_("Write down the town official's opinion."))
    current.town_official, current.town_at = user, timezone.now()
    current.town_opinion = opinion.strip()
    current.status = ReliefCase.Status.APPROVED if approve else ReliefCase.Status.REJECTED
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def relief_case_pay(*, user, case: ReliefCase, paid_on: datetime.date) -> ReliefCase:
    """Pay an approved case from the 应急救助基金.

    The fund's row is locked first, so two payments at once are taken one after the other; a
    payment beyond the balance is refused with nothing written.
    """
    _require_role(user, CIVIL_AFFAIRS)
    _require_scope(user, case.community_id)
    fund = ReliefFund.objects.select_for_update().get(pk=ReliefFund.current().pk)
    current = ReliefCase.objects.select_for_update().get(pk=case.pk)
    if current.status != ReliefCase.Status.APPROVED:
        raise ReliefError(_("Only an approved case can be paid."))
    amount = current.amount_approved
    if amount > fund.balance:
        raise ReliefError(
            _(
                "The emergency relief fund's balance is %(balance)s, less than this payment of "
                "%(amount)s: nothing was paid. Record the fund's income first."
            )
            % {"balance": format_yuan(fund.balance), "amount": format_yuan(amount)}
        )
    fund.balance -= amount
    fund._history_user = user
    fund.save(update_fields=["balance"])
    current.status = ReliefCase.Status.PAID
    current.paid_on, current.paid_by = paid_on, user
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def fund_income_record(
    *, user, source: str, amount: Decimal, received_on: datetime.date, payer: str = "", note=""
) -> FundIncome:
    """Record money received into the fund and raise its balance."""
    _require_role(user, CIVIL_AFFAIRS)
    if amount is None or amount <= 0:
        raise ReliefError(_("The amount received must be above zero."))
    fund = ReliefFund.objects.select_for_update().get(pk=ReliefFund.current().pk)
    income = FundIncome(
        fund=fund,
        source=source,
        amount=amount,
        received_on=received_on,
        payer=payer,
        note=note,
        recorded_by=user,
    )
    income._history_user = user
    income.save()
    fund.balance += amount
    fund._history_user = user
    fund.save(update_fields=["balance"])
    return income


# Reads ---------------------------------------------------------------------------------------


def fund_statement(*, month: datetime.date, cases) -> dict:
    """The fund's statement of a month: opening balance, income by source, spending by case,
    closing balance. ``cases`` is the reader's scoped ``ReliefCase`` queryset; the fund is the
    town's, read only by town-wide users (the views check it)."""
    start, end = month_start(month), add_months(month_start(month), 1)
    fund = ReliefFund.current()
    incomes = FundIncome.objects.filter(fund=fund).order_by()
    paid = cases.filter(status=ReliefCase.Status.PAID).order_by()

    def total(queryset, field):
        return queryset.aggregate(total=Sum(field))["total"] or Decimal("0")

    opening = total(incomes.filter(received_on__lt=start), "amount") - total(
        paid.filter(paid_on__lt=start), "amount_approved"
    )
    labels = dict(FundIncome.Source.choices)
    by_source = {
        row["source"]: row
        for row in incomes.filter(received_on__gte=start, received_on__lt=end)
        .values("source")
        .annotate(amount=Sum("amount"), entries=Count("pk"))
    }
    income_rows = [
        {
            "source": value,
            "label": labels[value],
            "amount": by_source.get(value, {}).get("amount") or Decimal("0"),
            "entries": by_source.get(value, {}).get("entries") or 0,
        }
        for value in FundIncome.Source.values
    ]
    spending = list(
        paid.filter(paid_on__gte=start, paid_on__lt=end)
        .select_related("resident", "community")
        .order_by("paid_on", "pk")
    )
    income_total = sum((r["amount"] for r in income_rows), Decimal("0"))
    spending_total = sum((c.amount_approved for c in spending), Decimal("0"))
    return {
        "month": start,
        "fund": fund,
        "opening": opening,
        "incomes": income_rows,
        "income_total": income_total,
        "spending": spending,
        "spending_total": spending_total,
        "closing": opening + income_total - spending_total,
        "threshold": settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE,
    }
