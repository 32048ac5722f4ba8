"""Handovers (completeness, receipts, start screen) and incidents (notification by severity, without content)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.accounts.models import Role
from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import DomainError
from spalk.logbook import handovers, incidents
from spalk.logbook.models import HandoverReceipt, Incident, IncidentKind, Severity, Shift
from spalk.logbook.shifts import coming_shift, shift_at, shift_window
from spalk.logbook.signals import child_safety_signal
from spalk.notifications.models import Notification
from spalk.testing.factories import MembershipFactory
from spalk.testing.logbook import NoteFactory, ShiftTaskFactory

pytestmark = pytest.mark.django_db


def test_shift_of_a_moment():
    tz = timezone.get_current_timezone()
    assert shift_at(datetime.datetime(2026, 3, 4, 2, 0, tzinfo=tz)) == (datetime.date(2026, 3, 3), Shift.NIGHT)
    assert shift_at(datetime.datetime(2026, 3, 4, 8, 0, tzinfo=tz)) == (datetime.date(2026, 3, 4), Shift.MORNING)
    assert coming_shift(datetime.datetime(2026, 3, 4, 22, 30, tzinfo=tz)) == (datetime.date(2026, 3, 4), Shift.NIGHT)
    assert coming_shift(datetime.datetime(2026, 3, 4, 23, 20, tzinfo=tz)) == (datetime.date(2026, 3, 4), Shift.NIGHT)


def _complete_handover(counsellor, resident, centre, unit):
    """A handover with a note before and after the previous one, a task in and out of the shift, incidents."""
    earlier = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="Vorige",
                                       shift_date=timezone.localdate() - datetime.timedelta(days=1),
                                       shift=Shift.MORNING)
    # notes written before the previous handover are not "since the last handover"
    NoteFactory(family=resident, author=counsellor, text="Oud nieuws",
                moment=earlier.written_at - datetime.timedelta(minutes=5))
    NoteFactory(family=resident, author=counsellor, text="Noor had koorts, paracetamol om 20u")
    NoteFactory(family=None, centre=centre, unit=unit, author=counsellor, text="Lamp in de gang stuk")
    handover = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="Rustig, let op Noor.")
    start, end = shift_window(handover.shift_date, handover.shift)
    ShiftTaskFactory(centre=centre, family=resident, title="Temperatuur Noor meten", due_at=start
                     + datetime.timedelta(hours=1), created_by=counsellor)
    ShiftTaskFactory(centre=centre, title="Volgende week", due_at=end + datetime.timedelta(days=7),
                     created_by=counsellor)
    incidents.incident_report(actor=counsellor, centre=centre, family=resident, data=incidents.IncidentInput(
        kind=IncidentKind.MEDICAL, severity=Severity.LOW, description="Noor viel van de bank", follow_up="Opvolgen"))
    return handover


def test_handover_shows_everything_the_next_shift_needs(night_staff, counsellor, resident, centre, unit):
    handover = _complete_handover(counsellor, resident, centre, unit)
    view = handovers.handover_view(user=night_staff, handover=handover)
    assert {n.text for n in view.notes} == {"Noor had koorts, paracetamol om 20u", "Lamp in de gang stuk"}
    assert [(p.family_name, p.unit_name, [n for n, _ in p.persons]) for p in view.present] == [
        ("Gezin Peeters", "Studio 1", ["Sarah", "Noor"])]
    assert [t.title for t in view.tasks] == ["Temperatuur Noor meten"]
    assert [i.description for i in view.incidents] == ["Noor viel van de bank"]
    assert view.family_ids == [resident.pk]


def test_handover_lists_the_appointments_of_the_coming_shift(mfa_client, night_staff, counsellor, resident, centre,
                                                            unit, other_centre):
    """Issue 11: "appointments and tasks of the coming shift" — a hearing at 9:00 reaches the night shift."""
    from spalk.agenda.models import Appointment, AppointmentKind
    from spalk.testing.factories import FamilyFactory

    handover = _complete_handover(counsellor, resident, centre, unit)
    start, end = shift_window(handover.shift_date, handover.shift)

    def appointment(family, title, starts_at, **extra):
        return Appointment.objects.create(family=family, kind=AppointmentKind.values[0], title=title,
                                          starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1),
                                          **extra)

    appointment(resident, "Consultatie Kind en Gezin", start + datetime.timedelta(hours=2),
                location="Huis van het Kind")
    appointment(resident, "Afgelast", start + datetime.timedelta(hours=3), cancelled_at=timezone.now())
    appointment(resident, "Volgende week", end + datetime.timedelta(days=7))
    appointment(FamilyFactory(centre=other_centre), "Ander centrum", start + datetime.timedelta(hours=2))
    view = handovers.handover_view(user=night_staff, handover=handover)
    assert [a.title for a in view.appointments] == ["Consultatie Kind en Gezin"]
    body = mfa_client(night_staff).get(reverse("logbook:handover", args=[handover.pk])).content.decode()
    assert "Consultatie Kind en Gezin" in body and "Huis van het Kind" in body and "Afgelast" not in body


def test_handover_page_and_receipt(mfa_client, night_staff, counsellor, resident, centre, unit):
    handover = _complete_handover(counsellor, resident, centre, unit)
    client = mfa_client(night_staff)
    response = client.get(reverse("logbook:handover", args=[handover.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Rustig, let op Noor.", "Noor had koorts", "Temperatuur Noor meten", "Studio 1", "Sarah"):
        assert text in body
    home = client.get(reverse("home")).content.decode()
    assert reverse("logbook:handover", args=[handover.pk]) in home  # the night staff's start screen
    response = client.post(reverse("logbook:handover_read", args=[handover.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    client.post(reverse("logbook:handover_read", args=[handover.pk]))
    assert HandoverReceipt.objects.filter(handover=handover, user=night_staff).count() == 1
    assert reverse("logbook:handover", args=[handover.pk]) not in client.get(reverse("home")).content.decode()
    assert AuditEvent.objects.filter(object_type="logbook.handover", action=AuditAction.VIEW).exists()


def test_handover_query_count_is_flat(mfa_client, night_staff, counsellor, resident, centre, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handover = _complete_handover(counsellor, resident, centre, unit)
    client = mfa_client(night_staff)
    url = reverse("logbook:handover", args=[handover.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        NoteFactory(family=resident, author=counsellor, text=f"extra {i}",
                    moment=handover.covers_from + (handover.written_at - handover.covers_from) * (i + 1) / 11)
        ShiftTaskFactory(centre=centre, family=resident, title=f"taak {i}", created_by=counsellor,
                         due_at=handover.written_at + datetime.timedelta(hours=1))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_current_handover_page_and_api_keep_their_query_count(mfa_client, client, night_staff, counsellor, resident,
                                                               centre, unit, sarah):
    """Notes naming persons and methods, with attachments, and more tasks and incidents: the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spalk.api.services import api_token_create
    from spalk.logbook.models import Attachment
    from spalk.methods.models import Method

    handover = _complete_handover(counsellor, resident, centre, unit)
    page, api = reverse("logbook:handover_current"), f"/api/v1/logbook/handovers/{handover.pk}"
    browser = mfa_client(night_staff)
    _token, raw = api_token_create(actor=night_staff, user=night_staff, name="t")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def counts():
        browser.get(page)
        client.get(api, **bearer)  # the token's first use is recorded once
        with CaptureQueriesContext(connection) as on_page:
            assert browser.get(page).status_code == 200
        with CaptureQueriesContext(connection) as on_api:
            assert client.get(api, **bearer).status_code == 200
        return len(on_page), len(on_api)

    few = counts()
    method = Method.objects.order_by("pk").first()
    for i in range(8):
        note = NoteFactory(family=resident, author=counsellor, text=f"extra {i}",
                           moment=handover.covers_from + (handover.written_at - handover.covers_from) * (i + 1) / 10)
        note.persons.add(sarah)
        if method is not None:
            note.methods.add(method)
        Attachment.objects.create(note=note, file=f"logbook/t/{i}.pdf", original_name=f"{i}.pdf",
                                  content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=counsellor)
        ShiftTaskFactory(centre=centre, family=resident, title=f"taak {i}", created_by=counsellor,
                         due_at=handover.written_at + datetime.timedelta(hours=1))
        incidents.incident_report(actor=night_staff, centre=centre, family=resident, data=incidents.IncidentInput(
            kind=IncidentKind.MEDICAL, severity=Severity.LOW, description=f"gevallen {i}"))
    body = browser.get(page).content.decode()
    assert "extra 7" in body and "Sarah" in body and "gevallen" not in body  # incidents show kind, not content
    assert counts() == few


