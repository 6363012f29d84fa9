"""入户调查 and the means test (家庭经济状况核对), and the 调标 it proposes after approval."""

import datetime
import struct
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import (
    EnrollmentFactory,
    MemberIncomeFactory,
    household_with_members,
    program,
    staff_of,
    today,
)
from welfare import services
from welfare.means_test import Asset, Income, means_test
from welfare.models import (
    AmountChangeProposal,
    Enrollment,
    HomeVisit,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
    Program,
    Standard,
)


def png(width=640, height=480) -> bytes:
    """The start of a PNG whose header declares ``width`` × ``height`` pixels."""
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    )


@pytest.fixture
def standard_700(db):
    """The 低保 standard in force today is 700 yuan a month."""
    return Standard.objects.create(
        program=program("dibao_urban"), effective_from=today().replace(day=1), amount=Decimal("700")
    )


@pytest.fixture
def applied(ehe, standard_700):
    """An application of a household of three, not yet reviewed."""
    head = household_with_members(ehe, 3).head
    return EnrollmentFactory(
        resident=head,
        persons_covered=3,
        status=Enrollment.Status.APPLIED,
        monthly_income_per_capita=Decimal("0"),
        started_on=None,
    )


@pytest.fixture
def active(ehe, standard_700):
    """An approved (active) enrollment of a household of three: no income, 700 × 3 = 2100."""
    head = household_with_members(ehe, 3).head
    return EnrollmentFactory(
        resident=head, persons_covered=3, monthly_income_per_capita=Decimal("0")
    )


def members(enrollment):
    return list(enrollment.household.members.order_by("pk"))


def add_income(client, enrollment, resident, kind, amount, period="monthly"):
    return client.post(
        reverse("welfare:enrollment_income_add", args=[enrollment.pk]),
        {"resident": resident.pk, "kind": kind, "amount": amount, "period": period, "note": ""},
    )


# The computation -------------------------------------------------------------------------------


def test_the_proposed_amount_equals_the_hand_computation():
    dibao = Program(computation=Program.Computation.MEANS_TESTED)
    standard = Standard(amount=Decimal("700"))
    family = [type("Member", (), {"pk": pk, "name": name}) for pk, name in enumerate("甲乙丙")]
    result = means_test(
        program=dibao,
        standard=standard,
        members=family,
        incomes=[
            Income(0, MemberIncome.Kind.WAGES, Decimal("1200"), MemberIncome.Period.MONTHLY),
            Income(1, MemberIncome.Kind.PENSION, Decimal("6000"), MemberIncome.Period.YEARLY),
        ],
        assets=[],
        persons=3,
    )
    # By hand: 1,200 + 6,000 / 12 = 1,700 a month for 3 people → 566.67 per capita (to the
    # fen); (700 − 566.67) × 3 = 399.99 → 400 yuan (to the yuan, half up).
    total = Decimal("1200") + Decimal("6000") / 12
    per_capita = (total / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    amount = ((Decimal("700") - per_capita) * 3).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    assert per_capita == Decimal("566.67")
    assert amount == Decimal("400")
    assert result.total == total == Decimal("1700")
    assert result.per_capita == per_capita
    assert result.difference == Decimal("133.33")
    assert result.amount == amount
    assert result.eligible


@settings(max_examples=200, deadline=None)
@given(
    incomes=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=3),
            st.sampled_from(MemberIncome.Kind.values),
            st.decimals(min_value=0, max_value=100_000, places=2),
            st.sampled_from(MemberIncome.Period.values),
        ),
        max_size=8,
    ),
    size=st.integers(min_value=1, max_value=4),
    persons=st.integers(min_value=1, max_value=6),
    standard=st.decimals(min_value=0, max_value=5_000, places=2),
)
def test_the_amount_is_never_negative_and_zero_once_income_reaches_the_standard(
    incomes, size, persons, standard
):
    family = [type("Member", (), {"pk": pk, "name": str(pk)}) for pk in range(size)]
    result = means_test(
        program=Program(computation=Program.Computation.MEANS_TESTED),
        standard=Standard(amount=standard),
        members=family,
        incomes=[Income(*row) for row in incomes],
        assets=[],
        persons=persons,
    )
    assert result.amount >= 0
    if result.per_capita >= standard:
        assert result.amount == 0
        assert not result.eligible
    else:
        assert result.amount == ((standard - result.per_capita) * persons).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
    # Incomes of people outside the household (pk ≥ size) are not counted.
    counted = [Income(*row) for row in incomes if row[0] < size]
    assert result.total == sum((i.monthly for i in counted), Decimal("0"))


