"""Welfare's part of ``generate_dataset`` (devtools): 低保, 特补 and flour for about one household
in nine, a batch per program and month, the past months paid, and a correction every 200 rows."""

import datetime
from decimal import Decimal

from django.db import transaction

from burqin.periods import add_months, month_start
from communities.models import Resident

from .models import Disbursement, DisbursementBatch, Enrollment, Program

BATCH = 5000


def generate(*, rng, communities, residents, years) -> str:
    payments = _welfare(rng, communities, years)
    return f"welfare: {payments} payments, {_relief(rng, communities, years)} relief cases"


@transaction.atomic
def _relief(rng, communities, years):
    """临时救助 for about one household in 150 a year, paid from the fund; the fund's income by
    source each month covers them (the balance is set to the ledger's)."""
    from .relief_models import FundIncome, ReliefCase, ReliefFund

    today = month_start(datetime.date.today())
    first = add_months(today, -12 * years + 1)
    fund = ReliefFund.current()
    heads = list(
        Resident.objects.filter(community__in=communities, relation="head").values_list(
            "pk", "household_id", "community_id"
        )
    )
    cases, incomes = [], []
    for offset in range(12 * years):
        month = add_months(first, offset)
        month_cases = [
            ReliefCase(
                community_id=community,
                household_id=household,
                resident_id=pk,
                emergency=rng.choice(["illness", "accident", "disaster", "other"]),
                description="数据集临时救助",
                applied_on=month,
                amount_proposed=Decimal(rng.choice([500, 1000, 2000, 3000])),
                status="paid",
                paid_on=month.replace(day=15),
            )
            for pk, household, community in heads
            if rng.random() < 1 / 1800
        ]
        for case in month_cases:
            case.amount_approved = case.amount_proposed
        spent = sum((c.amount_approved for c in month_cases), Decimal("0"))
        incomes.append(
            FundIncome(
                fund=fund,
                source=rng.choice(["county", "town", "committee", "donation"]),
                amount=spent + Decimal("1000"),
                received_on=month,
                payer="数据集",
            )
        )
        cases += month_cases
    FundIncome.objects.bulk_create(incomes, batch_size=BATCH)
    ReliefCase.objects.bulk_create(cases, batch_size=BATCH)
    balance = sum((i.amount for i in incomes), Decimal("0")) - sum(
        (c.amount_approved for c in cases), Decimal("0")
    )
    ReliefFund.objects.filter(pk=fund.pk).update(balance=fund.balance + balance)
    return len(cases)


@transaction.atomic
def _welfare(rng, communities, years):
    programs = {p.code: p for p in Program.objects.all()}
    today = month_start(datetime.date.today())
    first = add_months(today, -12 * years + 1)
    enrollments = []
    heads = Resident.objects.filter(community__in=communities, relation="head").values_list(
        "pk", "household_id", "community_id", "community__kind"
    )
    for pk, household, community, kind in heads:
        if rng.random() < 0.11:
            area = "rural" if kind == "rural" else "urban"
            for code in (f"dibao_{area}", f"tibiao_{area}", "flour"):
                enrollments.append(
                    Enrollment(
                        program=programs[code],
                        community_id=community,
                        household_id=household,
                        resident_id=pk,
                        status="active",
                        applied_on=first,
                        started_on=first,
                        persons_covered=rng.randint(1, 4),
                        monthly_income_per_capita=Decimal(rng.randrange(0, 400, 10)),
                    )
                )
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
    count = 0
    months = [add_months(first, i) for i in range(12 * years)]
    for month in months:
        batches = {}
        rows = []
        for enrollment in enrollments:
            program = enrollment.program
            if program.code == "flour" and month.month not in (1, 2):
                continue
            if program.code not in batches:
                batches[program.code] = DisbursementBatch.objects.create(
                    program=program, period=month, status="paid" if month < today else "draft"
                )
            amount = (
                Decimal("0")
                if program.is_in_kind
                else Decimal(
                    max(680 - int(enrollment.monthly_income_per_capita), 0)
                    * enrollment.persons_covered
                    if program.code.startswith("dibao")
                    else 15
                )
            )
            rows.append(
                Disbursement(
                    batch=batches[program.code],
                    program=program,
                    period=month,
                    community_id=enrollment.community_id,
                    household_id=enrollment.household_id,
                    resident_id=enrollment.resident_id,
                    enrollment=enrollment,
                    amount=amount,
                    quantity=Decimal(2) if program.is_in_kind else None,
                    persons=enrollment.persons_covered,
                    payment_status="paid" if month < today else "pending",
                )
            )
        # Batches of past months are paid; insert their rows before marking them so.
        DisbursementBatch.objects.filter(pk__in=[b.pk for b in batches.values()]).update(
            status="draft"
        )
        Disbursement.objects.bulk_create(rows, batch_size=BATCH)
        corrections = [
            Disbursement(
                batch=row.batch,
                program=row.program,
                period=month,
                community_id=row.community_id,
                household_id=row.household_id,
                resident_id=row.resident_id,
                amount=Decimal("-10"),
                persons=0,
                corrects=row,
                source="correction",
                note="数据集更正",
            )
            for row in rows[::200]
            if not row.program.is_in_kind
        ]
        Disbursement.objects.bulk_create(corrections, batch_size=BATCH)
        if month < today:  # past months are paid (and from then on locked)
            DisbursementBatch.objects.filter(pk__in=[b.pk for b in batches.values()]).update(
                status="paid"
            )
        count += len(rows) + len(corrections)
    return count
