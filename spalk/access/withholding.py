"""The shared withholding mark: "withheld from the family" with a reason (BRIEF.md §7).

Every content record a family could later read in its portal (logbook notes, incidents, plans, reports,
health and safety records) inherits ``WithholdingMark``. Staff who may see the record see it whatever the
mark; a family member (portal) never sees a record that carries it. The policy applies the mark in one
place, ``spalk.access.policy.visible_content`` (querysets) and ``content_visible_to`` (one record), so the
family portal relies on those and on nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WithholdReason(models.TextChoices):
    THIRD_PARTY = "third_party", _("information from a third party given in confidence")
    OTHER_PERSON = "other_person", _("information about another person")
    COURT = "court", _("withheld by the court")


class WithholdingMark(models.Model):
    """Abstract: ``withheld_from_family`` + its reason; the reason is required when the mark is set.

    Subclasses get a check constraint ``<app>_<model>_withheld_reason`` so the database itself refuses a
    mark without a reason (or a reason without a mark).
    """

    withheld_from_family = models.BooleanField(_("withheld from the family"), default=False)
    withheld_reason = models.CharField(_("reason for withholding"), max_length=20, choices=WithholdReason.choices,
                                       blank=True, default="")
    withheld_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    withheld_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(withheld_from_family=False, withheld_reason="")
                           | (models.Q(withheld_from_family=True) & ~models.Q(withheld_reason=""))),
                name="%(app_label)s_%(class)s_withheld_reason",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.withheld_from_family and not self.withheld_reason:
            raise ValidationError({"withheld_reason": _("Choose why this is withheld from the family.")})
        if not self.withheld_from_family:
            self.withheld_reason = ""


def withholding_apply(record: WithholdingMark, *, actor, withheld: bool, reason: str, now) -> list[str]:
    """Set or clear the mark on ``record`` (not saved); returns the changed field names for the audit row."""
    changed: list[str] = []
    reason = reason if withheld else ""
    if record.withheld_from_family != withheld or record.withheld_reason != reason:
        record.withheld_from_family = withheld
        record.withheld_reason = reason
        record.withheld_by = actor if withheld else None
        record.withheld_at = now if withheld else None
        changed = ["withheld_from_family", "withheld_reason"]
    return changed
