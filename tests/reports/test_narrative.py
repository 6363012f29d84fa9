"""Each formatting rule of the narrative, as a pure function."""

from decimal import Decimal

import pytest

from reports.narrative import (
    THIN_SPACE,
    format_count,
    format_money,
    format_quantity,
    period_label,
    welfare_paragraph,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1818800", "181.88万元"),
        ("171210", "17.12万元"),
        ("10000", "1.00万元"),
        ("9999", "9999元"),
        ("8700.5", "8700.50元"),
        ("1818849.99", "181.88万元"),
        ("1818850", "181.89万元"),  # half up
    ],
)
def test_money_in_wan_from_ten_thousand_yuan(amount, text):
    assert format_money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (2754, f"2{THIN_SPACE}754"),
        (11414, f"11{THIN_SPACE}414"),
        (737, "737"),
        (1234567, f"1{THIN_SPACE}234{THIN_SPACE}567"),
        (0, "0"),
    ],
)
def test_counts_of_four_digits_take_a_thin_space_every_three(count, text):
    assert format_count(count) == text


def test_in_kind_in_the_programs_unit():
    assert format_quantity(Decimal("83.000"), "tonne") == "83吨"
    assert format_quantity(Decimal("900"), "bag") == "900袋"
    assert format_quantity(Decimal("1.5"), "tonne") == "1.5吨"


def test_period_labels():
    assert period_label("2026-05") == "2026年5月"
    assert period_label("2026-H1") == "2026年上半年"
    assert period_label("2026-H2") == "2026年下半年"
    assert period_label("2026") == "2026年"


def row(
    program, unit="yuan", beneficiaries=0, payments=0, person_times=0, amount="0", quantity=None
):
    return {
        "program": program,
        "name": program,
        "unit": unit,
        "beneficiaries": beneficiaries,
        "payments": payments,
        "person_times": person_times,
        "amount": amount,
        "quantity": quantity,
    }


def test_the_paragraph_reads_like_the_towns_own():
    rows = [
        row("dibao_urban", beneficiaries=400, payments=2000, person_times=4500, amount="1500000"),
        row("dibao_rural", beneficiaries=100, payments=754, person_times=1800, amount="318800"),
        row(
            "tibiao_urban", beneficiaries=1900, payments=11414, person_times=11414, amount="171210"
        ),
        row("coal_urban", beneficiaries=700, payments=737, person_times=2000, amount="221100"),
        row("four_categories_urban", beneficiaries=4243, payments=25000, amount="2500000"),
        row("orphan", beneficiaries=11, payments=66, amount="93720"),
        row("disability_fuel", beneficiaries=130, payments=130, amount="33800"),
        row(
            "coal_in_kind",
            unit="tonne",
            beneficiaries=83,
            payments=83,
            amount="0",
            quantity="83.000",
        ),
        row("flour", unit="bag", beneficiaries=450, payments=450, amount="0", quantity="900"),
        row("emergency_aid"),
    ]
    text = welfare_paragraph(rows, "今年上半年，全镇")
    assert text.startswith(f"今年上半年，全镇为2{THIN_SPACE}754户发放低保金181.88万元，")
    assert f"为11{THIN_SPACE}414人次发放提标资金17.12万元" in text
    assert "为737户发放燃煤补贴22.11万元" in text
    assert f"为4{THIN_SPACE}243人发放四类人员生活补贴250.00万元" in text
    assert "为11名孤儿发放基本生活费9.37万元" in text
    assert "为130名残疾人发放机动轮椅车燃油补贴3.38万元" in text
    assert text.endswith("发放燃煤83吨、面粉900袋。")
    assert "临时救助" not in text  # zero lines are left out


def test_nothing_to_tell_gives_no_paragraph():
    assert welfare_paragraph([row("dibao_urban")], "2026年5月，额河社区") == ""


def test_the_employment_paragraph_reads_like_the_towns_own():
    from reports.narrative import employment_paragraph

    figures = {
        "fairs": 6,
        "enterprises": 153,
        "informed": 521,
        "placements": 112,
        "training_classes": 6,
        "trainees": 256,
        "transferred": 332,
        "contest": {"entrants": 11, "finalists": 8, "prizes": 3},
        "pension": {"contributors": 104, "amount": "60900.00", "renewal_rate": "100.0"},
    }
    text = employment_paragraph(figures, "今年上半年，全镇")
    assert text.startswith(
        "今年上半年，全镇举办6场企业用工招聘会，吸引153家中小微企业参与招聘会，"
        "为521人提供就业信息，成功解决就业岗位112人"
    )
    assert "推荐11人参加创业大赛，8人入围决赛，获奖3项" in text
    assert "为104人办理城乡居民养老保险缴费6.09万元，续保率100.0%" in text
    empty = {
        **figures,
        "fairs": 0,
        "informed": 0,
        "placements": 0,
        "training_classes": 0,
        "transferred": 0,
        "contest": {"entrants": 0, "finalists": 0, "prizes": 0},
        "pension": {"contributors": 0, "amount": "0", "renewal_rate": None},
    }
    assert employment_paragraph(empty, "x") == ""


def test_the_duty_paragraph_tells_coverage_patrols_and_incidents():
    from reports.narrative import duty_paragraph

    figures = {
        "shifts": 1488,
        "shifts_covered": 1480,
        "coverage_percent": 99.5,
        "patrols": 240,
        "incidents": [
            {"kind": "dispute", "outcome": "handled", "count": 30},
            {"kind": "safety", "outcome": "escalated", "count": 4},
        ],
    }
    text = duty_paragraph(figures, "今年上半年，全镇")
    assert (
        f"安排五位一体值班1{THIN_SPACE}488班次，按规定配齐人员1{THIN_SPACE}480班次（99.5%）" in text
    )
    assert "开展巡逻240次" in text
    assert "处置各类事件34起，其中现场化解30起、上报4起" in text
    assert duty_paragraph({**figures, "shifts": 0}, "x") == ""
