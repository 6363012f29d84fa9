"""The community services left the communities app without touching the database: the state-only
migrations print no SQL, every table keeps its name, and a database migrated before the move
keeps its rows, its content types and the roles' permissions."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from community_services.models import InterestClass, ServiceRecord
from tests.migrated_data import ensure

BEFORE_THE_MOVE = [("communities", "0007_audit_history"), ("community_services", None)]
SCHEMA_CHANGES = re.compile(r"\b(CREATE|ALTER|DROP|RENAME|INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


# Transactional (as the migration test below): SQLite's schema editor, even collecting SQL, will
# not open inside the test's transaction; serialized rollback puts the data migrations' rows back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "app, migration",
    [("community_services", "0001_initial"), ("communities", "0008_community_services_moved_out")],
)
def test_the_state_only_steps_of_the_move_print_no_sql(app, migration):
    out = io.StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    sql = "\n".join(line for line in out.getvalue().splitlines() if not line.startswith("--"))
    assert not SCHEMA_CHANGES.search(sql), sql
    assert "(no-op)" in out.getvalue()


def test_every_table_of_the_community_services_keeps_its_communities_name():
    models = apps.get_app_config("community_services").get_models(include_auto_created=True)
    tables = {model._meta.db_table for model in models}
    assert "communities_servicerecord" in tables
    assert "communities_historicalservicerecord" in tables
    assert "communities_interestclass_members" in tables
    assert "communities_historicalproject_compounds" in tables
    assert [t for t in tables if not t.startswith("communities_")] == []


def _migrate(targets):
    """Migrate to ``targets``; the models as they were at the communities app's target."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_migrated_before_the_move_keeps_its_rows_and_grants():
    ensure()
    old = _migrate(BEFORE_THE_MOVE)
    Community = old.get_model("communities", "Community")
    Resident = old.get_model("communities", "Resident")
    Household = old.get_model("communities", "Household")
    community = Community.objects.create(code="ehe", name="额河社区", order=1)
    household = Household.objects.create(community=community, address="友谊路1号")
    resident = Resident.objects.create(
        id_number="654321199001011234",
        name="张三",
        community=community,
        household=household,
        birth_date="1990-01-01",
        sex="M",
    )
    category = old.get_model("communities", "ServiceCategory").objects.get(name="信息咨询")
    old.get_model("communities", "ServiceRecord").objects.create(
        community=community, date="2026-03-02", category=category, resident=resident, note="旧记录"
    )
    old_class = old.get_model("communities", "InterestClass").objects.create(
        community=community, name="冬不拉弹唱班"
    )
    old_class.members.add(resident)
    content_type = ContentType.objects.get(app_label="communities", model="servicerecord")
    staff = Group.objects.get(name="community_staff")
    assert staff.permissions.filter(
        content_type=content_type, codename="add_servicerecord"
    ).exists()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    record = ServiceRecord.objects.get(note="旧记录")
    assert (record.community.code, record.category.name, record.resident.name) == (
        "ehe",
        "信息咨询",
        "张三",
    )
    assert [r.name for r in InterestClass.objects.get(name="冬不拉弹唱班").members.all()] == [
        "张三"
    ]
    moved = ContentType.objects.get_for_model(ServiceRecord)
    assert (moved.pk, moved.app_label) == (content_type.pk, "community_services")
    assert not ContentType.objects.filter(app_label="communities", model="servicerecord").exists()
    permission = Permission.objects.get(content_type=moved, codename="add_servicerecord")
    assert staff.permissions.filter(pk=permission.pk).exists()
    assert (
        not Permission.objects.filter(content_type__app_label="communities")
        .filter(codename__endswith="servicerecord")
        .exists()
    )
