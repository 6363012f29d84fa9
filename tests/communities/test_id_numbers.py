"""身份证号 rules as staff meet them: through the household form."""

import datetime

import pytest
from django.urls import reverse
from stdnum.cn import ric

from communities.idnumbers import make_id_number, mask_id_number
from communities.models import Resident
from tests.communities.test_household_views import household_post
from tests.factories import ResidentFactory

CREATE = reverse("communities:household_create")


def submit(client, id_number: str):
    return client.post(
        CREATE, household_post({"id_number": id_number, "name": "张三", "relation": "head"})
    )


def field_errors(response) -> str:
    return " ".join(response.context["formset"].forms[0].errors.get("id_number", []))


@pytest.mark.django_db
class TestIdNumberValidation:
    def test_it_accepts_a_valid_number_and_derives_birth_date_and_sex(self, staff_client):
        number = make_id_number("654321", datetime.date(1990, 3, 15), 123)
        assert submit(staff_client, number).status_code == 302
        resident = Resident.objects.get(id_number=number)
        assert (resident.birth_date, resident.sex) == (datetime.date(1990, 3, 15), "M")

    def test_it_accepts_a_lower_case_x_check_digit(self, staff_client):
        for sequence in range(1, 999, 2):
            number = make_id_number("654321", datetime.date(1985, 1, 1), sequence)
            if number.endswith("X"):
                break
        assert submit(staff_client, number.lower()).status_code == 302
        assert Resident.objects.filter(id_number=number).exists()

    def test_it_rejects_a_wrong_check_digit_in_chinese(self, staff_client):
        good = make_id_number("654321", datetime.date(1990, 3, 15), 123)
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        response = submit(staff_client, bad)
        assert response.status_code == 200
        assert "校验码" in field_errors(response)
        assert not Resident.objects.exists()

    def test_it_rejects_an_impossible_birth_date(self, staff_client):
        body = "65432119900230123"  # 30 February
        response = submit(staff_client, body + ric.calc_check_digit(body + "0"))
        assert "出生日期" in field_errors(response)
        assert not Resident.objects.exists()

    def test_it_rejects_a_birth_date_in_the_future(self, staff_client):
        number = make_id_number("654321", datetime.date.today() + datetime.timedelta(days=40), 11)
        response = submit(staff_client, number)
        assert "未来" in " ".join(
            str(e) for e in response.context["formset"].forms[0].errors.values()
        )

    def test_it_rejects_a_wrong_length(self, staff_client):
        response = submit(staff_client, "65432119900315123")
        assert "18" in field_errors(response)
        assert "位" in field_errors(response)

    def test_it_rejects_a_number_already_registered(self, staff_client, shenhu):
        existing = ResidentFactory(community=shenhu)
        response = submit(staff_client, existing.id_number)
        assert "已登记" in field_errors(response)
        assert Resident.objects.count() == 1


def test_mask_keeps_region_prefix_and_last_four():
    assert mask_id_number("65432119900315123X") == "6543**********123X"


@pytest.mark.django_db
def test_id_number_for_masks_unless_the_user_may_see_full_numbers(ehe):
    from communities.idnumbers import id_number_for
    from tests.factories import staff_of, town_official

    number = "65432119900315123X"
    assert id_number_for(town_official(), number) == "6543**********123X"
    assert id_number_for(staff_of(ehe), number) == number  # staff hold view_full_id
