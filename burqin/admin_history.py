"""The admin's history pages in Chinese: the base every app's admin uses instead of
``simple_history.admin.SimpleHistoryAdmin``.

django-simple-history prints a change as the stored values — a state's code (``draft → locked``),
``None``, ``Deleted 用户 (pk=None)`` for an empty link — and the user who made it by login name.
Here a change reads as a form shows it: a choice's label, 是/否, — for nothing, a linked record by
its name and a person by their name (burqin.people).
"""

from django.db import models
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .people import person_name

EMPTY = "—"


def display_value(field, value):
    """A stored value as a Chinese reader recognises it."""
    if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
        return EMPTY
    if isinstance(value, DeletedObject):
        return _("%(model)s (deleted)") % {"model": value.model._meta.verbose_name}
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(field, models.JSONField):
        return _("(structured data)")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if hasattr(value, "get_username"):
        return person_name(value)
    return value


def shortened(value, limit: int = 100) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ChineseHistoryContext(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return display_value(self.model._meta.get_field(change.field), value)

    def stringify_delta_change_values(self, change, old, new):
        # The library marks a cut with "[42 chars]"; an ellipsis reads in any language.
        return conditional_escape(shortened(old)), conditional_escape(shortened(new))


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history list shows labels and names (see the module)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ChineseHistoryContext(self.model, historical_record)
