"""Input parsing for the intake screens."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.families.validators import NationalNumberField
from spalk.intake.models import (
    ADocumentStatus,
    CareKind,
    Channel,
    Consent,
    ContactKind,
    Mandate,
    Module,
    RegistrationMember,
    Status,
    Urgency,
    Weighing,
    follow_up_days,
)
from spalk.intake.screening import GROUPS, ITEMS


class ModuleChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Module) -> str:
        return f"{obj.code} – {obj.name}"


class RegistrationForm(forms.Form):
    received_on = DateField(label=_("Received on"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    referrer_organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Referring organisation"), queryset=None, required=False, help_text=_("From the partner directory."))
    referrer_contact: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Referring person"), queryset=None,
                                                                      required=False)
    referrer_text = forms.CharField(label=_("Referrer (free text)"), max_length=300, required=False,
                                    help_text=_("When the referrer is not in the partner directory, or is the "
                                                "family itself."))
    mandate = forms.ChoiceField(label=_("Mandate"), choices=Mandate.choices,
                                help_text=_("It changes what may be shared with the referrer."))
    family_name = forms.CharField(label=_("Family name"), max_length=150,
                                  help_text=_("As known at registration, for example: Gezin Peeters."))
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    question_family = forms.CharField(label=_("Question in the family's words"), widget=forms.Textarea,
                                      required=False)
    question_referrer = forms.CharField(label=_("Question of the referrer"), widget=forms.Textarea, required=False)
    care = forms.ChoiceField(label=_("Requested care"), choices=CareKind.choices)
    requested_modules = ModuleChoice(label=_("Requested modules"), queryset=Module.objects.none(), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations=None, contacts=None, modules=None, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["referrer_organisation"]).queryset = organisations
        contact_field = cast(Any, self.fields["referrer_contact"])
        contact_field.queryset = contacts
        contact_field.label_from_instance = lambda c: f"{c.name} – {c.organisation.name}"
        cast(forms.ModelChoiceField, self.fields["requested_modules"]).queryset = modules
        if centres:
            self.fields["centre"] = forms.TypedChoiceField(label=_("Centre"), coerce=int,
                                                           choices=[(c.pk, c.name) for c in centres])
            self.order_fields(["centre"])
            if len(centres) == 1:
                self.fields["centre"].initial = centres[0].pk
                self.fields["centre"].widget = forms.HiddenInput()


class MemberForm(forms.ModelForm):
    national_number = NationalNumberField(
        label=_("National number"),
        help_text=_("Rijksregisternummer, 11 digits. Used to find the person if the centre already knows them."))

    class Meta:
        model = RegistrationMember
        fields = ["role", "first_name", "last_name", "birth_date", "expected_birth_date", "national_number",
                  "relation", "pregnant", "consent"]
        field_classes = {"birth_date": DateField, "expected_birth_date": DateField}
        help_texts = {"consent": _("Parents, and each minor aged 12 or more, consent to the registration.")}

    def clean(self):
        data = super().clean() or {}
        if not data.get("first_name") and not data.get("last_name") and data.get("role") != "unborn":
            raise forms.ValidationError(_("Give at least a first name or a last name."))
        return data


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Next step"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text=_("Required for every decision: waiting list, admission, referral, "
                                         "declining, withdrawal."))
    referred_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Refer to (partner directory)"), queryset=None, required=False,
        help_text=_("Required when declining or referring on: the suggested partners are listed first."))
    referral_note = forms.CharField(label=_("Referral note"), widget=forms.Textarea(attrs={"rows": 2}),
                                    required=False, help_text=_("Or describe where the family can go."))

    def __init__(self, *args, next_statuses=(), organisations=None, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [(s, Status(s).label) for s in next_statuses]
        referred = cast(Any, self.fields["referred_to"])
        referred.queryset = organisations
        suggested = {o.pk for o in suggestions}
        referred.label_from_instance = (
            lambda o: f"{o.name} ({o.get_kind_display()})" + (" – " + str(_("suggested")) if o.pk in suggested
                                                             else ""))


class ScreeningForm(forms.Form):
    weighing = forms.ChoiceField(label=_("Team weighing of the contra-indications"), choices=Weighing.choices,
                                 help_text=_("Are the contra-indications so dominant that they limit what the CIG "
                                             "can do? The team decides, not spalk."))
    weighing_note = forms.CharField(label=_("Reasoning of the team"), widget=forms.Textarea(attrs={"rows": 3}),
                                    required=False)
    weighed_on = DateField(label=_("Weighed in team on"), required=False)

    ANSWER_CHOICES = [("unknown", _("unknown")), ("yes", _("yes")), ("no", _("no"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[f"{item.code}__answer"] = forms.ChoiceField(
                label=cast(Any, item.label), choices=self.ANSWER_CHOICES, widget=forms.RadioSelect, initial="unknown",
                required=False)
            self.fields[f"{item.code}__note"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1}))

    def groups(self):
        """[(label, [(answer field, note field), ...]), ...] for the template."""
        return [(label, [(self[f"{i.code}__answer"], self[f"{i.code}__note"]) for i in ITEMS if i.group == g])
                for g, label in GROUPS]

    def answers(self) -> dict:
        return {i.code: {"answer": self.cleaned_data.get(f"{i.code}__answer") or "unknown",
                         "note": self.cleaned_data.get(f"{i.code}__note", "")} for i in ITEMS}

    @staticmethod
    def initial_from(screening) -> dict:
        if screening is None:
            return {}
        initial = {"weighing": screening.weighing, "weighing_note": screening.weighing_note,
                   "weighed_on": screening.weighed_on}
        for code, value in screening.answers.items():
            initial[f"{code}__answer"] = value.get("answer", "unknown")
            initial[f"{code}__note"] = value.get("note", "")
        return initial


class ADocumentForm(forms.Form):
    modules = ModuleChoice(label=_("Requested modules"), queryset=Module.objects.none(),
                           help_text=_("Only modules that are not directly accessible need an indication."))
    question = forms.CharField(label=_("Question for help"), widget=forms.Textarea, required=False)
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea, required=False,
                                 help_text=_("Why these modules, why now; what was tried before."))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    contact_name = forms.CharField(label=_("Contact person at the centre"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone of the contact person"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail of the contact person"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, modules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.module_list = list(modules)
        cast(forms.ModelChoiceField, self.fields["modules"]).queryset = modules
        for module in self.module_list:
            self.fields[f"term_{module.pk}"] = forms.IntegerField(
                label=_("Term in months for %(code)s") % {"code": module.code}, min_value=1, max_value=24,
                initial=6, required=False)

    def lines(self) -> list[tuple[Module, int]]:
        return [(m, self.cleaned_data.get(f"term_{m.pk}") or 6) for m in self.cleaned_data.get("modules", [])]


class ADocumentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = DateField(label=_("Date"))
    itp_reference = forms.CharField(label=_("ITP reference"), max_length=60, required=False)
    modules_granted = ModuleChoice(label=_("Modules granted"), queryset=Module.objects.none(), required=False)
    granted_from = DateField(label=_("Indication valid from"), required=False)
    granted_until = DateField(label=_("Indication valid until"), required=False)
    refusal_reason = forms.CharField(label=_("Reason of the refusal"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False)

    def __init__(self, *args, next_statuses=(), modules=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [(s, ADocumentStatus(s).label)
                                                                  for s in next_statuses]
        cast(forms.ModelChoiceField, self.fields["modules_granted"]).queryset = modules


class PriorityForm(forms.Form):
    priority = forms.IntegerField(label=_("Priority"), min_value=-5, max_value=5,
                                  help_text=_("Higher comes first; 0 is normal."))
    priority_reason = forms.CharField(label=_("Reason"), max_length=500)


class WaitingContactForm(forms.Form):
    on = DateField(label=_("Date of the contact"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_contact_due = DateField(label=_("Next contact due"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_contact_due"].help_text = _("Empty: %(days)s days after this contact.") % {
            "days": follow_up_days()}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["code", "name", "kind", "frequency", "directly_accessible", "family_admission", "valid_from",
                  "valid_until", "sort_order"]
        field_classes = {"valid_from": DateField, "valid_until": DateField}
