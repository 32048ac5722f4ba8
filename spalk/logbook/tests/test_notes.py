"""Writing, correcting and marking notes; care-moment observations; one audit event per write."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.logbook import services
from spalk.logbook.models import Attunement, CareMomentKind, Category, Note, NoteKind
from spalk.logbook.selectors import care_moment_comparison
from spalk.methods.models import Method
from spalk.testing.factories import FamilyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _write(actor, family, text="Sarah gaf Noor haar flesje om 22u, rustig en met oogcontact.", **kwargs):
    data = services.NoteInput(category=kwargs.pop("category", Category.PARENT_WORK), text=text, **kwargs)
    return services.note_create(actor=actor, centre=family.centre, family=family, data=data)


def test_note_create_writes_one_audit_event_without_content(counsellor, resident, sarah):
    note = _write(counsellor, resident, persons=[sarah], methods=[Method.objects.get(code="triple-p")])
    events = AuditEvent.objects.filter(object_type="logbook.note", object_id=str(note.pk))
    assert [(e.action, e.family_id) for e in events] == [(AuditAction.CREATE, resident.pk)]
    assert "flesje" not in str(events[0].extra) + str(events[0].fields) + events[0].reason
    assert list(note.persons.all()) == [sarah]


def test_search_vector_is_filled_by_the_database(counsellor, resident):
    note = _write(counsellor, resident, text="De kinderen speelden met de blokken in de tuin")
    assert Note.objects.filter(pk=note.pk, search_vector=SearchQuery("tuinen blok", config="dutch")).exists()


def test_night_staff_writes_for_residents_not_elsewhere(night_staff, resident, centre):
    assert _write(night_staff, resident).author == night_staff
    with pytest.raises(PermissionDenied):
        _write(night_staff, FamilyFactory(centre=centre))


def test_persons_must_belong_to_the_family(counsellor, resident, centre):
    stranger = PersonFactory(centre=centre)
    with pytest.raises(DomainError) as error:
        _write(counsellor, resident, persons=[stranger])
    assert error.value.field == "persons"


def test_empty_note_and_future_moment_are_refused(counsellor, resident):
    with pytest.raises(DomainError):
        _write(counsellor, resident, text="   ")
    with pytest.raises(DomainError):
        _write(counsellor, resident, moment=timezone.now() + datetime.timedelta(hours=2))


def test_withheld_without_reason_is_refused(counsellor, resident):
    with pytest.raises(DomainError) as error:
        _write(counsellor, resident, withheld=True, withheld_reason="")
    assert error.value.field == "withheld_reason"


def test_correction_keeps_the_earlier_text(counsellor, team_lead, resident):
    note = _write(counsellor, resident, text="Noor sliep om 20u.")
    services.note_correct(actor=counsellor, note=note, version=1, text="Noor sliep om 21u.", reason="Uur verkeerd")
    services.note_correct(actor=team_lead, note=Note.objects.get(pk=note.pk), version=2,
                          text="Noor sliep om 21u30.", reason="Nagevraagd bij nachtdienst")
    note.refresh_from_db()
    assert note.text == "Noor sliep om 21u30." and note.corrections == 2 and note.version == 3
    revisions = list(note.revisions.order_by("number"))
    assert [(r.number, r.text, r.corrected_by) for r in revisions] == [
        (1, "Noor sliep om 20u.", counsellor), (2, "Noor sliep om 21u.", team_lead)]
    assert revisions[1].written_by == counsellor  # the second text was written by the first correction
    assert AuditEvent.objects.filter(object_id=str(note.pk), action=AuditAction.UPDATE).count() == 2


def test_correction_with_a_stale_version_is_refused(counsellor, resident):
    note = _write(counsellor, resident)
    services.note_correct(actor=counsellor, note=note, version=1, text="Nieuw", reason="typfout")
    with pytest.raises(ConcurrentEditError):
        services.note_correct(actor=counsellor, note=note, version=1, text="Anders", reason="typfout")
    assert Note.objects.get(pk=note.pk).text == "Nieuw"


def test_correction_needs_a_reason_and_a_change(counsellor, resident):
    note = _write(counsellor, resident)
    with pytest.raises(DomainError):
        services.note_correct(actor=counsellor, note=note, version=1, text="X", reason=" ")
    with pytest.raises(DomainError):
        services.note_correct(actor=counsellor, note=note, version=1, text=note.text, reason="niets")


def test_marking_withheld_keeps_a_revision_and_an_audit_event(counsellor, resident):
    note = _write(counsellor, resident)
    services.note_mark_withheld(actor=counsellor, note=note, version=1, withheld=True, reason="court")
    note.refresh_from_db()
    assert note.withheld_from_family and note.withheld_reason == "court" and note.withheld_by == counsellor
    assert note.revisions.get().withheld_from_family is False
    event = AuditEvent.objects.get(object_id=str(note.pk), action=AuditAction.UPDATE)
    assert event.fields == ["withheld_from_family", "withheld_reason"]


def test_database_refuses_a_mark_without_reason(counsellor, resident):
    from django.db import IntegrityError, transaction

    note = _write(counsellor, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(withheld_from_family=True)


def test_care_moment_observation_is_data_and_comparable(counsellor, resident, sarah, noor):
    for days, attunement in ((14, Attunement.PARTLY), (7, Attunement.MOSTLY), (0, Attunement.WELL)):
        obs = services.CareMomentInput(child=noor, parent=sarah, moment_kind=CareMomentKind.BATHING,
                                       parent_action="Liet het bad vollopen en testte de temperatuur",
                                       child_signals="Noor strekte de armen en lachte",
                                       parent_response="Sarah benoemde wat Noor voelde",
                                       practised="Eerst de voetjes nat maken", attunement=attunement)
        services.care_moment_record(actor=counsellor, family=resident, obs=obs,
                                    moment=timezone.now() - datetime.timedelta(days=days))
    notes = Note.objects.filter(kind=NoteKind.CARE_MOMENT)
    assert notes.count() == 3
    # searchable through the note text
    assert notes.filter(search_vector=SearchQuery("temperatuur", config="dutch")).count() == 3
    rows = care_moment_comparison(user=counsellor, family=resident, child=noor)
    assert [r.attunement for r in rows] == [Attunement.PARTLY, Attunement.MOSTLY, Attunement.WELL]


def test_care_moment_needs_the_three_parts(counsellor, resident, noor):
    obs = services.CareMomentInput(child=noor, moment_kind="feeding", parent_action="", child_signals="x",
                                   parent_response="y", attunement=3)
    with pytest.raises(DomainError):
        services.care_moment_record(actor=counsellor, family=resident, obs=obs)
    assert not Note.objects.exists()
