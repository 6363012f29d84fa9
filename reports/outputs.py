"""A report's XLSX (a sheet per section) and PDF (WeasyPrint, CJK font, the same SVG charts)."""

from decimal import Decimal

from django.conf import settings

from burqin.charts import bar_chart
from burqin.numbers import format_quantity, format_yuan, unit_name
from burqin.pdf import PdfUnavailable, html_to_document
from burqin.spreadsheets import COUNT, MONEY, QUANTITY, RATE, XlsxWriter

from . import printing
from .labels import SECTION_TITLES, figure_rows
from .narrative import period_label


def _decimal(value):
    return Decimal(value) if value not in (None, "") else None


def _rate(percent):
    """'1.6' (percent) → 0.016, shown as 1.6% by the RATE format."""
    return Decimal(percent) / 100 if percent not in (None, "") else None


def _unit(unit: str) -> str:
    return unit_name(unit)


def render_xlsx(data: dict, narrative: dict | None = None) -> bytes:
    """The report's workbook: every sheet and header in Chinese, numbers stored as numbers with
    their formats, each sheet printing on A4 fitted to the width with its header row repeated."""
    narrative = narrative if narrative is not None else data.get("narrative", {})
    writer = XlsxWriter()
    writer.add_sheet("说明", ["项目", "内容"], widths=[None, 100])
    writer.extend(
        [
            ["标题", printing.document_title(data)],
            ["期间", period_label(data["period"])],
            ["范围", data["scope_name"]],
            ["生成时间", printing.chinese_datetime(data["generated_at"])],
            *[[title, text] for title, text in narrative.items()],
            *[["提示", note] for note in data.get("notes") or []],
        ]
    )
    welfare = data.get("welfare")
    if welfare is not None:
        _welfare_sheet(writer, welfare)
        _welfare_by_community_sheet(writer, data.get("welfare_by_community") or [], welfare)
    for key, title in SECTION_TITLES.items():
        if data.get(key):
            writer.add_sheet(title, ["指标", "数值"], widths=[48, 40])
            for label, value, number_format in figure_rows(data[key]):
                writer.append([label, value], number_formats=[None, number_format])
    return writer.save()


def _welfare_sheet(writer: XlsxWriter, welfare: list[dict]) -> None:
    with_rule = any("counting_rule" in r or "counting_rule_label" in r for r in welfare)
    headers = ["项目", "项目代码", "单位"]
    formats = [None, None, None]
    if with_rule:
        headers += ["统计口径", "统计数"]
        formats += [None, COUNT]
    headers += ["保障对象", "发放笔数", "人次", "金额（元）", "数量"]
    headers += ["上期金额（元）", "环比", "去年同期金额（元）", "同比"]
    formats += [COUNT, COUNT, COUNT, MONEY, QUANTITY, MONEY, RATE, MONEY, RATE]
    writer.add_sheet("保障民生", headers, number_formats=formats, landscape=True)
    for r in welfare:
        row = [r["name"], r["program"], _unit(r["unit"])]
        if with_rule:
            row += [r.get("counting_rule_label") or "未设置统计口径", r.get("count")]
        row += [
            r["beneficiaries"],
            r["payments"],
            r["person_times"],
            _decimal(r["amount"]),
            _decimal(r["quantity"]),
            _decimal(r.get("previous_amount")),
            _rate(r.get("change_previous")),
            _decimal(r.get("last_year_amount")),
            _rate(r.get("change_last_year")),
        ]
        writer.append(row)


def _welfare_by_community_sheet(writer: XlsxWriter, communities: list[dict], welfare) -> None:
    units = {r["program"]: _unit(r["unit"]) for r in welfare}
    writer.add_sheet(
        "保障民生-分社区",
        ["社区（村）", "项目", "项目代码", "单位", "保障对象", "发放笔数", "人次"]
        + ["金额（元）", "数量"],
        number_formats=[None, None, None, None, COUNT, COUNT, COUNT, MONEY, QUANTITY],
        landscape=True,
    )
    writer.extend(
        [
            c["name"],
            r["name"],
            r["program"],
            units.get(r["program"]) or _unit(r.get("unit", "")),
            r["beneficiaries"],
            r["payments"],
            r["person_times"],
            _decimal(r["amount"]),
            _decimal(r["quantity"]),
        ]
        for c in communities
        for r in c["programs"]
    )


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


def pdf_document(data: dict, narrative: dict | None = None):
    """WeasyPrint's laid-out printed report (``reports/printing.py``): its pages and boxes, which
    the tests inspect, and ``.write_pdf()``. Raises ``PdfUnavailable`` without WeasyPrint."""
    narrative = narrative if narrative is not None else data.get("narrative", {})
    html = printing.print_html(data, narrative, chart=welfare_chart(data))
    return html_to_document(
        html, base_url=str(settings.BASE_DIR), stylesheets=[printing.STYLESHEET]
    )


def render_pdf(data: dict, narrative: dict | None = None) -> tuple[bytes | None, str]:
    """The printed report; ``(None, reason)`` when WeasyPrint's system libraries are missing."""
    try:
        return pdf_document(data, narrative).write_pdf(), ""
    except PdfUnavailable as exc:
        return None, str(exc)
