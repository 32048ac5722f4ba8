from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.families.models import Family, MemberRole, Sex
from spalk.families.validators import NationalNumberField


class FamilyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Family
        fields = ["name", "street", "postal_code", "city", "phone", "languages"]
        help_texts = {"name": _("How the team names this family, for example: Gezin Peeters-Diallo.")}


class FamilyCreateForm(FamilyForm):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)

    field_order = ["centre", "name"]

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["centre"]).choices = [(c.pk, c.name) for c in centres]
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk
            self.fields["centre"].widget = forms.HiddenInput()


class PersonFields(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = DateField(label=_("Birth date"), required=False)
    expected_birth_date = DateField(label=_("Expected birth date"), required=False,
                                    help_text=_("Only for an unborn child."))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    national_number = NationalNumberField(label=_("National number"),
                                          help_text=_("Rijksregisternummer, 11 digits, for example 85.07.30-033.28."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


    def clean(self):
        data = super().clean() or {}
        if not data.get("first_name") and not data.get("last_name") and data.get("role") != MemberRole.UNBORN:
            raise forms.ValidationError(_("Give at least a first name or a last name."))
        return data


class MemberForm(PersonFields):
    role = forms.ChoiceField(label=_("Role in the family"), choices=MemberRole.choices)
    relation = forms.CharField(label=_("Relation"), max_length=100, required=False,
                               help_text=_("For example: mother, grandmother, partner not in residence."))
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)

    field_order = ["role", "first_name", "last_name", "birth_date", "expected_birth_date", "sex",
                   "national_number", "relation", "pregnant", "phone", "email"]
