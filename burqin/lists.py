"""Helpers the views share: pagination, the Excel export of a list, form errors as messages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils import timezone

from .spreadsheets import build_workbook, xlsx_response

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"


def export_response(title, headers, rows):
    """The rows as an .xlsx download named after the list and today's date."""
    return xlsx_response(
        f"{title}-{timezone.localdate():%Y%m%d}.xlsx", build_workbook(str(title), headers, rows)
    )


def form_errors_to_messages(request, form) -> None:
    """For forms posted from a detail page: each error becomes a message on the next page."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
