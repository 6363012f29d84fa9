"""On a 390 px phone no page is wider than the screen: every page of the URLconf that answers
GET with HTML, as a community's staff member and as the town's civil-affairs officer, and each
list's rows read as cards (issue 18). A page added tomorrow is walked without being named."""

import pytest
from django.urls import reverse

from tests import scope_walk
from tests.factories import IN_COMMUNITY, civil_affairs_officer, staff_of

pytestmark = [pytest.mark.e2e]

PASSWORD = "pass-word-123"
SKIPPED = {"logout", "login"}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def page_urls(community) -> list[str]:
    urls = []
    for name, pattern in scope_walk.ALL_PATTERNS:
        methods = scope_walk.allowed_methods(pattern.callback) or {"GET"}
        if name in SKIPPED or "GET" not in methods:
            continue
        if not pattern.pattern.converters:
            urls.append(reverse(name))
            continue
        label = scope_walk.model_for(name)
        if label not in IN_COMMUNITY:
            continue
        obj = IN_COMMUNITY[label](community)
        urls.append(reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, obj.pk)))
    return urls


def log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def too_wide(page, base, urls) -> tuple[int, list[str]]:
    """How many HTML pages were looked at, and those wider than the phone."""
    visited, found = 0, []
    for url in urls:
        answer = page.request.get(base + url, max_redirects=0)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        page.goto(base + url)
        visited += 1
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            found.append(f"{url} is {extra} px wider than the phone")
    return visited, found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_is_wider_than_a_phone(live_server, page, ehe):
    staff_of(ehe, username="phone_staff")
    civil_affairs_officer(username="phone_officer")
    urls = page_urls(ehe)
    assert len(urls) > 50  # the walk found the app's pages
    found = []
    for username in ("phone_staff", "phone_officer"):
        page.context.clear_cookies()
        log_in(page, live_server.url, username)
        visited, wide = too_wide(page, live_server.url, urls)
        assert visited > 50, f"{username} saw only {visited} pages: the walk is broken"
        found += [f"{username}: {line}" for line in wide]
    assert not found, "\n".join(found)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_list_reads_as_cards_with_each_value_named(live_server, page, ehe):
    from tests.factories import household_with_members

    staff_of(ehe, username="phone_staff")
    household_with_members(ehe, 3)
    log_in(page, live_server.url, "phone_staff")
    page.goto(live_server.url + reverse("communities:resident_list"))
    row = page.locator("main table.table-cards tbody tr").first
    assert row.is_visible()
    assert page.locator("main table.table-cards thead").is_hidden()
    cell = row.locator("td[data-label]").nth(1)
    label = cell.get_attribute("data-label")
    assert (
        label and cell.evaluate("c => getComputedStyle(c, '::before').content").strip('"') == label
    )
    # A name is not broken one character per line: the first cell is as wide as the card.
    width = row.locator("td").first.evaluate("c => c.getBoundingClientRect().width")
    assert width > 300
