"""高龄津贴 (issue 17 item 4): the month's list from birth dates, its confirmation, its batch.

The rule (docs/welfare.md): on a month's list is a resident who is 80 or older on the first day
of the month and had neither died nor moved out before that day; the band is the one reached
on the same day.
"""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities.models import Household, Resident
from tests.factories import (
    CommunityFactory,
    civil_affairs_officer,
    next_id_number,
    program,
    staff_of,
    town_official,
)
from welfare.models import AgeBandStandard, Disbursement, DisbursementBatch, ElderlyListConfirmation

BANDS = {80: Decimal("100.00"), 90: Decimal("200.00"), 100: Decimal("500.00")}  # migration 0016
URL = reverse("welfare:elderly_list")
CONFIRMATION = reverse("welfare:elderly_confirmation")


def resident(community, birth, *, deceased_on=None, moved_out_on=None, household=None):
    r = Resident(
        id_number=next_id_number(birth),
        name="王秀兰",
        community=community,
        household=household,
        deceased_on=deceased_on,
        moved_out_on=moved_out_on,
    )
    r.save()
    return r


def hand_age(birth: datetime.date, day: datetime.date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def hand_list(residents, month: datetime.date) -> dict[str, Decimal]:
    """ID number → amount, computed by hand from birth dates, deaths and moves."""
    listed = {}
    for r in residents:
        if r.deceased_on and r.deceased_on < month:
            continue
        if r.moved_out_on and r.moved_out_on < month:
            continue
        age = hand_age(r.birth_date, month)
        if age >= 80:
            listed[r.id_number] = BANDS[100 if age >= 100 else 90 if age >= 90 else 80]
    return listed


def exported(client, month: str) -> dict[str, Decimal]:
    response = client.get(URL, {"month": month, "export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    id_col, amount_col = header.index("身份证号"), header.index("金额（元）")
    return {row[id_col]: Decimal(str(row[amount_col])) for row in rows[1:]}


def confirm(client, month: str):
    page = client.get(CONFIRMATION, {"month": month}, headers={"HX-Request": "true"})
    digest = page.context["town"]["digest"]
    return client.post(reverse("welfare:elderly_confirm"), {"month": month, "digest": digest})


@pytest.fixture
def officer_client(client, db):
    client.force_login(civil_affairs_officer())
    return client


def test_it_lists_a_month_as_a_hand_computation_from_birth_dates(officer_client):
    rng = random.Random(17)
    community = CommunityFactory()
    months = [datetime.date(2026, m, 1) for m in (1, 2, 3, 7, 12)] + [datetime.date(2028, 3, 1)]
    births = []
    for month in months:
        for age in (80, 90, 100):
            edge = month.replace(year=month.year - age)
            # turning 80/90/100 on the 1st, the day before, the day after, the month's last day
            births += [
                edge,
                edge - datetime.timedelta(days=1),
                edge + datetime.timedelta(days=1),
                edge + datetime.timedelta(days=27),
            ]
    births.append(datetime.date(1948, 2, 29))  # 80 on 29 February 2028, a leap year
    births += [
        datetime.date(1920, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 30))
        for _ in range(120)
    ]
    residents = []
    for birth in births:
        died = moved = None
        roll = rng.random()
        when = rng.choice(months) + datetime.timedelta(days=rng.choice([-1, 0, 1, 15]))
        if roll < 0.15:
            died = when
        elif roll < 0.3:
            moved = when
        residents.append(resident(community, birth, deceased_on=died, moved_out_on=moved))
    for month in [*months, datetime.date(2028, 2, 1)]:
        assert exported(officer_client, f"{month:%Y-%m}") == hand_list(residents, month), month


def test_a_resident_turning_80_is_listed_from_the_month_whose_first_day_they_are_80(
    officer_client,
):
    community = CommunityFactory()
    on_the_first = resident(community, datetime.date(1946, 3, 1))
    on_the_second = resident(community, datetime.date(1946, 3, 2))
    for month, expected in [
        ("2026-02", set()),
        ("2026-03", {on_the_first.id_number}),
        ("2026-04", {on_the_first.id_number, on_the_second.id_number}),
    ]:
        assert set(exported(officer_client, month)) == expected
    page = officer_client.get(URL, {"month": "2026-03"}).content.decode()
    assert "每月1日" in page  # the rule is told on the page


def test_a_death_or_move_before_the_first_stops_the_month_after(officer_client):
    community = CommunityFactory()
    died = resident(community, datetime.date(1930, 5, 5), deceased_on=datetime.date(2026, 3, 1))
    moved = resident(community, datetime.date(1930, 6, 6), moved_out_on=datetime.date(2026, 2, 28))
    assert set(exported(officer_client, "2026-03")) == {died.id_number}
    assert set(exported(officer_client, "2026-02")) == {died.id_number, moved.id_number}


def test_the_band_amounts_are_standards_an_administrator_changes(officer_client):
    community = CommunityFactory()
    r = resident(community, datetime.date(1935, 1, 1))
    AgeBandStandard.objects.create(
        program=program("elderly_allowance"),
        effective_from=datetime.date(2026, 6, 1),
        min_age=90,
        amount=Decimal("260"),
    )
    assert exported(officer_client, "2026-05") == {r.id_number: Decimal("200")}
    assert exported(officer_client, "2026-06") == {r.id_number: Decimal("260")}


def test_confirming_the_list_generates_the_month_batch_by_band(officer_client):
    community = CommunityFactory()
    household = Household.objects.create(community=community, address="团结路1号")
    eighty = resident(community, datetime.date(1940, 1, 1), household=household)
    ninety = resident(community, datetime.date(1930, 1, 1))
    resident(community, datetime.date(1960, 1, 1))
    response = confirm(officer_client, "2026-03")
    batch = DisbursementBatch.objects.get(program__code="elderly_allowance")
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    paid = dict(batch.disbursements.values_list("resident_id", "amount"))
    assert paid == {eighty.pk: Decimal("100.00"), ninety.pk: Decimal("200.00")}
    assert batch.disbursements.get(resident=eighty).household == household
    confirmation = ElderlyListConfirmation.objects.get()
    assert (confirmation.residents, confirmation.amount) == (2, Decimal("300.00"))
    assert confirmation.history.get().history_user == confirmation.confirmed_by


def test_the_batch_is_refused_until_the_list_is_confirmed_and_again_once_it_changes(
    officer_client,
):
    community = CommunityFactory()
    r = resident(community, datetime.date(1930, 1, 1))
    generate = reverse("welfare:batch_generate")
    form = {"program": program("elderly_allowance").pk, "month": "2026-03"}
    officer_client.post(generate, form)
    assert not Disbursement.objects.exists()
    confirm(officer_client, "2026-03")
    assert Disbursement.objects.count() == 1
    r.deceased_on = datetime.date(2026, 2, 10)
    r.save()
    response = officer_client.post(generate, form, follow=True)
    assert "确认" in response.content.decode()
    assert Disbursement.objects.count() == 1  # unchanged until confirmed again
    page = officer_client.get(CONFIRMATION, {"month": "2026-03"}).content.decode()
    assert "名单已变化" in page
    confirm(officer_client, "2026-03")
    assert not Disbursement.objects.exists()


def test_a_list_changed_since_the_page_was_opened_is_not_confirmed(officer_client):
    community = CommunityFactory()
    resident(community, datetime.date(1930, 1, 1))
    digest = officer_client.get(CONFIRMATION, {"month": "2026-03"}).context["town"]["digest"]
    resident(community, datetime.date(1931, 1, 1))
    response = officer_client.post(
        reverse("welfare:elderly_confirm"), {"month": "2026-03", "digest": digest}, follow=True
    )
    assert not ElderlyListConfirmation.objects.exists()
    assert "名单已变化" in response.content.decode() or "变化" in response.content.decode()


@pytest.mark.django_db
def test_community_staff_see_their_own_residents_and_cannot_confirm(client):
    mine, theirs = CommunityFactory(), CommunityFactory()
    own = resident(mine, datetime.date(1930, 1, 1))
    resident(theirs, datetime.date(1930, 1, 2))
    client.force_login(staff_of(mine))
    assert set(exported(client, "2026-03")) == {own.id_number}
    page = client.get(URL, {"month": "2026-03"})
    assert [r.pk for r in page.context["page"]] == [own.pk]
    assert not client.get(CONFIRMATION, {"month": "2026-03"}).context["can_confirm"]
    response = client.post(reverse("welfare:elderly_confirm"), {"month": "2026-03", "digest": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_town_official_reads_the_list_but_cannot_confirm(client):
    client.force_login(town_official())
    assert client.get(URL).status_code == 200
    response = client.post(reverse("welfare:elderly_confirm"), {"month": "2026-03", "digest": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_get_on_confirm_is_405(client):
    assert client.get(URL).status_code == 302
    client.force_login(civil_affairs_officer())
    assert client.get(reverse("welfare:elderly_confirm")).status_code == 405


def _many_elderly(community, count):
    rows = []
    for i in range(count):
        r = Resident(
            id_number=next_id_number(datetime.date(1925 + i % 20, 1 + i % 12, 1 + i % 28)),
            name="李桂英",
            community=community,
        )
        r.fill_derived()
        rows.append(r)
    Resident.objects.bulk_create(rows)


def test_the_list_costs_the_same_queries_at_two_sizes(
    officer_client, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    community = CommunityFactory()
    counts = []
    for size in (5, 120):
        _many_elderly(community, size)
        cache.clear()  # the rows came in bulk, without the history that keys the kept counts
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(URL, {"month": "2026-03"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_the_database_digest_equals_the_digest_of_the_rows():
    """PostgreSQL hashes the town's list itself for the page; the confirmation compares it with
    the digest of the rows it generates the batch from: the two must be the same text."""
    from django.db import connection

    from tests.conftest import require_service
    from welfare import allowances

    require_service(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    community = CommunityFactory()
    _many_elderly(community, 30)
    household = Household.objects.create(community=community, address="友谊路1号")
    resident(community, datetime.date(1930, 5, 1), household=household)
    month = datetime.date(2026, 3, 1)
    digest, bands = allowances.elderly_town_digest(month)
    rows = allowances._list_rows(allowances.elderly_program(), month, bands)
    assert {row[2] is None for row in rows} == {True, False}  # with and without a household
    assert digest == allowances.list_digest(rows, bands)


def test_the_list_page_loads_its_confirmation_after_itself(officer_client):
    """The page shows its rows at once; the confirmation, which hashes the whole town's list,
    comes in through htmx, and opens as a page of its own without script."""
    resident(CommunityFactory(), datetime.date(1930, 1, 1))
    page = officer_client.get(URL, {"month": "2026-03"})
    assert "town" not in page.context
    assert f'hx-get="{CONFIRMATION}?month=2026-03"' in page.text
    part = officer_client.get(CONFIRMATION, {"month": "2026-03"}, headers={"HX-Request": "true"})
    assert part.text.lstrip().startswith('<div class="card')
    assert "确认全镇名单" in part.text and "<html" not in part.text
    whole = officer_client.get(CONFIRMATION, {"month": "2026-03"})
    assert "<html" in whole.text and "确认全镇名单" in whole.text
