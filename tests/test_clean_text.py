"""Clean text in: no NUL, zero-width or bidirectional-control character reaches the database.

The walks below go through every URL of the project (the URLconf, not a list), put such
characters into every search box and every form, and watch every SQL statement: a parameter
holding one fails the test (PostgreSQL refuses a NUL in text; SQLite would store it silently).
"""

import io
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import Resolver404, resolve, reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from burqin.text import clean_text, has_unclean, normalize_identifier
from communities.models import Household, Resident
from communities.services import IMPORT_COLUMNS
from employment.models import Enterprise
from tests.factories import (
    IN_COMMUNITY,
    CommunityFactory,
    EnterpriseFactory,
    household_with_members,
    next_id_number,
    staff_of,
)
from tests.scope_walk import ALL_PATTERNS, LIST_PATTERNS, OBJECT_PATTERNS, model_for

NUL = "\x00"
ZWSP = "\u200b"
RLO = "\u202e"
DIRTY = [NUL, f"张{ZWSP}三{RLO}", f"{ZWSP}{NUL}\u2066x\u2069\ufeff"]
PROJECT_APPS = ("communities", "welfare", "employment", "duty_roster", "reports")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


# The rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("张\x00三", "张三"),
        (f"张{ZWSP}三", "张三"),
        (f"{RLO}gpj.exe", "gpj.exe"),
        ("a\u200e\u200f\u061c\u202a\u2066\u2069\u2060\ufeffb", "ab"),
        ("a\x07\x1b\x7f\x85\x9fb", "ab"),
        ("第一行\r\n\t第二行", "第一行\r\n\t第二行"),
    ],
)
def test_clean_text_drops_control_zero_width_and_bidi_characters(dirty, clean):
    assert clean_text(dirty) == clean


def test_single_line_text_turns_tabs_and_line_breaks_into_spaces():
    assert clean_text("幸福路\n1号\t2单元", multiline=False) == "幸福路 1号 2单元"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (f" 张{ZWSP}三 ", "张三"),
        ("６５４３２１", "654321"),
        ("布尔津商贸（新疆）有限公司", "布尔津商贸(新疆)有限公司"),
        ("阿依古丽\u3000·\n别克", "阿依古丽 · 别克"),
    ],
)
def test_names_and_identifiers_are_nfkc_with_collapsed_whitespace(dirty, clean):
    assert normalize_identifier(dirty) == clean


@given(st.text())
def test_cleaned_text_holds_no_unclean_character_and_cleaning_twice_changes_nothing(text):
    for multiline in (True, False):
        once = clean_text(text, multiline=multiline)
        assert not has_unclean(once)
        assert clean_text(once, multiline=multiline) == once
    identifier = normalize_identifier(text)
    assert not has_unclean(identifier)
    assert normalize_identifier(identifier) == identifier


def test_mongolian_and_arabic_script_letters_are_kept():
    for text in ("ᠪᠠᠲᠤ", "ئابدۇللا", "Әсел"):
        assert clean_text(text) == text


# Watching the database ----------------------------------------------------------------------


@pytest.fixture
def unclean_sql():
    """Every SQL parameter holding a character that ``clean_text`` removes."""
    seen = []

    def watch(execute, sql, params, many, context):
        batches = params if many else [params]
        for batch in batches or []:
            values = batch.values() if isinstance(batch, dict) else batch or []
            seen.extend((sql[:120], v) for v in values if isinstance(v, str) and has_unclean(v))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield seen


