"""The access matrix, generated from the URLconf: for every URL of the project,

- anonymous → a redirect to the login page;
- wrong method → 405 (GET on a POST-only action, POST on a read-only page), read from the
  view's ``require_GET`` / ``require_POST`` / ``require_http_methods``;
- the read-only role (``town_official``) posting to a view that accepts POST → 403;
- staff of another community on an object URL (holding every permission) → 404.

The expected status is derived from the view; ``EXCEPTIONS`` lists the few URLs that answer
otherwise, each with its reason. A new view is covered by being routed.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import scope_walk
from tests.factories import IN_COMMUNITY, TOWN_WIDE, CommunityFactory, staff_of, town_official

PATTERNS = dict(scope_walk.url_patterns())
# Django's own account views (class-based): their methods are Django's.
ACCOUNT_VIEWS = {"login", "logout", "password_change", "password_change_done"}
# (url name, check) → (status, reason)
EXCEPTIONS = {
    ("login", "anonymous"): (200, "the sign-in page itself"),
    ("logout", "anonymous"): (302, "signing out needs no session; it lands on the login page"),
    ("set_community_filter", "read_only"): (
        302,
        "a town-wide reader narrows their own lists to a community (kept in the session); "
        "no record is written",
    ),
    ("password_change", "read_only"): (200, "every user changes their own password"),
    ("welfare:enrollment_checks", "read_only"): (
        302,
        "重新检查 runs the whole town's checks again (kept a few minutes in the cache); no record "
        "is written",
    ),
    ("welfare:reliefcase_town_approve", "read_only"): (
        302,
        "a town official's approval of temporary relief above the threshold (here a case not "
        "awaiting it: refused with a message on the case's page)",
    ),
    ("reports:report_approve", "read_only"): (
        302,
        "a town official's one write: approving a submitted report (here a draft: refused with "
        "a message on the report's page)",
    ),
}


def methods_of(name) -> set[str]:
    return scope_walk.allowed_methods(PATTERNS[name].callback) or set()


def cases():
    for name, pattern in PATTERNS.items():
        methods = methods_of(name)
        yield name, "anonymous"
        if name in ACCOUNT_VIEWS:
            continue
        for method in ("GET", "POST"):
            if method not in methods:
                yield name, f"wrong_method_{method}"
        if "POST" in methods:
            yield name, "read_only"
        label = scope_walk.model_for(name)
        if pattern.pattern.converters and label not in TOWN_WIDE:
            yield name, "other_community"


def expected(name, check) -> int:
    if (name, check) in EXCEPTIONS:
        return EXCEPTIONS[name, check][0]
    return {"anonymous": 302, "read_only": 403, "other_community": 404}.get(check, 405)


def url_for(name, community):
    pattern = PATTERNS[name]
    if not pattern.pattern.converters:
        return reverse(name)
    obj = IN_COMMUNITY[scope_walk.model_for(name)](community)
    return reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, obj.pk))


def test_every_view_declares_its_methods():
    undeclared = [
        name
        for name in PATTERNS
        if name not in ACCOUNT_VIEWS and scope_walk.allowed_methods(PATTERNS[name].callback) is None
    ]
    assert not undeclared, f"add require_GET / require_POST / require_http_methods: {undeclared}"


def test_every_exception_names_a_routed_url():
    assert {name for name, _check in EXCEPTIONS} <= set(PATTERNS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "check"), list(cases()), ids=lambda v: v)
def test_access(client, name, check):
    community = CommunityFactory()
    url = url_for(name, community)
    want = expected(name, check)
    methods = methods_of(name)
    # Django's account views answer GET, except logout (POST only).
    get_allowed = "GET" in methods or (name in ACCOUNT_VIEWS and name != "logout")
    method = "get" if get_allowed else "post"
    if check == "anonymous":
        response = getattr(client, method)(url)
        assert response.status_code == want, (url, response.status_code)
        if want == 302 and name != "logout":
            location = response["Location"]
            assert location.startswith(reverse("login") + "?next="), location
        return
    if check == "read_only":
        client.force_login(town_official())
        response = client.post(url, {})
    elif check == "other_community":
        user = staff_of(CommunityFactory())
        user.user_permissions.set(Permission.objects.all())
        client.force_login(user)
        response = getattr(client, method)(url)
    else:
        user = staff_of(community)
        user.user_permissions.set(Permission.objects.all())
        client.force_login(user)
        response = getattr(client, check.rsplit("_", 1)[1].lower())(url)
    assert response.status_code == want, (url, check, response.status_code)
