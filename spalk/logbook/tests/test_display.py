"""What the logbook screens show: dates as dd/mm/jjjj, the family tiles, the note's own page, checkbox fields."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.logbook import incidents
from spalk.logbook.models import IncidentKind, NoteRevision, Severity
from spalk.testing.factories import FamilyMemberFactory
from spalk.testing.logbook import NoteFactory

pytestmark = pytest.mark.django_db

EARLY = timezone.make_aware(datetime.datetime(2026, 12, 2, 2, 51))  # day 2: "02/12/2026", never "2/12/2026"


def test_incident_list_and_page_show_the_date_with_two_digit_day(mfa_client, night_staff, resident, centre):
    incident = incidents.incident_report(actor=night_staff, centre=centre, family=resident,
                                         data=incidents.IncidentInput(kind=IncidentKind.DAMAGE,
                                                                      severity=Severity.LOW, description="Deur"))
    type(incident).objects.filter(pk=incident.pk).update(occurred_at=EARLY)
    client = mfa_client(night_staff)
    listed = client.get(reverse("logbook:incidents") + f"?centre={centre.pk}").content.decode()
    page = client.get(reverse("logbook:incident_detail", args=[incident.pk])).content.decode()
    for body in (listed, page):
        assert "02/12/2026 02:51" in body and " 2/12/2026" not in body and ">2/12/2026" not in body


def test_correction_history_shows_the_date_with_two_digit_day(mfa_client, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor, text="Eerste versie")
    client = mfa_client(counsellor)
    assert client.post(reverse("logbook:note_correct", args=[note.pk]), {
        "version": 1, "text": "Tweede versie", "category": note.category, "visibility": "team",
        "reason": "Tikfout"}).status_code == 302
    NoteRevision.objects.filter(note=note).update(written_at=EARLY, corrected_at=EARLY)
    body = client.get(reverse("logbook:note_detail", args=[note.pk])).content.decode()
    assert "op 02/12/2026 02:51" in body and "op 2/12/2026" not in body


def test_note_page_does_not_link_to_itself_but_lists_do(mfa_client, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    client = mfa_client(counsellor)
    own = reverse("logbook:note_detail", args=[note.pk])
    assert f'href="{own}"' not in client.get(own).content.decode()
    assert f'href="{own}"' in client.get(reverse("logbook:family", args=[resident.pk])).content.decode()


def test_family_tile_names_parents_and_children_without_a_stray_separator(mfa_client, night_staff, resident):
    """The tile skips network persons and unborn children; the unborn one sorts last (roles by name)."""
    FamilyMemberFactory(family=resident, role="network", person__first_name="Jozefien")
    FamilyMemberFactory(family=resident, role="unborn", person__first_name="Kleintje")
    body = mfa_client(night_staff).get(reverse("logbook:index")).content.decode()
    assert '<span class="muted">Noor · Sarah</span>' in body
    assert "Jozefien" not in body and "Kleintje" not in body


def test_withhold_checkbox_stands_beside_its_label(mfa_client, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    body = mfa_client(counsellor).get(reverse("logbook:note_detail", args=[note.pk])).content.decode()
    assert '<div class="field__check"><input type="checkbox" name="withheld"' in body


def test_the_dutch_texts_say_dienst_not_shift():
    from django.utils import translation

    with translation.override("nl-be"):
        assert translation.gettext("Appointments of this shift") == "Afspraken in deze dienst"
        assert translation.gettext("No appointments in this shift.") == "Geen afspraken in deze dienst."
