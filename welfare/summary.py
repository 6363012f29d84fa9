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
from communities.coverage import covers_all, in_communities

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


def _community_aggregates():
    """Per (program, community). A group is one community, so whether it was paid at all and
    whether goods went to the community itself are 0 or 1, counted without a distinct sort; every
    figure but the distinct people adds up to the program's total (``_summed``)."""
    return {
        "households": Count("household", distinct=True),
        "residents": Count("resident", distinct=True),
        "payments": Count("id", filter=TO_PEOPLE),
        "person_times": Sum("persons", filter=TO_PEOPLE),
        "to_community_payments": Count("id", filter=TO_COMMUNITIES),
        "original_payments": Count("id", filter=ORIGINAL),
        "amount": Sum("amount", filter=NOT_REISSUE),
        "quantity": Sum("quantity"),
    }


def _program_aggregates():
    """What only the program's own statement can count: a household or person paid in two
    communities in the period (one that moved) counts once, and the months it was paid in."""
    return {
        "households": Count("household", distinct=True),
        "residents": Count("resident", distinct=True),
        "months": Count("period", distinct=True, filter=ORIGINAL),
    }


def _comparison_aggregates(index: int, period: Period) -> dict:
    """What an earlier period is compared by (``reports.sections``): its amount, and the months
    and communities it has payments in, as aggregates of the rows of ``period`` among others."""
    within = Q(period__gte=period.start, period__lt=period.end)
    return {
        f"months_{index}": Count("period", distinct=True, filter=within & ORIGINAL),
        f"communities_{index}": Count("community", distinct=True, filter=within & ORIGINAL),
        f"amount_{index}": Sum("amount", filter=within & NOT_REISSUE),
    }


COMPARED = ("months", "communities", "amount")


def comparisons(periods: list[Period], communities) -> list[dict]:
    """For each of ``periods`` (the earlier periods a report is compared with): ``{program
    code: {months, communities, amount}}``, the paid relief included. One statement reads the
    payments of all of them."""
    everywhere = covers_all(communities)
    within = Q()
    for period in periods:
        within |= Q(period__gte=period.start, period__lt=period.end)
    aggregates = {}
    for index, period in enumerate(periods):
        aggregates.update(_comparison_aggregates(index, period))
    # Grouped by the program's id, not its code: no join, and an integer sort of the rows.
    rows = (
        Disbursement.objects.filter(in_communities("community", communities, everywhere), within)
        .order_by()
        .values("program")
        .annotate(**aggregates)
    )
    codes = dict(Program.objects.values_list("pk", "code"))
    result = [{} for _ in periods]
    for row in rows:
        for index, figures in enumerate(result):
            values = {name: row[f"{name}_{index}"] or 0 for name in COMPARED}
            if values["months"] or values["amount"]:
                figures[codes[row["program"]]] = values
    for period, figures in zip(periods, result, strict=True):
        relief = relief_summary.totals(period, communities, everywhere)
        for pk, extra in relief.items():
            row = figures.setdefault(codes[pk], dict.fromkeys(COMPARED, 0))
            for name in COMPARED:
                row[name] = (row[name] or 0) + (extra.get(name) or 0)
    return result


SUMMED = ("payments", "person_times", "to_communities", "communities", "amount", "quantity")


def _add(total, value):
    return value if total is None else total if value is None else total + value


def _summed(totals: dict, per_community: dict) -> dict:
    """The programs' totals with the figures that add up taken from their communities' rows."""
    for (program, _community), row in per_community.items():
        row["to_communities"] = 1 if row.pop("to_community_payments") else 0
        row["communities"] = 1 if row.pop("original_payments") else 0
        total = totals[program]
        for name in SUMMED:
            total[name] = _add(total.get(name), row[name])
    return totals


def _program_fields(program: Program) -> dict:
    """What a row tells of its program, the same in every row of the program (built once per
    program: a row per (program, community) would translate the labels again each time)."""
    return {
        "program": program.code,
        "name": program.name,
        "unit": program.unit,
        "kind": program.kind,
        "beneficiary_unit": program.beneficiary_unit,
        "counts_person_times": program.counts_person_times,
        "area": program.area,
        "counting_rule": program.counting_rule or None,
        "counting_rule_label": str(program.get_counting_rule_display()) or None,
        "count_word": program.count_word,
        "phrase": program.phrase,
        "community_phrase": program.community_phrase,
        "money_style": program.money_style,
        "sentence": program.sentence,
    }


def _row(program: Program, fields: dict, values: dict | None) -> dict:
    values = values or {}
    beneficiaries = values.get("households" if program.per_household else "residents") or 0
    counted = COUNTED_BY.get(program.counting_rule)
    return {
        **fields,
        "beneficiaries": beneficiaries,
        "payments": values.get("payments") or 0,
        "person_times": values.get("person_times") or 0,
        "to_communities": values.get("to_communities") or 0,
        "months": values.get("months") or 0,
        "communities": values.get("communities") or 0,
        "amount": values.get("amount") or Decimal("0.00"),
        "quantity": values.get("quantity") if program.is_in_kind else None,
        "count": (values.get(counted) or 0) if counted else None,
    }


def section(period: Period, communities) -> dict:
    """Welfare figures for ``period`` (a ``burqin.periods.Period``) in ``communities``: per
    program and per (program, community)."""
    everywhere = covers_all(communities)
    payments = Disbursement.objects.filter(
        in_communities("community", communities, everywhere),
        period__gte=period.start,
        period__lt=period.end,
    ).order_by()
    programs = list(Program.objects.all())
    fields = {p.pk: _program_fields(p) for p in programs}
    totals = {
        row.pop("program"): row
        for row in payments.values("program").annotate(**_program_aggregates())
    }
    per_community = {}
    for row in payments.values("program", "community").annotate(**_community_aggregates()):
        per_community[(row.pop("program"), row.pop("community"))] = row
    totals = _summed(totals, per_community)
    # Paid 临时救助 cases and 特困 housing aid (issue 17) count as payments of their programs.
    totals = relief_summary.merge(totals, relief_summary.totals(period, communities, everywhere))
    rows = [_row(p, fields[p.pk], totals.get(p.pk)) for p in programs if p.active or p.pk in totals]
    per_community = relief_summary.merge(
        per_community, relief_summary.totals(period, communities, everywhere, by_community=True)
    )
    community_list = list(communities)
    return {
        "programs": rows,
        "by_community": [
            {
                "community": c.code,
                "name": c.name,
                "programs": [
                    _row(p, fields[p.pk], per_community.get((p.pk, c.pk)))
                    for p in programs
                    if (p.pk, c.pk) in per_community
                ],
            }
            for c in community_list
        ],
    }
