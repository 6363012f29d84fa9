"""Demo welfare data: enrollments of the demo households and 12 months of batches.

Idempotent: nothing is added once the demo batches exist. Months before the current one are
reviewed, locked and paid; the current month is left as a draft for the civil-affairs officer.
"""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from stdnum import luhn

from burqin.periods import add_months, month_start
from communities.models import Community, Household, Resident

from . import allowance_demo, relief_demo, selectors, services
from .models import (
    Disbursement,
    DisbursementBatch,
    Enrollment,
    MemberIncome,
    Program,
    ReviewStep,
)

HEATING_MONTHS = {10, 11, 12, 1, 2, 3}
FESTIVAL_MONTHS = {1, 2}  # flour before the Spring Festival


@transaction.atomic
def seed(stdout=None) -> None:
    if DisbursementBatch.objects.exists():
        relief_demo.seed(stdout)
        return
    rng = random.Random(20260102)
    today = timezone.localdate()
    first_month = add_months(month_start(today), -11)
    officer = get_user_model().objects.get(username="minzheng")
    checker = get_user_model().objects.get(username="minzheng2")
    programs = {p.code: p for p in Program.objects.all()}
    enrollments = []
    incomes = []  # the 低保 households' means test: one income of the head, per capita = income
    for household in (
        Household.objects.select_related("community", "head")
        .filter(head__isnull=False)
        .order_by("pk")
    ):
        if rng.random() > 0.12:
            continue
        rural = household.community.kind == Community.Kind.RURAL
        area = "rural" if rural else "urban"
        members = household.members.count()
        income = Decimal(rng.randrange(0, 400, 10))
        if income and members:
            incomes.append(
                MemberIncome(
                    resident=household.head,
                    kind=MemberIncome.Kind.FARMING if rural else MemberIncome.Kind.WAGES,
                    amount=income * members,
                    period=MemberIncome.Period.MONTHLY,
                    recorded_by=officer,
                )
            )
        enrollments.append(
            _enrollment(
                programs[f"dibao_{area}"],
                household,
                household.head,
                members,
                income,
                first_month,
                rng,
            )
        )
        enrollments.append(
            _enrollment(
                programs[f"tibiao_{area}"],
                household,
                household.head,
                1,
                Decimal(0),
                first_month,
                rng,
            )
        )
        enrollments.append(
            _enrollment(
                programs[f"coal_{area}"],
                household,
                household.head,
                members,
                Decimal(0),
                first_month,
                rng,
            )
        )
        enrollments.append(
            _enrollment(
                programs["flour"], household, household.head, members, Decimal(0), first_month, rng
            )
        )
        if rural:
            enrollments.append(
                _enrollment(
                    programs["coal_in_kind"],
                    household,
                    household.head,
                    members,
                    Decimal(0),
                    first_month,
                    rng,
                )
            )
    for resident in (
        Resident.objects.current()
        .select_related("household", "community")
        .filter(household__isnull=False)
    ):
        area = "rural" if resident.community.kind == Community.Kind.RURAL else "urban"
        if resident.is_orphan:
            enrollments.append(
                _enrollment(
                    programs["orphan"],
                    resident.household,
                    resident,
                    1,
                    Decimal(0),
                    first_month,
                    rng,
                )
            )
        if resident.is_elderly_alone:
            enrollments.append(
                _enrollment(
                    programs[f"four_categories_{area}"],
                    resident.household,
                    resident,
                    1,
                    Decimal(0),
                    first_month,
                    rng,
                )
            )
        if resident.is_disabled and resident.disability_category == "physical":
            enrollments.append(
                _enrollment(
                    programs["disability_fuel"],
                    resident.household,
                    resident,
                    1,
                    Decimal(0),
                    first_month,
                    rng,
                )
            )
    enrollments += relief_demo.tekun_enrollments(programs, _enrollment, first_month, rng)
    bulk_create_with_history(enrollments, Enrollment, batch_size=500)
    # The disability subsidies follow from the registry and the 低保 enrollments just made.
    subsidies = allowance_demo.enrollments(programs, first_month, _enrollment)
    bulk_create_with_history(subsidies, Enrollment, batch_size=500)
    enrollments += subsidies
    bulk_create_with_history(incomes, MemberIncome, batch_size=500, default_user=officer)
    relief_demo.support_arrangements(enrollments, officer, rng)
    ReviewStep.objects.bulk_create(
        [
            ReviewStep(
                enrollment=e,
                action=ReviewStep.Action.COUNTY_APPROVED,
                actor=officer,
                opinion=e.county_document_no,
            )
            for e in enrollments
        ],
        batch_size=500,
    )
    batches = 0
    for offset in range(12):
        month = add_months(first_month, offset)
        for program in programs.values():
            if program.code in ("emergency_aid", "tekun_housing") or not any(
                e.program_id == program.pk for e in enrollments
            ):
                continue
            if program.code.startswith("coal") and month.month not in HEATING_MONTHS:
                continue
            if program.code == "flour" and month.month not in FESTIVAL_MONTHS:
                continue
            batch = services.batch_generate(user=officer, program=program, period=month)
            batches += 1
            if month < month_start(today):
                if program.is_in_kind:
                    signed = list(batch.disbursements.all())
                    for disbursement in signed:
                        disbursement.signed = True
                    bulk_update_with_history(signed, Disbursement, ["signed"], default_user=officer)
                services.batch_review(user=officer, batch=batch)
                changes = selectors.change_list(batch, Disbursement.objects.all(), officer)
                services.change_list_confirm(user=officer, batch=batch, counts=changes["counts"])
                services.batch_lock(user=checker, batch=batch)
                if program.is_in_kind:
                    services.batch_mark_paid(
                        user=officer, batch=batch, paid_on=month.replace(day=20)
                    )
                else:  # the bank's return: every transfer went through
                    services.payments_reconcile(
                        user=officer,
                        outcomes=[
                            (pk, True, "")
                            for pk in batch.disbursements.bank_payments().values_list(
                                "pk", flat=True
                            )
                        ],
                        settled_on=month.replace(day=20),
                    )
    batches += allowance_demo.elderly_batches(
        officer=officer, checker=checker, first_month=first_month
    )
    if stdout:
        stdout.write(f"welfare: {len(enrollments)} enrollments, {batches} batches")
    relief_demo.seed(stdout)


