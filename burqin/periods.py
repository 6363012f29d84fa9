"""Reporting periods: a month (``2026-05``), a half-year (``2026-H1``) or a year (``2026``)."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def add_months(value: datetime.date, months: int) -> datetime.date:
    index = value.year * 12 + value.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> datetime.date:
    """``2026-05`` → 1 May 2026; ``ValueError`` with a Chinese message otherwise."""
    match = _MONTH.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise ValueError(
            _("“%(value)s” is not a month; write it as YYYY-MM, e.g. 2026-05.") % {"value": text}
        )
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class Period:
    """A span of whole months, first day of ``start`` to the day before ``end``."""

    key: str
    start: datetime.date
    end: datetime.date  # exclusive: the first day after the period

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = (text or "").strip()
        if match := _HALF.match(text):
            year, half = int(match.group(1)), int(match.group(2))
            start = datetime.date(year, 1 if half == 1 else 7, 1)
            return cls(text, start, add_months(start, 6))
        if match := _YEAR.match(text):
            start = datetime.date(int(match.group(1)), 1, 1)
            return cls(text, start, add_months(start, 12))
        start = parse_month(text)
        return cls(text, start, add_months(start, 1))

    @classmethod
    def month(cls, value: datetime.date) -> "Period":
        start = month_start(value)
        return cls(f"{start:%Y-%m}", start, add_months(start, 1))

    @property
    def months(self) -> list[datetime.date]:
        result, current = [], self.start
        while current < self.end:
            result.append(current)
            current = add_months(current, 1)
        return result

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return self.key
