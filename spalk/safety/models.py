"""Child safety: the safety plan with its safety persons, contact restrictions, Signs of Safety mappings and the
Kindreflex procedure (BRIEF.md §6, seed 003; docs/safety.md).

- ``SafetyPlan``: the rules the family and its network agreed on to keep the children safe, and the safety persons
  (``SafetyPerson``: named, with a phone number and what they do). One current plan per family; it is reviewed at
  set dates. It is what night staff must find in two clicks.
- ``ContactRestriction``: who may not visit, contact or pick up a child, from when until when, on what basis
  (a court order, an agreement with the OCJ, ...). In force on a day when ``valid_from <= day <= valid_until``.
- ``SafetyMapping`` (Signs of Safety): the three columns, danger statements and safety goals (``MappingEntry``),
  scaling 0–10 per participant over time (``ScalingScore``) and reviews at set dates (``MappingReview``).
- ``KindreflexProcedure``: the six steps for one child (``KindreflexStep``), consultations with the VK or OCJ
  (``KindreflexConsultation``) and the partners involved (partner directory).

Every top-level record carries the shared withholding mark (what the family may not read), and so does a mapping
entry (a worry a third party reported in confidence). Mapping entries and scaling scores are corrected, never
overwritten: the earlier state is kept as a revision (``MappingEntryRevision``, ``ScalingScoreRevision``) and an
entry or score recorded by mistake is marked removed with a reason, not deleted. django-pghistory keeps the field
history of every safety record (spalk.safety.history shows it).
"""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdingMark


