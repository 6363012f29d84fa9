"""The Chinese narrative of a report, in the town's own style.

Rules (each has a test in tests/reports/test_narrative.py and tests/reports/test_town_paragraph.py):
- numbers in the town's style, from ``burqin.numbers`` (2 754户, 181.88万元, 5 460元, 83吨);
- 保障民生 told program by program with each program's counting rule (统计口径), phrase,
  money style and sentence from the catalogue (welfare.Program): the urban programs with their
  counts, then the rural ones by amount, goods, the disability fuel subsidy, goods to
  communities and households — one sentence per sentence number, in catalogue order;
- a figure that is zero is left out; a program without a counting rule is told by amount only
  when its phrase does not need a count, and the report's notes say the rule is missing;
- the town's service centre (镇社区服务中心) is told after the programs, in the town's report only,
  by charge (有偿、低偿、无偿) with consultations apart and given roughly (120多次); then the works
  of the period by kind and compounds (对A、B、C等10个小区排水管网进行改造);
- no sentence compares with an earlier period (the tables show 环比 / 同比, or “—”).
"""

from collections import defaultdict
from decimal import Decimal
from string import Formatter

from burqin.numbers import WAN, format_about, format_count, format_money, format_quantity

__all__ = ["format_count", "format_money", "format_quantity", "build", "notes"]


def _figures_used(phrase: str) -> set[str]:
    return {name for _t, name, _s, _c in Formatter().parse(phrase) if name}


def _default_phrase(row: dict) -> str:
    """For a program an administrator added without a phrase: 为{count}发放<name>{amount}."""
    what = "{quantity}" if row.get("quantity") is not None else "{amount}"
    if row.get("counting_rule"):
        return f"为{{count}}发放{row['name']}{what}"
    return f"发放{row['name']}{what}"


def program_parts(row: dict) -> list[str]:
    """What the paragraph says of one program: its goods to communities, then its phrase —
    each only when every figure it names is more than zero."""
    amount = Decimal(row["amount"])
    quantity = Decimal(row["quantity"] or 0)
    values = {
        "amount": format_money(amount, row.get("money_style") or WAN),
        "quantity": format_quantity(quantity, row["unit"]),
    }
    present = {"amount": amount > 0, "quantity": quantity > 0}
    parts = []
    to_communities = row.get("to_communities") or 0
    if to_communities and row.get("community_phrase"):
        phrase = row["community_phrase"]
        if all(present.get(name, True) for name in _figures_used(phrase)):
            communities = f"{format_count(to_communities)}个社区(村)"
            parts.append(phrase.format(communities=communities, **values))
    phrase = row.get("phrase") or _default_phrase(row)
    used = _figures_used(phrase)
    count = row.get("count")
    if "count" in used:
        if not count:  # none paid, or no counting rule (the notes say so)
            return parts
        values["count"] = f"{format_count(count)}{row.get('count_word') or ''}"
    elif not used and not row.get("payments"):
        return parts
    if all(present.get(name, True) for name in used):
        parts.append(phrase.format(**values))
    return parts


