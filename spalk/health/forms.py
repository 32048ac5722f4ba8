"""Input parsing of the health screens (nl-BE: dates dd/mm/jjjj, decimals with a comma)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdReason
from spalk.core.forms import DateField
from spalk.families.models import Sex
from spalk.health.models import (
    GORDON_PATTERNS,
    AdministrationStatus,
    EntryKind,
    Milestone,
    MilestoneStatus,
    Severity,
)
from spalk.health.schedule import VACCINES

SHARED_HELP = _("Counsellors of the family see this record. Without the tick only the health coordinator and the "
                "team lead do.")


class CommaDecimalField(forms.Field):
    """A decimal typed with a comma or a point (3,450 or 3.450)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, places: int, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.places = places

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Type a number, for example 3,45."), code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(_("Type a number, for example 3,45."), code="invalid")
        return number


class SharedField(forms.BooleanField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Share with the counsellors"))
        kwargs.setdefault("help_text", SHARED_HELP)
        super().__init__(**kwargs)


class GrowthForm(forms.Form):
    measured_on = DateField(label=_("Date"))
    weight_kg = CommaDecimalField(places=3, label=_("Weight (kg)"), help_text=_("For example 4,250."))
    length_cm = CommaDecimalField(places=1, label=_("Length or height (cm)"),
                                  help_text=_("Lying down (length) until 2 years, standing (height) from 2 years."))
    head_circumference_cm = CommaDecimalField(places=1, label=_("Head circumference (cm)"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    shared_with_team = SharedField()


class PregnancyForm(forms.Form):
    expected_date = DateField(label=_("Expected date of delivery"))
    last_period_date = DateField(label=_("First day of the last period"), required=False)
    risks = forms.CharField(label=_("Risks"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            help_text=_("For example: high blood pressure, gestational diabetes, smoking."))
    birth_plan = forms.CharField(label=_("Birth plan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hospital = forms.CharField(label=_("Where the birth is planned"), max_length=200, required=False)
    shared_with_team = SharedField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsultationForm(forms.Form):
    held_on = DateField(label=_("Date"))
    with_whom = forms.CharField(label=_("With"), max_length=200, required=False)
    notes = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_on = DateField(label=_("Next consultation"), required=False)
    shared_with_team = SharedField()


class BirthForm(forms.Form):
    born_on = DateField(label=_("Birth date"))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[(Sex.FEMALE, _("female")), (Sex.MALE, _("male")),
                                                     (Sex.X, _("X")), (Sex.UNKNOWN, _("unknown"))])
    weight_kg = CommaDecimalField(places=3, label=_("Birth weight (kg)"))
    length_cm = CommaDecimalField(places=1, label=_("Birth length (cm)"))
    head_circumference_cm = CommaDecimalField(places=1, label=_("Head circumference (cm)"))
    gestational_weeks = forms.IntegerField(label=_("Gestational age: weeks"), required=False, min_value=22,
                                           max_value=44, help_text=_("Empty: computed from the expected date."))
    gestational_days = forms.IntegerField(label=_("and days"), required=False, min_value=0, max_value=6)
    place = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VaccinationForm(forms.Form):
    vaccine = forms.ChoiceField(label=_("Vaccine"), choices=list(VACCINES.items()))
    dose_number = forms.IntegerField(label=_("Dose"), min_value=1, max_value=6)
    given_on = DateField(label=_("Given on"))
    product = forms.CharField(label=_("Product (brand)"), max_length=100, required=False,
                              help_text=_("For rotavirus: Rotarix (2 doses) or RotaTeq (3 doses)."))
    batch = forms.CharField(label=_("Batch number"), max_length=50, required=False)
    given_by = forms.CharField(label=_("Given by"), max_length=200, required=False)
    shared_with_team = SharedField()


class EntryForm(forms.Form):
    # development milestones have their own structured screen (MilestoneForm); older milestone entries stay readable
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in EntryKind.choices if c[0] != EntryKind.MILESTONE])
    noted_on = DateField(label=_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200,
                            help_text=_("For example: blood pressure, contraceptive pill, sleep."))
    text = forms.CharField(label=_("What was seen or discussed"), widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)
    shared_with_team = SharedField()


class AllergyForm(forms.Form):
    substance = forms.CharField(label=_("Allergic to"), max_length=200)
    reaction = forms.CharField(label=_("Reaction"), max_length=300, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    noted_on = DateField(label=_("Known since"), required=False)
    shared_with_team = SharedField(initial=True)


class MedicationForm(forms.Form):
    name = forms.CharField(label=_("Medication"), max_length=200)
    dose = forms.CharField(label=_("Dose"), max_length=100, help_text=_("For example: 2,5 ml, 1 tablet."))
    route = forms.CharField(label=_("How"), max_length=100, required=False)
    times = forms.CharField(label=_("Times of the day"), max_length=100, required=False,
                            help_text=_("For example: 08:00 20:00. Leave empty for 'when needed'."))
    start_on = DateField(label=_("From"))
    end_on = DateField(label=_("Until"), required=False)
    prescribed_by = forms.CharField(label=_("Prescribed by"), max_length=200, required=False)
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    shared_with_team = SharedField(initial=True, help_text=_("The counsellors in the house see it and log the doses "
                                                             "they give."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AdministrationForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened"), choices=AdministrationStatus.choices,
                               initial=AdministrationStatus.GIVEN)
    scheduled_for = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False,
                           help_text=_("Required when the dose was not given."))


class GordonForm(forms.Form):
    assessed_on = DateField(label=_("Date"))
    summary = forms.CharField(label=_("Summary and next steps"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    shared_with_team = SharedField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in GORDON_PATTERNS:
            self.fields[code] = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}),
                                                required=False)
            self.fields[f"{code}_concern"] = forms.BooleanField(label=_("A concern"), required=False)

    def answers(self) -> dict:
        d = self.cleaned_data
        return {code: {"observation": d.get(code, ""), "concern": bool(d.get(f"{code}_concern"))}
                for code, _label in GORDON_PATTERNS}


class ErrorForm(forms.Form):
    """Mark a record as entered in error: it is not deleted, it stays in the history with this reason."""

    reason = forms.CharField(label=_("Why was this entered in error?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: entered for the wrong child, typing error in the weight."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithholdForm(forms.Form):
    """The shared withholding mark on one health record: set with a reason, or cleared."""

    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False,
                                  help_text=_("The family does not see it in their own view. Staff who may read the "
                                              "dossier still do."))
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", _("no reason")), *WithholdReason.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)


class MedicationStopForm(forms.Form):
    end_on = DateField(label=_("Last day"), help_text=_("No dose is planned after this day."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AllergyEndForm(forms.Form):
    resolved_on = DateField(label=_("No longer present since"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MilestoneForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=Milestone.objects.none())
    observed_on = DateField(label=_("Observed on"))
    status = forms.ChoiceField(label=_("Achieved?"), choices=MilestoneStatus.choices)
    achieved_on = DateField(label=_("Achieved on"), required=False,
                            help_text=_("Only when achieved: the first day the child did it."))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    shared_with_team = SharedField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = Milestone.objects.filter(is_active=True)
