"""Requesting and building reports: one build at a time per period and scope."""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from burqin.periods import Period
from communities.models import Community

from . import narrative, outputs, sections
from .models import TOWN, Report

logger = logging.getLogger(__name__)


class TransientError(Exception):
    """A failure worth retrying (the database or broker was briefly unavailable)."""


def report_request(
    *, period_key: str, community: Community | None = None, user=None
) -> tuple[Report, bool]:
    """A pending build for (period, scope), or the one already waiting or running (joined).

    Returns ``(report, created)``. ``ValueError`` with a Chinese message for a bad period.
    """
    period = Period.parse(period_key)
    scope = community.code if community else TOWN
    try:
        with transaction.atomic():
            report = Report.objects.create(
                period=period.key, scope=scope, community=community, requested_by=user
            )
        return report, True
    except IntegrityError:
        active = Report.objects.filter(period=period.key, scope=scope, status__in=Report.ACTIVE)
        report = active.first()
        if report is None:  # it finished between the insert and this read: ask again
            return report_request(period_key=period_key, community=community, user=user)
        return report, False


def report_data(report: Report) -> dict:
    """The figures and narrative of a report, computed from the database (no writes)."""
    period = Period.parse(report.period)
    if report.community_id:
        communities = Community.objects.filter(pk=report.community_id)
        scope_name = report.community.name
    else:
        communities = Community.objects.all()
        scope_name = "全镇"
    data = {
        "period": period.key,
        "scope": report.scope,
        "scope_name": scope_name,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }
    data.update(sections.collect(period, communities))
    data["narrative"] = narrative.build(data, scope_name)
    return data


def report_build(*, report_id: int, task_id: str = "") -> Report:
    """Build a pending report: claim it, compute, render XLSX and PDF, publish atomically.

    If another worker already claimed it, nothing is done. On failure the report is marked
    failed with the reason, and the previous successful build stays the one shown.
    """
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        task_id=task_id,
    )
    report = Report.objects.select_related("community").get(pk=report_id)
    if not claimed:
        return report
    try:
        data = report_data(report)
        xlsx = outputs.render_xlsx(data)
        pdf, pdf_problem = outputs.render_pdf(data)
    except OperationalError as exc:
        Report.objects.filter(pk=report_id).update(status=Report.Status.PENDING)
        raise TransientError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the report
        logger.exception("report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            built_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    stem = f"{report.scope}-{report.period}-{report.pk}"
    with transaction.atomic():
        report.data = data
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        if pdf:
            report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.error = pdf_problem
        report.status = Report.Status.DONE
        report.built_at = timezone.now()
        report.save()
    return report


@transaction.atomic
def report_edit_narrative(*, report: Report, sections: dict[str, str], user=None) -> Report:
    """Keep the staff's edited text per section beside the generated one (an empty or unchanged
    text falls back to it) and print the files again with it. The report's history keeps each
    edit with ``user`` (the logged-in user in a request)."""
    generated = report.data.get("narrative", {})
    report.narrative_edited = {
        title: text.strip()
        for title, text in sections.items()
        if title in generated and text.strip() and text.strip() != generated[title]
    }
    xlsx = outputs.render_xlsx(report.data, report.narrative)
    pdf, problem = outputs.render_pdf(report.data, report.narrative)
    stem = f"{report.scope}-{report.period}-{report.pk}-edited"
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    if pdf:
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.error = problem
    if user is not None:
        report._history_user = user
    report.save()
    return report
