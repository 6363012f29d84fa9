"""Pages cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ResidentFactory, household_with_members


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_residents(community, count):
    for _ in range(count // 4):
        household_with_members(community, 4)


@pytest.mark.django_db
def test_resident_list_query_count_is_the_same_at_20_and_200_rows(staff_client, ehe):
    url = reverse("communities:resident_list")
    add_residents(ehe, 20)
    small = queries_for(staff_client, url)
    add_residents(ehe, 180)
    large = queries_for(staff_client, url)
    # session, user, scope profile, nav profile+community, count, page rows (with community
    # and household joined), permission lookups: a constant handful.
    assert small == large
    assert large <= 12


@pytest.mark.django_db
def test_household_detail_query_count_is_the_same_at_20_and_200_members(staff_client, ehe):
    household = household_with_members(ehe, 20)
    small = queries_for(staff_client, household.get_absolute_url())
    for _ in range(180):
        ResidentFactory(household=household, relation="other")
    large = queries_for(staff_client, household.get_absolute_url())
    # session, user, scope, nav profile, household (+community, compound, head), members, history
    assert small == large
    assert large <= 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["home", "communities:community_list", "communities:household_list"]
)
def test_overview_pages_do_not_grow_with_rows(staff_client, ehe, name):
    url = reverse(name)
    add_residents(ehe, 20)
    small = queries_for(staff_client, url)
    add_residents(ehe, 120)
    assert queries_for(staff_client, url) == small
