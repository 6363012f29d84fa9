"""The audit trail (issue 12, item 8): every model that records people, money, duty or reports
keeps history, no write path bypasses it, and each write names who made it and when."""

import ast
import datetime
import functools
import pathlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from simple_history.models import HistoricalChanges

from burqin.audit import AUDITED_APPS, EXEMPT_MODELS, HISTORY_BYPASS_ALLOWED
from communities.models import Resident
from community_services.models import ActivityParticipation
from duty_roster import services as roster_services
from duty_roster.models import Assignment, RosterMonth
from employment import services as employment_services
from employment.models import JobSeeker
from reports.models import Report
from tests.factories import (
    DisbursementFactory,
    JobSeekerFactory,
    VacancyFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
    duty_members,
    household_with_members,
    next_id_number,
    program,
)
from welfare.models import Enrollment

ROOT = pathlib.Path(__file__).resolve().parent.parent
WRITE_METHODS = {"update", "bulk_create", "bulk_update"}


def app_models():
    """Every concrete model of the project's apps, read from the app registry."""
    for label in AUDITED_APPS:
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):
                yield model


def keeps_history(model) -> bool:
    return getattr(model._meta, "simple_history_manager_attribute", None) == "history"


def audited_models():
    return [m for m in app_models() if m._meta.label not in EXEMPT_MODELS]


# --- which models keep history ---------------------------------------------------------------


def test_every_model_of_the_apps_keeps_history_unless_listed_as_exempt():
    missing = [m._meta.label for m in audited_models() if not keeps_history(m)]
    assert missing == [], (
        "add `history = HistoricalRecords()` (and a migration), or list the model in "
        f"burqin.audit.EXEMPT_MODELS with the reason: {missing}"
    )


def test_the_audited_set_covers_people_money_duty_and_reports():
    labels = {m._meta.label for m in audited_models()}
    assert {
        "communities.Resident",
        "communities.Household",
        "communities.Compound",
        "community_services.ActivityParticipation",
        "welfare.Enrollment",
        "welfare.Disbursement",
        "employment.JobSeeker",
        "employment.Placement",
        "duty_roster.Assignment",
        "duty_roster.DutyLog",
        "duty_roster.Swap",
        "duty_roster.RosterPolicy",
        "reports.Report",
    } <= labels


def test_each_exemption_names_a_real_model_without_history_and_says_why():
    labels = {m._meta.label: m for m in app_models()}
    for label, reason in EXEMPT_MODELS.items():
        assert label in labels, f"{label} is exempt but is no model of the apps"
        assert not keeps_history(labels[label]), f"{label} keeps history: drop the exemption"
        assert len(reason) > 20, f"say why {label} keeps no history"


# --- no write path bypasses it ---------------------------------------------------------------


class _BulkWrites(ast.NodeVisitor):
    """Finds queryset ``update()``, ``bulk_create()`` and ``bulk_update()`` calls that may touch an
    audited model: ``Model.objects…`` of an audited model, or any related manager or queryset
    expression (``household.members.exclude(…).update``) whose model cannot be told from the
    source. ``name.update(...)`` on a plain name is a dict or a set; ``super().update`` is the
    batch lock's own guard."""

    def __init__(self, audited_names):
        self.audited_names = audited_names
        self.scope: list[str] = []
        self.found: list[tuple[int, str]] = []

    def _enter(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS):
            return
        receiver = func.value
        if isinstance(receiver, ast.Call) and getattr(receiver.func, "id", None) == "super":
            return
        chain, root = [], receiver
        while isinstance(root, ast.Attribute | ast.Call | ast.Subscript):
            if isinstance(root, ast.Attribute):
                chain.append(root.attr)
                root = root.value
            elif isinstance(root, ast.Call):
                root = root.func
            else:
                root = root.value
        if "objects" in chain:
            if getattr(root, "id", None) not in self.audited_names:
                return
        elif isinstance(receiver, ast.Name) and func.attr == "update":
            return
        self.found.append((node.lineno, ".".join(self.scope)))


