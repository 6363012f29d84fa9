"""``next=`` never leads off the site: every view that reads it, through its URL."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DisbursementFactory, household_with_members, town_official

ROOT = Path(__file__).resolve().parent.parent
APPS = ["burqin", "communities", "welfare", "employment", "duty_roster", "reports"]
OUTSIDE = [
    "https://evil.example/login/",
    "//evil.example/",
    "/\\evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
]


def assert_stays_on_site(response, expected: str):
    assert response.status_code == 302
    assert response["Location"] == expected, response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_the_community_filter_ignores_an_outside_next(target, shenhu):
    client = Client()
    client.force_login(town_official(username="official_next"))
    response = client.post(
        reverse("set_community_filter"), {"community": shenhu.pk, "next": target}
    )
    assert_stays_on_site(response, reverse("home"))


@pytest.mark.django_db
def test_the_community_filter_goes_back_to_the_page_it_was_chosen_on(shenhu):
    client = Client()
    client.force_login(town_official(username="official_next"))
    response = client.post(
        reverse("set_community_filter"), {"community": shenhu.pk, "next": "/residents/?q=zs"}
    )
    assert_stays_on_site(response, "/residents/?q=zs")


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_marking_a_payment_signed_ignores_an_outside_next(target, staff_client, ehe):
    row = DisbursementFactory(resident=household_with_members(ehe, 1).head)
    url = reverse("welfare:disbursement_signed", args=[row.pk])
    response = staff_client.post(url, {"signed": "1", "next": target})
    assert_stays_on_site(response, row.batch.get_absolute_url())
    response = staff_client.post(f"{url}?next={target}", {"signed": "0"})
    assert_stays_on_site(response, row.batch.get_absolute_url())


@pytest.mark.django_db
def test_marking_a_payment_signed_goes_back_to_the_batch_page_it_came_from(staff_client, ehe):
    row = DisbursementFactory(resident=household_with_members(ehe, 1).head)
    back = row.batch.get_absolute_url() + "?page=2"
    response = staff_client.post(
        reverse("welfare:disbursement_signed", args=[row.pk]), {"signed": "1", "next": back}
    )
    assert_stays_on_site(response, back)


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_login_ignores_an_outside_next(target, client, staff):
    page = client.get(reverse("login"), {"next": target}).content.decode()
    assert "evil.example" not in page
    response = client.post(
        reverse("login"),
        {"username": staff.username, "password": "pass-word-123", "next": target},
    )
    assert_stays_on_site(response, reverse("home"))


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_logout_ignores_an_outside_next(target, staff_client):
    response = staff_client.post(reverse("logout") + "?next=" + target)
    assert_stays_on_site(response, reverse("login"))


def test_views_read_next_only_through_safe_next():
    """A new view that reads ``next`` itself would bypass the check: only burqin/http.py may."""
    pattern = re.compile(r"""(GET|POST|REQUEST)(\.get\(|\[)\s*["']next["']""")
    readers = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if pattern.search(path.read_text()) and path != ROOT / "burqin" / "http.py"
    ]
    assert not readers, f"read next= with burqin.http.safe_next in: {readers}"
