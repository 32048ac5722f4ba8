"""Input parsing of the plan screens (the rules live in services and evaluations)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdReason
from spalk.core.forms import DateField
from spalk.plans.models import Decision, GoalStatus, LifeDomain, PlanSettings, Progress, ViewSource

ACTION_ROWS_EXTRA = 2


class PlanForm(forms.Form):
    agreements = forms.CharField(label=_("General agreements"), required=False, max_length=10_000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    discussed_on = DateField(label=_("Discussed with the family on"), required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GoalForm(forms.Form):
    """A goal with its actions: existing actions and two empty rows (``action_who_<n>``, ``action_what_<n>``,
    ``action_due_<n>``, ``action_done_<n>``)."""

    person = forms.ChoiceField(label=_("For whom"), required=False)
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    family_words = forms.CharField(label=_("The goal in the family's own words"), required=False, max_length=10_000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    worker_words = forms.CharField(label=_("The worker's formulation"), required=False, max_length=10_000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    parent_view = forms.CharField(label=_("The parent's view"), required=False, max_length=10_000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    child_view = forms.CharField(label=_("The child's view"), required=False, max_length=10_000,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("From 12 on in the child's own words; for a younger child written "
                                             "down by the worker."))
    child_view_source = forms.ChoiceField(label=_("The child's view is given"), required=False,
                                          choices=[("", _("no view yet")), *ViewSource.choices])
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN, required=False)
    methods = forms.MultipleChoiceField(label=_("Methods"), required=False, widget=forms.CheckboxSelectMultiple)
    withheld = forms.BooleanField(label=_("Withhold this goal from the family"), required=False)
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", _("no reason")), *WithholdReason.choices])
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, persons=(), methods=(), action_rows: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", _("the whole family")), *[(str(p.pk), p.full_name) for p in persons]]
        cast(forms.ChoiceField, self.fields["methods"]).choices = [(str(m.pk), m.name) for m in methods]
        self.action_count = action_rows + ACTION_ROWS_EXTRA
        for i in range(self.action_count):
            self.fields[f"action_who_{i}"] = forms.CharField(label=_("Who"), required=False, max_length=200)
            self.fields[f"action_what_{i}"] = forms.CharField(label=_("What"), required=False, max_length=5000)
            self.fields[f"action_due_{i}"] = DateField(label=_("By when"), required=False)
            self.fields[f"action_done_{i}"] = DateField(label=_("Done on"), required=False)

    def action_rows(self):
        return [(self[f"action_who_{i}"], self[f"action_what_{i}"], self[f"action_due_{i}"],
                 self[f"action_done_{i}"]) for i in range(self.action_count)]

    def clean(self):
        data = super().clean() or {}
        for i in range(self.action_count):
            who, what = (data.get(f"action_who_{i}") or "").strip(), (data.get(f"action_what_{i}") or "").strip()
            if bool(who) != bool(what):
                self.add_error(f"action_what_{i}" if who else f"action_who_{i}", _("Every action says who does what."))
        return data

    def actions(self) -> list[dict]:
        out = []
        for i in range(self.action_count):
            who = (self.cleaned_data.get(f"action_who_{i}") or "").strip()
            what = (self.cleaned_data.get(f"action_what_{i}") or "").strip()
            if who and what:
                out.append({"who": who, "what": what, "due_on": self.cleaned_data.get(f"action_due_{i}"),
                            "done_on": self.cleaned_data.get(f"action_done_{i}")})
        return out


class SignForm(forms.Form):
    signed_on = DateField(label=_("Signed on"))
    family = forms.MultipleChoiceField(label=_("Signed by the family"), widget=forms.CheckboxSelectMultiple)
    staff = forms.MultipleChoiceField(label=_("Signed by staff"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    row_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["family"]).choices = [
            (str(m.person_id), f"{m.person.full_name} ({m.relation or m.get_role_display()})") for m in members]
        cast(forms.ChoiceField, self.fields["staff"]).choices = [
            (str(u.pk), u.get_full_name() or u.email) for u in staff]


class EvaluateForm(forms.Form):
    """One evaluation round: a day and, per goal, progress, decision, comments and evidence from the logbook."""

    evaluated_on = DateField(label=_("Evaluated on"))

    def __init__(self, *args, goals=(), notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        note_choices = [(str(n.pk), f"{n.moment:%d/%m/%Y} · {n.get_category_display()} · {n.text[:60]}")
                        for n in notes]
        for g in self.goals:
            self.fields[f"progress_{g.pk}"] = forms.TypedChoiceField(
                label=_("Progress"), choices=Progress.choices, coerce=int, required=False,
                widget=forms.RadioSelect)
            self.fields[f"decision_{g.pk}"] = forms.ChoiceField(label=_("Decision"), required=False,
                                                                choices=[("", _("not evaluated now")),
                                                                         *Decision.choices])
            self.fields[f"comment_{g.pk}"] = forms.CharField(label=_("What went well, what did not"),
                                                             required=False, max_length=10_000,
                                                             widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"family_comment_{g.pk}"] = forms.CharField(label=_("What the family says"),
                                                                    required=False, max_length=10_000,
                                                                    widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"evidence_{g.pk}"] = forms.MultipleChoiceField(
                label=_("Evidence from the logbook"), required=False, choices=note_choices,
                widget=forms.SelectMultiple(attrs={"size": 4}))

    def goal_rows(self):
        return [(g, self[f"progress_{g.pk}"], self[f"decision_{g.pk}"], self[f"comment_{g.pk}"],
                 self[f"family_comment_{g.pk}"], self[f"evidence_{g.pk}"]) for g in self.goals]

    def clean(self):
        data = super().clean() or {}
        for g in self.goals:
            progress, decision = data.get(f"progress_{g.pk}"), data.get(f"decision_{g.pk}")
            if decision and not progress:
                self.add_error(f"progress_{g.pk}", _("Choose the progress on the scale."))
            if progress and not decision:
                self.add_error(f"decision_{g.pk}", _("Choose a decision: continue, adjust, reached or stopped."))
        return data

    def items(self) -> list[dict]:
        out = []
        for g in self.goals:
            if self.cleaned_data.get(f"decision_{g.pk}"):
                out.append({"goal": g, "progress": self.cleaned_data[f"progress_{g.pk}"],
                            "decision": self.cleaned_data[f"decision_{g.pk}"],
                            "comment": self.cleaned_data.get(f"comment_{g.pk}", ""),
                            "family_comment": self.cleaned_data.get(f"family_comment_{g.pk}", ""),
                            "evidence_ids": [int(v) for v in self.cleaned_data.get(f"evidence_{g.pk}", [])]})
        return out


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = PlanSettings
        fields = ["first_plan_within_days", "evaluation_every_months", "report_every_months", "due_soon_days"]

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportNewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=[("progress", _("progress report (evolutieverslag)")),
                                                                 ("final", _("final report (eindverslag)"))])
    period_start = DateField(label=_("Period from"))
    period_end = DateField(label=_("Period until"))
    sources = forms.MultipleChoiceField(
        label=_("Assemble from"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("trajectory", _("the trajectory")), ("plan", _("the action plan")),
                 ("evaluations", _("the evaluations")), ("logbook", _("the logbook notes chosen below"))])
    notes = forms.MultipleChoiceField(label=_("Logbook notes to include"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["notes"]).choices = [
            (str(n.pk), f"{n.moment:%d/%m/%Y} · {n.get_category_display()} · {n.text[:80]}") for n in notes]


class ReportEditForm(forms.Form):
    """Title, period, the family's comment, signatories (one per line: name, capacity) and the sections
    (``section_title_<n>``, ``section_body_<n>``, ``section_id_<n>``; one empty section at the end)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = DateField(label=_("Period from"))
    period_end = DateField(label=_("Period until"))
    family_comment = forms.CharField(label=_("The family's own comment"), required=False, max_length=20_000,
                                     widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("In the family's own words; they may also write it by hand on the "
                                                 "printed report."))
    signatories = forms.CharField(label=_("Signed by"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("One person per line: name, capacity (for example: An Peeters, "
                                              "trajectbegeleider)."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_count = sections + 1
        for i in range(self.section_count):
            self.fields[f"section_id_{i}"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            self.fields[f"section_title_{i}"] = forms.CharField(label=_("Section title"), required=False,
                                                                max_length=200)
            self.fields[f"section_body_{i}"] = forms.CharField(label=_("Text"), required=False, max_length=50_000,
                                                               widget=forms.Textarea(attrs={"rows": 8}))

    def section_rows(self):
        return [(self[f"section_id_{i}"], self[f"section_title_{i}"], self[f"section_body_{i}"])
                for i in range(self.section_count)]

    def sections(self) -> list[dict]:
        return [{"id": self.cleaned_data.get(f"section_id_{i}"), "title": self.cleaned_data.get(f"section_title_{i}",
                                                                                               ""),
                 "body": self.cleaned_data.get(f"section_body_{i}", "")} for i in range(self.section_count)]

    def signatory_list(self) -> list[dict[str, str]]:
        out = []
        for line in (self.cleaned_data.get("signatories") or "").splitlines():
            name, _sep, capacity = line.partition(",")
            if name.strip():
                out.append({"name": name.strip(), "capacity": capacity.strip()})
        return out


class ReportSendForm(forms.Form):
    """Sending an issued report is sharing it with a partner: under one of the family's consent records or legal
    bases (spalk.network) that allows a report today."""

    recipient_kind = forms.ChoiceField(label=_("Recipient"), choices=[
        ("ocj", _("OCJ")), ("court", _("youth court")), ("referrer", _("referrer")), ("other", _("other partner"))])
    consent: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Under which consent or legal basis"),
                                     queryset=None,
                                     help_text=_("Only records that allow sharing a report today are listed."))
    recipient_name = forms.CharField(label=_("Name of the recipient"), max_length=200, required=False,
                                     help_text=_("Empty: the recipient named on the consent. For example: OCJ "
                                                 "Oostende, mevrouw Claeys."))
    sent_on = DateField(label=_("Sent on"))

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["consent"]).queryset = consents


class WithholdForm(forms.Form):
    """The shared withholding mark on one record (a report): set with a reason, or cleared."""

    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False,
                                  help_text=_("The family does not see it in their own view. Staff who may read the "
                                              "dossier still do."))
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", _("no reason")), *WithholdReason.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)
