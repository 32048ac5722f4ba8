"""The handelingsplan (action plan) of a trajectory, made with the family, and its evaluations.

A trajectory has versions of a plan (``Plan.version`` 1, 2, …). A version is a draft until it is signed; a
signed version is frozen (no field of it, its goals or their actions changes again). ``plan_revise`` copies
the newest signed version into a new draft ``n + 1``; each copied goal keeps the ``lineage`` of the goal it
came from, so that differences between versions and the evaluations of one goal over time can be followed.

Goals belong to a person of the family (or to the whole family, ``person`` empty) and a life domain, and hold
the family's own words next to the worker's formulation, the parent's and the child's view (a child under 12
through the worker, marked as such), concrete actions (who, what, by when) and methods of the catalogue.
Goals carry the shared withholding mark for content the family may not read.
"""

from __future__ import annotations

import uuid
from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdingMark


class LifeDomain(models.TextChoices):
    """Life domains (BRIEF.md §2): parenting and development first. The values are those of the API contract."""

    PARENTING = "parenting", _("parenting")
    DEVELOPMENT = "development", _("development of the child")
    HOUSING = "housing", _("housing")
    FINANCE = "finance", _("finance")
    HEALTH = "health", _("health")
    WORK_EDUCATION = "work_education", _("work and education")
    NETWORK = "network", _("network")
    ADMINISTRATION = "administration", _("administration")
    SAFETY = "safety", _("safety")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    REACHED = "reached", _("reached")
    STOPPED = "stopped", _("stopped")


class ViewSource(models.TextChoices):
    """Whose words the child's view is: the child's own (from 12 on) or written down by the worker."""

    CHILD = "child", _("in the child's own words")
    WORKER = "worker", _("through the worker")


class SignatureMedium(models.TextChoices):
    PAPER = "paper", _("on paper")
    PORTAL = "portal", _("in the family portal")


class PlanSettings(models.Model):
    """Per-centre rhythm of the plan: first plan after admission, evaluations, progress reports."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="plan_settings")
    first_plan_within_days = models.PositiveSmallIntegerField(
        _("first plan signed within (days after admission)"), default=30)
    evaluation_every_months = models.PositiveSmallIntegerField(_("evaluate the goals every (months)"), default=3)
    report_every_months = models.PositiveSmallIntegerField(_("progress report every (months)"), default=6)
    due_soon_days = models.PositiveSmallIntegerField(_("show as due this many days ahead"), default=14)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(first_plan_within_days__gte=1), name="plan_settings_days_positive"),
            models.CheckConstraint(condition=Q(evaluation_every_months__gte=1) & Q(report_every_months__gte=1),
                                   name="plan_settings_months_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}"


@pghistory.track(exclude=["row_version", "updated_at"])
class Plan(models.Model):
    """One version of the handelingsplan of a trajectory. ``version`` is the plan's number (1, 2, …);
    ``row_version`` is the optimistic-locking counter of edits to a draft."""

    trajectory = models.ForeignKey("trajectories.Trajectory", on_delete=models.PROTECT, related_name="plans")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField(_("version"))
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next")
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    agreements = models.TextField(_("general agreements"), blank=True)
    discussed_on = models.DateField(_("discussed with the family on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signature_medium = models.CharField(_("signed"), max_length=10, choices=SignatureMedium.choices, blank=True)
    signed_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["trajectory", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "version"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["trajectory"], condition=Q(status="draft"), name="plan_one_draft"),
            models.CheckConstraint(condition=Q(status="draft") | Q(signed_on__isnull=False),
                                   name="plan_signed_has_date"),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
        ]
        indexes = [models.Index(fields=["family", "-version"], name="plan_family_version")]

    def __str__(self) -> str:
        return f"{self.trajectory_id} v{self.version}"

    @property
    def is_signed(self) -> bool:
        return self.status == PlanStatus.SIGNED


class PlanSignatory(models.Model):
    """Who signed a version: a family member (``person``) or a staff member (``user``); the name is kept as it
    was written on the day, so that a later change of name does not change a signed plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="signatories")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(_("as"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(person__isnull=False) & Q(user__isnull=True))
                                   | (Q(person__isnull=True) & Q(user__isnull=False)),
                                   name="plan_signatory_person_or_user"),
            models.UniqueConstraint(fields=["plan", "person"], name="plan_signatory_person_once"),
            models.UniqueConstraint(fields=["plan", "user"], name="plan_signatory_user_once"),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(exclude=["row_version", "updated_at"])
