"""The town's report reads every community without listing them (issue 19, item 7): the figures
are the same as with the list, a household that moved counts once, and a community's report
still reads its own rows only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from burqin.periods import Period
from communities.coverage import covers_all
from communities.models import Community
from reports import sections
from tests.factories import BatchFactory, CommunityFactory, household_with_members, program
from welfare.models import Disbursement
from welfare.summary import section

ID_LIST = re.compile(r'"community_id"\s+IN\s+\(\s*(%s|\d)', re.IGNORECASE)


def _pay(head, code, month, amount, community=None):
    batch = BatchFactory(program=program(code), period=month)
    return Disbursement.objects.create(
        batch=batch,
        program=batch.program,
        period=month,
        community=community or head.community,
        household=head.household,
        resident=head,
        amount=Decimal(amount),
        persons=1,
    )


@pytest.fixture
def two_communities(db):
    return [CommunityFactory(code=f"tw{i}") for i in range(2)]


def test_every_community_is_recognised_without_a_query(two_communities, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert covers_all(Community.objects.all())
    assert covers_all(list(Community.objects.all()))
    assert not covers_all(Community.objects.filter(pk=two_communities[0].pk))
    assert not covers_all([two_communities[1]])


def test_the_towns_figures_list_no_community_ids_and_equal_the_listed_ones(two_communities):
    a, b = two_communities
    _pay(household_with_members(a, 1).head, "dibao_urban", datetime.date(2026, 3, 1), "500.00")
    _pay(household_with_members(b, 2).head, "dibao_urban", datetime.date(2026, 4, 1), "320.50")
    period = Period.parse("2026-H1")
    with CaptureQueriesContext(connection) as statements:
        town = sections.collect(period, Community.objects.all())
    listed = [q["sql"] for q in statements.captured_queries if ID_LIST.search(q["sql"])]
    assert listed == []
    assert sections.collect(period, list(Community.objects.all())) == town
    dibao = {row["program"]: row for row in town["welfare"]}["dibao_urban"]
    assert (dibao["amount"], dibao["payments"]) == ("820.50", 2)


def test_a_household_that_moved_counts_once_in_the_town_and_once_in_each_community(
    two_communities,
):
    a, b = two_communities
    head = household_with_members(a, 1).head
    _pay(head, "dibao_urban", datetime.date(2026, 1, 1), "400.00")
    _pay(head, "dibao_urban", datetime.date(2026, 2, 1), "400.00", community=b)
    result = section(Period.parse("2026-H1"), Community.objects.all())
    dibao = {row["program"]: row for row in result["programs"]}["dibao_urban"]
    assert dibao["beneficiaries"] == 1
    assert dibao["payments"] == 2
    assert dibao["amount"] == Decimal("800.00")
    assert dibao["months"] == 2
    assert dibao["communities"] == 2
    per_community = {
        c["community"]: c["programs"][0]["beneficiaries"] for c in result["by_community"]
    }
    assert per_community == {a.code: 1, b.code: 1}


def test_a_communitys_report_reads_its_own_rows_only(two_communities):
    a, b = two_communities
    _pay(household_with_members(a, 1).head, "dibao_urban", datetime.date(2026, 3, 1), "500.00")
    _pay(household_with_members(b, 1).head, "dibao_urban", datetime.date(2026, 3, 1), "70.00")
    own = sections.collect(Period.parse("2026-03"), Community.objects.filter(pk=a.pk))
    dibao = {row["program"]: row for row in own["welfare"]}["dibao_urban"]
    assert (dibao["amount"], dibao["beneficiaries"]) == ("500.00", 1)


def test_a_communitys_report_asks_once_whether_it_is_the_whole_town(two_communities):
    """The sections share the report's communities: the check against the table runs once."""
    from django.core.management import call_command

    a, _b = two_communities
    _pay(household_with_members(a, 1).head, "dibao_urban", datetime.date(2026, 3, 1), "500.00")
    with CaptureQueriesContext(connection) as statements:
        call_command("build_report", "2026-03", "--community", a.code)
    checks = [
        q["sql"]
        for q in statements.captured_queries
        if re.search(r'FROM "communities_community" WHERE NOT', q["sql"])
    ]
    assert len(checks) == 1, checks
