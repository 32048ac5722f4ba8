from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.audit.models import AuditAction
from spalk.core.forms import DateField


class AuditFilterForm(forms.Form):
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)
    actor = forms.TypedChoiceField(label=_("Staff member"), required=False, coerce=int, empty_value=None)
    family = forms.IntegerField(label=_("Family (number in the address bar)"), required=False, min_value=1)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("all actions")), *AuditAction.choices])

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["actor"]).choices = [("", _("everyone")), *[(u.pk, str(u)) for u in staff]]

    def clean(self):
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
