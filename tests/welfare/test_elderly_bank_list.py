"""The 高龄津贴 on the bank list (代发清单): its payments come from the month's computed list, not
from enrollments, and are paid to the beneficiary's 惠民一卡通 — the account on their latest
enrollment that has one — masked for a user without ``view_full_id`` as for every program."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from communities.idnumbers import mask_id_number
from communities.models import Household, Resident
from tests.factories import EnrollmentFactory, next_id_number, program
from welfare.models import DisbursementBatch

ACCOUNT = "6228480012345678901"
OLD_ACCOUNT = "6217000012345678"
MONTH = "2026-03"


def elderly(community, *, name="王秀兰", birth=datetime.date(1935, 5, 5)) -> Resident:
    household = Household.objects.create(community=community, address="团结路1号")
    resident = Resident(
        id_number=next_id_number(birth), name=name, community=community, household=household
    )
    resident.save()
    return resident


def card(resident, account, *, bank="农村信用社", code="dibao_urban", applied_on):
    return EnrollmentFactory(
        resident=resident,
        program=program(code),
        bank_name=bank,
        bank_account=account,
        applied_on=applied_on,
    )


def confirm(client, month=MONTH) -> DisbursementBatch:
    confirmation = client.get(reverse("welfare:elderly_confirmation"), {"month": month})
    digest = confirmation.context["town"]["digest"]
    response = client.post(reverse("welfare:elderly_confirm"), {"month": month, "digest": digest})
    assert response.status_code == 302
    return DisbursementBatch.objects.get(program__code="elderly_allowance")


def bank_list(client, batch) -> list[dict]:
    """The rows of the batch's bank list as the export gives them, by header."""
    response = client.get(batch.get_absolute_url(), {"export": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:-1]]  # less the total line


@pytest.fixture
def paid_elderly(ehe, officer_client):
    """An elderly resident on the month's list who once applied for 低保 with an old card and
    later with their current one; the officer confirms the list."""
    resident = elderly(ehe)
    card(resident, OLD_ACCOUNT, bank="邮政储蓄银行", applied_on=datetime.date(2020, 3, 1))
    card(resident, ACCOUNT, code="dibao_rural", applied_on=datetime.date(2024, 6, 1))
    return resident, confirm(officer_client)


@pytest.mark.django_db
def test_an_elderly_allowance_payment_goes_to_the_account_of_the_latest_enrollment(
    officer_client, paid_elderly
):
    resident, batch = paid_elderly
    assert batch.disbursements.get().enrollment is None  # from the computed list
    [row] = bank_list(officer_client, batch)
    assert (row["银行账号"], row["开户银行"], row["户名"]) == (ACCOUNT, "农村信用社", resident.name)


@pytest.mark.django_db
def test_the_official_gets_the_elderly_allowance_account_masked(official_client, paid_elderly):
    _resident, batch = paid_elderly
    [row] = bank_list(official_client, batch)
    assert row["银行账号"] == mask_id_number(ACCOUNT)


@pytest.mark.django_db
def test_an_elderly_resident_without_any_account_is_listed_with_an_empty_account(
    officer_client, ehe
):
    elderly(ehe)
    [row] = bank_list(officer_client, confirm(officer_client))
    assert row["银行账号"] in (None, "") and row["金额（元）"] == 200


def export_queries(client, batch) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert len(bank_list(client, batch)) == batch.disbursements.count()
    return len(captured)


@pytest.mark.django_db
def test_the_elderly_bank_list_costs_the_same_queries_at_5_and_40_payments(officer_client, ehe):
    def add(count):
        for _ in range(count):
            card(elderly(ehe), ACCOUNT, applied_on=datetime.date(2024, 6, 1))

    add(5)
    small = export_queries(officer_client, confirm(officer_client))
    add(35)
    # session, user, profile, groups, permissions, batch, the payments with their accounts
    assert export_queries(officer_client, confirm(officer_client)) == small
