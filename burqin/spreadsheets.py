"""Reading and writing Excel workbooks (openpyxl), shared by every import and export.

Reading is bounded (``check_xlsx_archive`` before any XML is parsed, then limits on rows, columns
and cell length); writing goes through ``XlsxWriter``, which never writes a formula.
"""

import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

import xlsxwriter
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The parts without which a zip is not a workbook.
XLSX_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
# A compression ratio above this, on a part large enough to matter, is a bomb, not a sheet:
# real sheets compress 5–20:1.
RATIO_CHECKED_ABOVE = 1024 * 1024


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, too large, no header)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _not_a_workbook() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again.")
    )


def _size_of(upload) -> int | None:
    size = getattr(upload, "size", None)
    if size is None and hasattr(upload, "seek"):  # a plain file (the management commands)
        size = upload.seek(0, 2)
        upload.seek(0)
    return size


def check_xlsx_archive(upload) -> None:
    """Refuse, before any XML is parsed, a file that is not a well-formed .xlsx or would expand
    beyond the import limits (a decompression bomb).

    Only the zip's central directory is read. The sizes it declares bind: Python's zipfile stops
    at an entry's declared size (and fails its CRC check) when the data would expand further, so
    a bomb that understates its sizes yields no more than it declares.
    """
    size = _size_of(upload)
    if size is not None and size > settings.MAX_IMPORT_BYTES:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; at most %(limit).1f MB may be imported.")
            % {"size": size / 1048576, "limit": settings.MAX_IMPORT_BYTES / 1048576}
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook() from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)
    if len(entries) > settings.MAX_IMPORT_ZIP_ENTRIES:
        raise SpreadsheetError(
            _("The workbook holds %(count)d parts; at most %(limit)d may be imported.")
            % {"count": len(entries), "limit": settings.MAX_IMPORT_ZIP_ENTRIES}
        )
    names = {entry.filename for entry in entries}
    if any(part not in names for part in XLSX_REQUIRED_PARTS):
        raise _not_a_workbook()
    expanded = sum(entry.file_size for entry in entries)
    if expanded > settings.MAX_IMPORT_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _(
                "The workbook expands to %(size).1f MB when opened; at most %(limit).1f MB may "
                "be imported."
            )
            % {
                "size": expanded / 1048576,
                "limit": settings.MAX_IMPORT_UNCOMPRESSED_BYTES / 1048576,
            }
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_ABOVE and ratio > settings.MAX_IMPORT_COMPRESSION_RATIO:
            raise SpreadsheetError(
                _(
                    "The workbook's part “%(part)s” is compressed %(ratio)d to 1, far beyond any "
                    "real spreadsheet; the file was refused."
                )
                % {"part": entry.filename, "ratio": ratio}
            )


def read_sheet(
    upload, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict]]:
    """The first sheet as ``(row number, {header: value})`` pairs, blank rows skipped.

    Raises ``SpreadsheetError`` with a Chinese message when the file is too large or would expand
    too far (``check_xlsx_archive``), is not an Excel workbook, lacks a required column, runs
    past the row limit or holds a cell longer than the cell limit. Columns beyond
    ``MAX_IMPORT_COLUMNS`` are not read.
    """
    check_xlsx_archive(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        raise _not_a_workbook() from None
    try:
        return _read_rows(workbook, required, optional)
    except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile):
        # malformed XML inside a well-formed zip (ElementTree's ParseError is a SyntaxError)
        raise _not_a_workbook() from None
    finally:
        workbook.close()


def _read_rows(workbook, required, optional) -> list[tuple[int, dict]]:
    if not workbook.worksheets:
        raise _not_a_workbook()
    sheet = workbook.worksheets[0]
    # The declared dimension may lie (too small: rows dropped; too large: padding); read what
    # is there, never more than MAX_IMPORT_COLUMNS columns.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(max_col=settings.MAX_IMPORT_COLUMNS, values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        raise SpreadsheetError(_("The first sheet is empty: it needs a header row."))
    _check_lengths(1, header_row, [get_column_letter(i + 1) for i in range(len(header_row))])
    headers = [str(h).strip() if h is not None else "" for h in header_row]
    missing = [name for name in required if name not in headers]
    if missing:
        raise SpreadsheetError(
            _("The header row lacks the column(s): %(columns)s.") % {"columns": "、".join(missing)}
        )
    labels = [h or get_column_letter(i + 1) for i, h in enumerate(headers)]
    wanted = set(required) | set(optional)
    positions = {name: headers.index(name) for name in wanted if name in headers}
    last_row = settings.MAX_IMPORT_ROWS + 1
    result = []
    for number, values in enumerate(rows, start=2):
        if number > last_row:
            # Blank rows count here: a sheet padded to row 1,048,576 is refused, not walked.
            raise SpreadsheetError(
                _("The sheet has more than %(limit)d rows; split it into smaller files.")
                % {"limit": settings.MAX_IMPORT_ROWS}
            )
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        _check_lengths(number, values, labels)
        result.append(
            (
                number,
                {
                    name: (values[index] if index < len(values) else None)
                    for name, index in positions.items()
                },
            )
        )
    return result


