"""In headless Chromium: a household of four registered by adding member rows in place, and a
低保 application whose beneficiary is chosen with the search picker using the keyboard only."""

import datetime

import pytest
from playwright.sync_api import expect

from communities.models import Household
from tests.factories import household_with_members, next_id_number, program, staff_of
from welfare.models import Enrollment

pytestmark = [pytest.mark.e2e]


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_household_of_four_grows_row_by_row_without_saving(live_server, page, ehe):
    staff_of(ehe, username="staff_rows")
    sign_in(page, live_server, "staff_rows")
    page.goto(live_server.url + "/households/new/")
    page.fill("input[name=address]", "友谊路20号1-101")
    add = page.get_by_role("button", name="添加成员")
    for _ in range(3):  # rows 2, 3, 4 — and one more, removed again
        add.click()
    expect(page.locator("[data-row]")).to_have_count(5)
    page.locator("[data-row]").nth(4).locator("[data-remove-row]").click()
    expect(page.locator("[data-row]")).to_have_count(4)
    people = [
        (next_id_number(datetime.date(1978, 1, 5)), "吐尔逊·阿不都", "head"),
        (next_id_number(datetime.date(1980, 2, 6), male=False), "阿依努尔", "spouse"),
        (next_id_number(datetime.date(2008, 3, 7)), "艾山", "child"),
        (next_id_number(datetime.date(2012, 4, 8), male=False), "阿依古丽", "child"),
    ]
    for index, (id_number, name, relation) in enumerate(people):
        page.fill(f"input[name=members-{index}-id_number]", id_number)
        page.fill(f"input[name=members-{index}-name]", name)
        page.select_option(f"select[name=members-{index}-relation]", relation)
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=住户已保存")
    assert Household.objects.get().members.count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_beneficiary_is_chosen_with_the_keyboard(live_server, page, ehe):
    staff_of(ehe, username="staff_picker")
    head = household_with_members(ehe, 3).head
    sign_in(page, live_server, "staff_picker")
    page.goto(live_server.url + "/welfare/enrollments/new/")
    page.select_option("select[name=program]", str(program("dibao_urban").pk))
    combobox = page.get_by_role("combobox", name="保障对象")
    combobox.fill(head.id_number[-4:])
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    combobox.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    combobox.press("Enter")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    assert page.locator("input[name=resident]").input_value() == str(head.pk)
    expect(page.get_by_test_id("amount-preview")).to_contain_text("× 3 人")
    page.get_by_role("button", name="登记申请").click()
    page.wait_for_url("**/welfare/enrollments/*/")
    assert Enrollment.objects.get().persons_covered == 3