def test_one_handover_per_shift(counsellor, centre):
    handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="a")
    with pytest.raises(DomainError):
        handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="b")


def test_outsider_and_context_counsellor_get_404(mfa_client, outsider, context_counsellor, counsellor, centre):
    handover = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="a")
    for user in (outsider, context_counsellor):
        assert mfa_client(user).get(reverse("logbook:handover", args=[handover.pk])).status_code == 404


def test_incident_notifies_by_severity_without_content(django_capture_on_commit_callbacks, night_staff, team_lead,
                                                       director, resident, sarah):
    with django_capture_on_commit_callbacks(execute=True):
        incidents.incident_report(actor=night_staff, centre=resident.centre, family=resident,
                                  data=incidents.IncidentInput(kind=IncidentKind.AGGRESSION, severity=Severity.MEDIUM,
                                                               description="Sarah schopte tegen de deur",
                                                               persons=[sarah]))
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [team_lead.pk]
    with django_capture_on_commit_callbacks(execute=True):
        incidents.incident_report(actor=night_staff, centre=resident.centre, family=resident,
                                  data=incidents.IncidentInput(kind=IncidentKind.SELF_HARM, severity=Severity.HIGH,
                                                               description="Sarah sneed zich in de arm"))
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [team_lead.pk, team_lead.pk, director.pk])
    for n in Notification.objects.all():
        assert "Sarah" not in n.title and "deur" not in n.title and "sneed" not in n.title  # "arm" is in "self-harm"
        assert resident.name not in n.title


