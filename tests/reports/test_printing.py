"""The printed report and the workbook: laid out as the town's documents, all in Chinese."""

import datetime
import io
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from reports import outputs
from reports.models import Report
from tests.factories import CommunityFactory, household_with_members
from tests.reports.printing_helpers import (
    LATIN_WORDS,
    cell_count,
    overflowing_cells,
    pages_to_png,
    pdf_text,
    report_data,
    require_pdf_tools,
)
from tests.reports.test_build import pay

DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "img" / "report-h1-page1.png"
# Latin letters allowed in a sheet title or header: none today.
HEADER_ALLOWLIST: set[str] = set()
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def half_year(db):
    """A town half-year with payments in the 8 communities: cash, person and in-kind programs."""
    names = ["额河社区", "美丽峰社区", "神湖社区", "白山布社区", "友谊峰社区", "津河社区"]
    communities = [CommunityFactory(code=f"c{i}", name=n) for i, n in enumerate(names)]
    communities.append(CommunityFactory(code="qiaketai", name="切克台村"))
    communities.append(CommunityFactory(code="xincun", name="新村社区"))
    for month in range(1, 7):
        period = datetime.date(2026, month, 1)
        for index, community in enumerate(communities):
            head = household_with_members(community, 3).head
            pay(head, "dibao_urban", period, f"{1234567 + index * 1000}.50", persons=3)
            pay(head, "tibiao_urban", period, "5460.00", persons=3)
            pay(head, "coal_in_kind", period, "0", quantity=Decimal("83"))
            pay(head, "flour", period, "0", quantity=Decimal("900"))
    call_command("build_report", "2026-H1")
    return Report.objects.get(period="2026-H1", scope="town")


def _words(text: str) -> list[str]:
    return [w for w in LATIN_WORDS if re.search(rf"\b{w}\b", text, re.IGNORECASE)]


@pytest.mark.django_db
def test_town_half_year_pdf_is_printed_as_the_towns_document(half_year, tmp_path):
    require_pdf_tools()
    pdf = half_year.pdf.read()
    pages = pages_to_png(pdf, tmp_path, dpi=40)
    texts = pdf_text(pdf, tmp_path)
    assert len(pages) == len(texts) >= 3
    everything = "\n".join(texts)
    assert "布尔津镇2026年上半年社区服务工作情况" in everything
    assert re.search(r"— 1 —|—\s*1\s*—", texts[0]), texts[0][-200:]
    # The date in Chinese, never an ISO timestamp.
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", everything)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", everything)
    assert _words(everything) == []
    assert "吨" in everything and "袋" in everything
    assert re.search(r"\d{1,3}(,\d{3}){2}\.\d{2}", everything)  # thousands separators
    assert "分社区发放情况" in everything
    document = outputs.pdf_document(half_year.data)
    assert cell_count(document) > 50
    assert overflowing_cells(document) == []
    if os.environ.get("REPORT_DOCS_PAGE"):  # refresh the page shown in docs/reports.md
        shutil.copy(pages_to_png(pdf, tmp_path / "docs", dpi=60)[0], DOCS_PAGE)


@pytest.mark.django_db
def test_a_community_report_is_titled_with_the_town_and_the_community(half_year):
    require_pdf_tools()
    call_command("build_report", "2026-H1", "--community", "c0")
    report = Report.objects.get(period="2026-H1", scope="c0")
    document = outputs.pdf_document(report.data)
    text = "".join(
        getattr(box, "text", "") for page in document.pages for box in page._page_box.descendants()
    )
    assert "布尔津镇额河社区2026年上半年社区服务工作情况" in text


@pytest.mark.django_db
def test_prefecture_scale_month_fits_its_tables_on_a4(tmp_path, settings):
    """320 communities printed one row each (a deployment that raises the limit): every page
    renders, no Latin unit word or key, no text crossing a cell."""
    require_pdf_tools()
    settings.REPORT_PRINT_COMMUNITIES = 320
    data = report_data(320)
    document = outputs.pdf_document(data)
    problems = overflowing_cells(document)
    assert problems == [], problems[:10]
    pdf = document.write_pdf()
    pages = pages_to_png(pdf, tmp_path, dpi=20)
    texts = pdf_text(pdf, tmp_path)
    assert len(pages) == len(texts) == len(document.pages) > 20
    everything = "\n".join(texts)
    assert "布尔津镇2026年5月社区服务工作情况" in everything
    assert _words(everything) == []
    assert "第320社区（村）" in everything
    # A4 (CSS pixels), portrait for the text, landscape for the per-community tables.
    sizes = {(round(page.width), round(page.height)) for page in document.pages}
    assert sizes == {(794, 1123), (1123, 794)}


