"""A family's trajectory in a centre: admission → closure → aftercare, module episodes and supporters."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from spalk.trajectories.modules import ModuleCode


class DateRangeFunc(Func):
    """``daterange(start, end, '[)')`` in constraints; a NULL end means open-ended."""

    function = "daterange"
    output_field = DateRangeField()


def _range(start: str, end: str) -> DateRangeFunc:
    return DateRangeFunc(start, end, RangeBoundary(inclusive_lower=True, inclusive_upper=False))


class Phase(models.TextChoices):
    INTAKE = "intake", _("intake")
    OBSERVATION = "observation", _("observation")
    SUPPORT = "support", _("support")
    CLOSING = "closing", _("closing")
    AFTERCARE = "aftercare", _("aftercare (terugvalbasis)")


class Destination(models.TextChoices):
    HOME_WITH_SUPPORT = "home_with_support", _("home with support")
    HOME = "home", _("home without further support")
    OTHER_SERVICE = "other_service", _("other service")
    FOSTER_CARE = "foster_care", _("foster care")
    RESIDENTIAL_YOUTH_CARE = "residential_youth_care", _("residential youth care for the child")
    INDEPENDENT_LIVING = "independent_living", _("independent living")
    UNKNOWN = "unknown", _("unknown / left without notice")


class AccessRoute(models.TextChoices):
    DIRECT = "direct", _("directly accessible")
    ITP = "itp", _("indication by the ITP")
    CRISIS = "crisis", _("crisis route")


class CentreTrajectorySettings(models.Model):
    """Per-centre choices: how long a crisis stay may last, and how long a closed trajectory may reopen."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="trajectory_settings")
    crisis_max_days = models.PositiveSmallIntegerField(_("maximum length of a crisis stay (days)"), default=14)
    crisis_warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before the maximum"), default=3)
    reopen_within_days = models.PositiveSmallIntegerField(
        _("a closed trajectory can be reopened within (days)"), default=180,
        help_text=_("Terugvalbasis: within this period a family returning resumes the same trajectory."))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("trajectory settings of a centre")

    DEFAULTS = {"crisis_max_days": 14, "crisis_warning_days": 3, "reopen_within_days": 180}

    def __str__(self) -> str:
        return f"settings {self.centre_id}"


@pghistory.track(exclude=["version", "updated_at"])
class Trajectory(models.Model):
    """The family's course of care in one centre, from admission to closure and aftercare."""

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="trajectories")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="trajectories")
    admitted_on = models.DateField(_("admitted on"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-admitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["family", "centre"], condition=Q(closed_on__isnull=True),
                                    name="trajectory_one_open_per_family"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("admitted_on")),
                                   name="trajectory_closed_after_admission"),
        ]
        indexes = [models.Index(fields=["centre", "closed_on"])]

    def __str__(self) -> str:
        return f"{self.family} ({self.admitted_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@pghistory.track()
