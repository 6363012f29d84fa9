"""Collecting each app's ``summary.section(period, communities)`` into the report's data."""

import importlib
from decimal import Decimal

from django.apps import apps

from burqin.periods import Period, add_months

# report key → the app whose summary.py supplies it
SECTION_APPS = {
    "welfare": "welfare",
    "employment": "employment",
    "services": "community_services",
    "duty": "duty_roster",
}


def _summary_module(app_label: str):
    if not apps.is_installed(app_label):
        return None
    try:
        return importlib.import_module(f"{app_label}.summary")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_label}.summary":
            raise
        return None


def previous_period(period: Period) -> Period:
    """The period just before: last month, the other half-year, last year."""
    months = len(period.months)
    start = add_months(period.start, -months)
    if months == 1:
        return Period.month(start)
    if months == 6:
        return Period.parse(f"{start.year}-H{1 if start.month == 1 else 2}")
    return Period.parse(str(start.year))


def same_period_last_year(period: Period) -> Period:
    return Period.parse(f"{period.start.year - 1}{period.key[4:]}")


def _money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _quantity(value) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.001")))


# Passed on from the welfare section as they are: the counting rule and how the narrative
# tells the program.
WELFARE_PASSED_ON = [
    "area",
    "to_communities",
    "counting_rule",
    "counting_rule_label",
    "count",
    "count_word",
    "phrase",
    "community_phrase",
    "money_style",
    "sentence",
]


def _welfare_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "program": r["program"],
            "name": r["name"],
            "unit": r["unit"],
            "beneficiary_unit": r["beneficiary_unit"],
            "beneficiaries": r["beneficiaries"],
            "payments": r["payments"],
            "person_times": r["person_times"],
            "amount": _money(r["amount"]),
            "quantity": _quantity(r["quantity"]),
            **{key: r.get(key) for key in WELFARE_PASSED_ON},
        }
        for r in rows
    ]


def _change(current: str, before: str | None) -> str | None:
    """Relative change in percent with one decimal, or None when there is nothing to compare."""
    if before is None or Decimal(before) == 0:
        return None
    return str(
        ((Decimal(current) - Decimal(before)) / Decimal(before) * 100).quantize(Decimal("0.1"))
    )


def _comparison(now: dict, before: dict | None, label: str) -> tuple[str | None, str | None]:
    """A program's amount in an earlier period, or ``None`` and why it is not compared.

    Compared only when the earlier period has this program's payments in as many months and
    as many communities as this one: a month with almost no data (an import of one community)
    would give +600% that means nothing.
    """
    if not now["months"]:
        return None, None
    if before is None or not before["months"] or Decimal(before["amount"]) == 0:
        return None, f"{label}无该项目发放数据，不作比较"
    if before["months"] < now["months"] or before["communities"] < now["communities"]:
        return None, (
            f"{label}数据不完整（{before['months']}个月、{before['communities']}个社区，"
            f"本期{now['months']}个月、{now['communities']}个社区），不作比较"
        )
    return _money(before["amount"]), None


def collect(period: Period, communities) -> dict:
    """Every section the installed apps provide (None for a module not yet in the app)."""
    data = {}
    welfare = _summary_module("welfare")
    if welfare:
        now = welfare.section(period, communities)
        # For a year, the previous period is last year's: read once.
        earlier_periods = list(
            dict.fromkeys([previous_period(period), same_period_last_year(period)])
        )
        compared = dict(
            zip(earlier_periods, welfare.comparisons(earlier_periods, communities), strict=True)
        )
        previous = compared[previous_period(period)]
        earlier = compared[same_period_last_year(period)]
        rows = _welfare_rows(now["programs"])
        for row, figures in zip(rows, now["programs"], strict=True):
            code = row["program"]
            for key, earlier_rows, label in (
                ("previous", previous, "上期"),
                ("last_year", earlier, "去年同期"),
            ):
                amount, note = _comparison(figures, earlier_rows.get(code), label)
                row[f"{key}_amount"] = amount
                row[f"change_{key}"] = _change(row["amount"], amount)
                row[f"change_{key}_note"] = note
        data["welfare"] = rows
        data["welfare_by_community"] = [
            {
                "community": c["community"],
                "name": c["name"],
                "programs": _welfare_rows(c["programs"]),
            }
            for c in now["by_community"]
        ]
    else:
        data["welfare"] = None
    for key in ("employment", "services", "duty"):
        module = _summary_module(SECTION_APPS[key])
        data[key] = jsonable(module.section(period, communities)) if module else None
    return data


def jsonable(value):
    """Decimals as strings (amounts stay exact in JSON), recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
