"""The town's number style: one module for the narrative, report tables, pages and dashboard cards.

- Counts of four or more digits grouped by three with a space, as the town writes them:
  ``2754 → "2 754"`` (an ordinary space, U+0020, character for character the town's text).
- Money in the narrative: 10,000 元 or more as 万元 with two decimals, half up
  (``1818800 → "181.88万元"``), unless the program says to write 元 (``33800 → "33 800元"``);
  less than 10,000 元 always in 元 (``5460 → "5 460元"``).
- Money on pages and in tables: 元 with two decimals and thousands commas
  (``122540 → "122,540.00 元"``); on dashboard cards the narrative's 万元 (``"12.25万元"``).
- Quantities without trailing zeros and with the unit in Chinese (``83.000 tonne → "83吨"``).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import pgettext_lazy

GROUP_SEPARATOR = " "
# welfare.Program.Unit codes → the unit written after a number (元, 吨, 袋, 件: in the catalogue).
UNITS = {
    "yuan": pgettext_lazy("unit", "yuan"),
    "tonne": pgettext_lazy("unit", "tonne"),
    "bag": pgettext_lazy("unit", "bag"),
    "item": pgettext_lazy("unit", "item"),
}

# How a program's money is written in the narrative (welfare.Program.money_style).
WAN = "wan"
YUAN = "yuan"

_CENT = Decimal("0.01")


def group_digits(digits: str, separator: str = GROUP_SEPARATOR) -> str:
    """'2754' → '2 754'; numbers of three digits or fewer unchanged; a sign is kept."""
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    if len(digits) < 4:
        return sign + digits
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + separator.join(groups)


def _decimal_text(value: Decimal, separator: str = GROUP_SEPARATOR) -> str:
    """A decimal with its integer part grouped and without trailing zeros: 1234.50 → '1 234.5'."""
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return group_digits(str(int(value)), separator)
    whole, fraction = f"{value:f}".split(".")
    return f"{group_digits(whole, separator)}.{fraction}"


def format_count(value) -> str:
    """2754 → '2 754'; 737 → '737'."""
    return group_digits(str(int(value)))


def format_about(value) -> str:
    """A count the town gives roughly (咨询120多次): from 100 on, rounded down to its two leading
    digits with 多 when anything was cut — 123 → '120多', 120 → '120', 1 234 → '1 200多';
    below 100 exactly (87 → '87')."""
    value = int(value)
    if value < 100:
        return format_count(value)
    step = 10 ** (len(str(value)) - 2)
    rounded = value // step * step
    return format_count(rounded) + ("多" if rounded != value else "")


def format_money(amount, style: str = WAN) -> str:
    """The narrative's money: 1818800 → '181.88万元' (12345678 → '1 234.57万元');
    5460 → '5 460元'; with ``style=YUAN``
    33800 → '33 800元'; cents only when there are any (8700.50 → '8 700.50元')."""
    amount = Decimal(amount)
    if style == WAN and abs(amount) >= 10000:
        whole, cents = str((amount / 10000).quantize(_CENT, rounding=ROUND_HALF_UP)).split(".")
        return f"{group_digits(whole)}.{cents}万元"
    if amount == amount.to_integral_value():
        return f"{group_digits(str(int(amount)))}元"
    whole, cents = str(amount.quantize(_CENT, rounding=ROUND_HALF_UP)).split(".")
    return f"{group_digits(whole)}.{cents}元"


def format_quantity(quantity, unit: str = "") -> str:
    """83.000 tonne → '83吨'; 1.5 tonne → '1.5吨'; 1200 bag → '1 200袋'."""
    return f"{_decimal_text(Decimal(quantity))}{unit_name(unit)}"


def unit_name(unit: str) -> str:
    """A unit's Chinese name ('tonne' → '吨'); a name already in Chinese is returned as it is."""
    return str(UNITS.get(unit, unit))


def format_yuan(amount, unit: bool = True) -> str:
    """Money on pages and in tables: 122540 → '122,540.00 元' (without ``unit``: '122,540.00')."""
    value = Decimal(amount if amount not in (None, "") else 0)
    whole, cents = str(value.quantize(_CENT, rounding=ROUND_HALF_UP)).split(".")
    text = f"{group_digits(whole, ',')}.{cents}"
    return f"{text} 元" if unit else text


def format_card(amount) -> str:
    """Money on dashboard cards: the narrative's style, 122540 → '12.25万元'."""
    return format_money(Decimal(amount if amount not in (None, "") else 0))
