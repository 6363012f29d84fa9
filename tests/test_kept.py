"""Figures kept in the cache (burqin.kept) are read again at once after any write to a row
their statement reads: a town-wide list counts once while nothing changes, and never shows a
count older than the last write."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from burqin.kept import kept, versions_read
from communities.models import ExportJob, Household, Resident
from tests.factories import (
    BatchFactory,
    CommunityFactory,
    DisbursementFactory,
    household_with_members,
)

RESIDENTS = reverse("communities:resident_list")
HOUSEHOLDS = reverse("communities:household_list")
PAYMENTS = reverse("welfare:disbursement_list")


def counted(client, url, **query) -> tuple[int, int]:
    """``(rows the list says it has, statements that grouped rows per community)``."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    grouped = [q for q in captured if '."community_id" AS "community_id", COUNT(*)' in q["sql"]]
    return response.context["page"].paginator.count, len(grouped)


@pytest.fixture
def two_communities(ehe, shenhu):
    household_with_members(ehe, 3)
    household_with_members(shenhu, 2)
    return ehe, shenhu


def test_a_town_wide_list_counts_once_while_nothing_is_written(official_client, two_communities):
    assert counted(official_client, RESIDENTS) == (5, 1)
    assert counted(official_client, RESIDENTS) == (5, 0)
    assert counted(official_client, RESIDENTS, page="2") == (5, 0)


def test_a_new_resident_is_counted_at_once(official_client, two_communities):
    ehe, _shenhu = two_communities
    assert counted(official_client, RESIDENTS)[0] == 5
    household_with_members(ehe, 1)
    assert counted(official_client, RESIDENTS) == (6, 1)


def test_a_resident_who_moved_out_leaves_the_count_at_once(official_client, two_communities):
    assert counted(official_client, RESIDENTS)[0] == 5
    resident = Resident.objects.order_by("pk").first()
    resident.moved_out_on = datetime.date(2026, 5, 1)
    resident.save()  # as the registry's services save: with its history
    assert counted(official_client, RESIDENTS)[0] == 4
    assert counted(official_client, RESIDENTS, status="moved_out")[0] == 1


def test_a_count_reading_two_tables_follows_a_write_to_either(official_client, two_communities):
    # A household found by its head's name: the count reads the households and the residents.
    head = Household.objects.order_by("pk").first().head
    head.name = "柯布多甲"
    head.save()
    assert counted(official_client, HOUSEHOLDS, q="柯布多甲")[0] == 1
    assert counted(official_client, HOUSEHOLDS, q="柯布多甲")[1] == 0
    head.name = "柯布多乙"
    head.save()  # the residents changed, the households did not
    assert counted(official_client, HOUSEHOLDS, q="柯布多甲")[0] == 0


def test_the_payment_totals_follow_a_new_payment_at_once(official_client):
    batch = BatchFactory(period=datetime.date(2026, 3, 1))
    DisbursementFactory(batch=batch, amount=Decimal("500.00"))
    DisbursementFactory(batch=batch, amount=Decimal("300.00"))
    first = official_client.get(PAYMENTS, {"month": "2026-03"}).context["totals"]
    assert first["amount"] == Decimal("800.00") and first["payments"] == 2
    DisbursementFactory(batch=batch, amount=Decimal("100.00"))
    after = official_client.get(PAYMENTS, {"month": "2026-03"}).context["totals"]
    assert after["amount"] == Decimal("900.00") and after["payments"] == 3


def test_figures_of_a_table_without_history_are_computed_every_time(db):
    CommunityFactory()
    assert versions_read(str(ExportJob.objects.all().query)) is None
    calls = []
    for _ in range(2):
        kept(ExportJob.objects.all(), lambda: calls.append(1) or len(calls), name="test")
    assert len(calls) == 2
    # A table with history: computed once.
    residents = Resident.objects.all()
    assert versions_read(str(residents.query)) is not None
    for _ in range(2):
        kept(residents, lambda: calls.append(1) or len(calls), name="test")
    assert len(calls) == 3
    # A filter that matches nothing has no statement: computed, not kept.
    assert kept(Resident.objects.filter(pk__in=[]), lambda: "none", name="test") == "none"
