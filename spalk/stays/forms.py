from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField
from spalk.stays.models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "capacity_adults", "capacity_children", "cots", "features"]


class UnitEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        fields = ["name", "kind", "capacity_adults", "capacity_children", "cots", "features", "is_active"]

    def validate_unique(self):
        """Unique names are checked by the service, which knows the unit (the form has no instance on POST)."""


class OutOfServiceForm(forms.Form):
    start = DateField(label=_("From"))
    end = DateField(label=_("Back in use on"))
    reason = forms.CharField(label=_("Reason"), max_length=200)

