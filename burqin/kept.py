"""Figures kept in the cache until the rows they are computed from change.

Every write to an audited model goes through a service that keeps its history (simple-history
writes the historical row in the same transaction; bulk writes use
``bulk_create_with_history``), so the newest history id of each table a statement reads is a
version of its rows. Figures kept under the statement and those versions are never older than
the last committed write: a write commits its history row with it, and the versions are read
before the figures, so figures computed after a write can only be stored under a version as
new as theirs. A statement that reads a table without history is computed every time.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Max, QuerySet

T = TypeVar("T")

# Kept figures leave the cache after this long even if nothing changed (a bound on its size:
# each filter of a list is a statement of its own).
KEPT_SECONDS = 3600


@functools.cache
def _tables() -> dict[str, type | None]:
    """Every table of the project: its model if the model keeps history, else ``None``."""
    from simple_history.models import registered_models

    return {
        model._meta.db_table: registered_models.get(model._meta.db_table)
        for model in apps.get_models(include_auto_created=True)
    }


def versions_read(sql: str) -> list[int | None] | None:
    """The newest history id of every table the statement ``sql`` reads, in table order;
    ``None`` when it reads a table without history (or none)."""
    quote = connection.ops.quote_name
    read = sorted(table for table in _tables() if quote(table) in sql)
    if not read or any(_tables()[table] is None for table in read):
        return None
    return [_tables()[table].history.aggregate(newest=Max("pk"))["newest"] for table in read]


def kept(queryset: QuerySet, compute: Callable[[], T], *, name: str) -> T:
    """``compute()`` — figures of ``queryset`` — from the cache while no row its statement reads
    has been written; computed and kept otherwise (``name`` tells the figures apart)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (``pk__in=[]``): nothing to read
        return compute()
    versions = versions_read(sql)
    if versions is None:
        return compute()
    statement = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
    key = f"kept:{name}:{statement}:" + ",".join(str(v) for v in versions)
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, KEPT_SECONDS)
    return figures
