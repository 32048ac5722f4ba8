"""Input parsing of the safety screens. The help texts ask for concrete formulations (seed 003)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdReason
from spalk.core.forms import DateField
from spalk.families.models import Person
from spalk.partners.models import Organisation
from spalk.safety.kindreflex import STEPS
from spalk.safety.models import (
    CloseReason,
    ConsultedService,
    EntryKind,
    RestrictionKind,
    RestrictionSource,
    StepSixDecision,
)

TEXT = {"rows": 3}


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


def set_queryset(form: forms.BaseForm, name: str, queryset) -> None:
    """Give a model choice field its choices (querysets computed by the view through the policy)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithholdingFields(forms.Form):
    withheld_from_family = forms.BooleanField(label=_("Withhold from the family"), required=False,
                                              help_text=_("The family will not read this in its portal."))
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", "—"), *WithholdReason.choices])

    def clean(self):
        data = super().clean() or {}
        if data.get("withheld_from_family") and not data.get("withheld_reason"):
            self.add_error("withheld_reason", _("Choose why this is withheld from the family."))
        return data


class SafetyPlanForm(VersionMixin, WithholdingFields):
    agreed_on = DateField(label=_("Agreed on"))
    review_on = DateField(label=_("Review on"), help_text=_("The date the plan is looked at again with the family "
                                                            "and its network."))
    rules = forms.CharField(
        label=_("Rules of the plan"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One rule per line, concrete: who does what, when. For example \"Grandma Rita picks Noor up "
                    "from school on Mondays and Thursdays\" or \"Mum does not drink when she is alone with the "
                    "children\", not \"Mum takes good care\"."))
    note = forms.CharField(label=_("What the plan is for"), required=False, widget=forms.Textarea(attrs=TEXT),
                           help_text=_("The danger the plan answers, in the family's own words where possible."))


class SafetyPersonForm(VersionMixin):
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.CharField(label=_("Relation to the family"), max_length=100, required=False,
                               help_text=_("For example grandmother, neighbour, aunt, friend of the mother."))
    phone = forms.CharField(label=_("Phone"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "tel",
                                                                                           "autocomplete": "off"}),
                            help_text=_("For example 0470 12 34 56."))
    does = forms.CharField(label=_("What this person does"), widget=forms.Textarea(attrs=TEXT),
                           help_text=_("Concrete: \"calls every evening at 19:00 and comes over when Sarah does not "
                                       "answer\", not \"supports the family\"."))
    reachable = forms.CharField(label=_("When reachable"), max_length=200, required=False,
                                help_text=_("For example weekdays after 17:00, always in the weekend."))

    def clean_phone(self):
        from spalk.safety.services import person_phone

        try:
            return person_phone(self.cleaned_data["phone"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None


class RestrictionForm(VersionMixin, WithholdingFields):
    child = PersonChoice(label=_("For which child"), queryset=Person.objects.none(), required=False,
                                   empty_label=_("every child of the family"))
    restricted_name = forms.CharField(label=_("Who"), max_length=200,
                                      help_text=_("The name of the person, as the staff at the door need it."))
    relation = forms.CharField(label=_("Relation to the child"), max_length=100, required=False)
    recognise = forms.CharField(label=_("How to recognise this person"), max_length=300, required=False,
                                help_text=_("For example \"tall, short grey hair, drives a red van\"."))
    kind = forms.ChoiceField(label=_("Restriction"), choices=RestrictionKind.choices)
    valid_from = DateField(label=_("From"))
    valid_until = DateField(label=_("Until"), required=False, help_text=_("Leave empty when there is no end date."))
    source = forms.ChoiceField(label=_("On the basis of"), choices=RestrictionSource.choices)
    source_reference = forms.CharField(label=_("Reference"), max_length=200, required=False,
                                       help_text=_("For a court order: court, date and number."))
    if_seen = forms.CharField(label=_("What to do if this person turns up"), required=False,
                              widget=forms.Textarea(attrs=TEXT),
                              help_text=_("For example \"Do not open the door; call the police (101) and the team "
                                          "lead\"."))

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "child", children)


class EndForm(VersionMixin):
    on = DateField(label=_("Last day"))


class MappingForm(VersionMixin, WithholdingFields):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example \"Safety of Noor at home\"."))
    child = PersonChoice(label=_("About which child"), queryset=Person.objects.none(), required=False,
                                   empty_label=_("every child of the family"))
    mapped_on = DateField(label=_("Mapped on"))
    next_review_on = DateField(label=_("First review on"))
    scale_question = forms.CharField(label=_("Scaling question"), max_length=300, widget=forms.Textarea(attrs=TEXT),
                                     required=False)

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "child", children)


