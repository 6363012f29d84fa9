"""``{% load people %}``: ``{{ report.approved_by|person }}`` → 马玉兰 (burqin.people)."""

from django import template

from burqin.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name as the app shows people; '' for nobody."""
    return person_name(user) if user else ""
