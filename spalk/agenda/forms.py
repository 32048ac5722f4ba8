from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.agenda.models import Appointment


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class AppointmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Appointment
        fields = ["kind", "title", "starts_at", "ends_at", "location", "persons", "staff", "childcare_needed", "note"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
                   "persons": forms.CheckboxSelectMultiple, "staff": forms.CheckboxSelectMultiple,
                   "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"persons": PersonChoices, "staff": StaffChoices}
        help_texts = {"title": _("For example: vaccination of Noor, hearing at the youth court in Brugge.")}

    def __init__(self, *args, persons=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        cast(PersonChoices, self.fields["persons"]).queryset = persons
        cast(StaffChoices, self.fields["staff"]).queryset = staff

    def validate_unique(self):
        """Nothing unique; the service validates the appointment and its people."""
