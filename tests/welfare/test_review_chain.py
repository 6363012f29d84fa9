"""The review chain as staff and the civil-affairs officer walk it, through the pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import household_with_members, program, staff_of, today
from welfare import services
from welfare.models import Enrollment, ReviewStep


def step(client, enrollment, action, **data):
    return client.post(
        reverse("welfare:enrollment_step", args=[enrollment.pk]), {"action": action, **data}
    )


def refresh(enrollment):
    enrollment.refresh_from_db()
    return enrollment.status


@pytest.fixture
def application(staff_client, ehe):
    head = household_with_members(ehe, 3).head
    response = staff_client.post(
        reverse("welfare:enrollment_create"),
        {
            "program": program("dibao_urban").pk,
            "resident": head.pk,
            "persons_covered": 3,
            "applied_on": today().isoformat(),
            "reason": "丈夫因病失去劳动能力",
        },
    )
    assert response.status_code == 302
    return Enrollment.objects.get()


@pytest.mark.django_db
def test_the_whole_chain_from_application_to_active(
    staff_client, second_staff, officer, second_officer_client, application
):
    enrollment = application
    assert refresh(enrollment) == Enrollment.Status.APPLIED
    step(staff_client, enrollment, "community_approve", opinion="情况属实")
    assert refresh(enrollment) == Enrollment.Status.COMMUNITY_REVIEWED
    start = today() - datetime.timedelta(days=10)
    step(
        staff_client,
        enrollment,
        "start_notice",
        start=start,
        end=start + datetime.timedelta(6),
        late_reason="纸质公示已于当日张贴",
    )
    assert refresh(enrollment) == Enrollment.Status.PUBLICIZED
    second_staff_client = Client()
    second_staff_client.force_login(second_staff)
    step(second_staff_client, enrollment, "close_notice", opinion="公示期满无异议")
    assert refresh(enrollment) == Enrollment.Status.NOTICE_CLOSED

    officer_client = Client()
    officer_client.force_login(officer)
    step(officer_client, enrollment, "town_approve", opinion="同意")
    assert refresh(enrollment) == Enrollment.Status.TOWN_REVIEWED
    step(
        second_officer_client,
        enrollment,
        "county_approve",
        approved_on=today(),
        document_no="布民发〔2026〕12号",
        start_month=f"{today():%Y-%m}",
        opinion="同意纳入",
    )
    assert refresh(enrollment) == Enrollment.Status.ACTIVE
    assert enrollment.started_on == today().replace(day=1)
    assert enrollment.review_due_on.year == today().year + 1

    actions = list(enrollment.steps.values_list("action", flat=True))
    assert actions == [
        "applied",
        "community_approved",
        "notice_started",
        "notice_closed",
        "town_approved",
        "county_approved",
    ]
    page = staff_client.get(enrollment.get_absolute_url()).content.decode()
    assert "布民发〔2026〕12号" in page and "情况属实" in page


@pytest.mark.django_db
def test_the_notice_must_run_seven_days(staff_client, application):
    step(staff_client, application, "community_approve", opinion="情况属实")
    step(
        staff_client,
        application,
        "start_notice",
        start=today(),
        end=today() + datetime.timedelta(days=5),
    )
    assert refresh(application) == Enrollment.Status.COMMUNITY_REVIEWED
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "至少" in page and "7" in page


@pytest.mark.django_db
def test_town_review_waits_for_the_notice_to_end(staff_client, officer_client, application):
    step(staff_client, application, "community_approve", opinion="情况属实")
    step(
        staff_client,
        application,
        "start_notice",
        start=today(),
        end=today() + datetime.timedelta(days=6),
    )
    step(officer_client, application, "close_notice", opinion="无异议")
    step(officer_client, application, "town_approve", opinion="同意")
    assert refresh(application) == Enrollment.Status.PUBLICIZED


@pytest.mark.django_db
def test_staff_cannot_take_the_officers_steps(staff_client, officer, application):
    step(staff_client, application, "community_approve", opinion="情况属实")
    start = today() - datetime.timedelta(days=10)
    step(
        staff_client,
        application,
        "start_notice",
        start=start,
        end=start + datetime.timedelta(6),
        late_reason="纸质公示已张贴",
    )
    services.enrollment_close_notice(user=officer, enrollment=application, opinion="无异议")
    response = step(staff_client, application, "town_approve", opinion="同意")
    assert response.status_code == 403
    assert refresh(application) == Enrollment.Status.NOTICE_CLOSED


@pytest.mark.django_db
def test_the_officer_cannot_take_the_communitys_steps(officer_client, application):
    assert step(officer_client, application, "community_approve", opinion="同意").status_code == 403
    assert refresh(application) == Enrollment.Status.APPLIED


@pytest.mark.django_db
def test_an_official_is_read_only(official_client, application):
    assert official_client.get(application.get_absolute_url()).status_code == 200
    assert (
        step(official_client, application, "community_approve", opinion="同意").status_code == 403
    )
    assert official_client.get(reverse("welfare:enrollment_create")).status_code == 403


@pytest.mark.django_db
def test_staff_of_another_community_gets_404(client, application, shenhu):
    client.force_login(staff_of(shenhu))
    assert client.get(application.get_absolute_url()).status_code == 404
    assert step(client, application, "community_approve").status_code == 404


@pytest.mark.django_db
def test_returned_for_correction_then_resubmitted(staff_client, application):
    step(staff_client, application, "return", reason="缺少收入证明")
    assert refresh(application) == Enrollment.Status.RETURNED
    assert application.return_reason == "缺少收入证明"
    response = staff_client.post(
        reverse("welfare:enrollment_edit", args=[application.pk]),
        {"persons_covered": 2, "reason": "补充收入证明"},
    )
    assert response.status_code == 302
    step(staff_client, application, "resubmit", opinion="已补充")
    assert refresh(application) == Enrollment.Status.APPLIED
    assert application.persons_covered == 2
    assert application.reason == "补充收入证明"
    assert application.steps.filter(action=ReviewStep.Action.RETURNED).exists()


@pytest.mark.django_db
def test_a_second_open_application_for_the_same_household_is_refused(staff_client, application):
    response = staff_client.post(
        reverse("welfare:enrollment_create"),
        {
            "program": application.program_id,
            "resident": application.resident_id,
            "persons_covered": 3,
            "applied_on": today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "已有" in response.content.decode()
    assert Enrollment.objects.count() == 1


@pytest.mark.django_db
def test_the_computation_is_shown_to_staff(staff_client, application):
    # The household of three earns 751.50 a month: 250.50 per capita (the means test).
    staff_client.post(
        reverse("welfare:enrollment_income_add", args=[application.pk]),
        {
            "resident": application.resident_id,
            "kind": "wages",
            "amount": "751.50",
            "period": "monthly",
        },
    )
    page = staff_client.get(application.get_absolute_url()).content.decode()
    # 2026 standard 680: (680 − 250.50) × 3 = 1288.5 → 1289 yuan
    assert "1289" in page
    assert "680" in page and "250.50" in page
