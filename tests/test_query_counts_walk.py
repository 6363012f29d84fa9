"""No page's query count grows with the data (issue 19, item 6).

Every page of the project (tests/query_walk.py: each URL pattern; lists with each filter and
search of their ``@query_parameters``, object pages, forms, exports and htmx partials) is
requested as a town-wide official and as a community's staff, with one record of every model,
then again after more rows were added to every model (the same builders, run again in both
communities, and copies of every row behind each page's object). Any page whose count differs
between the two sizes makes a query per row somewhere: the failure lists them all.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests import query_walk, scope_walk
from tests.factories import LIST_ONLY, CommunityFactory, staff_of, town_official


def _signed_in(user):
    user.user_permissions.set(Permission.objects.all())
    client = Client(raise_request_exception=False)  # a failing page is listed, not raised
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_no_page_makes_more_queries_with_more_rows(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine = CommunityFactory(name="本社区")
    other = CommunityFactory(name="邻社区")
    objects = scope_walk.plant(mine)
    scope_walk.plant(other)
    for build in LIST_ONLY.values():  # rows shown only in a list and its export
        build(mine)
        build(other)
    clients = {
        "community staff": _signed_in(staff_of(mine)),
        "town-wide official": _signed_in(town_official()),
    }
    walk = query_walk.requests_for(objects)
    small = {who: query_walk.count_queries(c, walk) for who, c in clients.items()}

    for _ in range(2):
        query_walk.plant_more(mine)
        query_walk.plant_more(other)
    query_walk.grow(objects, mine)
    large = {who: query_walk.count_queries(c, walk) for who, c in clients.items()}

    changed = [
        f"{who}: {label}: {small[who][label]} → {large[who][label]} queries"
        for who in clients
        for label in small[who]
        if small[who][label] != large[who][label]
    ]
    assert not changed, "query counts grow with the rows:\n" + "\n".join(changed)
    errors = [
        f"{who}: {label}: {count}"
        for who, counts in large.items()
        for label, count in counts.items()
        if isinstance(count, str)
    ]
    assert not errors, "pages that fail:\n" + "\n".join(errors)
    assert len(walk) > len(scope_walk.ALL_PATTERNS)  # every list with its filters, at least
