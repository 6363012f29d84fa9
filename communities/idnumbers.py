"""Resident identity numbers (居民身份证号码): validation, derived facts and masking."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def validate_id_number(value: str) -> str:
    """Return the normalised number or raise ``ValidationError`` saying what is wrong."""
    number = normalize_id_number(value)
    if not number:
        raise ValidationError(_("ID number is required."), code="required")
    try:
        return ric.validate(number)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(
            _("ID number must have 18 characters (it has %(count)d).") % {"count": len(number)},
            code="length",
        ) from None
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("ID number check digit is wrong; please check the number."), code="checksum"
        ) from None
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            _("ID number contains an impossible birth date or region code."), code="component"
        ) from None
    except stdnum_exceptions.InvalidFormat:
        raise ValidationError(
            _("ID number may contain only digits and a final X."), code="format"
        ) from None


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def sex_of(number: str) -> str:
    """'M' or 'F': the 17th digit is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str) -> str:
    """``654321199001011234`` → ``6543**********1234``: region prefix and last four kept."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def make_id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid number (used by seed data and tests); odd sequence for men."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body)
