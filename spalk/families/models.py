from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from spalk.families.names import NameAndAge
from spalk.families.validators import clean_national_number


def validate_national_number(value: str) -> None:
    clean_national_number(value)


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    X = "x", _("X")
    UNKNOWN = "u", _("unknown")


class MemberRole(models.TextChoices):
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    UNBORN = "unborn", _("unborn child")
    NETWORK = "network", _("network person")


@pghistory.track(exclude=["version", "updated_at"])
class Family(models.Model):
    """A household (gezin) followed by a centre. Owned by exactly one centre."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="families",
                               verbose_name=_("centre"))
    name = models.CharField(_("family name"), max_length=150)
    reference = models.CharField(_("dossier number"), max_length=30)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages spoken at home"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [models.UniqueConstraint(fields=["centre", "reference"], name="family_reference_unique")]
        indexes = [
            models.Index(fields=["centre", "name"]),
            # icontains compiles to UPPER(col) LIKE UPPER(%term%): the trigram index must be on UPPER
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="family_name_upper_trgm"),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(exclude=["version", "updated_at"])
class Person(NameAndAge, models.Model):
    """A person known to a centre: parent, child, unborn child or network person."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="persons",
                               verbose_name=_("centre"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    expected_birth_date = models.DateField(_("expected birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    national_number = models.CharField(_("national number"), max_length=11, blank=True,
                                       validators=[validate_national_number])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            # Unique within the centre that holds the dossier: a check across centres would reveal
            # to one centre that another one knows this person.
            models.UniqueConstraint(
                fields=["centre", "national_number"],
                condition=~models.Q(national_number=""),
                name="person_national_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(national_number="") | models.Q(national_number__regex=r"^[0-9]{11}$"),
                name="person_national_number_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "last_name", "first_name"]),
            models.Index(fields=["centre", "birth_date"]),
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="person_first_name_upper_trgm"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="person_last_name_upper_trgm"),
        ]

    def __str__(self) -> str:
        return self.full_name


    @property
    def national_number_display(self) -> str:
        from stdnum.be import nn

        return nn.format(self.national_number) if self.national_number else ""


@pghistory.track()
class FamilyMember(models.Model):
    """Membership of a person in a family, with the role they have in it."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role in the family"), max_length=20, choices=MemberRole.choices)
    relation = models.CharField(_("relation"), max_length=100, blank=True,
                                help_text=_("For example: mother, grandmother, partner not in residence."))
    pregnant = models.BooleanField(_("pregnant"), default=False)
    start_date = models.DateField(_("member from"), null=True, blank=True)
    end_date = models.DateField(_("member until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family", "role", "person__birth_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["family", "person"], name="family_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
