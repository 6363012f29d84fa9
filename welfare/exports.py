"""Excel exports: enrollment and payment lists, and a batch's bank payment list (代发清单)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.lists import EXPORT_CHUNK_ROWS, choice_labels
from communities.exports import export_list
from communities.idnumbers import id_number_for

from .models import Disbursement, Enrollment


def enrollments_xlsx(request, enrollments):
    user = request.user
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
    status = choice_labels(Enrollment, "status")
    rows = (
        [
            e.program.name,
            e.community.name,
            e.resident.name,
            id_number_for(user, e.resident.id_number),
            e.household.address,
            e.persons_covered,
            e.monthly_income_per_capita,
            status.get(e.status, e.status),
            e.applied_on,
            e.started_on,
            e.review_due_on,
            e.county_document_no,
        ]
        for e in enrollments.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=enrollments.count(),
        title=_("Enrollments"),
        headers=headers,
        filename=f"保障对象-{timezone.localdate():%Y%m%d}.xlsx",
    )


def disbursements_xlsx(request, disbursements):
    user = request.user
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
    source = choice_labels(Disbursement, "source")
    yes = _("Yes")
    rows = (
        [
            d.program.name,
            f"{d.period:%Y-%m}",
            d.community.name,
            d.resident.name,
            id_number_for(user, d.resident.id_number),
            d.amount,
            d.quantity,
            d.persons,
            source.get(d.source, d.source),
            d.corrects_id or "",
            yes if d.signed else "",
            d.note,
        ]
        for d in disbursements.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=disbursements.count(),
        title=_("Payments"),
        headers=headers,
        filename=f"发放明细-{timezone.localdate():%Y%m%d}.xlsx",
    )


def bank_list_xlsx(request, batch, payments):
    """The list the bank pays from: one line per payment, with the beneficiary's account."""
    user = request.user
    headers = [
        _("No."),
        _("Community"),
        _("Name"),
        _("ID number"),
        _("Bank"),
        _("Bank account"),
        _("Amount (yuan)"),
        _("Quantity"),
        _("Note"),
    ]
    payments = payments.select_related("enrollment", "community", "resident")

    def rows():
        numbered = enumerate(payments.iterator(chunk_size=EXPORT_CHUNK_ROWS), 1)
        for number, d in numbered:
            enrollment = d.enrollment
            yield [
                number,
                d.community.name,
                d.resident.name,
                id_number_for(user, d.resident.id_number),
                enrollment.bank_name if enrollment else "",
                enrollment.bank_account if enrollment else "",
                d.amount,
                d.quantity,
                d.note,
            ]

    return export_list(
        request,
        rows(),
        total=payments.count(),
        title=str(batch)[:31],
        headers=headers,
        filename=f"代发清单-{batch.program.code}-{batch.period:%Y-%m}.xlsx",
    )
