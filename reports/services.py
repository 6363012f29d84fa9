"""Requesting and building reports: one build at a time per period and scope.

A build's state changes only through ``report_transition`` (a conditional update), so that two
deliveries of the same task, a worker that died half-way and the periodic sweep of stale builds
never overwrite each other: each run claims the build with a new attempt number and may publish
only while that attempt is still the build's.
"""

import datetime
import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from burqin.people import person_name
from burqin.periods import Period
from communities.models import Community

from . import narrative, outputs, sections
from .models import TOWN, Report

logger = logging.getLogger(__name__)


TIMEOUT_REASON = gettext_noop(
    "Build timed out: not finished within %(minutes)d minutes (the worker building it may have "
    "stopped). Rebuild the report."
)


class TransientError(Exception):
    """A failure worth retrying (the database or broker was briefly unavailable)."""


class ReportStateError(ValueError):
    """A transition asked of a report in the wrong state; the message says why, in Chinese."""


class ReportLocked(ReportStateError):
    """The period and scope have an approved report: nothing rebuilds or edits it."""


def approved_report(*, period_key: str, scope: str) -> Report | None:
    """The approved (locked) report of a period and scope, if there is one."""
    return (
        Report.objects.select_related("approved_by", "community")
        .filter(period=period_key, scope=scope, state=Report.State.APPROVED)
        .first()
    )


def locked_message(report: Report) -> str:
    return gettext(
        "The report of %(report)s was approved by %(user)s on %(date)s and is locked: a rebuild "
        "or an edit would change nothing. To change it, reopen it first, giving the reason."
    ) % {
        "report": report,
        "user": person_name(report.approved_by) or "—",
        "date": date_format(timezone.localtime(report.approved_at), "DATETIME_FORMAT")
        if report.approved_at
        else "—",
    }


def _refuse_if_locked(period_key: str, scope: str) -> None:
    approved = approved_report(period_key=period_key, scope=scope)
    if approved is not None:
        raise ReportLocked(locked_message(approved))


def report_request(
    *, period_key: str, community: Community | None = None, user=None
) -> tuple[Report, bool]:
    """A pending build for (period, scope), or the one already waiting or running (joined).

    Returns ``(report, created)``. ``ValueError`` with a Chinese message for a bad period;
    ``ReportLocked`` when the period and scope have an approved report.
    """
    period = Period.parse(period_key)
    scope = community.code if community else TOWN
    _refuse_if_locked(period.key, scope)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                period=period.key, scope=scope, community=community, requested_by=user
            )
        return report, True
    except IntegrityError:
        active = Report.objects.filter(period=period.key, scope=scope, status__in=Report.ACTIVE)
        report = active.first()
        # Gone between the insert and this read (finished), or past its limit (its worker died,
        # now marked failed): ask again, which starts a new build.
        if report is None or _fail_if_stale(report, timezone.now()):
            return report_request(period_key=period_key, community=community, user=user)
        return report, False


def build_timeout() -> datetime.timedelta:
    """How long a build may wait or run before it counts as stale (``REPORT_BUILD_TIMEOUT``)."""
    return datetime.timedelta(seconds=settings.REPORT_BUILD_TIMEOUT)


def timeout_reason() -> str:
    """The reason a stale build is marked failed with, shown on the report page."""
    return gettext(TIMEOUT_REASON) % {"minutes": math.ceil(settings.REPORT_BUILD_TIMEOUT / 60)}


def report_is_stale(report: Report, *, now: datetime.datetime | None = None) -> bool:
    """Whether a waiting or running build was claimed (or requested) longer ago than the limit."""
    if report.status not in Report.ACTIVE:
        return False
    since = report.started_at or report.created_at
    return since < (now or timezone.now()) - build_timeout()


def report_transition(*, report_id: int, expect: dict, changes: dict) -> bool:
    """Change a build's state only if it still is as ``expect`` says (conditional update).

    Every change of a build's status goes through here, so the audit trail can record it in one
    place. Returns whether the row matched (``False``: someone else changed it first).
    """
    return bool(Report.objects.filter(pk=report_id, **expect).update(**changes))