def stored_unclean() -> list[tuple[str, str, str]]:
    """(model, field, value) for every stored text holding such a character."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list("pk", *fields):
            for field, value in zip(fields, row[1:], strict=True):
                if isinstance(value, str) and has_unclean(value):
                    found.append((model._meta.label, field, value))
    return found


# Reading the forms of a page ----------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: method, action and the fields a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "text": [],
                "data": {},
            }
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        # as a browser sends a select: the selected option, or else the first
        if (
            form is not None
            and tag == "option"
            and self._select
            and ("selected" in attrs or self._select not in form["data"])
        ):
            form["data"][self._select] = attrs.get("value") or ""
        if form is None or not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("text", "search", "tel", "email", "url"):
                form["text"].append(name)
                form["data"][name] = attrs.get("value") or ""
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["data"].setdefault(name, attrs.get("value") or "on")
            elif kind not in ("file", "submit", "button", "reset", "image"):
                form["data"][name] = attrs.get("value") or ""
        elif tag == "textarea":
            form["text"].append(name)
            form["data"][name] = ""
            self._textarea = name
        elif tag == "select":
            self._select = name

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["data"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(response) -> list[dict]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode())
    return parser.forms


def dirtied(form: dict, invisible: str) -> dict:
    """The form's data with every text field wrapped in ``invisible``: a valid form stays
    valid once they are cleaned away, an empty field stays empty."""
    data = dict(form["data"])
    for name in form["text"]:
        data[name] = f"{invisible}{data[name]}{invisible}"
    return data


@pytest.fixture
def writer(db):
    """Staff of their own community holding every permission: every form is shown."""
    community = CommunityFactory()
    user = staff_of(community)
    user.user_permissions.set(Permission.objects.all())
    household_with_members(community, 2)
    return community, user


# The walks ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_search_box_and_filter_of_every_list_answers_invisible_characters(
    client, writer, unclean_sql
):
    community, user = writer
    client.force_login(user)
    checked = 0
    for name, _pattern in LIST_PATTERNS:
        url = reverse(name)
        plain = client.get(url)
        if plain.status_code != 200:
            continue
        parameters = {"q"} | {
            field for form in forms_of(plain) if form["method"] == "get" for field in form["data"]
        }
        for parameter in sorted(parameters):
            for value in DIRTY:
                response = client.get(url, {parameter: value})
                assert response.status_code == 200, (name, parameter, repr(value))
                checked += 1
    assert checked > 100
    assert not unclean_sql, unclean_sql[:5]


@pytest.mark.django_db
def test_every_admin_list_answers_invisible_characters_in_its_search_box(
    admin_client, writer, unclean_sql
):
    from django.contrib import admin

    checked = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        for value in DIRTY:
            response = admin_client.get(
                reverse("admin:{}_{}_changelist".format(*info)), {"q": value}
            )
            assert response.status_code == 200, info
        checked.append(info)
    assert ("communities", "resident") in checked
    assert not unclean_sql, unclean_sql[:5]


def pages_with_forms(community):
    """Every page of the project that a writer of ``community`` may open: lists, and each
    object page with an object of their own community."""
    for name, _pattern in LIST_PATTERNS:
        yield name, reverse(name)
    for name, pattern in OBJECT_PATTERNS:
        obj = IN_COMMUNITY[model_for(name)](community)
        yield name, reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, obj.pk))


@pytest.mark.django_db
def test_every_form_of_the_project_stores_no_invisible_character(client, writer, unclean_sql):
    community, user = writer
    posted, saved = set(), 0
    for name, url in pages_with_forms(community):
        client.force_login(user)
        for form in forms_of(client.get(url)):
            if form["method"] != "post":
                continue
            action = urljoin(url, form["action"] or url)
            try:
                target = resolve(action.split("?")[0])
            except Resolver404:
                continue
            if target.url_name == "logout" or (action, tuple(form["data"])) in posted:
                continue
            posted.add((action, tuple(form["data"])))
            # Django's form fields refuse a NUL by themselves; the others pass them.
            for invisible in (f"{ZWSP}{RLO}\u2066\ufeff", NUL):
                response = client.post(action, dirtied(form, invisible))
                assert response.status_code < 500, (name, action, response.status_code)
                saved += response.status_code == 302
    assert len(posted) > 30
    assert saved > 20
    assert not unclean_sql, unclean_sql[:5]
    assert not stored_unclean()


def test_the_walk_covers_every_url_pattern():
    assert len(LIST_PATTERNS) + len(OBJECT_PATTERNS) == len(ALL_PATTERNS)


# The findings -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_in_the_job_seeker_search_never_reaches_the_database(staff_client, unclean_sql):
    response = staff_client.get(reverse("employment:jobseeker_list"), {"q": NUL, "status": NUL})
    assert response.status_code == 200
    assert not unclean_sql


def post_form(client, url, **changes):
    """Post the page's own form (the one without an action) as shown, with ``changes``."""
    (form,) = [f for f in forms_of(client.get(url)) if f["method"] == "post" and not f["action"]]
    return client.post(url, form["data"] | changes)


def edit_resident(client, resident, **changes):
    return post_form(client, reverse("communities:resident_edit", args=[resident.pk]), **changes)


@pytest.fixture
def registrar_client(staff, staff_client):
    """Community staff who may also see and correct full ID numbers."""
    staff.user_permissions.add(Permission.objects.get(codename="view_full_id"))
    return staff_client


