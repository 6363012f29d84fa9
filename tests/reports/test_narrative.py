"""Each formatting rule of the narrative, as a pure function."""

from decimal import Decimal

import pytest

from burqin.numbers import (
    format_card,
    format_count,
    format_money,
    format_quantity,
    format_yuan,
)
from reports.narrative import period_label, welfare_paragraph


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1818800", "181.88万元"),
        ("171210", "17.12万元"),
        ("10000", "1.00万元"),
        ("9999", "9 999元"),
        ("5460", "5 460元"),
        ("3000", "3 000元"),
        ("8700.5", "8 700.50元"),
        ("1818849.99", "181.88万元"),
        ("1818850", "181.89万元"),  # half up
    ],
)
def test_money_in_wan_from_ten_thousand_yuan(amount, text):
    assert format_money(Decimal(amount)) == text


def test_a_program_may_write_its_money_in_yuan():
    assert format_money(Decimal("33800"), "yuan") == "33 800元"
    assert format_money(Decimal("1234567.5"), "yuan") == "1 234 567.50元"


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (2754, "2 754"),
        (11414, "11 414"),
        (737, "737"),
        (1234567, "1 234 567"),
        (0, "0"),
    ],
)
def test_counts_of_four_digits_take_a_space_every_three(count, text):
    # The town's own paragraph groups with an ordinary space (U+0020), character for character.
    assert format_count(count) == text


def test_in_kind_in_the_programs_unit():
    assert format_quantity(Decimal("83.000"), "tonne") == "83吨"
    assert format_quantity(Decimal("900"), "bag") == "900袋"
    assert format_quantity(Decimal("1.5"), "tonne") == "1.5吨"
    assert format_quantity(Decimal("1200.000"), "item") == "1 200件"


def test_pages_write_yuan_with_commas_and_cards_in_wan():
    assert format_yuan(Decimal("122540")) == "122,540.00 元"
    assert format_yuan("0", unit=False) == "0.00"
    assert format_card(Decimal("122540")) == "12.25万元"


def test_period_labels():
    assert period_label("2026-05") == "2026年5月"
    assert period_label("2026-H1") == "2026年上半年"
    assert period_label("2026-H2") == "2026年下半年"
    assert period_label("2026") == "2026年"


def row(program, amount="0", count=0, quantity=None, unit="yuan", **extra):
    return {
        "program": program,
        "name": program,
        "unit": unit,
        "payments": count,
        "amount": amount,
        "quantity": quantity,
        "count": count,
        "counting_rule": "household_payments",
        "count_word": "户",
        "phrase": "为{count}发放低保金{amount}",
        "community_phrase": "",
        "money_style": "wan",
        "sentence": 1,
        "to_communities": 0,
        **extra,
    }


def test_programs_are_told_sentence_by_sentence_with_their_phrases():
    rows = [
        row("dibao_urban", "1818800", 2754),
        row(
            "orphan",
            "22400",
            11,
            count_word="名",
            phrase="为{count}孤儿发放生活补助及补贴共{amount}",
        ),
        row("dibao_rural", "22300", 200, phrase="发放农村低保资金{amount}", sentence=2),
        row("tibiao_rural", "5460", 300, phrase="发放提标资金{amount}", sentence=2),
        row("flour", "0", 450, "900", "bag", phrase="发放面粉{quantity}", sentence=3),
        row(
            "disability_fuel",
            "33800",
            130,
            count_word="名",
            phrase="为{count}贫困残疾人发放机动轮椅车燃油补贴资金{amount}",
            money_style="yuan",
            sentence=4,
        ),
        row(
            "rehab_equipment",
            "0",
            11,
            "40",
            "item",
            phrase="为{count}残疾人赠送无障碍康复器材",
            community_phrase="为{communities}配备残疾人康复器材",
            to_communities=3,
            sentence=5,
        ),
    ]
    assert welfare_paragraph(rows, "今年上半年，全镇") == (
        "今年上半年，全镇为2 754户发放低保金181.88万元，为11名孤儿发放生活补助及补贴共2.24万元。"
        "发放农村低保资金2.23万元，发放提标资金5 460元。发放面粉900袋。"
        "为130名贫困残疾人发放机动轮椅车燃油补贴资金33 800元。"
        "为3个社区(村)配备残疾人康复器材，为11户残疾人赠送无障碍康复器材。"
    )


