"""Report build times at town scale (~1,500 payments a month), and whether a month's build grows
with the years of history behind it (it should not: every query is bounded by the period)."""

import datetime
import time
from decimal import Decimal

from burqin.periods import Period, add_months
from communities.models import Community
from welfare.benchmarks import _people
from welfare.models import Disbursement, DisbursementBatch, Program
from welfare.summary import section

from . import services

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


def _build(period_key: str) -> tuple[float, float]:
    """(whole build with XLSX and PDF, the figures alone — three periods' aggregates)."""
    report, _ = services.report_request(period_key=period_key)
    start = time.perf_counter()
    services.report_data(report)
    figures = time.perf_counter() - start
    start = time.perf_counter()
    services.report_build(report_id=report.pk)
    return time.perf_counter() - start, figures


def _raw(period_key: str) -> float:
    start = time.perf_counter()
    section(Period.parse(period_key), Community.objects.all())
    return time.perf_counter() - start


def run(quick: bool) -> list[dict]:
    per_month = PER_MONTH // 10 if quick else PER_MONTH
    community = Community.objects.get(code="bench")
    people = _people(community, per_month, 100_000)
    programs = list(Program.objects.filter(kind="cash").exclude(code="emergency_aid"))
    recent = [add_months(LAST, -i) for i in range(24)]
    _payments(people, programs, recent)
    rows = []
    for key in (f"{LAST:%Y-%m}", f"{LAST.year}-H2", str(LAST.year)):
        raw = _raw(key)
        built, figures = _build(key)
        rows.append(
            {
                "what": f"town report {key} ({per_month:,} payments/month, 2 years of history)",
                "value": f"{built:.2f} s",
                "note": f"figures {figures:.3f} s (this period, the previous, last year's); "
                f"raw aggregate SQL of one period {raw:.3f} s; the rest is XLSX and PDF",
            }
        )
    _payments(people, programs, [add_months(LAST, -i) for i in range(24, 60)])
    month, _figures = _build(f"{LAST:%Y-%m}")
    rows.append(
        {
            "what": f"town report {LAST:%Y-%m} again with 5 years of history",
            "value": f"{month:.2f} s",
            "note": f"{Disbursement.objects.filter(community=community).count():,} payments in all",
        }
    )
    return rows
