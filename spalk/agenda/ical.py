"""A worker's appointments as an iCalendar feed (RFC 5545) without dossier content.

A feed is read by calendar apps outside spalk (phones, webmail), so an event says only that there is an
appointment, when, and the initials of the family members concerned — no kind, title, place, note or family
name. The event links back to spalk, where the details need a login.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from spalk.agenda.models import Appointment
from spalk.agenda.selectors import initials


def feed_calendar(*, appointments: list[Appointment], base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//spalk//agenda//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "spalk")
    cal.add("refresh-interval;value=duration", "PT1H")
    stamp = timezone.now()
    for a in appointments:
        who = " ".join(initials(p) for p in a.persons.all())
        event = Event()
        event.add("uid", f"appointment-{a.pk}@spalk")
        event.add("dtstamp", stamp)
        event.add("dtstart", a.starts_at.astimezone(datetime.UTC))
        event.add("dtend", a.ends_at.astimezone(datetime.UTC))
        event.add("summary", f"spalk: afspraak {who}".strip())
        event.add("url", f"{base_url}/agenda/appointments/{a.pk}/")
        event.add("class", "CONFIDENTIAL")
        event.add("sequence", a.version)
        cal.add_component(event)
    return cal.to_ical()
