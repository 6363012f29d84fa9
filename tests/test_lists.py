"""The paginators for long lists show exactly the rows, in the order, of Django's plain one."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.test import RequestFactory

from burqin.lists import CommunityPaginator, KeysFirstPaginator, paginate
from communities.models import Resident
from tests.factories import CommunityFactory, household_with_members


@pytest.mark.django_db
@pytest.mark.parametrize("paginator", [KeysFirstPaginator, CommunityPaginator])
@pytest.mark.parametrize("page", ["1", "2", "3", "4", "99", "x"])
def test_pages_match_the_plain_paginator_across_communities(paginator, page):
    # Three communities, two of them with the same display order, pages crossing them.
    communities = [CommunityFactory(order=2), CommunityFactory(order=1), CommunityFactory(order=1)]
    for community, households in zip(communities, (5, 3, 6), strict=True):
        for _ in range(households):
            household_with_members(community, 3)
    residents = Resident.objects.select_related("community", "household")
    request = RequestFactory().get("/", {"page": page})
    plain = Paginator(residents, 10).get_page(page)
    ours = paginate(request, residents, 10, paginator=paginator)
    assert [r.pk for r in ours] == [r.pk for r in plain]
    assert ours.paginator.count == plain.paginator.count == 42
    assert ours.number == plain.number and ours.has_next() == plain.has_next()
    assert all(r.household.address for r in ours)  # the joins are loaded


@pytest.mark.django_db
def test_community_pages_refuse_a_list_not_ordered_by_community_first(ehe):
    household_with_members(ehe, 2)
    with pytest.raises(ImproperlyConfigured, match="ordered by"):
        CommunityPaginator(Resident.objects.order_by("name_pinyin"), 10)


def test_benchmark_figures_replace_their_own_section_of_the_docs(tmp_path, monkeypatch):
    from devtools import performance

    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nWritten by hand.\n")
    monkeypatch.setattr(performance, "DOC", doc)
    performance.rewrite_section("postgresql", "postgresql", "first run")
    performance.rewrite_section("loadtest", "Load test", "load run")
    performance.rewrite_section("postgresql", "postgresql", "second run")
    text = doc.read_text()
    assert "Written by hand." in text and "load run" in text
    assert "second run" in text and "first run" not in text
    assert text.count("## postgresql") == 1
