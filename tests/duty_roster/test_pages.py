import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from burqin.periods import Period
from communities.models import Community
from duty_roster.models import (
    Assignment,
    CoverageRule,
    RosterMonth,
    ShiftTemplate,
)
from duty_roster.services import ensure_defaults
from duty_roster.summary import section
from tests.factories import duty_members


@pytest.mark.django_db
def test_generate_roster_command_prints_the_documented_json(ehe, capsys):
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--json", "--time-limit", "10")
    data = json.loads(capsys.readouterr().out)
    assert (data["community"], data["month"]) == ("ehe", "2026-02")
    assert data["requirements"]["night"] == {"2": 1, "3": 1, "4": 1, "5": 1}
    assert len(data["shifts"]) == 28 * 3
    first = data["shifts"][0]
    assert set(first) == {"date", "shift", "start", "end", "members"}
    assert {m["category"] for m in first["members"]} <= {1, 2, 3, 4, 5}
    assert data["uncovered"] == []


@pytest.fixture
def published(ehe):
    ensure_defaults(ehe)
    members = duty_members(ehe, {1: 2, 2: 3, 3: 3, 4: 3, 5: 3})
    roster = RosterMonth.objects.create(
        community=ehe, month=datetime.date(2026, 4, 1), status="published"
    )
    day = ShiftTemplate.objects.get(community=ehe, code="day")
    night = ShiftTemplate.objects.get(community=ehe, code="night")
    police = [m for m in members if m.category == 4]
    # Officer 0 on the day of 5 April, officer 1 on the night of 5 April.
    Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 5), shift=day, member=police[0]
    )
    Assignment.objects.create(
        roster=roster, date=datetime.date(2026, 4, 5), shift=night, member=police[1]
    )
    return roster, police


# Swaps: tests/duty_roster/test_swaps.py.


@pytest.mark.django_db
def test_month_grid_prints_and_exports(staff_client, published):
    roster, _police = published
    page = staff_client.get(roster.get_absolute_url())
    assert "/static/css/roster-print.css" in page.content.decode()
    with open(finders.find("css/roster-print.css")) as stylesheet:
        assert "A4 landscape" in stylesheet.read()
    response = staff_client.get(roster.get_absolute_url(), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_on_duty_now_lists_the_current_shift(official_client, ehe):
    ensure_defaults(ehe)
    members = duty_members(ehe, {2: 1})
    from django.utils import timezone

    now = timezone.localtime()  # the town's clock, as the page reads it
    shift = ShiftTemplate.objects.get(community=ehe, code="oncall")
    roster = RosterMonth.objects.create(
        community=ehe, month=now.date().replace(day=1), status="published"
    )
    day = now.date() if now.hour >= 8 else now.date() - datetime.timedelta(days=1)
    Assignment.objects.create(roster=roster, date=day, shift=shift, member=members[0])
    response = official_client.get(reverse("duty_roster:duty_now"))
    assert members[0].name in response.content.decode()


@pytest.mark.django_db
def test_duty_summary_counts_coverage_patrols_and_incidents(ehe, staff_client):
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--time-limit", "10")
    night = ShiftTemplate.objects.get(community=ehe, code="night")
    response = staff_client.post(
        reverse("duty_roster:dutylog_list"),
        {
            "date": "2026-02-03",
            "shift": night.pk,
            "handover_at": "2026-02-04T08:00",
            "events": "平稳",
        },
    )
    log_url = response.url
    log_pk = int(log_url.rstrip("/").split("/")[-1])
    staff_client.post(
        reverse("duty_roster:dutylog_incident_add", args=[log_pk]),
        {
            "kind": "dispute",
            "description": "邻里纠纷",
            "outcome": "escalated",
            "escalated_to": "派出所",
        },
    )
    figures = section(Period.parse("2026-02"), Community.objects.filter(pk=ehe.pk))
    assert figures["shifts"] == 28 * 3
    assert figures["coverage_percent"] == 100.0
    assert figures["incidents"] == [{"kind": "dispute", "outcome": "escalated", "count": 1}]
    # An admin removes one member from a night and a whole category from a day: the two
    # shifts fall short in the figures at once.
    admin_client = Client()
    admin_client.force_login(
        get_user_model().objects.create_superuser("root", password="x", email="")
    )
    night_rule = CoverageRule.objects.filter(shift__community=ehe, shift__code="night").first()
    one = Assignment.objects.filter(
        date=datetime.date(2026, 2, 3), shift=night_rule.shift, member__category=night_rule.category
    ).first()
    admin_client.post(
        reverse("admin:duty_roster_assignment_delete", args=[one.pk]), {"post": "yes"}
    )
    day_rule = CoverageRule.objects.filter(shift__community=ehe, shift__code="day").first()
    several = Assignment.objects.filter(
        date=datetime.date(2026, 2, 9), shift=day_rule.shift, member__category=day_rule.category
    )
    admin_client.post(
        reverse("admin:duty_roster_assignment_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(several.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert not several.exists()
    figures = section(Period.parse("2026-02"), Community.objects.filter(pk=ehe.pk))
    assert (figures["shifts"], figures["shifts_covered"]) == (28 * 3, 28 * 3 - 2)


@pytest.mark.django_db
def test_the_head_edits_a_published_shift_within_the_rules(staff_client, published):
    roster, police = published
    night = Assignment.objects.get(member=police[1])
    url = reverse("duty_roster:assignment_edit", args=[night.pk])
    staff_client.post(url, {"member": police[0].pk})  # day then night: refused
    night.refresh_from_db()
    assert night.member == police[1]
    staff_client.post(url, {"member": police[2].pk})
    night.refresh_from_db()
    assert night.member == police[2]
    assert night.history.count() == 2  # the change is in the history


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "duty_roster:rostermonth_list",
        "duty_roster:dutylog_list",
        "duty_roster:patrol_list",
        "duty_roster:dutymember_list",
        "duty_roster:duty_now",
    ],
)
def test_duty_lists_cost_the_same_queries_at_two_sizes(staff_client, ehe, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse(name)).status_code == 200
        return len(captured)

    ensure_defaults(ehe)
    duty_members(ehe, {2: 3})
    small = queries()
    duty_members(ehe, {2: 30, 3: 30})
    assert queries() == small


@pytest.mark.django_db
def test_the_month_grid_costs_the_same_queries_with_more_members(staff_client, ehe):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--time-limit", "2")
    roster = RosterMonth.objects.get()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(roster.get_absolute_url()).status_code == 200
        return len(captured)

    small = queries()
    duty_members(ehe, {3: 20})
    assert queries() == small
