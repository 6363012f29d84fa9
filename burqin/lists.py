"""Helpers the views share: pagination, the Excel export of a list, form errors as messages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils import timezone

from .spreadsheets import build_workbook, xlsx_response

PAGE_SIZE = 50


class KeysFirstPaginator(Paginator):
    """Sorts and slices only the primary keys, then loads that page's rows with their joins.

    For long lists ordered through joins (a batch of 28,000 payments sorted by community and
    pinyin), the database then sorts narrow rows instead of every joined column of every row.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().in_bulk(keys)
        return self._get_page([rows[key] for key in keys], number, self)


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, keys_first: bool = False):
    paginator = (KeysFirstPaginator if keys_first else Paginator)(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


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
