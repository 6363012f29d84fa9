"""Clean text in: no control, invisible or direction-changing characters reach the database.

Three doors, one rule (``clean_text``):

- ``CleanInputMiddleware`` cleans every value of ``request.GET`` and ``request.POST`` (forms,
  search boxes, filters, the admin), so no view, form or filter has to remember it; PostgreSQL
  refuses a NUL in text, and an unclean search box was a 500 there.
- ``NormalizedCharField`` stores names and identifiers in NFKC with inner whitespace collapsed,
  and normalises its lookups the same way: ``张\\u200b三`` is ``张三`` for uniqueness checks and
  searches, full-width digits in an ID number are digits.
- ``clean_rows`` cleans the text cells of a spreadsheet import (they come in through a file).
"""

import re
import unicodedata

from django.db import models
from django.http import QueryDict

# Line breaks and tabs are text in a multi-line field, and nowhere else.
LINE_BREAKS = "\t\n\r\u2028\u2029"
INVISIBLE = (
    # C0 and C1 control characters (NUL among them) and DEL, tab and line breaks aside
    [chr(c) for c in range(0x20) if chr(c) not in LINE_BREAKS]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    # zero-width space, non-joiner, joiner; word joiner, invisible operators; byte-order mark
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff"]
    # bidirectional marks, embeddings, overrides and isolates
    + ["\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_MULTI_LINE = str.maketrans(dict.fromkeys(INVISIBLE) | {"\u2028": "\n", "\u2029": "\n"})
_SINGLE_LINE = str.maketrans(dict.fromkeys(INVISIBLE) | dict.fromkeys(LINE_BREAKS, " "))
_UNCLEAN = re.compile("[" + re.escape("".join(INVISIBLE) + "\u2028\u2029") + "]")
# Never rewritten: a password is compared as typed, and was set as typed.
UNTOUCHED_KEYS = ("password",)


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` without control, zero-width and bidirectional-control characters.

    Tabs and line breaks stay in multi-line text and become spaces otherwise.
    """
    return value.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def normalize_identifier(value: str) -> str:
    """A name, ID number, code or phone number as stored and compared: clean, NFKC, inner
    whitespace collapsed to one space, none at the ends (``"张\\u200b三"`` → ``"张三"``,
    ``"６５４３"`` → ``"6543"``)."""
    # Cleaned first, so that what NFKC composes is what stays: no compatibility character
    # decomposes into one that clean_text removes.
    return " ".join(unicodedata.normalize("NFKC", clean_text(value, multiline=False)).split())


def has_unclean(value: str) -> bool:
    """Whether ``value`` holds a character ``clean_text`` removes (line breaks aside)."""
    return _UNCLEAN.search(value) is not None


def clean_query(query: QueryDict) -> QueryDict:
    """A copy of ``request.GET`` or ``request.POST`` with every key and value cleaned
    (passwords aside); the same object when nothing needs cleaning."""
    if not any(
        has_unclean(key) or any(has_unclean(v) for v in values) for key, values in query.lists()
    ):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        if any(word in key for word in UNTOUCHED_KEYS):
            cleaned.setlist(key, values)
        else:
            cleaned.setlist(clean_text(key, multiline=False), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Every request's query string and form data cleaned before a view, form or filter sees
    them. POST is cleaned in ``process_view``, after CSRF has parsed it, so that this
    middleware never parses a body that no view will read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST":
            request.POST = clean_query(request.POST)
        return None


def clean_rows(rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Spreadsheet rows (``burqin.spreadsheets.read_sheet``) with every text cell cleaned, as
    single-line text (every column imported is one line); importers normalise names and ID
    numbers themselves (``normalize_identifier``)."""
    return [
        (
            number,
            {
                key: clean_text(value, multiline=False) if isinstance(value, str) else value
                for key, value in values.items()
            },
        )
        for number, values in rows
    ]


class NormalizedCharField(models.CharField):
    """A name or identifier: stored and looked up as ``normalize_identifier`` makes it.

    Model validation (``full_clean``, which model forms run before their uniqueness checks)
    goes through ``to_python``, and so does every lookup (``get_prep_value``), so ``张\\u200b三``
    and ``张三`` are one name everywhere. The column is a plain ``CharField``: migrations
    record it as one, and changing a field to this class needs no migration.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_identifier(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