@pytest.mark.django_db
def test_deposits_and_vehicles_beyond_the_programs_limits_make_the_household_ineligible():
    dibao = program("dibao_urban")  # 8,160 per member, no car (the catalogue's limits)
    family = [type("Member", (), {"pk": pk, "name": str(pk)}) for pk in range(2)]
    result = means_test(
        program=dibao,
        standard=Standard(amount=Decimal("680")),
        members=family,
        incomes=[],
        assets=[
            Asset(0, MemberAsset.Kind.DEPOSIT, Decimal("20000")),
            Asset(1, MemberAsset.Kind.VEHICLE, Decimal("30000")),
        ],
        persons=2,
    )
    assert result.deposits_per_capita == Decimal("10000.00")
    assert not result.eligible
    assert len(result.reasons) == 2
    assert result.amount == Decimal("1360")  # the amount is still proposed; the officer decides


# The pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_record_incomes_and_the_enrollment_follows_the_means_test(staff_client, applied):
    head, spouse, _child = members(applied)
    assert add_income(staff_client, applied, head, "wages", "1200").status_code == 302
    assert add_income(staff_client, applied, spouse, "pension", "6000", "yearly").status_code == 302
    applied.refresh_from_db()
    assert applied.monthly_income_per_capita == Decimal("566.67")
    page = staff_client.get(reverse("welfare:enrollment_means_test", args=[applied.pk]))
    test = page.context["means_test"]
    assert (test.per_capita, test.amount, test.household_size) == (
        Decimal("566.67"),
        Decimal("400"),
        3,
    )
    detail = staff_client.get(applied.get_absolute_url()).content.decode()
    for figure in ("1,200.00", "500.00", "700.00", "133.33"):
        assert figure in detail
    assert 'data-testid="means-total">1,700.00<' in detail
    assert 'data-testid="means-per-capita">566.67<' in detail
    assert 'data-testid="means-amount"><strong>400.00<' in detail
    assert applied.history.first().history_user.username == "staff_ehe"


@pytest.mark.django_db
def test_staff_edit_and_remove_an_income(staff_client, applied):
    head = members(applied)[0]
    add_income(staff_client, applied, head, "wages", "900")
    income = MemberIncome.objects.get()
    means_page = reverse("welfare:enrollment_means_test", args=[applied.pk])
    response = staff_client.post(
        reverse("welfare:memberincome_edit", args=[income.pk]),
        {"kind": "business", "amount": "1500", "period": "monthly", "note": "", "next": means_page},
    )
    assert response.status_code == 302 and response["Location"] == means_page
    applied.refresh_from_db()
    assert applied.monthly_income_per_capita == Decimal("500.00")
    staff_client.post(reverse("welfare:memberincome_delete", args=[income.pk]))
    applied.refresh_from_db()
    assert not MemberIncome.objects.exists()
    assert applied.monthly_income_per_capita == Decimal("0.00")


@pytest.mark.django_db
def test_an_asset_is_recorded_and_counts_against_the_limits(staff_client, applied):
    head = members(applied)[0]
    response = staff_client.post(
        reverse("welfare:enrollment_asset_add", args=[applied.pk]),
        {"resident": head.pk, "kind": "vehicle", "value": "45000", "note": "新A12345"},
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("welfare:enrollment_means_test", args=[applied.pk]))
    assert page.context["means_test"].vehicles == 1
    assert not page.context["means_test"].eligible


@pytest.mark.django_db
def test_an_income_of_someone_outside_the_household_is_refused(staff_client, applied, ehe):
    stranger = household_with_members(ehe, 1).head
    add_income(staff_client, applied, stranger, "wages", "5000")
    assert not MemberIncome.objects.exists()


@pytest.mark.django_db
def test_staff_of_another_community_get_404(client, applied, shenhu):
    client.force_login(staff_of(shenhu))
    head = members(applied)[0]
    income = MemberIncomeFactory(resident=head)
    assert (
        client.get(reverse("welfare:enrollment_means_test", args=[applied.pk])).status_code == 404
    )
    assert add_income(client, applied, head, "wages", "100").status_code == 404
    edit = reverse("welfare:memberincome_edit", args=[income.pk])
    assert client.get(edit).status_code == 404
    assert client.post(reverse("welfare:memberincome_delete", args=[income.pk])).status_code == 404
    assert MemberIncome.objects.count() == 1


