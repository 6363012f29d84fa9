"""Excel exports: the one door every list's export goes through (``export_list``), the
background job that writes the long ones, and the registry lists' own exports.

An export writes rows as it reads them (``burqin.lists.write_xlsx``): short ones straight into
the response; above ``settings.EXPORT_ASYNC_ROWS`` rows it becomes an ``ExportJob`` that a Celery
worker writes, which the requester alone downloads from “My exports”. The job runs the list's
own view again, as its requester, with the query string and community filter of the request:
one code path decides which rows an export holds, with the scope it always had.
"""

import datetime
import logging
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.lists import (
    EXPORT_CHUNK_ROWS,
    choice_labels,
    export_filename,
    export_response,
    write_xlsx,
)

from .idnumbers import can_view_full_id, id_number_for, mask_id_number
from .models import EXPORTS_FOLDER, Community, ExportJob, Household, Resident
from .scope import SESSION_FILTER_KEY, chosen_community_id
from .tasks import run_export

logger = logging.getLogger(__name__)


def export_list(
    request,
    rows: Iterable[Sequence],
    *,
    total: int,
    title,
    headers: Sequence,
    filename: str | None = None,
):
    """The response to a list's “Export to Excel”.

    ``rows`` is a generator over the list's queryset (``.iterator(chunk_size=EXPORT_CHUNK_ROWS)``
    with ``select_related`` for every column: no query per row), ``total`` its count. Up to
    ``EXPORT_ASYNC_ROWS`` rows the file is written and streamed now; above, a job is queued and
    the user is sent to “My exports”.
    """
    filename = filename or export_filename(title)
    job = getattr(request, "export_job", None)
    if job is not None:
        return _write_job(job, rows, title=title, headers=headers, filename=filename)
    if total > settings.EXPORT_ASYNC_ROWS:
        export_job_request(request=request, title=title, total=total)
        messages.info(
            request,
            _(
                "The list has %(count)d rows: it is being written in the background; download "
                "it here when it is ready."
            )
            % {"count": total},
        )
        return redirect("communities:exportjob_list")
    return export_response(title, headers, rows, filename=filename)


