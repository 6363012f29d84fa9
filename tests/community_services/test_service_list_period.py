"""The service record list without a start date begins on the first of the month: a town-wide
page counts a month of the prefecture's records, not five years of them, and says so."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from community_services.models import ServiceCategory, ServiceRecord
from tests.factories import ServiceRecordFactory

LIST = reverse("community_services:servicerecord_list")


def first_of_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def this_and_last_month(ehe):
    """A free service this month and a low-fee one the day before the month began."""
    ServiceRecordFactory(community=ehe, date=first_of_month(), note="本月")
    ServiceRecordFactory(
        community=ehe,
        date=first_of_month() - datetime.timedelta(days=1),
        charge=ServiceRecord.Charge.LOW_FEE,
        fee=5,
        note="上月",
    )


def summary_of(page: str) -> str:
    return page.split('data-testid="charge-summary"')[1].split("</p>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_client", "official_client"])
def test_without_dates_the_list_counts_and_tells_this_months_records(
    request, who, this_and_last_month
):
    response = request.getfixturevalue(who).get(LIST)
    page = response.content.decode()
    assert [r.note for r in response.context["page"]] == ["本月"]
    assert response.context["page"].paginator.count == 1
    assert "无偿服务：1 次" in summary_of(page) and "低偿" not in summary_of(page)
    told = page.split('data-testid="default-period"')[1].split("</p>")[0]
    assert "未选择起始日期" in told
    assert f"{first_of_month().year}年{first_of_month().month}月1日" in told


@pytest.mark.django_db
def test_without_dates_the_export_holds_the_records_the_page_lists(
    staff_client, this_and_last_month
):
    response = staff_client.get(LIST, {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert [row[-1] for row in rows[1:]] == ["本月"]


@pytest.mark.django_db
def test_a_start_date_lists_earlier_records_and_drops_the_note(staff_client, this_and_last_month):
    start = first_of_month() - datetime.timedelta(days=40)
    response = staff_client.get(LIST, {"date_from": start.isoformat()})
    page = response.content.decode()
    assert [r.note for r in response.context["page"]] == ["本月", "上月"]
    assert "低偿服务：1 次" in summary_of(page) and "无偿服务：1 次" in summary_of(page)
    assert 'data-testid="default-period"' not in page


@pytest.mark.django_db
def test_an_end_date_alone_lists_its_month_up_to_that_day(staff_client, ehe, this_and_last_month):
    end = first_of_month() - datetime.timedelta(days=1)
    ServiceRecordFactory(
        community=ehe,
        date=end.replace(day=1) - datetime.timedelta(days=1),
        note="两个月前",
    )
    response = staff_client.get(LIST, {"date_to": end.isoformat()})
    assert [r.note for r in response.context["page"]] == ["上月"]
    assert response.context["filter"].default_from == end.replace(day=1)


@pytest.mark.django_db
def test_a_start_date_that_is_not_a_date_falls_back_to_this_month(
    staff_client, this_and_last_month
):
    response = staff_client.get(LIST, {"date_from": "bad"})
    assert response.status_code == 200
    assert [r.note for r in response.context["page"]] == ["本月"]


@pytest.mark.django_db
def test_the_pages_are_counted_by_the_totals_consultations_included(staff_client, ehe):
    ServiceRecordFactory.create_batch(50, community=ehe, date=first_of_month())
    ServiceRecordFactory(
        community=ehe,
        date=first_of_month(),
        category=ServiceCategory.objects.get(name="信息咨询"),
        note="咨询",
    )
    first = staff_client.get(LIST)
    assert first.context["page"].paginator.count == 51
    assert first.context["summary"]["consultations"] == 1
    last = staff_client.get(LIST, {"page": 2})
    assert len(last.context["page"]) == 1
