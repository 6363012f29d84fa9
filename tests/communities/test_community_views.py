import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ResidentFactory,
    household_with_members,
    next_id_number,
    staff_of,
    town_official,
)


@pytest.mark.django_db
def test_community_detail_counts_flags_and_age_bands(staff_client, ehe, shenhu):
    household = household_with_members(ehe, 2)
    today = datetime.date.today()
    ResidentFactory(
        household=household,
        relation="parent",
        is_elderly_alone=True,
        id_number=next_id_number(today.replace(year=today.year - 85)),
    )
    ResidentFactory(
        household=household,
        relation="grandchild",
        is_orphan=True,
        id_number=next_id_number(today.replace(year=today.year - 8)),
    )
    ResidentFactory(household=household, relation="child", deceased_on="2025-01-01")
    household_with_members(shenhu, 3)
    response = staff_client.get(reverse("communities:community_detail", args=[ehe.pk]))
    counts = response.context["counts"]
    assert counts["total"] == 4  # the deceased is not counted
    assert counts["is_orphan"] == 1 and counts["is_elderly_alone"] == 1
    assert counts["age_elderly"] == 1 and counts["age_child"] == 1
    assert response.context["household_counts"]["total"] == 1


@pytest.mark.django_db
def test_town_official_sees_every_community_and_can_narrow_to_one(client, ehe, shenhu):
    household_with_members(ehe, 2)
    household_with_members(shenhu, 3)
    client.force_login(town_official())
    rows = client.get(reverse("home")).context["rows"]
    assert {r["community"].code: r["residents"]["total"] for r in rows} == {"ehe": 2, "shenhu": 3}
    client.post(reverse("set_community_filter"), {"community": shenhu.pk, "next": "/residents/"})
    page = client.get(reverse("communities:resident_list")).context["page"]
    assert {r.community_id for r in page} == {shenhu.pk}
    client.post(reverse("set_community_filter"), {"community": ""})
    assert client.get(reverse("communities:resident_list")).context["page"].paginator.count == 5


@pytest.mark.django_db
def test_staff_cannot_use_the_community_filter_to_widen_scope(client, ehe, shenhu):
    household_with_members(shenhu, 3)
    client.force_login(staff_of(ehe))
    client.post(reverse("set_community_filter"), {"community": shenhu.pk})
    assert client.get(reverse("communities:resident_list")).context["page"].paginator.count == 0


@pytest.mark.django_db
def test_staff_home_shows_their_numbers_and_todos(staff_client, ehe):
    household_with_members(ehe, 3)
    ResidentFactory(community=ehe, household=None)
    response = staff_client.get(reverse("home"))
    assert response.context["totals"]["residents"]["total"] == 4
    todos = {t["label"]: t["count"] for t in response.context["todos"]}
    assert todos["未加入任何住户的居民"] == 1


@pytest.mark.django_db
def test_community_list_exports_to_excel(staff_client, ehe):
    response = staff_client.get(reverse("communities:community_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
