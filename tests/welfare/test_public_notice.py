"""公示 as the rules ask: no start in the past without a reason, 7 days by default,
objections recorded with their handling, no closing while one is unhandled."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import household_with_members, program, staff_of, today
from welfare import services
from welfare.models import Enrollment, Objection, ReviewStep
from welfare.services import TransitionError

S = Enrollment.Status


def step(client, enrollment, action, **data):
    return client.post(
        reverse("welfare:enrollment_step", args=[enrollment.pk]), {"action": action, **data}
    )


def status(enrollment):
    enrollment.refresh_from_db()
    return enrollment.status


@pytest.fixture
def reviewed(ehe, staff):
    head = household_with_members(ehe, 2).head
    enrollment = services.enrollment_create(
        user=staff,
        program=program("dibao_urban"),
        resident=head,
        persons_covered=2,
        monthly_income_per_capita=300,
        applied_on=today(),
    )
    return services.enrollment_community_approve(
        user=staff, enrollment=enrollment, opinion="情况属实"
    )


@pytest.mark.django_db
def test_a_notice_starting_in_the_past_is_refused_without_a_reason(staff_client, reviewed):
    step(staff_client, reviewed, "start_notice", start=today() - datetime.timedelta(days=7))
    assert status(reviewed) == S.COMMUNITY_REVIEWED
    with pytest.raises(TransitionError):
        services.enrollment_start_notice(
            user=reviewed.created_by, enrollment=reviewed, start=today() - datetime.timedelta(1)
        )


@pytest.mark.django_db
def test_a_notice_starting_in_the_past_is_accepted_with_its_reason_recorded(staff_client, reviewed):
    start = today() - datetime.timedelta(days=2)
    step(staff_client, reviewed, "start_notice", start=start, late_reason="纸质公示已于当日张贴")
    assert status(reviewed) == S.PUBLICIZED
    assert reviewed.notice_late_reason == "纸质公示已于当日张贴"
    started = reviewed.steps.get(action=ReviewStep.Action.NOTICE_STARTED)
    assert "纸质公示已于当日张贴" in started.opinion
    page = staff_client.get(reviewed.get_absolute_url()).content.decode()
    assert "纸质公示已于当日张贴" in page


@pytest.mark.django_db
def test_the_notice_runs_seven_days_by_default(staff_client, reviewed):
    step(staff_client, reviewed, "start_notice", start=today())
    assert status(reviewed) == S.PUBLICIZED
    # Seven days, the first and the last counted: today to today + 6.
    assert reviewed.notice_start == today()
    assert reviewed.notice_end == today() + datetime.timedelta(days=6)


@pytest.mark.django_db
def test_a_program_with_a_longer_notice_sets_the_default_and_the_minimum(staff, reviewed):
    dibao = program("dibao_urban")
    dibao.notice_days = 10
    dibao.save()
    reviewed.refresh_from_db()
    with pytest.raises(TransitionError):
        services.enrollment_start_notice(
            user=staff, enrollment=reviewed, start=today(), end=today() + datetime.timedelta(6)
        )
    started = services.enrollment_start_notice(user=staff, enrollment=reviewed, start=today())
    assert started.notice_end == today() + datetime.timedelta(days=9)


@pytest.fixture
def ended_notice(reviewed, staff):
    return services.enrollment_start_notice(
        user=staff,
        enrollment=reviewed,
        start=today() - datetime.timedelta(days=9),
        late_reason="纸质公示已张贴",
    )


@pytest.mark.django_db
def test_an_objection_must_be_handled_before_the_notice_closes(
    staff_client, second_staff, ended_notice, client
):
    step(
        staff_client,
        ended_notice,
        "objection",
        text="邻居反映其家中有经营性收入",
        received_on=(today() - datetime.timedelta(days=3)).isoformat(),
    )
    objection = Objection.objects.get()
    assert objection.text == "邻居反映其家中有经营性收入" and not objection.is_handled
    assert objection.received_on == today() - datetime.timedelta(days=3)

    client.force_login(second_staff)
    step(client, ended_notice, "close_notice", opinion="公示期满")
    assert status(ended_notice) == S.PUBLICIZED  # refused: one objection is not handled

    response = client.post(
        reverse("welfare:objection_handle", args=[objection.pk]),
        {"outcome": "dismissed", "handling": "入户核实，经营已于去年停止，异议不成立"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.DISMISSED
    assert objection.handled_by == second_staff and objection.handled_at is not None
    assert ended_notice.steps.filter(action=ReviewStep.Action.OBJECTION_HANDLED).exists()

    step(client, ended_notice, "close_notice", opinion="公示期满，异议经核实不成立")
    assert status(ended_notice) == S.NOTICE_CLOSED
    page = client.get(ended_notice.get_absolute_url()).content.decode()
    assert "异议不成立" in page and "邻居反映" in page


@pytest.mark.django_db
def test_an_objection_is_handled_once(ended_notice, staff, second_staff):
    services.enrollment_record_objection(user=staff, enrollment=ended_notice, text="有车辆")
    objection = Objection.objects.get()
    services.objection_handle(
        user=second_staff, objection=objection, outcome="dismissed", handling="车辆已报废"
    )
    with pytest.raises(TransitionError):
        services.objection_handle(
            user=second_staff, objection=objection, outcome="upheld", handling="改判"
        )
    objection.refresh_from_db()
    assert objection.outcome == "dismissed"


@pytest.mark.django_db
def test_handling_needs_its_text(ended_notice, staff, client, second_staff):
    services.enrollment_record_objection(user=staff, enrollment=ended_notice, text="有车辆")
    objection = Objection.objects.get()
    client.force_login(second_staff)
    client.post(
        reverse("welfare:objection_handle", args=[objection.pk]),
        {"outcome": "dismissed", "handling": ""},
    )
    objection.refresh_from_db()
    assert not objection.is_handled


@pytest.mark.django_db
def test_staff_of_another_community_cannot_handle_an_objection(ended_notice, staff, client, shenhu):
    services.enrollment_record_objection(user=staff, enrollment=ended_notice, text="有车辆")
    objection = Objection.objects.get()
    client.force_login(staff_of(shenhu))
    response = client.post(
        reverse("welfare:objection_handle", args=[objection.pk]),
        {"outcome": "dismissed", "handling": "越权"},
    )
    assert response.status_code == 404
    objection.refresh_from_db()
    assert not objection.is_handled


@pytest.mark.django_db
def test_the_notice_cannot_close_before_its_last_day(reviewed, staff, second_staff):
    services.enrollment_start_notice(user=staff, enrollment=reviewed, start=today())
    with pytest.raises(TransitionError):
        services.enrollment_close_notice(user=second_staff, enrollment=reviewed, opinion="无异议")
    assert status(reviewed) == S.PUBLICIZED


@pytest.mark.django_db
def test_the_notice_list_shows_applications_in_notice_with_the_print_link(
    staff_client, ended_notice, ehe
):
    page = staff_client.get(reverse("welfare:notice_list")).content.decode()
    assert ended_notice.resident.name in page
    assert reverse("welfare:community_notice_pdf", args=[ehe.pk]) in page
