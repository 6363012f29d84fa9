"""Pagination that sorts the keys first shows exactly the rows, in the order, of the plain one."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from burqin.lists import paginate
from communities.models import Resident
from tests.factories import household_with_members


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "2", "3", "99"])
def test_keys_first_pages_match_the_plain_paginator(ehe, shenhu, page):
    for community in (ehe, shenhu):
        for _ in range(6):
            household_with_members(community, 4)
    residents = Resident.objects.select_related("community", "household")
    request = RequestFactory().get("/", {"page": page})
    plain = Paginator(residents, 20).get_page(page)
    keys_first = paginate(request, residents, 20, keys_first=True)
    assert [r.pk for r in keys_first] == [r.pk for r in plain]
    assert keys_first.number == plain.number and keys_first.has_next() == plain.has_next()
    assert all(r.household.address for r in keys_first)  # the joins are loaded
