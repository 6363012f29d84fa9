"""Submit, approve, lock, reopen: each by its role, through the pages and the command."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext

from burqin.people import person_name
from reports import services
from reports.models import Report
from tests.factories import civil_affairs_officer, staff_of, town_official
from tests.reports.test_build import town  # noqa: F401 - the fixture


def _post(client, name, report, **data):
    return client.post(reverse(f"reports:{name}", args=[report.pk]), data)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def built(town, capsys):  # noqa: F811
    call_command("build_report", "2026-03")
    capsys.readouterr()
    return Report.objects.get(period="2026-03", scope="town")


@pytest.fixture
def minzheng(client):
    client.force_login(civil_affairs_officer(username="minzheng_a"))
    return client


@pytest.fixture
def official(db):
    from django.test import Client

    client = Client()
    client.force_login(town_official(username="official_a"))
    return client


def _approve(built, minzheng, official) -> Report:
    assert _post(minzheng, "report_submit", built).status_code == 302
    assert _post(official, "report_approve", built).status_code == 302
    built.refresh_from_db()
    assert built.state == Report.State.APPROVED
    return built


@pytest.mark.django_db
def test_a_built_report_is_a_draft_and_build_report_json_says_so(town, capsys):  # noqa: F811
    call_command("build_report", "2026-03", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "draft"
    assert Report.objects.get().state == Report.State.DRAFT


@pytest.mark.django_db
def test_officer_submits_and_official_approves_and_history_records_who(built, minzheng, official):
    response = _post(minzheng, "report_submit", built)
    assert response.status_code == 302 and gettext(
        "The report was submitted for approval."
    ) in _messages(response)
    built.refresh_from_db()
    assert built.state == "submitted" and built.submitted_by.username == "minzheng_a"
    response = _post(official, "report_approve", built)
    assert gettext("The report was approved and is now locked.") in _messages(response)
    built.refresh_from_db()
    assert built.state == "approved" and built.approved_by.username == "official_a"
    states = [
        (h.state, getattr(h.history_user, "username", None))
        for h in built.history.order_by("history_id")
    ]
    assert ("submitted", "minzheng_a") in states and ("approved", "official_a") in states
    page = official.get(built.get_absolute_url()).content.decode()
    assert gettext("Approved (locked)") in page


@pytest.mark.django_db
def test_wrong_roles_get_403(built, minzheng, official, client, town):  # noqa: F811
    assert _post(official, "report_submit", built).status_code == 403
    staff = staff_of(town[0], username="staff_x")
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(staff)
    assert _post(staff_client, "report_submit", built).status_code in (403, 404)
    _post(minzheng, "report_submit", built)
    assert _post(minzheng, "report_approve", built).status_code == 403
    assert _post(official, "report_reopen", built, reason="x").status_code == 403
    built.refresh_from_db()
    assert built.state == "submitted"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_get_is_refused(built, minzheng):
    from django.test import Client

    response = Client().post(reverse("reports:report_submit", args=[built.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert minzheng.get(reverse("reports:report_submit", args=[built.pk])).status_code == 405


@pytest.mark.django_db
def test_a_transition_in_the_wrong_state_is_refused_with_a_chinese_message(
    built, minzheng, official
):
    response = _post(official, "report_approve", built)
    assert response.status_code == 302
    refusal = gettext(
        "Only a report submitted for approval can be approved; this one is “%(state)s”."
    ) % {"state": gettext("Draft")}
    assert refusal in _messages(response)
    built.refresh_from_db()
    assert built.state == "draft"


@pytest.mark.django_db
def test_a_rebuild_while_approved_changes_nothing(built, minzheng, official, capsys):
    report = _approve(built, minzheng, official)
    data, xlsx, pdf = report.data, report.xlsx.name, report.pdf.name
    count = Report.objects.count()
    locked = services.locked_message(report)
    assert person_name(report.approved_by) in locked
    with pytest.raises(CommandError, match=re.escape(locked)):
        call_command("build_report", "2026-03", "--json")
    response = _post(minzheng, "report_rebuild", report)
    assert response.status_code == 302
    assert locked in _messages(response)
    page = minzheng.get(response["Location"]).content.decode()
    assert locked in page
    response = minzheng.post(reverse("reports:report_build"), {"period": "2026-03"})
    assert locked in _messages(response)
    response = minzheng.post(
        reverse("reports:report_narrative", args=[report.pk]), {"保障民生": "改过的文字"}
    )
    report.refresh_from_db()
    assert Report.objects.count() == count
    assert (report.data, report.xlsx.name, report.pdf.name) == (data, xlsx, pdf)
    assert report.narrative_edited == {} and report.state == "approved"


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_keeps_the_approved_version(built, minzheng, official, capsys):
    report = _approve(built, minzheng, official)
    response = _post(minzheng, "report_reopen", report, reason="  ")
    assert gettext("Give the reason for reopening the approved report.") in _messages(response)
    report.refresh_from_db()
    assert report.state == "approved"
    _post(minzheng, "report_reopen", report, reason="社区上报数据有误，需更正")
    report.refresh_from_db()
    assert report.state == "reopened" and report.reopened_by.username == "minzheng_a"
    assert report.reopen_reason == "社区上报数据有误，需更正" and report.reopened_at
    approved_data = report.data
    call_command("build_report", "2026-03", "--json")
    new = json.loads(capsys.readouterr().out)
    assert new["state"] == "draft"
    draft = Report.objects.filter(period="2026-03", scope="town").latest("pk")
    assert draft.pk != report.pk and draft.state == "draft"
    report.refresh_from_db()
    assert report.data == approved_data and report.approved_by.username == "official_a"
    # The approved version stays viewable, linked from the new draft.
    page = official.get(draft.get_absolute_url()).content.decode()
    assert report.get_absolute_url() in page
    old = official.get(report.get_absolute_url())
    assert old.status_code == 200 and "社区上报数据有误，需更正" in old.content.decode()
    assert official.get(reverse("reports:report_pdf", args=[report.pk])).status_code == 200


@pytest.mark.django_db
def test_list_and_dashboard_show_the_state(built, minzheng, official):
    _post(minzheng, "report_submit", built)
    listing = official.get(reverse("reports:report_list")).content.decode()
    assert gettext("Submitted for approval") in listing
    dashboard = official.get(reverse("reports:dashboard")).content.decode()
    assert (
        'data-testid="report-states"' in dashboard
        and gettext("Submitted for approval") in dashboard
    )


@pytest.mark.django_db
def test_another_communitys_staff_gets_404_on_a_community_report(town, capsys):  # noqa: F811
    ehe, shenhu = town
    call_command("build_report", "2026-03", "--community", ehe.code)
    report = Report.objects.get(scope=ehe.code)
    from django.test import Client

    other = Client()
    other.force_login(staff_of(shenhu, username="staff_shenhu_x"))
    assert _post(other, "report_submit", report).status_code in (403, 404)
