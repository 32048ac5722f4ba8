"""The methods catalogue (seed 000, "Methodieken die gebruikt worden in de concrete CIG-werking").

Sector data, no dossier content: method areas (child work, parent work, ...) and the methods within them.
The logbook tags notes with methods and uses the areas as note categories; plans reuse the same catalogue.
Team leads and directors maintain it (``spalk.access.policy.can_edit_methods``); a method is retired with
``is_active = False``, never deleted, so that older notes keep their tags.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaCode(models.TextChoices):
    """The method areas of seed 000. The logbook's note categories start with these same codes."""

    CHILD_WORK = "child_work", _("child work")
    PARENT_WORK = "parent_work", _("parent work")
    FAMILY_NETWORK = "family_network", _("family and network work")
    HEALTH = "health", _("health coordination")
    TRAINING = "training", _("training")
    COOPERATION = "cooperation", _("cooperation")


class StructuredForm(models.TextChoices):
    """Methods whose structure spalk offers as a form (``""``: free text only)."""

    NONE = "", _("free text")
    CARE_MOMENT = "care_moment", _("care-moment observation")


class MethodArea(models.Model):
    code = models.CharField(max_length=30, choices=AreaCode.choices, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Method(models.Model):
    area = models.ForeignKey(MethodArea, on_delete=models.PROTECT, related_name="methods")
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    structured_form = models.CharField(_("structured form"), max_length=30, choices=StructuredForm.choices,
                                       blank=True, default="")
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["area__order", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="method_name_unique_in_area")]

    def __str__(self) -> str:
        return self.name
