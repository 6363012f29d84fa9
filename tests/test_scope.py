"""Scope is security: walk every URL pattern of the project as staff of another community.

Patterns with an object id must answer 404 (never 403, never the data); patterns without one
must not show the other community's records. New apps are covered without editing this file:
their URL names follow ``<model>_<action>`` and tests/factories.py registers a builder per model.
"""

import io
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from burqin.spreadsheets import XLSX_CONTENT_TYPE
from tests.factories import IN_COMMUNITY, TOWN_WIDE, URL_ALIASES, CommunityFactory, staff_of

# shown only inside their parent's page
UNROUTED = {
    "welfare.reviewstep",
    "communities.volunteer",
    "communities.volunteeractivity",
    "communities.pairingvisit",
    "communities.classsession",
    "communities.funding",
    "employment.trainee",
    "employment.contestentry",
    "employment.labortransfer",
    "employment.pensioncontribution",
    "duty_roster.dutymember",
    "duty_roster.leave",
    "duty_roster.rosterpolicy",
    "duty_roster.shifttemplate",
    "duty_roster.coveragerule",
    "duty_roster.incident",
    "duty_roster.patrol",
}
SKIPPED_NAMESPACES = {"admin"}  # Django admin: is_staff only, with its own permission checks
OTHER_NAME = "隔壁居民甲"
OTHER_ADDRESS = "隔壁路99号"


def walk(patterns, namespace=None, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def their_secrets(community) -> list[str]:
    """Strings only the other community's records contain: ID numbers and addresses."""
    from communities.models import Household, Resident

    return list(
        Resident.objects.filter(community=community).values_list("id_number", flat=True)
    ) + [a for a in Household.objects.filter(community=community).values_list("address", flat=True)]


def response_text(response) -> str:
    """The page's HTML, or every cell of an Excel download."""
    if response.get("Content-Type", "").startswith(XLSX_CONTENT_TYPE):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.content.decode("utf-8", errors="ignore")


def model_for(url_name: str):
    """``communities:household_detail`` → ``communities.household``: the longest registered
    model name the URL name starts with, preferring the URL's own app
    (``welfare:household_welfare`` → ``communities.household``)."""
    app_label, _, name = url_name.rpartition(":")
    names = {label: label for label in IN_COMMUNITY} | URL_ALIASES
    candidates = [alias for alias in names if name.startswith(alias.split(".")[1] + "_")]
    if not candidates:
        return None
    best = max(candidates, key=lambda alias: (alias.split(".")[0] == app_label, len(alias)))
    return names[best]


ALL_PATTERNS = list(walk(get_resolver().url_patterns))
OBJECT_PATTERNS = [(n, p) for n, p in ALL_PATTERNS if p.pattern.converters]
LIST_PATTERNS = [(n, p) for n, p in ALL_PATTERNS if not p.pattern.converters]


def test_every_object_url_names_a_registered_model():
    unknown = [name for name, _ in OBJECT_PATTERNS if model_for(name) is None]
    assert not unknown, f"register a builder in tests/factories.IN_COMMUNITY for: {unknown}"


@pytest.mark.django_db
def test_staff_of_another_community_gets_404_on_every_object_url(client):
    from django.contrib.auth.models import Permission

    mine, theirs = CommunityFactory(), CommunityFactory()
    # Every permission, so that no role check answers before the scope does.
    user = staff_of(mine)
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    checked = []
    for name, pattern in OBJECT_PATTERNS:
        label = model_for(name)
        obj = IN_COMMUNITY[label](theirs)
        assert obj._meta.label_lower == label
        kwargs = dict.fromkeys(pattern.pattern.converters, obj.pk)
        url = reverse(name, kwargs=kwargs)
        get = client.get(url)
        if label in TOWN_WIDE:
            secrets = their_secrets(theirs)
            body = response_text(get)
            assert not [s for s in secrets if s in body], f"GET {url} shows another community"
            continue
        post = client.post(url, {})
        # A POST-only view answers GET with 405 before it looks anything up; the other method
        # must then be the 404.
        statuses = (get.status_code, post.status_code)
        assert set(statuses) <= {404, 405} and 404 in statuses, f"{url} ({name}): {statuses}"
        checked.append(name)
    assert "communities:household_detail" in checked
    assert "communities:resident_edit" in checked


@pytest.mark.django_db
def test_lists_never_show_another_communitys_records(client):
    from tests.factories import ResidentFactory, household_with_members

    mine, theirs = CommunityFactory(), CommunityFactory(name="隔壁社区")
    household = household_with_members(theirs, 1, address=OTHER_ADDRESS)
    ResidentFactory(household=household, name=OTHER_NAME, relation="spouse")
    household_with_members(mine, 2)
    client.force_login(staff_of(mine))
    for name, _pattern in LIST_PATTERNS:
        for query in ("", "?export=xlsx", "?q=gbjmj", "?q=%E9%9A%94%E5%A3%81"):
            response = client.get(reverse(name) + query)
            assert response.status_code in (200, 302, 403, 405), (name, response.status_code)
            body = response_text(response)
            for secret in (OTHER_NAME, OTHER_ADDRESS, "隔壁社区"):
                assert secret not in body, f"{name}{query} shows {secret}"


@pytest.mark.django_db
def test_scope_models_are_all_registered_for_the_walk():
    """Every model with a community path has a builder, so its URLs can be walked."""
    scoped = [
        m._meta.label_lower
        for m in apps.get_models()
        if hasattr(m.objects, "visible_to") and not m._meta.label_lower.startswith("historical")
    ]
    missing = [label for label in scoped if label not in IN_COMMUNITY and label not in UNROUTED]
    assert not missing, missing


def test_url_names_follow_the_model_action_convention():
    for name, _ in OBJECT_PATTERNS:
        assert re.match(r"^[a-z_]+:[a-z]+(_[a-z]+)+$", name), name
