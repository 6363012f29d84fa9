"""The login lockout behind a reverse proxy: who the client is, and what a lock covers."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from burqin.http import client_ip
from tests.factories import civil_affairs_officer, staff_of

LOGIN = reverse("login")
PROXY = "10.0.0.2"
RIGHT = "pass-word-123"


def login(client, username, password, *, via=None, forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


@pytest.fixture
def minzheng(db):
    return civil_affairs_officer(username="minzheng")


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []


@pytest.fixture
def behind_known_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.fixture
def no_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []


@pytest.mark.parametrize("proxy", ["behind_one_proxy", "behind_known_proxy"])
def test_five_wrong_passwords_at_one_desk_do_not_lock_the_account_at_another(
    request, proxy, client, minzheng
):
    request.getfixturevalue(proxy)
    for _ in range(5):
        response = login(client, "minzheng", "wrong", forwarded="192.168.8.15")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # The locked desk stays locked, even with the right password …
    assert login(client, "minzheng", RIGHT, forwarded="192.168.8.15").status_code == 429
    # … while minzheng at her own desk logs in.
    assert logged_in(login(client, "minzheng", RIGHT, forwarded="192.168.3.21"))


def test_behind_a_proxy_a_forged_left_entry_does_not_escape_the_lock(
    behind_one_proxy, client, minzheng
):
    for n in range(5):
        login(client, "minzheng", "wrong", forwarded=f"1.2.3.{n}, 192.168.8.15")
    assert AccessAttempt.objects.get().ip_address == "192.168.8.15"
    response = login(client, "minzheng", RIGHT, forwarded="9.9.9.9, 192.168.8.15")
    assert response.status_code == 429


def test_without_proxy_settings_a_forged_forwarded_for_does_not_change_the_address(
    no_proxy, client, minzheng
):
    for n in range(5):
        login(client, "minzheng", "wrong", remote="192.168.8.15", forwarded=f"172.16.0.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.168.8.15"}
    response = login(client, "minzheng", RIGHT, remote="192.168.8.15", forwarded="172.16.9.9")
    assert response.status_code == 429
    assert logged_in(login(client, "minzheng", RIGHT, remote="192.168.3.21"))


def test_a_known_proxy_is_believed_only_for_requests_that_come_from_it(behind_known_proxy):
    factory = RequestFactory()
    from_proxy = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.168.8.15")
    direct = factory.get("/", REMOTE_ADDR="192.168.3.21", HTTP_X_FORWARDED_FOR="192.168.8.15")
    chained = factory.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.168.8.15, 10.0.0.3"
    )
    garbage = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(from_proxy) == "192.168.8.15"
    assert client_ip(direct) == "192.168.3.21"
    assert client_ip(chained) == "192.168.8.15"
    assert client_ip(garbage) == "10.0.0.2"


def test_a_proxy_count_takes_the_address_its_proxies_wrote(settings):
    settings.TRUSTED_PROXIES = []
    factory = RequestFactory()
    request = factory.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.168.8.15, 10.0.0.1"
    )
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "192.168.8.15"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    short = factory.get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(short) == "10.0.0.2"


@pytest.mark.parametrize("proxy", ["behind_one_proxy", "no_proxy"])
def test_an_address_trying_passwords_on_many_accounts_gets_locked(request, proxy, client, ehe):
    request.getfixturevalue(proxy)
    sprayer = (
        {"forwarded": "192.168.8.66"} if proxy == "behind_one_proxy" else {"remote": "192.168.8.66"}
    )
    colleague = (
        {"forwarded": "192.168.3.21"} if proxy == "behind_one_proxy" else {"remote": "192.168.3.21"}
    )
    accounts = [staff_of(ehe, username=f"staff_{n}").username for n in range(7)]
    # Three guesses per account stay under the per-account limit of five …
    for username in accounts:
        for guess in ("123456", "burqin2024", "password"):
            login(client, username, guess, **sprayer)
    # … but 21 failures from one address lock the address, for every account.
    response = login(client, accounts[0], RIGHT, **sprayer)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert login(client, "nobody_yet", "anything", **sprayer).status_code == 429
    # Other addresses are not affected.
    assert logged_in(login(client, accounts[0], RIGHT, **colleague))


def test_a_few_mistakes_over_several_accounts_from_one_office_do_not_lock_it(
    behind_one_proxy, client, ehe
):
    accounts = [staff_of(ehe, username=f"clerk_{n}").username for n in range(4)]
    for username in accounts:
        for _ in range(4):
            login(client, username, "typo", forwarded="192.168.8.40")
    assert logged_in(login(client, accounts[0], RIGHT, forwarded="192.168.8.40"))


def test_logging_into_ones_own_account_does_not_clear_the_address_count(no_proxy, client, ehe):
    own = staff_of(ehe, username="insider").username
    victims = [staff_of(ehe, username=f"victim_{n}").username for n in range(4)]
    for username in victims:
        for guess in ("a1", "b2", "c3", "d4"):
            login(client, username, guess, remote="192.168.8.77")
    assert logged_in(login(client, own, RIGHT, remote="192.168.8.77"))
    client.post(reverse("logout"))
    for n in range(4):
        login(client, f"ghost_{n}", "e5", remote="192.168.8.77")
    assert login(client, own, RIGHT, remote="192.168.8.77").status_code == 429
