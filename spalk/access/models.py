"""Facts the access policy decides on: team assignments, shares between centres, break-the-glass."""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def in_force_q(*, today: datetime.date, prefix: str = "") -> models.Q:
    """Rows with a period (membership, assignment, share) that give rights now.

    A row is in force from ``start_date`` through ``end_date`` (the planned last day, inclusive) unless it was
    ended: ``ended_at`` is the moment someone ended it, and from that moment it gives nothing.
    """
    return (models.Q(**{f"{prefix}start_date__lte": today})
            & (models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(**{f"{prefix}end_date__gte": today}))
            & models.Q(**{f"{prefix}ended_at__isnull": True}))


def in_force(row: Any, on: datetime.date | None = None) -> bool:
    """Python twin of ``in_force_q`` for a row already loaded."""
    day = on or timezone.localdate()
    return (row.ended_at is None and row.start_date <= day
            and (row.end_date is None or row.end_date >= day))


def ended_now(row: Any) -> list[str]:
    """End a row at this moment (not at midnight); the planned end becomes today at the latest. Returns fields."""
    today = timezone.localdate()
    row.ended_at = timezone.now()
    row.end_date = max(row.start_date, min(row.end_date or today, today))
    return ["ended_at", "end_date"]


class AssignmentRole(models.TextChoices):
    TRAJECTORY_SUPPORTER = "trajectory_supporter", _("trajectory supporter (TO)")
    CASE_LEAD = "case_lead", _("case lead")
    COUNSELLOR = "counsellor", _("counsellor")
    CONTEXT_COUNSELLOR = "context_counsellor", _("context counsellor")
    HEALTH_COORDINATOR = "health_coordinator", _("health coordinator")
    CHILD_WORKER = "child_worker", _("child worker")


@pghistory.track()
class FamilyAssignment(models.Model):
    """A staff member is part of a family's team for a period. Drives access for assignment-bound roles."""

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role in the team"), max_length=40, choices=AssignmentRole.choices)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    # Set when the assignment is ended: from that moment it gives no access (end_date is the planned last day).
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family", "start_date"]
        indexes = [models.Index(fields=["user", "family"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        return in_force(self, on)

    @property
    def can_be_ended(self) -> bool:
        """Not ended yet and not past its planned end (started or still to start)."""
        return self.ended_at is None and (self.end_date is None or self.end_date >= timezone.localdate())


@pghistory.track()
class FamilyShare(models.Model):
    """A family explicitly shared with another centre, for a purpose and a period."""

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="shares")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="shared_families")
    purpose = models.CharField(_("purpose"), max_length=300)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    # Set when the share is ended: from that moment the other centre has no access.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["centre", "family"])]

    def __str__(self) -> str:
        return f"{self.family} → {self.centre}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        return in_force(self, on)

    @property
    def can_be_ended(self) -> bool:
        """Not ended yet and not past its planned end (started or still to start)."""
        return self.ended_at is None and (self.end_date is None or self.end_date >= timezone.localdate())


class BreakGlassCategory(models.TextChoices):
    """Why someone opens a dossier outside their own rights: the category, then the reason in words."""

    NIGHT_OR_WEEKEND = "night_or_weekend", _("Night or weekend shift: the family's team cannot be reached")
    CRISIS = "crisis", _("Crisis or safety concern in the house")
    STANDING_IN = "standing_in", _("Standing in for an absent colleague")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services, police or a hospital need information")
    OTHER = "other", _("Other reason")


class TsTzRange(models.Func):
    """PostgreSQL ``tstzrange(lower, upper)`` (half open), for the exclusion constraint on grants."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class BreakGlassGrantQuerySet(models.QuerySet["BreakGlassGrant"]):
    def open(self) -> BreakGlassGrantQuerySet:
        """Grants that give access at this moment: not ended and not expired."""
        return self.filter(ended_at__isnull=True, expires_at__gt=timezone.now())


class BreakGlassGrant(models.Model):
    """Time-limited access to one family by a colleague of the family's own centre, with the reason given.

    One open grant per person and family (an exclusion constraint on the period from ``created_at`` until
    ``ended_at`` or ``expires_at``); a team lead or director can end it at once; it stays on the team lead's
    list until reviewed.
    """

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    category = models.CharField(_("category"), max_length=30, choices=BreakGlassCategory.choices,
                                default=BreakGlassCategory.OTHER)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "family", "expires_at"])]
        constraints = [
            ExclusionConstraint(
                name="break_glass_one_open_grant",
                expressions=[("user", RangeOperators.EQUAL), ("family", RangeOperators.EQUAL),
                             (TsTzRange("created_at", Coalesce("ended_at", "expires_at")),
                              RangeOperators.OVERLAPS)],
            ),
            models.CheckConstraint(condition=models.Q(ended_at__isnull=True)
                                   | models.Q(ended_at__gte=models.F("created_at")),
                                   name="break_glass_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.family} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()
