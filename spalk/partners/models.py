"""The partner directory: organisations a centre works with (referrers, referral targets) and their people.

It holds no dossier data: names of organisations and of professionals who work there.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    OCJ = "ocj", _("OCJ (Ondersteuningscentrum Jeugdhulp)")
    YOUTH_COURT = "youth_court", _("Youth court (JRB)")
    VK = "vk", _("VK (Vertrouwenscentrum Kindermishandeling)")
    CAW = "caw", _("CAW")
    KG = "kg", _("Kind en Gezin")
    CLB = "clb", _("CLB")
    CGG = "cgg", _("CGG (mental health centre)")
    GP = "gp", _("General practitioner")
    HOSPITAL = "hospital", _("Hospital")
    OCMW = "ocmw", _("OCMW / social services")
    SCHOOL = "school", _("School")
    NETWORK_1G1P = "1g1p", _("1G1P network")
    ITP = "itp", _("Intersectorale Toegangspoort")
    DISABILITY = "disability", _("Disability support (VAPH)")
    HOUSE_OF_THE_CHILD = "huis_van_het_kind", _("Huis van het Kind")
    POSITIVE_REORIENTATION = "positive_reorientation", _("Positieve Heroriëntering")
    SUPPORT_FORM = "support_form", _("Support form (Vroeg en nabij)")
    ADDICTION = "addiction", _("Addiction care")
    OTHER = "other", _("Other")


class ReferralAccess(models.TextChoices):
    DIRECT = "direct", _("directly accessible")
    REFERRAL = "referral", _("only through a referral")
    ITP = "itp", _("only with an indication (ITP)")
    UNKNOWN = "", _("unknown")


class Organisation(models.Model):
    """A partner organisation of the sociale kaart: in a centre's own directory, or (``centre`` empty) in the
    shared sector list that every centre reads."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="partner_organisations",
                               null=True, blank=True, help_text=_("Empty: the shared sector list."))
    support_form = models.ForeignKey("network.SupportForm", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("support form"))
    primary_care_zone = models.CharField(_("eerstelijnszone"), max_length=100, blank=True)
    target_groups = models.TextField(_("target groups"), blank=True,
                                     help_text=_("For example: young parents, children 0 to 3, youth 12 to 25."))
    needs = models.TextField(_("needs they answer"), blank=True,
                             help_text=_("For example: housing, debts, parenting support, mental health."))
    opening_hours = models.TextField(_("opening hours"), blank=True)
    referral_access = models.CharField(_("how to refer"), max_length=10, choices=ReferralAccess.choices,
                                       blank=True, default="")
    how_to_refer = models.TextField(_("how to refer, in practice"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    offer = models.TextField(_("what they offer"), blank=True,
                             help_text=_("Used when suggesting where to refer a family."))
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True,
                                            help_text=_("Suggest this organisation when a family is referred "
                                                        "on or declined."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), "centre", name="partner_organisation_name_unique"),
            models.UniqueConstraint(Lower("name"), condition=models.Q(centre__isnull=True),
                                    name="partner_sector_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A professional at a partner organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})" if self.organisation_id else self.name
