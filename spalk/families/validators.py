"""Belgian national number (rijksregisternummer), checked with python-stdnum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import nn


def clean_national_number(value: str) -> str:
    """Return the 11 digits, or raise a ValidationError with a Dutch message a person can act on."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = nn.compact(value)
    if not compact.isdigit():
        raise ValidationError(_("A national number has only digits, for example 85.07.30-033.28."),
                              code="national_number_format")
    if len(compact) != 11:
        raise ValidationError(
            _("A national number has 11 digits; you typed %(count)s.") % {"count": len(compact)},
            code="national_number_length",
        )
    try:
        nn.validate(compact)
    except nn.InvalidChecksum:
        raise ValidationError(
            _("This national number is not valid: the check digits do not match. Check for a typing error."),
            code="national_number_checksum",
        ) from None
    except nn.ValidationError:
        raise ValidationError(
            _("This national number is not valid: the first six digits must be a birth date (YYMMDD)."),
            code="national_number_date",
        ) from None
    return compact

