import datetime

import pytest
from django.urls import reverse

from tests.factories import ResidentFactory, household_with_members, next_id_number

LIST = reverse("communities:resident_list")


@pytest.fixture
def zhang_san(ehe):
    household = household_with_members(ehe, 1)
    ResidentFactory(household=household, name="张思", relation="child")
    ResidentFactory(household=household, name="李四", relation="child")
    return ResidentFactory(household=household, name="张三", relation="spouse")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["zs", "zhangsan", "张三", "ZhangSan", "zhang san"])
def test_it_finds_zhang_san_by_name_pinyin_or_initials(staff_client, zhang_san, query):
    response = staff_client.get(LIST, {"q": query})
    found = list(response.context["page"].object_list)
    assert zhang_san in found
    assert all(r.name in ("张三", "张思") for r in found)


@pytest.mark.django_db
def test_it_finds_zhang_san_by_the_last_four_digits_of_the_id(staff_client, zhang_san):
    response = staff_client.get(LIST, {"q": zhang_san.id_number[-4:]})
    assert zhang_san in response.context["page"].object_list


@pytest.mark.django_db
def test_full_pinyin_does_not_match_a_similar_name(staff_client, zhang_san):
    response = staff_client.get(LIST, {"q": "zhangsi"})
    assert [r.name for r in response.context["page"].object_list] == ["张思"]


@pytest.mark.django_db
def test_filters_by_flag_and_age_band(staff_client, ehe):
    household = household_with_members(ehe, 1)
    orphan = ResidentFactory(
        household=household,
        relation="grandchild",
        is_orphan=True,
        id_number=next_id_number(datetime.date(2015, 1, 1)),
    )
    response = staff_client.get(LIST, {"flags": ["is_orphan"], "age_band": "child"})
    assert list(response.context["page"].object_list) == [orphan]
    response = staff_client.get(LIST, {"flags": ["is_orphan"], "age_band": "elderly"})
    assert list(response.context["page"].object_list) == []


@pytest.mark.django_db
def test_moved_out_residents_are_hidden_unless_asked_for(staff_client, ehe):
    household = household_with_members(ehe, 1)
    gone = ResidentFactory(household=household, relation="child", moved_out_on="2025-03-01")
    assert gone not in staff_client.get(LIST).context["page"].object_list
    assert gone in staff_client.get(LIST, {"status": "moved_out"}).context["page"].object_list


@pytest.mark.django_db
def test_a_name_is_matched_from_the_surname(staff_client, zhang_san):
    found = staff_client.get(LIST, {"q": "张"}).context["page"].object_list
    assert {r.name for r in found} == {"张三", "张思"}
    assert zhang_san not in staff_client.get(LIST, {"q": "三"}).context["page"].object_list


@pytest.mark.django_db
def test_an_id_tail_ending_in_x_is_found_in_either_case(staff_client, ehe):
    resident = ResidentFactory(household=household_with_members(ehe, 1), relation="child")
    resident.id_number = resident.id_number[:-1] + "X"
    type(resident).objects.filter(pk=resident.pk).update(id_number=resident.id_number)
    found = staff_client.get(LIST, {"q": resident.id_number[-3:].lower()}).context["page"]
    assert resident in found.object_list
