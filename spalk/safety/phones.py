"""Phone numbers of safety persons, checked with ``phonenumbers`` (Belgium unless another country code is typed).

Stored as E.164 (+32470123456) so that a tap on the number calls it from any phone; shown in the national
format (0470 12 34 56) or the international one for a foreign number.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "BE"


def clean_phone(value: str) -> str:
    """The number as E.164, or a ValidationError with a Dutch message a person can act on."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Type the phone number of this safety person, for example 0470 12 34 56."),
                              code="phone_required")
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number. Type it as 0470 12 34 56 or +32 470 12 34 56."),
                              code="phone_format") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number does not exist. Check the number of digits, for example "
                                "0470 12 34 56 (mobile) or 050 12 34 56."), code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """A stored E.164 number as a person reads it."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
