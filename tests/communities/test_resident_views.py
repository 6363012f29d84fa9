import pytest
from django.urls import reverse

from communities.models import Resident
from tests.factories import household_with_members, staff_of


@pytest.mark.django_db
def test_moving_a_resident_keeps_one_record_and_history_shows_it(client, ehe, shenhu):
    from tests.factories import UserFactory

    resident = household_with_members(ehe, 2).members.exclude(relation="head").get()
    new_home = household_with_members(shenhu, 1)
    admin = UserFactory(username="root_admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("communities:resident_edit", args=[resident.pk]),
        {
            "id_number": resident.id_number,
            "name": resident.name,
            "household": new_home.pk,
            "relation": "other",
            "ethnicity": resident.ethnicity,
        },
    )
    assert response.status_code == 302
    assert Resident.objects.filter(id_number=resident.id_number).count() == 1
    resident.refresh_from_db()
    assert resident.community == shenhu
    body = client.get(resident.get_absolute_url()).content.decode()
    assert new_home.address in body
    assert "额河社区" in body and "神湖社区" in body  # the move is in the change history

    # The old community's staff no longer see the resident; the new one's do.
    client.force_login(staff_of(ehe))
    assert client.get(resident.get_absolute_url()).status_code == 404
    client.force_login(staff_of(shenhu))
    assert client.get(resident.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_staff_mark_a_resident_moved_out(staff_client, ehe):
    resident = household_with_members(ehe, 1).head
    response = staff_client.post(
        reverse("communities:resident_edit", args=[resident.pk]),
        {
            "id_number": resident.id_number,
            "name": resident.name,
            "household": resident.household_id,
            "relation": "head",
            "ethnicity": resident.ethnicity,
            "moved_out_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert str(resident.moved_out_on) == "2026-10-01"
    assert "迁出" in staff_client.get(resident.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_staff_cannot_move_a_resident_into_another_communitys_household(staff_client, ehe, shenhu):
    resident = household_with_members(ehe, 1).head
    theirs = household_with_members(shenhu, 1)
    response = staff_client.post(
        reverse("communities:resident_edit", args=[resident.pk]),
        {
            "id_number": resident.id_number,
            "name": resident.name,
            "household": theirs.pk,
            "relation": "head",
            "ethnicity": "01",
        },
    )
    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.household_id != theirs.pk


@pytest.mark.django_db
def test_disability_needs_a_category(staff_client, ehe):
    resident = household_with_members(ehe, 1).head
    response = staff_client.post(
        reverse("communities:resident_edit", args=[resident.pk]),
        {
            "id_number": resident.id_number,
            "name": resident.name,
            "household": resident.household_id,
            "relation": "head",
            "ethnicity": "01",
            "is_disabled": "on",
        },
    )
    assert response.status_code == 200
    assert "残疾类别" in response.content.decode()
