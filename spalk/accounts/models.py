from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles of BRIEF.md §1. A user may hold several, per centre."""

    COUNSELLOR = "counsellor", _("Counsellor (begeleider)")
    CONTEXT_COUNSELLOR = "context_counsellor", _("Context counsellor (contextbegeleider)")
    CASE_LEAD = "case_lead", _("Case lead (trajectbegeleider)")
    HEALTH_COORDINATOR = "health_coordinator", _("Health coordinator")
    CHILD_WORKER = "child_worker", _("Child worker (kindbegeleider)")
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    TEAM_LEAD = "team_lead", _("Team lead")
    DIRECTOR = "director", _("Director")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    NIGHT_STAFF = "night_staff", _("Night staff")
    CENTRE_ADMIN = "centre_admin", _("Centre administrator")
    FINANCE_ADMIN = "finance_admin", _("Finance administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_installation_admin", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff member, installation administrator (and later family members)."""

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_installation_admin = models.BooleanField(
        _("installation administrator"), default=False,
        help_text=_("Manages accounts and centres; sees no dossier content."),
    )
    date_joined = models.DateTimeField(default=timezone.now)
    portal_person = models.OneToOneField(
        "families.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="portal_user",
        help_text=_("For a family member who signs in to the portal: the person they are."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Membership(models.Model):
    """A user holds a role in a centre, for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    # Set when the role is ended: from that moment it gives no rights (end_date is the planned last day).
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["centre__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "centre", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "centre"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.centre})"

    def is_current(self, on=None) -> bool:
        day = on or timezone.localdate()
        return (self.ended_at is None and self.start_date <= day
                and (self.end_date is None or self.end_date >= day))
