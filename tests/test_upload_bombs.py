"""Bounded uploads: a decompression bomb, an image bomb, a malformed or foreign zip and an
oversize cell are refused with a Chinese message, before anything is parsed or written.

The upload forms are found by walking the URLconf: every page is opened and every form with a
file input is posted the bombs that its ``accept`` names (workbooks or images).
"""

import io
import struct
import zipfile
import zlib
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from burqin.spreadsheets import SpreadsheetError, build_workbook, read_sheet
from tests.factories import IN_COMMUNITY, CommunityFactory, UserFactory
from tests.scope_walk import model_for
from tests.test_scope import ALL_PATTERNS

PROJECT_APPS = ["communities", "welfare", "employment", "duty_roster", "reports"]
PAYMENT_COLUMNS = ["项目代码", "期间", "身份证号", "姓名", "金额", "数量", "人数", "备注"]
RESIDENT_COLUMNS = ["社区代码", "地址", "与户主关系", "身份证号", "姓名"]

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
OOXML = "http://schemas.openxmlformats.org"
MIME = "application/vnd.openxmlformats"
CONTENT_TYPES = (
    f'{XML}<Types xmlns="{OOXML}/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{MIME}-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    f'ContentType="{MIME}-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{MIME}-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'{XML}<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'{XML}<workbook xmlns="{OOXML}/spreadsheetml/2006/main" '
    f'xmlns:r="{OOXML}/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'{XML}<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def bomb_xlsx(expanded_mb: int = 200) -> bytes:
    """A valid .xlsx whose sheet1.xml expands to ``expanded_mb`` MB of identical rows (a header
    with the payment columns first), deflated as it is written: about 200 KB in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        header = "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in PAYMENT_COLUMNS)
        row = b'<row><c t="inlineStr"><is><t>dibao_urban</t></is></c></row>' * 10_000
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'{XML}<worksheet xmlns="{OOXML}/spreadsheetml/2006/main"><sheetData>'
                f"<row>{header}</row>".encode()
            )
            for _ in range(expanded_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def png_bomb() -> bytes:
    """A PNG whose header declares 100,000 × 100,000 pixels (10 gigapixels) in a few bytes."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + chunk + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def jpeg_bomb() -> bytes:
    """A JPEG with an APP0 segment, then a start-of-frame declaring 60,000 × 60,000 pixels."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 60_000, 60_000, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xda" + b"\x00" * 64


def zh(msgid: str) -> str:
    """The message as a user reads it, up to its first placeholder."""
    with translation.override("zh-hans"):
        return gettext(msgid).split("%(")[0]


EXPANDS = (
    "The workbook expands to %(size).1f MB when opened; at most %(limit).1f MB may be imported."
)
NOT_XLSX = "The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again."
RATIO = (
    "The workbook's part “%(part)s” is compressed %(ratio)d to 1, far beyond any real "
    "spreadsheet; the file was refused."
)
PARTS = "The workbook holds %(count)d parts; at most %(limit)d may be imported."
TOO_MANY_ROWS = "The sheet has more than %(limit)d rows; split it into smaller files."
PIXELS = (
    "The image is %(width)d × %(height)d pixels; at most %(limit)d million pixels may be uploaded."
)


@pytest.fixture(scope="module")
def bomb():
    return bomb_xlsx()


class UploadForms(HTMLParser):
    """The forms of a page that carry a file input: (action, file field, accept)."""

    def __init__(self):
        super().__init__()
        self.forms, self._action = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._action = attrs.get("action") or ""
        elif tag == "input" and attrs.get("type") == "file" and self._action is not None:
            self.forms.append((self._action, attrs["name"], attrs.get("accept", "")))


def upload_forms(client) -> dict[tuple[str, str], str]:
    """Every upload form of the project: {(action URL, field name): accept}."""
    found = {}
    for name, pattern in ALL_PATTERNS:
        kwargs = {}
        if pattern.pattern.converters:
            model = apps.get_model(model_for(name))
            kwargs = dict.fromkeys(pattern.pattern.converters, model.objects.latest("pk").pk)
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = UploadForms()
        parser.feed(response.content.decode())
        for action, field, accept in parser.forms:
            found[(action or url, field)] = accept
    return found


def rows_in_database() -> int:
    return sum(
        model.objects.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    )


@pytest.fixture
def town(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory(code="ehe", name="额河社区")
    for build in IN_COMMUNITY.values():
        build(community)
    return tmp_path


@pytest.mark.django_db
def test_every_upload_form_refuses_its_bombs_and_writes_nothing(client, town, bomb):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    forms = upload_forms(client)
    workbooks = {key for key, accept in forms.items() if ".xlsx" in accept}
    images = {key for key, accept in forms.items() if ".png" in accept or ".jpg" in accept}
    assert {action for action, _field in workbooks} >= {
        reverse("welfare:disbursement_import"),
        reverse("communities:resident_import"),
    }
    assert len(images) >= 2, forms  # welfare attachments and project photos
    files_before = sorted(town.rglob("*"))
    rows_before = rows_in_database()
    posts = [(key, "炸弹.xlsx", bomb, EXPANDS) for key in workbooks] + [
        (key, name, content, PIXELS)
        for key in images
        for name, content in (("炸弹.png", png_bomb()), ("炸弹.jpg", jpeg_bomb()))
    ]
    for (action, field), name, content, message in posts:
        response = client.post(
            action,
            {field: SimpleUploadedFile(name, content), "title": "材料", "date": "2026-04-01"},
            follow=True,
        )
        assert zh(message) in response.content.decode(), (action, name)
    assert rows_in_database() == rows_before
    assert sorted(town.rglob("*")) == files_before


@pytest.mark.django_db
def test_the_import_command_refuses_a_bomb_and_writes_nothing(town, bomb, tmp_path):
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(bomb)
    rows_before = rows_in_database()
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("import_disbursements", str(path))
    assert zh(EXPANDS) in str(refused.value)
    assert rows_in_database() == rows_before


def post_import(client, content: bytes, name="发放.xlsx"):
    return client.post(
        reverse("welfare:disbursement_import"), {"file": SimpleUploadedFile(name, content)}
    ).content.decode()


@pytest.mark.django_db
def test_a_malformed_zip_and_a_zip_that_is_no_workbook_are_refused(officer_client):
    truncated = build_workbook("发放", PAYMENT_COLUMNS, [])[:300]
    foreign = io.BytesIO()
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    for content in (truncated, foreign.getvalue(), b"PK\x03\x04garbage"):
        assert zh(NOT_XLSX) in post_import(officer_client, content)


def refusal(content: bytes) -> str:
    with translation.override("zh-hans"), pytest.raises(SpreadsheetError) as refused:
        read_sheet(io.BytesIO(content), PAYMENT_COLUMNS)
    return str(refused.value)


def test_a_part_compressed_beyond_reason_is_refused(settings):
    settings.MAX_IMPORT_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
    message = refusal(bomb_xlsx(expanded_mb=20))
    assert zh(RATIO) in message and "xl/worksheets/sheet1.xml" in message


def test_a_workbook_with_too_many_parts_is_refused(settings):
    settings.MAX_IMPORT_ZIP_ENTRIES = 5
    assert zh(PARTS) in refusal(build_workbook("发放", PAYMENT_COLUMNS, []))


@pytest.mark.django_db
def test_an_oversize_cell_is_refused_naming_its_row_and_column(staff_client, ehe, settings):
    settings.MAX_IMPORT_CELL_CHARS = 1000
    rows = [["ehe", "友谊路1号", "户主", "654321198503150115", "张" * 1001]]
    content = build_workbook("居民", RESIDENT_COLUMNS, rows)
    page = staff_client.post(
        reverse("communities:resident_import"),
        {"file": SimpleUploadedFile("居民.xlsx", content)},
    ).content.decode()
    assert "1001" in page and "姓名" in page
    from communities.models import Resident

    assert not Resident.objects.exists()


def test_columns_beyond_the_limit_are_not_read(settings):
    settings.MAX_IMPORT_COLUMNS = 8
    content = build_workbook("发放", [*PAYMENT_COLUMNS, "多余"], [[*"abcdefgh", "x" * 5000]])
    rows = read_sheet(io.BytesIO(content), PAYMENT_COLUMNS)
    assert rows == [(2, dict(zip(PAYMENT_COLUMNS, "abcdefgh", strict=True)))]


def test_a_sheet_padded_past_the_row_limit_is_refused_without_walking_it(settings):
    settings.MAX_IMPORT_ROWS = 10
    content = build_workbook("发放", PAYMENT_COLUMNS, [[None]] * 20 + [["dibao_urban"]])
    assert zh(TOO_MANY_ROWS) in refusal(content)


def test_an_ordinary_photo_passes_the_pixel_check():
    from burqin.uploads import check_image_pixels

    ihdr = struct.pack(">IIBBBBB", 4000, 3000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00" * 4
    check_image_pixels(SimpleUploadedFile("照片.png", png))
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 3000, 4000, 1) + b"\x01\x11\x00"
    check_image_pixels(SimpleUploadedFile("照片.jpg", b"\xff\xd8" + sof))
