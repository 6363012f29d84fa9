"""The real parts: PostgreSQL, Redis and a Celery worker (skipped locally when absent)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from burqin.celery import app as celery_app
from tests.celery_workers import reachable, require_worker_services, start_worker, stop_worker
from tests.conftest import IN_CI, require_service
from tests.factories import CommunityFactory, household_with_members

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.services
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_in_ci():
    require_service(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.fixture
def worker(monkeypatch):
    """A real ``celery worker`` process on the test database, fed through Redis."""
    from tests.migrated_data import ensure

    ensure()
    require_worker_services()
    process = start_worker("test")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    log = {}
    yield log
    log["output"] = stop_worker(process)


# Transactional tests empty the tables afterwards; serialized_rollback puts the data migrations'
# rows (groups, the program catalogue) back first.
@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_goes_through_redis_to_a_real_celery_worker(worker):
    from burqin.tasks import health_check

    community = CommunityFactory()
    household_with_members(community, 3)
    assert health_check.delay().get(timeout=90) == {"communities": 1, "residents": 3}


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_is_built_by_the_real_worker_and_appears(worker):
    import datetime

    from reports.models import Report
    from reports.tasks import build_report
    from tests.factories import DisbursementFactory

    DisbursementFactory(batch__period=datetime.date(2026, 3, 1))
    result = build_report.delay("2026-03").get(timeout=120)
    report = Report.objects.get(pk=result["report"])
    assert report.status == "done"
    assert report.data["welfare"][0]["amount"] == "960.00"


def test_celery_is_eager_without_a_broker():
    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured")
    assert celery_app.conf.task_always_eager


def test_ci_runs_with_the_real_servers_configured():
    if not IN_CI:
        pytest.skip("only meaningful under CI=true")
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    assert settings.CELERY_BROKER_URL.startswith("redis://")


@pytest.mark.services
def test_cache_url_shares_the_cache_through_redis():
    """With CACHE_URL set, what one process stores another reads (the dashboard's locked months
    are computed once per deployment, not once per gunicorn worker)."""
    broker = settings.CELERY_BROKER_URL
    require_service(reachable(broker), "no Redis at CELERY_BROKER_URL")
    cache_url = broker.rsplit("/", 1)[0] + "/15"
    env = {**os.environ, "CACHE_URL": cache_url, "DEBUG": "1"}
    code = (
        "import django, sys; django.setup(); from django.core.cache import cache; "
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); "
        "cache.set('probe', 'shared') if sys.argv[1] == 'set' else print(cache.get('probe'))"
    )
    run = [sys.executable, "-c", code]
    for step in ("set", "get"):
        result = subprocess.run(
            [*run, step],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "burqin.settings"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "shared"]
