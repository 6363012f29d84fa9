"""How the report tells events, cadre training (便民服务) and the e-commerce survey (就业创业):
the town's words, zero lines left out, and every new figure labelled in Chinese."""

import re

from reports.labels import figure_rows
from reports.narrative import employment_paragraph, services_paragraph

LEAD = "今年，全镇"


def services_figures(events=None, cadre_training=None, **changes):
    figures = {
        "services": {"by_charge": [], "consultations": 0},
        "volunteers": {"activities": 0, "hours": "0", "people": 0},
        "pairings": {"visits": 0, "pairs_visited": 0},
        "classes": {"sessions": 0, "attendances": 0},
        "projects": {"started": 0, "completed": 0, "funds": []},
        "events": events or events_figures(),
        "cadre_training": cadre_training or training_figures(),
    }
    return figures | changes


def events_figures(festival=0, sports=0, performance=0, **changes):
    figures = {
        "total": festival + sports + performance,
        "by_kind": [
            {"kind": "festival", "label": "文化艺术节", "count": festival},
            {"kind": "sports", "label": "运动会", "count": sports},
            {"kind": "performance", "label": "文艺演出", "count": performance},
        ],
        "participants": 0,
        "audience": 0,
        "teams": 0,
        "team_members": 0,
        "town_events_joined": 0,
    }
    return figures | changes


def training_figures(**changes):
    return {
        "trainings": 0,
        "by_kind": [],
        "attended": 0,
        "absent": 0,
        "class_hours": "0",
    } | changes


def test_the_culture_and_training_sentences_read_as_the_town_writes():
    figures = services_figures(
        events=events_figures(
            festival=1,
            sports=1,
            participants=3200,
            audience=12000,
            teams=16,
            team_members=245,
        ),
        cadre_training=training_figures(trainings=2, attended=86, absent=3),
    )
    assert services_paragraph(figures, LEAD) == (
        "今年，全镇举办社区文化艺术节1次、运动会1次，参与3 200人次，观众12 000人次，"
        "组织16支队伍、245人参赛参演。开展社区干部培训2期，培训86人次。"
    )


def test_zero_lines_are_left_out_of_the_culture_and_training_sentences():
    figures = services_figures(
        events=events_figures(performance=2, participants=60),
        cadre_training=training_figures(trainings=1),
    )
    assert services_paragraph(figures, LEAD) == (
        "今年，全镇举办文艺演出2场，参与60人次。开展社区干部培训1期。"
    )
    assert services_paragraph(services_figures(), LEAD) == ""


def test_a_community_tells_the_town_events_its_teams_took_part_in():
    figures = services_figures(
        events=events_figures(teams=2, team_members=24, town_events_joined=1),
    )
    assert services_paragraph(figures, "今年，额河社区") == (
        "今年，额河社区组织2支队伍、24人参赛参演（参加全镇文体活动1次）。"
    )


def test_culture_follows_the_service_centres_sentence():
    figures = services_figures(
        events=events_figures(festival=1),
        services={
            "by_charge": [{"charge": "free", "label": "无偿", "count": 120}],
            "consultations": 0,
        },
    )
    assert services_paragraph(figures, LEAD) == (
        "今年，全镇提供无偿服务120次。举办社区文化艺术节1次。"
    )


def ecommerce_figures(**changes):
    figures = {
        "surveys": 1,
        "businesses": 23,
        "operators": 21,
        "households": 5,
        "jobs": 31,
        "by_kind": [
            {"kind": "wechat", "label": "微商", "businesses": 15},
            {"kind": "shop", "label": "网店", "businesses": 4},
            {"kind": "live", "label": "直播", "businesses": 0},
            {"kind": "parcels", "label": "快递代办", "businesses": 4},
        ],
        "contestants": 6,
    }
    return figures | changes


def employment_figures(**changes):
    figures = {
        "town_wide": True,
        "fairs": 0,
        "enterprises": 0,
        "informed": 0,
        "placements": 0,
        "training_classes": 0,
        "trainees": 0,
        "transfers": [],
        "transferred": 0,
        "contest": {"entrants": 6, "finalists": 2, "prizes": 0, "names": ["微商创业大赛"]},
        "pension": {"contributors": 0, "amount": "0", "renewal_rate": None},
        "ecommerce": ecommerce_figures(),
    }
    return figures | changes


def test_the_ecommerce_survey_is_told_before_the_contest_it_feeds():
    assert employment_paragraph(employment_figures(), LEAD) == (
        "今年，全镇开展电子商务情况摸排统计，摸排出电商经营主体23个（微商15个、网店4个、"
        "快递代办点4个），带动就业31人。推荐6人参加微商创业大赛，2人入围决赛。"
    )


def test_no_ecommerce_sentence_without_businesses():
    figures = employment_figures(ecommerce=ecommerce_figures(businesses=0, jobs=0))
    assert "电子商务" not in employment_paragraph(figures, LEAD)
    # A report built before the survey existed has no e-commerce figures at all.
    figures.pop("ecommerce")
    assert "电子商务" not in employment_paragraph(figures, LEAD)


def test_every_new_figure_has_a_chinese_label_in_the_workbook():
    section = {
        "events": events_figures(festival=1),
        "cadre_training": training_figures(
            by_kind=[{"kind": "annual", "label": "年度培训", "trainings": 1}]
        ),
        "ecommerce": ecommerce_figures(),
    }
    labels = [label for label, _value, _format in figure_rows(section)]
    assert labels
    assert not [label for label in labels if re.search(r"[A-Za-z]", label)]
