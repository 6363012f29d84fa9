"""A duty shift logged on a 390 px phone, in headless Chromium (issue 18): the form fits the
screen (the page fixture fails on any page wider than the phone) and the log is saved."""

import pytest
from django.urls import reverse

from duty_roster.models import DutyLog
from duty_roster.services import ensure_defaults
from tests.factories import staff_of

pytestmark = [pytest.mark.e2e]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_duty_shift_is_logged_on_a_phone(live_server, page, ehe):
    staff_of(ehe, username="duty_phone")
    ensure_defaults(ehe)  # the community's day, night and on-call shifts
    page.goto(live_server.url + reverse("duty_roster:dutylog_list"))
    page.fill("input[name=username]", "duty_phone")
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("duty_roster:dutylog_list"))
    page.select_option("select[name=shift]", index=1)
    page.fill("textarea[name=events]", "夜间巡逻两次，无异常")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=夜间巡逻两次，无异常")
    log = DutyLog.objects.get(community=ehe)
    assert log.events == "夜间巡逻两次，无异常"
