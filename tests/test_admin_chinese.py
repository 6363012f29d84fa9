"""Issue 14, item 4: the admin in Chinese end to end — every changelist, add page, change page
and history of every registered model as the administrator sees them — and the staff account
form that asks for the name, the role and the community at once."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from communities.models import Community, StaffProfile
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF
from duty_roster.models import ShiftTemplate
from tests.page_text import latin_words, visible_text
from welfare.models import Program

# Latin that a Chinese admin page may carry: keyboard keys in Django's own help for multiple
# choices (按住 Control 键或 Mac 上的 Command 键) and file formats.
ALLOWED = {"Control", "Command", "Mac", "xlsx", "pdf", "PDF", "XLSX", "IP"}
# The placeholders a program's narrative sentence is typed with ({count}, {amount}, …).
ALLOWED |= {"count", "amount", "quantity", "communities"}


def task_arguments() -> set[str]:
    """The words of the periodic tasks' arguments as stored (``["last_month"]`` for the monthly
    reports): values an administrator types into the task's form, like a program code."""
    words = set()
    for args, kwargs in PeriodicTask.objects.values_list("args", "kwargs"):
        for value in [*json.loads(args or "[]"), *json.loads(kwargs or "{}").values()]:
            if isinstance(value, str):
                words.add(value)
    return words


def identifiers() -> set[str]:
    """Codes that are the records themselves: community, program and shift codes, login names,
    the periodic tasks' arguments."""
    return (
        set(Community.objects.values_list("code", flat=True))
        | set(Program.objects.values_list("code", flat=True))
        | set(ShiftTemplate.objects.values_list("code", flat=True))
        | set(get_user_model().objects.values_list("username", flat=True))
        | task_arguments()
    )


def pages_of(model, model_admin):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    yield reverse(f"{name}_changelist")
    yield reverse(f"{name}_add")
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        yield reverse(f"{name}_change", args=[obj.pk])
        yield reverse(f"{name}_history", args=[obj.pk])


@pytest.fixture
def admin_browser(client, db):
    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.mark.django_db
def test_every_admin_page_reads_in_chinese(admin_browser):
    # Login names are identifiers on the pages that list accounts; elsewhere a person is named.
    codes = identifiers() - set(get_user_model().objects.values_list("username", flat=True))
    logins = set(get_user_model().objects.values_list("username", flat=True))
    problems, walked = {}, 0
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        pages += list(pages_of(model, model_admin))
    # django-celery-beat's pages (burqin/admin.py) are walked like every other.
    assert {
        reverse(f"admin:django_celery_beat_{name}_changelist")
        for name in ("periodictask", "crontabschedule", "intervalschedule", "clockedschedule")
    } | {reverse("admin:django_celery_beat_solarschedule_add")} <= set(pages)
    for url in pages:
        response = admin_browser.get(url)
        if response.status_code == 403 and url.endswith("/add/"):
            continue  # a model the admin only reads
        assert response.status_code == 200, url
        walked += 1
        accounts = "/auth/user/" in url or "/axes/" in url
        # On the login log: login names, and "<unknown>", the user agent of the test client.
        words = latin_words(
            response.content.decode(),
            ALLOWED | codes | (logins | {"unknown"} if accounts else set()),
        )
        if words:
            problems[url] = sorted(words)[:15]
    assert walked > 150
    assert not problems, problems


@pytest.mark.django_db
def test_the_user_form_reads_enabled_and_disabled_not_the_disability_word(admin_client):
    user = get_user_model().objects.create_user(username="wangli", first_name="王丽")
    add_text = visible_text(admin_client.get(reverse("admin:auth_user_add")).content.decode())
    assert "启用" in add_text and "停用" in add_text
    assert "残疾人" not in add_text
    change = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert "残疾人" not in visible_text(change.content.decode())


def add_account(client, **fields):
    data = {
        "username": "lijianguo",
        "first_name": "李建国",
        "role": COMMUNITY_STAFF,
        "usable_password": "true",
        "password1": "Burqin-2026-secret",
        "password2": "Burqin-2026-secret",
        "staff_profile-TOTAL_FORMS": "1",
        "staff_profile-INITIAL_FORMS": "0",
        "staff_profile-MIN_NUM_FORMS": "1",
        "staff_profile-MAX_NUM_FORMS": "1",
        "staff_profile-0-community": "",
        "staff_profile-0-title": "",
        "staff_profile-0-phone": "",
    }
    data.update(fields)
    return client.post(reverse("admin:auth_user_add"), data)


@pytest.fixture
def roles(db):
    for name in (COMMUNITY_STAFF, CIVIL_AFFAIRS):
        Group.objects.get_or_create(name=name)


@pytest.mark.django_db
def test_a_staff_account_is_created_with_its_name_role_and_community_in_one_form(
    admin_client, roles, ehe
):
    response = add_account(admin_client, **{"staff_profile-0-community": str(ehe.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="lijianguo")
    assert user.first_name == "李建国"
    assert list(user.groups.values_list("name", flat=True)) == [COMMUNITY_STAFF]
    assert user.staff_profile.community == ehe
    assert not user.is_superuser


@pytest.mark.django_db
def test_a_community_role_without_a_community_is_refused_in_chinese(admin_client, roles):
    response = add_account(admin_client)
    assert response.status_code == 200
    assert "社区工作人员账号必须指定所属社区" in response.content.decode()
    assert not get_user_model().objects.filter(username="lijianguo").exists()


@pytest.mark.django_db
def test_an_account_without_a_name_is_refused(admin_client, roles, ehe):
    response = add_account(
        admin_client, first_name="", **{"staff_profile-0-community": str(ehe.pk)}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="lijianguo").exists()


@pytest.mark.django_db
def test_a_town_wide_account_gets_a_profile_without_a_community(admin_client, roles):
    response = add_account(admin_client, role=CIVIL_AFFAIRS)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="lijianguo")
    assert StaffProfile.objects.get(user=user).community is None
    assert str(user.groups.get()) == "民政专干"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, message",
    [
        ("enable_tasks", "已启用 1 个任务"),
        ("disable_tasks", "已停用 1 个任务"),
        ("toggle_tasks", "已切换 1 个任务的启用状态"),
        ("run_tasks", "已成功运行 1 个任务"),
    ],
)
def test_the_periodic_task_actions_answer_in_chinese(admin_browser, action, message):
    """The actions of django-celery-beat's task list: the library formats English plural
    endings into its own translation ("任务s"); the project's catalogue reads whole."""
    task = PeriodicTask.objects.get(task="communities.fail_stuck_exports")
    response = admin_browser.post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": action, "_selected_action": [task.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [message]
    assert latin_words(" ".join(shown), set()) == set()
