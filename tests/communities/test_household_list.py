"""The household list pages like the resident list: counted per community, member counts for
the page's rows only, the same queries at any size."""

import pytest
from django.urls import reverse

from tests.factories import household_with_members

URL = reverse("communities:household_list")


def _households(community, count: int, members: int = 2) -> None:
    for i in range(count):
        household_with_members(community, members, address=f"团结路{i:03d}号")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_it_runs_the_same_queries_for_a_town_wide_user_at_any_size(
    official_client, ehe, shenhu, size, django_assert_num_queries
):
    _households(ehe, size)
    _households(shenhu, size)
    # session, user, the user's and the groups' permissions, the staff profile and the groups
    # (scope: town-wide), the households' newest history (the key of the kept counts, burqin.kept),
    # rows per community (the index), the communities' order, the page's
    # keys, the page's households with community, compound and head, their member counts,
    # the community bar, the filter form's community and compound choices
    with django_assert_num_queries(15):
        response = official_client.get(URL)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 2 * size
    assert all(h.member_count == 2 for h in page.object_list)


@pytest.mark.django_db
def test_it_counts_only_the_members_still_living_there(staff_client, ehe):
    household = household_with_members(ehe, 3)
    household.members.exclude(pk=household.head_id).filter(
        pk=household.members.exclude(pk=household.head_id).first().pk
    ).update(moved_out_on="2026-01-01")
    household_with_members(ehe, 1)
    page = staff_client.get(URL).context["page"]
    counts = {h.pk: h.member_count for h in page.object_list}
    assert counts[household.pk] == 2


@pytest.mark.django_db
def test_its_pages_follow_the_communities_order_then_the_address(official_client, ehe, shenhu):
    ehe.order, shenhu.order = 2, 1
    ehe.save(update_fields=["order"])
    shenhu.save(update_fields=["order"])
    _households(ehe, 30, members=1)
    _households(shenhu, 30, members=1)
    first = official_client.get(URL).context["page"]
    second = official_client.get(URL, {"page": 2}).context["page"]
    rows = [*first.object_list, *second.object_list]
    assert [h.community_id for h in rows] == [shenhu.pk] * 30 + [ehe.pk] * 30
    assert [h.address for h in rows[:30]] == sorted(h.address for h in rows[:30])
    assert len(first.object_list) == 50


@pytest.mark.django_db
def test_its_filters_still_apply(staff_client, ehe):
    household_with_members(ehe, 1, address="幸福路8号")
    household_with_members(ehe, 1, address="团结路1号")
    page = staff_client.get(URL, {"q": "幸福"}).context["page"]
    assert [h.address for h in page.object_list] == ["幸福路8号"]


def _headed(community, name: str, address: str):
    household = household_with_members(community, 1, address=address)
    household.head.name = name
    household.head.save()
    return household


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["张伟", "张", "zhangwei", "zw", "ZW"])
def test_its_search_finds_the_head_by_the_start_of_the_name_pinyin_or_initials(
    staff_client, ehe, query
):
    _headed(ehe, "张伟", "团结路1号")
    _headed(ehe, "李娜", "团结路2号")
    page = staff_client.get(URL, {"q": query}).context["page"]
    assert [h.head.name for h in page.object_list] == ["张伟"]


@pytest.mark.django_db
def test_its_search_finds_the_head_by_the_last_id_digits(staff_client, ehe):
    household = _headed(ehe, "张伟", "团结路1号")
    _headed(ehe, "李娜", "团结路2号")
    tail = household.head.id_number[-6:]
    page = staff_client.get(URL, {"q": tail}).context["page"]
    assert [h.pk for h in page.object_list] == [household.pk]


@pytest.mark.django_db
def test_its_search_reads_a_name_from_its_start_not_from_its_middle(staff_client, ehe):
    # The head is found the way the resident search finds anyone (from an index): typing the
    # end of a name finds nobody; the address is still matched anywhere in it.
    _headed(ehe, "李张", "团结路1号")
    _headed(ehe, "王芳", "幸福张家巷3号")
    page = staff_client.get(URL, {"q": "张"}).context["page"]
    assert [h.address for h in page.object_list] == ["幸福张家巷3号"]


@pytest.mark.django_db
def test_its_search_box_says_what_it_searches(staff_client):
    assert "地址，或户主的姓名、拼音、首字母、身份证号后几位" in staff_client.get(URL).text


@pytest.mark.django_db
def test_a_few_digits_search_the_address_not_the_heads_id(staff_client, ehe):
    """A room or building number ("101") finds addresses, not every head whose ID ends so."""
    room = _headed(ehe, "张伟", "团结路101室")
    page = staff_client.get(URL, {"q": "101"}).context["page"]
    assert [h.pk for h in page.object_list] == [room.pk]
    other = _headed(ehe, "李娜", "团结路2号")
    while not other.head.id_number[-3:].isdigit():  # an ID may end in the check letter X
        other = _headed(ehe, "李娜", "团结路2号")
    page = staff_client.get(URL, {"q": other.head.id_number[-3:]}).context["page"]
    assert other.pk not in [h.pk for h in page.object_list]
    page = staff_client.get(URL, {"q": other.head.id_number[-4:]}).context["page"]
    assert other.pk in [h.pk for h in page.object_list]  # four digits: the ID's tail
