"""Helpers the views share: pagination, the Excel export of a list, form errors as messages."""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property

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

    def __init__(self, object_list, per_page, **kwargs):
        ordering = list(object_list.query.order_by or object_list.model._meta.ordering)
        if ordering[:2] != self.ORDER:
            raise ImproperlyConfigured(
                f"CommunityPaginator needs rows ordered by {self.ORDER} first, not {ordering}."
            )
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def per_community(self) -> list[tuple[int, int]]:
        # Counted without the join (an index-only scan on the rows), then put in the
        # communities' display order: a few hundred groups, not the rows. The community model
        # is the one the rows point at, so this module needs no domain import.
        counts = dict(
            self.object_list.order_by().values_list("community_id").annotate(n=Count("*"))
        )
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


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, paginator=Paginator):
    return paginator(queryset, per_page).get_page(request.GET.get("page"))


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
