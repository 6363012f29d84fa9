import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CommunityFactory,
    DisbursementFactory,
    EnrollmentFactory,
    household_with_members,
)

URL = reverse("reports:dashboard")


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_dashboard_shows_this_months_figures_and_alerts(official_client, ehe):
    month = datetime.date.today().replace(day=1)
    DisbursementFactory(batch__period=month, resident=household_with_members(ehe, 1).head)
    EnrollmentFactory(resident=household_with_members(ehe, 1).head, status="town_reviewed")
    response = official_client.get(URL)
    assert response.context["this_month"]["amount"] == 960
    assert response.context["this_month"]["households"] == 1
    body = response.content.decode()
    assert "<svg" in body and "额河社区" in body


@pytest.mark.django_db
def test_staff_see_their_own_community_on_the_dashboard(staff_client, ehe, shenhu):
    month = datetime.date.today().replace(day=1)
    DisbursementFactory(batch__period=month, resident=household_with_members(shenhu, 1).head)
    response = staff_client.get(URL)
    assert response.context["this_month"]["amount"] == 0
    assert "神湖社区" not in response.content.decode()


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_rows(official_client, ehe):
    month = datetime.date.today().replace(day=1)
    for _ in range(5):
        DisbursementFactory(batch__period=month, resident=household_with_members(ehe, 1).head)
    small = queries(official_client)
    for _ in range(40):
        DisbursementFactory(batch__period=month, resident=household_with_members(ehe, 1).head)
    assert queries(official_client) == small


@pytest.mark.django_db
def test_dashboard_alerts_pairs_not_visited(official_client, ehe):
    from tests.factories import PairingFactory

    PairingFactory(
        household=household_with_members(ehe, 1),
        started_on=datetime.date.today() - datetime.timedelta(days=90),
    )
    response = official_client.get(URL)
    assert response.context["pairs_not_visited"] == 1


@pytest.mark.django_db
def test_report_list_queries_do_not_grow_with_reports(official_client, ehe):
    from reports.models import Report

    def add(months):
        Report.objects.bulk_create(
            [
                Report(
                    period=f"20{20 + n // 12}-{n % 12 + 1:02d}",
                    scope=scope,
                    community=community,
                    status=status,
                )
                for n in months
                for scope, community in (("town", None), (ehe.code, ehe))
                for status in ("done", "failed")
            ]
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert official_client.get(reverse("reports:report_list")).status_code == 200
        return len(captured)

    add(range(0, 3))
    small = count()
    add(range(3, 40))
    assert count() == small


@pytest.mark.django_db
def test_a_locked_months_figures_are_read_once_an_open_month_after_each_payment(ehe):
    from welfare.models import Disbursement, DisbursementBatch
    from welfare.selectors import monthly_trend

    today = datetime.date.today().replace(day=1)
    last = (today - datetime.timedelta(days=1)).replace(day=1)
    paid = DisbursementFactory(batch__period=last, resident=household_with_members(ehe, 1).head)
    DisbursementBatch.objects.filter(pk=paid.batch_id).update(status="paid")
    DisbursementFactory(batch__period=today, resident=household_with_members(ehe, 1).head)
    payments = Disbursement.objects.filter(community=ehe)

    first = monthly_trend(payments, today)
    assert [m["amount"] for m in first[-2:]] == [960, 960]
    with CaptureQueriesContext(connection) as captured:
        again = monthly_trend(payments, today)
    assert again == first
    # the batches, then the payments' newest history: the locked month comes from the cache,
    # the open one too while no payment has been written (burqin.kept)
    assert len(captured) == 2
    assert "historicaldisbursement" in captured[-1]["sql"]
    DisbursementFactory(batch__period=today, resident=household_with_members(ehe, 1).head)
    with CaptureQueriesContext(connection) as captured:
        assert monthly_trend(payments, today)[-1]["households"] == 2
    # a payment written: the open month alone is read again
    assert str(today) in captured[-1]["sql"] and str(last) not in captured[-1]["sql"]


@pytest.mark.django_db
def test_the_chart_shows_the_15_largest_communities_the_table_all(official_client, ehe):
    month = datetime.date.today().replace(day=1)
    communities = [CommunityFactory(code=f"c{n:02d}", name=f"第{n:02d}社区") for n in range(20)]
    for n, community in enumerate(communities):
        DisbursementFactory(
            batch__period=month,
            resident=household_with_members(community, 1).head,
            amount=100 + n,
        )
    response = official_client.get(URL)
    chart = str(response.context["community_chart"])
    assert "第19社区" in chart and "第05社区" in chart and "第04社区" not in chart
    assert "15" in chart  # the title says how many
    assert len(response.context["rows"]) == 21  # 额河 too: the table has every community


def test_chart_axes_start_at_zero_in_round_steps():
    from burqin.charts import axis_ticks

    assert axis_ticks(122540) == [0, 50000, 100000, 150000]
    assert axis_ticks(7) == [0, 2, 4, 6, 8]
    assert axis_ticks(0) == [0, 1]


def test_a_line_chart_has_gridlines_labels_and_every_value_on_hover_and_in_print():
    from burqin.charts import line_chart

    svg = line_chart([("10月", 118000), ("11月", 122540), ("12月", 120100)], unit="元")
    assert svg.count("<line") == 4  # the zero axis and three gridlines: 5万, 10万, 15万
    for label in ("0", "5万", "10万", "15万"):
        assert f">{label}</text>" in svg
    assert "<title>11月：12.25万元</title>" in svg
    assert svg.count('class="value"') == 3
    # Values close together are not squeezed to the top: 12.25万 of a 15万 axis.
    heights = [float(part.split('cy="')[1].split('"')[0]) for part in svg.split("<circle")[1:]]
    assert max(heights) - min(heights) > 2


@pytest.mark.django_db
def test_every_dashboard_figure_links_to_the_list_behind_it(official_client, ehe):
    month = datetime.date.today().replace(day=1)
    DisbursementFactory(batch__period=month, resident=household_with_members(ehe, 1).head)
    body = official_client.get(URL).content.decode()
    payments = reverse("welfare:disbursement_list")
    assert f'href="{payments}?month={month:%Y-%m}"' in body
    assert f'href="{payments}?month={month:%Y-%m}&amp;community={ehe.pk}"' in body
    assert f"{reverse('welfare:enrollment_list')}?status=active" in body
    for name in ("employment:placement_list", "duty_roster:rostermonth_list"):
        assert reverse(name) in body
    # and every link of the page answers
    import re

    for href in set(re.findall(r'href="(/[^"]*)"', body)):
        href = href.replace("&amp;", "&")
        if "logout" in href or href.startswith("/static/"):
            continue
        assert official_client.get(href).status_code == 200, href


@pytest.mark.django_db
def test_dashboard_cards_write_money_in_wan_with_separators(official_client, ehe):
    month = datetime.date.today().replace(day=1)
    DisbursementFactory(
        batch__period=month, resident=household_with_members(ehe, 1).head, amount=12345678
    )
    body = official_client.get(URL).content.decode()
    assert "1 234.57万元" in body