def bulk_writes():
    """``{(path, function): [line, ...]}`` for every bulk write in the apps' code."""
    audited_names = {m.__name__ for m in audited_models()}
    found: dict[tuple[str, str], list[int]] = {}
    for label in (*AUDITED_APPS, "burqin", "devtools"):
        for path in sorted((ROOT / label).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            visitor = _BulkWrites(audited_names)
            visitor.visit(ast.parse(path.read_text(), str(path)))
            relative = path.relative_to(ROOT).as_posix()
            for line, function in visitor.found:
                found.setdefault((relative, function), []).append(line)
    return found


def _allowed(path: str, function: str) -> str | None:
    return HISTORY_BYPASS_ALLOWED.get(path) or HISTORY_BYPASS_ALLOWED.get(f"{path}::{function}")


def test_no_bulk_write_on_an_audited_model_skips_history():
    bypasses = [
        f"{path}:{lines[0]} in {function or 'module'}"
        for (path, function), lines in bulk_writes().items()
        if not _allowed(path, function)
    ]
    assert bypasses == [], (
        "write through save(), bulk_create_with_history or bulk_update_with_history, or list the "
        f"place in burqin.audit.HISTORY_BYPASS_ALLOWED with the reason: {bypasses}"
    )


def test_each_allowed_bypass_is_still_in_the_code():
    found = bulk_writes()
    used = {path for path, _f in found} | {f"{path}::{function}" for path, function in found}
    assert set(HISTORY_BYPASS_ALLOWED) <= used, set(HISTORY_BYPASS_ALLOWED) - used


# --- each write path leaves a row with who and when -------------------------------------------


def assert_written_by(record, user):
    assert record.history_user == user
    assert record.history_date is not None


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("root", password="x", email="")


@pytest.mark.django_db
def test_a_household_move_leaves_a_history_row_for_each_resident(admin, ehe, shenhu):
    household = household_with_members(ehe, 3)
    members = list(household.members.order_by("pk"))
    data = {
        "community": shenhu.pk,
        "address": household.address,
        "registration_type": household.registration_type,
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(len(members)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for i, member in enumerate(members):  # unchanged rows: the members follow the household
        for field in ("id", "id_number", "name", "relation", "ethnicity"):
            value = getattr(member, field)
            data[f"members-{i}-{field}"] = value
    response = login(admin).post(reverse("communities:household_edit", args=[household.pk]), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["formset"].errors,
    )
    for member in members:
        latest = member.history.first()
        assert latest.community_id == shenhu.pk
        assert latest.history_type == "~"
        assert_written_by(latest, admin)
    assert Resident.objects.filter(community=shenhu).count() == 3


@pytest.mark.django_db
def test_a_resident_edit_names_the_staff_member(staff_client, staff, ehe):
    resident = household_with_members(ehe, 1).head
    response = staff_client.post(
        reverse("communities:resident_edit", args=[resident.pk]),
        {
            "id_number": resident.id_number,
            "name": "张新名",
            "relation": resident.relation,
            "ethnicity": resident.ethnicity,
            "household": resident.household_id,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    latest = resident.history.first()
    assert latest.name == "张新名"
    assert_written_by(latest, staff)


@pytest.mark.django_db
def test_a_placement_leaves_the_seeker_employed_in_its_history(staff_client, staff, ehe):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    vacancy = VacancyFactory()
    staff_client.post(
        reverse("employment:jobseeker_placement_add", args=[seeker.pk]),
        {
            "enterprise": vacancy.enterprise_id,
            "vacancy": vacancy.pk,
            "start_date": "2026-03-10",
            "wage": "3800",
            "contract": "fixed",
        },
    )
    latest = seeker.history.first()
    assert latest.status == JobSeeker.Status.EMPLOYED
    assert_written_by(latest, staff)
    assert_written_by(seeker.placements.get().history.first(), staff)


@pytest.mark.django_db
def test_a_placement_outside_a_request_still_names_the_user(staff, ehe):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    vacancy = VacancyFactory()
    employment_services.placement_create(
        user=staff,
        seeker=seeker,
        enterprise=vacancy.enterprise,
        vacancy=vacancy,
        start_date=datetime.date(2026, 3, 10),
        wage=Decimal("3800"),
        contract="fixed",
    )
    assert_written_by(seeker.history.first(), staff)


@pytest.mark.django_db
def test_activity_participation_leaves_a_row_per_volunteer(staff_client, staff, ehe):
    team = VolunteerTeamFactory(community=ehe)
    a, b = VolunteerFactory(team=team, name="王芳"), VolunteerFactory(team=team, name="马建华")
    staff_client.post(
        reverse("community_services:volunteerteam_activity_add", args=[team.pk]),
        {"date": "2026-03-10", "title": "清扫楼道", "participants": [a.pk, b.pk], "hours": "2.5"},
    )
    rows = ActivityParticipation.history.all()
    assert sorted(r.volunteer_id for r in rows) == [a.pk, b.pk]
    for row in rows:
        assert row.history_type == "+" and row.hours == Decimal("2.5")
        assert_written_by(row, staff)


@pytest.fixture
def quick_solver(monkeypatch):
    monkeypatch.setattr(
        roster_services,
        "roster_generate",
        functools.partial(roster_services.roster_generate, time_limit=2),
    )


@pytest.mark.django_db
def test_regenerating_a_roster_keeps_the_replaced_and_the_new_shifts(
    staff_client, staff, ehe, quick_solver
):
    duty_members(ehe)
    url = reverse("duty_roster:rostermonth_generate")
    staff_client.post(url, {"community": ehe.pk, "month": "2026-02"})
    first = set(Assignment.objects.values_list("pk", flat=True))
    assert first
    staff_client.post(url, {"community": ehe.pk, "month": "2026-02"})
    removed = Assignment.history.filter(history_type="-")
    assert set(removed.values_list("id", flat=True)) == first
    added = Assignment.history.filter(history_type="+")
    assert added.count() == len(first) + Assignment.objects.count()
    for record in [*removed, *added]:
        assert_written_by(record, staff)
    assert_written_by(RosterMonth.objects.get().history.first(), staff)


@pytest.mark.django_db
def test_a_roster_generated_outside_a_request_names_the_actor(staff, ehe):
    duty_members(ehe)
    roster, _problem, _solution = roster_services.roster_generate(
        community=ehe, month=datetime.date(2026, 2, 1), time_limit=2, actor=staff
    )
    for record in Assignment.history.all():
        assert_written_by(record, staff)
    assert_written_by(roster.history.first(), staff)


@pytest.mark.django_db
def test_a_narrative_edit_is_kept_in_the_report_history(
    staff_client, staff, ehe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    DisbursementFactory(resident=household_with_members(ehe, 2).head)  # March: one payment
    call_command("build_report", "2026-03", "--community", "ehe")
    report = Report.objects.get()
    title = next(iter(report.narrative))
    response = staff_client.post(
        reverse("reports:report_narrative", args=[report.pk]), {title: "三月份工作平稳有序。"}
    )
    assert response.status_code == 302
    latest = report.history.first()
    assert latest.narrative_edited == {title: "三月份工作平稳有序。"}
    assert_written_by(latest, staff)


@pytest.mark.django_db
def test_an_application_names_the_staff_member_who_registered_it(staff_client, staff, ehe):
    head = household_with_members(ehe, 2).head
    response = staff_client.post(
        reverse("welfare:enrollment_create"),
        {
            "program": program("dibao_urban").pk,
            "resident": head.pk,
            "persons_covered": "2",
            "monthly_income_per_capita": "300",
            "applied_on": "2026-03-02",
            "reason": "收入低",
            "bank_name": "农村信用社",
            "bank_account": "6228480012345678903",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert_written_by(Enrollment.objects.get().history.first(), staff)


@pytest.mark.django_db
def test_a_resident_import_names_the_user_on_every_row(staff_client, staff, ehe):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["社区代码", "地址", "与户主关系", "身份证号", "姓名"])
    sheet.append(["ehe", "友谊路1号", "户主", next_id_number(), "张三"])
    sheet.append(["ehe", "友谊路1号", "配偶", next_id_number(male=False), "李芳"])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "residents.xlsx"
    response = staff_client.post(reverse("communities:resident_import"), {"file": upload})
    assert response.status_code == 302
    for model in (Resident,):
        for record in model.history.all():
            assert_written_by(record, staff)
    household = Resident.objects.get(name="张三").household
    assert household.history.count() == 2  # created, then its head set
    for record in household.history.all():
        assert_written_by(record, staff)


@pytest.mark.django_db
def test_the_demo_data_leaves_history_for_every_row_it_writes():
    # Rows the migrations load (the program catalogue) predate any user and are left out.
    before = {m: set(m.objects.values_list("pk", flat=True)) for m in audited_models()}
    call_command("seed_demo")
    without = {}
    for model in audited_models():
        written = set(model.objects.values_list("pk", flat=True)) - before[model]
        recorded = set(model.history.filter(id__in=written).values_list("id", flat=True))
        if written - recorded:
            without[model._meta.label] = len(written - recorded)
    assert without == {}
