"""Chinese names for the keys of a report's data, so that no key (``by_charge``,
``coverage_percent``) reaches a sheet or a page.

``figure_rows`` turns a section (employment, services, duty: nested dicts and lists) into rows of
(指标, 数值, number format) for the XLSX. A key missing from ``KEY_LABELS`` is printed as it is;
tests/reports/test_outputs.py builds every section and fails on any Latin letter in a sheet, so a
new key in a summary needs its label here.
"""

from decimal import Decimal

from burqin.spreadsheets import COUNT, MONEY, QUANTITY, RATE

SECTION_TITLES = {
    "employment": "就业创业",
    "services": "便民服务",
    "duty": "平安值班",
}

KEY_LABELS = {
    # employment
    "fairs": "招聘会（场）",
    "fairs_attended": "参加招聘会（场）",
    "enterprises": "参会企业（家）",
    "training_classes": "培训班（期）",
    "training_subjects": "培训项目",
    "attendees": "参会求职人数",
    "informed": "提供就业信息人数",
    "referred": "推荐就业人数",
    "placements": "成功就业人数",
    "trainees": "培训人数",
    "transferred": "转移就业人数",
    "transfers": "劳动力转移",
    "surplus": "富余劳动力人数",
    "contest": "技能竞赛",
    "names": "名称",
    "entrants": "参赛人数",
    "finalists": "进入决赛人数",
    "prizes": "获奖人数",
    "pension": "城乡居民养老保险",
    "contributors": "缴费人数",
    "renewed": "续保人数",
    "last_year": "上年缴费人数",
    "renewal_rate": "续保率",
    "by_community": "分社区",
    "town_wide": "全镇",
    # services
    "services": "便民服务",
    "total": "合计",
    "fees": "收费（元）",
    "by_charge": "按收费方式",
    "by_category": "按服务类别",
    "consultations": "咨询（次）",
    "count": "次数",
    "volunteers": "志愿服务",
    "activities": "活动（次）",
    "hours": "服务时长（小时）",
    "people": "参与人数",
    "pairings": "结对帮扶",
    "visits": "走访（次）",
    "pairs_visited": "走访结对（对）",
    "classes": "兴趣班",
    "sessions": "开课（次）",
    "attendances": "参加（人次）",
    "projects": "小区改造项目",
    "started": "开工（个）",
    "completed": "竣工（个）",
    "funds": "资金",
    "centre": "镇社区服务中心",
    "works": "改造工程",
    "lead_agency": "牵头单位",
    "compounds": "小区",
    "compound_count": "小区（个）",
    "allocated": "下达资金（元）",
    "received": "到位资金（元）",
    # events and cadre training (community services)
    "events": "文体活动",
    "by_kind": "按类别",
    "participants": "参与（人次）",
    "audience": "观众（人次）",
    "teams": "参赛参演队伍（支）",
    "team_members": "队员人数",
    "town_events_joined": "参加全镇文体活动（次）",
    "cadre_training": "社区干部培训",
    "trainings": "培训班（期）",
    "attended": "参训（人次）",
    "absent": "缺训（人次）",
    "class_hours": "培训学时（人·小时）",
    # e-commerce survey (employment)
    "ecommerce": "电子商务情况摸排",
    "surveys": "摸排（轮）",
    "businesses": "电商经营主体（个）",
    "operators": "经营人数",
    "households": "家庭经营（户）",
    "jobs": "带动就业（人）",
    "contestants": "参加创业大赛人数",
    # duty
    "shifts": "排班（班次）",
    "shifts_covered": "满足值守要求（班次）",
    "coverage_percent": "值守达标率",
    "patrols": "巡逻（次）",
    "incidents": "事件",
    # shared
    "amount": "金额（元）",
    "months": "月数",
    "communities": "社区（村）数",
}

# Keys that name the item of a list (its label is printed instead) and are not figures.
ITEM_KEYS = ("label", "name", "category", "community", "charge", "source", "kind", "outcome")
MONEY_KEYS = {"fees", "amount", "allocated", "received"}
# Percentages kept as numbers of percent (85.3): stored as fractions with the 0.0% format.
RATE_KEYS = {"coverage_percent", "renewal_rate"}


def key_label(key: str) -> str:
    return KEY_LABELS.get(key, key)


def _item_label(item: dict, index: int) -> str:
    from duty_roster.models import Incident

    if "kind" in item and "outcome" in item:
        kind = dict(Incident.Kind.choices).get(item["kind"], item["kind"])
        outcome = dict(Incident.Outcome.choices).get(item["outcome"], item["outcome"])
        return f"{kind}（{outcome}）"
    for key in ("label", "name", "category"):
        if item.get(key):
            return str(item[key])
    return str(index + 1)


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return None


def figure_rows(section, path: tuple[str, ...] = (), key: str = ""):
    """Rows ``(label, value, number format)``: nested figures flattened, labels joined by “·”."""
    if isinstance(section, dict):
        for child, value in section.items():
            if child in ITEM_KEYS and path:
                continue
            yield from figure_rows(value, (*path, key_label(child)), child)
        return
    label = " · ".join(path)
    if isinstance(section, list):
        if all(isinstance(item, str) for item in section):
            yield label, "、".join(section), None
            return
        for index, item in enumerate(section):
            name = _item_label(item, index) if isinstance(item, dict) else str(index + 1)
            yield from figure_rows(item, (*path, name), key)
        return
    number = _number(section)
    if number is None:
        yield label, section if section is not None else "—", None
    elif key in RATE_KEYS:
        yield label, Decimal(number) / 100, RATE
    elif key in MONEY_KEYS:
        yield label, number, MONEY
    elif number != int(number):
        yield label, number, QUANTITY
    else:
        yield label, number, COUNT
