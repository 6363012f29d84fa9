"""What every app's ``benchmarks.py`` measures with: page timings (p50 / p95 over repeated
requests, and the query count) through Django's test client, so no network is involved, and the
time of one call. The ``benchmark`` command (devtools) collects the rows."""

import gc
import statistics
import time

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user) -> Client:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    # As behind the HTTPS proxy of production (SECURE_PROXY_SSL_HEADER): with DEBUG off, a plain
    # request would only be redirected to https and time nothing.
    client = Client(SERVER_NAME=hosts[0] if hosts else "localhost", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    return client


def measure(client, url, repeats) -> dict:
    reset_queries()  # each request starts a fresh log; count from zero
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    gc.collect()  # start from a collected heap: earlier benchmarks leave much garbage behind
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return {"p50": statistics.median(times), "p95": p95, "queries": len(captured)}


def page_row(client, what: str, url: str, scope: str, repeats: int) -> dict:
    """One row of the benchmark table for a page: its timings and query count."""
    figures = measure(client, url, repeats)
    return {
        "what": f"page: {what}",
        "value": f"p50 {figures['p50']:.0f} ms · p95 {figures['p95']:.0f} ms",
        "note": f"{figures['queries']} queries; {scope}",
    }


def timed(function):
    """``(seconds, result)`` of calling ``function()``."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result
