"""Resident identity numbers (居民身份证号码): validation, derived facts and masking."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import numdb
from stdnum.cn import ric

from burqin.text import NormalizedCharField, normalize_identifier


def normalize_id_number(value: str) -> str:
    """As stored: no spaces or invisible characters, full-width digits as digits, upper case."""
    return normalize_identifier(value or "").replace(" ", "").upper()


class IdNumberField(NormalizedCharField):
    """An ID number stored, compared and looked up as ``normalize_id_number`` writes it."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_id_number(value) if isinstance(value, str) else value


def validate_id_number(value: str) -> str:
    """Return the normalised number or raise ``ValidationError`` saying what is wrong.

    Length, format, check digit and birth date are checked with ``stdnum.cn.ric``. The region
    code must be one ``stdnum`` knows, but not necessarily in force in the birth year:
    ``ric.validate`` requires that, which rejects every 布尔津县 resident born before 1984 (the
    code 654321 dates from 1984, and numbers were issued with the code in force at issue).
    """
    number = ric.compact(normalize_id_number(value))
    if not number:
        raise ValidationError(_("ID number is required."), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("ID number must have 18 characters (it has %(count)d).") % {"count": len(number)},
            code="length",
        )
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise ValidationError(_("ID number may contain only digits and a final X."), code="format")
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("ID number check digit is wrong; please check the number."), code="checksum"
        )
    try:
        ric.get_birth_date(number)
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            _("ID number contains an impossible birth date."), code="birth_date"
        ) from None
    if not _region_known(number[:6]):
        raise ValidationError(
            _("ID number starts with an unknown region code %(code)s.") % {"code": number[:6]},
            code="region",
        )
    return number


def _region_known(code: str) -> bool:
    results = numdb.get("cn/loc").info(code)
    return any("county" in props for _part, props in results)


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def sex_of(number: str) -> str:
    """'M' or 'F': the 17th digit is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str) -> str:
    """``654321199001011234`` → ``6543**********1234``: region prefix and last four kept.

    The one mask for every personal number shown: bank accounts too (``6228**********0123``, the
    card's issuer and last four kept, as on a bank's own receipt).
    """
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


VIEW_FULL_ID = "communities.view_full_id"


def can_view_full_id(user) -> bool:
    """Whether the user sees ID numbers unmasked (the ``view_full_id`` permission)."""
    return user.has_perm(VIEW_FULL_ID)


def id_number_for(user, number: str) -> str:
    """The ID number as this user may see it — masked unless they hold ``view_full_id``. Lists,
    details, exports and the ``id_for`` template filter all show numbers through this."""
    if not number or can_view_full_id(user):
        return number
    return mask_id_number(number)


def make_id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid number (used by seed data and tests); odd sequence for men."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a (placeholder) check digit
