"""The report figures of the paid 临时救助 cases and 特困 housing aid.

They are not monthly batch payments, so ``welfare.summary`` adds them to the rows of their
programs (``emergency_aid``, ``tekun_housing``) with the same aggregates as payments: each paid
case or grant counts as one payment to its household (户次), and the program's counting rule
picks the figure the report tells. A household paid in a batch and by a case in the same period
counts in both distinct figures (``households``, ``residents``).
"""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from communities.coverage import in_communities

from .models import Program
from .relief_models import EMERGENCY_AID, TEKUN_HOUSING, HousingGrant, ReliefCase

ADDITIVE = ("households", "residents", "payments", "person_times", "months", "communities")


def _sources(period, communities, everywhere: bool):
    """``(program code, queryset, amount field, paid-on field)`` of what was paid in the period."""
    within = in_communities("community", communities, everywhere)
    cases = ReliefCase.objects.filter(
        within,
        status=ReliefCase.Status.PAID,
        paid_on__gte=period.start,
        paid_on__lt=period.end,
    )
    grants = HousingGrant.objects.filter(
        within,
        status=HousingGrant.Status.PAID,
        paid_on__gte=period.start,
        paid_on__lt=period.end,
    )
    return [
        (EMERGENCY_AID, cases.order_by(), "amount_approved", "resident"),
        (TEKUN_HOUSING, grants.order_by(), "amount", "enrollment__resident"),
    ]


def _aggregates(amount_field: str, resident_field: str) -> dict:
    return {
        "households": Count("household", distinct=True),
        "residents": Count(resident_field, distinct=True),
        "payments": Count("pk"),
        "person_times": Count("pk"),
        "communities": Count("community", distinct=True),
        "months": Count(TruncMonth("paid_on"), distinct=True),
        "amount": Sum(amount_field),
    }


def totals(period, communities, everywhere: bool, *, by_community: bool = False) -> dict:
    """``{program pk: figures}`` (``{(program pk, community pk): figures}`` by community) of the
    paid cases and grants (four queries at most, whatever the data)."""
    programs = dict(
        Program.objects.filter(code__in=[EMERGENCY_AID, TEKUN_HOUSING]).values_list("code", "pk")
    )
    result = {}
    for code, queryset, amount_field, resident_field in _sources(period, communities, everywhere):
        if code not in programs:
            continue
        aggregates = _aggregates(amount_field, resident_field)
        if by_community:
            rows = queryset.values("community").annotate(**aggregates)
        else:
            rows = [queryset.aggregate(**aggregates)]
        for row in rows:
            if not row["payments"]:
                continue
            key = (programs[code], row.pop("community")) if by_community else programs[code]
            result[key] = row
    return result


def merge(payments: dict, relief: dict) -> dict:
    """The payments' figures with the relief figures added, key by key."""
    merged = dict(payments)
    for key, extra in relief.items():
        row = dict(merged.get(key) or {})
        for name in ADDITIVE:
            row[name] = (row.get(name) or 0) + (extra.get(name) or 0)
        row["amount"] = (row.get("amount") or 0) + (extra.get("amount") or 0)
        merged[key] = row
    return merged