@pytest.mark.django_db
def test_the_town_official_reads_but_cannot_write(official_client, applied):
    head = members(applied)[0]
    income = MemberIncomeFactory(resident=head)
    url = reverse("welfare:enrollment_means_test", args=[applied.pk])
    assert official_client.get(url).status_code == 200
    assert add_income(official_client, applied, head, "wages", "100").status_code == 403
    edit = reverse("welfare:memberincome_edit", args=[income.pk])
    assert official_client.post(edit, {"kind": "wages", "amount": "1"}).status_code == 403
    visit = reverse("welfare:enrollment_homevisit_add", args=[applied.pk])
    assert official_client.post(visit, {"visitors": "甲、乙"}).status_code == 403
    assert MemberIncome.objects.get().amount == Decimal("1200")


@pytest.mark.django_db
def test_an_anonymous_visitor_goes_to_the_login_page(client, applied):
    response = client.get(reverse("welfare:enrollment_means_test", args=[applied.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Home visits and their photos -----------------------------------------------------------------


def record_visit(client, enrollment, visitors):
    return client.post(
        reverse("welfare:enrollment_homevisit_add", args=[enrollment.pk]),
        {
            "visited_on": today().isoformat(),
            "visitors": visitors,
            "findings": "住房为单位旧楼，家中无贵重物品。",
        },
    )


@pytest.mark.django_db
def test_a_home_visit_needs_two_visitors(staff_client, applied):
    record_visit(staff_client, applied, "王芳")
    assert not HomeVisit.objects.exists()
    record_visit(staff_client, applied, "王芳、阿依古丽")
    visit = HomeVisit.objects.get()
    assert visit.visitors == "王芳、阿依古丽"
    assert visit.recorded_by.username == "staff_ehe"


@pytest.mark.django_db
def test_a_home_visit_cannot_be_dated_in_the_future(staff, applied):
    with pytest.raises(services.TransitionError):
        services.home_visit_record(
            user=staff,
            enrollment=applied,
            visited_on=today() + datetime.timedelta(days=1),
            visitors=["王芳", "阿依古丽"],
            findings="情况属实",
        )


@pytest.fixture
def visit(staff_client, applied, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""
    record_visit(staff_client, applied, "王芳、阿依古丽")
    return HomeVisit.objects.get()


def add_photo(client, visit, name, content):
    return client.post(
        reverse("welfare:homevisit_photo_add", args=[visit.pk]),
        {"file": SimpleUploadedFile(name, content), "caption": "厨房"},
    )


@pytest.mark.django_db
def test_a_photo_is_private_and_stored_under_a_random_name(staff_client, visit, client, shenhu):
    add_photo(staff_client, visit, "张三家厨房.png", png())
    photo = HomeVisitPhoto.objects.get()
    assert photo.file.name.startswith("home_visits/") and "张三" not in photo.file.name
    url = photo.get_absolute_url()
    page = staff_client.get(reverse("welfare:enrollment_means_test", args=[visit.enrollment_id]))
    assert f'src="{url}"' in page.content.decode()
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]
    anonymous = Client()
    assert anonymous.get(url).status_code == 302
    client.force_login(staff_of(shenhu))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"%PDF-1.4 not a photo"),
        ("fake.jpg", b"<html>not a photo"),
        ("huge.png", png(10_000, 10_000)),  # 100 million pixels
    ],
)
def test_only_reasonable_jpg_and_png_photos_are_kept(staff_client, visit, name, content):
    add_photo(staff_client, visit, name, content)
    assert not HomeVisitPhoto.objects.exists()


