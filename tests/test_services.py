"""The real parts: PostgreSQL, Redis and a Celery worker (skipped locally when absent)."""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from burqin.celery import app as celery_app
from tests.conftest import IN_CI, require_service
from tests.factories import CommunityFactory, household_with_members

ROOT = Path(__file__).resolve().parent.parent


def reachable(url: str) -> bool:
    if not url:
        return False
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.services
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_in_ci():
    require_service(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_redis_to_a_real_celery_worker(monkeypatch):
    broker = settings.CELERY_BROKER_URL
    require_service(reachable(broker), "no Redis broker at CELERY_BROKER_URL")
    require_service(
        connection.vendor == "postgresql", "the worker needs a shared database (PostgreSQL)"
    )
    community = CommunityFactory()
    household_with_members(community, 3)

    db = connection.settings_dict
    test_db_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": test_db_url, "DEBUG": "1"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "burqin",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    try:
        from burqin.tasks import health_check

        result = health_check.delay()
        answer = result.get(timeout=90)
        assert answer == {"communities": 1, "residents": 3}
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "burqin.health_check" in output


def test_celery_is_eager_without_a_broker():
    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured")
    assert celery_app.conf.task_always_eager


def test_ci_runs_with_the_real_servers_configured():
    if not IN_CI:
        pytest.skip("only meaningful under CI=true")
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    assert settings.CELERY_BROKER_URL.startswith("redis://")