def _fail_if_stale(report: Report, now: datetime.datetime) -> bool:
    if not report_is_stale(report, now=now):
        return False
    failed = report_transition(
        report_id=report.pk,
        expect={"status": report.status, "attempts": report.attempts},
        changes={"status": Report.Status.FAILED, "error": timeout_reason(), "built_at": now},
    )
    if failed:
        logger.warning(
            "report %s: %s for over %s, marked failed", report.pk, report.status, build_timeout()
        )
    return failed


def report_fail_stale(*, now: datetime.datetime | None = None) -> list[int]:
    """Mark every build waiting or running past ``REPORT_BUILD_TIMEOUT`` failed, with the reason.

    Run by celery beat. A build that finishes or is taken over meanwhile is left alone.
    """
    now = now or timezone.now()
    stale = Report.objects.stale(now - build_timeout()).only(
        "pk", "status", "attempts", "started_at", "created_at"
    )
    return [report.pk for report in stale if _fail_if_stale(report, now)]


def _claim(report_id: int, task_id: str) -> int | None:
    """Claim a build for this run: the attempt number, or ``None`` when there is nothing to do.

    A waiting build is claimed by whoever comes first. A running one only by the same task
    delivered again: the broker redelivers a task whose worker died before acknowledging it
    (acks_late), so the earlier run is gone. A finished or failed build is never built again.
    """
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return None
    redelivered = report.status == Report.Status.RUNNING and task_id and task_id == report.task_id
    if report.status != Report.Status.PENDING and not redelivered:
        return None
    attempt = report.attempts + 1
    claimed = report_transition(
        report_id=report_id,
        expect={"status": report.status, "attempts": report.attempts, "task_id": report.task_id},
        changes={
            "status": Report.Status.RUNNING,
            "started_at": timezone.now(),
            "attempts": attempt,
            "task_id": task_id,
        },
    )
    if claimed and redelivered:
        logger.warning(
            "report %s: task %s delivered again, attempt %s takes over", report_id, task_id, attempt
        )
    return attempt if claimed else None


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
    data["notes"] = narrative.notes(data, data["narrative"])
    return data


def report_build(*, report_id: int, task_id: str = "") -> Report:
    """Build a report: claim it, compute, render XLSX and PDF, publish atomically.

    Safe to run twice: a build that is done, failed, or claimed by another live run is left as
    it is. A run whose build was taken over or marked stale meanwhile publishes nothing. On
    failure the report is marked failed with the reason, and the previous successful build
    stays the one shown.
    """
    attempt = _claim(report_id, task_id)
    report = Report.objects.select_related("community").get(pk=report_id)
    if attempt is None:
        return report
    mine = {"status": Report.Status.RUNNING, "attempts": attempt}
    try:
        data = report_data(report)
        xlsx = outputs.render_xlsx(data)
        pdf, pdf_problem = outputs.render_pdf(data)
    except OperationalError as exc:
        report_transition(
            report_id=report_id, expect=mine, changes={"status": Report.Status.PENDING}
        )
        raise TransientError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the report
        logger.exception("report %s failed", report_id)
        report_transition(
            report_id=report_id,
            expect=mine,
            changes={
                "status": Report.Status.FAILED,
                "error": f"{type(exc).__name__}: {exc}",
                "built_at": timezone.now(),
            },
        )
        report.refresh_from_db()
        return report
    stem = f"{report.scope}-{report.period}-{report.pk}"
    with transaction.atomic():
        if not Report.objects.select_for_update().filter(pk=report_id, **mine).exists():
            logger.warning(
                "report %s: attempt %s was superseded; not published", report_id, attempt
            )
            report.refresh_from_db()
            return report
        approved = approved_report(period_key=report.period, scope=report.scope)
        if approved is not None:  # approved while this build ran: it publishes nothing
            report_transition(
                report_id=report_id,
                expect=mine,
                changes={
                    "status": Report.Status.FAILED,
                    "error": locked_message(approved),
                    "built_at": timezone.now(),
                },
            )
            report.refresh_from_db()
            return report
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
    edit with ``user`` (the logged-in user in a request). Only a draft is edited."""
    _refuse_unless_draft(report)
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


# ---------------------------------------------------------------------------------------------
# Approval: draft → submitted (civil affairs) → approved and locked (a town official);
# approved → reopened (civil affairs or an administrator, with a reason), after which the period
# may be built again as a new draft while the approved version stays as it was.


def _refuse_unless_draft(report: Report) -> None:
    if report.state == Report.State.APPROVED:
        raise ReportLocked(locked_message(report))
    if report.state != Report.State.DRAFT:
        raise ReportStateError(
            gettext("Only a draft can be changed; this report is “%(state)s”.")
            % {"state": report.get_state_display()}
        )


def _for_transition(*, report: Report, user, permission: str) -> Report:
    """The report locked for update, after checking the actor's role and scope."""
    if not user.has_perm(permission):
        raise PermissionDenied
    if not Report.objects.visible_to(user).filter(pk=report.pk).exists():
        raise PermissionDenied
    return (
        Report.objects.select_for_update(of=("self",)).select_related("community").get(pk=report.pk)
    )


