"""The database side of `make loadtest`: the plan Locust works from, and the check that every
confirmed write is in the database once (the load itself runs in CI through scripts/loadtest.sh)."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from community_services.models import ServiceCategory, ServiceRecord
from employment.models import FairAttendance
from tests.factories import (
    CommunityFactory,
    EnrollmentFactory,
    JobSeekerFactory,
    household_with_members,
)

STATS_FIELDS = ["Type", "Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%"]


def write_stats(path, failures=0, p95=120):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=STATS_FIELDS)
        writer.writeheader()
        writer.writerow(
            {
                "Type": "GET",
                "Name": "/residents/?q=[initials]",
                "Request Count": 40,
                "Failure Count": failures,
                "Requests/s": 2.0,
                "50%": 30,
                "95%": p95,
            }
        )
        writer.writerow(
            {
                "Type": "",
                "Name": "Aggregated",
                "Request Count": 40,
                "Failure Count": failures,
                "Requests/s": 2.0,
                "50%": 30,
                "95%": p95,
            }
        )


@pytest.fixture
def plan(tmp_path):
    community = CommunityFactory()
    household = household_with_members(community, 3)
    JobSeekerFactory(resident=household.head)
    EnrollmentFactory(resident=household.head, status="active")
    path = tmp_path / "plan.json"
    call_command("loadtest", "prepare", "--plan", str(path), "--users", "3")
    return path


@pytest.mark.django_db
def test_prepare_plans_sessions_that_open_the_community_pages(plan):
    data = json.loads(plan.read_text())
    office = data["communities"][0]
    assert len(data["sessions"]) == 3
    assert office["households"] and office["searches"] and office["seekers"]
    assert office["enrollments"]
    client = Client()
    client.cookies["sessionid"] = data["sessions"][0]["key"]
    response = client.get(f"/households/{office['households'][0]}/", secure=True)
    assert response.status_code == 200


def confirm_writes(data, tmp_path, *, lose_one=False):
    from communities.models import Community

    community = Community.objects.get(pk=data["communities"][0]["username"].rsplit("-", 1)[1])
    category = ServiceCategory.objects.get(pk=data["category"])
    tokens = [f"{data['run']}-{n}" for n in range(1, 4)]
    for token in tokens[: 2 if lose_one else 3]:
        ServiceRecord.objects.create(
            community=community, date="2026-11-25", category=category, note=token
        )
    results = tmp_path / "results.json"
    results.write_text(
        json.dumps(
            {
                "sent": {"service": 3, "checkin": 0, "review": 0},
                "acked": {"service": tokens, "checkin": [], "review": []},
            }
        )
    )
    return results


@pytest.mark.django_db
def test_verify_passes_when_every_confirmed_write_is_in_the_database(plan, tmp_path, capsys):
    data = json.loads(plan.read_text())
    results = confirm_writes(data, tmp_path)
    write_stats(tmp_path / "stats.csv")
    call_command(
        "loadtest",
        "verify",
        "--plan",
        str(plan),
        "--results",
        str(results),
        "--stats",
        str(tmp_path / "stats.csv"),
        "--no-write",
    )
    out = capsys.readouterr().out
    assert "3 sent · 3 confirmed · 3 in the database" in out
    assert "p95 budget 500 ms holds; 0 lost writes" in out
    assert not FairAttendance.objects.exists()


@pytest.mark.django_db
def test_verify_fails_on_a_lost_write_or_a_failed_request(plan, tmp_path, capsys):
    data = json.loads(plan.read_text())
    results = confirm_writes(data, tmp_path, lose_one=True)
    write_stats(tmp_path / "stats.csv", failures=2, p95=900)
    with pytest.raises(CommandError, match="2 failed requests, 1 lost writes"):
        call_command(
            "loadtest",
            "verify",
            "--plan",
            str(plan),
            "--results",
            str(results),
            "--stats",
            str(tmp_path / "stats.csv"),
            "--no-write",
        )
    assert "p95 budget 500 ms missed" in capsys.readouterr().out
