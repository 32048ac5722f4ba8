"""Form helpers shared by every app: nl-BE date inputs and DomainError → form error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.errors import DomainError
from spalk.core.params import EARLIEST, LATEST, in_range


class DateInput(forms.DateInput):
    """A text field for dd/mm/jjjj: predictable on every browser and easy to type on a phone."""

    def __init__(self, attrs=None):
        base = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off",
                "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date between 1900 and 2999 (spalk.core.params), so that no screen's date arithmetic overflows."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Type a date as dd/mm/yyyy, for example 05/03/2024.")})
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not in_range(value):
            raise forms.ValidationError(_("Type a date between %(first)s and %(last)s."), code="out_of_range",
                                        params={"first": f"{EARLIEST:%d/%m/%Y}", "last": f"{LATEST:%d/%m/%Y}"})


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a DomainError on the field it concerns (or on top of the form), keeping all input."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
