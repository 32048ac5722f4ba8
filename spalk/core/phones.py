"""Phone numbers, checked with ``phonenumbers`` (Belgium unless another country code is typed): the one place
that wraps the library (centres' permanence numbers, safety persons, ...).

Stored as E.164 (+3259234678) so that a tap on the number calls it from any phone; shown in the national
format (059 23 46 78) or the international one for a foreign number.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "BE"


def clean_phone(value: str, *, required: str | None = None) -> str:
    """The number as E.164, or a ValidationError with a Dutch message to act on. An empty value gives "", or the
    ``required`` message (what to type) when the number is required."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(required, code="phone_required")
        return ""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number. Type it as 059 23 46 78 or +32 59 23 46 78."),
                              code="phone_format") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number does not exist. Check the number of digits, for example "
                                "0470 12 34 56 (mobile) or 059 23 46 78."), code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """A stored number as a person reads it; anything that does not parse as it is."""
    try:
        number = phonenumbers.parse(value or "", REGION)
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_href(value: str) -> str:
    """The ``tel:`` target of a number (E.164 when it parses)."""
    try:
        number = phonenumbers.parse(value or "", REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
