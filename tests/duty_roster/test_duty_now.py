"""Who is on duty now: found in the database by the shifts' start and length (a night shift runs
into the next morning), a page of communities at a time for a town-wide user."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duty_roster import views
from duty_roster.models import Assignment, RosterMonth, ShiftTemplate
from duty_roster.selectors import on_duty_at
from duty_roster.services import ensure_defaults
from tests.factories import CommunityFactory, duty_members

NOW = reverse("duty_roster:duty_now")
DAY = datetime.date(2026, 3, 10)


def serve(community, member, code: str, day: datetime.date) -> Assignment:
    roster, _created = RosterMonth.objects.get_or_create(
        community=community, month=day.replace(day=1), defaults={"status": "published"}
    )
    shift = ShiftTemplate.objects.get(community=community, code=code)
    return Assignment.objects.create(roster=roster, date=day, shift=shift, member=member)


def on_duty(moment: datetime.datetime) -> set[str]:
    return {a.member.name for a in on_duty_at(Assignment.objects.all(), moment)}


@pytest.mark.django_db
def test_a_night_shift_begun_yesterday_is_on_duty_until_the_morning(ehe):
    ensure_defaults(ehe)
    last_night, today, tonight, leader = duty_members(ehe, {1: 1, 2: 3})[::-1]
    serve(ehe, last_night, "night", DAY - datetime.timedelta(days=1))
    serve(ehe, today, "day", DAY)
    serve(ehe, tonight, "night", DAY)
    serve(ehe, leader, "oncall", DAY - datetime.timedelta(days=1))

    def at(hour: int, minute: int = 0) -> set[str]:
        return on_duty(datetime.datetime.combine(DAY, datetime.time(hour, minute)))

    assert at(7, 59) == {last_night.name, leader.name}
    assert at(8) == {today.name}  # a shift ends as the next begins
    assert at(19, 59) == {today.name}
    assert at(20) == {tonight.name}


@pytest.mark.django_db
def test_a_town_wide_official_sees_a_page_of_communities_and_the_count(
    official_client, monkeypatch
):
    monkeypatch.setattr(views, "COMMUNITIES_ON_DUTY_PER_PAGE", 2)
    now = timezone.localtime()
    day = now.date() if now.hour >= 8 else now.date() - datetime.timedelta(days=1)
    communities = [CommunityFactory(name=f"第{n}社区", order=n) for n in range(3)]
    for community in communities:
        ensure_defaults(community)
        serve(community, duty_members(community, {1: 1})[0], "oncall", day)

    first = official_client.get(NOW)
    assert [c.name for c in first.context["by_community"]] == ["第0社区", "第1社区"]
    told = first.content.decode().split('data-testid="communities-per-page"')[1]
    assert "3个社区此刻有人值班，按社区顺序每页显示2个" in told
    second = official_client.get(NOW, {"page": 2})
    assert [c.name for c in second.context["by_community"]] == ["第2社区"]
    assert "第2社区值班1-0" in second.content.decode()


@pytest.mark.django_db
def test_a_community_with_no_one_on_duty_now_is_not_listed(official_client, ehe, shenhu):
    now = timezone.localtime()
    day = now.date() if now.hour >= 8 else now.date() - datetime.timedelta(days=1)
    for community in (ehe, shenhu):
        ensure_defaults(community)
    serve(ehe, duty_members(ehe, {1: 1})[0], "oncall", day)
    serve(shenhu, duty_members(shenhu, {1: 1})[0], "oncall", day - datetime.timedelta(days=3))
    response = official_client.get(NOW)
    assert list(response.context["by_community"]) == [ehe]
    assert 'data-testid="communities-per-page"' not in response.content.decode()
