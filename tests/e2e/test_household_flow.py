"""In headless Chromium, on a phone-sized screen: the staff member's everyday path."""

import datetime

import pytest

from communities.models import Household, Resident
from tests.factories import next_id_number, staff_of

pytestmark = [pytest.mark.e2e]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_adds_a_household_with_two_members_finds_one_by_initials_and_logs_out(
    live_server, page, ehe
):
    staff_of(ehe, username="staff_e2e")
    head_id = next_id_number(datetime.date(1979, 4, 2), male=True)
    wife_id = next_id_number(datetime.date(1981, 9, 18), male=False)

    page.goto(live_server.url + "/")
    page.fill("input[name=username]", "staff_e2e")
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert "额河社区" in page.content()

    page.goto(live_server.url + "/households/new/")
    page.fill("input[name=address]", "友谊路18号3-201")
    page.fill("input[name=members-0-id_number]", head_id)
    page.fill("input[name=members-0-name]", "努尔兰·别克")
    page.select_option("select[name=members-0-relation]", "head")
    page.select_option("select[name=members-0-ethnicity]", "17")
    page.fill("input[name=members-1-id_number]", wife_id)
    page.fill("input[name=members-1-name]", "古丽娜尔")
    page.select_option("select[name=members-1-relation]", "spouse")
    page.select_option("select[name=members-1-ethnicity]", "17")
    page.click("form[data-testid=household-form] button[type=submit]")
    page.wait_for_selector("text=住户已保存")
    assert Household.objects.get().members.count() == 2

    page.goto(live_server.url + "/residents/")
    assert page.locator("[data-testid=resident-table] tbody tr").count() == 2
    # Search as you type (htmx): no Enter, the table narrows by itself.
    page.fill("input[name=q]", "glne")
    # A locator wait, not wait_for_function: the Content-Security-Policy forbids eval in the page.
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=resident-table] tbody tr")).to_have_count(1)
    assert "q=glne" in page.url
    rows = page.locator("[data-testid=resident-table] tbody tr")
    assert rows.count() == 1
    assert "古丽娜尔" in rows.first.inner_text()
    assert Resident.objects.get(name="古丽娜尔").name_initials == "glne"

    page.click("button.navbar-toggler")
    page.click("button.dropdown-toggle")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")
    page.goto(live_server.url + "/residents/")
    assert "/accounts/login/" in page.url
