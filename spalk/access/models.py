"""Facts the access policy decides on: team assignments, shares between centres, break-the-glass."""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.conf import settings
from django.db import models
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


class BreakGlassGrant(models.Model):
    """Time-limited access to one family by a colleague of the same centre, with the reason typed."""

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "family", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.family} ({self.created_at:%Y-%m-%d %H:%M})"