def _check_lengths(number: int, values, labels) -> None:
    limit = settings.MAX_IMPORT_CELL_CHARS
    for index, value in enumerate(values):
        if isinstance(value, str) and len(value) > limit:
            column = labels[index] if index < len(labels) else get_column_letter(index + 1)
            raise SpreadsheetError(
                str(
                    RowError(
                        number,
                        column,
                        _("the cell holds %(length)d characters; at most %(limit)d are allowed.")
                        % {"length": len(value), "limit": limit},
                    )
                )
            )


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------------
# Writing: one writer for every .xlsx the app produces.

# OWASP's "CSV injection" prefixes (and their full-width forms, which a Chinese IME types):
# text beginning so is what a spreadsheet would take for a formula when the cell is edited.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# First characters that may make text risky: a formula prefix or an error code's "#".
RISKY_FIRST = frozenset(p[0] for p in FORMULA_PREFIXES) | {"#"}
WIDTH_SAMPLE_ROWS = 200
MAX_COLUMN_WIDTH = 40
# Excel opens no sheet longer than this (header included): a longer export continues on a new
# sheet, "居民(2)", with the same header. Read at each row, so a test may lower it.
SHEET_MAX_ROWS = 1_048_576


def _display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Number formats for ``XlsxWriter.add_sheet(number_formats=…)``.
MONEY = "#,##0.00"
COUNT = "#,##0"
QUANTITY = "#,##0.###"
RATE = "0.0%"
# Dates the Chinese way (2026年11月26日); every date cell gets one, a column may ask for MONTH.
DATE = 'yyyy"年"m"月"d"日"'
DATETIME = 'yyyy"年"m"月"d"日" hh:mm'
MONTH = 'yyyy"年"m"月"'
A4_PAPER = "9"  # SpreadsheetML's paper size code for A4


def _sheet_title(title) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip() or "Sheet"
    return title[:31]


