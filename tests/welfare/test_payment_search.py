"""One person's payments found across batches by name, full ID number or its tail (scoped), and
a batch's rows searched, filtered by state and paginated."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    BatchFactory,
    DisbursementFactory,
    ResidentFactory,
    civil_affairs_officer,
    household_with_members,
    program,
    staff_of,
)
from welfare.models import Disbursement


@pytest.fixture
def payments(ehe, shenhu):
    """哈力木拉提 of 额河 paid in three months; someone else in 额河 and in 神湖 each paid once."""
    household = household_with_members(ehe, 1)
    person = household.head
    person.name = "哈力木拉提"
    person.save()
    for month in (1, 2, 3):
        batch = BatchFactory(program=program("dibao_urban"), period=datetime.date(2026, month, 1))
        DisbursementFactory(batch=batch, resident=person)
    march = BatchFactory(program=program("dibao_urban"), period=datetime.date(2026, 3, 1))
    neighbour = household_with_members(ehe, 1).head
    neighbour.name = "李伟"
    neighbour.save()
    DisbursementFactory(batch=march, resident=neighbour)
    DisbursementFactory(batch=march, resident=household_with_members(shenhu, 1).head)
    return person, march


def found(response) -> set[int]:
    return {d.pk for d in response.context["page"].object_list}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["name", "pinyin", "id", "tail"])
def test_it_finds_a_persons_payments_across_batches(staff_client, payments, how):
    person, _march = payments
    term = {
        "name": "哈力",
        "pinyin": "hlmlt",
        "id": person.id_number,
        "tail": person.id_number[-6:],
    }[how]
    response = staff_client.get(reverse("welfare:disbursement_list"), {"q": term})
    assert response.status_code == 200
    assert found(response) == set(
        Disbursement.objects.filter(resident=person).values_list("pk", flat=True)
    )
    assert len(found(response)) == 3


@pytest.mark.django_db
def test_the_payment_search_stays_in_ones_community(client, payments, shenhu):
    person, _march = payments
    client.force_login(staff_of(shenhu))
    response = client.get(reverse("welfare:disbursement_list"), {"q": person.id_number})
    assert found(response) == set()


@pytest.mark.django_db
def test_a_town_wide_officer_finds_payments_in_every_community(client, payments):
    person, _march = payments
    client.force_login(civil_affairs_officer())
    response = client.get(reverse("welfare:disbursement_list"), {"q": person.id_number[-4:]})
    theirs = set(Disbursement.objects.filter(resident=person).values_list("pk", flat=True))
    assert theirs <= found(response)


@pytest.mark.django_db
def test_a_batch_is_searched_by_name_and_id_tail(client, payments):
    person, march = payments
    client.force_login(civil_affairs_officer())
    url = reverse("welfare:batch_detail", args=[march.pk])
    assert len(found(client.get(url))) == 3
    for term in ("哈力木拉提", person.id_number[-4:]):
        response = client.get(url, {"q": term})
        assert found(response) == {Disbursement.objects.get(batch=march, resident=person).pk}
        assert "哈力木拉提" in response.content.decode()


@pytest.mark.django_db
def test_a_batch_is_filtered_by_payment_state(client, payments):
    person, march = payments
    Disbursement.objects.filter(batch=march, resident=person).update(
        payment_status=Disbursement.PaymentStatus.FAILED
    )
    client.force_login(civil_affairs_officer())
    url = reverse("welfare:batch_detail", args=[march.pk])
    response = client.get(url, {"payment_status": "failed"})
    assert found(response) == {Disbursement.objects.get(batch=march, resident=person).pk}
    assert "没有符合条件的发放记录" in client.get(url, {"q": "无此人"}).content.decode()


@pytest.mark.django_db
def test_a_batch_is_paginated_and_keeps_its_search_across_pages(client, ehe):
    batch = BatchFactory(program=program("dibao_urban"), period=datetime.date(2026, 4, 1))
    for _i in range(55):
        resident = ResidentFactory(community=ehe, name="王芳")
        Disbursement.objects.create(
            batch=batch,
            program=batch.program,
            period=batch.period,
            community=ehe,
            resident=resident,
            amount=Decimal("10"),
        )
    client.force_login(staff_of(ehe))
    url = reverse("welfare:batch_detail", args=[batch.pk])
    first = client.get(url, {"q": "王芳"})
    assert len(first.context["page"].object_list) == 50
    assert "q=%E7%8E%8B%E8%8A%B3" in first.content.decode() and "page=2" in first.content.decode()
    second = client.get(url, {"q": "王芳", "page": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.django_db
def test_the_payment_list_opens_on_the_latest_month_paid_with_its_totals(client, payments):
    """The list without a month or a search shows one month, so that its totals are a month's
    payments (the town's list would otherwise total every payment ever made)."""
    person, march = payments
    client.force_login(civil_affairs_officer())
    response = client.get(reverse("welfare:disbursement_list"))
    march_payments = set(
        Disbursement.objects.filter(period=march.period).values_list("pk", flat=True)
    )
    assert found(response) == march_payments
    assert response.context["totals"]["payments"] == 3
    body = response.content.decode()
    assert "显示2026年3月（最近一个发放月份）的发放记录" in body
    # narrowed by program, the latest month of that program's payments
    response = client.get(reverse("welfare:disbursement_list"), {"program": march.program.pk})
    assert found(response) == march_payments


@pytest.mark.django_db
def test_a_chosen_month_or_a_search_is_not_narrowed_to_the_latest_month(client, payments):
    person, _march = payments
    client.force_login(civil_affairs_officer())
    january = client.get(reverse("welfare:disbursement_list"), {"month": "2026-01"})
    assert found(january) == {Disbursement.objects.get(resident=person, period__month=1).pk}
    assert 'data-testid="latest-month"' not in january.content.decode()
    searched = client.get(reverse("welfare:disbursement_list"), {"q": person.id_number})
    assert len(found(searched)) == 3  # January to March


@pytest.mark.django_db
def test_a_month_that_is_not_a_month_says_so_and_shows_the_latest_month(client, payments):
    _person, march = payments
    client.force_login(civil_affairs_officer())
    response = client.get(reverse("welfare:disbursement_list"), {"month": "2026-13"})
    assert "“2026-13”不是有效的月份，请按 YYYY-MM 填写" in response.content.decode()
    assert response.context["latest_month"] == march.period
    assert found(response) == set(
        Disbursement.objects.filter(period=march.period).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_the_payment_export_holds_the_month_the_list_shows(client, payments):
    from openpyxl import load_workbook

    client.force_login(civil_affairs_officer())
    page = client.get(reverse("welfare:disbursement_list")).content.decode()
    assert "export=xlsx&amp;month=2026-03" in page
    response = client.get(reverse("welfare:disbursement_list"), {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert {row[1] for row in rows[1:]} == {"2026-03"}
    assert len(rows) == 1 + 3


@pytest.mark.django_db
def test_a_month_of_corrections_only_is_not_the_latest_month_paid(client, payments):
    """A correction goes into the current month's batch: until that month is paid, the list
    still opens on the last month of payments."""
    person, march = payments
    april = BatchFactory(program=program("dibao_urban"), period=datetime.date(2026, 4, 1))
    original = Disbursement.objects.get(resident=person, period=march.period)
    Disbursement.objects.create(
        batch=april,
        program=april.program,
        period=april.period,
        community=original.community,
        household=original.household,
        resident=person,
        amount=Decimal("-50"),
        corrects=original,
    )
    client.force_login(civil_affairs_officer())
    response = client.get(reverse("welfare:disbursement_list"))
    assert response.context["latest_month"] == march.period
    assert response.context["totals"]["payments"] == 3
