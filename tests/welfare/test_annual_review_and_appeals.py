"""年审 (annual review) queue and results, and appeals (复核申请) with their deadlines."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import EnrollmentFactory, household_with_members, staff_of, today
from welfare import services
from welfare.models import Appeal, Enrollment, ReviewStep


def enroll(community, due):
    head = household_with_members(community, 2).head
    return EnrollmentFactory(resident=head, review_due_on=due)


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_the_queue_lists_the_overdue_and_the_due_within_30_days_only(staff_client, ehe):
    overdue, soon, later = enroll(ehe, days(-3)), enroll(ehe, days(20)), enroll(ehe, days(90))
    response = staff_client.get(reverse("welfare:annual_review_queue"))
    assert list(response.context["overdue"]) == [overdue]
    assert list(response.context["due_soon"]) == [soon]
    assert response.context["counts"] == {"overdue": 1, "due_soon": 1}
    assert later.resident.name not in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_counts_due_reviews_not_every_enrollment(staff_client, ehe):
    for n in range(5):
        enroll(ehe, days(100 + n))
    enroll(ehe, days(-1))
    enroll(ehe, days(10))
    enroll(ehe, days(12))
    page = staff_client.get(reverse("reports:dashboard"))
    assert page.context["reviews"] == {"overdue": 1, "due_soon": 2}


@pytest.mark.django_db
def test_a_passed_review_sets_the_next_one_a_year_on(staff_client, ehe):
    enrollment = enroll(ehe, days(5))
    staff_client.post(
        reverse("welfare:enrollment_step", args=[enrollment.pk]),
        {
            "action": "annual_review",
            "persons_covered": 2,
            "monthly_income_per_capita": "250",
            "opinion": "入户核实，情况属实",
        },
    )
    enrollment.refresh_from_db()
    assert enrollment.review_due_on == today() + relativedelta(years=1)
    assert enrollment.monthly_income_per_capita == Decimal("250")
    step = enrollment.steps.get(action=ReviewStep.Action.ANNUAL_REVIEW)
    assert step.opinion == "入户核实，情况属实" and step.actor.username == "staff_ehe"


@pytest.mark.django_db
def test_a_failed_review_stops_payments_with_its_reason(staff_client, ehe):
    enrollment = enroll(ehe, days(-10))
    url = reverse("welfare:enrollment_step", args=[enrollment.pk])
    staff_client.post(url, {"action": "annual_review_fail", "reason": "家庭收入超过标准"})
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.SUSPENDED
    assert enrollment.stop_reason == Enrollment.StopReason.REVIEW_FAILED
    assert enrollment.review_due_on is None
    assert enrollment.steps.get(action=ReviewStep.Action.ANNUAL_REVIEW_FAILED).opinion == (
        "家庭收入超过标准"
    )
    queue = staff_client.get(reverse("welfare:annual_review_queue"))
    assert queue.context["counts"] == {"overdue": 0, "due_soon": 0}


@pytest.mark.django_db
def test_the_officer_cannot_record_an_annual_review(officer_client, ehe):
    enrollment = enroll(ehe, days(-10))
    url = reverse("welfare:enrollment_step", args=[enrollment.pk])
    officer_client.post(url, {"action": "annual_review_fail", "reason": "x"})
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE


# Appeals ---------------------------------------------------------------------------------


def lodge(client, enrollment, subject="stop", lodged_on=None, grounds="家庭情况未变，申请复核"):
    return client.post(
        reverse("welfare:enrollment_appeal", args=[enrollment.pk]),
        {"subject": subject, "lodged_on": f"{lodged_on or today():%Y-%m-%d}", "grounds": grounds},
    )


@pytest.fixture
def stopped(officer, ehe):
    enrollment = enroll(ehe, days(100))
    return services.enrollment_suspend(
        user=officer,
        enrollment=enrollment,
        reason="收入超标",
        stop_reason=Enrollment.StopReason.INCOME_ABOVE,
    )


@pytest.mark.django_db
def test_a_household_appeals_a_stop_and_the_town_overturns_it(
    staff_client, officer_client, stopped
):
    response = lodge(staff_client, stopped)
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    assert appeal.decision_on == today() and appeal.answer_due == days(30)
    officer_client.post(
        reverse("welfare:appeal_decide", args=[appeal.pk]),
        {"decision": "overturned", "opinion": "经复核，收入未超标，恢复发放"},
    )
    appeal.refresh_from_db()
    stopped.refresh_from_db()
    assert appeal.status == Appeal.Status.OVERTURNED
    assert appeal.decided_by.username == "minzheng_test" and appeal.decided_at is not None
    assert stopped.status == Enrollment.Status.ACTIVE and stopped.stop_reason == ""
    assert stopped.steps.filter(action=ReviewStep.Action.RESUMED).exists()


@pytest.mark.django_db
def test_an_upheld_appeal_leaves_the_stop(staff, officer_client, stopped):
    appeal = services.appeal_lodge(
        user=staff, enrollment=stopped, subject="stop", grounds="申请复核"
    )
    officer_client.post(
        reverse("welfare:appeal_decide", args=[appeal.pk]),
        {"decision": "upheld", "opinion": "维持原决定"},
    )
    appeal.refresh_from_db()
    stopped.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD and appeal.opinion == "维持原决定"
    assert stopped.status == Enrollment.Status.SUSPENDED


@pytest.mark.django_db
def test_overturning_a_refusal_reopens_the_town_review(staff, officer, ehe):
    enrollment = enroll(ehe, None)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.PUBLICIZED)
    services.enrollment_reject(user=officer, enrollment=enrollment, reason="资料不全")
    appeal = services.appeal_lodge(
        user=staff, enrollment=enrollment, subject="refusal", grounds="已补齐资料"
    )
    services.appeal_decide(user=officer, appeal=appeal, overturn=True, opinion="重新审核")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PUBLICIZED
    assert enrollment.steps.filter(action=ReviewStep.Action.REOPENED).exists()


@pytest.mark.django_db
def test_an_appeal_outside_the_window_is_refused_in_words(staff_client, stopped, settings):
    settings.APPEAL_WINDOW_DAYS = 30
    ReviewStep.objects.filter(enrollment=stopped).update(
        at=timezone.now() - datetime.timedelta(days=31)
    )
    response = lodge(staff_client, stopped)
    assert response.status_code == 200 and not Appeal.objects.exists()
    expected = _(
        "The appeal period has passed: the decision of %(date)s may be appealed within "
        "%(window)d days, and %(days)d days have gone by."
    ) % {"date": days(-31), "window": 30, "days": 31}
    assert expected in response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_there_must_be_a_decision_to_appeal(staff_client, ehe):
    active = enroll(ehe, days(100))
    response = lodge(staff_client, active, subject="refusal")
    assert response.status_code == 200 and not Appeal.objects.exists()
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_an_amount_change_can_be_appealed_from_the_batch_that_changed_it(staff, ehe):
    from tests.factories import DisbursementFactory, program
    from welfare.models import DisbursementBatch

    enrollment = enroll(ehe, days(100))
    for month, amount in ((1, "960"), (2, "960"), (3, "900")):
        batch = DisbursementBatch.objects.create(
            program=program(), period=datetime.date(2026, month, 1)
        )
        DisbursementFactory(
            batch=batch, resident=enrollment.resident, enrollment=enrollment, amount=amount
        )
    appeal = services.appeal_lodge(
        user=staff,
        enrollment=enrollment,
        subject="amount",
        grounds="人数未变",
        lodged_on=datetime.date(2026, 3, 20),
    )
    assert appeal.decision_on == datetime.date(2026, 3, 1)


@pytest.mark.django_db
def test_overdue_appeals_are_alerted_on_the_list_and_the_dashboard(staff, staff_client, stopped):
    appeal = services.appeal_lodge(user=staff, enrollment=stopped, subject="stop", grounds="复核")
    Appeal.objects.filter(pk=appeal.pk).update(answer_due=days(-1))
    listing = staff_client.get(reverse("welfare:appeal_list") + "?status=overdue")
    assert list(listing.context["page"]) == [appeal] and listing.context["overdue_count"] == 1
    assert 'data-testid="appeals-overdue"' in listing.content.decode()
    dashboard = staff_client.get(reverse("reports:dashboard"))
    assert dashboard.context["appeals_overdue"] == 1
    assert (
        staff_client.get(reverse("welfare:appeal_list") + "?status=open")
        .context["page"]
        .paginator.count
        == 1
    )


@pytest.mark.django_db
def test_a_second_open_appeal_on_the_same_decision_is_refused(staff, stopped):
    services.appeal_lodge(user=staff, enrollment=stopped, subject="stop", grounds="复核")
    with pytest.raises(services.TransitionError):
        services.appeal_lodge(user=staff, enrollment=stopped, subject="stop", grounds="再次")


@pytest.mark.django_db
def test_staff_cannot_answer_an_appeal_and_another_community_gets_404(
    client, staff, staff_client, stopped, shenhu
):
    appeal = services.appeal_lodge(user=staff, enrollment=stopped, subject="stop", grounds="复核")
    url = reverse("welfare:appeal_decide", args=[appeal.pk])
    assert staff_client.post(url, {"decision": "overturned", "opinion": "x"}).status_code == 403
    client.force_login(staff_of(shenhu))
    assert client.get(appeal.get_absolute_url()).status_code == 404
    assert client.get(reverse("welfare:enrollment_appeal", args=[stopped.pk])).status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    assert not list(client.get(reverse("welfare:appeal_list")).context["page"])


def appeals_page_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("welfare:appeal_list")).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_appeal_and_review_lists_query_count_does_not_grow(staff, staff_client, ehe):
    def add(n):
        for _i in range(n):
            enrollment = enroll(ehe, days(-2))
            Appeal.objects.create(
                enrollment=enrollment,
                subject="stop",
                decision_on=days(-5),
                lodged_on=days(-4),
                answer_due=days(-1),
                grounds="复核",
            )

    add(3)
    small = appeals_page_queries(staff_client)
    queue = reverse("welfare:annual_review_queue")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        staff_client.get(queue)
    add(30)
    assert appeals_page_queries(staff_client) == small
    with CaptureQueriesContext(connection) as after:
        staff_client.get(queue)
    assert len(after.captured_queries) == len(before.captured_queries)
