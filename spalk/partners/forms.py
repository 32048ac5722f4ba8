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


SECTOR_LIST = 0  # the choice of the centre field that means: the shared sector list (no centre)


class OrganisationCreateForm(OrganisationForm):
    centre = forms.TypedChoiceField(label=_("Where in the sociale kaart"), coerce=int)

    field_order = ["centre", "name"]

    def __init__(self, *args, centres=(), sector=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.pk, c.name) for c in centres]
        if sector:
            choices.insert(0, (SECTOR_LIST, str(_("Shared sector list (every centre reads it)"))))
        cast(forms.ChoiceField, self.fields["centre"]).choices = choices
        if len(choices) == 1:
            self.fields["centre"].initial = choices[0][0]
            self.fields["centre"].widget = forms.HiddenInput()


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "phone", "email", "is_active"]
