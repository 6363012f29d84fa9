"""Excel exports: enrollment and payment lists, and a batch's bank payment list (代发清单)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.spreadsheets import build_workbook, xlsx_response
from communities.idnumbers import id_number_for


def enrollments_xlsx(enrollments, user):
    headers = [
        _("Program"),
        _("Community"),
        _("Beneficiary"),
        _("ID number"),
        _("Household"),
        _("Persons covered"),
        _("Household monthly income per capita (yuan)"),
        _("Status"),
        _("Applied on"),
        _("Payments start"),
        _("Annual review due"),
        _("County document number"),
    ]
    rows = (
        [
            e.program.name,
            e.community.name,
            e.resident.name,
            id_number_for(user, e.resident.id_number),
            e.household.address,
            e.persons_covered,
            e.monthly_income_per_capita,
            e.get_status_display(),
            e.applied_on,
            e.started_on,
            e.review_due_on,
            e.county_document_no,
        ]
        for e in enrollments.iterator(chunk_size=2000)
    )
    content = build_workbook(_("Enrollments"), headers, rows)
    return xlsx_response(f"保障对象-{timezone.localdate():%Y%m%d}.xlsx", content)


def disbursements_xlsx(disbursements, user):
    headers = [
        _("Program"),
        _("Month"),
        _("Community"),
        _("Beneficiary"),
        _("ID number"),
        _("Amount (yuan)"),
        _("Quantity"),
        _("Persons"),
        _("Source"),
        _("Corrects"),
        _("Signed for"),
        _("Note"),
    ]
    rows = (
        [
            d.program.name,
            f"{d.period:%Y-%m}",
            d.community.name,
            d.recipient_name,
            id_number_for(user, d.resident.id_number) if d.resident else "",
            d.amount,
            d.quantity,
            d.persons,
            d.get_source_display(),
            d.corrects_id or "",
            _("Yes") if d.signed else "",
            d.note,
        ]
        for d in disbursements.iterator(chunk_size=2000)
    )
    content = build_workbook(_("Payments"), headers, rows)
    return xlsx_response(f"发放明细-{timezone.localdate():%Y%m%d}.xlsx", content)


def bank_list_xlsx(batch, rows, user):
    """The list the bank pays from (代发清单): one line per bank payment with its reference, the
    account (masked, like the ID number, for a user without ``view_full_id``), name and amount,
    and a total line at the bottom. The bank's return file quotes the reference
    (``import_bank_returns``). Entries in kind or without an amount to pay are not on it."""
    headers = [
        _("No."),
        _("Reference"),
        _("Bank account"),
        _("Account holder"),
        _("Amount (yuan)"),
        _("Bank"),
        _("Community"),
        _("ID number"),
        _("Note"),
    ]
    data = []
    total = Decimal("0")
    payments = rows.bank_payments().select_related("enrollment")
    for number, d in enumerate(payments.iterator(chunk_size=2000), 1):
        enrollment = d.enrollment
        total += d.amount
        data.append(
            [
                number,
                d.reference,
                id_number_for(user, enrollment.bank_account) if enrollment else "",
                d.recipient_name,
                d.amount,
                enrollment.bank_name if enrollment else "",
                d.community.name,
                id_number_for(user, d.resident.id_number),
                d.note,
            ]
        )
    data.append(
        ["", "", "", _("Total (%(count)d payments)") % {"count": len(data)}, total, "", "", "", ""]
    )
    content = build_workbook(str(batch)[:31], headers, data)
    return xlsx_response(f"代发清单-{batch.program.code}-{batch.period:%Y-%m}.xlsx", content)