def _enrollment(program, household, resident, persons, income, first_month, rng):
    approved = first_month - datetime.timedelta(days=rng.randint(20, 300))
    return Enrollment(
        program=program,
        community=household.community,
        household=household,
        resident=resident,
        status=Enrollment.Status.ACTIVE,
        applied_on=approved - datetime.timedelta(days=40),
        persons_covered=max(persons, 1),
        monthly_income_per_capita=income,
        notice_start=approved - datetime.timedelta(days=25),
        notice_end=approved - datetime.timedelta(days=19),
        county_approved_on=approved,
        county_document_no=f"布民发〔{approved.year}〕{rng.randint(10, 99)}号",
        started_on=add_months(first_month, 0 if rng.random() < 0.8 else rng.randint(1, 6)),
        review_due_on=_next_review(approved, rng),
        bank_name="农村信用合作联社" if household.community.kind == "rural" else "中国农业银行",
        bank_account=_card_number(f"62284{rng.randint(10**12, 10**13 - 1)}"),
    )


def _card_number(body: str) -> str:
    """A card number whose check digit is right (the forms refuse any other)."""
    return body + luhn.calc_check_digit(body)


def _next_review(approved: datetime.date, rng) -> datetime.date:
    """The anniversary after the last annual review: most were reviewed on time, so the next
    review falls within the coming year; about one in thirty is overdue by up to two months."""
    today = timezone.localdate()
    years = 1
    while approved + relativedelta(years=years) <= today:
        years += 1
    if rng.random() < 1 / 30:
        return today - datetime.timedelta(days=rng.randint(1, 60))
    return approved + relativedelta(years=years)
