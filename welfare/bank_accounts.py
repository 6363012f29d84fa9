"""Bank accounts (惠民一卡通) payments go to: normalised as the bank reads them, validated."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from burqin.text import normalize_identifier

BANK_ACCOUNT_SEPARATORS = re.compile(r"[\s\-‐‑–—－]+")
BANK_ACCOUNT_LENGTH = (12, 19)


def normalize_bank_account(value: str) -> str:
    """As stored and sent to the bank: full-width digits as digits, no spaces or dashes."""
    return BANK_ACCOUNT_SEPARATORS.sub("", normalize_identifier(value or ""))


def validate_bank_account(number: str) -> None:
    """Digits only, 12 to 19 of them, and the card's check digit right (Luhn, as every
    UnionPay card number carries): a typo is caught here, not by the bank a month later."""
    if not number.isdigit():
        raise forms.ValidationError(
            _("A bank account has digits only (spaces and dashes are removed)."), code="format"
        )
    low, high = BANK_ACCOUNT_LENGTH
    if not low <= len(number) <= high:
        raise forms.ValidationError(
            _("A bank account has %(low)d to %(high)d digits; this one has %(count)d.")
            % {"low": low, "high": high, "count": len(number)},
            code="length",
        )
    if not luhn.is_valid(number):
        raise forms.ValidationError(
            _("This bank account number is wrong: its check digit does not match. Check the card."),
            code="checksum",
        )
