"""Report build times beside the raw SQL they need: on a generated dataset (generate_dataset)
when one is loaded, else at town scale (~1,500 payments a month) with the check that a month's
build does not grow with the years of history behind it (every query is bounded by the
period)."""

import datetime
import time
from decimal import Decimal

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from burqin.benchmarking import client_for, page_row
from burqin.periods import Period, add_months, month_start
from communities.benchmarks import BENCH_CODE, bench_user
from communities.models import Community
from communities.roles import TOWN_OFFICIAL
from community_services.models import ServiceRecord
from duty_roster.models import RosterMonth
from employment.models import Placement
from welfare.benchmarks import people_with_households
from welfare.models import Disbursement, DisbursementBatch, Program

from . import outputs, sections, services
from .models import Report

PER_MONTH = 1500
LAST = datetime.date(2031, 12, 1)


def _payments(people, programs, months):
    rows = []
    for month in months:
        batches = {
            p.code: DisbursementBatch.objects.get_or_create(program=p, period=month)[0]
            for p in programs
        }
        for i, resident in enumerate(people):
            program = programs[i % len(programs)]
            rows.append(
                Disbursement(
                    batch=batches[program.code],
                    program=program,
                    period=month,
                    community_id=resident.community_id,
                    household_id=resident.household_id,
                    resident=resident,
                    amount=Decimal(300 + i % 700),
                    persons=1 + i % 4,
                )
            )
        if len(rows) > 20000:
            Disbursement.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Disbursement.objects.bulk_create(rows, batch_size=5000)


# The hand-written baseline: one aggregate query per figure family and period, as a person
# would write it against the tables, over the same rows the report reads.
WELFARE_SQL = """
    SELECT program_id{by}, COUNT(DISTINCT household_id), COUNT(DISTINCT resident_id),
           SUM(CASE WHEN corrects_id IS NULL AND reissue_of_id IS NULL
                     AND resident_id IS NOT NULL THEN 1 ELSE 0 END),
           SUM(CASE WHEN corrects_id IS NULL AND reissue_of_id IS NULL
                     AND resident_id IS NOT NULL THEN persons END),
           COUNT(DISTINCT CASE WHEN corrects_id IS NULL AND reissue_of_id IS NULL
                     AND resident_id IS NULL THEN community_id END),
           SUM(CASE WHEN reissue_of_id IS NULL THEN amount END), SUM(quantity)
    FROM {welfare_disbursement} WHERE period >= %s AND period < %s
    GROUP BY program_id{by}
"""
FAMILY_SQL = {
    "services": """
        SELECT charge, category_id, COUNT(*), SUM(fee) FROM {servicerecord}
        WHERE date >= %s AND date < %s GROUP BY charge, category_id
    """,
    "employment": """
        SELECT COUNT(*) FROM {placement} WHERE start_date >= %s AND start_date < %s
    """,
    "duty": """
        SELECT SUM(shifts_scheduled), SUM(shifts_covered) FROM {rostermonth}
        WHERE month >= %s AND month < %s
    """,
}


def hand_written_sql(period_key: str) -> float:
    """Seconds the hand-written aggregate queries take for a town-wide report of the period:
    welfare by program and community for the period, by program for the previous period and
    the same period last year; services, employment and duty for the period."""
    period = Period.parse(period_key)
    comparisons = {sections.previous_period(period), sections.same_period_last_year(period)}
    tables = {
        "welfare_disbursement": Disbursement._meta.db_table,
        "servicerecord": ServiceRecord._meta.db_table,
        "placement": Placement._meta.db_table,
        "rostermonth": RosterMonth._meta.db_table,
    }
    statements = [(WELFARE_SQL.format(by=", community_id", **tables), period)]
    statements += [(WELFARE_SQL.format(by="", **tables), p) for p in comparisons]
    statements += [(sql.format(**tables), period) for sql in FAMILY_SQL.values()]
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for sql, p in statements:
            cursor.execute(sql, [p.start, p.end])
            cursor.fetchall()
        return time.perf_counter() - start


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def _build(period_key: str) -> tuple[float, float, float]:
    """(whole build with XLSX and PDF, the figures alone, the hand-written aggregate SQL).

    The baseline is ``hand_written_sql``: what the database needs for the figures, written by
    hand — not a replay of the ORM's own statements, which would hide a badly shaped query."""
    report, _ = services.report_request(period_key=period_key)
    # Both sides measured alike: once to read the table's pages into memory, then the best of
    # two runs.
    services.report_data(report)
    figures = min(_timed(services.report_data, report) for _ in range(2))
    hand_written_sql(period_key)
    raw = min(hand_written_sql(period_key) for _ in range(2))
    start = time.perf_counter()
    services.report_build(report_id=report.pk)
    return time.perf_counter() - start, figures, raw


