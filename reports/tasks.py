"""Celery tasks of the reports app: thin, they call the services."""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from burqin.periods import add_months
from communities.models import Community

from . import services


# acks_late + reject_on_worker_lost: the message stays with the broker until the build has run,
# and goes back to the queue when the worker dies mid-build; report_build is safe to run twice.
@shared_task(
    bind=True,
    name="reports.build_report",
    max_retries=3,
    default_retry_delay=20,
    acks_late=True,
    reject_on_worker_lost=True,
)
def build_report(self, period: str, community: str | None = None, report_id: int | None = None):
    """Build the report of ``period`` for the town (or the community with code ``community``)."""
    if report_id is None:
        scope = Community.objects.get(code=community) if community else None
        report, _created = services.report_request(period_key=period, community=scope)
        report_id = report.pk
    try:
        report = services.report_build(report_id=report_id, task_id=self.request.id or "")
    except services.TransientError as exc:
        raise self.retry(exc=exc) from exc
    return {"report": report.pk, "status": report.status}


def enqueue(report) -> None:
    """Queue the build once the request is committed (eager Celery runs it right there)."""
    community = report.community.code if report.community_id else None
    transaction.on_commit(lambda: build_report.delay(report.period, community, report.pk))


def scheduled_periods(kind: str, today: datetime.date) -> list[str]:
    """Which periods a scheduled run builds: last month, the first half, or H2 and the year."""
    if kind == "last_month":
        return [f"{add_months(today.replace(day=1), -1):%Y-%m}"]
    if kind == "first_half":
        return [f"{today.year}-H1"]
    if kind == "second_half_and_year":
        return [f"{today.year - 1}-H2", f"{today.year - 1}"]
    raise ValueError(kind)


@shared_task(name="reports.build_scheduled")
def build_scheduled(kind: str) -> list[int]:
    """Run by celery beat: the period's reports for the town and every community."""
    requested = []
    scopes = [None, *Community.objects.all()]
    for period in scheduled_periods(kind, timezone.localdate()):
        for community in scopes:
            try:
                with transaction.atomic():
                    report, created = services.report_request(
                        period_key=period, community=community
                    )
                    if created:
                        enqueue(report)
            except services.ReportLocked:
                continue  # approved: its figures stay as approved
            requested.append(report.pk)
    return requested


@shared_task(name="reports.fail_stale_builds", acks_late=True, reject_on_worker_lost=True)
def fail_stale_builds() -> list[int]:
    """Run by celery beat every minute: builds past REPORT_BUILD_TIMEOUT are marked failed."""
    return services.report_fail_stale()
