"""Input parsing of the contribution screens."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.families.models import Person
from spalk.finance.models import Category, CentreFinanceSettings


class AmountField(forms.DecimalField):
    """An amount in euro typed the Belgian way (1.234,56 or 1234,56) or with a point.

    A text input (with the decimal keyboard on a phone), not ``type=number``: a browser's number input refuses
    "1.234,56", the way the help text and every Belgian document write an amount."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return {**attrs, "inputmode": "decimal", "autocomplete": "off"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            value = text
        return super().to_python(value)


class RateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    monthly_amount = AmountField(label=_("Monthly amount (€)"), max_digits=9, decimal_places=2,
                                 min_value=Decimal(0), help_text=_("For example 1.314,20"))
    valid_from = DateField(label=_("Valid from"))
    valid_to = DateField(label=_("Valid until"), required=False,
                         help_text=_("Leave empty while no later amount is known."))
    source = forms.CharField(label=_("Source"), max_length=300,
                             help_text=_("Where the amount was published, for example the POD Maatschappelijke "
                                         "Integratie and the date of the indexation."))


class PercentageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    percentage = AmountField(label=_("Percentage"), max_digits=5, decimal_places=2, min_value=Decimal(0),
                             max_value=Decimal(100))
    valid_from = DateField(label=_("Valid from"))
    valid_to = DateField(label=_("Valid until"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300)


class QuoteForm(forms.Form):
    category = forms.ChoiceField(label=_("Leefloon category"), choices=Category.choices)
    start = DateField(label=_("First day of the stay"))
    end = DateField(label=_("Last day of the stay"))

    def clean(self):
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last day of the stay lies before the first day."))
        elif data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 3 * 366:
            self.add_error("end", _("A quote covers at most three years."))
        return data


class FinanceSettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CentreFinanceSettings
        fields = ["iban", "bic", "account_holder", "payment_days", "reminder_after_days"]


class _PersonChoice(forms.Form):
    """A form whose ``person`` choices the view gives (the parents of the family)."""

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if persons is not None:
            cast(forms.ModelChoiceField, self.fields["person"]).queryset = persons


class PayerForm(_PersonChoice):
    person: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Parent who pays"), queryset=Person.objects.none())
    category = forms.ChoiceField(label=_("Leefloon category"), choices=Category.choices)
    valid_from = DateField(label=_("From"))
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             help_text=_("For example: the category the OCMW decided after its social inquiry."))


class PayerEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    last_day = DateField(label=_("Last day this parent pays"))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReductionForm(_PersonChoice):
    person: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Parent"), queryset=Person.objects.none())
    percent = AmountField(label=_("Reduction (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                          max_value=Decimal(100), help_text=_("100 % waives the contribution for the period."))
    valid_from = DateField(label=_("From"))
    valid_to = DateField(label=_("Until"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount (€)"), max_digits=9, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = DateField(label=_("Paid on"))
    communication = forms.CharField(label=_("Structured communication"), max_length=200, required=False,
                                    help_text=_("+++123/4567/89012+++ links the payment to its statement."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RunForm(forms.Form):
    month = DateField(label=_("A day of the month to run"),
                      help_text=_("Running a month again changes only what changed: a credit note and a new "
                                  "statement, never a silent edit."))


class BankFileForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CODA or CAMT.053)"))


class AssignForm(forms.Form):
    reference = forms.CharField(label=_("Dossier number"), max_length=30)