class Goal(WithholdingMark):
    # not a column: the evaluations of the goal's lineage, set by the plan page (plans.views._plan_context)
    history: list[Any]

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="plan_goals")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)  # shared by the copies of one goal
    copied_from = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="copy")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="plan_goals")
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    family_words = models.TextField(_("in the family's own words"), blank=True)
    worker_words = models.TextField(_("worker's formulation"), blank=True)
    parent_view = models.TextField(_("the parent's view"), blank=True)
    child_view = models.TextField(_("the child's view"), blank=True)
    child_view_source = models.CharField(_("the child's view is given"), max_length=10, choices=ViewSource.choices,
                                         blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    methods = models.ManyToManyField("methods.Method", blank=True, related_name="plan_goals")
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    row_version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        ordering = ["plan", "order", "pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(life_domain__in=LifeDomain.values), name="goal_known_life_domain"),
            models.CheckConstraint(condition=~Q(family_words="") | ~Q(worker_words=""), name="goal_has_words"),
            models.CheckConstraint(condition=Q(child_view="") | ~Q(child_view_source=""),
                                   name="goal_child_view_has_source"),
            models.UniqueConstraint(fields=["plan", "lineage"], name="goal_lineage_once_per_plan"),
        ]
        indexes = [models.Index(fields=["lineage"], name="goal_lineage")]

    def __str__(self) -> str:
        return f"{self.get_life_domain_display()}: {(self.family_words or self.worker_words)[:40]}"


class GoalAction(models.Model):
    """A concrete step of a goal: who does what, by when."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    who = models.CharField(_("who"), max_length=200)
    what = models.TextField(_("what"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    methods = models.ManyToManyField("methods.Method", blank=True, related_name="plan_actions")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["goal", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:40]}"


class Progress(models.IntegerChoices):
    """Progress on a goal, on a five-point scale."""

    NONE = 1, _("no progress")
    LITTLE = 2, _("a little progress")
    SOME = 3, _("some progress")
    MUCH = 4, _("much progress")
    REACHED = 5, _("goal reached")


class Decision(models.TextChoices):
    CONTINUE = "continue", _("continue")
    ADJUST = "adjust", _("adjust")
    REACHED = "reached", _("reached")
    STOPPED = "stopped", _("stopped")


@pghistory.track()
class Evaluation(WithholdingMark):
    """The evaluation of one goal of a signed plan on one day: progress, evidence (logbook notes), decision.

    An evaluation does not change the frozen plan; the decision is carried into the next version when the
    plan is revised (reached/stopped goals keep that status)."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="evaluations")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="plan_evaluations")
    lineage = models.UUIDField(editable=False)  # the goal's lineage: evaluations of a goal across versions
    evaluated_on = models.DateField(_("evaluated on"))
    progress = models.PositiveSmallIntegerField(_("progress"), choices=Progress.choices)
    comment = models.TextField(_("what went well, what did not"), blank=True)
    family_comment = models.TextField(_("what the family says"), blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    evidence = models.ManyToManyField("logbook.Note", blank=True, related_name="plan_evaluations")
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(WithholdingMark.Meta):
        ordering = ["-evaluated_on", "-pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(progress__gte=1) & Q(progress__lte=5), name="evaluation_progress_scale"),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="evaluation_known_decision"),
        ]
        indexes = [
            models.Index(fields=["lineage", "-evaluated_on"], name="evaluation_lineage_day"),
            models.Index(fields=["family", "-evaluated_on"], name="evaluation_family_day"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.evaluated_on}"


# --- Reports: evolutieverslag and eindverslag ---------------------------------------------------------------


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("progress report (evolutieverslag)")
    FINAL = "final", _("final report (eindverslag)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


def report_storage():
    """The named storage ``reports`` (settings.STORAGES): outside the web root, served only through the policy."""
    from django.core.files.storage import storages

    return storages["reports"]


def report_path(instance: Report, filename: str) -> str:
    import secrets

    return f"reports/{instance.family.centre_id}/{instance.issued_at:%Y/%m}/{secrets.token_hex(16)}.pdf"


@pghistory.track(exclude=["version", "updated_at"])
class Report(WithholdingMark):
    """A report assembled from the plan, its evaluations and the trajectory, edited as sections of text.

    Issuing freezes it: the content (``issued_content``, JSON) and the PDF are stored with their sha256, and
    neither changes again. ``mandate`` is the mandate at the time of writing (voluntary, OCJ, youth court)."""

    trajectory = models.ForeignKey("trajectories.Trajectory", on_delete=models.PROTECT, related_name="reports")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="plan_reports")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    mandate = models.CharField(_("mandate"), max_length=20, blank=True)
    family_comment = models.TextField(_("the family's own comment"), blank=True)
    signatories = models.JSONField(default=list, blank=True)  # [{"name", "capacity"}] as typed by the author
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    issued_content = models.JSONField(null=True, blank=True, editable=False)
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf = models.FileField(storage=report_storage, upload_to=report_path, max_length=300, blank=True,
                           editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        ordering = ["-created_at", "-pk"]
        constraints = [
            *WithholdingMark.Meta.constraints,
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="report_period_ordered"),
            models.CheckConstraint(condition=Q(status="draft") | (~Q(pdf_sha256="") & ~Q(content_sha256="")),
                                   name="report_issued_has_hashes"),
        ]
        indexes = [models.Index(fields=["family", "-created_at"], name="report_family_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class ReportSection(models.Model):
    """A section of a report's text; ``source`` says what it was assembled from (the author may rewrite it)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    source = models.CharField(max_length=30, blank=True)  # plan, evaluations, trajectory, logbook, free
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class RecipientKind(models.TextChoices):
    OCJ = "ocj", _("OCJ")
    COURT = "court", _("youth court")
    REFERRER = "referrer", _("referrer")
    OTHER = "other", _("other partner")


class ReportSending(models.Model):
    """That an issued report was sent to a recipient (OCJ, court, referrer, another partner).

    The sending *is* a share with a partner (``share``, spalk.network): it passed the one sharing rule under a
    consent record or legal basis of the family, within its scope and period, and the share keeps the report's
    frozen PDF as what went out. This row adds only what the report's page tells: the kind of recipient and the
    day it was sent."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="sendings")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="+")
    share = models.OneToOneField("network.Share", on_delete=models.PROTECT, related_name="report_sending")
    recipient_kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("name of the recipient"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.recipient_name}"
