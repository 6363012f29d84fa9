"""The e-commerce survey (电子商务情况摸排统计): rounds, records by ID number, totals per
community computed by the database, the contest's entrants beside the survey, scope, export,
query counts and the report's figures."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from burqin.periods import Period
from communities.models import Community
from employment.models import Contest, ContestEntry, EcommerceRecord, EcommerceSurvey
from employment.summary import section
from tests.activity_factories import EcommerceSurveyFactory, ecommerce_record
from tests.factories import household_with_members, today

SURVEYS = reverse("employment:ecommercesurvey_list")
RECORDS = reverse("employment:ecommercerecord_list")
NEW_RECORD = reverse("employment:ecommercerecord_create")


def resident_of(community):
    return household_with_members(community, 2).head


def rows_of(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


@pytest.mark.django_db
def test_it_opens_a_survey_round_linked_to_the_contest(staff_client):
    contest = Contest.objects.create(name="微商创业大赛", date=today())
    response = staff_client.post(
        reverse("employment:ecommercesurvey_create"),
        {
            "year": today().year,
            "title": "电子商务情况摸排",
            "started_on": today().isoformat(),
            "surveyed_on": today().isoformat(),
            "contest": contest.pk,
            "note": "",
        },
    )
    survey = EcommerceSurvey.objects.get()
    assert response["Location"] == survey.get_absolute_url()
    assert survey.contest == contest
    assert survey.history.get().history_user.username == "staff_ehe"


@pytest.mark.django_db
def test_it_records_a_household_business_by_the_operators_id_number(staff_client, ehe):
    survey = EcommerceSurveyFactory()
    resident = resident_of(ehe)
    response = staff_client.post(
        NEW_RECORD,
        {
            "survey": survey.pk,
            "id_number": resident.id_number,
            "household_business": "on",
            "kind": "live",
            "platform": "抖音",
            "turnover": "5k_10k",
            "jobs_created": "2",
            "note": "",
        },
    )
    assert response.status_code == 302
    record = EcommerceRecord.objects.get()
    assert (record.community, record.resident, record.household) == (
        ehe,
        resident,
        resident.household,
    )
    assert record.history.get().history_user.username == "staff_ehe"


@pytest.mark.django_db
def test_it_refuses_a_resident_of_another_community(staff_client, shenhu):
    survey = EcommerceSurveyFactory()
    theirs = resident_of(shenhu)
    response = staff_client.post(
        NEW_RECORD,
        {
            "survey": survey.pk,
            "id_number": theirs.id_number,
            "kind": "wechat",
            "platform": "微信",
            "turnover": "under_1k",
            "jobs_created": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not EcommerceRecord.objects.exists()


@pytest.mark.django_db
def test_it_refuses_the_same_business_twice_in_a_round(staff_client, ehe):
    survey = EcommerceSurveyFactory()
    resident = resident_of(ehe)
    ecommerce_record(survey, resident, kind="shop")
    response = staff_client.post(
        NEW_RECORD,
        {
            "survey": survey.pk,
            "id_number": resident.id_number,
            "kind": "shop",
            "platform": "淘宝",
            "turnover": "under_1k",
            "jobs_created": "0",
        },
    )
    assert response.context["form"].errors["kind"]
    assert EcommerceRecord.objects.count() == 1


@pytest.mark.django_db
def test_another_communitys_record_is_404_to_staff(staff_client, shenhu):
    theirs = ecommerce_record(EcommerceSurveyFactory(), resident_of(shenhu))
    url = reverse("employment:ecommercerecord_edit", args=[theirs.pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"platform": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_totals_page_counts_per_community_what_the_user_may_see(
    staff_client, officer_client, ehe, shenhu
):
    survey = EcommerceSurveyFactory()
    for kind, jobs in (("wechat", 2), ("wechat", 1), ("live", 3)):
        ecommerce_record(survey, resident_of(ehe), kind=kind, jobs_created=jobs)
    ecommerce_record(survey, resident_of(shenhu), kind="parcels", jobs_created=4)
    url = survey.get_absolute_url()

    town = officer_client.get(url).context
    per_community = {r["community__name"]: r for r in town["rows"]}
    assert per_community["额河社区"]["records"] == 3
    assert per_community["额河社区"]["jobs"] == 6
    assert {k["kind"]: k["count"] for k in per_community["额河社区"]["kinds"]} == {
        "wechat": 2,
        "shop": 0,
        "live": 1,
        "parcels": 0,
    }
    assert (town["total"]["records"], town["total"]["jobs"]) == (4, 10)

    own = staff_client.get(url)
    assert [r["community__name"] for r in own.context["rows"]] == ["额河社区"]
    assert "神湖社区" not in own.content.decode()
    export = rows_of(staff_client.get(url, {"export": "xlsx"}))
    assert export[1][:2] == ("额河社区", 3)
    assert export[-1][0] == "合计"


@pytest.mark.django_db
def test_the_survey_lists_the_contests_entrants_and_whether_they_were_surveyed(
    staff_client, ehe, shenhu
):
    contest = Contest.objects.create(name="微商创业大赛", date=today())
    survey = EcommerceSurveyFactory(contest=contest)
    surveyed, missed, theirs = resident_of(ehe), resident_of(ehe), resident_of(shenhu)
    ecommerce_record(survey, surveyed)
    for resident in (surveyed, missed, theirs):
        ContestEntry.objects.create(contest=contest, resident=resident, project="蜂蜜微商")

    response = staff_client.get(survey.get_absolute_url())
    entrants = {e.resident: e.surveyed for e in response.context["contestants"]}
    assert entrants == {surveyed: True, missed: False}
    records = staff_client.get(RECORDS).context["page"].object_list
    assert [r.in_contest for r in records] == [True]


@pytest.mark.django_db
def test_the_record_list_filters_and_exports_the_same_rows(staff_client, ehe):
    survey = EcommerceSurveyFactory()
    ecommerce_record(survey, resident_of(ehe), kind="live", platform="快手")
    ecommerce_record(survey, resident_of(ehe), kind="shop", platform="淘宝")
    page = staff_client.get(RECORDS, {"kind": "live"}).content.decode()
    assert "快手" in page and "淘宝" not in page
    rows = rows_of(staff_client.get(RECORDS, {"kind": "live", "export": "xlsx"}))
    assert len(rows) == 2
    assert "快手" in rows[1] and "直播" in rows[1]


@pytest.mark.django_db
def test_the_read_only_role_cannot_record_a_business(official_client):
    assert official_client.post(NEW_RECORD, {}).status_code == 403


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["records", "survey", "surveys"])
def test_the_survey_pages_cost_the_same_queries_at_5_and_50_records(staff_client, ehe, page):
    contest = Contest.objects.create(name="微商创业大赛", date=today())
    survey = EcommerceSurveyFactory(contest=contest)
    url = {"records": RECORDS, "survey": survey.get_absolute_url(), "surveys": SURVEYS}[page]

    def add(count):
        for _ in range(count):
            record = ecommerce_record(survey, resident_of(ehe))
            ContestEntry.objects.create(contest=contest, resident=record.resident, project="微商")
            EcommerceSurveyFactory()

    add(5)
    small = queries(staff_client, url)
    add(45)
    assert queries(staff_client, url) == small


@pytest.mark.django_db
def test_the_report_section_tells_the_rounds_businesses_in_the_period(ehe, shenhu):
    contest = Contest.objects.create(name="微商创业大赛", date=today())
    survey = EcommerceSurveyFactory(
        year=today().year, started_on=today(), surveyed_on=today(), contest=contest
    )
    entrant = resident_of(ehe)
    ecommerce_record(survey, entrant, kind="wechat", jobs_created=2)
    ecommerce_record(survey, resident_of(ehe), kind="shop", jobs_created=1)
    ecommerce_record(survey, resident_of(shenhu), kind="live", jobs_created=5)
    ContestEntry.objects.create(contest=contest, resident=entrant, project="微商")
    old = EcommerceSurveyFactory(year=today().year - 3)
    ecommerce_record(old, resident_of(ehe))

    year = Period.parse(str(today().year))
    town = section(year, Community.objects.all())["ecommerce"]
    assert (town["surveys"], town["businesses"], town["jobs"], town["contestants"]) == (
        1,
        3,
        8,
        1,
    )
    own = section(year, Community.objects.filter(pk=ehe.pk))["ecommerce"]
    assert {k["kind"]: k["businesses"] for k in own["by_kind"]} == {
        "wechat": 1,
        "shop": 1,
        "live": 0,
        "parcels": 0,
    }