class EntryForm(WithholdingFields):
    kind = forms.ChoiceField(label=_("Where"), choices=EntryKind.choices)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs=TEXT),
        help_text=_("Concrete and in plain words: what happened, when, how often, who saw it. \"Noor had no lunch "
                    "with her at school three times this week\", not \"I am worried\"."))


class ScoreForm(forms.Form):
    participant = forms.CharField(label=_("Who"), max_length=100,
                                  help_text=_("For example \"Sarah (mother)\", \"Grandma Rita\", \"counsellor\"."))
    score = forms.IntegerField(label=_("Score (0–10)"), min_value=0, max_value=10)
    scored_on = DateField(label=_("On"))
    why = forms.CharField(label=_("Why this number, and not lower?"), required=False, widget=forms.Textarea(attrs=TEXT))


class ReviewForm(VersionMixin):
    reviewed_on = DateField(label=_("Reviewed on"))
    summary = forms.CharField(label=_("What changed since the last review?"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("Concrete: \"Noor went to school with lunch every day for three weeks\"."))
    next_review_on = DateField(label=_("Next review on"))
    new_participant = forms.CharField(label=_("Someone new scores"), max_length=100, required=False)
    new_score = forms.IntegerField(label=_("Their score (0–10)"), min_value=0, max_value=10, required=False)

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for i, name in enumerate(self.participants):
            self.fields[f"score_{i}"] = forms.IntegerField(label=_("Score of %(name)s today (0–10)") % {"name": name},
                                                           min_value=0, max_value=10, required=False)

    def scores(self) -> list[tuple[str, int | None]]:
        data = self.cleaned_data
        out: list[tuple[str, int | None]] = [(name, data.get(f"score_{i}")) for i, name in enumerate(self.participants)
                                             if data.get(f"score_{i}") is not None]
        if data.get("new_participant") and data.get("new_score") is not None:
            out.append((data["new_participant"], data["new_score"]))
        return out


class CloseMappingForm(VersionMixin):
    closed_on = DateField(label=_("Closed on"))


# --- Kindreflex ---------------------------------------------------------------------------------------------

class ProcedureStartForm(forms.Form):
    child = PersonChoice(label=_("Child"), queryset=Person.objects.none())
    started_on = DateField(label=_("Started on"))

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "child", children)


YES_NO = [("yes", _("Yes, I have a niet-pluis feeling")), ("no", _("No"))]


