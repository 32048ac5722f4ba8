"""Belgian national number (rijksregisternummer), checked with python-stdnum."""

from __future__ import annotations

from django import forms
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



def format_national_number(value: str) -> str:
    """``09031412483`` → ``09.03.14-124.83`` (how it is written on the identity card); anything else as is."""
    return nn.format(value) if value and nn.is_valid(value) else value


class NationalNumberField(forms.CharField):
    """A national number typed as on the identity card ("09.03.14-124.83") or as 11 digits: stored as the
    11 digits, shown formatted. Room for the dots, dash and spaces: the browser must not cut the input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def prepare_value(self, value):
        return format_national_number(value) if isinstance(value, str) else value

    def clean(self, value):
        return clean_national_number(super().clean(value))
