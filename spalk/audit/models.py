"""The append-only audit trail. PostgreSQL refuses UPDATE and DELETE on this table (see migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    SEARCH = "search", _("searched")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    BREAK_GLASS = "break_glass", _("broke the glass")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("signed out")
    ACCOUNT = "account", _("account change")
    DENIED = "denied", _("was refused access")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
                              null=True, related_name="+")
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    # What was touched. No foreign key constraints: the trail outlives the records it speaks of.
    centre_id = models.BigIntegerField(null=True, blank=True)
    family_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    fields = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    via = models.CharField(max_length=10, default="web")  # web | api | cli | system
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=300, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["family_id", "-at"]),
            models.Index(fields=["actor", "-at"]),
            models.Index(fields=["centre_id", "-at"]),
            # list reads record the families they showed in extra.family_ids; "who had access to this
            # family" searches them with @> (make bench: 430 ms → 7 ms over 2 million events)
            GinIndex(OpClass(KeyTransform("family_ids", "extra"), name="jsonb_path_ops"),
                     name="audit_extra_family_ids_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    @property
    def action_label(self) -> str:
        """Same text as get_action_display(), without hashing every lazy choice label on each call (lists of
        hundreds of events: make bench)."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action
