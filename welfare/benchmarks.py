"""Benchmarks of the welfare module, run by ``manage.py benchmark`` inside a rolled-back
transaction: its pages on the loaded data, a month's batch for N enrollments, and the import of
N payment rows beside a raw ``bulk_create`` of the same rows."""

import datetime
import io
import time
import tracemalloc
import zipfile
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse

from burqin.benchmarking import client_for, page_row, timed
from burqin.spreadsheets import SpreadsheetError, build_workbook
from communities.benchmarks import (
    BENCH_CODE,
    bench_user,
    busiest_community,
    export_row,
    export_sizes,
    staff_of,
)
from communities.idnumbers import make_id_number
from communities.models import Community, Household, Resident
from communities.roles import TOWN_OFFICIAL

from . import exports, services
from .imports import COLUMNS, disbursements_import
from .models import Disbursement, DisbursementBatch, Enrollment, Program


def people_with_households(community: Community, count: int, offset: int) -> list[Resident]:
    households = Household.objects.bulk_create(
        [Household(community=community, address=f"基准路{offset + i}号") for i in range(count)],
        batch_size=2000,
    )
    residents = []
    for i, household in enumerate(households):
        # Born in the 1920s: no generated dataset or demo resident has these numbers.
        birth = datetime.date(1920, 1, 1) + datetime.timedelta(days=(offset + i) // 500)
        resident = Resident(
            id_number=make_id_number("654321", birth, (offset + i) % 500 * 2 + 1),
            name="基准测试",
            community=community,
            household=household,
        )
        resident.fill_derived()
        residents.append(resident)
    Resident.objects.bulk_create(residents, batch_size=2000)
    Household.objects.bulk_update(
        [_with_head(h, r) for h, r in zip(households, residents, strict=True)],
        ["head"],
        batch_size=2000,
    )
    return residents


def _with_head(household, resident):
    household.head = resident
    return household


def _pages(quick: bool) -> list[dict]:
    """The enrollment list and the largest batch, timed before this module adds its data."""
    community = busiest_community()
    if community is None:
        return []
    repeats = 5 if quick else 20
    staff, own = staff_of(community)
    rows = [page_row(staff, "enrollment list", reverse("welfare:enrollment_list"), own, repeats)]
    batch = DisbursementBatch.objects.annotate(n=Count("disbursements")).order_by("-n").first()
    if batch:
        official = client_for(bench_user("official", TOWN_OFFICIAL))
        what = f"batch detail ({batch.n:,} rows)"
        rows.append(page_row(official, what, batch.get_absolute_url(), "all communities", repeats))
    return rows


def _exports(quick: bool) -> list[dict]:
    """The payment list's export (发放明细) at two sizes, on the loaded payments."""
    user = bench_user("official", TOWN_OFFICIAL)
    rows = []
    for n in export_sizes(Disbursement.objects.count(), quick):
        rows.append(
            export_row(
                "export: payments",
                lambda request, n=n: exports.disbursements_xlsx(
                    request,
                    Disbursement.objects.visible_to(user)
                    .select_related("program", "community", "resident")
                    .order_by("pk")[:n],
                ),
                user,
                n,
            )
        )
    return rows


def run(quick: bool) -> list[dict]:
    pages = _pages(quick) + _exports(quick)
    enrollments = 300 if quick else 3000
    rows = 1000 if quick else 10_000
    officer = get_user_model().objects.create_user("benchmark-officer", is_superuser=True)
    community = Community.objects.create(code=BENCH_CODE, name="基准社区", order=99)
    dibao = Program.objects.get(code="dibao_urban")
    month = datetime.date(2030, 1, 1)

    people = people_with_households(community, enrollments, 0)
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                program=dibao,
                community=community,
                household_id=r.household_id,
                resident=r,
                status="active",
                applied_on=month,
                started_on=month,
                persons_covered=2,
                monthly_income_per_capita=Decimal("150"),
            )
            for r in people
        ],
        batch_size=2000,
    )
    first, batch = timed(lambda: services.batch_generate(user=officer, program=dibao, period=month))
    again, _ = timed(lambda: services.batch_generate(user=officer, program=dibao, period=month))
    # With a generated dataset loaded, its enrollments are in the batch too.
    generated = batch.disbursements.count()

    payees = people_with_households(community, rows, enrollments)
    buffer = io.BytesIO(
        build_workbook(
            "payments",
            COLUMNS,
            (
                ["tibiao_urban", "2030-02", r.id_number, r.name, "15.00", "", "1", ""]
                for r in payees
            ),
        )
    )
    imported, result = timed(lambda: disbursements_import(upload=buffer, user=officer))
    assert result.ok and result.created == rows, result.errors[:3]

    coal = Program.objects.get(code="coal_urban")
    batch = DisbursementBatch.objects.create(program=coal, period=datetime.date(2030, 3, 1))
    raw, _ = timed(
        lambda: Disbursement.objects.bulk_create(
            [
                Disbursement(
                    batch=batch,
                    program=coal,
                    period=batch.period,
                    community=community,
                    household_id=r.household_id,
                    resident=r,
                    amount=Decimal("15.00"),
                )
                for r in payees
            ],
            batch_size=1000,
        )
    )
    return [
        *pages,
        *bomb_refusal(200 if quick else 1024),
        {
            "what": f"generate a month's 低保 batch, {generated:,} enrollments (first time)",
            "value": f"{first:.2f} s",
            "note": f"{generated / first:,.0f} payments/s",
        },
        {
            "what": "regenerate the same batch (nothing changes)",
            "value": f"{again:.2f} s",
            "note": "idempotent",
        },
        {
            "what": f"import {rows:,} payment rows, fully validated (.xlsx)",
            "value": f"{imported:.2f} s",
            "note": f"{rows / imported:,.0f} rows/s",
        },
        {
            "what": f"raw bulk_create of the same {rows:,} rows",
            "value": f"{raw:.2f} s",
            "note": f"{rows / raw:,.0f} rows/s; import/raw = {imported / raw:.1f}×",
        },
    ]


def decompression_bomb(expanded_mb: int) -> bytes:
    """A valid .xlsx whose one sheet expands to ``expanded_mb`` MB of identical rows, deflated
    while it is written (the file is a few hundred KB; nothing large is ever in memory)."""
    ns = 'xmlns="http://schemas.openxmlformats.org'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<Types {ns}/package/2006/content-types"/>')
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {ns}/spreadsheetml/2006/main"><sheets><sheet name="1" sheetId="1"/>'
            "</sheets></workbook>",
        )
        row = b"<row><c t='inlineStr'><is><t>dibao_urban</t></is></c></row>" * 10_000
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet {ns}/spreadsheetml/2006/main"><sheetData>'.encode())
            for _ in range(expanded_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def bomb_refusal(expanded_mb: int) -> list[dict]:
    """The payment import refusing a decompression bomb: time and the memory it allocates
    (tracemalloc's peak). Budget (issue 12): under 2 s and 50 MB."""
    bomb = decompression_bomb(expanded_mb)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        disbursements_import(upload=io.BytesIO(bomb))
    except SpreadsheetError:
        pass
    else:
        raise AssertionError("the bomb was not refused")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return [
        {
            "what": (
                f"refuse a decompression bomb ({len(bomb) / 1024:,.0f} KB → {expanded_mb:,} MB)"
            ),
            "value": f"{elapsed * 1000:.1f} ms",
            "note": f"+{peak / 1048576:.2f} MB allocated; budget < 2 s, < 50 MB",
        }
    ]
