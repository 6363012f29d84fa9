"""Employment's writes go through employment/services.py: the pages post values, the services
upsert or record them, and every history row names the staff member who acted."""

import datetime

import pytest
from django.urls import reverse

from employment.models import ContestEntry, LaborTransfer, Trainee, Vacancy
from tests.factories import EnterpriseFactory, _contest, _training, household_with_members


@pytest.mark.django_db
def test_a_trainee_entered_twice_is_one_row_updated_in_the_staff_members_name(
    staff_client, staff, ehe
):
    training = _training()
    resident = household_with_members(ehe, 1).head
    url = reverse("employment:trainingclass_trainee_add", args=[training.pk])
    row = {"id_number": resident.id_number, "attended_hours": 20, "outcome": ""}
    staff_client.post(url, row)
    staff_client.post(url, {**row, "attended_hours": 60, "completed": "on"})
    trainee = Trainee.objects.get()
    assert (trainee.resident, trainee.attended_hours, trainee.completed) == (resident, 60, True)
    assert {h.history_user for h in trainee.history.all()} == {staff}


@pytest.mark.django_db
def test_a_contest_entry_is_updated_not_duplicated(staff_client, ehe):
    contest = _contest()
    resident = household_with_members(ehe, 1).head
    url = reverse("employment:contest_entry_add", args=[contest.pk])
    staff_client.post(url, {"id_number": resident.id_number, "project": "手工艺品网店"})
    staff_client.post(
        url, {"id_number": resident.id_number, "project": "手工艺品网店", "finalist": "on"}
    )
    entry = ContestEntry.objects.get()
    assert (entry.project, entry.finalist) == ("手工艺品网店", True)


@pytest.mark.django_db
def test_a_labor_transfer_counts_in_the_residents_community(staff_client, staff, ehe):
    resident = household_with_members(ehe, 1).head
    response = staff_client.post(
        reverse("employment:labortransfer_list"),
        {
            "id_number": resident.id_number,
            "destination": "乌鲁木齐",
            "sector": "建筑",
            "from_date": "2026-03-01",
            "monthly_income": "4500",
        },
    )
    assert response.status_code == 302
    transfer = LaborTransfer.objects.get()
    assert (transfer.resident, transfer.community, transfer.from_date) == (
        resident,
        ehe,
        datetime.date(2026, 3, 1),
    )
    assert transfer.history.get().history_user == staff


@pytest.mark.django_db
def test_a_vacancy_added_on_the_enterprise_page_belongs_to_it(staff_client, staff):
    enterprise = EnterpriseFactory()
    staff_client.post(
        reverse("employment:enterprise_vacancy_add", args=[enterprise.pk]),
        {"title": "面点师", "headcount": 2, "wage_min": 3000, "wage_max": 4500, "is_open": "on"},
    )
    vacancy = Vacancy.objects.get(title="面点师")
    assert vacancy.enterprise == enterprise
    assert vacancy.history.get().history_user == staff
