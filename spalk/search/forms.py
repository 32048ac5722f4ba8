from __future__ import annotations

from typing import cast

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from spalk.core.forms import DateField


def _categories() -> list[tuple[str, object]]:
    if not apps.is_installed("spalk.logbook"):
        return []
    from spalk.logbook.models import Category

    return list(Category.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("What"), required=False, choices=[
        ("", _("everything")), ("family", _("families")), ("person", _("persons")), ("note", _("notes"))])
    start = DateField(label=_("Notes from"), required=False)
    end = DateField(label=_("Notes up to"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    author = forms.TypedChoiceField(label=_("Written by"), required=False, coerce=int, empty_value=None)
    family = forms.IntegerField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def __init__(self, *args, authors=(), **kwargs):
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", _("every category")), *_categories()]
        author = cast(forms.TypedChoiceField, self.fields["author"])
        author.choices = [("", _("anyone")), *[(u.pk, u.get_full_name() or u.email) for u in authors]]
