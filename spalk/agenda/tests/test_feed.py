"""The worker's calendar feed: a secret, revocable URL; hashed at rest; no dossier content beyond initials."""

from __future__ import annotations

from django.urls import reverse
from icalendar import Calendar

from spalk.agenda import services
from spalk.agenda.models import CalendarFeed
from spalk.audit.models import AuditEvent


def feed_url(raw: str) -> str:
    return reverse("agenda:feed", args=[raw])


def test_the_feed_holds_times_and_initials_only(client, counsellor, consultation):
    _feed, raw = services.feed_create(actor=counsellor)
    response = client.get(feed_url(raw))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for secret in ("Zitting", "jeugdrechtbank", "Brugge", "Peeters", "Sarah", "Advocaat", "court", "rechtbank"):
        assert secret not in body
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "spalk: afspraak S.P."
    assert event.decoded("dtstart") == consultation.starts_at


def test_the_token_is_hashed_at_rest(counsellor):
    feed, raw = services.feed_create(actor=counsellor)
    assert raw not in feed.token_hash and len(feed.token_hash) == 64
    assert not CalendarFeed.objects.filter(token_hash=raw).exists()


def test_a_revoked_or_replaced_address_stops_working(client, counsellor, consultation):
    _f, first = services.feed_create(actor=counsellor)
    _f, second = services.feed_create(actor=counsellor)
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    services.feed_revoke(actor=counsellor)
    assert client.get(feed_url(second)).status_code == 404
    assert client.get(feed_url("not-a-token")).status_code == 404


def test_the_feed_follows_the_policy(client, counsellor, consultation):
    from spalk.access.models import FamilyAssignment

    _f, raw = services.feed_create(actor=counsellor)
    FamilyAssignment.objects.filter(user=counsellor).delete()  # no longer on the family's team
    assert "VEVENT" not in client.get(feed_url(raw)).content.decode()


def test_every_read_is_audited(client, counsellor, consultation, family):
    _f, raw = services.feed_create(actor=counsellor)
    client.get(feed_url(raw))
    event = AuditEvent.objects.get(object_type="agenda.feed")
    assert event.actor == counsellor and event.extra["family_ids"] == [family.pk] and raw not in str(event.extra)


def test_settings_page_shows_the_address_once(mfa_client, counsellor):
    client = mfa_client(counsellor)
    created = client.post(reverse("agenda:feed_settings"), {"action": "create"}).content.decode()
    assert "/agenda/feed/" in created
    again = client.get(reverse("agenda:feed_settings")).content.decode()
    assert "/agenda/feed/" not in again
    client.post(reverse("agenda:feed_settings"), {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=counsellor, revoked_at__isnull=True).exists()
