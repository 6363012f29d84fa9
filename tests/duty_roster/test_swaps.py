"""Swaps and publishing, through the URLs: a cell offers only colleagues free and rested for its
shift; asking, accepting and approving are three different people; publishing asks first and
can be withdrawn, with a reason, until the month starts; members of one name are told apart."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duty_roster.models import Assignment, DutyMember, Leave, RosterMonth, ShiftTemplate, Swap
from duty_roster.services import ensure_defaults
from tests.factories import duty_members, staff_of


@pytest.fixture
def published(ehe):
    """April 2026, published: officer 0 on the day of 5 April, officer 1 on its night; officer
    2 free; officer 3 on leave on 5 April."""
    ensure_defaults(ehe)
    members = duty_members(ehe, {1: 2, 2: 3, 3: 3, 4: 4, 5: 3})
    roster = RosterMonth.objects.create(
        community=ehe, month=datetime.date(2026, 4, 1), status="published"
    )
    day = ShiftTemplate.objects.get(community=ehe, code="day")
    night = ShiftTemplate.objects.get(community=ehe, code="night")
    police = [m for m in members if m.category == 4]
    Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 5), shift=day, member=police[0]
    )
    Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 5), shift=night, member=police[1]
    )
    Leave.objects.create(
        member=police[3], start=datetime.date(2026, 4, 4), end=datetime.date(2026, 4, 6)
    )
    return roster, police


@pytest.fixture
def people(ehe, published):
    """Three accounts of the community: the one who asks, the colleague (officer 2's own
    account) and the head who approves."""
    _roster, police = published
    clients = {}
    for role in ("requester", "colleague", "head"):
        user = staff_of(ehe, username=role)
        client = Client()
        client.force_login(user)
        clients[role] = client
        if role == "colleague":
            police[2].user = user
            police[2].save()
    return clients


def offered(client, roster, assignment) -> list[int]:
    body = client.get(roster.get_absolute_url()).content.decode()
    cell = body.split(f'name="assignment" value="{assignment.pk}"')[1].split("</select>")[0]
    return [int(pk) for pk in re.findall(r'<option value="(\d+)">', cell)]


def request_swap(client, roster, assignment, to_member):
    return client.post(
        reverse("duty_roster:rostermonth_swap_request", args=[roster.pk]),
        {"assignment": assignment.pk, "to_member": to_member.pk},
        follow=True,
    )


def decide(client, swap, step):
    return client.post(
        reverse("duty_roster:swap_decide", args=[swap.pk]), {"step": step}, follow=True
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# Candidates ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cell_offers_only_colleagues_free_and_rested_for_its_shift(staff_client, published):
    roster, police = published
    day = Assignment.objects.get(member=police[0])
    # Officer 1 serves that night (no rest), officer 3 is on leave: only officer 2 is offered.
    assert offered(staff_client, roster, day) == [police[2].pk]


@pytest.mark.django_db
def test_a_cell_leaves_out_a_colleague_without_rest_after_a_night(staff_client, published, ehe):
    roster, police = published
    night = ShiftTemplate.objects.get(community=ehe, code="night")
    day = ShiftTemplate.objects.get(community=ehe, code="day")
    # Officer 2 serves the night of 5 April; the day of 6 April starts at 8:00 after it ends.
    Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 5), shift=night, member=police[2]
    )
    morning = Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 6), shift=day, member=police[0]
    )
    assert police[2].pk not in offered(staff_client, roster, morning)


@pytest.mark.django_db
def test_the_grid_costs_the_same_queries_with_more_members(staff_client, published, ehe):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    roster, _police = published

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(roster.get_absolute_url()).status_code == 200
        return len(captured)

    small = queries()
    duty_members(ehe, {4: 20})
    assert queries() == small


@pytest.mark.django_db
def test_a_request_for_a_colleague_already_on_shift_is_refused_in_chinese(people, published):
    roster, police = published
    day = Assignment.objects.get(member=police[0])
    response = request_swap(people["requester"], roster, day, police[1])
    assert not Swap.objects.exists()
    assert "当天已有班次" in messages_of(response)
    response = request_swap(people["requester"], roster, day, police[3])
    assert not Swap.objects.exists()
    assert "当天请假" in messages_of(response)


@pytest.mark.django_db
def test_a_swap_across_categories_is_refused(people, published, ehe):
    roster, _police = published
    cadre = DutyMember.objects.filter(community=ehe, category=3).first()
    request_swap(people["requester"], roster, Assignment.objects.first(), cadre)
    assert not Swap.objects.exists()


# Three people --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_asking_accepting_and_approving_by_three_people_moves_the_shift(people, published):
    roster, police = published
    night = Assignment.objects.get(member=police[1])
    request_swap(people["requester"], roster, night, police[2])
    swap = Swap.objects.get()
    decide(people["colleague"], swap, "accept")
    decide(people["head"], swap, "approve")
    swap.refresh_from_db()
    night.refresh_from_db()
    assert swap.status == Swap.Status.APPROVED
    assert night.member == police[2] and night.member.category == 4
    assert (swap.requested_by.username, swap.accepted_by.username, swap.decided_by.username) == (
        "requester",
        "colleague",
        "head",
    )


@pytest.mark.django_db
def test_nobody_accepts_for_a_colleague(people, published):
    roster, police = published
    request_swap(people["requester"], roster, Assignment.objects.get(member=police[1]), police[2])
    swap = Swap.objects.get()
    response = decide(people["head"], swap, "accept")
    swap.refresh_from_db()
    assert swap.status == Swap.Status.REQUESTED
    assert "本人账户" in messages_of(response)


@pytest.mark.django_db
def test_the_requester_cannot_accept_their_own_request(people, published):
    roster, police = published
    # The colleague asks for the swap to themselves, then tries to accept it.
    request_swap(people["colleague"], roster, Assignment.objects.get(member=police[1]), police[2])
    swap = Swap.objects.get()
    response = decide(people["colleague"], swap, "accept")
    swap.refresh_from_db()
    assert swap.status == Swap.Status.REQUESTED
    assert "申请人不能" in messages_of(response)


@pytest.mark.django_db
def test_neither_the_requester_nor_the_acceptor_approves(people, published):
    roster, police = published
    request_swap(people["requester"], roster, Assignment.objects.get(member=police[1]), police[2])
    swap = Swap.objects.get()
    decide(people["colleague"], swap, "accept")
    for who in ("requester", "colleague"):
        response = decide(people[who], swap, "approve")
        swap.refresh_from_db()
        assert swap.status == Swap.Status.ACCEPTED, who
        assert "不能批准" in messages_of(response)


@pytest.mark.django_db
def test_a_colleague_without_an_account_cannot_be_accepted_for(people, published):
    roster, police = published
    police[2].user = None
    police[2].save()
    request_swap(people["requester"], roster, Assignment.objects.get(member=police[1]), police[2])
    swap = Swap.objects.get()
    response = decide(people["head"], swap, "accept")
    swap.refresh_from_db()
    assert swap.status == Swap.Status.REQUESTED
    assert "没有账户" in messages_of(response)


@pytest.mark.django_db
def test_the_buttons_show_to_the_one_who_may_press_them(people, published):
    roster, police = published
    request_swap(people["requester"], roster, Assignment.objects.get(member=police[1]), police[2])
    page = roster.get_absolute_url()
    assert 'value="accept"' not in people["requester"].get(page).content.decode()
    assert 'value="accept"' in people["colleague"].get(page).content.decode()
    decide(people["colleague"], Swap.objects.get(), "accept")
    assert 'value="approve"' not in people["colleague"].get(page).content.decode()
    assert 'value="approve"' in people["head"].get(page).content.decode()


# Publishing ----------------------------------------------------------------------------------


@pytest.fixture
def draft(ehe):
    ensure_defaults(ehe)
    return RosterMonth.objects.create(community=ehe, month=datetime.date(2026, 4, 1))


@pytest.mark.django_db
def test_publishing_asks_for_confirmation_first(staff_client, draft):
    url = reverse("duty_roster:rostermonth_publish", args=[draft.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and 'data-testid="publish-confirm"' in page.content.decode()
    staff_client.post(url, {})  # not confirmed
    draft.refresh_from_db()
    assert draft.status == RosterMonth.Status.DRAFT
    staff_client.post(url, {"confirm": "on"})
    draft.refresh_from_db()
    assert draft.status == RosterMonth.Status.PUBLISHED and draft.published_at


def next_month() -> datetime.date:
    today = timezone.localdate()
    return (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@pytest.mark.django_db
def test_a_rota_is_withdrawn_with_a_reason_before_its_month(staff_client, ehe):
    ensure_defaults(ehe)
    roster = RosterMonth.objects.create(community=ehe, month=next_month())
    staff_client.post(
        reverse("duty_roster:rostermonth_publish", args=[roster.pk]), {"confirm": "on"}
    )
    url = reverse("duty_roster:rostermonth_withdraw", args=[roster.pk])
    assert 'data-testid="withdraw-form"' in staff_client.get(url).content.decode()
    staff_client.post(url, {"reason": ""})  # a reason is required
    roster.refresh_from_db()
    assert roster.status == RosterMonth.Status.PUBLISHED
    staff_client.post(url, {"reason": "两名民警调岗，需重排"})
    roster.refresh_from_db()
    assert roster.status == RosterMonth.Status.DRAFT
    assert roster.withdrawn_reason == "两名民警调岗，需重排" and roster.published_at is None
    page = staff_client.get(roster.get_absolute_url()).content.decode()
    assert 'data-testid="withdrawn"' in page and "两名民警调岗，需重排" in page
    history = [h.status for h in roster.history.all()]
    assert history[:3] == ["draft", "published", "draft"]
    assert roster.history.first().history_change_reason == "两名民警调岗，需重排"


@pytest.mark.django_db
def test_a_rota_whose_month_has_started_cannot_be_withdrawn(staff_client, published):
    roster, _police = published  # April 2026: already begun
    response = staff_client.post(
        reverse("duty_roster:rostermonth_withdraw", args=[roster.pk]),
        {"reason": "重排"},
        follow=True,
    )
    roster.refresh_from_db()
    assert roster.status == RosterMonth.Status.PUBLISHED
    assert "本月已于" in messages_of(response)


@pytest.mark.django_db
def test_withdrawing_refuses_the_swaps_still_waiting(staff_client, ehe):
    ensure_defaults(ehe)
    police = duty_members(ehe, {4: 2})
    roster = RosterMonth.objects.create(community=ehe, month=next_month(), status="published")
    shift = ShiftTemplate.objects.get(community=ehe, code="day")
    assignment = Assignment.objects.create(
        roster=roster, date=roster.month, shift=shift, member=police[0]
    )
    swap = Swap.objects.create(assignment=assignment, to_member=police[1])
    staff_client.post(
        reverse("duty_roster:rostermonth_withdraw", args=[roster.pk]), {"reason": "重排"}
    )
    swap.refresh_from_db()
    assert swap.status == Swap.Status.REFUSED and "重排" in swap.decided_note


# Same names ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_of_one_name_are_told_apart_by_role_and_phone_tail(staff_client, published, ehe):
    roster, police = published
    for member, phone in ((police[2], "13900001111"), (police[3], "13900002222")):
        member.name = "王芳"
        member.phone = phone
        member.save()
    Leave.objects.all().delete()
    day = Assignment.objects.get(member=police[0])
    body = staff_client.get(roster.get_absolute_url()).content.decode()
    cell = body.split(f'name="assignment" value="{day.pk}"')[1].split("</select>")[0]
    assert "王芳（警务室民警 · 尾号1111）" in cell and "王芳（警务室民警 · 尾号2222）" in cell
    members_page = staff_client.get(reverse("duty_roster:patrol_list")).content.decode()
    assert "尾号1111" in members_page and "尾号2222" in members_page
