"""Presence register: who actually slept in the centre each night, and why someone did not.

A night belongs to the date on which it begins (as in ``spalk.stays``): the night of 5 March runs from the
evening of 5 March to the morning of 6 March, so a night shift checking at 02:00 records the night of the
day before. One row per booked member and night; a night without a row is "not checked yet".
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NightStatus(models.TextChoices):
    PRESENT = "present", _("present")
    LEAVE = "leave", _("on leave")  # agreed beforehand: home leave, a weekend with the network
    ABSENT = "absent", _("absent")  # not agreed, or not back


class AbsenceReason(models.TextChoices):
    HOME_LEAVE = "home_leave", _("home leave")
    NETWORK = "network", _("staying with family or network")
    HOSPITAL = "hospital", _("in hospital")
    SCHOOL_TRIP = "school_trip", _("school trip or camp")
    NOT_BACK = "not_back", _("did not come back, whereabouts unknown")
    OTHER = "other", _("other reason")


@pghistory.track(exclude=["version"])
class PresenceNight(models.Model):
    """One booked member (``stay``) on one night: present, on leave or absent (with a reason)."""

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="presence_nights")
    stay = models.ForeignKey("stays.AllocationMember", on_delete=models.CASCADE, related_name="nights")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.PROTECT, related_name="nights")
    night = models.DateField(_("night of"))
    status = models.CharField(_("presence"), max_length=10, choices=NightStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=AbsenceReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("Practical only, for example: back on Sunday at 18:00."))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["night", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "night"], name="presence_one_row_per_night"),
            models.CheckConstraint(
                condition=(models.Q(status=NightStatus.PRESENT, reason="")
                           | (~models.Q(status=NightStatus.PRESENT) & ~models.Q(reason=""))),
                name="presence_reason_iff_away"),
        ]
        indexes = [models.Index(fields=["family", "night"]), models.Index(fields=["stay", "night"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.night}: {self.status}"