def test_low_severity_notifies_nobody(django_capture_on_commit_callbacks, night_staff, team_lead, resident):
    with django_capture_on_commit_callbacks(execute=True):
        incidents.incident_report(actor=night_staff, centre=resident.centre, family=resident, data=incidents.
                                  IncidentInput(kind=IncidentKind.DAMAGE, severity=Severity.LOW,
                                                description="Glas gebroken"))
    assert not Notification.objects.exists()


def test_other_centre_team_lead_is_not_notified(django_capture_on_commit_callbacks, night_staff, other_centre,
                                                resident):
    other = MembershipFactory(centre=other_centre, role=Role.TEAM_LEAD).user
    with django_capture_on_commit_callbacks(execute=True):
        incidents.incident_report(actor=night_staff, centre=resident.centre, family=resident, data=incidents.
                                  IncidentInput(kind=IncidentKind.ABSCONDING, severity=Severity.CRITICAL,
                                                description="weg"))
    assert not Notification.objects.filter(recipient=other).exists()


def test_child_safety_signal_opens_the_safety_procedure_hook(django_capture_on_commit_callbacks, counsellor,
                                                             resident):
    calls = []

    def receiver(sender, incident, actor, **kwargs):
        calls.append(incident.pk)
        return "KR-1"

    child_safety_signal.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            incident = incidents.incident_report(
                actor=counsellor, centre=resident.centre, family=resident, data=incidents.IncidentInput(
                    kind=IncidentKind.CHILD_SAFETY, severity=Severity.HIGH, description="Blauwe plek bij Noor"))
    finally:
        child_safety_signal.disconnect(receiver)
    assert calls == [incident.pk]
    assert Incident.objects.get(pk=incident.pk).safety_procedure_ref == "KR-1"


def test_incident_screens(mfa_client, night_staff, team_lead, resident, sarah, centre):
    client = mfa_client(night_staff)
    response = client.post(reverse("logbook:incident_create"), {
        "centre": centre.pk, "family": resident.pk, "kind": "aggression", "severity": 2,
        "description": "Ruzie aan de telefoon, gsm tegen de muur", "persons": [sarah.pk]})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reported_by == night_staff and list(incident.persons.all()) == [sarah]
    # night staff reported it and may add follow-up; the team lead closes it
    lead = mfa_client(team_lead)
    assert lead.get(reverse("logbook:incident_detail", args=[incident.pk])).status_code == 200
    assert lead.post(reverse("logbook:incident_close", args=[incident.pk]), {"version": 1}).status_code == 302
    assert Incident.objects.get().closed_at is not None


def test_incident_of_another_family_is_404_for_night_staff(mfa_client, night_staff, counsellor, centre):
    from spalk.testing.factories import FamilyFactory

    family = FamilyFactory(centre=centre)  # not in residence
    incident = incidents.incident_report(actor=counsellor, centre=centre, family=None, data=incidents.IncidentInput(
        kind=IncidentKind.DAMAGE, severity=Severity.LOW, description="Deur kapot"))
    incident.family = family
    incident.save()
    assert mfa_client(night_staff).get(reverse("logbook:incident_detail", args=[incident.pk])).status_code == 404


# --- found by walking the demo as night staff, counsellor and team lead -------------------------------------

