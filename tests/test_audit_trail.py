"""The audit trail (issue 12, item 8): every model that records people, money, duty or reports
keeps history, no write path bypasses it, and each write names who made it and when."""

import ast
import datetime
import functools
import importlib
import pathlib
import sys
import textwrap
import types
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from simple_history.models import HistoricalChanges

from burqin.audit import AUDITED_APPS, EXEMPT_MODELS, HISTORY_BYPASS_ALLOWED, NOT_MODEL_WRITES
from burqin.spreadsheets import XlsxWriter
from communities.models import Resident
from community_services.models import ActivityParticipation
from duty_roster import services as roster_services
from duty_roster.models import (
    Assignment,
    DutyLog,
    DutyMember,
    Incident,
    Patrol,
    RosterMonth,
    ShiftTemplate,
)
from employment import services as employment_services
from employment.models import Contest, Enterprise, JobFair, JobSeeker, TrainingClass
from reports.models import Report
from tests.factories import (
    DisbursementFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    JobSeekerFactory,
    VacancyFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
    duty_members,
    household_with_members,
    next_id_number,
    program,
    valid_credit_code,
)
from welfare.models import Attachment, Enrollment

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


# --- views write nothing themselves ---------------------------------------------------------

# Any of these called in a view writes rows (a model's, a queryset's, a form's or a related
# manager's), unless its receiver is shown to be something else (see ``_ViewWrites``).
VIEW_WRITE_METHODS = {
    "save",
    "save_m2m",
    "delete",
    "update",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "add",
    "remove",
    "set",
    "clear",
}
VIEW_WRITE_FUNCTIONS = {"bulk_create_with_history", "bulk_update_with_history"}
CONTAINER_CALLS = {"dict", "set", "list", "defaultdict", "Counter", "OrderedDict"}
CONTAINER_NODES = (ast.Dict, ast.Set, ast.List, ast.DictComp, ast.SetComp, ast.ListComp)
CONTAINER = "container"


def _in_project(module) -> bool:
    filename = getattr(module, "__file__", None)
    if filename is None:
        return False
    path = pathlib.Path(filename).resolve()
    return ROOT in path.parents and "site-packages" not in path.parts