def _save(report: Report, user, fields: list[str]) -> Report:
    report._history_user = user
    report.save(update_fields=fields)
    return report


def _is_latest_build(report: Report) -> bool:
    return not Report.objects.filter(
        period=report.period, scope=report.scope, status=Report.Status.DONE, pk__gt=report.pk
    ).exists()


@transaction.atomic
def report_submit(*, report: Report, user) -> Report:
    """The civil-affairs officer submits a built draft for approval."""
    report = _for_transition(report=report, user=user, permission="reports.submit_report")
    if report.status != Report.Status.DONE:
        raise ReportStateError(gettext("Only a finished build can be submitted."))
    _refuse_unless_draft(report)
    if not _is_latest_build(report):
        raise ReportStateError(
            gettext("A newer build of this report exists; submit that one instead.")
        )
    report.state = Report.State.SUBMITTED
    report.submitted_by, report.submitted_at = user, timezone.now()
    return _save(report, user, ["state", "submitted_by", "submitted_at"])


@transaction.atomic
def report_approve(*, report: Report, user) -> Report:
    """A town official approves a submitted report: from now on it is locked."""
    report = _for_transition(report=report, user=user, permission="reports.approve_report")
    if report.state != Report.State.SUBMITTED:
        raise ReportStateError(
            gettext(
                "Only a report submitted for approval can be approved; this one is “%(state)s”."
            )
            % {"state": report.get_state_display()}
        )
    if (
        not _is_latest_build(report)
        or Report.objects.filter(
            period=report.period, scope=report.scope, status__in=Report.ACTIVE
        ).exists()
    ):
        raise ReportStateError(
            gettext(
                "The report has been built again since it was submitted; submit and approve the "
                "newer build."
            )
        )
    report.state = Report.State.APPROVED
    report.approved_by, report.approved_at = user, timezone.now()
    return _save(report, user, ["state", "approved_by", "approved_at"])


@transaction.atomic
def report_reopen(*, report: Report, user, reason: str) -> Report:
    """Unlock an approved report's period and scope, giving the reason.

    The approved row keeps its figures and files (still viewable, marked as the approved version
    reopened); the next build of the period is a new draft.
    """
    report = _for_transition(report=report, user=user, permission="reports.reopen_report")
    if report.state != Report.State.APPROVED:
        raise ReportStateError(
            gettext("Only an approved report can be reopened; this one is “%(state)s”.")
            % {"state": report.get_state_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ReportStateError(gettext("Give the reason for reopening the approved report."))
    report.state = Report.State.REOPENED
    report.reopened_by, report.reopened_at, report.reopen_reason = user, timezone.now(), reason
    return _save(report, user, ["state", "reopened_by", "reopened_at", "reopen_reason"])