def _row(what: str, key: str) -> dict:
    built, figures, raw = _build(key)
    ratio = figures / raw if raw else 0
    return {
        "what": what,
        "value": f"{built:.2f} s",
        "note": f"figures {figures:.3f} s, hand-written aggregate SQL {raw:.3f} s, "
        f"figures/SQL = {ratio:.1f}× (budget 2×); the rest of the build is XLSX and PDF",
    }


def _dashboard(quick: bool) -> list[dict]:
    """The dashboard as a town official opens it, timed before this module adds its data."""
    if not Community.objects.exclude(code=BENCH_CODE).filter(residents__isnull=False).exists():
        return []
    official = client_for(bench_user("official", TOWN_OFFICIAL))
    url = reverse("reports:dashboard")
    return [page_row(official, "dashboard", url, "all communities", 5 if quick else 20)]


def _report_page() -> dict:
    """The page of the last report built above, as a town official opens it."""
    report = Report.objects.filter(status="done").order_by("-pk").first()
    official = client_for(bench_user("report-reader", TOWN_OFFICIAL))
    return page_row(
        official, f"report page ({report.period})", report.get_absolute_url(), "all communities", 20
    )


def _on_loaded_data() -> list[dict]:
    """The town-wide report of the latest full month, half-year and year of a generated
    dataset (generate_dataset), if one is loaded."""
    if not Community.objects.filter(code__startswith="ds-").exists():
        return []
    month = add_months(month_start(timezone.localdate()), -1)  # the last month paid
    # The latest half-year and year that are complete by that month.
    year = month.year if month.month == 12 else month.year - 1
    half = f"{month.year}-H1" if 6 <= month.month < 12 else f"{year}-H2"
    payments = Disbursement.objects.count()
    rows = []
    for key in (f"{month:%Y-%m}", half, str(year)):
        period = Period.parse(key)
        within = Disbursement.objects.filter(period__gte=period.start, period__lt=period.end)
        count = within.count()
        # A year measured over a year: the months of the period that hold payments (a dataset
        # of one year would give the latest complete year a single month).
        months = within.dates("period", "month").count()
        rows.append(
            _row(
                f"report {key}, all communities ({count:,} of {payments:,} payments, "
                f"{months} months of data)",
                key,
            )
        )
    return rows


def _warm_up() -> None:
    """WeasyPrint loads fontconfig and the CJK font once per process (≈ 0.6 s): a Celery
    worker pays it for its first report only, so it is paid here before anything is timed."""
    outputs.render_pdf({"period": f"{LAST:%Y-%m}", "scope_name": "预热", "generated_at": ""})


def run(quick: bool) -> list[dict]:
    pages = _dashboard(quick)
    _warm_up()
    rows = _on_loaded_data()
    if rows:  # a generated dataset is loaded: a "town" of synthetic payments would be lost in it
        return [*pages, *rows, _report_page()]
    per_month = PER_MONTH // 10 if quick else PER_MONTH
    community = Community.objects.get(code=BENCH_CODE)
    people = people_with_households(community, per_month, 100_000)
    programs = list(Program.objects.filter(kind="cash").exclude(code="emergency_aid"))
    recent = [add_months(LAST, -i) for i in range(24)]
    _payments(people, programs, recent)
    for key in (f"{LAST:%Y-%m}", f"{LAST.year}-H2", str(LAST.year)):
        rows.append(
            _row(f"town report {key} ({per_month:,} payments/month, 2 years of history)", key)
        )
    _payments(people, programs, [add_months(LAST, -i) for i in range(24, 60)])
    month, _figures, _raw = _build(f"{LAST:%Y-%m}")
    rows.append(
        {
            "what": f"town report {LAST:%Y-%m} again with 5 years of history",
            "value": f"{month:.2f} s",
            "note": f"{Disbursement.objects.filter(community=community).count():,} payments in all",
        }
    )
    return [*pages, *rows, _report_page()]