class TrajectoryPhase(models.Model):
    """A phase of the trajectory over ``[start_date, end_date)``; the open phase has no end."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["trajectory", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="phase_end_after_start"),
            ExclusionConstraint(name="phase_no_overlap", expressions=[
                ("trajectory", RangeOperators.EQUAL), (_range("start_date", "end_date"), RangeOperators.OVERLAPS)]),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.start_date:%d/%m/%Y}"


@pghistory.track()
class TrajectoryClosure(models.Model):
    """A closure with its reason, destination and agreed follow-up; ``reopened_on`` when resumed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="closures")
    closed_on = models.DateField(_("closed on"))
    reason = models.TextField(_("reason"))
    destination = models.CharField(_("destination"), max_length=30, choices=Destination.choices)
    follow_up = models.TextField(_("follow-up agreed"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        ordering = ["trajectory", "closed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory"], condition=Q(reopened_on__isnull=True),
                                    name="closure_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.closed_on:%d/%m/%Y}"


@pghistory.track()
class ModuleEpisode(models.Model):
    """A member follows a module over ``[start_date, actual_end)`` (or until the planned end)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="episodes")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.PROTECT, related_name="episodes")
    module_code = models.CharField(_("module"), max_length=30, choices=ModuleCode.choices)
    residential = models.BooleanField(_("stay"), editable=False)
    start_date = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True,
                                 help_text=_("For example: two home visits a week."))
    access_route = models.CharField(_("access route"), max_length=10, choices=AccessRoute.choices)
    indication_reference = models.CharField(_("indication"), max_length=100, blank=True,
                                            help_text=_("Reference of the ITP decision that allowed this module."))
    indication_decided_on = models.DateField(_("indication decided on"), null=True, blank=True)
    indication_valid_until = models.DateField(_("indication valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["trajectory", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start_date")),
                                   name="episode_end_after_start"),
            models.CheckConstraint(condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start_date")),
                                   name="episode_planned_end_after_start"),
            models.CheckConstraint(condition=Q(module_code__in=ModuleCode.values), name="episode_known_module"),
            models.CheckConstraint(
                condition=~Q(access_route="itp") | ~Q(indication_reference=""),
                name="episode_itp_has_indication"),
            # A member follows one home-support module and at most one stay module at a time.
            ExclusionConstraint(name="episode_one_per_kind", expressions=[
                ("member", RangeOperators.EQUAL), ("residential", RangeOperators.EQUAL),
                (_range("start_date", "actual_end"), RangeOperators.OVERLAPS)]),
        ]

    def __str__(self) -> str:
        return f"{self.module_code} {self.start_date:%d/%m/%Y}"

    @property
    def is_running(self) -> bool:
        return self.actual_end is None


class SupporterScope(models.TextChoices):
    FAMILY = "family", _("family")
    CHILD = "child", _("child or youth")
    CONTEXT = "context", _("context")


class Agreement(models.TextChoices):
    CHOSEN = "chosen", _("chosen by the family")
    AGREED = "agreed", _("proposed and agreed by the family")
    PROPOSED = "proposed", _("proposed, not yet discussed")
    NOT_AGREED = "not_agreed", _("the family does not agree")


@pghistory.track()
class Supporter(models.Model):
    """A trajectory supporter (trajectondersteuner, TO) over ``[start_date, end_date)``.

    One family TO at a time, one own TO per child at a time, any number of context TOs. A change of TO
    ends one row and starts another, so the rows are the history. The TO remains after closure (the family
    can fall back on them: terugvalbasis).
    """

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="supporters")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supported_families")
    scope = models.CharField(_("supporter for"), max_length=10, choices=SupporterScope.choices,
                             default=SupporterScope.FAMILY)
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="supporters")
    agreement = models.CharField(_("the family's say"), max_length=20, choices=Agreement.choices,
                                 default=Agreement.AGREED)
    agreement_note = models.CharField(_("note on the choice"), max_length=300, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    access_assignment = models.ForeignKey("access.FamilyAssignment", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["family", "scope", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="supporter_end_after_start"),
            models.CheckConstraint(condition=Q(scope="child", person__isnull=False)
                                   | (~Q(scope="child") & Q(person__isnull=True)),
                                   name="supporter_child_has_person"),
            ExclusionConstraint(name="supporter_one_family_to", condition=Q(scope="family"), expressions=[
                ("family", RangeOperators.EQUAL), (_range("start_date", "end_date"), RangeOperators.OVERLAPS)]),
            ExclusionConstraint(name="supporter_one_child_to", condition=Q(scope="child"), expressions=[
                ("person", RangeOperators.EQUAL), (_range("start_date", "end_date"), RangeOperators.OVERLAPS)]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.scope}) {self.start_date:%d/%m/%Y}"

    def is_current(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)


@pghistory.track()
class SupporterIntensity(models.Model):
    """How intensively the supporter works with the family from a date on (e.g. planned contacts)."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="intensities")
    valid_from = models.DateField(_("from"))
    contacts_per_month = models.PositiveSmallIntegerField(_("planned contacts per month"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["supporter", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["supporter", "valid_from"], name="intensity_one_per_day")]

    def __str__(self) -> str:
        return f"{self.contacts_per_month}/month from {self.valid_from:%d/%m/%Y}"
