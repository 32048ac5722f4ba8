"""Living units of a centre and the families staying in them.

Periods are half-open date ranges ``[arrival, departure)``: a date in the range is a night spent in the
unit (the night from that date to the next). Nights are counted as dates, never as hours, so daylight
saving time changes nothing.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    ROOM = "room", _("living-group room")
    STUDIO = "studio", _("studio")
    APARTMENT = "apartment", _("apartment")


def _bounded(field: str) -> models.Q:
    """A range with both a start and an end date, and at least one night."""
    return models.Q(**{f"{field}__isempty": False, f"{field}__lower_inf": False, f"{field}__upper_inf": False})


@pghistory.track(exclude=["version"])
class Unit(models.Model):
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    capacity_adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    capacity_children = models.PositiveSmallIntegerField(_("children"), default=1)
    cots = models.PositiveSmallIntegerField(_("cots"), default=0)
    features = models.CharField(_("features"), max_length=300, blank=True,
                                help_text=_("For example: ground floor, own kitchen, accessible bathroom."))
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["centre", "name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="unit_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def beds(self) -> int:
        """Places for persons: adults and children (cots are places for children under about two)."""
        return self.capacity_adults + self.capacity_children


@pghistory.track()
class UnitOutOfService(models.Model):
    """A unit cannot be used over a period ``[start, end)`` (works, damage, ...)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="out_of_service")
    period = DateRangeField(_("period"))
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["unit", "period"]
        constraints = [
            models.CheckConstraint(condition=_bounded("period"), name="out_of_service_bounded"),
            ExclusionConstraint(
                name="out_of_service_no_overlap",
                expressions=[("unit", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.period}"

    @property
    def centre_id(self) -> int:
        return self.unit.centre_id


@pghistory.track()
class Allocation(models.Model):
    """A family lives in a unit over a period ``[start, end)``. One family per unit at a time."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="allocations")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="allocations")
    trajectory = models.ForeignKey("trajectories.Trajectory", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="allocations")
    period = DateRangeField(_("period"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        constraints = [
            ExclusionConstraint(
                name="allocation_no_double_booking",
                expressions=[("unit", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
            ),
            models.CheckConstraint(condition=_bounded("period"), name="allocation_bounded"),
        ]
        indexes = [models.Index(fields=["family"])]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.period}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper


@pghistory.track()
class AllocationMember(models.Model):
    """One member of the family staying in the allocated unit, over (part of) the allocation's period.

    ``unborn_until``: a pregnant parent counts for two on nights before this date (when the installation
    counts unborn children, settings.COUNT_UNBORN).
    """

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.PROTECT, related_name="stays")
    period = DateRangeField(_("period"))
    unborn_until = models.DateField(_("counts for two until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_bounded("period"), name="allocation_member_bounded"),
            ExclusionConstraint(
                name="allocation_member_one_place",
                expressions=[("member", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.period}"
