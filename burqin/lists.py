"""Helpers every list page shares: pagination and the Excel-export switch."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"
