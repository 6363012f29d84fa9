"""Headers and paths: a strict Content-Security-Policy that every page keeps to, the
Permissions-Policy, and the admin at the path of ``ADMIN_URL``."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import IN_COMMUNITY, UserFactory, staff_of
from tests.scope_walk import LIST_PATTERNS, OBJECT_PATTERNS, model_for

ROOT = Path(__file__).resolve().parent.parent
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block, as (kind, where): inline scripts, on…= handlers,
    javascript: URLs, inline styles."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type in EXECUTABLE_SCRIPT_TYPES:
            self.found.append(("script", f"inline <script {attributes}>"))
        if tag == "style":
            self.found.append(("style", "<style> element"))
        for name, value in attrs:
            javascript_url = (value or "").lower().startswith("javascript:")
            if name.startswith("on") or (name in ("href", "src", "action") and javascript_url):
                self.found.append(("script", f"<{tag} {name}={value!r}>"))
            elif name == "style":
                self.found.append(("style", f"<{tag} style={value!r}>"))


def inline_code(html: str, kinds=("script", "style")) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return [where for kind, where in parser.found if kind in kinds]


def assert_strict_page(url: str, response):
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp, (url, csp)
    assert "unsafe" not in csp, (url, csp)
    assert response["Permissions-Policy"].startswith("accelerometer=()"), url
    problems = inline_code(response.content.decode())
    assert not problems, f"{url}: {problems}"


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.fixture
def everything_client(client, ehe):
    """Staff of 额河社区 holding every permission, so that pages render rather than answer 403."""
    user = staff_of(ehe, username="csp_walker")
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


def test_the_policy_is_strict():
    from django.conf import settings

    from burqin.middleware import policy_header

    header = policy_header(settings.SECURE_CSP)
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in header.split("; "), directive


# Templates rendered only by WeasyPrint (none keeps a <style> now: reports/report_print.css).
NOT_SERVED: set[str] = set()


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(ROOT / "templates"))
        for p in (ROOT / "templates").rglob("*.html")
        if str(p.relative_to(ROOT / "templates")) not in NOT_SERVED
    ),
)
def test_templates_carry_no_inline_script_or_style(path):
    """Also what the walk below does not render (a form shown only in one state)."""
    problems = inline_code((ROOT / "templates" / path).read_text())
    assert not problems, f"{path}: {problems} (move it to static/js/app.js or static/css/)"


@pytest.mark.django_db
def test_every_page_without_arguments_keeps_to_the_content_security_policy(everything_client):
    checked = []
    for name, _pattern in LIST_PATTERNS:
        url = reverse(name)
        response = everything_client.get(url)
        assert "Content-Security-Policy" in response, url
        if is_html(response):
            assert_strict_page(url, response)
            checked.append(name)
    assert "home" in checked and "communities:resident_list" in checked


@pytest.mark.django_db
def test_every_object_page_keeps_to_the_content_security_policy(everything_client, ehe):
    checked = []
    for name, pattern in OBJECT_PATTERNS:
        obj = IN_COMMUNITY[model_for(name)](ehe)
        url = reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, obj.pk))
        response = everything_client.get(url)
        assert "Content-Security-Policy" in response, url
        if is_html(response) and response.status_code == 200:
            assert_strict_page(url, response)
            checked.append(name)
    assert "communities:household_detail" in checked
    assert "welfare:batch_detail" in checked
    assert "duty_roster:rostermonth_detail" in checked


@pytest.mark.django_db
def test_anonymous_pages_keep_to_the_content_security_policy(client):
    for url in (reverse("login"), "/no-such-page/"):
        assert_strict_page(url, client.get(url))


@pytest.mark.django_db
def test_htmx_is_configured_not_to_insert_its_own_style(everything_client):
    page = everything_client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert (ROOT / "static" / "css" / "app.css").read_text().count(".htmx-indicator") >= 2


@pytest.mark.django_db
def test_pages_refuse_browser_features_and_send_no_referrer_off_site(everything_client):
    response = everything_client.get(reverse("home"))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_admin_runs_its_scripts_under_the_policy(client):
    """Every admin list and add page: scripts from files only; inline styles are allowed there
    alone (Django's change list writes a <style> element)."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self';" in csp, url
        scripts = inline_code(response.content.decode(), kinds=("script",))
        assert not scripts, f"{url}: {scripts}"
    assert client.get(reverse("admin:index"))["Content-Security-Policy"].count("unsafe-inline") == 1


def run_python(code: str, **env_vars) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "ADMIN_URL")
    }
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


REVERSE_ADMIN = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'burqin.settings'); "
    "django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
)


def test_the_admin_answers_at_the_path_of_admin_url():
    result = run_python(REVERSE_ADMIN, ADMIN_URL="/guanli-7f3k2q/")
    assert result.stdout.strip() == "/guanli-7f3k2q/", result.stderr
    assert run_python(REVERSE_ADMIN).stdout.strip() == "/admin/"


def test_an_admin_url_that_is_not_a_path_is_refused():
    result = run_python(REVERSE_ADMIN, ADMIN_URL="../x y")
    assert result.returncode != 0
    assert "ADMIN_URL" in result.stderr
