from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Centre(models.Model):
    """A recognised Centrum voor Integrale Gezinszorg (CIG): the tenant boundary of all dossier data."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Reachable day and night (24/7): what a family or a partner calls at 3 a.m. E.164, see spalk.core.phones.
    permanence_phone = models.CharField(_("24/7 permanence number"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        parts = [self.street, " ".join(p for p in [self.postal_code, self.city] if p)]
        return ", ".join(p for p in parts if p)
