"""Excel exports: enrollment and payment lists, and a batch's bank payment list (代发清单)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.lists import EXPORT_CHUNK_ROWS, choice_labels
from communities.exports import export_list
from communities.idnumbers import can_view_full_id, id_number_for, mask_id_number
from communities.models import Community

from .models import Disbursement, Enrollment, Program


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
    full_id = can_view_full_id(user)
    fields = [
        "program_id",
        "period",
        "community_id",
        "resident_id",  # none: goods given to the community itself
        "resident__name",
        "resident__id_number",
        "amount",
        "quantity",
        "persons",
        "source",
        "corrects_id",
        "signed",
        "note",
    ]

    def rows():
        # Plain tuples (values_list), not model instances: the export's cost is per row.
        programs = dict(Program.objects.values_list("pk", "name"))
        communities = dict(Community.objects.values_list("pk", "name"))
        for d in disbursements.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK_ROWS):
            number = d[5] or ""
            yield [
                programs.get(d[0], ""),
                f"{d[1]:%Y-%m}",
                communities.get(d[2], ""),
                (d[4] or "") if d[3] else communities.get(d[2], ""),
                number if full_id or not number else mask_id_number(number),
                d[6],
                d[7],
                d[8],
                source.get(d[9], d[9]),
                d[10] or "",
                yes if d[11] else "",
                d[12],
            ]

    return export_list(
        request,
        rows(),
        total=disbursements.count(),
        title=_("Payments"),
        headers=headers,
        filename=f"发放明细-{timezone.localdate():%Y%m%d}.xlsx",
    )


def bank_list_xlsx(request, batch, rows):
    """The list the bank pays from (代发清单): one line per bank payment with its reference, the
    account (masked, like the ID number, for a user without ``view_full_id``), name and amount,
    and a total line at the bottom. The bank's return file quotes the reference
    (``import_bank_returns``). Entries in kind or without an amount to pay are not on it. Rows
    are written as they are read."""
    user = request.user
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
    payments = rows.bank_payments().with_payee_account().select_related("community", "resident")

    def lines():
        total, number = Decimal("0"), 0
        for number, d in enumerate(payments.iterator(chunk_size=EXPORT_CHUNK_ROWS), 1):
            total += d.amount
            yield [
                number,
                d.reference,
                id_number_for(user, d.payee_bank_account or ""),
                d.recipient_name,
                d.amount,
                d.payee_bank_name or "",
                d.community.name,
                id_number_for(user, d.resident.id_number) if d.resident else "",
                d.note,
            ]
        yield [
            "",
            "",
            "",
            _("Total (%(count)d payments)") % {"count": number},
            total,
            "",
            "",
            "",
            "",
        ]

    return export_list(
        request,
        lines(),
        total=payments.count() + 1,
        title=str(batch)[:31],
        headers=headers,
        filename=f"代发清单-{batch.program.code}-{batch.period:%Y-%m}.xlsx",
    )
