"""The agenda: appointments of family members (K&G, court, school, GP ...) and of staff with families, and
childcare while parents are at school or work. A worker's personal calendar feed (iCal) has a secret URL.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    KG_CONSULTATION = "kg_consultation", _("Kind en Gezin consultation")
    COURT_HEARING = "court_hearing", _("court hearing")
    SCHOOL = "school", _("school")
    GP = "gp", _("general practitioner")
    HOSPITAL = "hospital", _("hospital or specialist")
    CONSULTATION = "consultation", _("consultation with a partner (OCJ, CAW, ...)")
    HOME_VISIT = "home_visit", _("home visit")
    CONVERSATION = "conversation", _("conversation with the family")
    CHILDCARE = "childcare", _("childcare while the parent is at school or work")
    OTHER = "other", _("other appointment")


@pghistory.track(exclude=["version"])
class Appointment(models.Model):
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    title = models.CharField(_("what"), max_length=150)
    location = models.CharField(_("where"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    persons = models.ManyToManyField("families.Person", blank=True, related_name="appointments",
                                     verbose_name=_("family members"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="appointments",
                                   verbose_name=_("staff"))
    childcare_needed = models.BooleanField(_("childcare needed"), default=False,
                                           help_text=_("The children stay in the centre while the parent goes."))
    note = models.TextField(_("note"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="appointment_ends_after_start")]
        indexes = [models.Index(fields=["family", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def centre_id(self) -> int:
        return self.family.centre_id


class CalendarFeed(models.Model):
    """A worker's secret calendar URL. Only a hash of the token is kept; a new token revokes the old one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)  # shown to the user to recognise the URL, never enough to use it
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                               name="calendar_feed_one_active")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.prefix}…"