def test_done_task_answers_with_the_task_done(mfa_client, team_lead, counsellor, resident, centre):
    task = handovers.shift_task_create(actor=counsellor, centre=centre, title="Ronde om 4u",
                                       due_at=timezone.now() + datetime.timedelta(hours=1))
    response = mfa_client(team_lead).post(reverse("logbook:task_done", args=[task.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "gedaan" in body and reverse("logbook:task_done", args=[task.pk]) not in body  # no "Klaar" button left
    assert "data-autofocus" in body  # focus lands on the result, not on <body>


def test_task_in_a_past_shift_is_refused_and_the_form_keeps_what_was_typed(mfa_client, team_lead, centre):
    response = mfa_client(team_lead).post(reverse("logbook:task_create"), {
        "centre": centre.pk, "task-title": "Wekker Elif", "task-due_at": "2020-01-01T08:00"})
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="Wekker Elif"' in body and "huidige dienst of een latere" in body
    assert not handovers.ShiftTask.objects.exists()


def test_a_unit_handover_does_not_hide_the_house_handover(mfa_client, night_staff, counsellor, centre, unit):
    day, shift = coming_shift(timezone.now())
    house = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="Het hele huis: rustig.",
                                     shift_date=day, shift=shift)
    room = handovers.handover_write(actor=counsellor, centre=centre, unit=unit, summary="Studio 1: fles om 3u.",
                                    shift_date=day, shift=shift)
    body = mfa_client(night_staff).get(reverse("logbook:handover_current")).content.decode()
    assert "Het hele huis: rustig." in body  # the house handover of the shift, newest though the unit's is
    assert reverse("logbook:handover", args=[room.pk]) in body and "Ook voor deze dienst" in body
    body = mfa_client(night_staff).get(reverse("logbook:handover", args=[room.pk])).content.decode()
    assert reverse("logbook:handover", args=[house.pk]) in body


def test_an_addition_asks_the_readers_to_read_again(mfa_client, night_staff, counsellor, centre):
    handover = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="Rustig.")
    handovers.handover_mark_read(actor=night_staff, handover=handover)
    assert handovers.handover_to_read(user=night_staff) == []
    later = timezone.now() + datetime.timedelta(minutes=1)
    with _frozen(later):
        handovers.handover_update(actor=counsellor, handover=handover, version=1, summary="Rustig. Elif koorts 38,5.")
    assert [h.pk for h in handovers.handover_to_read(user=night_staff, now=later)] == [handover.pk]
    client = mfa_client(night_staff)
    body = client.get(reverse("logbook:handover", args=[handover.pk])).content.decode()
    assert "aangevuld door" in body and "voor de aanvulling" in body
    assert reverse("logbook:handover_read", args=[handover.pk]) in body  # the button is back
    with _frozen(later + datetime.timedelta(minutes=1)):
        client.post(reverse("logbook:handover_read", args=[handover.pk]))
    receipt = HandoverReceipt.objects.get(handover=handover, user=night_staff)
    assert receipt.read_at > later
    assert handovers.handover_to_read(user=night_staff, now=later + datetime.timedelta(minutes=2)) == []


def test_a_second_handover_for_the_shift_links_to_the_first(mfa_client, counsellor, centre):
    day, shift = coming_shift(timezone.now())
    first = handovers.handover_write(actor=counsellor, centre=centre, unit=None, summary="Eerste versie.",
                                     shift_date=day, shift=shift)
    response = mfa_client(counsellor).post(reverse("logbook:handover_create"), {
        "centre": centre.pk, "summary": "Tweede", "shift_date": day.isoformat(), "shift": shift})
    body = response.content.decode()
    assert response.status_code == 422
    assert "al geschreven" in body and "Tweede" in body  # the message, and what was typed
    assert reverse("logbook:handover", args=[first.pk]) in body and "Eerste versie." in body
    assert "Nog geen overdracht" not in body


def test_choosing_the_family_of_an_incident_keeps_what_was_typed(mfa_client, night_staff, resident, sarah, centre):
    response = mfa_client(night_staff).post(reverse("logbook:incident_create"), {
        "centre": centre.pk, "family": resident.pk, "choose_family": "1", "kind": "aggression", "severity": "2",
        "description": "Ruzie aan de telefoon"})
    body = response.content.decode()
    assert response.status_code == 200 and not Incident.objects.exists()
    assert "Ruzie aan de telefoon" in body and re.search(r'value="aggression"[^>]*checked', body)
    assert f'name="family" value="{resident.pk}"' in body and sarah.first_name in body  # now the persons too


class _frozen:
    """timezone.now() at ``moment`` inside the block (the services stamp their writes with it)."""

    def __init__(self, moment):
        self.moment = moment

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("django.utils.timezone.now", return_value=self.moment)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()
