"""Search pickers: the ``*_pick`` endpoints (scoped, by name / pinyin initials / ID tail) and the
forms that use them (a chosen id validated against the user's scope; pages that do not grow)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CommunityFactory,
    EnterpriseFactory,
    HouseholdFactory,
    ResidentFactory,
    VacancyFactory,
    civil_affairs_officer,
    program,
    staff_of,
)
from welfare.models import Enrollment

PAGES = [
    "communities:household_create",
    "welfare:enrollment_create",
    "community_services:pairing_create",
    "community_services:interestclass_create",
    "employment:jobfair_create",
]


def grow(community, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        household = HouseholdFactory(community=community, address=f"幸福路{n}号")
        resident = ResidentFactory(community=community, household=household, name=f"张{n:03d}")
        household.head = resident
        household.save(update_fields=["head"])
        VacancyFactory(enterprise=EnterpriseFactory(name=f"布尔津企业{n:03d}"))


@pytest.fixture
def community(db):
    return CommunityFactory(name="额河社区")


@pytest.fixture
def staff_client(client, community):
    client.force_login(staff_of(community))
    return client


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.content)


# The endpoints -------------------------------------------------------------------------------


def test_it_finds_a_resident_by_name_pinyin_initials_and_id_tail(staff_client, community):
    household = HouseholdFactory(community=community)
    resident = ResidentFactory(community=community, household=household, name="张三丰")
    url = reverse("communities:resident_pick")
    for query in ("张三", "zsf", "zhangsan", resident.id_number[-4:]):
        response = staff_client.get(url, {"q": query}, headers={"HX-Request": "true"})
        assert f'data-value="{resident.pk}"' in response.content.decode(), query
        assert 'role="option"' in response.content.decode()


def test_it_never_lists_a_resident_of_another_community(staff_client, community):
    other = CommunityFactory(name="神湖社区")
    theirs = ResidentFactory(community=other, household=HouseholdFactory(community=other))
    for name, query in (
        ("communities:resident_pick", theirs.name),
        ("communities:resident_pick", theirs.id_number[-4:]),
        ("communities:household_pick", theirs.household.address),
    ):
        response = staff_client.get(reverse(name), {"q": query})
        assert response.status_code == 200
        assert f'data-value="{theirs.pk}"' not in response.content.decode()
        assert f'data-value="{theirs.household.pk}"' not in response.content.decode()


def test_it_lists_at_most_ten_results_and_says_there_are_more(staff_client, community):
    grow(community, 12)
    response = staff_client.get(reverse("communities:resident_pick"), {"q": "张"})
    body = response.content.decode()
    assert body.count('role="option"') == 10
    assert "输入更多" in body


def test_it_answers_an_empty_query_with_no_rows(staff_client, community):
    grow(community, 2)
    response = staff_client.get(reverse("communities:household_pick"), {"q": ""})
    assert 'role="option"' not in response.content.decode()


def test_it_finds_enterprises_and_vacancies_by_name(staff_client):
    vacancy = VacancyFactory(title="电焊工", enterprise=EnterpriseFactory(name="禾木建材有限公司"))
    found = staff_client.get(reverse("employment:vacancy_pick"), {"q": "禾木"})
    assert f'data-value="{vacancy.pk}"' in found.content.decode()
    found = staff_client.get(reverse("employment:enterprise_pick"), {"q": "禾木"})
    assert f'data-value="{vacancy.enterprise.pk}"' in found.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "communities:resident_pick",
        "communities:household_pick",
        "employment:enterprise_pick",
        "employment:vacancy_pick",
    ],
)
def test_picker_search_query_count_is_constant_at_two_sizes(staff_client, community, name):
    url = f"{reverse(name)}?q=%E5%B8%83"  # 布: matches the enterprises
    if "communities" in name:
        url = f"{reverse(name)}?q=%E5%BC%A0"  # 张: matches the residents
    grow(community, 3)
    small = measure(staff_client, url)[0]
    grow(community, 40, start=3)
    large = measure(staff_client, url)[0]
    # session, user, staff profile (scope), the permission check's groups, the results
    assert large == small


# The forms -----------------------------------------------------------------------------------


def test_it_renders_a_combobox_with_a_listbox_and_no_options(staff_client, community):
    grow(community, 3)
    body = staff_client.get(reverse("welfare:enrollment_create")).content.decode()
    assert 'role="combobox"' in body
    assert 'role="listbox"' in body
    assert 'aria-controls="id_resident-results"' in body
    assert f'data-picker-url="{reverse("communities:resident_pick")}"' in body
    assert "张000" not in body  # no resident listed before the user types
    assert 'src="/static/js/forms.js"' in body


def test_it_shows_the_chosen_resident_after_a_failed_post(staff_client, community):
    household = HouseholdFactory(community=community)
    resident = ResidentFactory(community=community, household=household, name="王建国")
    response = staff_client.post(reverse("welfare:enrollment_create"), {"resident": resident.pk})
    body = response.content.decode()
    assert f'name="resident" value="{resident.pk}"' in body
    assert f"王建国（…{resident.id_number[-4:]}）" in body


def test_it_refuses_a_resident_of_another_community_as_a_form_error(staff_client, community):
    program("dibao_urban")
    other = CommunityFactory(name="神湖社区")
    theirs = ResidentFactory(community=other, household=HouseholdFactory(community=other))
    response = staff_client.post(
        reverse("welfare:enrollment_create"),
        {
            "program": program("dibao_urban").pk,
            "resident": theirs.pk,
            "persons_covered": 1,
            "applied_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["resident"]
    assert not Enrollment.objects.filter(resident=theirs).exists()


def test_a_town_wide_user_may_choose_a_resident_of_any_community(client, community):
    household = HouseholdFactory(community=community)
    resident = ResidentFactory(community=community, household=household)
    client.force_login(civil_affairs_officer())
    response = client.get(reverse("communities:resident_pick"), {"q": resident.id_number[-6:]})
    assert f'data-value="{resident.pk}"' in response.content.decode()


def test_interest_class_members_are_chosen_with_a_multiple_picker(staff_client, community):
    grow(community, 3)
    body = staff_client.get(reverse("community_services:interestclass_create")).content.decode()
    assert "data-picker-multiple" in body
    assert "<select" not in body.split('id="id_members"')[0].rsplit("<div", 3)[-1]


@pytest.mark.parametrize("name", PAGES)
def test_form_page_queries_and_size_do_not_grow_with_the_community(staff_client, community, name):
    url = reverse(name)
    grow(community, 3)
    small = measure(staff_client, url)
    grow(community, 60, start=3)
    large = measure(staff_client, url)
    assert large[0] == small[0], name
    # The same page: only a counter (a CSRF token's bytes) may differ.
    assert abs(large[1] - small[1]) < 64, (name, small, large)


def test_an_enrollment_chosen_with_the_picker_is_registered(staff_client, community):
    household = HouseholdFactory(community=community)
    resident = ResidentFactory(community=community, household=household)
    response = staff_client.post(
        reverse("welfare:enrollment_create"),
        {
            "program": program("dibao_urban").pk,
            "resident": resident.pk,
            "persons_covered": 1,
            "applied_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(resident=resident).exists()
