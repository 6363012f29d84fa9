"""The Chinese narrative of a report, in the town's own style.

Rules (each has a test in tests/reports/test_narrative.py):
- money of 10,000 元 or more in 万元 with two decimals (1,818,800 → 181.88万元), less in 元;
- counts of four or more digits with a thin space every three digits (2754 → 2 754);
- household programs counted in 户 (payments), person programs in 人 or 名 (distinct people),
  提标 in 人次, in-kind in the program's unit (83吨, 900袋);
- lines whose figure is zero are left out.
"""

from decimal import ROUND_HALF_UP, Decimal

THIN_SPACE = "\u2009"
UNITS = {"tonne": "吨", "bag": "袋", "item": "件", "yuan": "元"}

# Program code prefix → (what is paid, how beneficiaries are named). Urban and rural programs
# of one kind are told together, as the town does.
PHRASES = [
    ("dibao", "低保金", "户"),
    ("tibiao", "提标资金", "人次"),
    ("coal_in_kind", "燃煤", None),
    ("coal", "燃煤补贴", "户"),
    ("four_categories", "四类人员生活补贴", "人"),
    ("orphan", "基本生活费", "名孤儿"),
    ("disability_fuel", "机动轮椅车燃油补贴", "名残疾人"),
    ("rehab_equipment", "康复辅具", None),
    ("flour", "面粉", None),
    ("emergency_aid", "临时救助金", "户"),
]


def format_count(value) -> str:
    """2754 → '2 754' (thin space); three digits or fewer unchanged."""
    text = str(int(value))
    negative = text.startswith("-")
    digits = text.lstrip("-")
    if len(digits) < 4:
        return text
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("-" if negative else "") + THIN_SPACE.join(groups)


def format_money(amount) -> str:
    """1818800 → '181.88万元'; 8700 → '8700元'; 8700.5 → '8700.50元'."""
    amount = Decimal(amount)
    if abs(amount) >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{wan}万元"
    if amount == amount.to_integral_value():
        return f"{int(amount)}元"
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}元"


def format_quantity(quantity, unit: str) -> str:
    """83 → '83吨'; 1.5 → '1.5吨'."""
    value = Decimal(quantity).normalize()
    text = format_count(value) if value == value.to_integral_value() else f"{value:f}"
    return f"{text}{UNITS.get(unit, unit)}"


def _phrase(code: str):
    for prefix, what, noun in PHRASES:
        if code.startswith(prefix):
            return prefix, what, noun
    return code, None, "户"


def welfare_paragraph(rows: list[dict], lead: str) -> str:
    """保障民生: one sentence per kind of payment, in-kind goods at the end; '' if nothing."""
    grouped: dict[str, dict] = {}
    for row in rows:
        prefix, what, noun = _phrase(row["program"])
        entry = grouped.setdefault(
            prefix,
            {
                "what": what or row["name"],
                "noun": noun,
                "unit": row["unit"],
                "count": 0,
                "amount": Decimal("0"),
                "quantity": Decimal("0"),
            },
        )
        if noun == "户":
            entry["count"] += row["payments"]
        elif noun == "人次":
            entry["count"] += row["person_times"]
        else:
            entry["count"] += row["beneficiaries"]
        entry["amount"] += Decimal(row["amount"])
        entry["quantity"] += Decimal(row["quantity"] or 0)
    cash, goods = [], []
    for entry in grouped.values():
        if entry["noun"] is None:
            if entry["quantity"] > 0:
                goods.append(f"{entry['what']}{format_quantity(entry['quantity'], entry['unit'])}")
        elif entry["amount"] > 0 and entry["count"] > 0:
            noun = entry["noun"]
            cash.append(
                f"为{format_count(entry['count'])}{noun}发放{entry['what']}"
                f"{format_money(entry['amount'])}"
            )
    if not cash and not goods:
        return ""
    parts = list(cash)
    if goods:
        parts.append("发放" + "、".join(goods))
    return f"{lead}" + "，".join(parts) + "。"


def period_label(key: str) -> str:
    """'2026-05' → '2026年5月'; '2026-H1' → '2026年上半年'; '2026' → '2026年'."""
    if key.endswith("-H1"):
        return f"{key[:4]}年上半年"
    if key.endswith("-H2"):
        return f"{key[:4]}年下半年"
    if len(key) == 4:
        return f"{key}年"
    return f"{key[:4]}年{int(key[5:7])}月"