def test_zero_lines_are_left_out():
    rows = [
        row("dibao_urban", "1000", 2),
        row("emergency_aid"),
        row("flour", "0", 0, "0", "bag", phrase="发放面粉{quantity}", sentence=3),
        row("dibao_rural", "0", 0, phrase="发放农村低保资金{amount}", sentence=2),
    ]
    assert (
        welfare_paragraph(rows, "2026年5月，额河社区")
        == "2026年5月，额河社区为2户发放低保金1 000元。"
    )


def test_a_program_without_a_counting_rule_is_not_given_a_wrong_number():
    rows = [row("dibao_urban", "1000", None, counting_rule=None)]
    assert welfare_paragraph(rows, "x") == ""
    rows = [row("new", "1000", None, counting_rule=None, phrase="")]
    assert welfare_paragraph(rows, "x") == "x发放new1 000元。"


def test_nothing_to_tell_gives_no_paragraph():
    assert welfare_paragraph([row("dibao_urban")], "2026年5月，额河社区") == ""


def employment_figures(**changes):
    figures = {
        "town_wide": True,
        "fairs": 6,
        "fairs_attended": 6,
        "enterprises": 153,
        "attendees": 600,
        "informed": 521,
        "placements": 112,
        "training_classes": 6,
        "training_subjects": ["工艺编结", "驾驶员等级资格", "西式面点", "创业培训"],
        "trainees": 256,
        "transferred": 332,
        "transfers": [
            {"community": "qieketai", "name": "切克台村", "transferred": 332, "surplus": 332}
        ],
        "contest": {"entrants": 11, "finalists": 8, "prizes": 3, "names": ["创业大赛"]},
        "pension": {"contributors": 104, "amount": "60900.00", "renewal_rate": "100.0"},
    }
    return figures | changes


def test_the_employment_paragraph_reads_like_the_towns_own():
    from reports.narrative import employment_paragraph

    text = employment_paragraph(employment_figures(), "今年上半年，全镇")
    assert text == (
        "今年上半年，全镇开办工艺编结、驾驶员等级资格、西式面点、创业等各类培训班6期、256人。"
        "推荐11人参加创业大赛，8人入围决赛，获奖3项。"
        "举办6场企业用工招聘会，吸引153家中小微企业参与招聘会，为521人提供就业信息，"
        "成功解决就业岗位112人。"
        "切克台村332名农村富余劳动力全部转移就业。"
        "收取城乡居民养老保险104人、6.09万元，续保率百分之百。"
    )
    empty = employment_figures(
        fairs=0,
        informed=0,
        placements=0,
        training_classes=0,
        transferred=0,
        transfers=[],
        contest={"entrants": 0, "finalists": 0, "prizes": 0},
        pension={"contributors": 0, "amount": "0", "renewal_rate": None},
    )
    assert employment_paragraph(empty, "x") == ""


def test_a_community_tells_its_peoples_attendance_not_the_towns_fairs():
    from reports.narrative import employment_paragraph

    figures = employment_figures(
        town_wide=False,
        fairs=0,
        enterprises=0,
        attendees=40,
        fairs_attended=2,
        informed=35,
        placements=9,
        training_classes=2,
        training_subjects=["西式面点"],
        trainees=18,
        transfers=[{"community": "q", "name": "切克台村", "transferred": 300, "surplus": 332}],
        contest={"entrants": 0, "finalists": 0, "prizes": 0, "names": []},
        pension={"contributors": 12, "amount": "6000", "renewal_rate": "92.3"},
    )
    text = employment_paragraph(figures, "今年上半年，切克台村")
    assert "举办" not in text and "中小微企业" not in text
    assert text == (
        "今年上半年，切克台村18人参加西式面点培训班2期。"
        "组织40人参加全镇2场企业用工招聘会，为35人提供就业信息，成功解决就业岗位9人。"
        "切克台村332名农村富余劳动力中300名转移就业。"
        "收取城乡居民养老保险12人、6 000元，续保率92.3%。"
    )


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
    assert "安排五位一体值班1 488班次，按规定配齐人员1 480班次（99.5%）" in text
    assert "开展巡逻240次" in text
    assert "处置各类事件34起，其中现场化解30起、上报4起" in text
    assert duty_paragraph({**figures, "shifts": 0}, "x") == ""
