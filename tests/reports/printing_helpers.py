"""Helpers for the printed-report tests: synthetic report data, WeasyPrint's layout, poppler."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from tests.conftest import require_service

PROGRAMS = [
    ("dibao_urban", "城市居民最低生活保障金", "yuan", "household"),
    ("tibiao_urban", "城市低保提标资金", "yuan", "person"),
    ("coal_urban", "城市燃煤补贴", "yuan", "household"),
    ("four_categories_urban", "城市四类人员生活补贴", "yuan", "person"),
    ("orphan", "孤儿基本生活费", "yuan", "person"),
    ("dibao_rural", "农村居民最低生活保障金", "yuan", "household"),
    ("tibiao_rural", "农村低保提标资金", "yuan", "person"),
    ("coal_rural", "农村燃煤补贴", "yuan", "household"),
    ("coal_in_kind", "燃煤（实物）", "tonne", "household"),
    ("flour", "面粉", "bag", "household"),
    ("rehab_equipment", "残疾人康复器材", "item", "household"),
    ("disability_fuel", "残疾人机动轮椅车燃油补贴", "yuan", "person"),
    ("emergency_aid", "临时救助金", "yuan", "household"),
]
IN_KIND = {"tonne", "bag", "item"}
# Words that must never reach a printed page: units and keys as stored.
LATIN_WORDS = [
    "bag",
    "tonne",
    "item",
    "yuan",
    "household",
    "person",
    "by_community",
    "by_charge",
    "coverage_percent",
    "dibao",
    "tibiao",
    "None",
    "null",
]


def _row(code, name, unit, beneficiary_unit, scale: int, seed: int) -> dict:
    in_kind = unit in IN_KIND
    amount = Decimal(0) if in_kind else Decimal(9876543 + seed * 7919) / 100 * scale
    return {
        "program": code,
        "name": name,
        "unit": unit,
        "beneficiary_unit": beneficiary_unit,
        "beneficiaries": 459 * scale + seed,
        "payments": 2754 * scale + seed,
        "person_times": 6120 * scale + seed,
        "amount": f"{amount:.2f}",
        "quantity": f"{Decimal(1234 * scale + seed):.3f}" if in_kind else None,
        "previous_amount": f"{amount:.2f}",
        "change_previous": "-12.5" if seed % 2 else None,
        "last_year_amount": None,
        "change_last_year": None,
    }


def report_data(communities: int, period: str = "2026-05") -> dict:
    """A town (or prefecture) report's data with ``communities`` community rows, as the build
    stores it: only the layout of its printing is under test."""
    welfare = [_row(*p, scale=communities, seed=i) for i, p in enumerate(PROGRAMS)]
    return {
        "period": period,
        "scope": "town",
        "scope_name": "全镇",
        "generated_at": "2026-11-26T10:30:04+08:00",
        "welfare": welfare,
        "welfare_by_community": [
            {
                "community": f"c{n:03d}",
                "name": f"第{n}社区（村）" if n % 7 else f"阿勒泰地区布尔津县第{n}社区居民委员会",
                "programs": [_row(*p, scale=1, seed=n + i) for i, p in enumerate(PROGRAMS)],
            }
            for n in range(1, communities + 1)
        ],
        "employment": None,
        "services": None,
        "duty": None,
        "narrative": {
            "保障民生": "2026年5月，全镇为2 754户发放低保金181.88万元，"
            "发放燃煤83吨，发放面粉900袋。"
        },
    }


def require_pdf_tools() -> None:
    """pdftoppm/pdftotext (Debian poppler-utils) and the Noto Serif CJK font: skipped locally
    when absent, a failure under CI=true (.ci/run installs both)."""
    require_service(
        shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None,
        "pdftoppm/pdftotext not installed (Debian: apt-get install poppler-utils)",
    )
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    require_service(
        "Noto Serif CJK SC" in fonts,
        "the Noto Serif CJK SC font is not installed (Debian: apt-get install fonts-noto-cjk)",
    )
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        require_service(False, f"WeasyPrint is unavailable ({exc})")


def pages_to_png(pdf: bytes, directory: Path, dpi: int = 40) -> list[Path]:
    """Every page of ``pdf`` rendered to PNG by pdftoppm (fails on a PDF poppler cannot read)."""
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(source), str(directory / "page")], check=True
    )
    return sorted(directory.glob("page-*.png"))


def pdf_text(pdf: bytes, directory: Path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    source = directory / "text.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def overflowing_cells(document, tolerance: float = 0.5) -> list[str]:
    """Table cells (WeasyPrint's layout) with content reaching past the cell's border box.

    For every cell box of every page, every descendant box (lines, text) must lie horizontally
    within the cell; returns a description of each that does not.
    """
    from weasyprint.formatting_structure import boxes

    problems = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TableCellBox):
                continue
            left = box.border_box_x()
            right = left + box.border_width()
            for inner in box.descendants():
                if inner is box or not hasattr(inner, "position_x") or inner.width is None:
                    continue
                start = inner.position_x
                end = start + inner.margin_width()
                if start < left - tolerance or end > right + tolerance:
                    text = getattr(inner, "text", "") or type(inner).__name__
                    problems.append(
                        f"page {number}: “{text}” {start:.1f}–{end:.1f} "
                        f"outside the cell {left:.1f}–{right:.1f}"
                    )
    return problems


def cell_count(document) -> int:
    from weasyprint.formatting_structure import boxes

    return sum(
        isinstance(box, boxes.TableCellBox)
        for page in document.pages
        for box in page._page_box.descendants()
    )
