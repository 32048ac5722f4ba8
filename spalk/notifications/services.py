"""Notify staff without dossier content: an in-app notification, and an e-mail only when the installation
turns it on (``SPALK_NOTIFICATION_EMAIL``). Both go out after the transaction that caused them commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from spalk.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipient_ids: Iterable[int], kind: str, title: str, url: str = "", centre_id: int | None = None,
           object_type: str = "", object_id: str | int = "") -> None:
    """Queue a notification for each recipient; ``title`` names the event, never a person or dossier content."""
    ids = sorted(set(recipient_ids))
    if not ids:
        return

    def deliver() -> None:
        Notification.objects.bulk_create([
            Notification(recipient_id=pk, kind=kind, title=title[:200], url=url[:300], centre_id=centre_id,
                         object_type=object_type, object_id=str(object_id)) for pk in ids])
        if getattr(settings, "SPALK_NOTIFICATION_EMAIL", False):
            _mail(ids, title, url)

    transaction.on_commit(deliver)


def _mail(ids: list[int], title: str, url: str) -> None:
    from spalk.accounts.models import User

    emails = list(User.objects.filter(pk__in=ids, is_active=True).values_list("email", flat=True))
    base = getattr(settings, "SPALK_BASE_URL", "")
    body = title + (f"\n\n{base.rstrip('/')}{url}" if base else "")
    try:
        send_mail(subject=f"spalk: {title}", message=body, from_email=None, recipient_list=emails)
    except OSError:
        # the in-app notification is already stored; a mail server that is down must not undo it
        logger.exception("notification e-mail not sent", extra={"recipients": len(emails)})


def notification_list(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit])


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_open(*, user, notification_id: int) -> Notification | None:
    """Mark one of the user's own notifications read (someone else's: None, the view answers 404)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
