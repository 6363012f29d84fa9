"""The welfare section of the reports: ``section(period, communities)``.

Per program and per (program, community): beneficiaries (distinct households for household
programs, distinct persons otherwise), payments (entries to households or persons that are not
corrections), person_times (the sum of 人数), to_communities (distinct communities given goods
themselves), amount (Decimal, corrections included) and quantity — and ``count``, the figure
the program's counting rule (统计口径) picks, ``None`` when the program has none. A re-issue of a
failed bank payment counts in none of them: the payment counts in the month it was due. All sums are
done by the database; amounts are returned as ``Decimal``.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from burqin.periods import Period

from . import relief_summary
from .models import Disbursement, Program

# A re-issue sends a failed payment again: it counts in the month the payment was due, once.
NOT_REISSUE = Q(reissue_of__isnull=True)
ORIGINAL = Q(corrects__isnull=True) & NOT_REISSUE
TO_PEOPLE = ORIGINAL & Q(resident__isnull=False)
TO_COMMUNITIES = ORIGINAL & Q(resident__isnull=True)

# counting rule → the aggregate it counts
COUNTED_BY = {
    Program.CountingRule.HOUSEHOLDS: "households",
    Program.CountingRule.HOUSEHOLD_PAYMENTS: "payments",
    Program.CountingRule.PERSONS: "residents",
    Program.CountingRule.PERSON_TIMES: "person_times",
    Program.CountingRule.PERSON_PAYMENTS: "payments",
}


def _aggregates():
    return {
        "households": Count("household", distinct=True),
        "residents": Count("resident", distinct=True),
        "payments": Count("id", filter=TO_PEOPLE),
        "person_times": Sum("persons", filter=TO_PEOPLE),
        "to_communities": Count("community", distinct=True, filter=TO_COMMUNITIES),
        "months": Count("period", distinct=True, filter=ORIGINAL),
        "communities": Count("community", distinct=True, filter=ORIGINAL),
        "amount": Sum("amount", filter=NOT_REISSUE),
        "quantity": Sum("quantity"),
    }


def _row(program: Program, values: dict | None) -> dict:
    values = values or {}
    beneficiaries = values.get("households" if program.per_household else "residents") or 0
    counted = COUNTED_BY.get(program.counting_rule)
    return {
        "program": program.code,
        "name": program.name,
        "unit": program.unit,
        "kind": program.kind,
        "beneficiary_unit": program.beneficiary_unit,
        "counts_person_times": program.counts_person_times,
        "area": program.area,
        "beneficiaries": beneficiaries,
        "payments": values.get("payments") or 0,
        "person_times": values.get("person_times") or 0,
        "to_communities": values.get("to_communities") or 0,
        "months": values.get("months") or 0,
        "communities": values.get("communities") or 0,
        "amount": values.get("amount") or Decimal("0.00"),
        "quantity": values.get("quantity") if program.is_in_kind else None,
        "counting_rule": program.counting_rule or None,
        "counting_rule_label": str(program.get_counting_rule_display()) or None,
        "count": (values.get(counted) or 0) if counted else None,
        "count_word": program.count_word,
        "phrase": program.phrase,
        "community_phrase": program.community_phrase,
        "money_style": program.money_style,
        "sentence": program.sentence,
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
    # Paid 临时救助 cases and 特困 housing aid (issue 17) count as payments of their programs.
    totals = relief_summary.merge(totals, relief_summary.totals(period, communities))
    rows = [_row(p, totals.get(p.pk)) for p in programs if p.active or p.pk in totals]
    if not by_community:
        return {"programs": rows}
    per_community = {}
    for row in payments.values("program", "community", "community__code").annotate(**_aggregates()):
        per_community[(row.pop("program"), row.pop("community"))] = row
    per_community = relief_summary.merge(
        per_community, relief_summary.totals(period, communities, by_community=True)
    )
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
