import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.models import Resident
from tests.factories import (
    DisbursementFactory,
    EnrollmentFactory,
    household_with_members,
    program,
    staff_of,
)
from welfare.models import Disbursement, Enrollment


def enrolled_again(enrollment, community):
    """A second open enrollment of the same person in the same program, by ``community``."""
    return Enrollment.objects.create(
        program=enrollment.program,
        community=community,
        household=enrollment.household,
        resident=enrollment.resident,
        status="active",
        applied_on=enrollment.applied_on,
    )


@pytest.mark.django_db
def test_checks_list_what_looks_wrong(officer_client, ehe, shenhu):
    dead = EnrollmentFactory(resident=household_with_members(ehe, 1).head)
    Resident.objects.filter(pk=dead.resident_id).update(deceased_on=datetime.date(2026, 1, 5))
    twice = EnrollmentFactory(
        program=program("orphan"), resident=household_with_members(ehe, 1).head
    )
    enrolled_again(twice, ehe)
    moved = EnrollmentFactory(resident=household_with_members(ehe, 1).head)
    Resident.objects.filter(pk=moved.resident_id).update(community=shenhu)
    fine = EnrollmentFactory(resident=household_with_members(ehe, 1).head)
    checks = officer_client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert list(checks["gone"]) == [dead]
    assert {e.resident_id for e in checks["duplicates"]} == {twice.resident_id}
    assert list(checks["moved_away"]) == [moved]
    flagged = {e.pk for key in ("gone", "duplicates", "moved_away") for e in checks[key]}
    assert fine.pk not in flagged


@pytest.mark.django_db
def test_a_household_paid_in_two_communities_is_flagged(officer_client, ehe, shenhu):
    head = household_with_members(ehe, 2).head
    today = datetime.date.today().replace(day=1)
    first = DisbursementFactory(resident=head, batch__period=today)
    spouse = head.household.members.exclude(pk=head.pk).get()
    Disbursement.objects.create(
        batch=first.batch,
        program=first.program,
        period=today,
        community=shenhu,
        household=head.household,
        resident=spouse,
        amount=100,
    )
    checks = officer_client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert {d.community_id for d in checks["split_households"]} == {ehe.pk, shenhu.pk}
    # with one community chosen in the bar, its household is still seen paid by the other
    officer_client.post(reverse("set_community_filter"), {"community": ehe.pk})
    checks = officer_client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert {d.community_id for d in checks["split_households"]} == {ehe.pk, shenhu.pk}


@pytest.mark.django_db
def test_the_household_page_has_a_welfare_tab(staff_client, ehe):
    enrollment = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    DisbursementFactory(resident=enrollment.resident, enrollment=enrollment)
    household_page = staff_client.get(enrollment.household.get_absolute_url()).content.decode()
    tab = reverse("welfare:household_welfare", args=[enrollment.household_id])
    assert tab in household_page
    response = staff_client.get(tab)
    assert list(response.context["enrollments"]) == [enrollment]
    assert response.context["totals"]["payments"] == 1


@pytest.mark.django_db
def test_review_queue_shows_each_role_its_work(staff_client, officer_client, ehe, shenhu):
    waiting_for_staff = EnrollmentFactory(
        resident=household_with_members(ehe, 1).head, status="applied"
    )
    EnrollmentFactory(resident=household_with_members(shenhu, 1).head, status="applied")
    waiting_for_officer = EnrollmentFactory(
        resident=household_with_members(shenhu, 1).head, status="town_reviewed"
    )
    staff_queue = staff_client.get(reverse("welfare:enrollment_queue")).context["page"]
    assert list(staff_queue) == [waiting_for_staff]
    officer_queue = officer_client.get(reverse("welfare:enrollment_queue")).context["page"]
    assert list(officer_queue) == [waiting_for_officer]


