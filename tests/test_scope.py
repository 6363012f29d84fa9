"""Scope is security: walk every URL of the project as staff of another community.

The walk itself (tests/scope_walk.py) plants a record of every scoped model in the other
community, requests every page with its real filter and search parameters and posts every form
with the other community's ids. New apps are covered without editing this file: their URL names
follow ``<model>_<action>``, tests/factories.IN_COMMUNITY registers a builder per scoped model and
list views declare their query parameters with ``@query_parameters``.
"""

import re
import types

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import scope_walk
from tests.factories import IN_COMMUNITY, TOWN_WIDE, CommunityFactory, staff_of

ALL_PATTERNS = scope_walk.ALL_PATTERNS
OBJECT_PATTERNS = scope_walk.OBJECT_PATTERNS


@pytest.fixture
def world(db):
    """``(mine, theirs)``: a record of every scoped model in each of two communities."""
    mine = CommunityFactory(name="本社区")
    theirs = CommunityFactory(name=scope_walk.MARK)
    return scope_walk.plant(mine), scope_walk.plant(theirs)


@pytest.fixture
def own_staff_client(client, world):
    """Staff of the first community holding every permission, so that no role check answers
    before the scope does."""
    mine, _theirs = world
    user = staff_of(mine["communities.community"])
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


class unscoped:  # noqa: N801 - stands where a model class stands
    """A stand-in for a model in a view's module whose manager forgets the scope: the mutation
    a view makes by reading ``Model.objects.all()``."""

    def __init__(self, model):
        self._model = model
        everything = model._default_manager.all
        self.objects = types.SimpleNamespace(
            for_request=lambda request: everything(), visible_to=lambda user: everything()
        )

    def __getattr__(self, name):
        return getattr(self._model, name)


# The registry --------------------------------------------------------------------------------


def test_every_scoped_model_registers_a_builder():
    missing = [label for label in scope_walk.scoped_models() if label not in IN_COMMUNITY]
    assert not missing, f"register a builder in tests/factories.IN_COMMUNITY for: {missing}"


def test_every_model_with_a_path_to_community_scopes_its_queryset():
    unscoped_models = [
        model._meta.label_lower
        for model in apps.get_models()
        if scope_walk.path_to_community(model)
        and not scope_walk.is_historical(model)
        and not hasattr(model._default_manager, "visible_to")
    ]
    assert not unscoped_models, f"give these a ScopedQuerySet (scope_path): {unscoped_models}"


@pytest.mark.django_db
def test_every_builder_marks_its_record_with_its_community():
    theirs = CommunityFactory(name=scope_walk.MARK)
    for label in scope_walk.scoped_models():
        obj = IN_COMMUNITY[label](theirs)
        assert obj._meta.label_lower == label
        if label in TOWN_WIDE:
            continue  # open to all: the builder adds a row of the community's, marked by its own
        marked = [s for s in scope_walk.visible_strings(obj) if scope_walk.MARK in s]
        assert marked, f"{label}: no text of its record carries {scope_walk.MARK}"


def test_every_object_url_names_a_registered_model():
    unknown = [name for name, _ in OBJECT_PATTERNS if scope_walk.model_for(name) is None]
    assert not unknown, f"register a builder in tests/factories.IN_COMMUNITY for: {unknown}"


def test_every_view_declares_what_it_reads_from_the_query_string():
    undeclared = {
        name: missing
        for name, pattern in ALL_PATTERNS
        if (missing := scope_walk.undeclared_query_parameters(pattern.callback))
    }
    assert not undeclared, f"declare them with @query_parameters: {undeclared}"


def test_url_names_follow_the_model_action_convention():
    for name, _ in OBJECT_PATTERNS:
        assert re.match(r"^[a-z_]+:[a-z]+(_[a-z]+)+$", name), name


# The walk ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_of_another_community_gets_404_on_every_object_url(client):
    mine, theirs = CommunityFactory(), CommunityFactory()
    user = staff_of(mine)
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    checked = []
    for name, pattern in OBJECT_PATTERNS:
        label = scope_walk.model_for(name)
        obj = IN_COMMUNITY[label](theirs)
        kwargs = dict.fromkeys(pattern.pattern.converters, obj.pk)
        url = reverse(name, kwargs=kwargs)
        if label in TOWN_WIDE:
            continue  # open to all; find_list_leaks checks the other's rows in it
        get = client.get(url)
        post = client.post(url, {})
        # A POST-only view answers GET with 405 before it looks anything up; the other method
        # must then be the 404.
        statuses = (get.status_code, post.status_code)
        assert set(statuses) <= {404, 405} and 404 in statuses, f"{url} ({name}): {statuses}"
        checked.append(name)
    assert "communities:household_detail" in checked
    assert "communities:resident_edit" in checked


def test_lists_never_show_another_communitys_records(own_staff_client, world):
    mine, theirs = world
    problems = scope_walk.find_list_leaks(own_staff_client, mine, theirs)
    assert not problems, "\n".join(problems)


def test_forms_refuse_another_communitys_records(own_staff_client, world):
    mine, theirs = world
    problems = scope_walk.find_form_leaks(own_staff_client, mine, theirs)
    assert not problems, "\n".join(problems)


# The walk catches each scope the views could forget ------------------------------------------


def test_the_walk_catches_an_unscoped_enrollment_list(own_staff_client, world, monkeypatch):
    import welfare.views
    from welfare.models import Enrollment

    mine, theirs = world
    page = {"welfare:enrollment_list"}
    assert not scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)
    monkeypatch.setattr(welfare.views, "Enrollment", unscoped(Enrollment))
    assert scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)


def test_the_walk_catches_an_unscoped_resident_lookup(own_staff_client, world, monkeypatch):
    from communities.models import Resident
    from community_services import views as activities

    mine, theirs = world
    page = {"community_services:resident_lookup"}
    assert not scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)
    monkeypatch.setattr(activities, "Resident", unscoped(Resident))
    assert scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)


def test_the_walk_catches_an_unscoped_quick_entry_list(own_staff_client, world, monkeypatch):
    from community_services import views as activities
    from community_services.models import ServiceRecord

    mine, theirs = world
    page = {"community_services:servicerecord_quick"}
    assert not scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)
    monkeypatch.setattr(activities, "ServiceRecord", unscoped(ServiceRecord))
    assert scope_walk.find_list_leaks(own_staff_client, mine, theirs, names=page)


def test_the_walk_catches_a_form_accepting_another_communitys_record(
    own_staff_client, world, monkeypatch
):
    from communities.models import Household
    from community_services import views as activities

    mine, theirs = world
    page = {"community_services:pairing_create"}
    assert not scope_walk.find_form_leaks(own_staff_client, mine, theirs, names=page)
    monkeypatch.setattr(activities, "Household", unscoped(Household))
    assert scope_walk.find_form_leaks(own_staff_client, mine, theirs, names=page)
