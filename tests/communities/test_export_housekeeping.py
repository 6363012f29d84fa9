"""Background exports over the years: a job whose worker died fails instead of waiting forever,
and old files are deleted (only export files, never anything else in media)."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import tasks
from communities.exports import export_jobs_fail_stuck
from communities.models import ExportJob
from tests.factories import export_job_of, household_with_members

MY_EXPORTS = reverse("communities:exportjob_list")
RESIDENTS = reverse("communities:resident_list")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""
    settings.EXPORT_JOB_STUCK_MINUTES = 30
    settings.EXPORT_JOB_KEEP_DAYS = 7


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def job_of(user, *, status, **times):
    """A job of ``user`` in ``status``, its timestamps set back as ``times`` says."""
    job = export_job_of(user, status=status)
    job.query = "status=moved_out&export=xlsx"
    job.save(update_fields=["query"])
    if times:
        ExportJob.objects.filter(pk=job.pk).update(**times)
    job.refresh_from_db()
    return job


def stored(job) -> str:
    return os.path.join(job.file.storage.location, job.file.name)


def row(client, job) -> str:
    response = client.get(reverse("communities:exportjob_status", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


# Jobs whose worker died -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_stuck_running_is_marked_failed_and_its_page_says_so(staff_client, staff):
    stuck = job_of(
        staff,
        status=ExportJob.Status.RUNNING,
        created_at=ago(minutes=50),
        started_at=ago(minutes=45),
        progress_at=ago(minutes=31),
    )

    assert tasks.fail_stuck_exports.delay().get() == [stuck.pk]

    stuck.refresh_from_db()
    assert stuck.status == ExportJob.Status.FAILED
    assert stuck.failure == ExportJob.Failure.STUCK
    assert stuck.finished_at is not None
    html = staff_client.get(MY_EXPORTS).content.decode()
    assert 'data-testid="export-stuck"' in html
    assert "导出已中断：30分钟内没有进展" in html
    assert "请重新导出" in html
    assert f'href="{RESIDENTS}?status=moved_out"' in html  # the list again, not the export
    assert f'hx-get="{reverse("communities:exportjob_status", args=[stuck.pk])}"' not in html
    assert "打开列表重新导出" in row(staff_client, stuck)


@pytest.mark.django_db
def test_a_job_never_picked_up_is_marked_failed(staff):
    waiting = job_of(staff, status=ExportJob.Status.PENDING, created_at=ago(minutes=31))
    assert tasks.fail_stuck_exports() == [waiting.pk]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.failure) == ("failed", "stuck")


@pytest.mark.django_db
def test_a_fresh_or_progressing_job_is_left_running(staff_client, staff):
    fresh = job_of(
        staff,
        status=ExportJob.Status.RUNNING,
        started_at=ago(minutes=5),
        progress_at=ago(minutes=5),
    )
    # Long, but its worker reported rows two minutes ago.
    long_but_alive = job_of(
        staff,
        status=ExportJob.Status.RUNNING,
        created_at=ago(hours=2),
        started_at=ago(hours=2),
        progress_at=ago(minutes=2),
    )
    queued = job_of(staff, status=ExportJob.Status.PENDING, created_at=ago(minutes=10))
    done = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(hours=3))

    assert tasks.fail_stuck_exports() == []

    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {
        fresh.pk: "running",
        long_but_alive.pk: "running",
        queued.pk: "pending",
        done.pk: "done",
    }
    assert 'data-testid="export-stuck"' not in staff_client.get(MY_EXPORTS).content.decode()


@pytest.mark.django_db
def test_the_stuck_sweep_runs_twice_without_changing_anything_more(staff):
    stuck = job_of(staff, status=ExportJob.Status.RUNNING, started_at=ago(hours=1))
    assert tasks.fail_stuck_exports() == [stuck.pk]
    finished_at = ExportJob.objects.get().finished_at
    assert tasks.fail_stuck_exports() == []
    assert ExportJob.objects.get().finished_at == finished_at


@pytest.mark.django_db
def test_the_stuck_limit_is_a_setting(settings, staff):
    job = job_of(staff, status=ExportJob.Status.RUNNING, progress_at=ago(minutes=31))
    settings.EXPORT_JOB_STUCK_MINUTES = 60
    assert tasks.fail_stuck_exports() == []
    settings.EXPORT_JOB_STUCK_MINUTES = 20
    assert tasks.fail_stuck_exports() == [job.pk]


@pytest.mark.django_db
def test_a_worker_that_finishes_after_the_sweep_failed_its_job_leaves_no_file(
    settings, staff_client, staff, ehe, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    import communities.exports

    settings.EXPORT_ASYNC_ROWS = 2
    for _ in range(3):
        household_with_members(ehe, 1)
    real_write = communities.exports.write_xlsx

    def write_then_find_the_job_swept(*args, **kwargs):
        written = real_write(*args, **kwargs)
        # The worker was silent past the limit (say, paused): the sweep has failed its job.
        export_jobs_fail_stuck(now=timezone.now() + datetime.timedelta(hours=1))
        return written

    monkeypatch.setattr(communities.exports, "write_xlsx", write_then_find_the_job_swept)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.get(RESIDENTS, {"export": "xlsx"})

    job = ExportJob.objects.get()
    assert (job.status, job.failure) == ("failed", "stuck")
    assert not job.file
    assert not list((tmp_path / "exports").iterdir())  # the file it wrote was deleted again
    assert "导出已中断" in staff_client.get(MY_EXPORTS).content.decode()


# Old files ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_file_of_an_old_export_is_deleted_and_its_page_says_so(staff_client, staff):
    old = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=7, minutes=1))
    path = stored(old)
    download = old.get_absolute_url()
    assert os.path.exists(path)

    assert tasks.expire_export_files.delay().get() == [old.pk]

    assert not os.path.exists(path)
    old.refresh_from_db()
    assert old.status == ExportJob.Status.EXPIRED
    assert not old.file
    assert old.expired_at is not None
    html = staff_client.get(MY_EXPORTS).content.decode()
    assert 'data-testid="export-expired"' in html
    assert "文件已在生成7天后删除。" in html
    assert "文件生成后保留7天，之后自动删除。" in html
    assert f'href="{RESIDENTS}?status=moved_out"' in html
    assert f'href="{download}"' not in html
    assert "文件已在生成7天后删除。" in row(staff_client, old)
    assert staff_client.get(download).status_code == 404


@pytest.mark.django_db
def test_the_file_of_a_recent_export_is_kept(staff_client, staff):
    recent = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=6, hours=23))

    assert tasks.expire_export_files() == []

    assert os.path.exists(stored(recent))
    recent.refresh_from_db()
    assert recent.status == ExportJob.Status.DONE
    assert staff_client.get(recent.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_keep_period_is_a_setting(settings, staff):
    job = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=3))
    assert tasks.expire_export_files() == []
    settings.EXPORT_JOB_KEEP_DAYS = 2
    assert tasks.expire_export_files() == [job.pk]


@pytest.mark.django_db
def test_expiring_twice_deletes_once_and_changes_nothing_more(staff):
    old = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=30))
    assert tasks.expire_export_files() == [old.pk]
    expired_at = ExportJob.objects.get().expired_at
    assert tasks.expire_export_files() == []
    assert ExportJob.objects.get().expired_at == expired_at


@pytest.mark.django_db
def test_files_that_belong_to_no_export_job_are_never_deleted(staff, tmp_path):
    long_ago = ago(days=400).timestamp()
    strays = [
        tmp_path / "exports" / "0123456789abcdef0123456789abcdef.xlsx",  # no job names it
        tmp_path / "attachments" / "scan.pdf",
        tmp_path / "reports" / "2025.xlsx",
        tmp_path / "notes.txt",
    ]
    for stray in strays:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_bytes(b"not an export job's file")
        os.utime(stray, (long_ago, long_ago))
    # A job row whose file field names something outside the exports folder (edited by hand, a
    # bad restore): the row expires, the file it names stays.
    odd = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=30))
    own_file = stored(odd)
    ExportJob.objects.filter(pk=odd.pk).update(file="attachments/scan.pdf")
    old = job_of(staff, status=ExportJob.Status.DONE, finished_at=ago(days=30))
    old_file = stored(old)
    running = job_of(staff, status=ExportJob.Status.RUNNING, created_at=ago(days=30))
    failed = job_of(staff, status=ExportJob.Status.FAILED, finished_at=ago(days=30))

    assert sorted(tasks.expire_export_files()) == sorted([odd.pk, old.pk])

    assert all(stray.exists() for stray in strays)
    assert os.path.exists(own_file)  # no longer named by its row: left alone too
    assert not os.path.exists(old_file)
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses[running.pk] == "running" and statuses[failed.pk] == "failed"


# The schedule ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_both_sweeps_are_scheduled_by_migration():
    from django_celery_beat.models import PeriodicTask

    stuck = PeriodicTask.objects.get(task="communities.fail_stuck_exports")
    assert stuck.enabled
    assert (stuck.interval.every, stuck.interval.period) == (5, "minutes")
    expire = PeriodicTask.objects.get(task="communities.expire_export_files")
    assert expire.enabled
    assert (expire.interval.every, expire.interval.period) == (1, "hours")
