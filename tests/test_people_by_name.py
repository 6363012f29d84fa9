"""Issue 14, item 3: wherever a page names a person — a reviewer, who decided, who built a report,
who wrote a duty log — it shows the person's name, never the login name."""

import re
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template

from burqin.people import person_name
from reports.services import report_request
from tests.page_text import local_links, visible_text

# Links a walk does not follow: files, leaving, and the admin (tests/test_admin_chinese.py).
NOT_FOLLOWED = re.compile(r"logout|export|download|/file|\.xlsx|\.pdf|/admin/|print")
PAGES_PER_ACCOUNT = 120


def walk(client, start="/"):
    """Every page reachable from ``start`` by links (each path once), as (path, visible text)."""
    seen, queue = set(), deque([start])
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        url = queue.popleft()
        path = url.split("?")[0]
        if path in seen or NOT_FOLLOWED.search(url):
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield url, visible_text(html)
        queue.extend(local_links(html, url))


@pytest.mark.django_db
def test_no_page_shows_a_demo_login_name_where_a_person_is_named(client, settings):
    call_command("seed_demo")
    User = get_user_model()
    officer = User.objects.get(username="minzheng")
    report_request(period_key="2026-10", user=officer)  # built at once: Celery runs eagerly
    logins = set(User.objects.values_list("username", flat=True))
    login_word = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, logins)) + r")(?![\w])")
    leaks, walked = [], 0
    for username in ("minzheng", "official", "staff_ehe"):
        client.force_login(User.objects.get(username=username))
        for url, text in walk(client):
            walked += 1
            leaks += [(username, url, m) for m in set(login_word.findall(text))]
    assert walked > 100
    assert not leaks, leaks[:20]
    # The demo's people have Chinese names; their logins and passwords stay as README lists them.
    for user in User.objects.all():
        assert re.search(r"[\u4e00-\u9fff]", user.first_name), user.username
        assert user.check_password(settings.DEMO_PASSWORD)
    assert person_name(User.objects.get(username="minzheng")) == "马玉兰"


@pytest.mark.django_db
def test_a_person_is_named_by_the_name_then_the_login_name():
    User = get_user_model()
    named = User(username="li", first_name="李建军")
    split = User(username="zhang", first_name="三", last_name="张")
    transcribed = User(username="gulnar", first_name="古丽娜尔", last_name="阿不都")
    latin = User(username="amy", first_name="Amy", last_name="Lee")
    bare = User(username="old_account")
    assert [person_name(u) for u in (named, split, transcribed, latin, bare)] == [
        "李建军",
        "张三",
        "古丽娜尔·阿不都",
        "Amy Lee",
        "old_account",
    ]
    assert str(named) == "李建军"
    assert person_name(None) == ""
    rendered = Template("{% load people %}{{ u|person }}|{{ nobody|person }}").render(
        Context({"u": split, "nobody": None})
    )
    assert rendered == "张三|"
