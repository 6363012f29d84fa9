"""The job-seeker page: what it shows costs the same whatever the seeker's history."""

import datetime
from decimal import Decimal

import pytest

from employment.models import FairAttendance, Placement, Trainee, TrainingClass
from tests.factories import (
    EnterpriseFactory,
    JobFairFactory,
    JobSeekerFactory,
    VacancyFactory,
    household_with_members,
)


def add_history(seeker, count):
    """``count`` open vacancies (each of its own enterprise), fairs attended with a referral,
    placements and training classes for one seeker."""
    for n in range(count):
        vacancy = VacancyFactory(enterprise=EnterpriseFactory(), skills="烹饪 驾驶")
        fair = JobFairFactory()
        fair.enterprises.add(vacancy.enterprise)
        attendance = FairAttendance.objects.create(fair=fair, seeker=seeker)
        attendance.referrals.add(vacancy)
        Placement.objects.create(
            seeker=seeker,
            enterprise=vacancy.enterprise,
            vacancy=vacancy,
            start_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            wage=Decimal("3800"),
            follow_up_due=datetime.date(2026, 4, 1),
        )
        training = TrainingClass.objects.create(
            subject=f"中式烹调{n}期",
            start_date=datetime.date(2026, 2, 1),
            end_date=datetime.date(2026, 2, 20),
        )
        Trainee.objects.create(training=training, resident=seeker.resident, completed=True)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_it_costs_the_same_queries_with_3_or_30_vacancies_fairs_and_placements(
    staff_client, ehe, count, django_assert_num_queries
):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    add_history(seeker, count)
    # 1 session, 2 user, 3–4 the user's and the groups' permissions, 5 staff profile (scope),
    # 6 the seeker with resident and community, 7 the best vacancies ranked by the database
    # (with their enterprises), 8 the community base.html shows,
    # 9 fairs attended (with the fair), 10 their referrals (with the enterprise),
    # 11 placements (with enterprise and vacancy), 12 trainings (with the class). The placement
    # form's enterprise and vacancy are search pickers: nothing chosen, nothing read.
    with django_assert_num_queries(12):
        response = staff_client.get(seeker.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("中式烹调") == count
    assert len(response.context["matches"]) == count