@pytest.mark.django_db
def test_program_list_shows_this_months_totals(officer_client, ehe):
    month = datetime.date.today().replace(day=1)
    DisbursementFactory(batch__period=month)
    rows = officer_client.get(reverse("welfare:program_list")).context["rows"]
    dibao = next(r for r in rows if r["program"].code == "dibao_urban")
    assert dibao["payments"] == 1 and dibao["beneficiaries"] == 1


@pytest.mark.django_db
def test_enrollment_and_payment_lists_export(officer_client, ehe):
    DisbursementFactory()
    for name in ("welfare:enrollment_list", "welfare:disbursement_list"):
        response = officer_client.get(reverse(name), {"export": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_staff_of_another_community_do_not_see_the_household_tab(client, ehe, shenhu):
    enrollment = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    client.force_login(staff_of(shenhu))
    url = reverse("welfare:household_welfare", args=[enrollment.household_id])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_benchmark_runs_and_leaves_the_database_as_it_was(capsys):
    before = Disbursement.objects.count()
    call_command("benchmark", "--quick", "--no-write")
    out = capsys.readouterr().out
    assert "rows/s" in out and "payments/s" in out
    assert Disbursement.objects.count() == before


@pytest.mark.django_db
def test_checks_list_a_household_whose_member_earns_above_the_standard(officer_client, ehe):
    from employment.models import Placement
    from tests.factories import EnterpriseFactory, JobSeekerFactory

    flagged = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    earner = flagged.household.members.exclude(pk=flagged.resident_id).get()
    Placement.objects.create(
        seeker=JobSeekerFactory(resident=earner),
        enterprise=EnterpriseFactory(),
        start_date=datetime.date(2026, 5, 1),
        wage=3500,
        follow_up_due=datetime.date(2026, 8, 1),
    )
    modest = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    low = modest.household.members.exclude(pk=modest.resident_id).get()
    Placement.objects.create(
        seeker=JobSeekerFactory(resident=low),
        enterprise=EnterpriseFactory(),
        start_date=datetime.date(2026, 5, 1),
        wage=500,
        follow_up_due=datetime.date(2026, 8, 1),
    )
    checks = officer_client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert list(checks["placed_above_standard"]) == [flagged]


@pytest.mark.django_db
def test_each_check_shows_its_newest_cases_and_says_when_there_are_more(
    officer_client, ehe, monkeypatch
):
    monkeypatch.setattr("welfare.views.CHECK_ROWS", 2)
    gone = []
    for _i in range(3):
        enrollment = EnrollmentFactory(resident=household_with_members(ehe, 1).head)
        Resident.objects.filter(pk=enrollment.resident_id).update(
            deceased_on=datetime.date(2026, 1, 5)
        )
        gone.append(enrollment)
    response = officer_client.get(reverse("welfare:enrollment_checks"))
    assert {e.pk for e in response.context["checks"]["gone"]} == {gone[1].pk, gone[2].pk}
    assert "只显示最新的2条。在页首选择社区，可逐个社区查看。" in response.content.decode()
    monkeypatch.setattr("welfare.views.CHECK_ROWS", 3)
    response = officer_client.get(reverse("welfare:enrollment_checks"))
    assert len(response.context["checks"]["gone"]) == 3
    assert 'data-testid="check-more"' not in response.content.decode()


@pytest.mark.django_db
def test_staff_see_their_resident_enrolled_again_by_another_community(client, ehe, shenhu):
    """A community's checks group only its residents' enrollments, wherever they are open."""
    head = household_with_members(ehe, 1).head
    mine = EnrollmentFactory(program=program("orphan"), resident=head)
    theirs = enrolled_again(mine, shenhu)
    EnrollmentFactory(program=program("orphan"), resident=household_with_members(ehe, 1).head)
    client.force_login(staff_of(ehe))
    checks = client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert [e.pk for e in checks["duplicates"]] == [mine.pk]
    client.force_login(staff_of(shenhu))
    checks = client.get(reverse("welfare:enrollment_checks")).context["checks"]
    assert [e.pk for e in checks["duplicates"]] == [theirs.pk]
