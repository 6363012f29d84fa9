"""Batch detail and enrollment list cost the same queries at 50 and at 500 rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Household, Resident
from tests.factories import BatchFactory, EnrollmentFactory, next_id_number, program
from welfare.models import Disbursement, Enrollment


def heads(community, count):
    households = Household.objects.bulk_create(
        [Household(community=community, address=f"测试路{i}号") for i in range(count)]
    )
    residents = []
    for household in households:
        resident = Resident(
            id_number=next_id_number(), name="王芳", community=community, household=household
        )
        resident.fill_derived()
        residents.append(resident)
    return Resident.objects.bulk_create(residents)


def add_enrollments(community, count):
    template = EnrollmentFactory.build(resident=heads(community, 1)[0])
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                program=template.program,
                community=community,
                household=r.household,
                resident=r,
                status="active",
                applied_on=template.applied_on,
                started_on=template.started_on,
                persons_covered=2,
            )
            for r in heads(community, count)
        ]
    )


def add_payments(batch, community, count):
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                batch=batch,
                program=batch.program,
                period=batch.period,
                community=community,
                household=r.household,
                resident=r,
                amount=960,
            )
            for r in heads(community, count)
        ]
    )


def queries(client, url) -> int:
    """The statements of a page counted from nothing kept (a kept result reads less)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_batch_detail_query_count_is_the_same_at_50_and_500_rows(officer_client, ehe):
    batch = BatchFactory(program=program("dibao_urban"))
    add_payments(batch, ehe, 50)
    small = queries(officer_client, batch.get_absolute_url())
    add_payments(batch, ehe, 450)
    # session, user, profile, groups, permissions, batch, totals, count, page rows
    assert queries(officer_client, batch.get_absolute_url()) == small


@pytest.mark.django_db
def test_enrollment_list_query_count_is_the_same_at_50_and_500_rows(staff_client, ehe):
    url = reverse("welfare:enrollment_list")
    add_enrollments(ehe, 50)
    small = queries(staff_client, url)
    add_enrollments(ehe, 450)
    # session, user, scope profile, nav profile, permissions, count, page with joins
    assert queries(staff_client, url) == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "welfare:program_list",
        "welfare:batch_list",
        "welfare:disbursement_list",
        "welfare:enrollment_queue",
        "welfare:enrollment_checks",
    ],
)
def test_welfare_lists_do_not_grow_with_rows(officer_client, ehe, name):
    batch = BatchFactory(program=program("dibao_urban"))
    add_payments(batch, ehe, 20)
    add_enrollments(ehe, 20)
    small = queries(officer_client, reverse(name))
    add_payments(batch, ehe, 200)
    add_enrollments(ehe, 200)
    assert queries(officer_client, reverse(name)) == small
