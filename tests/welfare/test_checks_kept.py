"""The whole town's enrollment checks are kept a few minutes; the cases are read again each time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Resident
from tests.factories import EnrollmentFactory, household_with_members, staff_of
from welfare import selectors, services

URL = reverse("welfare:enrollment_checks")
NOTE = 'data-testid="checked-at"'


def deceased_beneficiary(community):
    enrollment = EnrollmentFactory(resident=household_with_members(community, 1).head)
    Resident.objects.filter(pk=enrollment.resident_id).update(deceased_on=datetime.date(2026, 1, 5))
    return enrollment


def gone(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response, {e.pk for e in response.context["checks"]["gone"]}


@pytest.mark.django_db
def test_a_mended_case_leaves_the_kept_checks_at_once_and_a_new_one_waits_for_the_next(
    officer_client, officer, ehe
):
    first_case = deceased_beneficiary(ehe)
    response, cases = gone(officer_client)
    assert cases == {first_case.pk} and NOTE not in response.text  # checked now

    services.enrollment_terminate(user=officer, enrollment=first_case, reason="本人已去世")
    new_case = deceased_beneficiary(ehe)
    response, cases = gone(officer_client)
    assert cases == set()  # the mended case is gone; the new one waits for the next check
    assert NOTE in response.text and "重新检查" in response.text
    checked_at = response.context["checked_at"]
    assert checked_at is not None

    assert officer_client.post(URL).url == URL  # 重新检查
    response, cases = gone(officer_client)
    assert cases == {new_case.pk} and response.context["checked_at"] > checked_at


@pytest.mark.django_db
def test_a_communitys_checks_are_run_on_every_visit(officer_client, staff_client, ehe):
    deceased_beneficiary(ehe)
    assert len(gone(staff_client)[1]) == 1
    officer_client.post(reverse("set_community_filter"), {"community": ehe.pk})
    assert len(gone(officer_client)[1]) == 1
    deceased_beneficiary(ehe)
    assert staff_client.post(URL).url == URL  # nothing kept: the page checks anyway
    for client in (staff_client, officer_client):
        response, cases = gone(client)
        assert len(cases) == 2 and response.context["checked_at"] is None


@pytest.mark.django_db
def test_the_kept_checks_are_the_scopes_own(officer_client, ehe, shenhu, client):
    """Kept by the checks' SQL: another user's scope never reads this one's cases."""
    deceased_beneficiary(ehe)
    other_case = deceased_beneficiary(shenhu)
    assert len(gone(officer_client)[1]) == 2
    client.force_login(staff_of(shenhu))
    assert gone(client)[1] == {other_case.pk}


@pytest.mark.django_db
def test_the_kept_checks_read_the_same_statements_at_two_sizes(officer_client, ehe):
    def kept_queries():
        with CaptureQueriesContext(connection) as captured:
            response = officer_client.get(URL)
        assert response.context["checked_at"] is not None
        return len(captured)

    for _ in range(2):
        deceased_beneficiary(ehe)
    gone(officer_client)
    small = kept_queries()
    for _ in range(20):
        deceased_beneficiary(ehe)
    officer_client.post(URL)
    assert kept_queries() == small


def test_checks_are_kept_for_ten_minutes():
    assert selectors.CHECKS_CACHE_SECONDS == 600
