"""A report's XLSX (a sheet per section) and PDF (WeasyPrint, CJK font, the same SVG charts)."""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string

from burqin.charts import bar_chart
from burqin.numbers import format_quantity, format_yuan
from burqin.spreadsheets import XlsxWriter

from .narrative import period_label

UNIT_NAMES = {"yuan": "元", "tonne": "吨", "bag": "袋", "item": "件"}
WELFARE_HEADERS = [
    "项目",
    "代码",
    "单位",
    "统计口径",
    "统计数",
    "保障对象",
    "发放笔数",
    "人次",
    "金额（元）",
    "数量",
    "上期金额（元）",
    "环比（%）",
    "去年同期金额（元）",
    "同比（%）",
]


def _decimal(value):
    return Decimal(value) if value not in (None, "") else None


def render_xlsx(data: dict, narrative: dict | None = None) -> bytes:
    narrative = narrative if narrative is not None else data.get("narrative", {})
    writer = XlsxWriter()
    writer.add_sheet("说明", ["项目", "内容"], widths=[None, 100])
    writer.extend(
        [
            ["期间", period_label(data["period"])],
            ["范围", data["scope_name"]],
            ["生成时间", data["generated_at"]],
            *[[title, text] for title, text in narrative.items()],
            *[["提示", note] for note in data.get("notes", [])],
        ]
    )
    if data.get("welfare") is not None:
        writer.add_sheet("保障民生", WELFARE_HEADERS)
        writer.extend(
            [
                [
                    r["name"],
                    r["program"],
                    UNIT_NAMES.get(r["unit"], r["unit"]),
                    r.get("counting_rule_label") or "未设置统计口径",
                    r.get("count"),
                    r["beneficiaries"],
                    r["payments"],
                    r["person_times"],
                    _decimal(r["amount"]),
                    _decimal(r["quantity"]),
                    _decimal(r.get("previous_amount")),
                    _decimal(r.get("change_previous")),
                    _decimal(r.get("last_year_amount")),
                    _decimal(r.get("change_last_year")),
                ]
                for r in data["welfare"]
            ],
        )
        writer.add_sheet(
            "保障民生-分社区",
            ["社区", "项目", "代码", "保障对象", "发放笔数", "人次", "金额（元）", "数量"],
        )
        writer.extend(
            [
                [
                    c["name"],
                    r["name"],
                    r["program"],
                    r["beneficiaries"],
                    r["payments"],
                    r["person_times"],
                    _decimal(r["amount"]),
                    _decimal(r["quantity"]),
                ]
                for c in data.get("welfare_by_community", [])
                for r in c["programs"]
            ],
        )
    for key, title in (("employment", "就业创业"), ("services", "便民服务"), ("duty", "平安值班")):
        if data.get(key):
            writer.add_sheet(title, ["指标", "数值"])
            writer.extend(_flatten(data[key]))
    return writer.save()


def _flatten(section, prefix=""):
    """A section's nested figures as (name, value) rows: plain numbers, one per line."""
    if isinstance(section, dict):
        for key, value in section.items():
            yield from _flatten(value, f"{prefix}{key}.")
    elif isinstance(section, list):
        for index, value in enumerate(section):
            label = index
            if isinstance(value, dict):
                label = value.get("name") or value.get("label") or value.get("kind") or index
            yield from _flatten(value, f"{prefix}{label}.")
    else:
        number = _decimal(section) if isinstance(section, str) and _is_number(section) else section
        yield [prefix.rstrip("."), number]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def welfare_chart(data: dict):
    rows = [r for r in data.get("welfare") or [] if Decimal(r["amount"]) > 0]
    if not rows:
        return ""
    return bar_chart(
        [(r["name"], Decimal(r["amount"])) for r in rows], unit="元", title="各项目发放金额"
    )


def community_table(data: dict) -> dict | None:
    """Welfare per community for the page and the PDF: one row per community, a column per
    program paid in the period (yuan, or the quantity of an in-kind program). The XLSX keeps
    every figure of every (community, program)."""
    communities = data.get("welfare_by_community") or []
    if len(communities) <= 1:
        return None
    programs = [r for r in data.get("welfare") or [] if r["payments"] or r["amount"] != "0.00"]
    rows = []
    for community in communities:
        paid = {r["program"]: r for r in community["programs"]}
        cells = []
        for program in programs:
            row = paid.get(program["program"])
            if row is None:
                cells.append("—")
            elif row["quantity"] is not None and Decimal(row["amount"]) == 0:
                cells.append(format_quantity(row["quantity"], program["unit"]))
            else:
                cells.append(format_yuan(row["amount"], unit=False))
        total = sum((Decimal(r["amount"]) for r in community["programs"]), Decimal("0.00"))
        rows.append(
            {"name": community["name"], "cells": cells, "total": format_yuan(total, unit=False)}
        )
    return {"programs": [p["name"] for p in programs], "rows": rows}


def render_pdf(data: dict, narrative: dict | None = None) -> tuple[bytes | None, str]:
    """The printed report; ``(None, reason)`` when WeasyPrint's system libraries are missing."""
    narrative = narrative if narrative is not None else data.get("narrative", {})
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        return None, f"PDF 未生成：WeasyPrint 不可用（{exc}）。请安装 Pango 和 fonts-noto-cjk。"
    html = render_to_string(
        "reports/report_print.html",
        {
            "data": data,
            "chart": welfare_chart(data),
            "communities": community_table(data),
            "narrative": narrative,
            "label": period_label(data["period"]),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(), ""
