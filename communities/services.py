"""Writes to the registry: households with their members, resident edits, the Excel import."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from burqin.audit import acting_as
from burqin.spreadsheets import ImportResult, RowError, cell_text, read_sheet
from burqin.text import clean_rows, normalize_identifier

from .ethnicity import Ethnicity
from .idnumbers import birth_date_of, normalize_id_number, validate_id_number
from .models import Community, Compound, Household, Resident
from .scope import scope_community_ids


@transaction.atomic
def household_save(*, form, formset, actor=None) -> Household:
    """Save a household and its members (both already valid); the 户主 row becomes its head.

    ``actor`` is recorded in the history (the logged-in user when called in a request).
    """
    with acting_as(actor):
        household = form.save()
        formset.instance = household
        members = formset.save(commit=False)
        for member in members:
            member.household = household
            member.community = household.community
            member.save()
        # Members that already existed follow the household if a town-wide user moved it; each
        # one is saved so that their history shows the move.
        for member in household.members.exclude(community=household.community):
            member.community = household.community
            member.save(update_fields=["community"])
        head = household.members.filter(relation=Resident.Relation.HEAD).first()
        if head and household.head_id != head.pk:
            household.head = head
            household.save(update_fields=["head"])
    return household


@transaction.atomic
def resident_save(*, form, actor=None) -> Resident:
    """Save an edited resident; a new household makes them its member (history keeps the move)."""
    with acting_as(actor):
        resident = form.save()
        household = resident.household
        if household and resident.relation == Resident.Relation.HEAD and household.head_id is None:
            household.head = resident
            household.save(update_fields=["head"])
    return resident


# The import sheet (docs/imports.md). Words as community offices write them.
IMPORT_REQUIRED = ["社区代码", "地址", "与户主关系", "身份证号", "姓名"]
IMPORT_OPTIONAL = [
    "小区",
    "户籍类型",
    "民族",
    "电话",
    "残疾类别",
    "残疾等级",
    "孤儿",
    "独居老人",
    "4050",
    "党员",
]
IMPORT_COLUMNS = [
    "社区代码",
    "小区",
    "地址",
    "户籍类型",
    "与户主关系",
    "身份证号",
    "姓名",
    "民族",
    "电话",
    "残疾类别",
    "残疾等级",
    "孤儿",
    "独居老人",
    "4050",
    "党员",
]
IMPORT_EXAMPLE = [
    [
        "ehe",
        "幸福小区",
        "幸福路12号1-201",
        "城镇",
        "户主",
        "654321198503150115",
        "张三",
        "汉族",
        "13899990000",
        "",
        "",
        "否",
        "否",
        "否",
        "是",
    ],
    [
        "ehe",
        "幸福小区",
        "幸福路12号1-201",
        "城镇",
        "配偶",
        "654321198702200226",
        "阿依古丽",
        "哈萨克族",
        "",
        "肢体",
        "3",
        "否",
        "否",
        "否",
        "否",
    ],
]
RELATION_WORDS = {
    Resident.Relation.HEAD: ["户主", "本人"],
    Resident.Relation.SPOUSE: ["配偶", "妻", "妻子", "夫", "丈夫"],
    Resident.Relation.CHILD: ["子女", "子", "女", "儿子", "女儿", "长子", "长女", "次子", "次女"],
    Resident.Relation.PARENT: ["父母", "父亲", "母亲", "父", "母"],
    Resident.Relation.GRANDCHILD: ["孙子女", "孙子", "孙女", "外孙子", "外孙女"],
    Resident.Relation.SIBLING: ["兄弟姐妹", "兄", "弟", "姐", "妹"],
    Resident.Relation.OTHER: ["其他", "其他亲属"],
}
RELATIONS = {word: key for key, words in RELATION_WORDS.items() for word in words}
DISABILITY_WORDS = {
    "视力": Resident.DisabilityCategory.VISUAL,
    "听力": Resident.DisabilityCategory.HEARING,
    "言语": Resident.DisabilityCategory.SPEECH,
    "肢体": Resident.DisabilityCategory.PHYSICAL,
    "智力": Resident.DisabilityCategory.INTELLECTUAL,
    "精神": Resident.DisabilityCategory.MENTAL,
    "多重": Resident.DisabilityCategory.MULTIPLE,
}
REGISTRATION_WORDS = {
    "城镇": Household.RegistrationType.URBAN,
    "非农": Household.RegistrationType.URBAN,
    "农村": Household.RegistrationType.RURAL,
    "农业": Household.RegistrationType.RURAL,
}
YES = {"是", "Y", "YES", "1", "√", "TRUE"}
NO = {"", "否", "N", "NO", "0", "×", "FALSE"}
FLAG_COLUMNS = {
    "孤儿": "is_orphan",
    "独居老人": "is_elderly_alone",
    "4050": "is_4050",
    "党员": "is_party_member",
}


def residents_import(*, user, upload) -> ImportResult:
    """Import residents with their households, all or nothing (format in docs/imports.md).

    Every row is checked first; if any row is wrong, nothing is written and each error names its
    row and column. Staff may import only into their own community.
    """
    rows = clean_rows(read_sheet(upload, IMPORT_REQUIRED, IMPORT_OPTIONAL))
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(2, "身份证号", _("The sheet has no data rows.")))
        return result

    allowed = scope_community_ids(user)
    communities = {
        c.code: c for c in Community.objects.visible_to(user) if allowed is None or c.pk in allowed
    }
    ids_in_sheet = [normalize_id_number(cell_text(values.get("身份证号"))) for _n, values in rows]
    existing_ids = set(
        Resident.objects.filter(id_number__in=ids_in_sheet).values_list("id_number", flat=True)
    )
    seen_ids: dict[str, int] = {}
    parsed = []
    for number, values in rows:
        errors_before = len(result.errors)
        record = _parse_row(number, values, communities, existing_ids, seen_ids, result)
        if len(result.errors) == errors_before:
            parsed.append(record)
    if result.errors:
        return result

    households = _match_households(parsed, result)
    if result.errors:
        return result
    with acting_as(user):
        _write_import(parsed, households, result)
    return result


def _parse_row(number, values, communities, existing_ids, seen_ids, result) -> dict:
    def error(column: str, message: str) -> None:
        result.errors.append(RowError(number, column, message))

    record = {"row": number}
    code = cell_text(values.get("社区代码"))
    record["community"] = communities.get(code)
    if record["community"] is None:
        error(
            "社区代码",
            _("Unknown community code “%(code)s”, or not your community.") % {"code": code},
        )
    record["address"] = cell_text(values.get("地址"))
    if not record["address"]:
        error("地址", _("The address is required."))
    record["compound"] = normalize_identifier(cell_text(values.get("小区")))
    registration = cell_text(values.get("户籍类型"))
    if registration:
        record["registration_type"] = REGISTRATION_WORDS.get(registration)
        if record["registration_type"] is None:
            error("户籍类型", _("Write 城镇 or 农村."))
    elif record["community"] is not None:
        record["registration_type"] = (
            Household.RegistrationType.RURAL
            if record["community"].kind == Community.Kind.RURAL
            else Household.RegistrationType.URBAN
        )
    relation = cell_text(values.get("与户主关系"))
    record["relation"] = RELATIONS.get(relation)
    if record["relation"] is None:
        error(
            "与户主关系",
            _("Unknown relation “%(value)s”; use 户主, 配偶, 子女, 父母, 孙子女, 兄弟姐妹 or 其他.")
            % {"value": relation},
        )

    id_number = normalize_id_number(cell_text(values.get("身份证号")))
    try:
        id_number = validate_id_number(id_number)
        if birth_date_of(id_number) > timezone.localdate():
            error("身份证号", _("The birth date in this ID number is in the future."))
        elif id_number in existing_ids:
            error("身份证号", _("A resident with this ID number is already registered."))
        elif id_number in seen_ids:
            error(
                "身份证号",
                _("The same ID number is already on row %(row)d.") % {"row": seen_ids[id_number]},
            )
        seen_ids.setdefault(id_number, number)
    except ValidationError as exc:
        error("身份证号", exc.messages[0])
    record["id_number"] = id_number

    record["name"] = normalize_identifier(cell_text(values.get("姓名")))
    if not record["name"]:
        error("姓名", _("The name is required."))
    elif len(record["name"]) > 50:
        error("姓名", _("The name is longer than 50 characters."))

    ethnicity = cell_text(values.get("民族"))
    record["ethnicity"] = Ethnicity.from_label(ethnicity) if ethnicity else Ethnicity.HAN
    if record["ethnicity"] is None:
        error("民族", _("Unknown ethnic group “%(value)s”.") % {"value": ethnicity})
    record["phone"] = normalize_identifier(cell_text(values.get("电话")))[:30]

    category = cell_text(values.get("残疾类别"))
    record["disability_category"] = (
        DISABILITY_WORDS.get(category.removesuffix("残疾"), "") if category else ""
    )
    if category and not record["disability_category"]:
        error("残疾类别", _("Unknown disability category “%(value)s”.") % {"value": category})
    grade = cell_text(values.get("残疾等级")).removesuffix("级")
    grade_map = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
    record["disability_grade"] = grade_map.get(grade) if grade else None
    if grade and record["disability_grade"] is None:
        error("残疾等级", _("The disability grade is 1 to 4."))
    if record["disability_grade"] and not record["disability_category"]:
        error("残疾类别", _("A disability grade needs a disability category."))
    record["is_disabled"] = bool(record["disability_category"])

    for column, flag in FLAG_COLUMNS.items():
        text = cell_text(values.get(column)).upper()
        if text in YES:
            record[flag] = True
        elif text in NO:
            record[flag] = False
        else:
            error(column, _("Write 是 or 否."))
    return record


def _match_households(parsed: list[dict], result: ImportResult) -> dict:
    """Group rows into households by (community, address); exactly one head per household."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for record in parsed:
        groups[(record["community"].pk, record["address"])].append(record)
    existing = {
        (h.community_id, h.address): h
        for h in Household.objects.filter(
            community_id__in={key[0] for key in groups}, address__in={key[1] for key in groups}
        )
    }
    for key, records in groups.items():
        heads = [r for r in records if r["relation"] == Resident.Relation.HEAD]
        household = existing.get(key)
        has_head = household is not None and household.head_id is not None
        if len(heads) + (1 if has_head else 0) > 1:
            for record in heads[1 if not has_head else 0 :]:
                result.errors.append(
                    RowError(record["row"], "与户主关系", _("This household already has a head."))
                )
        elif not heads and not has_head:
            result.errors.append(
                RowError(
                    records[0]["row"],
                    "与户主关系",
                    _("No row of the household at “%(address)s” is its head (户主).")
                    % {"address": key[1]},
                )
            )
    return existing


