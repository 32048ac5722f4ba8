from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.access.models import AssignmentRole, BreakGlassCategory
from spalk.core.forms import DateField


class BreakGlassForm(forms.Form):
    reference = forms.CharField(label=_("Dossier number"), max_length=30,
                                help_text=_("For example ANK-2026-0007."))
    category = forms.ChoiceField(label=_("Why"), choices=BreakGlassCategory.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe in a sentence why you need this dossier now. Your team lead sees this reason."))


class AssignmentForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Staff member"), coerce=int)
    role = forms.ChoiceField(label=_("Role in the team"), choices=AssignmentRole.choices)
    start_date = DateField(label=_("From"), required=False)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = [(u.pk, str(u)) for u in staff]


class ShareForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    end_date = DateField(label=_("Until"), required=False)

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["centre"]).choices = [(c.pk, c.name) for c in centres]
