import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import staff_of

LOGIN = reverse("login")


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    body = client.get(LOGIN).content.decode()
    assert "登录" in body
    assert "用户名" in body


@pytest.mark.django_db
def test_it_locks_the_account_after_five_wrong_passwords(client, ehe):
    staff_of(ehe, username="locked_user")
    for _ in range(5):
        response = client.post(LOGIN, {"username": "locked_user", "password": "wrong"})
    assert response.status_code in (403, 429)
    response = client.post(LOGIN, {"username": "locked_user", "password": "pass-word-123"})
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock(client, ehe):
    staff_of(ehe, username="careful_user")
    for _ in range(4):
        client.post(LOGIN, {"username": "careful_user", "password": "wrong"})
    response = client.post(LOGIN, {"username": "careful_user", "password": "pass-word-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(staff_client):
    assert staff_client.post(reverse("logout")).status_code == 302
    assert staff_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_change_works_in_chinese(client, ehe):
    user = staff_of(ehe, username="changer")
    client.force_login(user)
    assert "修改密码" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": "Burqin-new-2026",
            "new_password2": "Burqin-new-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Burqin-new-2026")


def test_sessions_expire():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
