"""Formula injection: a formula typed into any free-text field never comes out of an .xlsx the
app produces as a formula.

Every free-text field of every model is planted with a payload, then every URL pattern of the
project is requested (found by walking the URLconf, with ``?export=xlsx``), and every response
that is a workbook — the list exports, the bank list, the import templates, a built report — is
opened with openpyxl.
"""

import datetime
import io
import itertools

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from burqin.spreadsheets import XlsxWriter, build_workbook
from tests.factories import IN_COMMUNITY, LIST_ONLY, CommunityFactory, UserFactory
from tests.scope_walk import model_for
from tests.test_scope import ALL_PATTERNS

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
]
PROJECT_APPS = ["communities", "welfare", "employment", "duty_roster", "reports"]
# Not free text: codes and numbers with a checked format, and values the app itself writes and
# parses back (a report's period and scope, a Celery task id).
STRUCTURED = {
    "communities.community.code",
    "communities.resident.id_number",
    "welfare.program.code",
    "employment.enterprise.credit_code",
    "reports.report.period",
    "reports.report.scope",
    "reports.report.task_id",
}


def free_text_fields(model):
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField):
            continue
        if f.choices or f.primary_key or f"{model._meta.label_lower}.{f.name}" in STRUCTURED:
            continue
        yield f


def plant_payloads() -> set[str]:
    """Every free-text field of every row of the project's models gets a payload (cut to the
    column's length; a unique column's followed by the row's id); returns the texts planted."""
    planted = set()
    rotation = itertools.cycle(PAYLOADS)
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            fields = list(free_text_fields(model))
            if not fields:
                continue
            for pk in model.objects.values_list("pk", flat=True):
                values = {}
                for f in fields:
                    suffix = str(pk) if f.unique else ""
                    text = next(rotation)[: (f.max_length or 1000) - len(suffix)] + suffix
                    values[f.name] = text
                    planted.add(text)
                model.objects.filter(pk=pk).update(**values)
            next(rotation)  # so the next model's fields start on another payload
    return planted


def workbook_of(response):
    if response.status_code != 200:
        return None
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    if not content.startswith(b"PK\x03\x04"):
        return None
    return load_workbook(io.BytesIO(content))


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


@pytest.fixture
def planted_town(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory(code="ehe", name="额河社区")
    for build in [*IN_COMMUNITY.values(), *LIST_ONLY.values()]:
        build(community)
    planted = plant_payloads()
    from welfare.models import Disbursement

    month = Disbursement.objects.values_list("period", flat=True).first()
    call_command("build_report", f"{month:%Y-%m}")
    from reports.models import Report
    from reports.services import report_edit_narrative

    report = Report.objects.exclude(xlsx="").latest("pk")
    report_edit_narrative(
        report=report,
        sections=dict(zip(report.data["narrative"], itertools.cycle(PAYLOADS), strict=False)),
    )
    planted |= {p.strip() for p in PAYLOADS}  # the narrative form strips its text
    return planted


def every_workbook(client):
    """(url, workbook) for every URL of the project that answers a GET with an .xlsx."""
    found = []
    for name, pattern in ALL_PATTERNS:
        kwargs = {}
        if pattern.pattern.converters:
            model = apps.get_model(model_for(name))
            obj = model.objects.order_by("-pk").first()
            kwargs = dict.fromkeys(pattern.pattern.converters, obj.pk)
        url = reverse(name, kwargs=kwargs)
        workbook = workbook_of(client.get(url, {"export": "xlsx"}))
        if workbook is not None:
            found.append((name, workbook))
    return found


@pytest.mark.django_db
def test_no_export_of_the_project_writes_a_planted_formula_as_a_formula(client, planted_town):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    workbooks = every_workbook(client)
    names = {name for name, _workbook in workbooks}
    # The walk reaches the exports the issue names (it finds more: every list with an export).
    assert {
        "communities:resident_list",
        "communities:household_list",
        "welfare:enrollment_list",
        "communities:volunteerteam_list",
        "communities:project_list",
        "welfare:batch_detail",
        "reports:report_xlsx",
        "communities:resident_import_template",
        "welfare:disbursement_import_template",
    } <= names, names
    seen, empty = set(), []
    for name, workbook in workbooks:
        texts = set()
        for cell in cells(workbook):
            assert cell.data_type != "f", (name, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                texts.add(cell.value)
                if cell.value.startswith(("=", "+", "-", "@", "\t")):
                    assert cell.data_type == "s" and cell.quotePrefix, (name, cell.value)
        data_rows = any(sheet.max_row > 1 for sheet in workbook.worksheets)
        if data_rows and "template" not in name:  # a template holds a fixed example
            assert texts & planted_town, f"{name} shows none of the planted text"
        if not data_rows:
            empty.append(name)
        seen |= texts & planted_town
    assert {p.strip() for p in PAYLOADS} <= seen | {p.strip() for p in seen}
    assert not empty, f"no rows to export (add a builder in tests/factories.py): {empty}"


def test_the_writer_keeps_numbers_and_dates_typed_and_drops_characters_xml_cannot_carry():
    from decimal import Decimal

    writer = XlsxWriter()
    writer.add_sheet("a/b:c", ["名称", "金额", "日期"])
    writer.append(["=1+1", Decimal("1360.50"), datetime.date(2026, 4, 1)])
    writer.append(["坏\x00字\x07符", -3, None])
    writer.add_sheet("第二页", ["x"], widths=[50])
    writer.append(["#N/A"])
    workbook = load_workbook(io.BytesIO(writer.save()))
    first, second = workbook.worksheets
    assert first.freeze_panes == "A2" and first["A1"].font.b
    assert (first["A2"].value, first["A2"].data_type) == ("=1+1", "s")
    assert (first["B2"].value, first["B2"].data_type) == (1360.5, "n")
    assert first["C2"].is_date and first["C2"].value.date() == datetime.date(2026, 4, 1)
    assert (first["A3"].value, first["B3"].value) == ("坏字符", -3)
    assert second.column_dimensions["A"].width == 50
    assert (second["A2"].value, second["A2"].data_type) == ("#N/A", "s")


def test_build_workbook_streams_beyond_the_width_sample():
    content = build_workbook("长表", ["序号", "内容"], ([n, f"-{n}"] for n in range(1000)))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 1001
    assert (sheet["A1001"].value, sheet["B1001"].value) == (999, "-999")
    assert sheet["B1001"].data_type == "s"
