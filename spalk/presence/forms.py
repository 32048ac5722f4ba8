from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.presence.models import AbsenceReason, NightStatus


class NightForm(forms.Form):
    """One tap on the nightly check: the status comes from the button pressed."""

    status = forms.ChoiceField(choices=NightStatus.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *AbsenceReason.choices], required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LeaveForm(forms.Form):
    members = forms.TypedMultipleChoiceField(label=_("Who"), coerce=int, widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label=_("Kind"), choices=[(NightStatus.LEAVE, _("on leave (agreed)")),
                                                         (NightStatus.ABSENT, _("absent (not agreed)"))])
    reason = forms.ChoiceField(label=_("Reason"), choices=AbsenceReason.choices)
    start = DateField(label=_("First night away"))
    end = DateField(label=_("Back on"), help_text=_("The day of return: the first night in the centre again."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           help_text=_("Practical only, for example: back on Sunday at 18:00."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["members"])
        field.choices = [(m.pk, m.person.full_name) for m in members]
