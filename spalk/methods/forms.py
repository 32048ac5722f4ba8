from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.methods.models import Method, MethodArea, StructuredForm


class MethodForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Method area"), queryset=MethodArea.objects.all())
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    structured_form = forms.ChoiceField(label=_("Structured form"), required=False, choices=StructuredForm.choices)


class MethodEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    structured_form = forms.ChoiceField(label=_("Structured form"), required=False, choices=StructuredForm.choices)
    is_active = forms.BooleanField(label=_("In use (a method no longer in use stays on older notes)"),
                                   required=False)

    @classmethod
    def for_method(cls, method: Method, data=None) -> MethodEditForm:
        return cls(data, initial={"version": method.version, "name": method.name, "description": method.description,
                                  "structured_form": method.structured_form, "is_active": method.is_active})