class XlsxWriter:
    """Every .xlsx the app produces is written by this class: exports, templates, bank lists and
    the report.

    - Text is always a text cell (XlsxWriter's ``write_string``): never a formula
      (``=HYPERLINK(…)``), error code or number; text starting like a formula (``=``, ``+``,
      ``-``, ``@``, tab, carriage return) also carries Excel's "quote prefix", so editing the
      cell keeps it text. Characters that XML cannot carry (control characters) are dropped.
      Numbers, ``Decimal`` and dates stay typed.
    - Rows are streamed: the XlsxWriter package in ``constant_memory`` mode writes each row to
      the sheet's temporary file as it arrives, with inline strings (no shared-string table
      grows), so memory does not grow with the rows. Columns are sized from the header and the
      first ``WIDTH_SAMPLE_ROWS`` rows (their widths only are kept). It writes about 1.7× as
      many rows a second as openpyxl's write-only mode (docs/performance.md).
    - Each sheet has a bold header row and panes frozen below it, and prints on A4 (portrait or
      ``landscape``) fitted to the page width with the header row repeated on every page. A sheet
      that reaches ``SHEET_MAX_ROWS`` (Excel's limit) continues on a new sheet titled "…(2)",
      "…(3)", with the same header, column widths, formats and print setup.
    - ``number_formats`` gives a column's number format (``MONEY``, ``COUNT``, ``RATE``): its
      numbers stay numbers and are shown so. Dates stay dates, shown the Chinese way: ``DATE``
      (2026年11月26日) and ``DATETIME`` by default, ``MONTH`` (2026年11月) when the column asks.

    ::

        writer = XlsxWriter()
        writer.add_sheet("居民", ["姓名", "电话"])
        writer.append(["张三", "=1+1"])
        content = writer.save()          # bytes; or writer.save(file) to stream
    """

    def __init__(self):
        # The target is given to save(); constant_memory streams every sheet to a temporary
        # file until then.
        self._workbook = xlsxwriter.Workbook(
            io.BytesIO(),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": False,
            },
        )
        self._sheet = None
        self._styles: dict = {}
        self._titles: set[str] = set()
        self._header_texts: list[str] = []
        self._widths: Sequence = ()
        self._formats: Sequence = ()
        self._landscape = False
        self._title = ""
        self._part = 1
        self._row = 0  # the next row's index in the current sheet (0: the header)
        self._sampled = 0
        self._column_widths: list[float] = []

    def add_sheet(
        self,
        title,
        headers: Sequence,
        *,
        widths: Sequence[float | None] = (),
        number_formats: Sequence[str | None] = (),
        landscape: bool = False,
    ) -> None:
        """Start a new sheet; ``widths`` fixes the width of the first columns (None: by content),
        ``number_formats`` the number format of the first columns (None: general)."""
        self._size_columns()
        self._title = str(title)
        self._part = 1
        self._formats = number_formats
        self._landscape = landscape
        self._header_texts = [str(h) for h in headers]
        self._widths = widths
        self._column_widths = [max(_display_width(h) + 2, 8) for h in self._header_texts]
        self._open_sheet(_sheet_title(title))

    def _open_sheet(self, title: str) -> None:
        base, n = title, 1
        while title.lower() in self._titles:  # Excel refuses two sheets of the same name
            n += 1
            title = f"{base[: 31 - len(str(n))]}{n}"
        self._titles.add(title.lower())
        self._sheet = self._workbook.add_worksheet(title)
        self._sheet.set_paper(int(A4_PAPER))
        if self._landscape:
            self._sheet.set_landscape()
        else:
            self._sheet.set_portrait()
        self._sheet.fit_to_pages(1, 0)  # the page's width; as many pages down as rows need
        self._sheet.repeat_rows(0)
        self._sheet.freeze_panes(1, 0)
        self._row = 0
        self._sampled = 0
        self._write_row(self._header_texts, (), bold=True)

    def append(self, row: Iterable, *, number_formats: Sequence[str | None] | None = None) -> None:
        """Add a row; ``number_formats`` overrides the sheet's column formats for this row."""
        if self._sheet is None:
            raise ValueError("add_sheet() first")
        if self._row >= SHEET_MAX_ROWS:
            self._continue_sheet()
        row = list(row)
        self._write_row(row, self._formats if number_formats is None else number_formats)
        if self._sampled < WIDTH_SAMPLE_ROWS:
            self._sampled += 1
            widths = self._column_widths
            for i, value in enumerate(row):
                width = min(_display_width(cell_text(value)) + 2, MAX_COLUMN_WIDTH)
                if i >= len(widths):
                    widths.append(max(width, 8))
                elif width > widths[i]:
                    widths[i] = width

    def _continue_sheet(self) -> None:
        """The current sheet is full: go on in "<title>(n)" with the same header and widths."""
        self._size_columns()
        self._part += 1
        suffix = f"({self._part})"
        self._open_sheet(_sheet_title(self._title)[: 31 - len(suffix)] + suffix)
        self._sampled = WIDTH_SAMPLE_ROWS  # the first sheet's widths hold

    def extend(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.append(row)

    def save(self, target=None) -> bytes | None:
        """Write the workbook to ``target`` (a path or a binary file), or return its bytes."""
        self._size_columns()
        buffer = io.BytesIO() if target is None else target
        self._workbook.filename = buffer
        self._workbook.close()
        return buffer.getvalue() if target is None else None

    def _size_columns(self) -> None:
        """The current sheet's column widths: from the header and the sample, or fixed."""
        if self._sheet is None:
            return
        widths = self._column_widths
        for i, fixed in enumerate(self._widths):
            if fixed is not None and i < len(widths):
                widths[i] = fixed
        for i, width in enumerate(widths):
            # The width as the file stores it (openpyxl's and Excel's): XlsxWriter's own
            # set_column() adds the cell padding to the given width.
            self._sheet.set_column_pixels(i, i, round(width * 7))

    def _style(self, bold: bool = False, number_format: str | None = None, quote: bool = False):
        key = (bold, number_format, quote)
        style = self._styles.get(key)
        if style is None:
            properties = {"bold": bold, "quote_prefix": quote}
            if number_format:
                properties["num_format"] = number_format
            style = self._styles[key] = self._workbook.add_format(properties)
        return style

    def _write_row(self, row: Sequence, formats: Sequence, *, bold: bool = False) -> None:
        # The export's inner loop: plain text first, and XlsxWriter's cell writers called
        # without their "A1"-notation wrapper (the pinned version's own methods).
        sheet, r = self._sheet, self._row
        write_string, write_number = sheet._write_string, sheet._write_number
        plain = self._style(bold) if bold else None
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str or not (
                value is None
                or kind is bool
                or isinstance(value, int | float | Decimal | datetime.date | datetime.time)
            ):
                # Text, lazy translations, anything else: a text cell, never a formula.
                text = value if kind is str else str(value)
                if not text.isprintable():
                    text = ILLEGAL_CHARACTERS_RE.sub("", text)
                if not text and not bold:
                    continue  # an empty cell, as openpyxl writes it
                if text[:1] in RISKY_FIRST and (
                    text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES
                ):
                    write_string(r, c, text, self._style(bold, quote=True))
                else:
                    write_string(r, c, text, plain)
            elif value is None:
                if bold:
                    sheet.write_blank(r, c, None, plain)
            elif kind is bool:
                sheet.write_boolean(r, c, value, plain)
            elif isinstance(value, datetime.date | datetime.time):
                if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                number_format = (formats[c] if c < len(formats) else None) or _date_format(value)
                sheet.write_datetime(r, c, value, self._style(bold, number_format))
            elif math.isfinite(value):
                number_format = formats[c] if c < len(formats) else None
                style = self._style(bold, number_format) if number_format else plain
                write_number(r, c, value, style)
            else:  # NaN and infinities: as text, as before
                write_string(r, c, str(value), plain)
        self._row += 1


def _date_format(value) -> str:
    """Dates the Chinese way (2026年11月26日), unless the column names its own format."""
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    return "hh:mm"


def build_workbook(title, headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A one-sheet .xlsx (``XlsxWriter``): a bold header row, frozen, columns sized to content."""
    writer = XlsxWriter()
    writer.add_sheet(title, headers)
    writer.extend(rows)
    return writer.save()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
