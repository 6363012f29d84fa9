from django import template
from django.utils.http import urlencode

from communities.idnumbers import number_for

register = template.Library()


@register.filter
def id_for(number: str, user) -> str:
    """An ID (or bank account) number as this user may see it: masked unless they hold
    ``view_full_id``."""
    return number_for(user, number)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, export links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def dict_get(mapping, key):
    """``{{ figures|dict_get:batch.pk }}``: a value from a dict built by the view."""
    return (mapping or {}).get(key)
