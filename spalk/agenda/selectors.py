"""Reads of the agenda. Callers pass querysets that already went through the policy (``visible_appointments``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from spalk.agenda.models import Appointment, CalendarFeed
from spalk.agenda.services import token_hash
from spalk.families.models import Person


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def appointment_list(*, appointments: QuerySet[Appointment], start: datetime.date, end: datetime.date,
                     user=None, centre_id: int | None = None, cancelled: bool = False) -> list[Appointment]:
    """Appointments overlapping the local days ``[start, end)``; ``user``: only those this user takes part in."""
    qs = appointments.filter(starts_at__lt=_local_midnight(end), ends_at__gt=_local_midnight(start))
    if not cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    if user is not None:
        qs = qs.filter(staff=user)
    if centre_id is not None:
        qs = qs.filter(family__centre_id=centre_id)
    persons = Person.objects.order_by("birth_date", "pk")
    return list(qs.select_related("family").prefetch_related(Prefetch("persons", queryset=persons), "staff")
                .order_by("starts_at", "pk"))


@dataclass
class Day:
    day: datetime.date
    appointments: list[Appointment]


def by_day(appointments: list[Appointment], start: datetime.date, days: int) -> list[Day]:
    out: dict[datetime.date, list[Appointment]] = defaultdict(list)
    for a in appointments:
        first = max(timezone.localtime(a.starts_at).date(), start)
        last = timezone.localtime(a.ends_at - datetime.timedelta(microseconds=1)).date()
        day = first
        while day <= last and day < start + datetime.timedelta(days=days):
            out[day].append(a)
            day += datetime.timedelta(days=1)
    return [Day(day=start + datetime.timedelta(days=i), appointments=out[start + datetime.timedelta(days=i)])
            for i in range(days)]


def feed_for_token(raw: str) -> CalendarFeed | None:
    """The active feed of a raw token (looked up by its hash), or None."""
    if not raw or len(raw) > 100:
        return None
    return CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(raw),
                                                              revoked_at__isnull=True).first()


def active_feed(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def initials(person: Person) -> str:
    parts = [p for p in (person.first_name, person.last_name) if p]
    return ".".join(p[0].upper() for p in parts) + "." if parts else "?"


def family_persons(*, family) -> QuerySet[Person]:
    """The persons of a family already accessed (for choosing who an appointment is for)."""
    return Person.objects.filter(memberships__family=family).order_by("birth_date", "pk")


def centre_staff(*, centre_id: int):
    """Staff with a current membership in the centre (no dossier data)."""
    from spalk.accounts.models import User

    today = timezone.localdate()
    return (User.objects.filter(memberships__centre_id=centre_id, memberships__start_date__lte=today,
                                is_active=True).exclude(memberships__end_date__lt=today).distinct()
            .order_by("first_name", "last_name", "pk"))