class StepForm(VersionMixin):
    decision = forms.CharField(label=_("Decision and next step"), widget=forms.Textarea(attrs=TEXT),
                               help_text=_("What did you decide, who does what next, and when?"))

    def __init__(self, *args, number: int, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        definition = STEPS[number]
        questions = {}
        for q in definition.questions:
            questions[q.key] = forms.CharField(label=str(q.label), help_text=str(q.help), required=False,
                                               widget=forms.Textarea(attrs=TEXT))
        decision = self.fields.pop("decision")
        version = self.fields.pop("version")
        self.fields.update(questions)
        if number == 2:
            self.fields["colleague"] = StaffChoice(
                label=_("Colleague you consulted"), queryset=colleagues, required=False,
                help_text=_("Step 2 is never taken alone."))
            self.fields["expert"] = forms.CharField(label=_("Or the expert you consulted"), max_length=200,
                                                    required=False,
                                                    help_text=_("Name and service, for example \"consultant of the "
                                                                "VK, by phone\"."))
            self.fields["not_right_feeling"] = forms.ChoiceField(label=_("Do you have a niet-pluis feeling about the "
                                                                         "home situation?"), choices=YES_NO,
                                                                 widget=forms.RadioSelect, required=False)
            self.fields["not_right_reasons"] = forms.CharField(
                label=_("Reasons for the niet-pluis feeling"), required=False, widget=forms.Textarea(attrs=TEXT),
                help_text=_("What did you see or hear, when? \"Noor flinched twice when her father raised his "
                            "voice\"."))
        if number == 6:
            self.fields["step_six_decision"] = forms.ChoiceField(label=_("Refer or report"),
                                                                 choices=StepSixDecision.choices, required=False,
                                                                 widget=forms.RadioSelect)
        self.fields["decision"] = decision
        self.fields["version"] = version

    def service_data(self) -> dict:
        data = self.cleaned_data
        feeling = data.get("not_right_feeling")
        return {
            "answers": {q.key: data.get(q.key) or "" for q in STEPS[self.number].questions},
            "decision": data.get("decision") or "", "colleague": data.get("colleague"),
            "expert": data.get("expert") or "", "not_right_feeling": {"yes": True, "no": False}.get(feeling or ""),
            "not_right_reasons": data.get("not_right_reasons") or "",
            "step_six_decision": data.get("step_six_decision") or "",
        }


class ConsultationForm(forms.Form):
    service = forms.ChoiceField(label=_("With"), choices=ConsultedService.choices)
    organisation = forms.ModelChoiceField(label=_("Which one (partner directory)"),
                                          queryset=Organisation.objects.none(),
                                          required=False)
    anonymous = forms.BooleanField(label=_("Anonymous: the family was not named"), required=False, initial=True)
    consulted_on = DateField(label=_("On"))
    question = forms.CharField(label=_("What you asked"), widget=forms.Textarea(attrs=TEXT))
    advice = forms.CharField(label=_("What they advised"), widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "organisation", organisations)


class PartnersForm(VersionMixin):
    partners = forms.ModelMultipleChoiceField(label=_("Partners involved"), queryset=Organisation.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "partners", organisations)


class CloseProcedureForm(VersionMixin):
    close_reason = forms.ChoiceField(label=_("Why is the procedure closed?"), choices=CloseReason.choices,
                                     widget=forms.RadioSelect)
    close_note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs=TEXT),
                                 help_text=_("What was decided, and who follows up."))
    closed_on = DateField(label=_("Closed on"))


# --- corrections of a mapping (the earlier state is kept) -------------------------------------------------------

class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=300, widget=forms.TextInput, **kwargs)


class EntryCorrectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Where"), choices=EntryKind.choices)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs=TEXT),
        help_text=_("Concrete and in plain words: what happened, when, how often, who saw it. \"Noor had no lunch "
                    "with her at school three times this week\", not \"I am worried\"."))
    reason = ReasonField(label=_("Why do you correct this?"),
                         help_text=_("The earlier text stays visible as an earlier version, with this reason."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemoveForm(forms.Form):
    reason = ReasonField(label=_("Why was this recorded by mistake?"),
                         help_text=_("It is not erased: it stays visible, struck through, with this reason."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ScoreCorrectForm(forms.Form):
    participant = forms.CharField(label=_("Who"), max_length=100)
    score = forms.IntegerField(label=_("Score (0–10)"), min_value=0, max_value=10)
    scored_on = DateField(label=_("On"))
    why = forms.CharField(label=_("Why this number, and not lower?"), required=False, widget=forms.Textarea(attrs=TEXT))
    reason = ReasonField(label=_("Why do you correct this?"),
                         help_text=_("The earlier score stays visible as an earlier version, with this reason."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithholdForm(forms.Form):
    """The shared withholding mark on one record (a mapping entry): set with a reason, or cleared."""

    withheld = forms.BooleanField(label=_("Withhold from the family"), required=False,
                                  help_text=_("The family does not see it in their own view. Staff who may read the "
                                              "dossier still do."))
    withheld_reason = forms.ChoiceField(label=_("Reason for withholding"), required=False,
                                        choices=[("", _("no reason")), *WithholdReason.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean() or {}
        if data.get("withheld") and not data.get("withheld_reason"):
            self.add_error("withheld_reason", _("Choose why this is withheld from the family."))
        return data
