from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.accounts.models import User
from spalk.core.forms import DateField
from spalk.families.models import Person
from spalk.logbook.models import Note
from spalk.network.models import (
    Basis,
    ConsentRecord,
    MeetingKind,
    ReferralStatus,
    Scope,
    ShareKind,
    SignalCategory,
    SupportForm,
)
from spalk.network.supportforms import SITUATIONS
from spalk.partners.models import ContactPerson, Organisation
from spalk.plans.models import Report


class ConsentForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices, initial=Basis.CONSENT)
    basis_note = forms.CharField(label=_("Legal basis, as written"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("Only for a legal basis: which mandate or duty, its reference and date."))
    scope = forms.ChoiceField(label=_("What may be shared"),
                              choices=[c for c in Scope.choices if c[0] != Scope.REGISTRATION])
    scope_note = forms.CharField(label=_("What exactly"), max_length=300, required=False)
    organisation = forms.ModelChoiceField(label=_("With which organisation"),
                                          queryset=Organisation.objects.none(), required=False)
    contact = forms.ModelChoiceField(label=_("With which person"), queryset=ContactPerson.objects.none(),
                                     required=False)
    recipient_text = forms.CharField(label=_("Recipient (free text)"), max_length=200, required=False,
                                     help_text=_("When the recipient is not in the sociale kaart."))
    purpose = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = DateField(label=_("From"))
    valid_until = DateField(label=_("Until"), required=False)
    givers = forms.ModelMultipleChoiceField(label=_("Who gave consent"), queryset=Person.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("Each parent, and a minor of 12 or more for what concerns "
                                                        "them."))

    def __init__(self, *args, organisations, contacts, persons, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = contacts
        cast(forms.ModelChoiceField, self.fields["givers"]).queryset = persons


class ConsentEditForm(forms.Form):
    purpose = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    scope_note = forms.CharField(label=_("What exactly"), max_length=300, required=False)
    recipient_text = forms.CharField(label=_("Recipient (free text)"), max_length=200, required=False)
    valid_until = DateField(label=_("Until"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Who withdrew, and what they said"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you share?"), choices=ShareKind.choices)
    consent = forms.ModelChoiceField(label=_("Under which consent or basis"), queryset=ConsentRecord.objects.none())
    report = forms.ModelChoiceField(label=_("Report"), queryset=Report.objects.none(), required=False)
    note = forms.ModelChoiceField(label=_("Logbook note"), queryset=Note.objects.none(), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    concerns = forms.ModelMultipleChoiceField(label=_("Whom does it concern?"), queryset=Person.objects.none(),
                                              required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, consents, reports, notes, persons, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["consent"]).queryset = consents
        cast(forms.ModelChoiceField, self.fields["report"]).queryset = reports
        cast(forms.ModelChoiceField, self.fields["note"]).queryset = notes
        cast(forms.ModelChoiceField, self.fields["concerns"]).queryset = persons


class SituationForm(forms.Form):
    situations = forms.MultipleChoiceField(label=_("The family's situation"), choices=SITUATIONS, required=False,
                                           widget=forms.CheckboxSelectMultiple)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = DateField(label=_("Date"))
    family_participants = forms.CharField(label=_("From the family"), max_length=300, required=False)
    network_participants = forms.CharField(label=_("From the network"), max_length=300, required=False)
    partner_participants = forms.CharField(label=_("Partners"), max_length=300, required=False)
    organisations = forms.ModelMultipleChoiceField(label=_("Partner organisations"),
                                                   queryset=Organisation.objects.none(), required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    staff = forms.ModelMultipleChoiceField(label=_("Staff"), queryset=User.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    family_voice = forms.CharField(label=_("The family's own voice"), widget=forms.Textarea(attrs={"rows": 3}),
                                   required=False, help_text=_("What the family said, in their own words."))
    summary = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)
    next_on = DateField(label=_("Next meeting"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, staff, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisations"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = staff


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=300)
    who = forms.CharField(label=_("Who"), max_length=150, required=False,
                          help_text=_("Family, network or partner."))
    responsible = forms.ModelChoiceField(label=_("Responsible worker"), queryset=User.objects.none(), required=False)
    due_on = DateField(label=_("By when"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = staff


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("To which organisation"), queryset=Organisation.objects.none())
    contact = forms.ModelChoiceField(label=_("Contact person"), queryset=ContactPerson.objects.none(), required=False)
    support_form = forms.ModelChoiceField(label=_("Support form"), queryset=SupportForm.objects.none(), required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations, contacts, support_forms, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = contacts
        cast(forms.ModelChoiceField, self.fields["support_form"]).queryset = support_forms


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    status_note = forms.CharField(label=_("Note on the status"), widget=forms.Textarea(attrs={"rows": 2}),
                                  required=False)
    handover_confirmed_on = DateField(label=_("Hand-over confirmed by the partner on"), required=False)
    handover_confirmed_by = forms.CharField(label=_("Confirmed by"), max_length=150, required=False)
    follow_up_on = DateField(label=_("Follow-up after care ends"), required=False,
                             help_text=_("When the centre contacts the family again (terugvalbasis)."))
    follow_up_note = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignalForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)
    category = forms.ChoiceField(label=_("Category"), choices=SignalCategory.choices)
    primary_care_zone = forms.CharField(label=_("Eerstelijnszone"), max_length=100)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    noted_on = DateField(label=_("Noted on"))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Without names: this text is not exported."))

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["centre"]).choices = [(c.pk, c.name) for c in centres]
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk
            self.fields["centre"].widget = forms.HiddenInput()

