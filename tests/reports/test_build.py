import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from communities.models import Community
from reports import services
from reports.models import Report
from reports.tasks import scheduled_periods
from tests.factories import (
    BatchFactory,
    CommunityFactory,
    household_with_members,
    program,
    staff_of,
)
from welfare.models import Disbursement


def build_json(capsys, *args) -> dict:
    call_command("build_report", *args, "--json")
    return json.loads(capsys.readouterr().out)


def pay(head, code, month, amount, persons=1, quantity=None):
    batch = BatchFactory(program=program(code), period=month)
    return Disbursement.objects.create(
        batch=batch,
        program=batch.program,
        period=month,
        community=head.community,
        household=head.household,
        resident=head,
        amount=Decimal(amount),
        persons=persons,
        quantity=quantity,
    )


@pytest.fixture
def town(db):
    ehe = CommunityFactory(code="ehe", name="额河社区")
    shenhu = CommunityFactory(code="shenhu", name="神湖社区")
    heads = [household_with_members(c, 2).head for c in (ehe, shenhu, ehe)]
    pay(heads[0], "dibao_urban", datetime.date(2026, 3, 1), "960.00", persons=2)
    pay(heads[1], "dibao_urban", datetime.date(2026, 3, 1), "480.50", persons=1)
    pay(heads[2], "flour", datetime.date(2026, 3, 1), "0", quantity=Decimal("2"))
    pay(heads[0], "dibao_urban", datetime.date(2026, 2, 1), "900.00", persons=2)
    pay(heads[1], "dibao_urban", datetime.date(2026, 2, 1), "440.50", persons=1)
    return ehe, shenhu


@pytest.mark.django_db
def test_build_report_json_follows_the_documented_schema(town, capsys):
    data = build_json(capsys, "2026-03")
    assert {
        "period",
        "scope",
        "generated_at",
        "welfare",
        "employment",
        "services",
        "duty",
        "narrative",
    } <= set(data)
    assert (data["period"], data["scope"]) == ("2026-03", "town")
    dibao = next(r for r in data["welfare"] if r["program"] == "dibao_urban")
    assert dibao == dibao | {
        "beneficiaries": 2,
        "payments": 2,
        "person_times": 3,
        "amount": "1440.50",
        "quantity": None,
        "unit": "yuan",
        "previous_amount": "1340.50",
        "counting_rule": "household_payments",
        "count": 2,
        "count_word": "户",
    }
    assert dibao["change_previous"] == "7.5"
    flour = next(r for r in data["welfare"] if r["program"] == "flour")
    assert flour["quantity"] == "2.000"
    assert "为2户发放低保金1 440.50元" in data["narrative"]["保障民生"]
    assert "发放面粉2袋" in data["narrative"]["保障民生"]
    assert data["notes"] == []


@pytest.mark.django_db
def test_a_community_report_holds_only_that_community(town, capsys):
    data = build_json(capsys, "2026-03", "--community", "shenhu")
    dibao = next(r for r in data["welfare"] if r["program"] == "dibao_urban")
    assert (dibao["amount"], data["scope"]) == ("480.50", "shenhu")


@pytest.mark.django_db
def test_rebuilding_gives_identical_data(town, capsys):
    first = build_json(capsys, "2026-03")
    second = build_json(capsys, "2026-03")
    first.pop("generated_at"), second.pop("generated_at")
    assert first == second
    assert Report.objects.filter(status="done").count() == 2
    assert Report.objects.latest_done().count() == 1  # only the latest is shown


@pytest.mark.django_db
def test_two_concurrent_triggers_make_one_build(town):
    first, created = services.report_request(period_key="2026-03")
    second, created_again = services.report_request(period_key="2026-03")
    assert created and not created_again and first.pk == second.pk
    services.report_build(report_id=first.pk)
    services.report_build(report_id=first.pk)  # the second worker finds nothing to do
    assert Report.objects.count() == 1
    assert Report.objects.get().attempts == 1


@pytest.mark.django_db
def test_a_failing_section_keeps_the_previous_report(town, capsys, monkeypatch, client):
    build_json(capsys, "2026-03")
    good = Report.objects.get()

    def broken(period, communities):
        raise RuntimeError("汇总出错")

    monkeypatch.setattr("welfare.summary.section", broken)
    with pytest.raises(CommandError):
        call_command("build_report", "2026-03")
    failed = Report.objects.get(status="failed")
    assert "汇总出错" in failed.error
    assert list(Report.objects.latest_done()) == [good]
    client.force_login(staff_of(town[0]).__class__.objects.create_superuser("root", "", "x"))
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "汇总出错" in page and "失败" in page


@pytest.mark.django_db
def test_xlsx_and_pdf_hold_the_figures_and_the_narrative(town, capsys):
    build_json(capsys, "2026-03")
    report = Report.objects.get()
    workbook = load_workbook(io.BytesIO(report.xlsx.read()))
    assert {"说明", "保障民生", "保障民生-分社区", "就业创业", "便民服务", "平安值班"} <= set(
        workbook.sheetnames
    )
    services = dict(workbook["便民服务"].iter_rows(min_row=2, values_only=True))
    assert services["便民服务 · 合计"] == 0
    values = [[c.value for c in r] for r in workbook["保障民生"].iter_rows(min_row=2)]
    dibao = next(v for v in values if v[1] == "dibao_urban")
    assert Decimal(str(dibao[8])) == Decimal("1440.50") and dibao[6] == 2
    assert dibao[4] == 2  # 统计数, by the program's counting rule
    text = "".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages)
    assert "保障民生" in text and "低保金" in text and "1,440.50" in text


