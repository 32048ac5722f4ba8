from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from spalk.audit.models import AuditAction
from spalk.core.forms import DateField

FAMILY_OPTIONS_ID = "audit-family-options"
STAFF_OPTIONS_ID = "audit-staff-options"


class AuditFilterForm(forms.Form):
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)
    actor_name = forms.CharField(
        label=_("Staff member"), required=False, max_length=200,
        help_text=_("Type a name or e-mail address and choose the staff member from the list."),
        widget=forms.TextInput(attrs={
            "list": STAFF_OPTIONS_ID, "autocomplete": "off", "hx-get": reverse_lazy("audit:staff_options"),
            "hx-trigger": "input changed delay:250ms", "hx-target": f"#{STAFF_OPTIONS_ID}", "hx-swap": "innerHTML"}))
    actor = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    family_name = forms.CharField(
        label=_("Family"), required=False, max_length=200,
        help_text=_("Type a name or dossier number and choose the family from the list."),
        widget=forms.TextInput(attrs={
            "list": FAMILY_OPTIONS_ID, "autocomplete": "off", "hx-get": reverse_lazy("audit:family_options"),
            "hx-trigger": "input changed delay:250ms", "hx-target": f"#{FAMILY_OPTIONS_ID}", "hx-swap": "innerHTML"}))
    family = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("all actions")), *AuditAction.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # what the audit page found for the typed names, shown next to the fields (set by the view)
        self.staff_matches: list[Any] = []
        self.chosen_actor: Any = None
        self.family_matches: list[Any] = []
        self.chosen_family: Any = None

    def clean(self):
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
