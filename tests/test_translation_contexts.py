"""One English word, two Chinese words: the catalogue keeps them apart by context (pgettext).

"Paid" is a charge type of a service (有偿) and the state of a batch the bank has paid (已发放);
before they had contexts, a 有偿 service showed as 已发放. "Decided by" on an appeal is its
答复人, elsewhere (an amount change) the 决定人.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from community_services.models import ServiceRecord
from tests.factories import IN_COMMUNITY, BatchFactory, ServiceRecordFactory, civil_affairs_officer
from welfare.models import DisbursementBatch


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def paid_service(ehe):
    return ServiceRecordFactory(
        community=ehe, charge=ServiceRecord.Charge.PAID, fee=Decimal("20"), note="上门理发"
    )


@pytest.fixture
def paid_batch(db):
    return BatchFactory(status=DisbursementBatch.Status.PAID)


@pytest.mark.django_db
def test_a_paid_service_reads_youchang_on_the_service_list_and_its_summary(
    staff_client, paid_service
):
    page = text_of(staff_client.get(reverse("community_services:servicerecord_list")))
    assert "<td>有偿</td>" in page  # the row's charge
    assert "有偿服务：1 次" in page  # the counts above the list, by label
    assert "已发放" not in page and "paid:" not in page


@pytest.mark.django_db
def test_a_paid_service_reads_youchang_on_the_community_profile(staff_client, ehe, paid_service):
    page = text_of(
        staff_client.get(reverse("community_services:community_profile", kwargs={"pk": ehe.pk}))
    )
    assert "有偿 1" in page
    assert "已发放" not in page


@pytest.mark.django_db
def test_a_paid_batch_reads_yifafang_on_the_batch_list_and_its_page(paid_batch):
    from django.test import Client

    client = Client()
    client.force_login(civil_affairs_officer())
    listing = text_of(client.get(reverse("welfare:batch_list")))
    assert "<td>已发放</td>" in listing
    detail = text_of(client.get(reverse("welfare:batch_detail", kwargs={"pk": paid_batch.pk})))
    assert "已发放" in detail
    assert "有偿" not in listing + detail


@pytest.mark.django_db
def test_who_decided_an_appeal_is_its_dafuren(officer_client, officer, ehe):
    appeal = IN_COMMUNITY["welfare.appeal"](ehe)
    appeal.decided_by, appeal.decided_at, appeal.opinion = officer, timezone.now(), "维持原决定"
    appeal.save()
    page = text_of(officer_client.get(reverse("welfare:appeal_detail", kwargs={"pk": appeal.pk})))
    assert "答复人" in page and "决定人" not in page
