"""Reading and writing Excel workbooks (openpyxl), shared by every import and export."""

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def read_sheet(
    upload, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict]]:
    """The first sheet as ``(row number, {header: value})`` pairs, blank rows skipped.

    Raises ``SpreadsheetError`` with a Chinese message when the file is too large, is not an
    Excel workbook, lacks a required column or has more rows than an import may carry.
    """
    size = getattr(upload, "size", None)
    if size is None and hasattr(upload, "seek"):  # a plain file (the management commands)
        size = upload.seek(0, 2)
        upload.seek(0)
    if size is not None and size > settings.MAX_IMPORT_BYTES:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; at most %(limit).1f MB may be imported.")
            % {"size": size / 1048576, "limit": settings.MAX_IMPORT_BYTES / 1048576}
        )
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise SpreadsheetError(
            _("The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise SpreadsheetError(_("The first sheet is empty: it needs a header row."))
        headers = [str(h).strip() if h is not None else "" for h in header_row]
        missing = [name for name in required if name not in headers]
        if missing:
            raise SpreadsheetError(
                _("The header row lacks the column(s): %(columns)s.")
                % {"columns": "、".join(missing)}
            )
        wanted = set(required) | set(optional)
        positions = {name: headers.index(name) for name in wanted if name in headers}
        result = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(result) >= settings.MAX_IMPORT_ROWS:
                raise SpreadsheetError(
                    _("The sheet has more than %(limit)d rows; split it into smaller files.")
                    % {"limit": settings.MAX_IMPORT_ROWS}
                )
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
    finally:
        workbook.close()


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def build_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """An .xlsx with a bold header row, frozen below the header, columns sized to content."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    widths = [max(len(str(h)) * 2, 8) for h in headers]
    for row in rows:
        values = list(row)
        sheet.append(values)
        for i, value in enumerate(values):
            widths[i] = min(max(widths[i], len(str(value or "")) + 2), 40)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
