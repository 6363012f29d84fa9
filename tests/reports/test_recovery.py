"""Builds that recover: a build whose worker died is swept to failed with the reason, can be
rebuilt from the page and the command, and a task delivered twice builds once."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from reports import services
from reports.models import Report
from reports.tasks import build_report, fail_stale_builds
from tests.factories import CommunityFactory, household_with_members


@pytest.fixture
def town(db):
    ehe = CommunityFactory(code="ehe", name="额河社区")
    household_with_members(ehe, 2)
    return ehe


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "", "x"))
    return client


def running(*, minutes_ago: float, task_id: str = "dead-task", period="2026-03") -> Report:
    """A build claimed ``minutes_ago`` by a worker that is no longer there."""
    report, _ = services.report_request(period_key=period)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        task_id=task_id,
        attempts=1,
    )
    report.refresh_from_db()
    return report


def done(period="2026-03") -> Report:
    report, _ = services.report_request(period_key=period)
    return services.report_build(report_id=report.pk)


def test_the_timeout_reason_reads_in_chinese():
    with translation.override("zh-hans"):
        text = gettext(services.TIMEOUT_REASON)
    assert text.startswith("生成超时：")
    assert "%(minutes)d" in text


@pytest.mark.django_db
def test_the_sweep_marks_a_build_running_past_the_limit_failed_with_the_reason(
    town, admin_client, settings
):
    settings.REPORT_BUILD_TIMEOUT = 15 * 60
    stale = running(minutes_ago=16)
    assert fail_stale_builds.delay().get() == [stale.pk]
    stale.refresh_from_db()
    assert stale.status == Report.Status.FAILED
    assert stale.error == services.timeout_reason()
    assert "15" in stale.error
    page = admin_client.get(stale.get_absolute_url()).content.decode()
    assert stale.error in page
    assert 'hx-trigger="every 1s"' not in page  # no longer polling a build that will never end


@pytest.mark.django_db
def test_the_sweep_leaves_live_builds_alone_and_fails_a_build_never_picked_up(town, settings):
    settings.REPORT_BUILD_TIMEOUT = 15 * 60
    live = running(minutes_ago=5, period="2026-03")
    never_picked, _ = services.report_request(period_key="2026-02")
    Report.objects.filter(pk=never_picked.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    just_queued, _ = services.report_request(period_key="2026-01")
    assert services.report_fail_stale() == [never_picked.pk]
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {live.pk: "running", never_picked.pk: "failed", just_queued.pk: "pending"}


@pytest.mark.django_db
def test_the_sweep_is_scheduled_every_minute_by_migration():
    from django_celery_beat.models import PeriodicTask

    sweep = PeriodicTask.objects.get(task="reports.fail_stale_builds")
    assert sweep.enabled
    assert (sweep.interval.every, sweep.interval.period) == (1, "minutes")


@pytest.mark.django_db
def test_a_failed_build_is_rebuilt_from_its_page(
    town, admin_client, django_capture_on_commit_callbacks
):
    stale = running(minutes_ago=30)
    services.report_fail_stale()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("reports:report_rebuild", args=[stale.pk]))
    rebuilt = Report.objects.exclude(pk=stale.pk).get()
    assert response.url == rebuilt.get_absolute_url()
    assert rebuilt.status == Report.Status.DONE


@pytest.mark.django_db
def test_rebuilding_a_stale_running_build_fails_it_and_starts_a_new_one_before_the_sweep(
    town, admin_client, django_capture_on_commit_callbacks
):
    stale = running(minutes_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("reports:report_rebuild", args=[stale.pk]))
    stale.refresh_from_db()
    assert stale.status == Report.Status.FAILED and stale.error == services.timeout_reason()
    rebuilt = Report.objects.exclude(pk=stale.pk).get()
    assert response.url == rebuilt.get_absolute_url()
    assert rebuilt.status == Report.Status.DONE


@pytest.mark.django_db
def test_a_new_build_from_the_list_does_not_join_a_dead_build(
    town, admin_client, django_capture_on_commit_callbacks
):
    stale = running(minutes_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("reports:report_build"), {"period": "2026-03"})
    rebuilt = Report.objects.exclude(pk=stale.pk).get()
    assert response.url == rebuilt.get_absolute_url()
    assert rebuilt.status == Report.Status.DONE


@pytest.mark.django_db
def test_rebuild_is_refused_while_a_live_build_runs(
    town, admin_client, django_capture_on_commit_callbacks
):
    finished = done()
    live = running(minutes_ago=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            reverse("reports:report_rebuild", args=[finished.pk]), follow=True
        )
    assert response.redirect_chain[0][0] == live.get_absolute_url()
    assert not callbacks  # nothing queued
    assert Report.objects.count() == 2
    live.refresh_from_db()
    assert live.status == Report.Status.RUNNING
    assert [str(m) for m in response.context["messages"]] == [
        gettext("This report is already being built; showing its progress.")
    ]


@pytest.mark.django_db
def test_build_report_command_rebuilds_a_failed_and_a_stale_build(town):
    stale = running(minutes_ago=30)
    call_command("build_report", "2026-03")
    stale.refresh_from_db()
    assert stale.status == Report.Status.FAILED
    assert Report.objects.filter(status=Report.Status.DONE).count() == 1
    Report.objects.filter(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error="boom"
    )
    call_command("build_report", "2026-03")
    assert Report.objects.filter(status=Report.Status.DONE).count() == 1


@pytest.mark.django_db
def test_build_report_command_refuses_while_a_live_build_runs(town):
    live = running(minutes_ago=1)
    with pytest.raises(CommandError):
        call_command("build_report", "2026-03")
    live.refresh_from_db()
    assert live.status == Report.Status.RUNNING
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_task_delivered_twice_builds_once(town):
    report, _ = services.report_request(period_key="2026-03")
    first = build_report.apply(args=["2026-03", None, report.pk], task_id="t-1").get()
    again = build_report.apply(args=["2026-03", None, report.pk], task_id="t-1").get()
    assert first == again == {"report": report.pk, "status": "done"}
    report.refresh_from_db()
    assert report.attempts == 1
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_redelivered_task_takes_over_the_build_its_dead_worker_left_running(town):
    report = running(minutes_ago=2, task_id="t-1")
    other = build_report.apply(args=["2026-03", None, report.pk], task_id="t-2").get()
    assert other["status"] == "running"  # another task does not touch a live build
    redelivered = build_report.apply(args=["2026-03", None, report.pk], task_id="t-1").get()
    assert redelivered["status"] == "done"
    report.refresh_from_db()
    assert (report.attempts, report.task_id) == (2, "t-1")
    assert report.data["scope"] == "town"


@pytest.mark.django_db
def test_a_run_whose_build_was_marked_stale_meanwhile_publishes_nothing(town, monkeypatch):
    report, _ = services.report_request(period_key="2026-03")
    compute = services.report_data

    def slow_past_the_limit(report):
        services.report_fail_stale(now=timezone.now() + datetime.timedelta(hours=1))
        return compute(report)

    monkeypatch.setattr(services, "report_data", slow_past_the_limit)
    services.report_build(report_id=report.pk, task_id="t-1")
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == services.timeout_reason()
    assert report.data is None and not report.xlsx