@transaction.atomic
def _write_import(parsed: list[dict], existing: dict, result: ImportResult) -> None:
    compounds = {(c.community_id, c.name): c for c in Compound.objects.all()}
    households = dict(existing)
    new_households = []
    for record in parsed:
        key = (record["community"].pk, record["address"])
        compound = None
        if record["compound"]:
            ckey = (record["community"].pk, record["compound"])
            if ckey not in compounds:
                compounds[ckey] = Compound.objects.create(
                    community=record["community"], name=record["compound"]
                )
            compound = compounds[ckey]
        if key not in households:
            household = Household(
                community=record["community"],
                compound=compound,
                address=record["address"],
                registration_type=record["registration_type"],
            )
            households[key] = household
            new_households.append(household)
    bulk_create_with_history(new_households, Household, batch_size=500)

    residents = []
    for record in parsed:
        household = households[(record["community"].pk, record["address"])]
        resident = Resident(
            community=record["community"],
            household=household,
            **{k: record[k] for k in Resident.PROFILE_FIELDS},
        )
        resident.fill_derived()
        residents.append(resident)
    bulk_create_with_history(residents, Resident, batch_size=500)

    heads = {
        r.household_id: r
        for r in Resident.objects.filter(
            id_number__in=[r.id_number for r in residents], relation=Resident.Relation.HEAD
        )
    }
    to_update = []
    for household in households.values():
        if household.head_id is None and household.pk in heads:
            household.head = heads[household.pk]
            to_update.append(household)
    bulk_update_with_history(to_update, Household, ["head"], batch_size=500)
    result.created = len(residents)