@pytest.mark.django_db
def test_a_name_with_a_zero_width_space_and_an_rlo_is_stored_clean(registrar_client, ehe):
    resident = household_with_members(ehe, 1).members.get()
    response = edit_resident(registrar_client, resident, name=f"张{ZWSP}三{RLO}")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "张三"
    assert (resident.name_pinyin, resident.name_initials) == ("zhangsan", "zs")


@pytest.mark.django_db
def test_a_nul_in_a_text_field_is_stripped_without_a_500(staff_client, ehe):
    household = household_with_members(ehe, 1)
    url = reverse("communities:household_edit", args=[household.pk])
    response = post_form(staff_client, url, address=f"幸福路{NUL}1号")
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.address == "幸福路1号"


@pytest.mark.django_db
def test_a_name_with_a_zero_width_space_finds_the_same_resident(staff_client, ehe):
    household_with_members(ehe, 1, address="额河路1号").members.update(name="张三")
    response = staff_client.get(reverse("communities:resident_list"), {"q": f"张{ZWSP}三"})
    assert "额河路1号" in response.content.decode()
    assert Resident.objects.filter(name=f"张{ZWSP}三").count() == 1


@pytest.mark.django_db
def test_full_width_id_digits_are_accepted_and_stored_as_digits(registrar_client, ehe):
    resident = household_with_members(ehe, 1).members.get()
    number = next_id_number()
    response = edit_resident(registrar_client, resident, id_number=full_width(number))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.id_number == number
    search = registrar_client.get(reverse("communities:resident_list"), {"q": full_width(number)})
    assert number[:4] in search.content.decode()


@pytest.mark.django_db
def test_an_id_number_in_full_width_digits_is_a_duplicate_of_the_same_number(registrar_client, ehe):
    taken, resident = household_with_members(ehe, 2).members.order_by("pk")
    response = edit_resident(registrar_client, resident, id_number=full_width(taken.id_number))
    assert response.status_code == 200
    assert "已" in response.content.decode()  # "already registered", next to the field
    resident.refresh_from_db()
    assert resident.id_number != taken.id_number


@pytest.mark.django_db
def test_an_enterprise_name_differing_by_invisible_or_full_width_characters_is_a_duplicate(
    staff_client,
):
    EnterpriseFactory(name="布尔津商贸（新疆）有限公司")
    response = post_form(
        staff_client,
        reverse("employment:enterprise_create"),
        name=f"布尔津{ZWSP}商贸(新疆)有限公司",
        industry="商贸",
    )
    assert response.status_code == 200
    assert Enterprise.objects.count() == 1
    assert Enterprise.objects.get().name == "布尔津商贸(新疆)有限公司"


# Imports ------------------------------------------------------------------------------------


def workbook(columns, rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(list(columns))
    for row in rows:
        book.active.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("导入.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_the_resident_import_stores_names_and_id_numbers_clean(staff_client, ehe):
    number = next_id_number()
    row = {
        "社区代码": ehe.code,
        "小区": f"额河{ZWSP}小区",
        "地址": f"额河路\n1号{ZWSP}",
        "与户主关系": "户主",
        "身份证号": full_width(number),
        "姓名": f"{RLO}张{ZWSP}三",
        "电话": "１３９０９９０６６７７",
    }
    response = staff_client.post(
        reverse("communities:resident_import"), {"file": workbook(IMPORT_COLUMNS, [row])}
    )
    assert response.status_code == 302
    resident = Resident.objects.get()
    assert (resident.id_number, resident.name, resident.phone) == (number, "张三", "13909906677")
    assert Household.objects.get().address == "额河路 1号"
    assert resident.household.compound.name == "额河小区"


@pytest.mark.django_db
def test_the_payment_import_matches_a_name_written_with_invisible_characters(officer_client, ehe):
    resident = household_with_members(ehe, 1).head
    Resident.objects.filter(pk=resident.pk).update(name="张三")
    row = {
        "项目代码": "dibao_urban",
        "期间": "2026-03",
        "身份证号": full_width(resident.id_number),
        "姓名": f"张{ZWSP}三{RLO}",
        "金额": "500",
        "备注": f"补发{RLO}",
    }
    columns = ["项目代码", "期间", "身份证号", "姓名", "金额", "备注"]
    response = officer_client.post(
        reverse("welfare:disbursement_import"), {"file": workbook(columns, [row])}
    )
    assert response.status_code == 302
    assert resident.disbursements.get().note == "补发"
