"""The ID-tail index of the resident search, on PostgreSQL only.

Name, pinyin and initials are searched by prefix (``LIKE '张伟%'``, ``LIKE 'zs%'``), which the
``…_like`` indexes Django makes for their ``db_index`` answer. The ID tail asks for
``reverse(id_number) LIKE '4321%'`` (ResidentQuerySet.search), which this expression index
answers instead of a scan of every row. (A pg_trgm GIN index on the name was tried and dropped:
two-character names give no trigram, and the planner then read the whole index — slower than
the scan.) EXPLAIN plans before and after are in docs/performance.md.
SQLite (``make run``) needs none of them at a town's size.
"""

from django.db import migrations

INDEXES = {
    "resident_id_tail": "(reverse(id_number) text_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON communities_resident {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_service_categories_and_roles")]

    operations = [migrations.RunPython(create, drop)]
