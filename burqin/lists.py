"""Helpers the views share: pagination, the Excel export of a list, form errors as messages."""

import tempfile
from collections.abc import Callable, Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

from .kept import kept
from .spreadsheets import XLSX_CONTENT_TYPE, XlsxWriter

PAGE_SIZE = 50
# Rows an export fetches per round trip (``QuerySet.iterator(chunk_size=…)``): enough to make
# the round trips cheap, few enough that a chunk of model instances stays a few MB.
EXPORT_CHUNK_ROWS = 2000
# An export in a background job reports its progress every so many rows.
EXPORT_PROGRESS_ROWS = 5000
# Exports are written to a temporary file that stays in memory up to this size.
EXPORT_SPOOL_BYTES = 1024 * 1024


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when the view counted them already with other
    figures in one statement (the totals of a list): one pass over the rows, not two."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


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
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int) -> list:
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._load(keys)

    def _load(self, keys) -> list:
        rows = self.object_list.order_by().in_bulk(keys)
        return [rows[key] for key in keys]


class CommunityPaginator(KeysFirstPaginator):
    """For lists ordered by community first (``community__order``, ``community_id``, …): one
    grouped query counts the rows of each community, and only the communities a page falls in
    are sorted — a page of a prefecture-wide list sorts a few hundred rows, not all of them.
    """

    ORDER = ["community__order", "community_id"]

    def __init__(self, object_list, per_page, *, counts: dict[int, int] | None = None, **kwargs):
        """``counts``: the rows of each community, when the view has them already (counted
        with other figures in one statement)."""
        ordering = list(object_list.query.order_by or object_list.model._meta.ordering)
        if ordering[:2] != self.ORDER:
            raise ImproperlyConfigured(
                f"CommunityPaginator needs rows ordered by {self.ORDER} first, not {ordering}."
            )
        super().__init__(object_list, per_page, **kwargs)
        self._counts = counts

    @cached_property
    def per_community(self) -> list[tuple[int, int]]:
        # Counted without the join (an index-only scan on the rows) and kept until a row is
        # written (a town-wide user's 720,000 residents take 40–65 ms to count), then put in the
        # communities' display order: a few hundred groups, not the rows. The community model
        # is the one the rows point at, so this module needs no domain import.
        counts = self._counts
        if counts is None:
            rows = self.object_list.order_by().values_list("community_id").annotate(n=Count("*"))
            counts = kept(rows, lambda: dict(rows), name="community-counts")
        community = self.object_list.model._meta.get_field("community").related_model
        order = community._default_manager.filter(pk__in=counts).values_list("pk", "order")
        return [(pk, counts[pk]) for pk, _order in sorted(order, key=lambda c: (c[1], c[0]))]

    @cached_property
    def count(self) -> int:
        return sum(n for _community, n in self.per_community)

    def _rows(self, bottom: int, top: int) -> list:
        wanted, skip, seen = [], 0, 0
        for community, n in self.per_community:
            if seen + n > bottom and seen < top:
                if not wanted:
                    skip = bottom - seen
                wanted.append(community)
            seen += n
        keys = self.object_list.filter(community_id__in=wanted).values_list("pk", flat=True)
        return self._load(list(keys[skip : skip + top - bottom]))


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, paginator=Paginator, **options):
    return paginator(queryset, per_page, **options).get_page(request.GET.get("page"))


def wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"


def choice_labels(model, field_name: str) -> dict:
    """``{stored value: label}`` of a field's choices, translated once: an export of many rows
    looks labels up here instead of calling ``get_FOO_display()`` (which translates the
    choices again for every row)."""
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def write_xlsx(
    target,
    title,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` into ``target`` (a binary file) as they come: one sheet, continued on
    further sheets past Excel's row limit. Returns the number of rows; ``progress(n)`` is
    called every ``EXPORT_PROGRESS_ROWS`` rows."""
    writer = XlsxWriter()
    writer.add_sheet(str(title), headers)
    written = 0
    for row in rows:
        writer.append(row)
        written += 1
        if progress is not None and written % EXPORT_PROGRESS_ROWS == 0:
            progress(written)
    writer.save(target)
    return written


def export_filename(title) -> str:
    """``居民名单-20260601.xlsx``: the list's name and today's date."""
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def export_response(title, headers, rows, *, filename: str | None = None) -> FileResponse:
    """The rows as an .xlsx download named after the list and today's date.

    The rows are written as they are read (pass a generator over ``queryset.iterator()``) into a
    temporary file, which is then streamed: memory stays flat in the number of rows.
    """
    # Not a context manager: FileResponse closes the file once it has been sent.
    spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)  # noqa: SIM115
    try:
        write_xlsx(spool, title, headers, rows)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = FileResponse(spool, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, filename or export_filename(title)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def form_errors_to_messages(request, form) -> None:
    """For forms posted from a detail page: each error becomes a message on the next page."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))


def query_parameters(*, filterset=None, search=(), values=None):
    """Declare what a view reads from its query string, beyond ``page`` and ``export``.

    ``filterset``: the django-filter ``FilterSet`` the view applies to ``request.GET``;
    ``search``: free-text parameters (a name, pinyin, ID digits); ``values``: the other
    parameters and what they take — an iterable of values, a callable returning one, or a
    model whose primary keys they take. The scope walk (tests/scope_walk.py) requests every page
    with each of them, and a test fails when a view reads ``request.GET`` without declaring it.
    Put it right above the ``def``: the other decorators copy the attributes outward.
    """

    def decorator(view):
        view.filterset_class = filterset
        view.search_parameters = tuple(search)
        view.value_parameters = dict(values or {})
        return view

    return decorator