@pytest.mark.django_db
def test_more_communities_than_print_well_are_referred_to_the_workbook(tmp_path, settings):
    """Beyond REPORT_PRINT_COMMUNITIES the PDF says where the per-community rows are instead of
    printing pages of them; up to it, every community has its row."""
    require_pdf_tools()
    settings.REPORT_PRINT_COMMUNITIES = 40
    many = outputs.pdf_document(report_data(41))
    text = "\n".join(pdf_text(many.write_pdf(), tmp_path))
    assert "本报告涵盖41个社区（村）" in text
    assert "“保障民生-分社区”工作表" in text
    assert "第41社区（村）" not in text
    assert all(round(page.width) == 794 for page in many.pages)  # no landscape table pages
    within = outputs.pdf_document(report_data(40))
    text = "\n".join(pdf_text(within.write_pdf(), tmp_path))
    assert "第40社区（村）" in text
    assert "本报告涵盖" not in text


@pytest.mark.django_db
def test_the_build_command_refers_a_report_beyond_the_print_limit_to_its_workbook(
    half_year, tmp_path, settings
):
    """The limit as the town meets it: ``build_report`` with fewer communities allowed in print
    than the report covers — the PDF it stores has the note, its workbook every community."""
    require_pdf_tools()
    settings.REPORT_PRINT_COMMUNITIES = 7
    call_command("build_report", "2026-H1")
    report = Report.objects.filter(period="2026-H1", scope="town").latest("pk")
    assert report.pk != half_year.pk  # built again, under the lowered limit
    text = "\n".join(pdf_text(report.pdf.read(), tmp_path))
    assert "本报告涵盖8个社区（村）" in text
    sheet = load_workbook(io.BytesIO(report.xlsx.read()))["保障民生-分社区"]
    assert {"切克台村", "新村社区", "额河社区"} <= {
        row[0] for row in sheet.iter_rows(values_only=True)
    }


@pytest.mark.django_db
def test_the_overflow_check_finds_text_crossing_a_cell_border():
    """The proof above proves something: a table without the print stylesheet's rules overflows."""
    require_pdf_tools()
    from burqin.pdf import html_to_document

    html = (
        '<table style="table-layout: fixed; width: 40mm; word-break: normal">'
        "<tr><td>1234567890123456789012345678901234567890</td><td>x</td></tr></table>"
    )
    assert overflowing_cells(html_to_document(html))


@pytest.mark.django_db
def test_workbook_sheets_and_headers_are_chinese_with_number_formats(half_year):
    workbook = load_workbook(io.BytesIO(half_year.xlsx.read()))
    for sheet in workbook.worksheets:
        assert not LATIN.search(sheet.title) or sheet.title in HEADER_ALLOWLIST, sheet.title
        for cell in sheet[1]:
            text = str(cell.value or "")
            assert not LATIN.search(text) or text in HEADER_ALLOWLIST, (sheet.title, text)
        assert sheet.print_title_rows == "$1:$1"
        # One page wide (an absent fitToWidth is 1, ECMA-376), as many pages down as needed.
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9 and int(setup.fitToWidth or 1) == 1
        assert int(setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # Figure names of the sections are Chinese, never keys such as by_charge.
    for title in ("就业创业", "便民服务", "平安值班"):
        for label, _value in workbook[title].iter_rows(min_row=2, values_only=True):
            assert not LATIN.search(label), (title, label)
    headers = [c.value for c in workbook["保障民生"][1]]
    dibao = next(
        r for r in workbook["保障民生"].iter_rows(min_row=2) if r[1].value == "dibao_urban"
    )
    amount = dibao[headers.index("金额（元）")]
    assert isinstance(amount.value, int | float) and amount.number_format == "#,##0.00"
    assert dibao[headers.index("发放笔数")].number_format == "#,##0"
    coal = next(
        r for r in workbook["保障民生"].iter_rows(min_row=2) if r[1].value == "coal_in_kind"
    )
    assert coal[headers.index("单位")].value == "吨"
    assert workbook["保障民生"].page_setup.orientation == "landscape"


def test_rates_are_stored_as_fractions_with_a_percent_format():
    data = report_data(2)
    data["welfare"][0]["change_previous"] = "12.5"
    data["duty"] = {
        "shifts": 10,
        "shifts_covered": 9,
        "coverage_percent": 90.0,
        "patrols": 3,
        "incidents": [{"kind": "dispute", "outcome": "handled", "count": 2}],
    }
    workbook = load_workbook(io.BytesIO(outputs.render_xlsx(data)))
    rows = {r[0].value: r[1] for r in workbook["平安值班"].iter_rows(min_row=2)}
    assert (
        rows["值守达标率"].value == pytest.approx(0.9)
        and rows["值守达标率"].number_format == "0.0%"
    )
    assert any("邻里纠纷" in label or "纠纷" in label for label in rows), list(rows)
    headers = [c.value for c in workbook["保障民生"][1]]
    first = next(workbook["保障民生"].iter_rows(min_row=2))
    assert first[headers.index("环比")].value == pytest.approx(0.125)
    assert first[headers.index("环比")].number_format == "0.0%"
