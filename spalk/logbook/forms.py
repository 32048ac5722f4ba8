"""Input parsing of the logbook screens. Choices (persons, methods, units) come from the view, already
through the policy; the forms only turn the input into values."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdReason
from spalk.core.forms import QuickSelect
from spalk.logbook.models import Attunement, CareMomentKind, Category, IncidentKind, Severity, Shift, Visibility
from spalk.methods.models import AreaCode


class MomentField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"])
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _methods_choices(methods) -> list[tuple[str, list[tuple[int, str]]]]:
    labels = {code: str(label) for code, label in AreaCode.choices}  # translated once, not once per method
    groups: dict[str, list[tuple[int, str]]] = {}
    for method in methods:
        groups.setdefault(labels.get(method.area.code, method.area.code), []).append((method.pk, method.name))
    return list(groups.items())


class NoteForm(forms.Form):
    text = forms.CharField(label=_("What happened?"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "enterkeyhint": "send"}))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.PARENT_WORK,
                                 widget=forms.RadioSelect(attrs={"class": "choice-chips"}))
    persons = forms.TypedMultipleChoiceField(label=_("About"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-chips"}))
    methods = forms.TypedMultipleChoiceField(label=_("Methods"), coerce=int, required=False)
    moment = MomentField(label=_("When (empty: now)"))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.TEAM,
                                   widget=forms.RadioSelect)
    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False)
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", "—"), *WithholdReason.choices])

    def __init__(self, *args, persons=(), methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "persons").choices = [(p.pk, p.first_name or p.full_name) for p in persons]
        _choice(self, "methods").choices = _methods_choices(methods)
        if not persons:
            del self.fields["persons"]

    # The quick-note form is on every logbook page: its choices are rendered by the template from these lists
    # (Django's widget templates, one per option, cost more than the 50 notes below them; make bench).
    def _selected(self, name: str) -> set[str]:
        value = self[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        return {str(v) for v in values if v not in (None, "")}

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        selected = self._selected(name)
        choices: list = list(_choice(self, name).choices)  # type: ignore[arg-type]
        return [(str(v), str(label), str(v) in selected) for v, label in choices]

    @property
    def category_options(self):
        return self.options("category")

    @property
    def person_options(self):
        return self.options("persons") if "persons" in self.fields else []

    @property
    def visibility_options(self):
        return self.options("visibility")

    @property
    def method_groups(self):
        selected = self._selected("methods")
        groups: list = list(_choice(self, "methods").choices)  # type: ignore[arg-type]
        return [(group, [(str(pk), name, str(pk) in selected) for pk, name in items]) for group, items in groups]

    def clean_moment(self):
        moment = self.cleaned_data.get("moment")
        if moment and moment > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("A note is about something that happened: the moment cannot be in the "
                                          "future."))
        return moment

    def clean(self):
        data = super().clean() or {}
        if data.get("withheld") and not data.get("withheld_reason"):
            self.add_error("withheld_reason", _("Choose why this is withheld from the family."))
        return data


class HouseNoteForm(NoteForm):
    """A note about the house or a unit (no family): house rules, practical matters."""

    unit = forms.TypedChoiceField(label=_("Unit (empty: the whole house)"), coerce=int, required=False,
                                  empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "unit").choices = [("", "—"), *[(u.pk, u.name) for u in units]]
        self.fields["category"].initial = Category.PRACTICAL
        del self.fields["withheld"]
        del self.fields["withheld_reason"]


class CorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why do you correct it?"), max_length=300,
                             help_text=_("The earlier text stays in the note's history."))


class WithholdForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False)
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", "—"), *WithholdReason.choices])

    def clean(self):
        data = super().clean() or {}
        if data.get("withheld") and not data.get("withheld_reason"):
            self.add_error("withheld_reason", _("Choose why this is withheld from the family."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,application/pdf", "capture": "environment"}))


class CareMomentForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int)
    parent = forms.TypedChoiceField(label=_("Parent"), coerce=int, required=False, empty_value=None)
    moment_kind = forms.ChoiceField(label=_("Care moment"), choices=CareMomentKind.choices,
                                    widget=forms.RadioSelect(attrs={"class": "choice-chips"}))
    parent_action = forms.CharField(label=_("What did the parent do?"), widget=forms.Textarea(attrs={"rows": 2}))
    child_signals = forms.CharField(label=_("Which signals did the child give?"),
                                    widget=forms.Textarea(attrs={"rows": 2}))
    parent_response = forms.CharField(label=_("How did the parent respond to those signals?"),
                                      widget=forms.Textarea(attrs={"rows": 2}))
    attunement = forms.TypedChoiceField(label=_("How well did the response fit the child's signals?"), coerce=int,
                                        choices=Attunement.choices, widget=forms.RadioSelect)
    practised = forms.CharField(label=_("What was practised?"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    methods = forms.TypedMultipleChoiceField(label=_("Methods"), coerce=int, required=False)
    moment = MomentField(label=_("When (empty: now)"))

    def __init__(self, *args, children=(), parents=(), methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "child").choices = [(p.pk, p.first_name or p.full_name) for p in children]
        _choice(self, "parent").choices = [("", "—"), *[(p.pk, p.first_name or p.full_name) for p in parents]]
        _choice(self, "methods").choices = _methods_choices(methods)


class HandoverForm(forms.Form):
    summary = forms.CharField(label=_("What must the next shift know?"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    shift_date = forms.DateField(label=_("Date of the shift"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    shift = forms.ChoiceField(label=_("For the shift"), choices=Shift.choices)
    unit = forms.TypedChoiceField(label=_("Unit (empty: the whole living group)"), coerce=int, required=False,
                                  empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "unit").choices = [("", "—"), *[(u.pk, u.name) for u in units]]


class HandoverEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label=_("What must the next shift know?"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)


class ShiftTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_at = forms.DateTimeField(label=_("When"), input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    family = forms.TypedChoiceField(label=_("Family"), coerce=int, required=False, empty_value=None,
                                    widget=QuickSelect)  # every family of the centre for a team lead

    def __init__(self, *args, families=(), **kwargs):
        """``families``: (id, name) pairs (a team lead's choice is every family of the centre: no instances)."""
        super().__init__(*args, **kwargs)
        _choice(self, "family").choices = [("", "—"), *families]


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of incident?"), choices=IncidentKind.choices,
                             widget=forms.RadioSelect(attrs={"class": "choice-chips"}))
    severity = forms.TypedChoiceField(label=_("How serious?"), coerce=int, choices=Severity.choices,
                                      widget=forms.RadioSelect(attrs={"class": "choice-chips"}))
    family = forms.TypedChoiceField(label=_("Family"), coerce=int, required=False, empty_value=None)
    persons = forms.TypedMultipleChoiceField(label=_("Persons involved"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-chips"}))
    others_involved = forms.CharField(label=_("Others involved (visitors, staff)"), required=False, max_length=300)
    description = forms.CharField(label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 4}))
    actions_taken = forms.CharField(label=_("What did you do?"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label=_("What follow-up is needed?"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_due = forms.DateField(label=_("Follow up by"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    occurred_at = MomentField(label=_("When (empty: now)"))
    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False)
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", "—"), *WithholdReason.choices])

    def __init__(self, *args, families=(), persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "family").choices = [("", _("none (the house)")), *[(f.pk, f.name) for f in families]]
        _choice(self, "persons").choices = [(p.pk, f"{p.first_name} {p.last_name}".strip()) for p in persons]

    def clean(self):
        data = super().clean() or {}
        if data.get("withheld") and not data.get("withheld_reason"):
            self.add_error("withheld_reason", _("Choose why this is withheld from the family."))
        return data


class IncidentFollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    severity = forms.TypedChoiceField(label=_("How serious?"), coerce=int, choices=Severity.choices)
    actions_taken = forms.CharField(label=_("Actions taken"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_due = forms.DateField(label=_("Follow up by"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
