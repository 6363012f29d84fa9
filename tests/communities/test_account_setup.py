"""An account given a role before its community (or no role, or no profile) sees what to set
on every page of the project, never a server error: walked over the whole URLconf."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from communities.models import StaffProfile
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF
from tests import scope_walk
from tests.factories import CommunityFactory, UserFactory, staff_of

OPEN = {"login", "logout", "password_change", "password_change_done"}


def staff_without_community():
    user = UserFactory(username="no_community")
    user.groups.add(Group.objects.get(name=COMMUNITY_STAFF))
    StaffProfile.objects.create(user=user, community=None)
    return user


def staff_without_profile():
    user = UserFactory(username="no_profile")
    user.groups.add(Group.objects.get(name=COMMUNITY_STAFF))
    return user


def account_without_role(community):
    user = UserFactory(username="no_role")
    StaffProfile.objects.create(user=user, community=community)
    return user


@pytest.fixture
def mine(db):
    return scope_walk.plant(CommunityFactory(name="本社区"))


def _urls(mine):
    for name, pattern in scope_walk.url_patterns():
        if name in OPEN:
            continue
        kwargs = {}
        if pattern.pattern.converters:
            kwargs = scope_walk._page_kwargs(name, pattern, mine, mine) or dict.fromkeys(
                pattern.pattern.converters, 1
            )
        yield name, pattern, reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("make", ["no_community", "no_profile", "no_role"])
@pytest.mark.django_db
def test_it_shows_what_to_set_on_every_page_and_never_a_server_error(client, mine, make):
    community = mine["communities.community"]
    user = {
        "no_community": staff_without_community,
        "no_profile": staff_without_profile,
        "no_role": lambda: account_without_role(community),
    }[make]()
    # Every permission: no permission check may answer before the account check does.
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    problems = []
    for _name, pattern, url in _urls(mine):
        methods = scope_walk.allowed_methods(pattern.callback) or {"GET", "POST"}
        for method in ("GET", "POST"):
            if method not in methods:
                continue
            response = getattr(client, method.lower())(url)
            if response.status_code >= 500:
                problems.append(f"{method} {url}: {response.status_code}")
            elif b'data-testid="account-incomplete"' not in response.content:
                problems.append(f"{method} {url}: {response.status_code} without the explanation")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_it_says_in_chinese_what_is_missing_and_whom_to_ask(client, ehe):
    UserFactory(username="root", first_name="王管理", is_superuser=True)
    client.force_login(staff_without_community())
    response = client.get(reverse("communities:household_create"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "社区工作人员角色" in body and "没有指定社区" in body
    assert "王管理" in body


@pytest.mark.django_db
def test_it_names_the_missing_role_and_profile(client, ehe):
    client.force_login(UserFactory(username="bare"))
    body = client.get(reverse("home")).content.decode()
    assert "没有角色" in body and "没有工作人员档案" in body


@pytest.mark.django_db
def test_it_still_lets_an_incomplete_account_sign_out_and_change_its_password(client):
    client.force_login(staff_without_profile())
    assert client.get(reverse("password_change")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.django_db
def test_it_leaves_complete_accounts_alone(client, ehe):
    client.force_login(staff_of(ehe))
    assert client.get(reverse("communities:household_create")).status_code == 200
    town_wide = UserFactory(username="officer")
    town_wide.groups.add(Group.objects.get(name=CIVIL_AFFAIRS))
    StaffProfile.objects.create(user=town_wide, community=None)
    client.force_login(town_wide)
    assert client.get(reverse("home")).status_code == 200
