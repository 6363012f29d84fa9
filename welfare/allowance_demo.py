"""Demo data of the allowances (issue 17 items 3–4), called by ``welfare.demo.seed``: about half
of the residents the registry proposes for the two disability subsidies are enrolled (the rest
wait on the proposal page), and each month's 高龄津贴 list is confirmed and paid (the current
month left as a draft batch)."""

import random
from decimal import Decimal

from django.utils import timezone

from burqin.periods import add_months, month_start
from communities.models import Resident

from . import allowances, selectors, services
from .models import Disbursement, DisbursementBatch, Enrollment


def enrollments(programs: dict, first_month, make) -> list:
    """Active enrollments (built by ``make``, demo.py's ``_enrollment``) of about half of the
    eligible residents of each disability subsidy, from the first demo month."""
    rng = random.Random(20260117)
    _record_disabilities_in_dibao_households(rng)
    built = []
    for code in allowances.DISABILITY_PROGRAMS:
        program = programs[code]
        for resident in allowances.disability_candidates(
            program, Resident.objects.all(), first_month
        ).select_related("household__community"):
            if rng.random() < 0.5:
                built.append(
                    make(program, resident.household, resident, 1, Decimal("0"), first_month, rng)
                )
    return built


def _record_disabilities_in_dibao_households(rng) -> None:
    """The demo registry has few disabled people in 低保 households: record a disability for
    some members of those households, so that 困难残疾人生活补贴 has beneficiaries."""
    members = list(
        Resident.objects.current()
        .filter(
            is_disabled=False,
            household__enrollments__program__code__in=allowances.DIBAO_PROGRAMS,
            household__enrollments__status=Enrollment.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )
    for resident in rng.sample(members, min(len(members), 24)):
        resident.is_disabled = True
        resident.disability_category = rng.choice(Resident.DisabilityCategory.values)
        resident.disability_grade = rng.choice(Resident.DisabilityGrade.values)
        resident.save()


def elderly_batches(*, officer, checker, first_month) -> int:
    """Confirm the 高龄津贴 list of each demo month; past months are locked and paid."""
    today = timezone.localdate()
    count = 0
    for offset in range(12):
        month = add_months(first_month, offset)
        digest, _bands = allowances.elderly_town_digest(month)
        allowances.elderly_list_confirm(user=officer, period=month, digest=digest)
        batch = DisbursementBatch.objects.get(
            program__code=allowances.ELDERLY_ALLOWANCE, period=month
        )
        count += 1
        if month >= month_start(today) or not batch.disbursements.exists():
            continue
        services.batch_review(user=officer, batch=batch)
        changes = selectors.change_list(batch, Disbursement.objects.all(), officer)
        services.change_list_confirm(user=officer, batch=batch, counts=changes["counts"])
        services.batch_lock(user=checker, batch=batch)
        services.payments_reconcile(
            user=officer,
            outcomes=[
                (pk, True, "")
                for pk in batch.disbursements.bank_payments().values_list("pk", flat=True)
            ],
            settled_on=month.replace(day=20),
        )
    return count
