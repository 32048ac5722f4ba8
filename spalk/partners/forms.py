from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.partners.models import ContactPerson, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "support_form", "street", "postal_code", "city", "primary_care_zone", "phone",
                  "email", "website", "offer", "needs", "target_groups", "opening_hours", "referral_access",
                  "how_to_refer", "notes", "accepts_referrals", "is_active"]


class OrganisationCreateForm(OrganisationForm):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)

    field_order = ["centre", "name"]

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["centre"]).choices = [(c.pk, c.name) for c in centres]
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk
            self.fields["centre"].widget = forms.HiddenInput()


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "phone", "email", "is_active"]
