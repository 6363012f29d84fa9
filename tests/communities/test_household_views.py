import datetime

import pytest
from django.urls import reverse

from communities.models import Household, Resident
from tests.factories import household_with_members, next_id_number, staff_of, town_official

CREATE = reverse("communities:household_create")


def member_data(index: int, **fields) -> dict:
    return {f"members-{index}-{key}": value for key, value in fields.items()}


def household_post(*members: dict, address="友谊路8号2-301") -> dict:
    data = {
        "address": address,
        "registration_type": "urban",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for i, member in enumerate(members):
        defaults = {"relation": "child", "ethnicity": "01"}
        defaults.update(member)
        data.update(member_data(i, **defaults))
    return data


@pytest.mark.django_db
class TestHouseholdCreate:
    def test_it_creates_a_household_with_two_members_and_sets_the_head(self, staff_client, ehe):
        head_id = next_id_number(datetime.date(1980, 5, 1), male=True)
        wife_id = next_id_number(datetime.date(1982, 7, 9), male=False)
        response = staff_client.post(
            CREATE,
            household_post(
                {"id_number": head_id, "name": "张三", "relation": "head"},
                {"id_number": wife_id, "name": "阿依古丽", "relation": "spouse", "ethnicity": "17"},
            ),
        )
        household = Household.objects.get()
        assert response.status_code == 302
        assert response.url == household.get_absolute_url()
        assert household.community == ehe
        assert household.head.name == "张三"
        wife = Resident.objects.get(id_number=wife_id)
        assert (wife.sex, wife.birth_date, wife.community) == ("F", datetime.date(1982, 7, 9), ehe)
        assert wife.name_pinyin == "ayiguli"

    def test_it_ignores_a_community_sent_by_staff(self, staff_client, ehe, shenhu):
        data = household_post({"id_number": next_id_number(), "name": "李伟", "relation": "head"})
        data["community"] = str(shenhu.pk)
        staff_client.post(CREATE, data)
        assert Household.objects.get().community == ehe

    def test_it_requires_exactly_one_head(self, staff_client):
        response = staff_client.post(
            CREATE,
            household_post(
                {"id_number": next_id_number(), "name": "李伟", "relation": "spouse"},
            ),
        )
        assert response.status_code == 200
        assert "户主" in response.content.decode()
        assert not Household.objects.exists()

    def test_anonymous_is_sent_to_login(self, client, db):
        response = client.get(CREATE)
        assert response.status_code == 302
        assert reverse("login") in response.url

    def test_read_only_official_gets_403(self, client, db):
        client.force_login(town_official())
        assert client.get(CREATE).status_code == 403

    def test_wrong_method_gets_405(self, staff_client):
        assert staff_client.delete(CREATE).status_code == 405


@pytest.mark.django_db
class TestHouseholdEdit:
    def test_it_adds_a_member_to_an_existing_household(self, staff_client, ehe):
        household = household_with_members(ehe, 1)
        head = household.head
        data = household_post(
            {"id": head.pk, "id_number": head.id_number, "name": head.name, "relation": "head"},
            {"id_number": next_id_number(), "name": "王小明", "relation": "child"},
            address=household.address,
        )
        data["members-INITIAL_FORMS"] = "1"
        url = reverse("communities:household_edit", args=[household.pk])
        response = staff_client.post(url, data)
        assert response.status_code == 302
        assert household.members.count() == 2

    def test_detail_lists_members_head_first(self, staff_client, ehe):
        household = household_with_members(ehe, 3)
        response = staff_client.get(household.get_absolute_url())
        assert response.status_code == 200
        members = list(response.context["members"])
        assert members[0] == household.head
        assert len(members) == 3

    def test_staff_of_other_community_gets_404_on_household_edit(self, client, ehe, shenhu):
        household = household_with_members(shenhu, 1)
        client.force_login(staff_of(ehe))
        url = reverse("communities:household_edit", args=[household.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"address": "x"}).status_code == 404
