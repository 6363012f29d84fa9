"""The disbursement import (upload page and ``import_disbursements``): one code path.

Format (DESIGN.md, docs/imports.md): first sheet, header row, columns by name —
项目代码, 期间 (YYYY-MM), 身份证号, 姓名, 金额, 数量, 人数, 备注, and 社区 (optional: goods of an
in-kind program given to a community itself leave 身份证号 and 姓名 empty and name the community
by its name or code here). Every row is checked first; nothing is written unless every row passes.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from burqin.periods import parse_month
from burqin.spreadsheets import ImportResult, RowError, cell_text, read_sheet
from burqin.text import clean_rows, normalize_identifier
from communities.idnumbers import normalize_id_number
from communities.models import Community, Resident

from .models import Disbursement, DisbursementBatch, Enrollment, Program
from .services import household_sizes

REQUIRED = ["项目代码", "期间", "身份证号", "姓名", "金额"]
OPTIONAL = ["数量", "人数", "备注", "社区"]
COLUMNS = REQUIRED + OPTIONAL
CHUNK = 900  # stays under SQLite's limit on query parameters


def _decimal(text: str, places: int) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -places:
        return None
    return value


def _chunks(items):
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def disbursements_import(*, upload, user=None) -> ImportResult:
    """Validate every row, then write all of them (or nothing). ``user`` None = command line."""
    rows = clean_rows(read_sheet(upload, REQUIRED, OPTIONAL))
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(2, "项目代码", _("The sheet has no data rows.")))
        return result
    programs = {p.code: p for p in Program.objects.all()}
    ids = {normalize_id_number(cell_text(v.get("身份证号"))) for _n, v in rows}
    residents = {}
    for chunk in _chunks(ids):
        for r in Resident.objects.filter(id_number__in=chunk).select_related("household"):
            residents[r.id_number] = r

    communities = {}
    for community in Community.objects.all():
        communities[community.code] = communities[community.name] = community
    parsed, seen = [], {}
    for number, values in rows:
        if not cell_text(values.get("身份证号")) and cell_text(values.get("社区")):
            record = _parse_to_community(number, values, programs, communities, seen, result)
        else:
            record = _parse(number, values, programs, residents, seen, result)
        if record is not None:
            parsed.append(record)
    if result.errors:
        return result

    _check_database(parsed, result)
    if result.errors:
        return result
    _warn_without_enrollment(parsed, result)
    _write(parsed, user, result)
    return result


def _parse(number, values, programs, residents, seen, result):
    errors_before = len(result.errors)

    def error(column, message):
        result.errors.append(RowError(number, column, message))

    code = cell_text(values.get("项目代码"))
    program = programs.get(code)
    if program is None:
        error("项目代码", _("Unknown program code “%(code)s”.") % {"code": code})
    try:
        period = parse_month(cell_text(values.get("期间")))
    except ValueError as exc:
        error("期间", str(exc))
        period = None
    id_number = normalize_id_number(cell_text(values.get("身份证号")))
    resident = residents.get(id_number)
    if resident is None:
        error(
            "身份证号", _("No registered resident has the ID number “%(id)s”.") % {"id": id_number}
        )
    name = normalize_identifier(cell_text(values.get("姓名")))
    if resident is not None and name != resident.name:
        error(
            "姓名",
            _("The name “%(name)s” does not match the registry (%(registered)s).")
            % {"name": name, "registered": resident.name},
        )
    amount_text = cell_text(values.get("金额"))
    amount = _decimal(amount_text, 2) if amount_text else None
    if amount is None:
        error(
            "金额",
            _("“%(value)s” is not an amount in yuan with at most two decimals.")
            % {"value": amount_text},
        )
    elif amount < 0:
        error("金额", _("The amount cannot be negative; corrections are made on the batch page."))
    quantity_text = cell_text(values.get("数量"))
    quantity = None
    if quantity_text:
        quantity = _decimal(quantity_text, 3)
        if quantity is None or quantity < 0:
            error(
                "数量",
                _("“%(value)s” is not a quantity (at least 0, three decimals at most).")
                % {"value": quantity_text},
            )
    persons_text = cell_text(values.get("人数"))
    persons = None
    if persons_text:
        persons = int(persons_text) if persons_text.isdigit() else 0
        if not 1 <= persons <= 99:
            error("人数", _("The number of persons is a whole number from 1 to 99."))
    if program is not None and resident is not None and program.per_household:
        if resident.household_id is None:
            error("身份证号", _("This resident is in no household; a household program needs one."))
        elif resident.household.head_id and resident.household.head_id != resident.pk:
            error("身份证号", _("For a household program give the household head's ID number."))
    if program and period and resident:
        key = (program.pk, period, resident.pk)
        if key in seen:
            error("身份证号", _("The same payment is already on row %(row)d.") % {"row": seen[key]})
        seen.setdefault(key, number)
    if len(result.errors) > errors_before:
        return None
    return {
        "row": number,
        "program": program,
        "period": period,
        "resident": resident,
        "amount": amount,
        "quantity": quantity,
        "persons": persons,
        "note": cell_text(values.get("备注"))[:200],
    }


def _parse_to_community(number, values, programs, communities, seen, result):
    """A row of goods given to a community itself (为3个社区(村)配备康复器材)."""
    errors_before = len(result.errors)

    def error(column, message):
        result.errors.append(RowError(number, column, message))

    code = cell_text(values.get("项目代码"))
    program = programs.get(code)
    if program is None:
        error("项目代码", _("Unknown program code “%(code)s”.") % {"code": code})
    elif not program.is_in_kind:
        error(
            "社区",
            _(
                "Only goods (an in-kind program) can go to a community; "
                "give the resident's ID number."
            ),
        )
    try:
        period = parse_month(cell_text(values.get("期间")))
    except ValueError as exc:
        error("期间", str(exc))
        period = None
    name = cell_text(values.get("社区"))
    community = communities.get(name)
    if community is None:
        error("社区", _("No community is named “%(name)s”.") % {"name": name})
    quantity = _decimal(cell_text(values.get("数量")), 3)
    if quantity is None or quantity <= 0:
        error("数量", _("Goods to a community need their quantity (more than 0)."))
    amount = _decimal(cell_text(values.get("金额")) or "0", 2)
    if amount is None or amount < 0:
        error("金额", _("The amount cannot be negative; corrections are made on the batch page."))
    if program and period and community:
        key = (program.pk, period, "community", community.pk)
        if key in seen:
            error("社区", _("The same payment is already on row %(row)d.") % {"row": seen[key]})
        seen.setdefault(key, number)
    if len(result.errors) > errors_before:
        return None
    return {
        "row": number,
        "program": program,
        "period": period,
        "resident": None,
        "community": community,
        "amount": amount,
        "quantity": quantity,
        "persons": 1,
        "note": cell_text(values.get("备注"))[:200],
    }


def _check_database(parsed, result) -> None:
    """Payments already recorded, and locked batches, make their rows fail."""
    by_batch = defaultdict(list)
    for record in parsed:
        by_batch[(record["program"].pk, record["period"])].append(record)
    frozen = {
        (b.program_id, b.period): b
        for b in DisbursementBatch.objects.filter(
            status__in=DisbursementBatch.FROZEN,
            program_id__in={k[0] for k in by_batch},
            period__in={k[1] for k in by_batch},
        ).select_related("program")
    }
    for key, records in by_batch.items():
        if key in frozen:
            for record in records:
                result.errors.append(
                    RowError(
                        record["row"],
                        "期间",
                        _("The %(batch)s batch is locked; it can no longer change.")
                        % {"batch": frozen[key]},
                    )
                )
    if result.errors:
        return
    for (program_id, period), records in by_batch.items():
        given = set(
            Disbursement.objects.filter(
                program_id=program_id, period=period, resident__isnull=True, corrects__isnull=True
            ).values_list("community_id", flat=True)
        )
        for record in records:
            if record["resident"] is None and record["community"].pk in given:
                result.errors.append(
                    RowError(
                        record["row"],
                        "社区",
                        _("%(name)s was already given %(program)s for %(period)s.")
                        % {
                            "name": record["community"].name,
                            "program": record["program"].name,
                            "period": f"{record['period']:%Y-%m}",
                        },
                    )
                )
        records = [r for r in records if r["resident"] is not None]
        resident_ids = [r["resident"].pk for r in records]
        paid = set()
        for chunk in _chunks(resident_ids):
            paid.update(
                Disbursement.objects.filter(
                    program_id=program_id,
                    period=period,
                    resident_id__in=chunk,
                    corrects__isnull=True,
                ).values_list("resident_id", flat=True)
            )
        for record in records:
            if record["resident"].pk in paid:
                result.errors.append(
                    RowError(
                        record["row"],
                        "身份证号",
                        _("%(name)s was already paid %(program)s for %(period)s.")
                        % {
                            "name": record["resident"].name,
                            "program": record["program"].name,
                            "period": f"{record['period']:%Y-%m}",
                        },
                    )
                )


def _warn_without_enrollment(parsed, result) -> None:
    enrolled = set()
    parsed = [r for r in parsed if r["resident"] is not None]
    resident_ids = {r["resident"].pk for r in parsed}
    for chunk in _chunks(resident_ids):
        enrolled.update(
            Enrollment.objects.filter(resident_id__in=chunk).values_list(
                "program_id", "resident_id"
            )
        )
    for record in parsed:
        if (record["program"].pk, record["resident"].pk) not in enrolled:
            result.warnings.append(
                RowError(
                    record["row"],
                    "身份证号",
                    _("%(name)s has no enrollment in %(program)s in this system (history import).")
                    % {"name": record["resident"].name, "program": record["program"].name},
                )
            )


@transaction.atomic
def _write(parsed, user, result) -> None:
    batches = {}
    for record in parsed:
        key = (record["program"].pk, record["period"])
        if key not in batches:
            batches[key], _created = DisbursementBatch.objects.get_or_create(
                program=record["program"], period=record["period"]
            )
    sizes = household_sizes(
        {r["resident"].household_id for r in parsed if r["resident"] and r["program"].per_household}
    )
    objects = []
    for record in parsed:
        program, resident = record["program"], record["resident"]
        if resident is None:
            objects.append(
                Disbursement(
                    batch=batches[(program.pk, record["period"])],
                    program=program,
                    period=record["period"],
                    community=record["community"],
                    amount=record["amount"],
                    quantity=record["quantity"],
                    persons=1,
                    source=Disbursement.Source.IMPORTED,
                    note=record["note"],
                    created_by=user,
                )
            )
            continue
        persons = record["persons"]
        if persons is None:
            persons = sizes.get(resident.household_id, 1) if program.per_household else 1
        objects.append(
            Disbursement(
                batch=batches[(program.pk, record["period"])],
                program=program,
                period=record["period"],
                community_id=resident.community_id,
                household_id=resident.household_id,
                resident=resident,
                amount=record["amount"],
                quantity=record["quantity"],
                persons=persons,
                source=Disbursement.Source.IMPORTED,
                note=record["note"],
                created_by=user,
            )
        )
    bulk_create_with_history(objects, Disbursement, batch_size=1000, default_user=user)
    result.created = len(objects)
