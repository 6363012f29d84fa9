"""Opinions at every decision and four eyes: who took one step does not take the next."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import EnrollmentFactory, UserFactory, household_with_members, program, today
from welfare import services
from welfare.models import DisbursementBatch, Enrollment, ReviewStep, TownOffice
from welfare.services import TransitionError

S = Enrollment.Status
ONE_PERSON = "One-person office (allowed by the administrator)"


def step(client, enrollment, action, **data):
    return client.post(
        reverse("welfare:enrollment_step", args=[enrollment.pk]),
        {"action": action, **data},
        follow=True,
    )


def status(enrollment):
    enrollment.refresh_from_db()
    return enrollment.status


def as_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def application(ehe, staff):
    head = household_with_members(ehe, 3).head
    return services.enrollment_create(
        user=staff,
        program=program("dibao_urban"),
        resident=head,
        persons_covered=3,
        monthly_income_per_capita=250,
        applied_on=today(),
        reason="丈夫因病失去劳动能力",
    )


@pytest.fixture
def in_notice(application, staff):
    """Passed the community review by ``staff``; a notice that ended yesterday."""
    services.enrollment_community_approve(user=staff, enrollment=application, opinion="情况属实")
    start = today() - datetime.timedelta(days=8)
    return services.enrollment_start_notice(
        user=staff, enrollment=application, start=start, late_reason="纸质公示已张贴"
    )


def label(action):
    return str(ReviewStep.Action(action).label)


# Opinions ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_community_review_needs_an_opinion(staff, application):
    with pytest.raises(TransitionError):
        services.enrollment_community_approve(user=staff, enrollment=application, opinion="  ")
    assert status(application) == S.APPLIED


@pytest.mark.django_db
def test_a_decision_without_an_opinion_is_refused_on_the_page(staff_client, application):
    step(staff_client, application, "community_approve", opinion="")
    assert status(application) == S.APPLIED


@pytest.mark.django_db
def test_town_review_and_county_approval_need_opinions(
    in_notice, second_staff, officer, second_officer
):
    services.enrollment_close_notice(user=second_staff, enrollment=in_notice, opinion="无异议")
    with pytest.raises(TransitionError):
        services.enrollment_town_approve(user=officer, enrollment=in_notice, opinion="")
    services.enrollment_town_approve(user=officer, enrollment=in_notice, opinion="同意上报")
    with pytest.raises(TransitionError):
        services.enrollment_county_approve(
            user=second_officer,
            enrollment=in_notice,
            approved_on=today(),
            document_no="布民发〔2026〕3号",
            start_month=today(),
        )
    assert status(in_notice) == S.TOWN_REVIEWED


@pytest.mark.django_db
def test_every_opinion_is_shown_with_the_full_name_on_the_enrollment_page(
    in_notice, second_staff, officer, second_officer, staff_client
):
    services.enrollment_close_notice(user=second_staff, enrollment=in_notice, opinion="公示无异议")
    services.enrollment_town_approve(user=officer, enrollment=in_notice, opinion="审核同意")
    services.enrollment_county_approve(
        user=second_officer,
        enrollment=in_notice,
        approved_on=today(),
        document_no="布民发〔2026〕3号",
        start_month=today(),
        opinion="审批同意",
    )
    second_staff.first_name, second_staff.last_name = "古丽娜尔", "阿不都"
    second_staff.save()
    page = staff_client.get(in_notice.get_absolute_url()).content.decode()
    for text in ("情况属实", "公示无异议", "审核同意", "审批同意", "古丽娜尔·阿不都"):
        assert text in page, text
    # Without a full name the username stands in.
    officer.first_name = ""
    officer.save()
    page = staff_client.get(in_notice.get_absolute_url()).content.decode()
    assert officer.username in page


# Four eyes on the application -------------------------------------------------------------


@pytest.mark.django_db
def test_who_took_the_community_review_cannot_close_the_notice(in_notice, staff):
    with pytest.raises(TransitionError) as refused:
        services.enrollment_close_notice(user=staff, enrollment=in_notice, opinion="无异议")
    assert label("community_approved") in " ".join(refused.value.messages)
    assert status(in_notice) == S.PUBLICIZED


@pytest.mark.django_db
def test_who_closed_the_notice_cannot_take_the_town_review(in_notice, officer):
    services.enrollment_close_notice(user=officer, enrollment=in_notice, opinion="无异议")
    with pytest.raises(TransitionError) as refused:
        services.enrollment_town_approve(user=officer, enrollment=in_notice, opinion="同意")
    assert label("notice_closed") in " ".join(refused.value.messages)
    assert status(in_notice) == S.NOTICE_CLOSED


@pytest.mark.django_db
def test_who_took_the_town_review_cannot_record_the_county_approval_on_the_page(
    in_notice, second_staff, officer, officer_client
):
    services.enrollment_close_notice(user=second_staff, enrollment=in_notice, opinion="无异议")
    services.enrollment_town_approve(user=officer, enrollment=in_notice, opinion="同意")
    response = step(
        officer_client,
        in_notice,
        "county_approve",
        approved_on=today(),
        document_no="布民发〔2026〕3号",
        start_month=f"{today():%Y-%m}",
        opinion="同意",
    )
    assert status(in_notice) == S.TOWN_REVIEWED
    assert label("town_approved") in response.content.decode()


@pytest.mark.django_db
def test_the_same_person_twice_is_refused_on_the_page(in_notice, staff_client):
    response = step(staff_client, in_notice, "close_notice", opinion="无异议")
    assert status(in_notice) == S.PUBLICIZED
    assert label("community_approved") in response.content.decode()


@pytest.mark.django_db
def test_a_one_person_office_allowed_by_the_administrator_goes_on_and_says_so(
    in_notice, staff, staff_client, ehe
):
    ehe.single_person_office = True
    ehe.save()
    step(staff_client, in_notice, "close_notice", opinion="公示期满无异议")
    assert status(in_notice) == S.NOTICE_CLOSED
    closed = in_notice.steps.get(action=ReviewStep.Action.NOTICE_CLOSED)
    assert closed.single_person and closed.actor == staff
    page = staff_client.get(in_notice.get_absolute_url()).content.decode()
    assert gettext(ONE_PERSON) in page


@pytest.mark.django_db
def test_the_administrator_allows_a_one_person_office_in_the_admin_and_it_is_recorded(client, ehe):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:communities_community_change", args=[ehe.pk])
    form = {
        "code": ehe.code,
        "name": ehe.name,
        "kind": ehe.kind,
        "featured_type": ehe.featured_type,
        "party_branch": ehe.party_branch,
        "office_address": ehe.office_address,
        "phone": ehe.phone,
        "order": ehe.order,
        "single_person_office": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    ehe.refresh_from_db()
    assert ehe.single_person_office
    assert ehe.single_person_office_allowed_by == admin
    assert ehe.single_person_office_allowed_at is not None


@pytest.mark.django_db
def test_staff_cannot_allow_a_one_person_office(staff_client, ehe):
    url = reverse("admin:communities_community_change", args=[ehe.pk])
    assert staff_client.get(url).status_code == 302  # to the admin login: not staff of the admin
    ehe.refresh_from_db()
    assert not ehe.single_person_office


# Four eyes on the month's batch -----------------------------------------------------------


@pytest.fixture
def reviewed_batch(ehe, officer):
    EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    batch = services.batch_generate(
        user=officer, program=program("dibao_urban"), period=datetime.date(2026, 3, 1)
    )
    batch = services.batch_review(user=officer, batch=batch)
    services.change_list_confirm(user=officer, batch=batch, counts={})
    return batch


@pytest.mark.django_db
def test_who_generated_the_batch_cannot_lock_it(reviewed_batch, officer):
    assert reviewed_batch.generated_by == officer
    with pytest.raises(TransitionError):
        services.batch_lock(user=officer, batch=reviewed_batch)
    reviewed_batch.refresh_from_db()
    assert reviewed_batch.status == DisbursementBatch.Status.REVIEWED


@pytest.mark.django_db
def test_who_generated_the_batch_cannot_lock_it_on_the_page(reviewed_batch, officer_client):
    officer_client.post(reverse("welfare:batch_step", args=[reviewed_batch.pk]), {"action": "lock"})
    reviewed_batch.refresh_from_db()
    assert reviewed_batch.status == DisbursementBatch.Status.REVIEWED


@pytest.mark.django_db
def test_another_officer_locks_the_batch(reviewed_batch, second_officer):
    batch = services.batch_lock(user=second_officer, batch=reviewed_batch)
    assert batch.status == DisbursementBatch.Status.LOCKED
    assert batch.locked_by == second_officer and not batch.locked_single_person


@pytest.mark.django_db
def test_a_one_person_town_office_locks_its_own_batch_and_it_is_recorded(
    reviewed_batch, officer, officer_client
):
    TownOffice.objects.create(single_person_office=True)
    officer_client.post(reverse("welfare:batch_step", args=[reviewed_batch.pk]), {"action": "lock"})
    reviewed_batch.refresh_from_db()
    assert reviewed_batch.status == DisbursementBatch.Status.LOCKED
    assert reviewed_batch.locked_single_person
    page = officer_client.get(reviewed_batch.get_absolute_url()).content.decode()
    assert gettext(ONE_PERSON) in page
