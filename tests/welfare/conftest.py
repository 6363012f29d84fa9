import pytest
from django.test import Client

from tests.factories import civil_affairs_officer, town_official


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
def official_client(db):
    client = Client()
    client.force_login(town_official(username="official_test"))
    return client
