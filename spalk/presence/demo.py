"""Fictional presence for the demo: the nights of the last three weeks of every stay, mostly present, with a
weekend home leave, a night in hospital and a night a parent did not come back. Idempotent (one row per night).
"""

from __future__ import annotations

import datetime
import random

from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.families.models import MemberRole
from spalk.presence.models import AbsenceReason, NightStatus, PresenceNight
from spalk.presence.selectors import current_night
from spalk.stays.models import AllocationMember

WEEKS = 3


def _status(rng: random.Random, night: datetime.date, role: str) -> tuple[str, str, str]:
    if night.weekday() in (5, 6) and rng.random() < 0.15:
        return NightStatus.LEAVE, AbsenceReason.HOME_LEAVE, "Weekend bij de grootouders"
    roll = rng.random()
    if roll < 0.02 and role == MemberRole.CHILD:
        return NightStatus.ABSENT, AbsenceReason.HOSPITAL, "Opgenomen met koorts, mama bleef bij"
    if roll < 0.03 and role == MemberRole.PARENT:
        return NightStatus.ABSENT, AbsenceReason.NOT_BACK, "Om 23 uur nog niet terug, gebeld"
    return NightStatus.PRESENT, "", ""


def load(*, stdout) -> None:
    tonight = current_night()
    start = tonight - datetime.timedelta(weeks=WEEKS)
    now = timezone.now()
    rows = []
    stays = AllocationMember.objects.select_related("allocation", "member").filter(
        period__overlap=DateRange(start, tonight, "[)")).order_by("pk")
    for stay in stays:
        rng = random.Random(stay.pk)  # noqa: S311 - demo data, not security
        day = max(stay.period.lower, start)
        while day < min(stay.period.upper, tonight):  # tonight itself is left for the night shift to check
            status, reason, note = _status(rng, day, stay.member.role)
            rows.append(PresenceNight(family_id=stay.allocation.family_id, stay=stay, member_id=stay.member_id,
                                      night=day, status=status, reason=reason, note=note, recorded_at=now))
            day += datetime.timedelta(days=1)
    created = PresenceNight.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    stdout.write(f"presence: {len(created)} nights checked\n")