@pytest.mark.django_db
def test_the_report_page_has_a_row_per_community_and_a_column_per_program(town, capsys, client):
    build_json(capsys, "2026-03")
    report = Report.objects.get()
    client.force_login(staff_of(town[0]).__class__.objects.create_superuser("root", "", "x"))
    table = client.get(report.get_absolute_url()).context["communities"]
    assert table["programs"] == [
        r["name"] for r in report.data["welfare"] if r["program"] in ("dibao_urban", "flour")
    ]
    rows = {row["name"]: row for row in table["rows"]}
    names = {r["program"]: r["name"] for r in report.data["welfare"]}
    dibao, flour = (table["programs"].index(names[code]) for code in ("dibao_urban", "flour"))
    assert rows["额河社区"]["cells"][dibao] == "960.00" and rows["额河社区"]["total"] == "960.00"
    assert rows["额河社区"]["cells"][flour].startswith("2")  # the quantity, not 0.00 yuan
    assert rows["神湖社区"]["cells"][flour] == "—" and rows["神湖社区"]["total"] == "480.50"


@pytest.mark.django_db
def test_edited_narrative_is_kept_beside_the_generated_one_and_printed(town, capsys, client):
    build_json(capsys, "2026-03")
    report = Report.objects.get()
    client.force_login(staff_of(town[0]).__class__.objects.create_superuser("root", "", "x"))
    url = reverse("reports:report_narrative", args=[report.pk])
    client.post(url, {"保障民生": "三月份，全镇低保工作平稳有序。"})
    report.refresh_from_db()
    assert report.narrative["保障民生"] == "三月份，全镇低保工作平稳有序。"
    assert "低保金" in report.data["narrative"]["保障民生"]  # the generated text is kept
    text = "".join(p.extract_text() for p in PdfReader(report.pdf.open("rb")).pages)
    assert "平稳有序" in text


@pytest.mark.django_db
def test_rebuild_from_the_page_and_watch_progress_under_eager_celery(
    town, client, django_capture_on_commit_callbacks
):
    client.force_login(staff_of(town[0]).__class__.objects.create_superuser("root", "", "x"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_build"), {"period": "2026-03"})
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.status == "done"  # eager: built before the redirect
    status = client.get(
        reverse("reports:report_status", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert status.headers.get("HX-Refresh") == "true"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "低保金" in page


@pytest.mark.django_db
def test_a_pending_build_page_polls_its_status(town, client):
    report, _ = services.report_request(period_key="2026-03")
    client.force_login(staff_of(town[0]).__class__.objects.create_superuser("root", "", "x"))
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page


@pytest.mark.django_db
def test_staff_see_their_communitys_reports_and_not_the_towns(town, client, capsys):
    build_json(capsys, "2026-03")
    build_json(capsys, "2026-03", "--community", "ehe")
    town_report = Report.objects.get(scope="town")
    own = Report.objects.get(scope="ehe")
    client.force_login(staff_of(town[0]))
    assert client.get(town_report.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200
    listed = client.get(reverse("reports:report_list")).context["reports"]
    assert list(listed) == [own]


def test_the_schedule_builds_the_right_periods():
    assert scheduled_periods("last_month", datetime.date(2026, 1, 1)) == ["2025-12"]
    assert scheduled_periods("last_month", datetime.date(2026, 7, 1)) == ["2026-06"]
    assert scheduled_periods("first_half", datetime.date(2026, 7, 1)) == ["2026-H1"]
    assert scheduled_periods("second_half_and_year", datetime.date(2027, 1, 1)) == [
        "2026-H2",
        "2026",
    ]


@pytest.mark.django_db
def test_the_beat_schedule_is_created_by_migration():
    from django_celery_beat.models import PeriodicTask

    tasks = {t.args: t for t in PeriodicTask.objects.filter(task="reports.build_scheduled")}
    monthly = tasks['["last_month"]'].crontab
    assert (monthly.minute, monthly.hour, monthly.day_of_month) == ("0", "2", "1")
    assert tasks['["first_half"]'].crontab.month_of_year == "7"
    assert tasks['["second_half_and_year"]'].crontab.month_of_year == "1"


@pytest.mark.django_db
def test_scheduled_run_builds_the_town_and_every_community(
    town, django_capture_on_commit_callbacks
):
    from reports.tasks import build_scheduled

    with django_capture_on_commit_callbacks(execute=True):
        ids = build_scheduled("last_month")
    assert Report.objects.filter(pk__in=ids, status="done").count() == 1 + Community.objects.count()


amounts = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("3000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.mark.django_db
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.sampled_from(["dibao_urban", "orphan", "coal_urban"]),
            amounts,
            st.integers(1, 5),
        ),
        min_size=30,
        max_size=120,
    )
)
def test_every_figure_equals_an_independent_sum(capsys, payments):
    Report.objects.all().delete()
    Disbursement.objects.all().delete()
    communities = [CommunityFactory() for _ in range(2)]
    heads = [household_with_members(communities[i % 2], 1).head for i in range(6)]
    expected, seen = {}, set()
    for who, code, amount, persons in payments:
        if (who, code) in seen:
            continue
        seen.add((who, code))
        pay(heads[who], code, datetime.date(2026, 4, 1), amount, persons)
        figures = expected.setdefault(
            code, {"amount": Decimal(0), "payments": 0, "person_times": 0, "who": set()}
        )
        figures["amount"] += amount
        figures["payments"] += 1
        figures["person_times"] += persons
        figures["who"].add(heads[who].pk)
    data = build_json(capsys, "2026-04")
    rows = {r["program"]: r for r in data["welfare"]}
    for code, figures in expected.items():
        assert Decimal(rows[code]["amount"]) == figures["amount"]
        assert rows[code]["payments"] == figures["payments"]
        assert rows[code]["person_times"] == figures["person_times"]
        assert rows[code]["beneficiaries"] == len(figures["who"])
