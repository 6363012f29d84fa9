"""The printed report: a document laid out as the town's official documents are (GB/T 9704 as the
model) — the title naming the town and the period, the body in a serif CJK font, the date written
in Chinese, page numbers as “— 1 —”, and tables that fit A4 (the per-community table on landscape
pages, split into groups of programs).

Everything printed comes from ``report.data`` (and the edited narrative); units and keys are
translated here, never printed as they are stored.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .narrative import format_count, format_quantity, period_label

TOWN_NAME = "布尔津镇"
STYLESHEET = Path(__file__).resolve().parent / "report_print.css"
# Programs per per-community table: with the community and the total, 8 columns on a landscape
# A4 page, each wide enough for 9,999,999.99 in the table's font.
PROGRAMS_PER_TABLE = 6


def document_title(data: dict) -> str:
    """布尔津镇2026年上半年社区服务工作情况; a community's: 布尔津镇额河社区2026年上半年…"""
    where = TOWN_NAME if data.get("scope") == "town" else f"{TOWN_NAME}{data['scope_name']}"
    return f"{where}{period_label(data['period'])}社区服务工作情况"


def author(data: dict) -> str:
    """Who signs the document: the town, or the town's community."""
    return TOWN_NAME if data.get("scope") == "town" else f"{TOWN_NAME}{data['scope_name']}"


def chinese_date(value) -> str:
    """'2026-11-26T10:30:00+08:00' (or a date) → '2026年11月26日', without leading zeros;
    today's date when there is none."""
    if not value:
        value = timezone.localdate()
    elif isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: str) -> str:
    """'2026-11-26T10:30:04+08:00' → '2026年11月26日 10:30'."""
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value)
    return f"{chinese_date(moment.date())} {moment:%H:%M}"


def yuan(value) -> str:
    """Money in a table: 1818800 → '1,818,800.00' (the column header says 元)."""
    return f"{Decimal(value if value not in (None, '') else 0):,.2f}"


def _change(value) -> str:
    return f"{value}%" if value not in (None, "") else "—"


def _paid(row: dict) -> bool:
    return bool(row.get("payments") or Decimal(row.get("amount") or 0) or row.get("to_communities"))


def welfare_rows(data: dict) -> list[dict]:
    """One printed row per program paid in the period, every figure formatted."""
    rows = []
    for r in data.get("welfare") or []:
        if not _paid(r):
            continue
        count = r.get("count")
        rows.append(
            {
                "name": r["name"],
                "rule": r.get("counting_rule_label") or "",
                "count": f"{format_count(count)}{r.get('count_word') or ''}"
                if count is not None
                else "",
                "payments": format_count(r.get("payments") or 0),
                "amount": yuan(r["amount"]),
                "quantity": format_quantity(r["quantity"], r["unit"])
                if r.get("quantity") not in (None, "")
                else "",
                "change_previous": _change(r.get("change_previous")),
                "change_last_year": _change(r.get("change_last_year")),
            }
        )
    return rows


def community_tables(data: dict, per_table: int = PROGRAMS_PER_TABLE) -> list[dict]:
    """Welfare per community, one row per community, split into tables of ``per_table``
    programs; the last table ends with each community's total (元). None beyond
    ``REPORT_PRINT_COMMUNITIES`` communities (``too_many_to_print``)."""
    communities = data.get("welfare_by_community") or []
    if len(communities) <= 1 or too_many_to_print(data):
        return []
    programs = [r for r in data.get("welfare") or [] if _paid(r)]
    groups = [programs[i : i + per_table] for i in range(0, len(programs), per_table)] or [[]]
    tables = []
    for number, group in enumerate(groups, start=1):
        last = number == len(groups)
        rows = []
        for community in communities:
            paid = {r["program"]: r for r in community["programs"]}
            cells = [_community_cell(paid.get(p["program"]), p["unit"]) for p in group]
            if last:
                total = sum((Decimal(r["amount"]) for r in community["programs"]), Decimal(0))
                cells.append(yuan(total))
            rows.append({"name": community["name"], "cells": cells})
        tables.append(
            {
                "number": number,
                "count": len(groups),
                "programs": [p["name"] for p in group],
                "total": last,
                "rows": rows,
            }
        )
    return tables


def too_many_to_print(data: dict) -> int | None:
    """The number of communities when they are too many to print one row each: some forty
    rows fill two landscape pages; 320 would fill 16 that nobody reads on paper, and take
    WeasyPrint seconds per build. The XLSX's 保障民生-分社区 sheet has every row."""
    count = len(data.get("welfare_by_community") or [])
    return count if count > settings.REPORT_PRINT_COMMUNITIES else None


def _community_cell(row: dict | None, unit: str) -> str:
    if row is None:
        return "—"
    if row.get("quantity") not in (None, "") and not Decimal(row["amount"]):
        return format_quantity(row["quantity"], unit)
    return yuan(row["amount"])


CHINESE_NUMERALS = "一二三四五六七八九十"


def numbered_sections(narrative: dict) -> list[tuple[str, str, str]]:
    """(一, 保障民生, text), (二, 就业创业, text)…: headings numbered as official documents are."""
    return [
        (CHINESE_NUMERALS[i] if i < len(CHINESE_NUMERALS) else str(i + 1), title, text)
        for i, (title, text) in enumerate(narrative.items())
    ]


def print_html(data: dict, narrative: dict, chart: str = "") -> str:
    """The printed report as HTML for WeasyPrint (styled by ``STYLESHEET``)."""
    return render_to_string(
        "reports/report_print.html",
        {
            "title": document_title(data),
            "author": author(data),
            "date": chinese_date(data["generated_at"]),
            "sections": numbered_sections(narrative),
            "notes": data.get("notes") or [],
            "chart": chart,
            "welfare": welfare_rows(data),
            "with_rule": any(r.get("counting_rule_label") for r in data.get("welfare") or []),
            "community_tables": community_tables(data),
            "communities_not_printed": too_many_to_print(data),
        },
    )
