"""The printed 公示 notice and 审批表: PDFs rendered by WeasyPrint, their text read back."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from tests.factories import CompoundFactory, household_with_members, program, staff_of, today
from welfare import services


def pdf_text(response) -> str:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    content = b"".join(response) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 portrait
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Without spaces, commas and line breaks: ``1,289`` and ``1 289`` read as ``1289``."""
    return re.sub(r"[\s,]", "", text)


def apply(staff, head, persons, income, compound=None):
    if compound:
        head.household.compound = compound
        head.household.save()
    enrollment = services.enrollment_create(
        user=staff,
        program=program("dibao_urban"),
        resident=head,
        persons_covered=persons,
        monthly_income_per_capita=income,
        applied_on=today(),
        reason="家庭成员患病",
    )
    services.enrollment_community_approve(user=staff, enrollment=enrollment, opinion="情况属实")
    return services.enrollment_start_notice(
        user=staff,
        enrollment=enrollment,
        start=today() - datetime.timedelta(days=8),
        late_reason="纸质公示已张贴",
    )


@pytest.fixture
def in_notice(ehe, shenhu, staff):
    compound = CompoundFactory(community=ehe, name="河畔小区")
    first = apply(staff, household_with_members(ehe, 3).head, 3, "250.50", compound)
    second = apply(staff, household_with_members(ehe, 1).head, 1, "100")
    other = apply(staff_of(shenhu), household_with_members(shenhu, 2).head, 2, "0")
    return first, second, other


@pytest.mark.django_db
def test_the_notice_pdf_lists_names_and_amounts_never_id_numbers_incomes_or_addresses(
    staff_client, in_notice, ehe
):
    first, second, other = in_notice
    text = pdf_text(staff_client.get(reverse("welfare:community_notice_pdf", args=[ehe.pk])))
    for enrollment in (first, second):
        assert enrollment.resident.name in text
    assert "河畔小区" in text
    assert "城市居民最低生活保障" in text
    # 2026 standard 680: (680 − 250.50) × 3 = 1288.5 → 1289; (680 − 100) × 1 = 580
    assert "1289" in flat(text) and "580" in flat(text)
    for enrollment in (first, second):
        assert enrollment.resident.id_number not in flat(text)
        assert enrollment.resident.id_number[-4:] not in flat(text)
        assert enrollment.household.address not in text
    assert "250.50" not in text and "250.5" not in text
    assert other.resident.name not in text or other.resident.name in (
        first.resident.name,
        second.resident.name,
    )
    assert ehe.name in text


@pytest.mark.django_db
def test_the_notice_pdf_of_another_community_answers_404(staff_client, shenhu, in_notice):
    url = reverse("welfare:community_notice_pdf", args=[shenhu.pk])
    assert staff_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_notice_pdf_needs_a_login(client, ehe):
    response = client.get(reverse("welfare:community_notice_pdf", args=[ehe.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def approved(in_notice, staff, second_staff, officer, second_officer, ehe):
    enrollment = in_notice[0]
    services.enrollment_record_objection(
        user=staff, enrollment=enrollment, text="邻居反映家有经营收入"
    )
    services.objection_handle(
        user=second_staff,
        objection=enrollment.objection_records.get(),
        outcome="dismissed",
        handling="入户核实，异议不成立",
    )
    services.enrollment_close_notice(
        user=second_staff, enrollment=enrollment, opinion="公示期满，异议不成立"
    )
    services.enrollment_town_approve(user=officer, enrollment=enrollment, opinion="审核同意上报")
    services.enrollment_county_approve(
        user=second_officer,
        enrollment=enrollment,
        approved_on=today(),
        document_no="布民发〔2026〕21号",
        start_month=today(),
        opinion="审批同意纳入低保",
    )
    for user, name in (
        (staff, "王社区"),
        (second_staff, "李社区"),
        (officer, "张民政"),
        (second_officer, "赵民政"),
    ):
        user.first_name = name
        user.save()
    return enrollment


@pytest.mark.django_db
def test_the_approval_form_prints_every_opinion_the_figures_and_the_names(staff_client, approved):
    text = pdf_text(
        staff_client.get(reverse("welfare:enrollment_approval_pdf", args=[approved.pk]))
    )
    for opinion in ("情况属实", "公示期满，异议不成立", "审核同意上报", "审批同意纳入低保"):
        assert opinion in flat(text), opinion
    for name in ("王社区", "李社区", "张民政", "赵民政"):
        assert name in text, name
    assert approved.resident.name in text
    assert "布民发〔2026〕21号" in flat(text)
    assert "邻居反映家有经营收入" in flat(text) and "入户核实，异议不成立" in flat(text)
    assert "680" in text and "250.50" in text and "1289" in flat(text)
    assert gettext("One-person office (allowed by the administrator)") not in text


@pytest.mark.django_db
def test_the_approval_form_masks_the_id_number_for_whoever_may_not_see_it(
    official_client, approved
):
    text = pdf_text(
        official_client.get(reverse("welfare:enrollment_approval_pdf", args=[approved.pk]))
    )
    assert approved.resident.name in text
    assert approved.resident.id_number not in flat(text)


@pytest.mark.django_db
def test_the_approval_form_prints_a_one_person_office(ehe, staff, in_notice, staff_client):
    ehe.single_person_office = True
    ehe.save()
    enrollment = in_notice[0]
    services.enrollment_close_notice(user=staff, enrollment=enrollment, opinion="公示无异议")
    text = pdf_text(
        staff_client.get(reverse("welfare:enrollment_approval_pdf", args=[enrollment.pk]))
    )
    assert flat(gettext("One-person office (allowed by the administrator)")) in flat(text)


@pytest.mark.django_db
def test_the_approval_form_of_another_community_answers_404(approved, shenhu):
    client = Client()
    client.force_login(staff_of(shenhu))
    response = client.get(reverse("welfare:enrollment_approval_pdf", args=[approved.pk]))
    assert response.status_code == 404
