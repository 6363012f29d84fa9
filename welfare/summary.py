"""The welfare section of the reports: ``section(period, communities)``.

Per program and per (program, community): beneficiaries (distinct households for household
programs, distinct persons otherwise), payments (entries that are not corrections), person_times
(the sum of 人数), amount (Decimal, corrections included) and quantity. A re-issue of a failed
bank payment counts in none of them: the payment counts in the month it was due. All sums are
done by the database; amounts are returned as ``Decimal``.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period

from .models import Disbursement, Program

ORIGINAL = Q(corrects__isnull=True, reissue_of__isnull=True)
# A re-issue sends a failed payment again: it counts in the month the payment was due, once.
NOT_REISSUE = Q(reissue_of__isnull=True)


def _aggregates():
    return {
        "households": Count("household", distinct=True),
        "residents": Count("resident", distinct=True),
        "payments": Count("id", filter=ORIGINAL),
        "person_times": Sum("persons", filter=ORIGINAL),
        "amount": Sum("amount", filter=NOT_REISSUE),
        "quantity": Sum("quantity"),
    }


def _row(program: Program, values: dict | None) -> dict:
    values = values or {}
    beneficiaries = values.get("households" if program.per_household else "residents") or 0
    return {
        "program": program.code,
        "name": program.name,
        "unit": program.unit,
        "kind": program.kind,
        "beneficiary_unit": program.beneficiary_unit,
        "counts_person_times": program.counts_person_times,
        "beneficiaries": beneficiaries,
        "payments": values.get("payments") or 0,
        "person_times": values.get("person_times") or 0,
        "amount": values.get("amount") or Decimal("0.00"),
        "quantity": values.get("quantity") if program.is_in_kind else None,
    }


def section(period: Period, communities, *, by_community: bool = True) -> dict:
    """Welfare figures for ``period`` (a ``burqin.periods.Period``) in ``communities``; without
    ``by_community`` only the programs' totals (for the comparison periods of a report)."""
    payments = Disbursement.objects.filter(
        period__gte=period.start, period__lt=period.end, community__in=communities
    ).order_by()
    programs = list(Program.objects.all())
    totals = {
        row.pop("program"): row for row in payments.values("program").annotate(**_aggregates())
    }
    rows = [_row(p, totals.get(p.pk)) for p in programs if p.active or p.pk in totals]
    if not by_community:
        return {"programs": rows}
    per_community = {}
    for row in payments.values("program", "community", "community__code").annotate(**_aggregates()):
        per_community[(row.pop("program"), row.pop("community"))] = row
    community_list = list(communities)
    return {
        "programs": rows,
        "by_community": [
            {
                "community": c.code,
                "name": c.name,
                "programs": [
                    _row(p, per_community.get((p.pk, c.pk)))
                    for p in programs
                    if (p.pk, c.pk) in per_community
                ],
            }
            for c in community_list
        ],
    }
