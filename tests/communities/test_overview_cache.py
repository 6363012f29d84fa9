"""The overview of several communities (the home page and the community list of a town-wide
user) is counted once every few minutes and says when; one community's is counted each time."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import household_with_members

HOME = reverse("home")
LIST = reverse("communities:community_list")
NOTE = "本页数字统计于"


def _total(response) -> int:
    return response.context["totals"]["residents"]["total"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [HOME, LIST])
def test_a_town_wide_overview_is_kept_and_says_when_it_was_counted(
    official_client, ehe, shenhu, url
):
    household_with_members(ehe, 2)
    household_with_members(shenhu, 1)
    first = official_client.get(url)
    assert _total(first) == 3
    counted_at = timezone.localtime(first.context["counted_at"])
    assert f"{NOTE} {counted_at:%H:%M}" in first.text
    assert "每 10 分钟重新统计一次" in first.text

    household_with_members(ehe, 2)
    kept = official_client.get(url)
    assert _total(kept) == 3
    assert kept.context["counted_at"] == first.context["counted_at"]
    assert f"{NOTE} {counted_at:%H:%M}" in kept.text

    cache.clear()  # what OVERVIEW_CACHE_SECONDS later does
    assert _total(official_client.get(url)) == 5


@pytest.mark.django_db
def test_the_kept_table_shows_the_kept_counts(official_client, ehe, shenhu):
    household_with_members(ehe, 2)
    household_with_members(shenhu, 1)
    official_client.get(LIST)
    household_with_members(ehe, 4)
    response = official_client.get(LIST)
    rows = {row["community"].pk: row["residents"]["total"] for row in response.context["rows"]}
    assert rows == {ehe.pk: 2, shenhu.pk: 1}
    assert '<td class="text-end">3</td>' in response.text  # the total row, drawn from the cache


@pytest.mark.django_db
def test_a_communitys_staff_see_their_counts_at_once_without_a_note(staff_client, ehe, shenhu):
    household_with_members(ehe, 2)
    first = staff_client.get(HOME)
    household_with_members(ehe, 1)
    second = staff_client.get(HOME)
    assert (_total(first), _total(second)) == (2, 3)
    assert NOTE not in second.text


@pytest.mark.django_db
def test_a_town_wide_user_narrowed_to_one_community_sees_its_counts_at_once(
    official_client, ehe, shenhu
):
    household_with_members(ehe, 2)
    household_with_members(shenhu, 1)
    official_client.post(reverse("set_community_filter"), {"community": ehe.pk})
    official_client.get(LIST)
    household_with_members(ehe, 1)
    response = official_client.get(LIST)
    assert _total(response) == 3
    assert NOTE not in response.text


@pytest.mark.django_db
def test_the_export_counts_now(official_client, ehe, shenhu):
    household_with_members(ehe, 2)
    household_with_members(shenhu, 1)
    official_client.get(LIST)
    household_with_members(ehe, 3)
    response = official_client.get(LIST, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    residents = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert residents == {"额河社区": 5, "神湖社区": 1}


@pytest.mark.django_db
def test_the_overview_is_kept_for_ten_minutes(official_client, ehe, shenhu, monkeypatch):
    kept = {}
    real_set = cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("communities:overview:"):
            kept[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    household_with_members(ehe, 1)
    official_client.get(HOME)
    assert list(kept.values()) == [10 * 60]