def export_job_request(*, request, title, total: int) -> ExportJob:
    """Record the export the request asks for and queue it once the request has committed."""
    job = ExportJob.objects.create(
        user=request.user,
        title=str(title)[:200],
        url_name=request.resolver_match.view_name if request.resolver_match else "",
        path=request.path_info,
        query=request.GET.urlencode(),
        community_filter=chosen_community_id(request),
        total=total,
    )
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the job's file: its list's view again, as its requester, with the same query.

    Claimed with a conditional update, so a job delivered twice is written once. A view that
    no longer exports for the user (permission withdrawn, object gone) fails the job. A job the
    sweep marked failed meanwhile (``export_jobs_fail_stuck``) stops at its next progress report
    and keeps no file.
    """
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, started_at=now, progress_at=now
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    request = RequestFactory().get(job.path + ("?" + job.query if job.query else ""))
    request.user = job.user
    request.session = (
        {SESSION_FILTER_KEY: job.community_filter} if job.community_filter is not None else {}
    )
    request.export_job = job
    try:
        match = resolve(job.path)
        match.func(request, *match.args, **match.kwargs)
    except ExportJobStopped:
        logger.warning("export job %s was marked failed while writing; stopped", job.pk)
    except (Resolver404, Http404, PermissionDenied) as exc:
        _fail(job, f"the list no longer exports for its requester: {type(exc).__name__}")
    except Exception as exc:  # the job records the failure; the worker goes on
        logger.exception("export job %s failed", job.pk)
        _fail(job, f"{type(exc).__name__}: {exc}")
    else:
        if job.status != ExportJob.Status.DONE:
            _fail(job, "the list did not export for its requester")
    job.refresh_from_db()
    return job


class ExportJobStopped(Exception):
    """The job being written is no longer running (the sweep marked it failed)."""


# Every write of the worker is conditional on the job still running: the sweep may have failed it,
# and then its requester sees that failure, not a file appearing later.
def _fail(job: ExportJob, error: str) -> None:
    ExportJob.objects.filter(pk=job.pk).running().update(
        status=ExportJob.Status.FAILED,
        failure=ExportJob.Failure.ERROR,
        error=error[:2000],
        finished_at=timezone.now(),
    )


def _write_job(job: ExportJob, rows, *, title, headers, filename) -> HttpResponse:
    def progress(written: int) -> None:
        if (
            not ExportJob.objects.filter(pk=job.pk)
            .running()
            .update(rows_written=written, progress_at=timezone.now())
        ):
            raise ExportJobStopped(job.pk)

    with tempfile.TemporaryFile() as spool:
        written = write_xlsx(spool, title, headers, rows, progress=progress)
        spool.seek(0)
        job.file.save(filename, File(spool), save=False)
    finished = (
        ExportJob.objects.filter(pk=job.pk)
        .running()
        .update(
            file=job.file.name,
            file_name=filename[:200],
            rows_written=written,
            status=ExportJob.Status.DONE,
            finished_at=timezone.now(),
        )
    )
    if not finished:
        job.file.delete(save=False)  # failed by the sweep meanwhile: no file without its job
        raise ExportJobStopped(job.pk)
    job.status = ExportJob.Status.DONE
    return HttpResponse(status=204)


# Housekeeping, run by celery beat (communities.tasks): jobs whose worker died, and old files.


def stuck_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(minutes=settings.EXPORT_JOB_STUCK_MINUTES)


def keep_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.EXPORT_JOB_KEEP_DAYS)


def export_jobs_fail_stuck(*, now: datetime.datetime | None = None) -> list[int]:
    """Mark failed every job waiting, or writing without progress, for longer than
    ``EXPORT_JOB_STUCK_MINUTES``; its requester reads why on “My exports” and exports again.

    Each job is failed by a conditional update that repeats the test, so a job that reports
    progress or finishes meanwhile is left alone, and a second run changes nothing. Returns the
    ids of the jobs failed.
    """
    now = now or timezone.now()
    cutoff = stuck_cutoff(now)
    error = (
        f"no progress for {settings.EXPORT_JOB_STUCK_MINUTES} minutes: marked failed by the "
        "periodic sweep (the worker writing it stopped)"
    )
    failed = []
    for pk, status in ExportJob.objects.stuck(cutoff).values_list("pk", "status"):
        if (
            ExportJob.objects.stuck(cutoff)
            .filter(pk=pk)
            .update(
                status=ExportJob.Status.FAILED,
                failure=ExportJob.Failure.STUCK,
                error=error,
                finished_at=now,
            )
        ):
            logger.warning(
                "export job %s: %s with no progress since %s, marked failed", pk, status, cutoff
            )
            failed.append(pk)
    return failed


def export_jobs_expire(*, now: datetime.datetime | None = None) -> list[int]:
    """Delete the files of finished jobs written more than ``EXPORT_JOB_KEEP_DAYS`` ago and
    mark the jobs expired (“My exports” says the file was removed and links the list again).

    Only a file that an ``ExportJob`` row names is ever deleted (``_delete_export_file``): nothing
    else under the media root. The job is marked first, then its file deleted, so a job never
    offers a file that is gone; a second run finds nothing to do. Returns the ids of the jobs
    expired.
    """
    now = now or timezone.now()
    cutoff = keep_cutoff(now)
    expired = []
    for pk, name in ExportJob.objects.expired(cutoff).values_list("pk", "file"):
        if (
            ExportJob.objects.expired(cutoff)
            .filter(pk=pk, file=name)
            .update(status=ExportJob.Status.EXPIRED, file="", expired_at=now)
        ):
            _delete_export_file(name)
            expired.append(pk)
    return expired


def _delete_export_file(name: str) -> None:
    """Delete the stored export ``name``: only under the exports folder, and only when no other
    job still names it."""
    parts = PurePosixPath(name).parts
    if len(parts) != 2 or parts[0] != EXPORTS_FOLDER or ".." in parts:
        logger.error("export file %r is not in %s/: not deleted", name, EXPORTS_FOLDER)
        return
    if ExportJob.objects.filter(file=name).exists():
        return
    storage = ExportJob._meta.get_field("file").storage
    try:
        storage.delete(name)
    except OSError:
        logger.exception("export file %s could not be deleted", name)


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def residents_xlsx(request, residents):
    user = request.user
    headers = [
        _("Community"),
        _("Name"),
        _("ID number"),
        _("Sex"),
        _("Birth date"),
        _("Ethnicity"),
        _("Phone"),
        _("Household address"),
        _("Relation to head"),
        *[str(label) for label in Resident.FLAGS.values()],
        _("Disability category"),
        _("Disability grade"),
        _("Moved out on"),
        _("Deceased on"),
    ]

    sex, ethnicity, relation, disability = (
        choice_labels(Resident, name)
        for name in ("sex", "ethnicity", "relation", "disability_category")
    )
    yes = _("Yes")

    full_id = can_view_full_id(user)
    flags = list(Resident.FLAGS)
    fields = [
        "community_id",
        "name",
        "id_number",
        "sex",
        "birth_date",
        "ethnicity",
        "phone",
        "household__address",
        "relation",
        *flags,
        "disability_category",
        "disability_grade",
        "moved_out_on",
        "deceased_on",
    ]

    def rows():
        # Plain tuples (values_list), not model instances: the export's cost is per row.
        communities = dict(Community.objects.values_list("pk", "name"))
        last = 9 + len(flags)
        for r in residents.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK_ROWS):
            yield [
                communities.get(r[0], ""),
                r[1],
                r[2] if full_id or not r[2] else mask_id_number(r[2]),
                sex.get(r[3], r[3]),
                r[4],
                ethnicity.get(r[5], r[5]),
                r[6],
                r[7] or "",
                relation.get(r[8], r[8]),
                *[yes if value else "" for value in r[9:last]],
                disability.get(r[last], r[last]),
                r[last + 1] or "",
                r[last + 2],
                r[last + 3],
            ]

    return export_list(
        request,
        rows(),
        total=residents.count(),
        title=_("Residents"),
        headers=headers,
        filename=f"居民名单-{_stamp()}.xlsx",
    )


def with_member_count(households):
    """``member_count`` (members still living here) as a subquery per household: an index
    lookup per row as the rows stream, instead of grouping every resident first."""
    members = (
        Resident.objects.current()
        .filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("*"))
        .values("n")
    )
    return households.annotate(member_count=Coalesce(Subquery(members), Value(0)))


def households_xlsx(request, households):
    user = request.user
    headers = [
        _("Community"),
        _("Compound"),
        _("Address"),
        _("Registration type"),
        _("Head"),
        _("Head's ID number"),
        _("Members"),
    ]

    registration = choice_labels(Household, "registration_type")

    def rows():
        for h in with_member_count(households).iterator(chunk_size=EXPORT_CHUNK_ROWS):
            head_id = ""
            if h.head_id:
                head_id = id_number_for(user, h.head.id_number)
            yield [
                h.community.name,
                h.compound.name if h.compound_id else "",
                h.address,
                registration.get(h.registration_type, h.registration_type),
                h.head.name if h.head_id else "",
                head_id,
                h.member_count,
            ]

    return export_list(
        request,
        rows(),
        total=households.count(),
        title=_("Households"),
        headers=headers,
        filename=f"住户名单-{_stamp()}.xlsx",
    )


def community_overview_xlsx(rows):
    headers = [
        _("Community"),
        _("Households"),
        _("Residents"),
        *[str(label) for label in Resident.FLAGS.values()],
        *[str(spec[0]) for spec in Resident.AGE_BANDS.values()],
    ]
    data = [
        [
            row["community"].name,
            row["households"]["total"],
            row["residents"]["total"],
            *[row["residents"][flag] for flag in Resident.FLAGS],
            *[row["residents"][f"age_{band}"] for band in Resident.AGE_BANDS],
        ]
        for row in rows
    ]
    return export_response(_("Communities"), headers, data, filename=f"社区概况-{_stamp()}.xlsx")
