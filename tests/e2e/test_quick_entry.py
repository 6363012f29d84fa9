"""Service records entered from the keyboard alone, in headless Chromium."""

import pytest

from community_services.models import ServiceRecord
from tests.factories import household_with_members, staff_of

pytestmark = [pytest.mark.e2e]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_service_records_from_the_keyboard_alone(live_server, page, ehe):
    staff_of(ehe, username="staff_quick")
    household = household_with_members(ehe, 1)
    household.members.update(name="张三", name_pinyin="zhangsan", name_initials="zs")

    page.goto(live_server.url + "/services/quick/")
    page.keyboard.type("staff_quick")
    page.keyboard.press("Tab")
    page.keyboard.type("pass-word-123")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/services/quick/")

    for number in range(10):
        # The cursor starts in the resident field; Tab to the note, Enter saves.
        page.keyboard.type("zs" if number % 2 == 0 else "")
        page.keyboard.press("Tab")
        page.keyboard.type(f"测量血压{number}")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"[data-testid=today] >> text=测量血压{number}")

    assert ServiceRecord.objects.filter(community=ehe).count() == 10
    assert ServiceRecord.objects.filter(resident__name="张三").count() == 5
    assert page.locator("[data-testid=today] tbody tr").count() == 10
