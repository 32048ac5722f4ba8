"""Logbook screens: persona access, htmx note writing, corrections in the history, flat query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditAction, AuditEvent
from spalk.logbook.models import Note, Visibility
from spalk.testing.logbook import NoteFactory

pytestmark = pytest.mark.django_db


def family_url(family):
    return reverse("logbook:family", args=[family.pk])


def test_outsider_gets_404(mfa_client, outsider, resident):
    assert mfa_client(outsider).get(family_url(resident)).status_code == 404


def test_counsellor_reads_the_logbook_and_the_read_is_audited(mfa_client, counsellor, resident):
    NoteFactory(family=resident, author=counsellor, text="Sarah zong een liedje bij het slapengaan.")
    response = mfa_client(counsellor).get(family_url(resident))
    assert response.status_code == 200
    assert "Sarah zong een liedje" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="logbook.note",
                                     extra__family_ids=[resident.pk]).exists()


def test_health_only_note_is_not_shown_to_a_colleague(mfa_client, colleague, counsellor, resident):
    NoteFactory(family=resident, author=counsellor, text="Vroedvrouw: bloeddruk", visibility=Visibility.HEALTH)
    assert "bloeddruk" not in mfa_client(colleague).get(family_url(resident)).content.decode()


def test_night_staff_writes_a_note_with_htmx(mfa_client, night_staff, resident, sarah):
    client = mfa_client(night_staff)
    response = client.post(reverse("logbook:note_create", args=[resident.pk]),
                           {"text": "Lars werd om 3u wakker, Sarah troostte hem.", "category": "parent_work",
                            "visibility": "team", "persons": [sarah.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-draft-clear="note-{resident.pk}"' in body and "Lars werd om 3u wakker" in body
    note = Note.objects.get()
    assert note.author == night_staff and list(note.persons.all()) == [sarah]


def test_invalid_note_keeps_the_input(mfa_client, counsellor, resident):
    response = mfa_client(counsellor).post(reverse("logbook:note_create", args=[resident.pk]),
                                           {"text": "Mijn tekst", "category": "", "visibility": "team"},
                                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Mijn tekst" in response.content.decode() and not Note.objects.exists()


def test_administrative_staff_may_not_write(mfa_client, administrative, resident):
    response = mfa_client(administrative).post(reverse("logbook:note_create", args=[resident.pk]),
                                               {"text": "x", "category": "practical", "visibility": "team"})
    assert response.status_code == 403


def test_family_page_query_count_is_flat(mfa_client, counsellor, resident, sarah):
    client = mfa_client(counsellor)
    NoteFactory(family=resident, author=counsellor)
    client.get(family_url(resident))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(family_url(resident))
    for _ in range(30):
        note = NoteFactory(family=resident, author=counsellor)
        note.persons.add(sarah)
    with CaptureQueriesContext(connection) as many:
        client.get(family_url(resident))
    assert len(many) == len(one)


def test_paging_by_cursor(mfa_client, counsellor, resident):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for i in range(55):
        NoteFactory(family=resident, author=counsellor, text=f"notitie {i:02d}", moment=now - datetime.timedelta(
            minutes=i))
    client = mfa_client(counsellor)
    first = client.get(family_url(resident)).context["page"]
    assert len(first.notes) == 50 and first.before
    second = client.get(family_url(resident), {"before": first.before}).context["page"]
    assert [n.text for n in second.notes] == [f"notitie {i:02d}" for i in range(50, 55)] and second.before is None


def test_correction_shows_the_earlier_text_as_such(mfa_client, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor, text="Noor at haar potje leeg.")
    client = mfa_client(counsellor)
    response = client.post(reverse("logbook:note_correct", args=[note.pk]), {
        "version": 1, "text": "Noor at de helft van haar potje.", "category": note.category,
        "visibility": "team", "reason": "Verkeerd genoteerd"})
    assert response.status_code == 302
    page = client.get(reverse("logbook:note_detail", args=[note.pk])).content.decode()
    assert "Noor at de helft van haar potje." in page
    assert "<del" in page and "Noor at haar potje leeg." in page and "Verkeerd genoteerd" in page


def test_colleague_cannot_correct_someone_elses_note(mfa_client, colleague, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    response = mfa_client(colleague).post(reverse("logbook:note_correct", args=[note.pk]), {
        "version": 1, "text": "anders", "category": note.category, "visibility": "team", "reason": "x"})
    assert response.status_code == 403


def test_index_lists_resident_families_for_night_staff(mfa_client, night_staff, resident):
    response = mfa_client(night_staff).get(reverse("logbook:index"))
    assert response.status_code == 200 and resident.name in response.content.decode()


def test_house_note(mfa_client, night_staff, resident, unit, centre):
    response = mfa_client(night_staff).post(reverse("logbook:house_note_create"), {
        "centre": centre.pk, "text": "Brandalarm getest, alles in orde.", "category": "practical",
        "visibility": "team", "unit": unit.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    note = Note.objects.get()
    assert note.family is None and note.unit == unit


def test_wrong_method_is_405(mfa_client, counsellor, resident):
    assert mfa_client(counsellor).get(reverse("logbook:note_create", args=[resident.pk])).status_code == 405
