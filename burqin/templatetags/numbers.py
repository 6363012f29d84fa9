"""The town's number style in templates (``{% load numbers %}``): the functions of
``burqin.numbers``, so that pages, report tables and dashboard cards write numbers one way."""

from django import template

from burqin import numbers

register = template.Library()


@register.filter
def count(value) -> str:
    """{{ 2754|count }} → 2 754"""
    if value in (None, ""):
        return "0"
    return numbers.format_count(value)


@register.filter
def yuan(value, unit: str = "") -> str:
    """{{ 122540|yuan }} → 122,540.00; {{ 122540|yuan:"元" }} → 122,540.00 元"""
    return numbers.format_yuan(value, unit=bool(unit))


@register.filter
def wan(value) -> str:
    """{{ 122540|wan }} → 12.25万元 (dashboard cards)"""
    return numbers.format_card(value)


@register.filter
def quantity(value, unit: str = "") -> str:
    """{{ "83.000"|quantity:"tonne" }} → 83吨; empty for no quantity."""
    if value in (None, ""):
        return ""
    return numbers.format_quantity(value, unit)
