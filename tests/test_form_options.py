"""No form page renders more than 50 ``<option>``s, and none grows with the community.

Every page of the URLconf that answers GET is requested, as each role, in a community of more
than 50 residents, households, enterprises and vacancies; a ``<select>`` of more than 50 options
fails. Records are chosen with search pickers (burqin.widgets.SearchPicker) instead, whose
results come from ``*_pick`` endpoints: their query count is constant at two sizes.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from communities.ethnicity import Ethnicity
from tests import scope_walk
from tests.factories import (
    CommunityFactory,
    EnterpriseFactory,
    HouseholdFactory,
    ResidentFactory,
    VacancyFactory,
    civil_affairs_officer,
    staff_of,
    town_official,
)

MAX_OPTIONS = 50
# Fixed code lists that never grow with the community, each with its size (a blank option more
# in a filter): the 56 ethnic groups of GB/T 3304 are chosen by the national code list.
FIXED_LISTS = {"ethnicity": len(Ethnicity.choices) + 1}
SELECT = re.compile(r"<select\b[^>]*>(.*?)</select>", re.S | re.I)
SELECT_NAME = re.compile(r'<select\b[^>]*\bname="([^"]*)"', re.I)


def grow(community, count: int) -> None:
    """``count`` more residents (each in a household of their own), enterprises and vacancies."""
    for n in range(count):
        household = HouseholdFactory(community=community, address=f"幸福路{n}号")
        ResidentFactory(community=community, household=household, name=f"居民{n:03d}")
        VacancyFactory(enterprise=EnterpriseFactory(name=f"布尔津企业{n:03d}"))


def long_selects(html: str) -> list[tuple[str, int]]:
    found = []
    for match in SELECT.finditer(html):
        options = match.group(1).lower().count("<option")
        name = SELECT_NAME.match(match.group(0))
        name = name.group(1) if name else "?"
        if options > FIXED_LISTS.get(name.rsplit("-", 1)[-1], MAX_OPTIONS):
            found.append((name, options))
    return found


def form_pages(mine, theirs):
    """``(name, url)`` of every page that answers GET: lists plain, object pages of one's own."""
    for name, pattern in scope_walk.url_patterns():
        if "GET" not in (scope_walk.allowed_methods(pattern.callback) or {"GET"}):
            continue
        if pattern.pattern.converters:
            kwargs = scope_walk._page_kwargs(name, pattern, mine, theirs)
            if kwargs is None:
                continue
            yield name, reverse(name, kwargs=kwargs)
        else:
            yield name, reverse(name)


@pytest.fixture
def big_world(db):
    mine = scope_walk.plant(CommunityFactory(name="本社区"))
    theirs = scope_walk.plant(CommunityFactory(name=scope_walk.MARK))
    grow(mine["communities.community"], MAX_OPTIONS + 10)
    return mine, theirs


def roles(community):
    staff = staff_of(community)
    staff.user_permissions.set(Permission.objects.all())
    return {
        "community_staff": staff,
        "civil_affairs": civil_affairs_officer(),
        "town_official": town_official(),
    }


def test_no_page_renders_more_than_50_options_for_any_role(client, big_world):
    mine, theirs = big_world
    problems = []
    for role, user in roles(mine["communities.community"]).items():
        client.force_login(user)
        for name, url in form_pages(mine, theirs):
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{role} GET {url}: {response.status_code}")
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            for select, count in long_selects(body.decode("utf-8", "ignore")):
                problems.append(f"{role} GET {url} ({name}): <select {select}> {count} options")
    assert not problems, "\n".join(problems)
