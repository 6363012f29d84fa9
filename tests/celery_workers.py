"""Real ``celery worker`` processes for the services tests: on the test database, fed through Redis.

The worker reaches the test database through ``DATABASE_URL``: PostgreSQL (CI), or an SQLite file
when the test database is one (not the default in-memory database, which no other process sees).
"""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection

from tests.conftest import require_service

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


def shared_database_url() -> str | None:
    """The test database as a URL another process can open, or ``None``."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{db['NAME']}"
    return None


def require_worker_services() -> None:
    require_service(reachable(settings.CELERY_BROKER_URL), "no Redis broker at CELERY_BROKER_URL")
    require_service(
        shared_database_url() is not None,
        "the worker needs a shared database (PostgreSQL, or an SQLite file)",
    )


def start_worker(
    name: str,
    *,
    queue: str | None = None,
    env: dict[str, str] | None = None,
    module: str = "celery",
    output=subprocess.PIPE,
) -> subprocess.Popen:
    """Start ``python -m <module> -A burqin worker`` (one process, the solo pool)."""
    command = [
        sys.executable,
        "-m",
        module,
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
        "--without-heartbeat",
        "-n",
        f"{name}-{os.getpid()}@%h",
    ]
    if queue:
        command += ["-Q", queue]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": shared_database_url(),
            "DEBUG": "1",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **(env or {}),
        },
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(process: subprocess.Popen) -> str:
    """Stop a worker (warm shutdown, then kill) and return what it printed, if piped."""
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output or ""
