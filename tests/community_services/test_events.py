"""Festivals, sports meets and performances: pages, scope, writes with history, export and the
report's figures."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from burqin.periods import Period
from communities.models import Community
from community_services.models import Event, EventTeam
from community_services.summary import section
from tests.activity_factories import EventFactory, EventTeamFactory
from tests.factories import staff_of, today

LIST = reverse("community_services:event_list")
NEW = reverse("community_services:event_create")


def event_values(**values):
    return {
        "kind": "sports",
        "title": "社区职工运动会",
        "date": today().isoformat(),
        "end_date": "",
        "place": "县体育馆",
        "participants": "320",
        "audience": "900",
        "note": "",
    } | values


@pytest.mark.django_db
def test_it_records_an_event_for_the_staff_members_own_community(staff_client, ehe, shenhu):
    response = staff_client.post(NEW, event_values(community=shenhu.pk))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    # The community comes from the user, never from the form.
    assert event.community == ehe
    assert (event.participants, event.audience) == (320, 900)
    assert event.history.get().history_user.username == "staff_ehe"


@pytest.mark.django_db
def test_a_town_wide_user_records_a_town_event_or_a_communitys(officer, shenhu):
    officer.user_permissions.add(Permission.objects.get(codename="add_event"))
    client = Client()
    client.force_login(officer)
    client.post(NEW, event_values(title="全镇文化艺术节", kind="festival"))
    client.post(
        NEW, event_values(title="神湖社区文艺演出", kind="performance", community=shenhu.pk)
    )
    assert Event.objects.get(kind="festival").community is None
    assert Event.objects.get(kind="performance").community == shenhu


@pytest.mark.django_db
def test_it_refuses_an_event_ending_before_it_starts(staff_client):
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(NEW, event_values(end_date=yesterday))
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert response.context["form"].errors["end_date"]


@pytest.mark.django_db
def test_staff_see_their_own_and_the_towns_events_not_another_communitys(staff_client, ehe, shenhu):
    EventFactory(community=ehe, title="额河社区演出")
    EventFactory(community=None, title="全镇艺术节")
    theirs = EventFactory(community=shenhu, title="神湖社区演出")
    body = staff_client.get(LIST).content.decode()
    assert "额河社区演出" in body and "全镇艺术节" in body
    assert "神湖社区演出" not in body
    detail = reverse("community_services:event_detail", args=[theirs.pk])
    assert staff_client.get(detail).status_code == 404
    edit = reverse("community_services:event_edit", args=[theirs.pk])
    assert staff_client.post(edit).status_code == 404


@pytest.mark.django_db
def test_staff_may_not_edit_the_towns_event_but_may_send_a_team(staff_client, ehe, shenhu):
    town = EventFactory(community=None)
    edit = reverse("community_services:event_edit", args=[town.pk])
    assert staff_client.get(edit).status_code == 403
    response = staff_client.post(
        reverse("community_services:event_team_add", args=[town.pk]),
        {"name": "额河黑走马舞蹈队", "members": "16", "leader": "古丽", "community": shenhu.pk},
    )
    assert response.status_code == 302
    team = EventTeam.objects.get()
    assert (team.community, team.members) == (ehe, 16)
    assert team.history.count() == 1


@pytest.mark.django_db
def test_the_event_page_shows_only_the_teams_the_user_may_see(staff_client, ehe, shenhu):
    town = EventFactory(community=None)
    EventTeamFactory(event=town, community=ehe, name="额河篮球队")
    EventTeamFactory(event=town, community=shenhu, name="神湖篮球队")
    body = staff_client.get(reverse("community_services:event_detail", args=[town.pk]))
    text = body.content.decode()
    assert "额河篮球队" in text
    assert "神湖篮球队" not in text


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_exports_what_it_shows(staff_client, ehe):
    EventFactory(community=ehe, kind="sports", title="拔河比赛", participants=80, audience=200)
    EventFactory(community=ehe, kind="festival", title="迎春联欢会")
    page = staff_client.get(LIST, {"kind": "sports"}).content.decode()
    assert "拔河比赛" in page and "迎春联欢会" not in page
    response = staff_client.get(LIST, {"kind": "sports", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "拔河比赛" in rows[1] and "运动会" in rows[1] and 80 in rows[1]


@pytest.mark.django_db
def test_the_read_only_role_cannot_record_an_event(official_client):
    assert official_client.post(NEW, event_values()).status_code == 403
    assert not Event.objects.exists()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_event_list_costs_the_same_queries_at_5_and_50_events(staff_client, ehe):
    def add(count):
        for _ in range(count):
            EventTeamFactory(event=EventFactory(community=ehe), community=ehe)

    add(5)
    small = queries(staff_client, LIST)
    add(45)
    assert queries(staff_client, LIST) == small


@pytest.mark.django_db
def test_the_report_section_counts_the_towns_events_and_each_communitys_teams(ehe, shenhu):
    festival = EventFactory(community=None, kind="festival", participants=500, audience=3000)
    EventFactory(community=ehe, kind="performance", participants=40, audience=300)
    EventFactory(community=shenhu, kind="sports", participants=100, audience=200)
    EventTeamFactory(event=festival, community=ehe, members=12)
    EventTeamFactory(event=festival, community=shenhu, members=20)
    EventFactory(community=ehe, date=today().replace(year=today().year - 2))  # another period

    year = Period.parse(str(today().year))
    town = section(year, Community.objects.all())["events"]
    assert town["total"] == 3
    assert {k["kind"]: k["count"] for k in town["by_kind"]} == {
        "festival": 1,
        "sports": 1,
        "performance": 1,
    }
    assert (town["participants"], town["audience"]) == (640, 3500)
    assert (town["teams"], town["team_members"], town["town_events_joined"]) == (2, 32, 0)

    own = section(year, Community.objects.filter(pk=ehe.pk))["events"]
    assert (own["total"], own["participants"], own["audience"]) == (1, 40, 300)
    assert (own["teams"], own["team_members"], own["town_events_joined"]) == (1, 12, 1)


@pytest.mark.django_db
def test_staff_of_another_community_cannot_add_a_team_to_their_event(client, ehe, shenhu):
    theirs = EventFactory(community=shenhu)
    client.force_login(staff_of(ehe))
    response = client.post(
        reverse("community_services:event_team_add", args=[theirs.pk]),
        {"name": "额河队", "members": "5"},
    )
    assert response.status_code == 404
    assert not EventTeam.objects.exists()
