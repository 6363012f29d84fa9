"""A real worker killed in the middle of a report build (CI: PostgreSQL, Redis, real workers).

The first worker sleeps inside the build (tests/slow_worker.py) and is killed with SIGKILL while
the report is running: nothing acknowledges the message, which stays with Redis. Either a new
worker gets it again and finishes the build, or, when none comes back, the periodic sweep marks
the build failed with the reason.
"""

import datetime
import os
import signal
import time
import uuid

import pytest
from django.utils import timezone

from burqin.celery import app as celery_app
from reports import services
from reports.models import Report
from reports.tasks import build_report
from tests.celery_workers import require_worker_services, start_worker, stop_worker
from tests.factories import DisbursementFactory

pytestmark = [
    pytest.mark.services,
    # Transactional: the workers see what the test commits; serialized_rollback puts the data
    # migrations' rows back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Seconds a broker keeps a message its worker took before handing it out again. The killed worker
# runs with the default (longer than its build); the worker that comes back with a short one, so
# that it picks the abandoned message up within seconds.
SHORT_VISIBILITY = "5"


@pytest.fixture
def workers(monkeypatch, tmp_path):
    """Start workers on a queue of this test's own; stop them all afterwards, printing their logs
    when the test failed."""
    from tests.migrated_data import ensure

    ensure()
    require_worker_services()
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = f"recovery-{uuid.uuid4().hex[:8]}"
    started = []

    def start(name, module="celery", **env):
        log = tmp_path / f"{name}.log"
        process = start_worker(name, queue=queue, env=env, module=module, output=log.open("w"))
        started.append((name, process, log))
        return process

    start.queue = queue
    start.logs = lambda: "\n".join(f"--- {n}\n{log.read_text()}" for n, _p, log in started)
    yield start
    for _name, process, _log in started:
        stop_worker(process)
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def wait_for(check, *, timeout: float, what: str, workers) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"waited {timeout:.0f} s for {what}\n{workers.logs()}")


def status(report: Report) -> str:
    report.refresh_from_db()
    return report.status


def build_and_kill_the_worker(workers) -> tuple[Report, object]:
    """Queue a build, let a slow worker claim it, kill that worker with SIGKILL mid-build."""
    DisbursementFactory(batch__period=datetime.date(2026, 3, 1))
    report, _ = services.report_request(period_key="2026-03")
    result = build_report.apply_async(args=["2026-03", None, report.pk], queue=workers.queue)
    slow = workers("slow", module="tests.slow_worker", SLOW_BUILD_SECONDS="300")
    wait_for(
        lambda: status(report) == Report.Status.RUNNING,
        timeout=120,
        what="the slow worker to claim the build",
        workers=workers,
    )
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait(timeout=30)
    assert report.task_id == result.id
    return report, result


def test_a_build_whose_worker_is_killed_is_delivered_again_and_finished(workers):
    report, result = build_and_kill_the_worker(workers)
    time.sleep(2)
    assert status(report) == Report.Status.RUNNING  # nobody else holds the message yet

    workers("second", CELERY_VISIBILITY_TIMEOUT=SHORT_VISIBILITY)
    outcome = result.get(timeout=180)

    assert outcome == {"report": report.pk, "status": "done"}, workers.logs()
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert (report.attempts, report.task_id) == (2, result.id)  # the same task, taken over
    assert report.data["welfare"][0]["amount"] == "960.00"
    assert report.xlsx and Report.objects.count() == 1


def test_a_build_whose_worker_never_comes_back_is_swept_to_failed(workers, settings):
    report, result = build_and_kill_the_worker(workers)
    settings.REPORT_BUILD_TIMEOUT = 2
    wait_for(
        lambda: timezone.now() - report.started_at > datetime.timedelta(seconds=3),
        timeout=10,
        what="the build to pass its limit",
        workers=workers,
    )
    assert services.report_fail_stale() == [report.pk]
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == services.timeout_reason()

    # The message still comes back to a worker later: it leaves the failed build alone.
    workers("late", CELERY_VISIBILITY_TIMEOUT=SHORT_VISIBILITY)
    assert result.get(timeout=180) == {"report": report.pk, "status": "failed"}
    report.refresh_from_db()
    assert (report.status, report.attempts, report.data) == (Report.Status.FAILED, 1, None)
