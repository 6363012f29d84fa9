import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x9!vQ2#mL7@pR4$tW8^zN1&bK6*cJ3(hF5)dG0-sA_yE+uI=oP" * 2,
    "ALLOWED_HOSTS": "sqfw.burqin.example",
    "ADMIN_URL": "guanli-7f3k2q/",
    "TRUSTED_PROXIES": "127.0.0.1",
}


def run_in_production(args: list[str], **overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in {**env, **PRODUCTION_ENV, **overrides}.items() if v is not None}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_debug_off_and_production_env():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_admin_is_at_the_default_path():
    result = run_in_production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], ADMIN_URL=None
    )
    assert result.returncode != 0
    assert "burqin.W001" in result.stderr + result.stdout


def test_check_deploy_warns_when_no_proxy_is_trusted():
    result = run_in_production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], TRUSTED_PROXIES=None
    )
    assert result.returncode != 0
    assert "burqin.W004" in result.stderr + result.stdout


def test_production_responses_carry_the_security_headers():
    code = (
        "import django, json, os;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'burqin.settings');"
        "django.setup(); from django.test import Client;"
        "r = Client().get('/', secure=True, HTTP_HOST='sqfw.burqin.example');"
        "print(json.dumps({'status': r.status_code, **dict(r.headers)}))"
    )
    result = run_in_production(["-c", code])
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 302
    assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"


def test_the_web_server_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", ALLOWED_HOSTS="x")
    result = subprocess.run(
        [sys.executable, "-c", "import burqin.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_the_chinese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural or {})
        and compiled.get((e.msgctxt, e.msgid), ("", {}))[0] != e.msgstr
    ]
    assert not stale, f"django.mo is older than django.po for: {stale[:10]} (make messages)"


@pytest.mark.parametrize(
    "path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html"))
)
def test_templates_reference_no_outside_asset(path):
    text = (ROOT / path).read_text()
    assert "://" not in text.replace("http://www.w3.org", ""), path
