"""Health coordination records (issue 13): special-category data.

Every record belongs to a person of a family (``family``, ``person``) and inherits the shared withholding mark
(what the family may not see) and ``shared_with_team`` (what counsellors may see; the health coordinator and
the team lead see everything). Reads go through ``spalk.access.policy.health``; every write is audited.
Editable records carry ``version`` (optimistic locking).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdingMark
from spalk.health.marks import ERROR_FREE, EnteredInError
from spalk.health.schedule import VACCINES


class HealthRecord(WithholdingMark, EnteredInError):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="+")
    shared_with_team = models.BooleanField(
        _("share with the counsellors"), default=False,
        help_text=_("Counsellors of the family see this record; otherwise only the health coordinator and the team "
                    "lead do."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        abstract = True
        constraints = [*WithholdingMark.Meta.constraints, *EnteredInError.Meta.constraints]


class GrowthMeasurement(HealthRecord):
    """Weight, length/height and head circumference on a date, with the WHO 2006 z-scores stored at saving."""

    measured_on = models.DateField(_("date"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=6, decimal_places=3, null=True, blank=True)
    length_cm = models.DecimalField(_("length or height (cm)"), max_digits=5, decimal_places=1, null=True,
                                    blank=True)
    head_circumference_cm = models.DecimalField(_("head circumference (cm)"), max_digits=4, decimal_places=1,
                                                null=True, blank=True)
    age_days = models.IntegerField()
    weight_for_age_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    length_for_age_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    head_circumference_for_age_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    weight_for_length_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    bmi_for_age_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["measured_on", "pk"]
        indexes = [models.Index(fields=["person", "measured_on"])]


class PregnancyStatus(models.TextChoices):
    ONGOING = "ongoing", _("ongoing")
    BORN = "born", _("born")
    ENDED = "ended", _("ended otherwise")


@pghistory.track(exclude=["version", "updated_at"])
class Pregnancy(HealthRecord):
    """A pregnancy of ``person`` (the mother); ``unborn`` is the unborn child's person record, which becomes the
    child at birth."""

    unborn = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    expected_date = models.DateField(_("expected date of delivery"))
    last_period_date = models.DateField(_("first day of the last period"), null=True, blank=True)
    risks = models.TextField(_("risks"), blank=True)
    birth_plan = models.TextField(_("birth plan"), blank=True)
    hospital = models.CharField(_("where the birth is planned"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PregnancyStatus.choices,
                              default=PregnancyStatus.ONGOING)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["expected_date", "pk"]


class ConsultationKind(models.TextChoices):
    PRENATAL = "prenatal", _("prenatal consultation")
    KG = "kg", _("Kind en Gezin consultation")


class Consultation(HealthRecord):
    """A prenatal consultation (of a pregnancy) or a Kind en Gezin consultation of a child."""

    kind = models.CharField(_("kind"), max_length=10, choices=ConsultationKind.choices)
    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="consultations")
    held_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with"), max_length=200, blank=True,
                                 help_text=_("For example: midwife, gynaecologist, Kind en Gezin nurse."))
    notes = models.TextField(_("what was discussed"), blank=True)
    next_on = models.DateField(_("next consultation"), null=True, blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["-held_on", "-pk"]


@pghistory.track(exclude=["version", "updated_at"])
class Birth(HealthRecord):
    """The birth of ``person`` (the child, the same person record as the unborn child)."""

    pregnancy = models.OneToOneField(Pregnancy, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="birth")
    born_on = models.DateField(_("birth date"))
    weight_kg = models.DecimalField(_("birth weight (kg)"), max_digits=5, decimal_places=3, null=True, blank=True)
    length_cm = models.DecimalField(_("birth length (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    head_circumference_cm = models.DecimalField(_("head circumference at birth (cm)"), max_digits=4,
                                                decimal_places=1, null=True, blank=True)
    gestational_age_days = models.PositiveIntegerField(_("gestational age at birth (days)"), null=True, blank=True)
    place = models.CharField(_("place of birth"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(HealthRecord.Meta):
        constraints = [*HealthRecord.Meta.constraints,
                       models.UniqueConstraint(fields=["person"], condition=ERROR_FREE,
                                               name="health_birth_one_per_person")]


class VaccinationDose(HealthRecord):
    vaccine = models.CharField(_("vaccine"), max_length=20, choices=list(VACCINES.items()))
    dose_number = models.PositiveSmallIntegerField(_("dose"))
    given_on = models.DateField(_("given on"))
    product = models.CharField(_("product (brand)"), max_length=100, blank=True)
    batch = models.CharField(_("batch number"), max_length=50, blank=True)
    given_by = models.CharField(_("given by"), max_length=200, blank=True,
                                help_text=_("For example: Kind en Gezin, the GP, the paediatrician."))

    class Meta(HealthRecord.Meta):
        ordering = ["given_on", "pk"]
        constraints = [*HealthRecord.Meta.constraints,
                       models.UniqueConstraint(fields=["person", "vaccine", "dose_number"], condition=ERROR_FREE,
                                               name="health_vaccination_dose_once")]


class EntryKind(models.TextChoices):
    MILESTONE = "milestone", _("development milestone")
    PARENT_HEALTH = "parent_health", _("health of a parent")
    CONTRACEPTION = "contraception", _("contraception counselling")
    HEALTH_NOTE = "note", _("health note")


class HealthEntry(HealthRecord):
    """A dated entry: a development milestone, a parent's health, contraception counselling, a health note."""

    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    noted_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    text = models.TextField(_("what was seen or discussed"), blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["-noted_on", "-pk"]


class Severity(models.TextChoices):
    MILD = "mild", _("mild")
    MODERATE = "moderate", _("moderate")
    SEVERE = "severe", _("severe (anaphylaxis)")


@pghistory.track(exclude=["version", "updated_at"])
class Allergy(HealthRecord):
    substance = models.CharField(_("allergic to"), max_length=200)
    reaction = models.CharField(_("reaction"), max_length=300, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MILD)
    noted_on = models.DateField(_("known since"), null=True, blank=True)
    is_active = models.BooleanField(_("still present"), default=True)
    resolved_on = models.DateField(_("no longer present since"), null=True, blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["-is_active", "substance", "pk"]


@pghistory.track(exclude=["version", "updated_at"])
class Medication(HealthRecord):
    """A medication on the list of a person; ``times`` are the moments of the day it is due (HH:MM, space
    separated) for children in residence, whose doses are logged."""

    name = models.CharField(_("medication"), max_length=200)
    dose = models.CharField(_("dose"), max_length=100)
    route = models.CharField(_("how"), max_length=100, blank=True, help_text=_("For example: oral, drops, cream."))
    times = models.CharField(_("times of the day"), max_length=100, blank=True,
                             help_text=_("For example: 08:00 20:00. Leave empty for 'when needed'."))
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    prescribed_by = models.CharField(_("prescribed by"), max_length=200, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["name", "pk"]

    def time_list(self) -> list[str]:
        return sorted(t for t in self.times.split() if t)


class AdministrationStatus(models.TextChoices):
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    NOT_GIVEN = "not_given", _("not given")


class MedicationAdministration(EnteredInError):
    """One line of the administration log: who gave what when (append-only: a mistaken line is marked as entered in
    error, with its reason, and a new line is logged)."""

    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="administrations")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="+")
    scheduled_for = models.DateTimeField(_("dose of"), null=True, blank=True)
    given_at = models.DateTimeField(_("at"))
    status = models.CharField(_("what happened"), max_length=10, choices=AdministrationStatus.choices,
                              default=AdministrationStatus.GIVEN)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(EnteredInError.Meta):
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["medication", "scheduled_for"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.given_at:%d/%m/%Y %H:%M}"


# Gordon's eleven functional health patterns (Gordon, M. Manual of Nursing Diagnosis).
GORDON_PATTERNS = (
    ("health_perception", _("Health perception and health management")),
    ("nutrition", _("Nutrition and metabolism")),
    ("elimination", _("Elimination")),
    ("activity", _("Activity and exercise")),
    ("sleep", _("Sleep and rest")),
    ("cognition", _("Cognition and perception")),
    ("self_perception", _("Self-perception and self-concept")),
    ("roles", _("Roles and relationships")),
    ("sexuality", _("Sexuality and reproduction")),
    ("coping", _("Coping and stress tolerance")),
    ("values", _("Values and beliefs")),
)


class GordonAssessment(HealthRecord):
    """Gordon's functional health patterns for one person on a date, repeatable over time: per pattern what was
    observed and whether it is a concern (``answers``: {code: {"observation": str, "concern": bool}})."""

    assessed_on = models.DateField(_("date"))
    answers = models.JSONField(default=dict, blank=True)
    summary = models.TextField(_("summary and next steps"), blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["-assessed_on", "-pk"]

    def pattern_rows(self) -> list[tuple[str, str, str, bool]]:
        return [(code, str(label), (self.answers.get(code) or {}).get("observation", ""),
                 bool((self.answers.get(code) or {}).get("concern"))) for code, label in GORDON_PATTERNS]


class Milestone(models.Model):
    """Reference data: a developmental milestone with its window of achievement in months and the source of the
    window (loaded by migration 0003 from ``spalk.health.milestones``; never typed in code elsewhere)."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("milestone"), max_length=200)
    criterion = models.TextField(_("when it counts as achieved"), blank=True)
    window_start_months = models.DecimalField(_("window from (months)"), max_digits=4, decimal_places=1)
    window_end_months = models.DecimalField(_("window until (months)"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(window_end_months__gt=models.F("window_start_months")),
                                              name="health_milestone_window_order")]

    def __str__(self) -> str:
        return self.name


class MilestoneStatus(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    NOT_YET = "not_yet", _("not yet")


@pghistory.track(exclude=["version", "updated_at"])
class MilestoneObservation(HealthRecord):
    """A child's milestone as observed on a date: achieved (on ``achieved_on``) or not yet; a free-text note."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField(_("observed on"))
    status = models.CharField(_("status"), max_length=10, choices=MilestoneStatus.choices)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(HealthRecord.Meta):
        ordering = ["milestone__order", "-observed_on", "-pk"]
        constraints = [*HealthRecord.Meta.constraints,
                       models.CheckConstraint(
                           condition=(models.Q(status="achieved", achieved_on__isnull=False)
                                      | models.Q(status="not_yet", achieved_on__isnull=True)),
                           name="health_milestone_achieved_has_date")]