# 调标 after approval ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_change_after_approval_proposes_a_new_amount_and_confirming_applies_it(
    staff_client, officer_client, active
):
    head = members(active)[0]
    add_income(staff_client, active, head, "wages", "900")
    active.refresh_from_db()
    # Nothing changes before the officer decides: still 700 × 3.
    assert active.monthly_income_per_capita == Decimal("0")
    assert active.computation(today())["amount"] == Decimal("2100")
    proposal = AmountChangeProposal.objects.get()
    assert proposal.status == AmountChangeProposal.Status.PENDING
    # 900 / 3 = 300 per capita; (700 − 300) × 3 = 1,200.
    assert (proposal.old_amount, proposal.new_amount) == (Decimal("2100"), Decimal("1200"))
    assert proposal.new_income_per_capita == Decimal("300")
    assert proposal.created_by.username == "staff_ehe"

    pending = officer_client.get(reverse("welfare:amountchangeproposal_list"))
    assert list(pending.context["page"]) == [proposal]
    response = officer_client.post(
        reverse("welfare:amountchangeproposal_decide", args=[proposal.pk]),
        {"decision": "confirm", "note": "核实无误"},
    )
    assert response.status_code == 302
    active.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.status == AmountChangeProposal.Status.CONFIRMED
    assert proposal.decided_by.username == "minzheng_test"
    assert active.monthly_income_per_capita == Decimal("300")
    assert active.computation(today())["amount"] == Decimal("1200")
    incomes = [h.monthly_income_per_capita for h in active.history.order_by("history_id")]
    assert incomes[-2:] == [Decimal("0"), Decimal("300")]
    assert active.history.first().history_user.username == "minzheng_test"
    assert "1200" in active.history.first().history_change_reason
    assert not officer_client.get(reverse("welfare:amountchangeproposal_list")).context["page"]


@pytest.mark.django_db
def test_a_rejected_change_keeps_the_amount_and_needs_a_reason(
    staff_client, officer_client, active
):
    add_income(staff_client, active, members(active)[0], "wages", "900")
    proposal = AmountChangeProposal.objects.get()
    decide = reverse("welfare:amountchangeproposal_decide", args=[proposal.pk])
    officer_client.post(decide, {"decision": "reject", "note": ""})
    proposal.refresh_from_db()
    assert proposal.status == AmountChangeProposal.Status.PENDING
    officer_client.post(decide, {"decision": "reject", "note": "工资为临时性收入"})
    proposal.refresh_from_db()
    active.refresh_from_db()
    assert proposal.status == AmountChangeProposal.Status.REJECTED
    assert active.monthly_income_per_capita == Decimal("0")


@pytest.mark.django_db
def test_a_further_change_updates_the_pending_proposal_and_a_change_back_withdraws_it(
    staff_client, active
):
    head = members(active)[0]
    add_income(staff_client, active, head, "wages", "900")
    income = MemberIncome.objects.get()
    staff_client.post(
        reverse("welfare:memberincome_edit", args=[income.pk]),
        {"kind": "wages", "amount": "1500", "period": "monthly", "note": ""},
    )
    proposal = AmountChangeProposal.objects.get()
    assert proposal.new_amount == Decimal("600")  # (700 − 500) × 3
    staff_client.post(reverse("welfare:memberincome_delete", args=[income.pk]))
    proposal.refresh_from_db()
    assert proposal.status == AmountChangeProposal.Status.WITHDRAWN
    assert AmountChangeProposal.objects.count() == 1


@pytest.mark.django_db
def test_community_staff_cannot_confirm_a_change(staff_client, active):
    add_income(staff_client, active, members(active)[0], "wages", "900")
    proposal = AmountChangeProposal.objects.get()
    response = staff_client.post(
        reverse("welfare:amountchangeproposal_decide", args=[proposal.pk]),
        {"decision": "confirm"},
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == AmountChangeProposal.Status.PENDING


@pytest.mark.django_db
def test_the_confirmed_amount_is_what_the_next_batch_pays(staff_client, officer, active):
    add_income(staff_client, active, members(active)[0], "wages", "900")
    services.amount_change_confirm(user=officer, proposal=AmountChangeProposal.objects.get())
    batch = services.batch_generate(user=officer, program=active.program, period=today())
    assert batch.disbursements.get(enrollment=active).amount == Decimal("1200")


@pytest.mark.django_db
def test_a_member_who_died_no_longer_counts(staff_client, applied):
    head, spouse, child = members(applied)
    add_income(staff_client, applied, head, "wages", "1200")
    child.deceased_on = today()
    child.save()
    page = staff_client.get(reverse("welfare:enrollment_means_test", args=[applied.pk]))
    test = page.context["means_test"]
    assert test.household_size == 2
    assert test.per_capita == Decimal("600.00")