@pghistory.track(exclude=["version", "updated_at"])
class SafetyPlan(WithholdingMark):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="safety_plans")
    mapping = models.ForeignKey("safety.SafetyMapping", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="plans", verbose_name=_("Signs of Safety mapping"))
    agreed_on = models.DateField(_("agreed on"))
    review_on = models.DateField(_("next review on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("what the plan is for"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        ordering = ["family", "-agreed_on", "-pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.UniqueConstraint(fields=["family"], condition=Q(ended_on__isnull=True),
                                    name="safety_plan_one_current"),
            models.CheckConstraint(condition=Q(review_on__gte=models.F("agreed_on")),
                                   name="safety_plan_review_after_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} {self.agreed_on}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())  # rules are replaced
class SafetyRule(models.Model):
    """One agreement of the plan, concrete ("Oma haalt Noor op school op maandag en donderdag")."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="rules")
    text = models.TextField(_("rule"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rule of a safety plan")
        verbose_name_plural = _("rules of a safety plan")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


@pghistory.track(exclude=["version"])
class SafetyPerson(models.Model):
    """A named person in the family's network whom the child or staff can call, and what they do."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="persons")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="safety_persons")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the family"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20)  # E.164, see spalk.core.phones
    does = models.TextField(_("what this person does"))
    reachable = models.CharField(_("when reachable"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    ended_on = models.DateField(_("no longer a safety person since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("safety person")
        verbose_name_plural = _("safety persons")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class RestrictionKind(models.TextChoices):
    NO_CONTACT = "no_contact", _("no contact at all")
    NO_VISIT = "no_visit", _("may not visit")
    NO_PICKUP = "no_pickup", _("may not pick up the child")
    SUPERVISED = "supervised", _("only under supervision")


class RestrictionSource(models.TextChoices):
    COURT_ORDER = "court_order", _("court order")
    OCJ = "ocj", _("agreement with the OCJ")
    POLICE = "police", _("police or public prosecutor")
    PARENTS = "parents", _("agreement with the parents")
    CENTRE = "centre", _("decision of the centre")


@pghistory.track(exclude=["version", "updated_at"])
class ContactRestriction(WithholdingMark):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="contact_restrictions")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="contact_restrictions", verbose_name=_("child"))  # empty: every child
    restricted_name = models.CharField(_("who"), max_length=200)
    relation = models.CharField(_("relation to the child"), max_length=100, blank=True)
    recognise = models.CharField(_("how to recognise this person"), max_length=300, blank=True)
    kind = models.CharField(_("restriction"), max_length=20, choices=RestrictionKind.choices)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("on the basis of"), max_length=20, choices=RestrictionSource.choices)
    source_reference = models.CharField(_("reference"), max_length=200, blank=True)
    if_seen = models.TextField(_("what to do if this person turns up"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        verbose_name = _("contact restriction")
        verbose_name_plural = _("contact restrictions")
        ordering = ["family", "-valid_from", "pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="contact_restriction_until_after_from"),
            models.CheckConstraint(condition=Q(kind__in=RestrictionKind.values), name="contact_restriction_kind"),
        ]
        indexes = [models.Index(fields=["family", "valid_from"], name="contact_restriction_family")]

    def __str__(self) -> str:
        return self.restricted_name

    def in_force(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def in_force_on(day: datetime.date) -> Q:
    """Contact restrictions in force on ``day``."""
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


# --- Signs of Safety -------------------------------------------------------------------------------------------

@pghistory.track(exclude=["version", "updated_at"])
class SafetyMapping(WithholdingMark):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="safety_mappings")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="safety_mappings", verbose_name=_("child"))
    title = models.CharField(_("title"), max_length=200)
    mapped_on = models.DateField(_("mapped on"))
    scale_question = models.CharField(
        _("scaling question"), max_length=300,
        default=_("On a scale of 0 to 10, where 10 means everyone knows the children are safe enough to close the "
                  "case and 0 means things are so bad the children cannot stay: where are we now?"))
    next_review_on = models.DateField(_("next review on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        verbose_name = _("Signs of Safety mapping")
        verbose_name_plural = _("Signs of Safety mappings")
        ordering = ["family", "-mapped_on", "-pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(next_review_on__gte=models.F("mapped_on")),
                                   name="safety_mapping_review_after_mapping"),
        ]

    def __str__(self) -> str:
        return self.title


class EntryKind(models.TextChoices):
    WORRY = "worry", _("What are we worried about?")
    WORKING_WELL = "working_well", _("What is working well?")
    NEXT_STEP = "next_step", _("What needs to happen?")
    DANGER = "danger", _("Danger statement")
    GOAL = "goal", _("Safety goal")


class Removable(models.Model):
    """Abstract: a record entered by mistake is marked removed with a reason (kept, shown struck through)."""

    removed_at = models.DateTimeField(_("removed on"), null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    removed_reason = models.CharField(_("why it was removed"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


@pghistory.track(exclude=["version", "updated_at"])
class MappingEntry(WithholdingMark, Removable):
    mapping = models.ForeignKey(SafetyMapping, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("column"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    added_on = models.DateField(_("added on"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    corrections = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        verbose_name = _("mapping entry")
        verbose_name_plural = _("mapping entries")
        ordering = ["mapping", "kind", "pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="mapping_entry_kind"),
            models.CheckConstraint(condition=Q(removed_at__isnull=True, removed_reason="")
                                   | (Q(removed_at__isnull=False) & ~Q(removed_reason="")),
                                   name="mapping_entry_removed_has_reason"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class MappingEntryRevision(models.Model):
    """The state of a mapping entry before a correction. Rows are only added, never changed."""

    entry = models.ForeignKey(MappingEntry, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()  # 1 = the original text
    kind = models.CharField(_("column"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    corrected_at = models.DateTimeField()
    reason = models.CharField(_("reason for the correction"), max_length=300)

    class Meta:
        verbose_name = _("earlier version of a mapping entry")
        verbose_name_plural = _("earlier versions of a mapping entry")
        ordering = ["entry", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="mapping_entry_revision_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} #{self.number}"


@pghistory.track(exclude=["version", "updated_at"])
class ScalingScore(Removable):
    """Where one participant stands on the mapping's scale (0–10) on a day."""

    mapping = models.ForeignKey(SafetyMapping, on_delete=models.CASCADE, related_name="scores")
    participant = models.CharField(_("who"), max_length=100)
    score = models.PositiveSmallIntegerField(_("score (0–10)"))
    scored_on = models.DateField(_("on"))
    why = models.TextField(_("why this number and not lower"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    corrections = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("scaling score")
        verbose_name_plural = _("scaling scores")
        ordering = ["mapping", "scored_on", "participant", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=10), name="scaling_score_0_to_10"),
            models.CheckConstraint(condition=Q(removed_at__isnull=True, removed_reason="")
                                   | (Q(removed_at__isnull=False) & ~Q(removed_reason="")),
                                   name="scaling_score_removed_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.score}"


class ScalingScoreRevision(models.Model):
    """The state of a scaling score before a correction. Rows are only added, never changed."""

    score_row = models.ForeignKey(ScalingScore, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()  # 1 = the original score
    participant = models.CharField(_("who"), max_length=100)
    score = models.PositiveSmallIntegerField(_("score (0–10)"))
    scored_on = models.DateField(_("on"))
    why = models.TextField(_("why this number and not lower"), blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    corrected_at = models.DateTimeField()
    reason = models.CharField(_("reason for the correction"), max_length=300)

    class Meta:
        verbose_name = _("earlier version of a scaling score")
        verbose_name_plural = _("earlier versions of a scaling score")
        ordering = ["score_row", "number"]
        constraints = [models.UniqueConstraint(fields=["score_row", "number"], name="scaling_score_revision_once")]

    def __str__(self) -> str:
        return f"{self.score_row_id} #{self.number}"


@pghistory.track()
class MappingReview(models.Model):
    mapping = models.ForeignKey(SafetyMapping, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    summary = models.TextField(_("what changed"))
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("mapping review")
        verbose_name_plural = _("mapping reviews")
        ordering = ["mapping", "-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.mapping_id} {self.reviewed_on}"


# --- Kindreflex -----------------------------------------------------------------------------------------------

class ProcedureStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CloseReason(models.TextChoices):
    NO_CONCERN = "no_concern", _("no (further) concern about the child's safety")
    SAFETY_RESTORED = "safety_restored", _("safety restored with the family (step 5)")
    REFERRED = "referred", _("referred on (step 6)")
    REPORTED = "reported", _("reported to the VK, the OCJ or the police (step 6)")


class StepSixDecision(models.TextChoices):
    REFER = "refer", _("refer to another service")
    REPORT_VK = "report_vk", _("report to the VK (Vertrouwenscentrum Kindermishandeling)")
    REPORT_OCJ = "report_ocj", _("report to the OCJ (Ondersteuningscentrum Jeugdhulp)")
    POLICE = "police", _("call the police (acute danger)")


@pghistory.track(exclude=["version", "updated_at"])
class KindreflexProcedure(WithholdingMark):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="kindreflex_procedures")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="kindreflex_procedures",
                              verbose_name=_("child"))
    started_on = models.DateField(_("started on"))
    status = models.CharField(_("status"), max_length=10, choices=ProcedureStatus.choices,
                              default=ProcedureStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why it is closed"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)
    partners = models.ManyToManyField("partners.Organisation", blank=True, related_name="kindreflex_procedures",
                                      verbose_name=_("partners involved"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        verbose_name = _("Kindreflex procedure")
        verbose_name_plural = _("Kindreflex procedures")
        ordering = ["family", "-started_on", "-pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.UniqueConstraint(fields=["child"], condition=Q(status="open"), name="kindreflex_one_open_per_child"),
            models.CheckConstraint(condition=Q(status="open", closed_on__isnull=True, close_reason="")
                                   | (Q(status="closed", closed_on__isnull=False) & ~Q(close_reason="")),
                                   name="kindreflex_closed_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.status == ProcedureStatus.OPEN


@pghistory.track(exclude=["updated_at"])
class KindreflexStep(models.Model):
    """What was asked and decided in one step. ``answers`` holds the step's questions by key
    (spalk.safety.kindreflex.STEPS)."""

    procedure = models.ForeignKey(KindreflexProcedure, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    decision = models.TextField(_("decision"))
    colleague = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("colleague consulted"))
    expert = models.CharField(_("expert consulted"), max_length=200, blank=True)
    not_right_feeling = models.BooleanField(_("niet-pluis feeling"), null=True, blank=True)
    not_right_reasons = models.TextField(_("reasons for the niet-pluis feeling"), blank=True)
    step_six_decision = models.CharField(_("refer or report"), max_length=20, choices=StepSixDecision.choices,
                                         blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Kindreflex step")
        verbose_name_plural = _("Kindreflex steps")
        ordering = ["procedure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="kindreflex_step_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=6), name="kindreflex_step_1_to_6"),
            models.CheckConstraint(condition=~Q(number=2) | Q(colleague__isnull=False) | ~Q(expert=""),
                                   name="kindreflex_step_2_with_colleague"),
            models.CheckConstraint(condition=~Q(number=2) | Q(not_right_feeling__isnull=False),
                                   name="kindreflex_step_2_feeling_recorded"),
            models.CheckConstraint(condition=~Q(not_right_feeling=True) | ~Q(not_right_reasons=""),
                                   name="kindreflex_feeling_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} step {self.number}"


class ConsultedService(models.TextChoices):
    VK = "vk", _("VK (Vertrouwenscentrum Kindermishandeling)")
    OCJ = "ocj", _("OCJ (Ondersteuningscentrum Jeugdhulp)")


@pghistory.track()
class KindreflexConsultation(models.Model):
    procedure = models.ForeignKey(KindreflexProcedure, on_delete=models.CASCADE, related_name="consultations")
    service = models.CharField(_("with"), max_length=10, choices=ConsultedService.choices)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("which one (partner directory)"))
    anonymous = models.BooleanField(_("anonymous (without naming the family)"), default=True)
    consulted_on = models.DateField(_("on"))
    question = models.TextField(_("what you asked"))
    advice = models.TextField(_("what they advised"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("consultation with the VK or the OCJ")
        verbose_name_plural = _("consultations with the VK or the OCJ")
        ordering = ["procedure", "-consulted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} {self.consulted_on}"


# the fields of a contact restriction that its form edits (spalk.safety.services.RESTRICTION_FIELDS + the mark)
RESTRICTION_FIELDS_FORM = ["child", "restricted_name", "relation", "recognise", "kind", "valid_from", "valid_until",
                           "source", "source_reference", "if_seen", "withheld_from_family", "withheld_reason"]
