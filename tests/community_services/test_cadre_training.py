"""Cadre training classes (社区干部培训班) with attendance: pages, scope, writes with history,
export and the report's figures."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from burqin.periods import Period
from communities.models import Community
from community_services.models import CadreAttendance, CadreTraining
from community_services.summary import section
from tests.activity_factories import CadreAttendanceFactory, CadreTrainingFactory
from tests.factories import staff_of, today

LIST = reverse("community_services:cadretraining_list")
NEW = reverse("community_services:cadretraining_create")


def training_values(**values):
    return {
        "kind": "pre_service",
        "title": "新任社区工作者岗前培训",
        "start_date": today().isoformat(),
        "end_date": today().isoformat(),
        "hours": "8",
        "teacher": "县委党校 刘老师",
        "organiser": "镇党委组织办",
        "place": "镇政府会议室",
        "note": "",
    } | values


def attendance_url(training):
    return reverse("community_services:cadretraining_attendance_add", args=[training.pk])


@pytest.mark.django_db
def test_it_opens_a_class_for_the_staff_members_own_community(staff_client, ehe):
    response = staff_client.post(NEW, training_values())
    training = CadreTraining.objects.get()
    assert response["Location"] == training.get_absolute_url()
    assert (training.community, training.hours) == (ehe, Decimal("8"))
    assert training.history.get().history_user.username == "staff_ehe"


@pytest.mark.django_db
def test_it_puts_a_staff_account_and_a_named_cadre_on_the_list(staff_client, staff, ehe):
    staff.first_name = "马丽"
    staff.save()
    training = CadreTrainingFactory(community=None)
    staff_client.post(attendance_url(training), {"staff": staff.pk, "attended": "on"})
    staff_client.post(attendance_url(training), {"name": "努尔兰", "post": "网格员"})
    rows = {a.name: a for a in CadreAttendance.objects.all()}
    assert rows["马丽"].user == staff and rows["马丽"].attended
    assert rows["努尔兰"].community == ehe and not rows["努尔兰"].attended
    page = staff_client.get(training.get_absolute_url()).content.decode()
    assert "马丽" in page and "努尔兰" in page


@pytest.mark.django_db
def test_a_second_entry_for_the_same_person_corrects_their_row(staff_client):
    training = CadreTrainingFactory(community=None)
    staff_client.post(attendance_url(training), {"name": "努尔兰", "attended": "on"})
    staff_client.post(attendance_url(training), {"name": "努尔兰", "note": "病假"})
    row = CadreAttendance.objects.get()
    assert (row.attended, row.note) == (False, "病假")
    assert row.history.count() == 2


@pytest.mark.django_db
def test_it_refuses_an_attendance_row_without_a_person(staff_client):
    training = CadreTrainingFactory(community=None)
    staff_client.post(attendance_url(training), {"post": "网格员"})
    assert not CadreAttendance.objects.exists()


@pytest.mark.django_db
def test_staff_cannot_choose_another_communitys_staff_account(staff_client, shenhu):
    other = staff_of(shenhu)
    training = CadreTrainingFactory(community=None)
    staff_client.post(attendance_url(training), {"staff": other.pk, "attended": "on"})
    assert not CadreAttendance.objects.exists()


@pytest.mark.django_db
def test_another_communitys_class_and_people_stay_out_of_sight(staff_client, ehe, shenhu):
    theirs = CadreTrainingFactory(community=shenhu, title="神湖社区专题培训")
    town = CadreTrainingFactory(community=None, title="全镇干部培训班")
    CadreAttendanceFactory(training=town, community=shenhu, name="神湖干部甲")
    CadreAttendanceFactory(training=town, community=ehe, name="额河干部乙")
    page = staff_client.get(LIST).content.decode()
    assert "全镇干部培训班" in page and "神湖社区专题培训" not in page
    assert staff_client.get(theirs.get_absolute_url()).status_code == 404
    detail = staff_client.get(town.get_absolute_url()).content.decode()
    assert "额河干部乙" in detail and "神湖干部甲" not in detail
    edit = reverse("community_services:cadretraining_edit", args=[town.pk])
    assert staff_client.get(edit).status_code == 403


@pytest.mark.django_db
def test_the_class_page_exports_its_attendance(staff_client, ehe):
    training = CadreTrainingFactory(community=ehe)
    CadreAttendanceFactory(training=training, community=ehe, name="阿依古丽", attended=False)
    response = staff_client.get(training.get_absolute_url(), {"export": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][:2] == ("额河社区", "阿依古丽")
    assert rows[1][3] == "缺勤"


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_exports(staff_client, ehe):
    CadreTrainingFactory(community=ehe, kind="annual", title="年度培训班")
    CadreTrainingFactory(community=ehe, kind="pre_service", title="岗前培训班")
    page = staff_client.get(LIST, {"kind": "annual"}).content.decode()
    assert "年度培训班" in page and "岗前培训班" not in page
    response = staff_client.get(LIST, {"kind": "annual", "export": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2 and "年度培训班" in rows[1]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_training_list_costs_the_same_queries_at_5_and_50_classes(staff_client, ehe):
    def add(count):
        for _ in range(count):
            CadreAttendanceFactory(training=CadreTrainingFactory(community=ehe), community=ehe)

    add(5)
    small = queries(staff_client, LIST)
    add(45)
    assert queries(staff_client, LIST) == small


@pytest.mark.django_db
def test_the_class_page_costs_the_same_queries_at_5_and_50_people(staff_client, ehe):
    training = CadreTrainingFactory(community=ehe)

    def add(count):
        for _ in range(count):
            CadreAttendanceFactory(training=training, community=ehe)

    add(5)
    small = queries(staff_client, training.get_absolute_url())
    add(45)
    assert queries(staff_client, training.get_absolute_url()) == small


@pytest.mark.django_db
def test_the_report_section_counts_classes_and_person_times(ehe, shenhu):
    town = CadreTrainingFactory(community=None, kind="annual")
    own = CadreTrainingFactory(community=ehe, kind="pre_service")
    CadreTrainingFactory(community=shenhu, kind="topic")
    for name in ("甲", "乙", "丙"):
        CadreAttendanceFactory(training=town, community=ehe, name=name)
    CadreAttendanceFactory(training=town, community=shenhu, name="丁", attended=False)
    CadreAttendanceFactory(training=own, community=ehe, name="甲")

    year = Period.parse(str(today().year))
    whole = section(year, Community.objects.all())["cadre_training"]
    assert (whole["trainings"], whole["attended"], whole["absent"]) == (3, 4, 1)
    mine = section(year, Community.objects.filter(pk=ehe.pk))["cadre_training"]
    assert (mine["trainings"], mine["attended"], mine["absent"]) == (2, 4, 0)
    assert mine["class_hours"] == Decimal("64")
