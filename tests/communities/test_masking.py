"""ID numbers are masked in lists, detail and exports for users without view_full_id."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities.idnumbers import mask_id_number
from tests.factories import household_with_members, town_official


def cells(response) -> set:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return {v for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row}


@pytest.fixture
def resident(ehe):
    return household_with_members(ehe, 1).head


@pytest.fixture
def official_client(client, db):
    client.force_login(town_official())
    return client


@pytest.mark.django_db
class TestOfficialWithoutPermission:
    def test_list_shows_masked_id(self, official_client, resident):
        body = official_client.get(reverse("communities:resident_list")).content.decode()
        assert mask_id_number(resident.id_number) in body
        assert resident.id_number not in body

    def test_detail_shows_masked_id(self, official_client, resident):
        body = official_client.get(resident.get_absolute_url()).content.decode()
        assert mask_id_number(resident.id_number) in body
        assert resident.id_number not in body

    def test_household_pages_show_masked_id(self, official_client, resident):
        for url in (reverse("communities:household_list"), resident.household.get_absolute_url()):
            body = official_client.get(url).content.decode()
            assert resident.id_number not in body

    def test_exports_show_masked_id(self, official_client, resident):
        for name in ("communities:resident_list", "communities:household_list"):
            values = cells(official_client.get(reverse(name), {"export": "xlsx"}))
            assert mask_id_number(resident.id_number) in values
            assert resident.id_number not in values

    def test_edit_form_does_not_offer_the_id_number(self, client, resident):
        # Read-only officials cannot edit at all; the form itself hides the field as well.
        client.force_login(town_official())
        assert (
            client.get(reverse("communities:resident_edit", args=[resident.pk])).status_code == 403
        )


@pytest.mark.django_db
def test_staff_with_permission_see_the_full_number(staff_client, resident):
    body = staff_client.get(resident.get_absolute_url()).content.decode()
    assert resident.id_number in body
    values = cells(staff_client.get(reverse("communities:resident_list"), {"export": "xlsx"}))
    assert resident.id_number in values