def _routed_modules(patterns=None):
    """The module of every view the URLconf routes to (a class-based view's is its class's)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed_modules(pattern.url_patterns)
        else:
            module = sys.modules.get(getattr(pattern.callback, "__module__", ""))
            if module is not None:
                yield module


def view_modules() -> dict[str, types.ModuleType]:
    """Every views module of the project, found two ways so that none is missed: each
    ``*views*.py`` in the package of a project app (sub-packages included), and the module of
    every view the URLconf routes to, when it is the project's."""
    found = {}
    for config in apps.get_app_configs():
        if not _in_project(config.module):
            continue
        for path in sorted(pathlib.Path(config.path).resolve().rglob("*views*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name] = importlib.import_module(name)
    for module in _routed_modules():
        if _in_project(module):
            found[module.__name__] = module
    return found


def _qualified(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class _ViewWrites(ast.NodeVisitor):
    """Finds the model writes in a views module: a call of a write method, or of simple_history's
    bulk functions. A write method's call is left out only when its receiver is a name that its
    function (or the module) binds to nothing but a dict, set or list — ``context.update(…)`` —
    or to an instance of a class of ``burqin.audit.NOT_MODEL_WRITES`` — ``writer.save()`` of an
    ``XlsxWriter``. So ``form.save()``, ``form.save(commit=False)`` followed by ``obj.save()``,
    ``Model.objects.create(…)``, ``queryset.update(…)`` and ``obj.members.add(…)`` are all
    found: a view hands values to a service, which writes (and names the user in the history)."""

    def __init__(self, module: types.ModuleType, tree: ast.Module):
        self.namespace = vars(module)
        self.scopes: list[dict[str, set]] = [self._bindings(tree)]
        self.names: list[str] = []
        self.found: list[tuple[int, str, str]] = []
        self.not_model: set[str] = set()  # classes of NOT_MODEL_WRITES whose writes were seen

    # What each name is bound to, per function.

    def _bindings(self, scope) -> dict[str, set]:
        bindings: dict[str, set] = {}

        def bind(target, value):
            if isinstance(target, ast.Name):
                bindings.setdefault(target.id, set()).add(self._kind(value))
            elif isinstance(target, ast.Tuple | ast.List):
                for element in target.elts:
                    bind(element, None)

        def collect(node):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    bindings.setdefault(child.name, set()).add(None)
                    continue  # a scope of its own
                if isinstance(child, ast.Assign):
                    for target in child.targets:
                        bind(target, child.value)
                elif isinstance(child, ast.AnnAssign | ast.NamedExpr):
                    bind(child.target, child.value)
                elif isinstance(child, ast.For | ast.AsyncFor | ast.comprehension):
                    bind(child.target, None)
                elif isinstance(child, ast.withitem) and child.optional_vars is not None:
                    bind(child.optional_vars, None)
                elif isinstance(child, ast.arg):
                    bindings.setdefault(child.arg, set()).add(None)
                collect(child)

        collect(scope)
        return bindings

    def _resolve(self, node):
        if isinstance(node, ast.Name):
            return self.namespace.get(node.id)
        if isinstance(node, ast.Attribute):
            return getattr(self._resolve(node.value), node.attr, None)
        return None

    def _kind(self, value) -> str | None:
        """``CONTAINER``, the qualified name of a class of NOT_MODEL_WRITES, or None."""
        if isinstance(value, CONTAINER_NODES):
            return CONTAINER
        if isinstance(value, ast.Call):
            if isinstance(value.func, ast.Name) and value.func.id in CONTAINER_CALLS:
                return CONTAINER
            cls = self._resolve(value.func)
            if isinstance(cls, type) and _qualified(cls) in NOT_MODEL_WRITES:
                return _qualified(cls)
        return None

    def _receiver_kind(self, receiver) -> str | None:
        if not isinstance(receiver, ast.Name):
            return None
        for bindings in reversed(self.scopes):
            if receiver.id in bindings:
                kinds = bindings[receiver.id]
                return next(iter(kinds)) if len(kinds) == 1 else None
        obj = self.namespace.get(receiver.id)  # a module-level object imported from elsewhere
        if obj is not None and _qualified(type(obj)) in NOT_MODEL_WRITES:
            return _qualified(type(obj))
        return None

    # The walk.

    def _enter(self, node):
        self.names.append(node.name)
        self.scopes.append(self._bindings(node))
        self.generic_visit(node)
        self.scopes.pop()
        self.names.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id in VIEW_WRITE_FUNCTIONS:
            self.found.append((node.lineno, ".".join(self.names), func.id))
        if not (isinstance(func, ast.Attribute) and func.attr in VIEW_WRITE_METHODS):
            return
        kind = self._receiver_kind(func.value)
        if kind == CONTAINER:
            return
        if kind in NOT_MODEL_WRITES:
            self.not_model.add(kind)
            return
        self.found.append((node.lineno, ".".join(self.names), ast.unparse(func)))


def view_writes(module: types.ModuleType, source: str | None = None) -> _ViewWrites:
    tree = ast.parse(source if source is not None else pathlib.Path(module.__file__).read_text())
    visitor = _ViewWrites(module, tree)
    visitor.visit(tree)
    return visitor


def _included_urlconfs(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            module = pattern.urlconf_module
            if isinstance(module, types.ModuleType):
                yield module
            yield from _included_urlconfs(pattern.url_patterns)


def test_the_views_walk_reads_every_routed_view_and_the_views_beside_every_urlconf():
    modules = view_modules()
    routed = {m.__name__ for m in _routed_modules() if _in_project(m)}
    assert routed and routed <= set(modules)
    packages = {m.__name__.rpartition(".")[0] for m in _included_urlconfs() if _in_project(m)}
    assert packages, "the project's apps include their URLconfs"
    for package in packages:
        assert any(name.startswith(f"{package}.") for name in modules), package


def test_no_view_writes_a_model_itself():
    writes = [
        f"{pathlib.Path(module.__file__).relative_to(ROOT)}:{line} in {function}: {call}(…)"
        for module in view_modules().values()
        for line, function, call in view_writes(module).found
    ]
    assert writes == [], (
        "a view hands values to a service of its app's services.py (keyword-only, atomic, "
        "naming the user in the history), which writes; a call that writes no model has a "
        f"receiver of a class listed in burqin.audit.NOT_MODEL_WRITES with the reason: {writes}"
    )


VIEW_WITH_WRITES = """
def view(request, log):
    form.save()
    entry = form.save(commit=False)
    entry.save()
    form.save_m2m()
    log.delete()
    Patrol.objects.create(area="江边")
    DutyLog.objects.filter(pk=1).update(events="")
    patrol.members.add(member)
    bulk_create_with_history(rows, Incident)
    context = {"log": log}
    context.update(extra=1)
    seen = set()
    seen.add(1)
    writer = XlsxWriter()
    writer.append(["值班"])
    return writer.save()
"""


def test_the_views_check_finds_each_kind_of_model_write_and_spares_dicts_and_workbooks():
    module = types.ModuleType("sample_views")
    module.XlsxWriter = XlsxWriter
    visitor = view_writes(module, textwrap.dedent(VIEW_WITH_WRITES))
    assert [call for _line, _function, call in visitor.found] == [
        "form.save",
        "form.save",
        "entry.save",
        "form.save_m2m",
        "log.delete",
        "Patrol.objects.create",
        "DutyLog.objects.filter(pk=1).update",
        "patrol.members.add",
        "bulk_create_with_history",
    ]
    assert visitor.not_model == {"burqin.spreadsheets.XlsxWriter"}


def test_each_class_said_to_write_no_model_is_no_model_or_form_and_is_used_by_a_view():
    used = set().union(*(view_writes(m).not_model for m in view_modules().values()))
    for name, reason in NOT_MODEL_WRITES.items():
        module_name, _dot, class_name = name.rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        assert not issubclass(cls, models.Model | models.QuerySet | BaseForm | BaseFormSet), name
        assert len(reason) > 20, f"say why {name} writes no model"
    assert used == set(NOT_MODEL_WRITES), "drop the entries no view uses any more"


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


def assert_only_written_by(instance, user):
    records = list(instance.history.all())
    assert records
    for record in records:
        assert_written_by(record, user)


@pytest.mark.django_db
def test_a_duty_log_and_its_incident_name_the_staff_member(staff_client, staff, ehe):
    roster_services.ensure_defaults(ehe)
    response = staff_client.post(
        reverse("duty_roster:dutylog_list"),
        {
            "date": "2026-03-10",
            "shift": ShiftTemplate.objects.get(community=ehe, code="night").pk,
            "handover_at": "2026-03-11T08:00",
            "events": "夜间平稳",
        },
    )
    log = DutyLog.objects.get()
    assert response.url == log.get_absolute_url()
    assert (log.community, log.written_by) == (ehe, staff)
    assert_only_written_by(log, staff)
    response = staff_client.post(
        reverse("duty_roster:dutylog_incident_add", args=[log.pk]),
        {
            "kind": "dispute",
            "description": "邻里纠纷",
            "outcome": "escalated",
            "escalated_to": "派出所",
        },
    )
    assert response.url == log.get_absolute_url()
    assert_only_written_by(Incident.objects.get(log=log), staff)


@pytest.mark.django_db
def test_a_patrol_and_its_members_name_the_staff_member(staff_client, staff, ehe):
    members = duty_members(ehe, {2: 2})
    response = staff_client.post(
        reverse("duty_roster:patrol_list"),
        {
            "date": "2026-03-10",
            "start": "20:00",
            "end": "22:00",
            "area": "友谊路片区",
            "members": [m.pk for m in members],
            "findings": "路灯损坏一处",
        },
    )
    assert response.url == reverse("duty_roster:patrol_list")
    patrol = Patrol.objects.get()
    assert patrol.community == ehe
    assert set(patrol.members.all()) == set(members)
    assert_only_written_by(patrol, staff)
    assert {row.dutymember_id for row in patrol.history.first().members.all()} == {
        m.pk for m in members
    }


@pytest.mark.django_db
def test_a_duty_member_names_the_staff_member(staff_client, staff, ehe):
    response = staff_client.post(
        reverse("duty_roster:dutymember_list"),
        {"name": "努尔兰", "category": "3", "phone": "13899990000", "avoid_weekdays": "6,7"},
    )
    assert response.url == reverse("duty_roster:dutymember_list")
    member = DutyMember.objects.get()
    assert (member.community, member.name) == (ehe, "努尔兰")
    assert_only_written_by(member, staff)


@pytest.mark.django_db
def test_an_attachment_names_the_staff_member_who_uploaded_it(
    staff_client, staff, ehe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    enrollment = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    response = staff_client.post(
        reverse("welfare:enrollment_attachment_add", args=[enrollment.pk]),
        {"title": "申请表", "file": SimpleUploadedFile("申请表.pdf", b"%PDF-1.4 scanned")},
    )
    assert response.url == enrollment.get_absolute_url()
    attachment = Attachment.objects.get()
    assert (attachment.enrollment, attachment.uploaded_by) == (enrollment, staff)
    assert_only_written_by(attachment, staff)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "model", "data"),
    [
        (
            "employment:enterprise_create",
            Enterprise,
            {
                "name": "布尔津县禾木商贸有限公司",
                "credit_code": valid_credit_code(9001),
                "size": "small",
                "industry": "商贸",
            },
        ),
        (
            "employment:trainingclass_create",
            TrainingClass,
            {
                "subject": "电商直播",
                "start_date": "2026-04-01",
                "end_date": "2026-04-10",
                "hours": "40",
                "capacity": "30",
            },
        ),
        ("employment:contest_create", Contest, {"name": "创业大赛", "date": "2026-05-20"}),
    ],
)
def test_an_employment_record_names_the_staff_member_who_created_it(
    staff_client, staff, url, model, data
):
    response = staff_client.post(reverse(url), data)
    assert response.status_code == 302, response.context["form"].errors
    record = model.objects.get()
    assert response.url == record.get_absolute_url()
    assert_only_written_by(record, staff)


@pytest.mark.django_db
def test_a_job_fair_and_its_enterprises_name_the_staff_member(staff_client, staff):
    enterprise = EnterpriseFactory()
    response = staff_client.post(
        reverse("employment:jobfair_create"),
        {
            "date": "2026-04-15",
            "place": "镇人力资源市场",
            "organiser": "布尔津镇人民政府",
            "enterprises": [enterprise.pk],
        },
    )
    fair = JobFair.objects.get()
    assert response.url == fair.get_absolute_url()
    assert list(fair.enterprises.all()) == [enterprise]
    assert_only_written_by(fair, staff)
    assert [e.enterprise_id for e in fair.history.first().enterprises.all()] == [enterprise.pk]


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
