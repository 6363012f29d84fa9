"""The community services' writes go through community_services/services.py: the pages post
values, the services decide where a new record belongs and write its history in the name of the
staff member who acted."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from communities.models import StaffProfile
from community_services.models import (
    InterestClass,
    Pairing,
    PairingVisit,
    Project,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
)
from tests.factories import (
    CompoundFactory,
    PairingFactory,
    VolunteerTeamFactory,
    household_with_members,
    today,
)


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin", password="x")
    StaffProfile.objects.create(user=admin, community=None)
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_a_town_wide_quick_entry_for_a_resident_belongs_to_the_residents_community(
    admin_client, ehe, shenhu
):
    resident = household_with_members(shenhu, 1).head
    admin_client.post(
        reverse("community_services:servicerecord_quick"),
        {
            "date": today().isoformat(),
            "category": ServiceCategory.objects.get(name="医疗保健").pk,
            "charge": "free",
            "fee": "0",
            "who": resident.id_number[-6:],
            "note": "",
        },
    )
    record = ServiceRecord.objects.get()
    assert (record.resident, record.community) == (resident, shenhu)


@pytest.mark.django_db
def test_a_quick_entry_names_its_staff_member_and_its_history_too(staff_client, staff, ehe):
    staff_client.post(
        reverse("community_services:servicerecord_quick"),
        {
            "date": today().isoformat(),
            "category": ServiceCategory.objects.get(name="信息咨询").pk,
            "charge": "low_fee",
            "fee": "5",
            "who": "",
            "note": "复印",
        },
    )
    record = ServiceRecord.objects.get()
    assert (record.community, record.staff, record.fee) == (ehe, staff, 5)
    assert record.history.get().history_user == staff


@pytest.mark.django_db
def test_editing_a_service_record_keeps_its_community_and_staff(staff_client, staff, ehe):
    staff_client.post(
        reverse("community_services:servicerecord_quick"),
        {
            "date": today().isoformat(),
            "category": ServiceCategory.objects.get(name="医疗保健").pk,
            "charge": "free",
            "fee": "0",
            "who": "",
            "note": "",
        },
    )
    record = ServiceRecord.objects.get()
    response = staff_client.post(
        reverse("community_services:servicerecord_edit", args=[record.pk]),
        {
            "date": today().isoformat(),
            "category": record.category_id,
            "charge": "paid",
            "fee": "20",
            "who": "",
            "note": "上门",
        },
    )
    assert response.status_code == 302
    # back to the list from the record's month (the bare list begins on this month's first)
    assert response["Location"].endswith(f"?date_from={today().replace(day=1):%Y-%m-%d}")
    record.refresh_from_db()
    assert (record.charge, record.note, record.community, record.staff) == (
        "paid",
        "上门",
        ehe,
        staff,
    )
    assert record.history.count() == 2


@pytest.mark.django_db
def test_a_volunteer_is_linked_to_the_resident_of_that_name(staff_client, ehe):
    team = VolunteerTeamFactory(community=ehe)
    resident = household_with_members(ehe, 1).head
    staff_client.post(
        reverse("community_services:volunteerteam_volunteer_add", args=[team.pk]),
        {"name": resident.name, "phone": "", "post": "环境卫生岗", "duty": ""},
    )
    volunteer = Volunteer.objects.get()
    assert (volunteer.team, volunteer.resident, volunteer.post) == (team, resident, "环境卫生岗")


@pytest.mark.django_db
def test_a_pairing_belongs_to_its_households_community_and_visits_name_the_staff(
    staff_client, staff, ehe
):
    household = household_with_members(ehe, 2)
    staff_client.post(
        reverse("community_services:pairing_create"),
        {"cadre_name": "张建国", "household": household.pk, "started_on": "2026-01-05"},
    )
    pairing = Pairing.objects.get()
    assert (pairing.community, pairing.household) == (ehe, household)
    staff_client.post(
        reverse("community_services:pairing_visit_add", args=[pairing.pk]),
        {"date": "2026-02-01", "done": "入户走访", "needs": "", "help_given": "送米面油"},
    )
    visit = PairingVisit.objects.get(pairing=pairing)
    assert visit.history.get().history_user == staff


@pytest.mark.django_db
def test_an_interest_class_and_its_session_keep_their_members(staff_client, ehe):
    members = list(household_with_members(ehe, 3).members.all())
    staff_client.post(
        reverse("community_services:interestclass_create"),
        {"name": "冬不拉弹唱班", "organiser": "文化站", "members": [m.pk for m in members]},
    )
    interest_class = InterestClass.objects.get()
    assert interest_class.community == ehe
    assert set(interest_class.members.all()) == set(members)
    staff_client.post(
        reverse("community_services:interestclass_session_add", args=[interest_class.pk]),
        {"date": "2026-03-01", "topic": "排练", "attendees": [members[0].pk]},
    )
    assert list(interest_class.sessions.get().attendees.all()) == [members[0]]


@pytest.mark.django_db
def test_a_project_belongs_to_its_first_compounds_community_and_never_moves(
    staff_client, staff, ehe
):
    compound = CompoundFactory(community=ehe)
    data = {
        "title": "额河小区排水改造",
        "kind": "drainage",
        "compounds": [compound.pk],
        "status": "planned",
        "budget": "300000",
    }
    staff_client.post(reverse("community_services:project_create"), data)
    project = Project.objects.get()
    assert (project.community, list(project.compounds.all())) == (ehe, [compound])
    staff_client.post(
        reverse("community_services:project_edit", args=[project.pk]),
        {**data, "compounds": [], "status": "in_progress", "started_on": "2026-04-01"},
    )
    project.refresh_from_db()
    assert (project.community, project.status, list(project.compounds.all())) == (
        ehe,
        "in_progress",
        [],
    )
    assert project.history.latest().history_user == staff


@pytest.mark.django_db
def test_a_pairing_of_another_community_takes_no_visit(staff_client, ehe, shenhu):
    theirs = PairingFactory(community=shenhu, household=household_with_members(shenhu, 1))
    response = staff_client.post(
        reverse("community_services:pairing_visit_add", args=[theirs.pk]),
        {"date": "2026-02-01", "done": "入户走访"},
    )
    assert response.status_code == 404
    assert not PairingVisit.objects.exists()
