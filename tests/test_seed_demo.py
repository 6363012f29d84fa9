import re

import pytest
from django.core.management import call_command

from communities.models import Community, Household, Resident

DEMO_ACCOUNTS = ["admin", "official", "minzheng", "minzheng2"] + [
    f"staff_{code}"
    for code in [
        "ehe",
        "meilifeng",
        "shenhu",
        "baishanbu",
        "youyifeng",
        "jinhe",
        "qieketai",
        "xincheng",
    ]
]


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_is_idempotent(seeded):
    counts = (Community.objects.count(), Household.objects.count(), Resident.objects.count())
    call_command("seed_demo")
    assert (
        Community.objects.count(),
        Household.objects.count(),
        Resident.objects.count(),
    ) == counts
    assert counts[0] == 8
    assert 1400 <= counts[2] <= 1700
    assert not Household.objects.filter(head__isnull=True).exists()
    ethnicities = set(Resident.objects.values_list("ethnicity", flat=True))
    assert {"01", "02", "03", "05", "17"} <= ethnicities
    assert Resident.objects.filter(name="张三").exists()


@pytest.mark.django_db
def test_every_nav_link_answers_200_for_each_demo_account(client, seeded, settings):
    for username in DEMO_ACCOUNTS:
        response = client.post(
            "/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD}
        )
        assert response.status_code == 302, f"{username} cannot log in with the demo password"
        home = client.get("/")
        assert home.status_code == 200
        links = re.findall(r'data-nav href="([^"]+)"', home.content.decode())
        assert len(links) >= 2
        for link in links:
            assert client.get(link).status_code == 200, f"{username}: {link}"
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_the_menu_reaches_every_module(client, seeded, settings):
    client.post("/accounts/login/", {"username": "staff_ehe", "password": settings.DEMO_PASSWORD})
    links = re.findall(r'data-nav href="([^"]+)"', client.get("/").content.decode())
    for prefix in (
        "/residents/",
        "/services/quick/",
        "/welfare/",
        "/employment/",
        "/duty/",
        "/reports/",
    ):
        assert any(link.startswith(prefix) for link in links), prefix
