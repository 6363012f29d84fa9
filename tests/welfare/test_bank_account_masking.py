"""Bank account numbers are masked like ID numbers for a user without ``view_full_id`` (the
read-only town official) on every page and export, and shown whole to the civil-affairs officer."""

import pytest
from django.urls import reverse

from burqin.spreadsheets import XLSX_CONTENT_TYPE
from communities.idnumbers import mask_id_number
from tests.factories import (
    IN_COMMUNITY,
    DisbursementFactory,
    EnrollmentFactory,
    civil_affairs_officer,
    town_official,
)
from tests.scope_walk import model_for, response_text, url_patterns
from welfare.models import Enrollment

ACCOUNT = "6228480012345678901"
MASKED = mask_id_number(ACCOUNT)


@pytest.fixture
def paid(ehe):
    """An enrollment with a bank account and its payment in this month's batch."""
    enrollment = EnrollmentFactory(
        community=ehe, bank_name="农村信用社", bank_account=ACCOUNT, status="active"
    )
    disbursement = DisbursementFactory(
        resident=enrollment.resident, enrollment=enrollment, program=enrollment.program
    )
    return enrollment, disbursement.batch


def bank_list(client, batch) -> str:
    return response_text(client.get(batch.get_absolute_url(), {"export": "xlsx"}))


def test_the_mask_keeps_the_issuer_and_the_last_four_digits():
    assert MASKED == "6228***********8901"


@pytest.mark.django_db
def test_official_sees_the_account_masked_on_the_enrollment_page(official_client, paid):
    enrollment, _batch = paid
    body = official_client.get(enrollment.get_absolute_url()).content.decode()
    assert MASKED in body
    assert ACCOUNT not in body


@pytest.mark.django_db
def test_official_gets_the_bank_payment_list_with_masked_accounts(official_client, paid):
    _enrollment, batch = paid
    cells = bank_list(official_client, batch)
    assert MASKED in cells
    assert ACCOUNT not in cells


@pytest.mark.django_db
def test_civil_affairs_officer_sees_the_full_account(paid):
    from django.test import Client

    enrollment, batch = paid
    client = Client()
    client.force_login(civil_affairs_officer())
    assert ACCOUNT in client.get(enrollment.get_absolute_url()).content.decode()
    assert ACCOUNT in bank_list(client, batch)


@pytest.mark.django_db
def test_no_page_or_export_shows_the_official_a_full_account(client, ehe, paid):
    """Walk every URL of the project (lists with and without ``?export=xlsx``, and each object
    page built in the community) as the town official."""
    client.force_login(town_official(username="official_walk"))
    leaks, shown = [], set()
    for name, pattern in url_patterns():
        if pattern.pattern.converters:
            label = model_for(name)
            if label is None:
                continue
            obj = IN_COMMUNITY[label](ehe)
            Enrollment.objects.update(bank_account=ACCOUNT)  # whatever the builder made
            url = reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, obj.pk))
        else:
            url = reverse(name)
        for query in ("", "?export=xlsx"):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            if response.streaming and not response.get("Content-Type", "").startswith(
                XLSX_CONTENT_TYPE
            ):  # uploaded files as stored
                continue
            text = response_text(response)
            if ACCOUNT in text:
                leaks.append(url + query)
            if MASKED in text:
                shown.add(name)
    assert leaks == []
    assert {"welfare:enrollment_detail", "welfare:batch_detail"} <= shown