def welfare_sentences(rows: list[dict]) -> list[str]:
    """The welfare sentences without their full stop, in the catalogue's sentence order."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        parts = program_parts(row)
        if parts:
            sentences[row.get("sentence") or 1].extend(parts)
    return ["，".join(parts) for _number, parts in sorted(sentences.items())]


def _paragraph(sentences: list[str], lead: str) -> str:
    if not sentences:
        return ""
    return lead + "".join(f"{sentence}。" for sentence in sentences)


def welfare_paragraph(rows: list[dict], lead: str, services: dict | None = None) -> str:
    """保障民生, as the town writes it: the programs, then the town's service centre and the
    works of the period; '' when there is nothing to tell."""
    sentences = welfare_sentences(rows)
    if services:
        sentences += [s for s in (centre_sentence(services.get("centre")),) if s]
        sentences += works_sentences(services["projects"].get("works") or [])
    return _paragraph(sentences, lead)


def charges_told(figures: dict, verb: str) -> list[str]:
    """有偿服务N次，低偿服务N次，无偿服务N次 (the order the figures come in), zeros left out;
    the first with ``verb``."""
    told = [
        f"{c['label']}服务{format_count(c['count'])}次" for c in figures["by_charge"] if c["count"]
    ]
    if told:
        told[0] = verb + told[0]
    return told


def centre_sentence(centre: dict | None) -> str:
    """镇社区服务中心开展低偿服务51次，无偿服务111次，办理便民服务咨询120多次 — told only in the
    town's report (a community's has no centre figures)."""
    if not centre:
        return ""
    parts = charges_told(centre, "开展")
    if centre["consultations"]:
        parts.append(f"办理便民服务咨询{format_about(centre['consultations'])}次")
    return "镇社区服务中心" + "，".join(parts) if parts else ""


# Kind of work → what is worked on and how: 对…小区排水管网进行改造.
WORKS = {
    "drainage": ("排水管网", "进行改造"),
    "road": ("道路", "进行硬化"),
    "greening": ("", "进行绿化"),
    "premises": ("办公用房", "进行改造"),
    "other": ("", "进行改造"),
}
NAMED_COMPOUNDS = 3


def works_sentences(works: list[dict]) -> list[str]:
    """配合县住建部门对城镇幸福小区、老毛纺厂家属院、友谊峰小区等10个小区排水管网进行改造: one
    sentence per kind of work and lead agency, three compounds named and the rest counted."""
    sentences = []
    for work in works:
        names = work["compounds"]
        if not names:
            continue
        what, how = WORKS.get(work["kind"], WORKS["other"])
        where = "、".join(names[:NAMED_COMPOUNDS])
        if len(names) > NAMED_COMPOUNDS:
            where += f"等{format_count(work['compound_count'])}个小区"
        agency = f"配合{work['lead_agency']}" if work.get("lead_agency") else ""
        sentences.append(f"{agency}对{where}{what}{how}")
    return sentences


def lead_label(key: str) -> str:
    """The period as the paragraph opens: '今年上半年' for a half-year and '今年' for a year (the
    document's title names the year, as the town's does); a month as '2026年5月'."""
    if key.endswith("-H1"):
        return "今年上半年"
    if key.endswith("-H2"):
        return "今年下半年"
    if len(key) == 4:
        return "今年"
    return period_label(key)


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
    lead = f"{lead_label(data['period'])}，{scope_name}"
    sections = {}
    welfare = welfare_paragraph(data.get("welfare") or [], lead, data.get("services"))
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


def notes(data: dict, narrative: dict) -> list[str]:
    """What the reader of the report must know about its figures, in Chinese: programs paid
    without a counting rule, and a period with no data at all."""
    found = []
    for row in data.get("welfare") or []:
        paid = row["payments"] or Decimal(row["amount"]) or row.get("to_communities")
        if paid and not row.get("counting_rule"):
            found.append(
                f"“{row['name']}”未设置统计口径：报告只列其金额，不写人数。"
                "请管理员在“救助项目”中设置统计口径。"
            )
    if not narrative:
        found.append(
            f"{period_label(data['period'])}{data.get('scope_name', '')}没有任何发放、就业、"
            "服务或值班数据，本报告只有空表。请确认期间是否选对、数据是否已导入。"
        )
    return found


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


def _percent(rate) -> str:
    rate = Decimal(rate)
    if rate == 100:
        return "百分之百"
    return f"{rate.normalize():f}%"


def _training(employment: dict) -> str:
    classes, trainees = employment["training_classes"], employment["trainees"]
    if not classes or not trainees:
        return ""
    subjects = [
        s.removesuffix("培训班").removesuffix("培训")
        for s in employment.get("training_subjects", [])
    ]
    if employment.get("town_wide", True):
        if len(subjects) == 1:
            return f"开办{subjects[0]}培训班{format_count(classes)}期、{format_count(trainees)}人"
        named = "、".join(subjects[:4]) + "等各类" if subjects else ""
        return f"开办{named}培训班{format_count(classes)}期、{format_count(trainees)}人"
    named = "、".join(subjects[:4]) + ("等" if len(subjects) > 1 else "")
    return f"{format_count(trainees)}人参加{named}培训班{format_count(classes)}期"


def _contest(contest: dict) -> str:
    if not contest["entrants"]:
        return ""
    names = "、".join(contest.get("names") or []) or "创业大赛"
    part = f"推荐{format_count(contest['entrants'])}人参加{names}"
    if contest["finalists"]:
        part += f"，{format_count(contest['finalists'])}人入围决赛"
    if contest["prizes"]:
        part += f"，获奖{format_count(contest['prizes'])}项"
    return part


def _fairs(employment: dict) -> str:
    parts = []
    if employment.get("town_wide", True):
        if employment["fairs"]:
            part = f"举办{format_count(employment['fairs'])}场企业用工招聘会"
            if employment["enterprises"]:
                part += f"，吸引{format_count(employment['enterprises'])}家中小微企业参与招聘会"
            parts.append(part)
    elif employment.get("attendees"):
        parts.append(
            f"组织{format_count(employment['attendees'])}人参加全镇"
            f"{format_count(employment.get('fairs_attended') or 0)}场企业用工招聘会"
        )
    if employment["informed"]:
        parts.append(f"为{format_count(employment['informed'])}人提供就业信息")
    if employment["placements"]:
        parts.append(f"成功解决就业岗位{format_count(employment['placements'])}人")
    return "，".join(parts)


def _transfers(employment: dict) -> list[str]:
    sentences = []
    for village in employment.get("transfers") or []:
        moved, surplus = village["transferred"], village.get("surplus")
        if surplus and moved >= surplus:
            sentences.append(
                f"{village['name']}{format_count(surplus)}名农村富余劳动力全部转移就业"
            )
        elif surplus:
            sentences.append(
                f"{village['name']}{format_count(surplus)}名农村富余劳动力中"
                f"{format_count(moved)}名转移就业"
            )
        else:
            sentences.append(f"{village['name']}转移农村富余劳动力{format_count(moved)}名")
    if not employment.get("transfers") and employment.get("transferred"):
        sentences.append(f"转移农村富余劳动力{format_count(employment['transferred'])}名")
    return sentences


def _pension(pension: dict) -> str:
    if not pension["contributors"]:
        return ""
    part = (
        f"收取城乡居民养老保险{format_count(pension['contributors'])}人、"
        f"{format_money(pension['amount'])}"
    )
    if pension.get("renewal_rate") is not None:
        part += f"，续保率{_percent(pension['renewal_rate'])}"
    return part


def employment_paragraph(employment: dict | None, lead: str) -> str:
    """就业创业, as the town writes it: 开办…等各类培训班6期、256人。举办6场企业用工招聘会，
    吸引153家中小微企业参与招聘会，为521人提供就业信息，成功解决就业岗位112人。
    切克台村332名农村富余劳动力全部转移就业。收取城乡居民养老保险104人、6.09万元，续保率百分之百。"""
    if not employment:
        return ""
    sentences = [
        _training(employment),
        _ecommerce(employment.get("ecommerce")),
        _contest(employment["contest"]),
        _fairs(employment),
        *_transfers(employment),
        _pension(employment["pension"]),
    ]
    return _paragraph([s for s in sentences if s], lead)


def services_paragraph(services: dict | None, lead: str) -> str:
    """便民服务: services by charge, consultations, volunteers, visits, classes, projects."""
    if not services:
        return ""
    parts = []
    charges = charges_told(services["services"], "提供")
    if charges:
        parts.append("、".join(charges))
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
    sentences = ["，".join(parts)] if parts else []
    sentences += [
        s
        for s in (_culture(services.get("events")), _cadre_training(services.get("cadre_training")))
        if s
    ]
    return _paragraph(sentences, lead)


# How the town names each kind of event and its measure word: 文化艺术节1次、文艺演出2场.
EVENT_WORDS = {
    "festival": ("社区文化艺术节", "次"),
    "sports": ("运动会", "次"),
    "performance": ("文艺演出", "场"),
}


def _culture(events: dict | None) -> str:
    """举办社区文化艺术节1次、运动会1次，参与3 200人次，观众12 000人次，组织…支队伍、…人参赛参演."""
    if not events:
        return ""
    parts = []
    held = [
        f"{EVENT_WORDS[k['kind']][0]}{format_count(k['count'])}{EVENT_WORDS[k['kind']][1]}"
        for k in events["by_kind"]
        if k["count"] and k["kind"] in EVENT_WORDS
    ]
    if held:
        parts.append("举办" + "、".join(held))
    if events["participants"]:
        parts.append(f"参与{format_count(events['participants'])}人次")
    if events["audience"]:
        parts.append(f"观众{format_count(events['audience'])}人次")
    if events["teams"]:
        part = (
            f"组织{format_count(events['teams'])}支队伍、"
            f"{format_count(events['team_members'])}人参赛参演"
        )
        if events.get("town_events_joined"):
            part += f"（参加全镇文体活动{format_count(events['town_events_joined'])}次）"
        parts.append(part)
    return "，".join(parts)


def _cadre_training(training: dict | None) -> str:
    """开展社区干部培训2期，培训86人次."""
    if not training or not training["trainings"]:
        return ""
    part = f"开展社区干部培训{format_count(training['trainings'])}期"
    if training["attended"]:
        part += f"，培训{format_count(training['attended'])}人次"
    return part


# How the town names each kind of online business: 微商12个、网店3个.
ECOMMERCE_WORDS = {"wechat": "微商", "shop": "网店", "live": "直播", "parcels": "快递代办点"}


def _ecommerce(ecommerce: dict | None) -> str:
    """开展电子商务情况摸排统计，摸排出电商经营主体N个（微商N个、网店N个…），带动就业N人."""
    if not ecommerce or not ecommerce["businesses"]:
        return ""
    kinds = "、".join(
        f"{ECOMMERCE_WORDS.get(k['kind'], k['label'])}{format_count(k['businesses'])}个"
        for k in ecommerce["by_kind"]
        if k["businesses"]
    )
    part = (
        f"开展电子商务情况摸排统计，摸排出电商经营主体{format_count(ecommerce['businesses'])}个"
        f"（{kinds}）"
    )
    if ecommerce["jobs"]:
        part += f"，带动就业{format_count(ecommerce['jobs'])}人"
    return part