def build(data: dict, scope_name: str) -> dict:
    """The narrative per section; sections with nothing to tell are left out."""
    lead = f"{period_label(data['period'])}，{scope_name}"
    sections = {}
    welfare = welfare_paragraph(data.get("welfare") or [], lead)
    if welfare:
        sections["保障民生"] = welfare
    employment = employment_paragraph(data.get("employment"), lead)
    if employment:
        sections["就业创业"] = employment
    services = services_paragraph(data.get("services"), lead)
    if services:
        sections["便民服务"] = services
    duty = duty_paragraph(data.get("duty"), lead)
    if duty:
        sections["平安值班"] = duty
    return sections


def duty_paragraph(duty: dict | None, lead: str) -> str:
    """平安值班: shifts kept, coverage, patrols, incidents handled and escalated."""
    if not duty or not duty["shifts"]:
        return ""
    parts = [
        f"安排五位一体值班{format_count(duty['shifts'])}班次，"
        f"按规定配齐人员{format_count(duty['shifts_covered'])}班次"
        f"（{duty['coverage_percent']}%）"
    ]
    if duty["patrols"]:
        parts.append(f"开展巡逻{format_count(duty['patrols'])}次")
    handled = sum(i["count"] for i in duty["incidents"] if i["outcome"] == "handled")
    escalated = sum(i["count"] for i in duty["incidents"] if i["outcome"] == "escalated")
    if handled or escalated:
        parts.append(
            f"处置各类事件{format_count(handled + escalated)}起，其中现场化解"
            f"{format_count(handled)}起、上报{format_count(escalated)}起"
        )
    return lead + "，".join(parts) + "。"


def employment_paragraph(employment: dict | None, lead: str) -> str:
    """就业创业, as the town writes it: 举办6场招聘会，吸引153家企业参与，为521人提供就业信息…"""
    if not employment:
        return ""
    parts = []
    if employment["fairs"]:
        part = f"举办{format_count(employment['fairs'])}场企业用工招聘会"
        if employment["enterprises"]:
            part += f"，吸引{format_count(employment['enterprises'])}家中小微企业参与招聘会"
        parts.append(part)
    if employment["informed"]:
        parts.append(f"为{format_count(employment['informed'])}人提供就业信息")
    if employment["placements"]:
        parts.append(f"成功解决就业岗位{format_count(employment['placements'])}人")
    if employment["training_classes"]:
        parts.append(
            f"举办技能培训班{format_count(employment['training_classes'])}期、"
            f"培训{format_count(employment['trainees'])}人"
        )
    contest = employment["contest"]
    if contest["entrants"]:
        part = f"推荐{format_count(contest['entrants'])}人参加创业大赛"
        if contest["finalists"]:
            part += f"，{format_count(contest['finalists'])}人入围决赛"
        if contest["prizes"]:
            part += f"，获奖{format_count(contest['prizes'])}项"
        parts.append(part)
    if employment["transferred"]:
        parts.append(f"转移富余劳动力{format_count(employment['transferred'])}人")
    pension = employment["pension"]
    if pension["contributors"]:
        part = (
            f"为{format_count(pension['contributors'])}人办理城乡居民养老保险缴费"
            f"{format_money(pension['amount'])}"
        )
        if pension["renewal_rate"] is not None:
            part += f"，续保率{pension['renewal_rate']}%"
        parts.append(part)
    if not parts:
        return ""
    return lead + "，".join(parts) + "。"


def services_paragraph(services: dict | None, lead: str) -> str:
    """便民服务: services by charge, consultations, volunteers, visits, classes, projects."""
    if not services:
        return ""
    parts = []
    charges = [c for c in services["services"]["by_charge"] if c["count"]]
    if charges:
        parts.append(
            "提供" + "、".join(f"{c['label']}服务{format_count(c['count'])}次" for c in charges)
        )
    if services["services"]["consultations"]:
        parts.append(f"接待咨询{format_count(services['services']['consultations'])}人次")
    volunteers = services["volunteers"]
    if volunteers["activities"]:
        hours = Decimal(volunteers["hours"]).normalize()
        parts.append(
            f"组织志愿服务活动{format_count(volunteers['activities'])}次、服务{hours:f}小时"
        )
    if services["pairings"]["visits"]:
        parts.append(f"结对干部入户走访{format_count(services['pairings']['visits'])}次")
    if services["classes"]["sessions"]:
        parts.append(f"兴趣班开课{format_count(services['classes']['sessions'])}次")
    projects = services["projects"]
    if projects["started"] or projects["completed"]:
        parts.append(f"开工改造项目{projects['started']}个、完工{projects['completed']}个")
    received = sum((Decimal(f["received"]) for f in projects["funds"]), Decimal(0))
    if received:
        sources = "、".join(
            f"{f['label']}{format_money(f['received'])}"
            for f in projects["funds"]
            if Decimal(f["received"])
        )
        parts.append(f"到位资金{format_money(received)}（{sources}）")
    if not parts:
        return ""
    return lead + "，".join(parts) + "。"
