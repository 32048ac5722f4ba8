"""The "entered in error" mark of health records (issue 13): a mistaken record is never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnteredInError(models.Model):
    """Abstract: the mark of a record entered by mistake ("ingevoerd in vergissing"). Nothing in health is deleted:
    the record stays in its history with who marked it, when and why; lists, charts, z-score tables, the summary and
    the vaccination status leave it out by default and show it apart, labelled as such."""

    error_at = models.DateTimeField(_("marked as entered in error on"), null=True, blank=True)
    error_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    error_reason = models.CharField(_("why it was entered in error"), max_length=500, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(error_at__isnull=True, error_reason="")
                           | (models.Q(error_at__isnull=False) & ~models.Q(error_reason=""))),
                name="%(app_label)s_%(class)s_error_reason",
            ),
        ]

    @property
    def in_error(self) -> bool:
        return self.error_at is not None


ERROR_FREE = models.Q(error_at__isnull=True)
