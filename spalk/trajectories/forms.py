"""Input parsing for trajectory screens. Rules live in services; forms only parse."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.trajectories.models import Agreement, CentreTrajectorySettings, Destination, Phase, SupporterScope
from spalk.trajectories.modules import ModuleCode

CARE_CHOICES = [("stay_high", _("stay, high frequency")), ("stay_low", _("stay, low frequency")),
                ("crisis", _("short crisis stay"))]
PHASE_CHOICES = [c for c in Phase.choices if c[0] != Phase.AFTERCARE]



def _choices(field: forms.Field) -> forms.ChoiceField:
    """The choice field among a form's fields (choices are set per request)."""
    assert isinstance(field, forms.ChoiceField)
    return field

def _member_choices(members) -> list[tuple[int, str]]:
    return [(m.pk, f"{m.person.full_name} ({m.get_role_display()})") for m in members]


class StayFields(forms.Form):
    care = forms.ChoiceField(label=_("Kind of stay"), choices=CARE_CHOICES)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    start_date = DateField(label=_("Arrival"))
    planned_end = DateField(label=_("Planned departure"))
    members = forms.TypedMultipleChoiceField(label=_("Who stays"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["unit"]).choices = [(u.pk, f"{u.name} ({u.get_kind_display()})") for u in units]
        _choices(self.fields["members"]).choices = _member_choices(members)


class AdmitForm(forms.Form):
    admitted_on = DateField(label=_("Admission date"), initial=timezone.localdate)
    phase = forms.ChoiceField(label=_("Phase"), choices=PHASE_CHOICES, initial=Phase.INTAKE)
    frequency = forms.CharField(label=_("Frequency of contextbegeleiding"), max_length=100, required=False,
                                help_text=_("For example: two home visits a week."))
    with_stay = forms.BooleanField(label=_("The family moves in now"), required=False)
    care = forms.ChoiceField(label=_("Kind of stay"), choices=[("", "—"), *CARE_CHOICES], required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    planned_end = DateField(label=_("Planned departure"), required=False)
    members = forms.TypedMultipleChoiceField(label=_("Who stays"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=(), members=(), availability=None, **kwargs):
        super().__init__(*args, **kwargs)
        # availability: {unit id: UnitAvailability} for the chosen period (None while the period is not known)
        self.availability = availability
        _choices(self.fields["unit"]).choices = [("", "—")] + [(u.pk, self._unit_label(u)) for u in units]
        _choices(self.fields["members"]).choices = _member_choices(members)
        if availability is not None:
            free = sum(1 for a in availability.values() if a.free)
            self.fields["unit"].help_text = _("%(free)s of %(total)s units free for this period.") % {
                "free": free, "total": len(availability)}
        else:
            self.fields["unit"].help_text = _("Fill in the admission date and the planned departure to see which "
                                              "units are free.")

    def _unit_label(self, unit) -> str:
        label = f"{unit.name} ({unit.get_kind_display()})"
        state = self.availability.get(unit.pk) if self.availability is not None else None
        if state is None:
            return label
        return f"{label} — {_('free') if state.free else state.note}"

    STAY_FIELDS = ("care", "unit", "planned_end", "members")

    def clean(self):
        data = super().clean() or {}
        if data.get("with_stay"):
            for name in self.STAY_FIELDS:
                if not data.get(name):
                    self.add_error(name, _("Needed when the family moves in."))
            state = (self.availability or {}).get(data.get("unit") or 0)
            if state is not None and not state.free:
                self.add_error("unit", _("This unit is not free for this period (%(note)s). Choose a free unit or "
                                         "other dates.") % {"note": state.note})
        elif any(data.get(name) for name in self.STAY_FIELDS) or any(
                self.data.get(name) for name in self.STAY_FIELDS if name in self.errors):
            # what was typed for the stay must not silently disappear
            self.add_error("with_stay", _("You filled in a stay but did not tick this box. Tick it to admit the "
                                          "family with this stay, or empty the stay fields to admit without one."))
        return data


class CloseForm(forms.Form):
    closed_on = DateField(label=_("Closing date"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.ChoiceField(label=_("Where the family goes"), choices=Destination.choices)
    follow_up = forms.CharField(label=_("Follow-up agreed"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False, help_text=_("Who contacts whom, and when (terugvalbasis)."))


class ReopenForm(forms.Form):
    on_date = DateField(label=_("Reopen on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class HomeForm(forms.Form):
    on_date = DateField(label=_("Last day of the stay is the day before"), initial=timezone.localdate,
                        help_text=_("The departure date: from this day on the family is supported at home."))


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=PHASE_CHOICES)
    on_date = DateField(label=_("From"), initial=timezone.localdate)


class EpisodeForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    module_code = forms.ChoiceField(label=_("Module"), choices=ModuleCode.choices)
    start_date = DateField(label=_("Start"), initial=timezone.localdate)
    planned_end = DateField(label=_("Planned end"), required=False)
    frequency = forms.CharField(label=_("Frequency"), max_length=100, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["member"]).choices = _member_choices(members)


class StayEndForm(forms.Form):
    end = DateField(label=_("New departure date"),
                    help_text=_("The first day the family no longer stays in the unit. The stay modules follow; a "
                                "date on or before the arrival cancels the stay."))


class EpisodeEndForm(forms.Form):
    end_date = DateField(label=_("End date"), initial=timezone.localdate)


class SupporterForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Trajectory supporter"), coerce=int)
    scope = forms.ChoiceField(label=_("Supporter for"), choices=SupporterScope.choices)
    person = forms.TypedChoiceField(label=_("Child or minor parent (for their own supporter)"), coerce=int,
                                    required=False, empty_value=None)
    start_date = DateField(label=_("From"), initial=timezone.localdate)
    agreement = forms.ChoiceField(label=_("The family's say"), choices=Agreement.choices, initial=Agreement.AGREED)
    agreement_note = forms.CharField(label=_("Note on the choice"), max_length=300, required=False)
    contacts_per_month = forms.IntegerField(label=_("Planned contacts per month"), min_value=0, max_value=100,
                                            required=False)
    change_reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False,
                                    help_text=_("When this supporter replaces another one."))

    def __init__(self, *args, staff=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["user"]).choices = [(u.pk, str(u)) for u in staff]
        _choices(self.fields["person"]).choices = [("", "—")] + [
            (m.person_id, f"{m.person.full_name} ({m.get_role_display()})") for m in children]


class SupporterEndForm(forms.Form):
    end_date = DateField(label=_("Stops on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class IntensityForm(forms.Form):
    valid_from = DateField(label=_("From"), initial=timezone.localdate)
    contacts_per_month = forms.IntegerField(label=_("Planned contacts per month"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CentreSettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CentreTrajectorySettings
        fields = ["crisis_max_days", "crisis_warning_days", "reopen_within_days"]
