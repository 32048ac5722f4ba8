from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.agenda.models import Appointment


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
        help_texts = {"title": _("For example: vaccination of Noor, hearing at the youth court in Brugge.")}

    def __init__(self, *args, persons=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]  # type: ignore[attr-defined]
        self.fields["persons"].queryset = persons  # type: ignore[attr-defined]
        self.fields["persons"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: u.get_full_name() or u.email)

    def validate_unique(self):
        """Nothing unique; the service validates the appointment and its people."""
