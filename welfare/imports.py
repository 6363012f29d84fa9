"""The disbursement import (upload page and ``import_disbursements``): one code path; and the
bank's return file (upload page and ``import_bank_returns``), likewise.

Format (DESIGN.md, docs/imports.md): first sheet, header row, columns by name —
项目代码, 期间 (YYYY-MM), 身份证号, 姓名, 金额, 数量, 人数, 备注, and 社区 (optional: goods of an
in-kind program given to a community itself leave 身份证号 and 姓名 empty and name the community
by its name or code here). Every row is checked first; nothing is written unless every row passes.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from burqin.periods import parse_month
from burqin.spreadsheets import ImportResult, RowError, SpreadsheetError, cell_text, read_sheet
from burqin.text import clean_rows, normalize_identifier
from communities.idnumbers import normalize_id_number
from communities.models import Community, Resident

from . import services
from .bank_accounts import normalize_bank_account
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


# Bank returns (issue 16, part 7): the bank's answer to a 代发清单 -------------------------------
# Columns by header: 参考号 (the payment's reference on the list) or 账号, 金额, 结果 (成功 / 失败),
# 原因. Every row is checked first; nothing is written unless every row passes.

RETURN_REQUIRED = ["金额", "结果"]
RETURN_OPTIONAL = ["参考号", "账号", "原因", "户名"]
RETURN_COLUMNS = ["参考号", "账号", "户名", "金额", "结果", "原因"]
RESULTS = {"成功": True, "失败": False}


@dataclass
class BankReturnResult(ImportResult):
    paid: int = 0
    failed: int = 0
    paid_amount: Decimal = Decimal("0")
    failed_amount: Decimal = Decimal("0")


def _reference(text: str) -> str:
    return normalize_identifier(text).replace(" ", "").upper()


def _account(text: str) -> str:
    return normalize_bank_account(text)


def bank_returns_import(*, upload, user=None, today=None) -> BankReturnResult:
    """Read the bank's return sheet and mark each payment paid or failed, or nothing at all.

    ``user`` None = the command line. Raises ``SpreadsheetError`` for a file that cannot be read.
    """
    rows = clean_rows(read_sheet(upload, RETURN_REQUIRED, RETURN_OPTIONAL))
    result = BankReturnResult()
    if not rows:
        result.errors.append(RowError(2, "参考号", _("The sheet has no data rows.")))
        return result
    present = set(rows[0][1])
    if "参考号" not in present and "账号" not in present:
        raise SpreadsheetError(
            _("The header row needs a “参考号” (reference) or a “账号” (account) column.")
        )
    references = {_reference(cell_text(v.get("参考号"))) for _n, v in rows} - {""}
    by_reference = {}
    for chunk in _chunks(references):
        for d in (
            Disbursement.objects.filter(reference__in=chunk)
            .with_payee_account()
            .select_related("batch", "program", "enrollment", "resident")
        ):
            by_reference[d.reference] = d
    accounts = {
        _account(cell_text(v.get("账号"))) for _n, v in rows if not cell_text(v.get("参考号"))
    } - {""}
    by_account = defaultdict(list)
    for chunk in _chunks(accounts):
        waiting = (
            Disbursement.objects.bank_payments()
            .with_payee_account()
            .filter(
                payee_bank_account__in=chunk,
                payment_status=Disbursement.PaymentStatus.PENDING,
                batch__status__in=DisbursementBatch.FROZEN,
            )
            .select_related("batch", "program", "enrollment", "resident")
        )
        for d in waiting:
            by_account[d.payee_bank_account].append(d)

    outcomes, seen = [], {}
    for number, values in rows:
        outcome = _parse_return(number, values, by_reference, by_account, seen, result)
        if outcome is not None:
            outcomes.append(outcome)
    if result.errors:
        return result
    try:
        counts = services.payments_reconcile(
            user=user,
            outcomes=[(d.pk, paid, reason) for d, paid, reason in outcomes],
            settled_on=today or timezone.localdate(),
        )
    except services.TransitionError as exc:
        result.errors.append(RowError(rows[0][0], "参考号", " ".join(exc.messages)))
        return result
    result.paid, result.failed = counts["paid"], counts["failed"]
    result.created = result.paid + result.failed
    result.paid_amount = sum((d.amount for d, paid, _r in outcomes if paid), Decimal("0"))
    result.failed_amount = sum((d.amount for d, paid, _r in outcomes if not paid), Decimal("0"))
    return result


def _parse_return(number, values, by_reference, by_account, seen, result):
    errors_before = len(result.errors)

    def error(column, message):
        result.errors.append(RowError(number, column, message))

    reference = _reference(cell_text(values.get("参考号")))
    account = _account(cell_text(values.get("账号")))
    payment = None
    if reference:
        payment = by_reference.get(reference)
        if payment is None:
            error("参考号", _("No payment has the reference “%(ref)s”.") % {"ref": reference})
        elif account and payment.payee_bank_account and payment.payee_bank_account != account:
            error(
                "账号",
                _("The account “%(account)s” is not the account of payment %(ref)s.")
                % {"account": account, "ref": reference},
            )
    elif account:
        candidates = by_account.get(account, [])
        if not candidates:
            error(
                "账号",
                _("No payment waiting for the bank's return goes to the account “%(account)s”.")
                % {"account": account},
            )
        elif len(candidates) > 1:
            error(
                "账号",
                _(
                    "The account “%(account)s” has %(count)d payments waiting for the bank's "
                    "return; give the 参考号 to say which."
                )
                % {"account": account, "count": len(candidates)},
            )
        else:
            payment = candidates[0]
    else:
        error("参考号", _("Give the payment's reference (参考号) or its account (账号)."))

    amount_text = cell_text(values.get("金额"))
    amount = _decimal(amount_text, 2) if amount_text else None
    if amount is None:
        error(
            "金额",
            _("“%(value)s” is not an amount in yuan with at most two decimals.")
            % {"value": amount_text},
        )
    outcome_text = cell_text(values.get("结果"))
    paid = RESULTS.get(outcome_text)
    if paid is None:
        error(
            "结果",
            _("The result must be “成功” or “失败”, not “%(value)s”.") % {"value": outcome_text},
        )
    reason = cell_text(values.get("原因"))
    if paid is False and not reason:
        error("原因", _("Give the bank's reason for a failed payment."))

    if payment is not None:
        if payment.pk in seen:
            error(
                "参考号" if reference else "账号",
                _("The same payment is already on row %(row)d.") % {"row": seen[payment.pk]},
            )
        seen.setdefault(payment.pk, number)
        if not payment.batch.is_frozen:
            error(
                "参考号" if reference else "账号",
                _("The batch %(batch)s is not locked; its payments were not sent to the bank.")
                % {"batch": payment.batch},
            )
        elif not payment.is_bank_payment:
            error(
                "参考号",
                _("This entry is not a bank payment (in kind, or no amount to pay)."),
            )
        elif payment.payment_status != Disbursement.PaymentStatus.PENDING:
            error(
                "参考号" if reference else "账号",
                _("The payment to %(name)s was already reconciled (%(status)s).")
                % {"name": payment.resident.name, "status": payment.get_payment_status_display()},
            )
        if amount is not None and amount != payment.amount:
            error(
                "金额",
                _("The amount %(amount)s differs from the payment's %(expected)s yuan.")
                % {"amount": amount, "expected": payment.amount},
            )
    if len(result.errors) > errors_before:
        return None
    return payment, paid, reason
