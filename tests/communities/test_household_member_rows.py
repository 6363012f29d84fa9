"""The household form grows in place: a member row added with htmx (or, without JavaScript, by
posting "Add a member", which saves nothing), rows not yet saved removed; errors summarised at
the top with links to their fields; a village's household defaults to rural."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Community, Household, Resident
from tests.communities.test_household_views import household_post
from tests.factories import CommunityFactory, household_with_members, next_id_number, staff_of

CREATE = reverse("communities:household_create")
ROW = reverse("communities:household_member_row")


@pytest.mark.django_db
class TestMemberRow:
    def test_it_answers_the_next_row_and_the_new_count(self, staff_client):
        response = staff_client.get(ROW, {"members-TOTAL_FORMS": "2"}, headers={"HX-Request": "1"})
        body = response.content.decode()
        assert response.status_code == 200
        assert 'name="members-2-id_number"' in body
        assert 'name="members-2-name"' in body
        assert "data-remove-row" in body
        assert 'id="id_members-TOTAL_FORMS" hx-swap-oob="true"' in body
        assert 'value="3"' in body

    def test_a_nonsense_count_starts_at_row_zero(self, staff_client):
        body = staff_client.get(ROW, {"members-TOTAL_FORMS": "x"}).content.decode()
        assert 'name="members-0-name"' in body

    def test_anonymous_is_sent_to_login(self, client, db):
        assert client.get(ROW).status_code == 302

    def test_wrong_method_gets_405(self, staff_client):
        assert staff_client.post(ROW).status_code == 405

    def test_the_form_offers_add_and_remove(self, staff_client):
        body = staff_client.get(CREATE).content.decode()
        assert f'hx-get="{ROW}"' in body
        assert 'name="add_member"' in body
        assert body.count("data-remove-row") == 2  # the two new rows

    def test_a_household_of_four_is_saved_from_rows_added_in_place(self, staff_client, ehe):
        # Two rows rendered, two added with htmx, a fifth added and removed (index 4 unused).
        members = [
            {"id_number": next_id_number(), "name": "马建华", "relation": "head"},
            {"id_number": next_id_number(male=False), "name": "马丽", "relation": "spouse"},
            {"id_number": next_id_number(datetime.date(2010, 3, 1)), "name": "马小军"},
            {"id_number": next_id_number(datetime.date(2013, 6, 1), male=False), "name": "马小红"},
        ]
        data = household_post(*members)
        data["members-TOTAL_FORMS"] = "5"
        response = staff_client.post(CREATE, data)
        assert response.status_code == 302
        assert Household.objects.get().members.count() == 4

    def test_without_javascript_add_a_member_shows_one_more_row_and_saves_nothing(
        self, staff_client
    ):
        data = household_post({"id_number": next_id_number(), "name": "李伟", "relation": "head"})
        data["add_member"] = "1"
        response = staff_client.post(CREATE, data)
        body = response.content.decode()
        assert response.status_code == 200
        assert 'name="members-1-name"' in body
        assert 'value="李伟"' in body
        assert not Household.objects.exists()
        assert not Resident.objects.exists()

    def test_a_saved_member_is_not_removed_in_place_but_sent_to_their_record(
        self, staff_client, ehe
    ):
        household = household_with_members(ehe, 2)
        body = staff_client.get(reverse("communities:household_edit", args=[household.pk]))
        body = body.content.decode()
        assert body.count("data-remove-row") == 1  # only the empty extra row
        assert reverse("communities:resident_edit", args=[household.head.pk]) in body


@pytest.mark.django_db
class TestErrorSummary:
    def test_errors_are_summarised_at_the_top_with_links_to_the_fields(self, staff_client):
        data = household_post({"id_number": "123", "name": "", "relation": "head"}, address="")
        body = staff_client.post(CREATE, data).content.decode()
        summary = body[body.index('data-testid="error-summary"') :]
        summary = summary[: summary.index("</div>")]
        assert 'href="#id_address"' in summary
        assert 'href="#id_members-0-id_number"' in summary
        assert 'href="#id_members-0-name"' in summary
        assert "第 1 行" in summary
        assert body.index('data-testid="error-summary"') < body.index('name="address"')

    def test_a_crispy_form_summarises_its_errors(self, staff_client, ehe):
        household = household_with_members(ehe, 1)
        resident = household.head
        response = staff_client.post(
            reverse("communities:resident_edit", args=[resident.pk]),
            {"name": "", "relation": "head", "ethnicity": "01", "household": household.pk},
        )
        body = response.content.decode()
        assert 'data-testid="error-summary"' in body
        assert 'href="#id_name"' in body


@pytest.mark.django_db
class TestRegistrationTypeDefault:
    def test_a_village_household_defaults_to_rural(self, client):
        village = CommunityFactory(code="qieketai", name="切克台村", kind=Community.Kind.RURAL)
        client.force_login(staff_of(village))
        body = client.get(CREATE).content.decode()
        assert '<option value="rural" selected>' in body

    def test_an_urban_community_household_defaults_to_urban(self, staff_client):
        body = staff_client.get(CREATE).content.decode()
        assert '<option value="urban" selected>' in body
