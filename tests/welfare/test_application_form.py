"""The application form fits the work: the beneficiary chosen with a picker, 保障人数 defaulting
to the household's size, the monthly amount previewed with its formula, and the bank account
normalised and checked (digits, length, Luhn) with a clear Chinese error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    EnrollmentFactory,
    HouseholdFactory,
    ResidentFactory,
    household_with_members,
    program,
)
from welfare.models import Enrollment

CREATE = reverse("welfare:enrollment_create")
PREVIEW = reverse("welfare:enrollment_preview")
CARD = "6222021234567890128"  # Luhn-valid


def application(resident, **fields) -> dict:
    return {
        "program": program("dibao_urban").pk,
        "resident": resident.pk,
        "persons_covered": "",
        "applied_on": datetime.date.today().isoformat(),
        "bank_name": "中国农业银行",
        "bank_account": "",
        **fields,
    }


@pytest.mark.django_db
class TestPersonsCovered:
    def test_left_empty_it_is_the_households_size(self, staff_client, ehe):
        head = household_with_members(ehe, 4).head
        response = staff_client.post(CREATE, application(head))
        assert response.status_code == 302
        assert Enrollment.objects.get().persons_covered == 4

    def test_a_number_typed_is_kept(self, staff_client, ehe):
        head = household_with_members(ehe, 4).head
        staff_client.post(CREATE, application(head, persons_covered="2"))
        assert Enrollment.objects.get().persons_covered == 2


@pytest.mark.django_db
class TestAmountPreview:
    def test_it_shows_the_amount_and_its_formula_for_the_household(self, staff_client, ehe):
        head = household_with_members(ehe, 3).head
        dibao = program("dibao_urban")
        standard = dibao.standard_on(timezone.localdate()).amount
        response = staff_client.get(PREVIEW, {"program": dibao.pk, "resident": head.pk})
        body = response.content.decode()
        assert response.status_code == 200
        assert f"{standard} − 0.00）× 3 人 = {round(standard * 3)} 元" in body
        assert "家庭人口 3 人" in body

    def test_persons_typed_change_the_formula(self, staff_client, ehe):
        head = household_with_members(ehe, 3).head
        dibao = program("dibao_urban")
        response = staff_client.get(
            PREVIEW, {"program": dibao.pk, "resident": head.pk, "persons_covered": "2"}
        )
        assert "× 2" in response.content.decode()

    def test_a_resident_of_another_community_gets_no_preview(self, staff_client, shenhu):
        theirs = household_with_members(shenhu, 3).head
        response = staff_client.get(
            PREVIEW, {"program": program("dibao_urban").pk, "resident": theirs.pk}
        )
        assert response.status_code == 200
        assert 'data-testid="amount-preview"' not in response.content.decode()

    def test_the_form_asks_for_the_preview_as_it_changes(self, staff_client):
        body = staff_client.get(CREATE).content.decode()
        assert f'hx-get="{PREVIEW}"' in body
        assert 'hx-trigger="load, change from:closest form"' in body

    def test_read_only_official_gets_403(self, official_client):
        assert official_client.get(PREVIEW).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, db):
        assert client.get(PREVIEW).status_code == 302


@pytest.mark.django_db
class TestBankAccount:
    def test_spaces_and_dashes_are_removed(self, staff_client, ehe):
        head = household_with_members(ehe, 2).head
        typed = "6222 0212-3456 7890 128"
        response = staff_client.post(CREATE, application(head, bank_account=typed))
        assert response.status_code == 302
        assert Enrollment.objects.get().bank_account == CARD

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("6222O21234567890128", "银行账号只能包含数字"),
            ("62220212345", "应为 12 至 19 位数字，当前为 11 位"),
            ("6222021234567890123", "校验位不符"),
        ],
    )
    def test_a_wrong_account_is_refused_in_chinese(self, staff_client, ehe, typed, message):
        head = household_with_members(ehe, 2).head
        response = staff_client.post(CREATE, application(head, bank_account=typed))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Enrollment.objects.exists()

    def test_the_edit_form_checks_it_too(self, staff_client, ehe):
        household = HouseholdFactory(community=ehe)
        head = ResidentFactory(household=household)
        enrollment = EnrollmentFactory(
            community=ehe, household=household, resident=head, status="applied"
        )
        url = reverse("welfare:enrollment_edit", args=[enrollment.pk])
        response = staff_client.post(
            url, {"persons_covered": "1", "bank_account": "6222 0212 3456 7890 123"}
        )
        assert "校验位不符" in response.content.decode()
        response = staff_client.post(
            url, {"persons_covered": "1", "bank_account": "6222 0212 3456 7890 128"}
        )
        enrollment.refresh_from_db()
        assert enrollment.bank_account == CARD
