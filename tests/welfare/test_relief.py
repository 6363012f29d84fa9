"""临时救助 paid from the 应急救助基金, the fund's monthly statement, 特困供养 with its care
amounts in the monthly batch, and housing aid for 特困 families — through the URLs."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from burqin.pdf import PdfUnavailable
from tests.conftest import require_service
from tests.factories import (
    civil_affairs_officer,
    fund_income,
    household_with_members,
    housing_grant,
    program,
    relief_case,
    staff_of,
    tekun_enrollment,
    tekun_support,
    today,
    town_official,
)
from tests.migrated_data import ensure
from welfare import relief_services
from welfare.models import (
    Disbursement,
    FundIncome,
    HousingGrant,
    ReliefCase,
    ReliefFund,
    TekunSupport,
)


def balance() -> Decimal:
    return ReliefFund.current().balance


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def apply(client, resident, amount="2000", emergency="illness"):
    return client.post(
        reverse("welfare:reliefcase_create"),
        {
            "resident": resident.pk,
            "emergency": emergency,
            "description": "突发疾病住院，自付医疗费用较高",
            "amount_proposed": amount,
            "applied_on": today().isoformat(),
        },
    )


def approve(client, case, amount, decision="approve", note="情况属实，同意救助"):
    return client.post(
        reverse("welfare:reliefcase_approve", args=[case.pk]),
        {"decision": decision, "amount": amount, "note": note},
    )


def pay(client, case, day=None):
    return client.post(
        reverse("welfare:reliefcase_pay", args=[case.pk]),
        {"paid_on": (day or today()).isoformat()},
        follow=True,
    )


# 临时救助 ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_registers_approves_and_pays_a_case_from_the_fund(staff_client, officer_client, ehe):
    fund_income("5000")
    head = household_with_members(ehe, 3).head
    response = apply(staff_client, head, "2000")
    case = ReliefCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert (case.community, case.household, case.status) == (ehe, head.household, "applied")

    approve(officer_client, case, "1800")
    case.refresh_from_db()
    assert (case.status, case.amount_approved) == ("approved", Decimal("1800.00"))

    response = pay(officer_client, case)
    case.refresh_from_db()
    assert case.status == "paid" and case.paid_on == today()
    assert balance() == Decimal("3200.00")
    assert "已从应急救助基金支付" in messages_of(response)
    # Each step left history naming who took it.
    assert case.history.count() == 3
    assert ReliefFund.current().history.latest().history_user.username == "minzheng_test"


@pytest.mark.django_db
def test_a_payment_beyond_the_balance_is_refused_and_nothing_is_written(officer_client, ehe):
    fund_income("1000")
    case = relief_case(
        household_with_members(ehe, 1).head, status="approved", amount_approved=Decimal("1500")
    )
    fund_history = ReliefFund.current().history.count()
    case_history = case.history.count()

    response = pay(officer_client, case)

    text = messages_of(response)
    assert "应急救助基金余额为1,000.00 元，不足以支付本次1,500.00 元，未支付" in text
    case.refresh_from_db()
    assert case.status == "approved" and case.paid_on is None and case.paid_by is None
    assert balance() == Decimal("1000.00")
    assert ReliefFund.current().history.count() == fund_history
    assert case.history.count() == case_history


@pytest.mark.django_db
def test_a_case_above_the_threshold_waits_for_a_town_official(officer_client, ehe, settings):
    settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE = Decimal("3000")
    fund_income("10000")
    case = relief_case(household_with_members(ehe, 2).head, amount_proposed=Decimal("5000"))
    approve(officer_client, case, "4000")
    case.refresh_from_db()
    assert case.status == "awaiting_town"

    pay(officer_client, case)
    case.refresh_from_db()
    assert case.status == "awaiting_town" and balance() == Decimal("10000.00")

    official = town_official(username="zhenzhang")
    from django.test import Client

    official_client = Client()
    official_client.force_login(official)
    response = official_client.post(
        reverse("welfare:reliefcase_town_approve", args=[case.pk]),
        {"decision": "approve", "note": "同意"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.town_official) == ("approved", official)
    pay(officer_client, case)
    assert balance() == Decimal("6000.00")


@pytest.mark.django_db
def test_the_threshold_is_a_setting(officer_client, ehe, settings):
    settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE = Decimal("1000")
    case = relief_case(household_with_members(ehe, 1).head, amount_proposed=Decimal("1200"))
    approve(officer_client, case, "1200")
    case.refresh_from_db()
    assert case.status == "awaiting_town"
    small = relief_case(household_with_members(ehe, 1).head, amount_proposed=Decimal("1000"))
    approve(officer_client, small, "1000")
    small.refresh_from_db()
    assert small.status == "approved"


@pytest.mark.django_db
def test_the_officer_can_reject_with_an_opinion(officer_client, ehe):
    case = relief_case(household_with_members(ehe, 1).head)
    approve(officer_client, case, "", decision="reject", note="家庭收入超过标准")
    case.refresh_from_db()
    assert case.status == "rejected" and case.officer_opinion == "家庭收入超过标准"


@pytest.mark.django_db
def test_staff_cannot_register_a_case_for_another_communitys_resident(staff_client, shenhu):
    theirs = household_with_members(shenhu, 1).head
    response = apply(staff_client, theirs)
    assert response.status_code == 200
    assert not ReliefCase.objects.exists()


@pytest.mark.django_db
def test_staff_of_another_community_gets_404_on_a_case(staff_client, shenhu):
    case = relief_case(household_with_members(shenhu, 1).head)
    assert staff_client.get(reverse("welfare:reliefcase_detail", args=[case.pk])).status_code == 404


@pytest.mark.django_db
def test_staff_cannot_approve_or_pay(staff_client, ehe):
    case = relief_case(household_with_members(ehe, 1).head)
    assert approve(staff_client, case, "100").status_code == 403
    response = staff_client.post(reverse("welfare:reliefcase_pay", args=[case.pk]), {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_case_list_filters_and_exports(officer_client, ehe, shenhu):
    relief_case(household_with_members(ehe, 1).head, emergency="disaster")
    relief_case(household_with_members(shenhu, 1).head, emergency="illness")
    url = reverse("welfare:reliefcase_list")
    page = officer_client.get(url, {"emergency": "disaster"})
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 1
    export = officer_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("社区", "申请人", "身份证号", "困难情形")
    assert {row[3] for row in rows[1:]} == {"灾害", "疾病"}


# 应急救助基金 ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_income_recorded_on_the_page_raises_the_balance(officer_client):
    response = officer_client.post(
        reverse("welfare:fundincome_create"),
        {
            "source": "donation",
            "amount": "8000",
            "received_on": today().isoformat(),
            "payer": "某企业",
        },
    )
    assert response.status_code == 302
    assert balance() == Decimal("8000.00")
    assert FundIncome.objects.get().recorded_by.username == "minzheng_test"


@pytest.mark.django_db
def test_community_staff_do_not_see_the_town_fund(client, ehe):
    user = staff_of(ehe)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_fundincome"))
    client.force_login(user)
    for name in ("welfare:fundincome_list", "welfare:fund_statement"):
        assert client.get(reverse(name)).status_code == 403


@pytest.fixture
def april_ledger(ehe, shenhu):
    """Opening 5 000 (March: 6 000 in, 1 000 out); April: 县拨 3 000, 社会捐 500, two cases paid."""
    fund_income("6000", received_on=datetime.date(2026, 3, 2))
    relief_case(
        household_with_members(ehe, 1).head,
        status="paid",
        amount_approved=Decimal("1000"),
        paid_on=datetime.date(2026, 3, 20),
    )
    fund_income("3000", received_on=datetime.date(2026, 4, 3))
    fund_income("500", source="donation", received_on=datetime.date(2026, 4, 9), payer="爱心人士")
    for community, amount, day in ((ehe, "1200", 10), (shenhu, "800", 25)):
        relief_case(
            household_with_members(community, 1).head,
            status="paid",
            amount_approved=Decimal(amount),
            paid_on=datetime.date(2026, 4, day),
        )


@pytest.mark.django_db
def test_the_monthly_statement_adds_up(officer_client, april_ledger):
    response = officer_client.get(reverse("welfare:fund_statement"), {"month": "2026-04"})
    assert response.status_code == 200
    context = response.context
    assert context["opening"] == Decimal("5000")
    income = {row["source"]: row["amount"] for row in context["incomes"]}
    assert income == {
        "county": Decimal("3000"),
        "town": Decimal("0"),
        "committee": Decimal("0"),
        "donation": Decimal("500"),
    }
    assert [c.amount_approved for c in context["spending"]] == [Decimal("1200"), Decimal("800")]
    assert context["closing"] == Decimal("6500")
    assert "6,500.00" in response.content.decode()


@pytest.mark.django_db
def test_the_monthly_statement_exports_to_excel(officer_client, april_ledger):
    response = officer_client.get(
        reverse("welfare:fund_statement"), {"month": "2026-04", "export": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert summary[1] == ("期初余额", 5000)
    assert summary[-1] == ("期末余额", 6500)
    spending = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert [row[-1] for row in spending[1:]] == [1200, 800]
    entries = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert {row[3] for row in entries[1:]} == {"布尔津县民政局", "爱心人士"}


@pytest.mark.django_db
def test_the_monthly_statement_prints(officer_client, april_ledger):
    try:
        from burqin.pdf import html_to_pdf

        html_to_pdf("<p>测试</p>")
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")
    response = officer_client.get(reverse("welfare:fund_statement_pdf"), {"month": "2026-04"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_payments_at_once_never_take_the_fund_below_zero(ehe):
    """Two officers pay two 600元 cases at the same moment from a fund of 1 000元: the fund's
    row lock makes the second wait and see the lowered balance, so one of them is refused."""
    require_service(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    ensure()  # the roles and the fund: a transactional test before this one may have emptied them
    fund_income("1000")
    officers = [civil_affairs_officer(username=f"minzheng_{n}") for n in range(2)]
    cases = [
        relief_case(
            household_with_members(ehe, 1).head, status="approved", amount_approved=Decimal("600")
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def pay_one(officer, case):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            relief_services.relief_case_pay(user=officer, case=case, paid_on=today())
            outcomes.append("paid")
        except relief_services.ReliefError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=pay_one, args=pair) for pair in zip(officers, cases, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["paid", "refused"]
    assert balance() == Decimal("400.00")
    assert ReliefCase.objects.filter(status="paid").count() == 1


# 特困供养 ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_monthly_batch_pays_the_basic_standard_plus_the_care_of_the_care_level(
    staff_client, officer_client, ehe
):
    enrollment = tekun_enrollment(ehe, started_on=datetime.date(2025, 6, 1))
    response = staff_client.post(
        reverse("welfare:enrollment_tekun", args=[enrollment.pk]),
        {"mode": "dispersed", "care_level": "full", "caregiver": "马秀兰", "caregiver_phone": ""},
    )
    assert response.status_code == 302
    support = TekunSupport.objects.get(enrollment=enrollment)
    assert (support.mode, support.care_level) == ("dispersed", "full")

    officer_client.post(
        reverse("welfare:batch_generate"), {"program": program("tekun").pk, "month": "2026-03"}
    )
    payment = Disbursement.objects.get(program__code="tekun", period=datetime.date(2026, 3, 1))
    assert payment.amount == Decimal("884") + Decimal("600")  # 2026 standard + 全护理


@pytest.mark.django_db
def test_a_dispersed_arrangement_needs_a_caregiver(staff_client, ehe):
    enrollment = tekun_enrollment(ehe)
    response = staff_client.post(
        reverse("welfare:enrollment_tekun", args=[enrollment.pk]),
        {"mode": "dispersed", "care_level": "self_care", "caregiver": ""},
    )
    assert response.status_code == 200
    assert "分散供养须填写照料人姓名" in response.content.decode()
    assert not TekunSupport.objects.exists()


@pytest.mark.django_db
def test_another_programs_enrollment_has_no_support_page(staff_client, ehe):
    from tests.factories import EnrollmentFactory

    dibao = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    assert staff_client.get(reverse("welfare:enrollment_tekun", args=[dibao.pk])).status_code == 404


@pytest.mark.django_db
def test_the_support_list_filters_by_care_level_and_names_those_without_one(staff_client, ehe):
    tekun_support(tekun_enrollment(ehe), care_level="full")
    tekun_support(tekun_enrollment(ehe), care_level="self_care")
    bare = tekun_enrollment(ehe)
    response = staff_client.get(reverse("welfare:tekunsupport_list"), {"care_level": "full"})
    assert len(response.context["page"].object_list) == 1
    assert list(response.context["without"]) == [bare]


@pytest.mark.django_db
def test_housing_aid_is_proposed_approved_and_paid(staff_client, officer_client, ehe):
    enrollment = tekun_enrollment(ehe)
    response = staff_client.post(
        reverse("welfare:enrollment_housing", args=[enrollment.pk]),
        {
            "kind": "repair",
            "amount": "6000",
            "proposed_on": today().isoformat(),
            "description": "屋顶漏雨，墙体开裂",
        },
    )
    grant = HousingGrant.objects.get()
    assert response["Location"] == grant.get_absolute_url()
    assert (grant.household, grant.status) == (enrollment.household, "proposed")
    officer_client.post(
        reverse("welfare:housinggrant_decide", args=[grant.pk]), {"decision": "approve"}
    )
    officer_client.post(
        reverse("welfare:housinggrant_pay", args=[grant.pk]), {"paid_on": today().isoformat()}
    )
    grant.refresh_from_db()
    assert (grant.status, grant.paid_on) == ("paid", today())


@pytest.mark.django_db
def test_housing_aid_is_only_for_tekun_families(staff_client, ehe):
    from tests.factories import EnrollmentFactory

    dibao = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    response = staff_client.post(
        reverse("welfare:enrollment_housing", args=[dibao.pk]),
        {"kind": "repair", "amount": "1", "proposed_on": today().isoformat(), "description": "x"},
    )
    assert response.status_code == 404
    assert not HousingGrant.objects.exists()


# Decisions and payments posted from a record's page ----------------------------------------


def _grant(community, **fields):
    return housing_grant(tekun_enrollment(community), **fields)


def _case(community, **fields):
    return relief_case(household_with_members(community, 1).head, **fields)


# (URL name, who posts, the record in a state that refuses the step, a valid post, the refusal)
STEPS = [
    (
        "welfare:housinggrant_decide",
        "officer_client",
        lambda ehe: _grant(ehe, status="rejected"),
        {"decision": "approve"},
        "该住房救助已经审批。",
    ),
    (
        "welfare:housinggrant_pay",
        "officer_client",
        lambda ehe: _grant(ehe),
        {"paid_on": today().isoformat()},
        "只有已批准的住房救助才能发放。",
    ),
    (
        "welfare:reliefcase_approve",
        "officer_client",
        lambda ehe: _case(ehe, status="rejected"),
        {"decision": "approve", "amount": "100", "note": "同意"},
        "该个案不在待民政专干审批状态。",
    ),
    (
        "welfare:reliefcase_town_approve",
        "official_client",
        lambda ehe: _case(ehe),
        {"decision": "approve", "note": "同意"},
        "该个案不在待镇领导审批状态。",
    ),
    (
        "welfare:reliefcase_pay",
        "officer_client",
        lambda ehe: _case(ehe),
        {"paid_on": today().isoformat()},
        "只有已批准的个案才能支付。",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who", "record", "data", "refusal"), STEPS, ids=lambda v: str(v))
def test_a_refused_step_says_why_in_chinese_and_leaves_the_record_as_it_was(
    request, ehe, name, who, record, data, refusal
):
    fund_income("10000")
    obj = record(ehe)
    history = obj.history.count()
    response = request.getfixturevalue(who).post(reverse(name, args=[obj.pk]), data, follow=True)
    assert response.redirect_chain == [(obj.get_absolute_url(), 302)]
    assert messages_of(response) == refusal
    assert obj.history.count() == history


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who", "record", "data", "refusal"), STEPS, ids=lambda v: str(v))
def test_an_incomplete_step_names_the_missing_field_and_changes_nothing(
    request, ehe, name, who, record, data, refusal
):
    obj = record(ehe)
    history = obj.history.count()
    response = request.getfixturevalue(who).post(reverse(name, args=[obj.pk]), {}, follow=True)
    assert response.redirect_chain == [(obj.get_absolute_url(), 302)]
    assert "：这个字段是必填项。" in messages_of(response)
    assert obj.history.count() == history


@pytest.mark.django_db
def test_a_housing_aid_decision_and_payment_say_so(officer_client, ehe):
    grant = _grant(ehe)
    decided = officer_client.post(
        reverse("welfare:housinggrant_decide", args=[grant.pk]),
        {"decision": "approve"},
        follow=True,
    )
    paid = officer_client.post(
        reverse("welfare:housinggrant_pay", args=[grant.pk]),
        {"paid_on": today().isoformat()},
        follow=True,
    )
    assert messages_of(decided) == "审批意见已记录。"
    assert messages_of(paid) == "发放已登记。"


@pytest.mark.django_db
def test_the_housing_aid_list_exports_its_rows(officer_client, ehe):
    grant = _grant(ehe, amount=Decimal("6000"))
    response = officer_client.get(reverse("welfare:housinggrant_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("社区", "姓名", "身份证号", "住房救助类别")
    assert rows[1][0] == "额河社区" and rows[1][1] == grant.enrollment.resident.name
    assert len(rows) == 2


# Query counts ---------------------------------------------------------------------------------


def _fill(size: int, communities):
    for n in range(size):
        community = communities[n % len(communities)]
        enrollment = tekun_enrollment(community)
        tekun_support(enrollment, care_level="partial")
        housing_grant(enrollment)
        relief_case(
            enrollment.resident, status="paid", amount_approved=Decimal("100"), paid_on=today()
        )
        fund_income("100")


LISTS = [
    ("welfare:tekunsupport_list", {}),
    ("welfare:tekunsupport_list", {"export": "xlsx"}),
    ("welfare:housinggrant_list", {}),
    ("welfare:housinggrant_list", {"export": "xlsx"}),
    ("welfare:reliefcase_list", {}),
    ("welfare:reliefcase_list", {"export": "xlsx"}),
    ("welfare:fundincome_list", {}),
    ("welfare:fundincome_list", {"export": "xlsx"}),
    ("welfare:fund_statement", {}),
    ("welfare:fund_statement", {"export": "xlsx"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "query"), LISTS, ids=lambda v: str(v))
def test_new_lists_take_as_many_queries_at_any_size(officer_client, ehe, shenhu, name, query):
    url = reverse(name)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = officer_client.get(url, query)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured)

    _fill(2, [ehe, shenhu])
    small = queries()
    _fill(12, [ehe, shenhu])
    assert queries() == small, name
