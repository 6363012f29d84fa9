import os

import pytest
from django.test import Client

from tests.factories import CommunityFactory, civil_affairs_officer, staff_of, town_official

IN_CI = os.environ.get("CI") == "true"


def require_service(available: bool, reason: str) -> None:
    """Skip locally when a server is absent; under CI=true its absence is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _eager_celery(monkeypatch):
    """Tasks run in-process unless a test sends them through the real worker on purpose."""
    from burqin.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Figures of locked months are cached; each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ehe(db):
    return CommunityFactory(code="ehe", name="额河社区")


@pytest.fixture
def shenhu(db):
    return CommunityFactory(code="shenhu", name="神湖社区")


@pytest.fixture
def staff(ehe):
    return staff_of(ehe, username="staff_ehe")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def officer(db):
    return civil_affairs_officer(username="minzheng_test")


@pytest.fixture
def officer_client(officer):
    """A browser of its own, so that a test can act as staff and as the officer."""
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def second_staff(ehe):
    """Another staff member of the same community: four eyes need two people (issue 16)."""
    return staff_of(ehe, username="staff_ehe_2")


@pytest.fixture
def second_officer(db):
    """A second civil-affairs officer: the one who did not take the previous step."""
    return civil_affairs_officer(username="minzheng_test_2")


@pytest.fixture
def second_officer_client(second_officer):
    client = Client()
    client.force_login(second_officer)
    return client


@pytest.fixture
def official_client(db):
    client = Client()
    client.force_login(town_official(username="official_test"))
    return client
