"""Who reads which note (issue 11): team, health only, withheld from the family, other and shared centre,
night staff. The rules live in spalk.access.policy (logbook section)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from spalk.access.policy import (
    Action,
    access_note,
    can_write_notes,
    content_visible_to,
    visible_content,
    visible_notes,
)
from spalk.logbook.models import Note, Visibility
from spalk.testing.factories import FamilyFactory
from spalk.testing.logbook import NoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(resident, counsellor, unit):
    return {
        "team": NoteFactory(family=resident, author=counsellor, text="Team"),
        "health": NoteFactory(family=resident, author=counsellor, text="Gezondheid",
                              visibility=Visibility.HEALTH),
        "withheld": NoteFactory(family=resident, author=counsellor, text="Achtergehouden",
                                withheld_from_family=True, withheld_reason="third_party"),
        "house": NoteFactory(family=None, centre=resident.centre, unit=unit, author=counsellor, text="Huis"),
    }


def texts(user, **kwargs):
    return set(visible_notes(user=user, **kwargs).values_list("text", flat=True))


def test_counsellor_reads_team_withheld_and_own_health_note(counsellor, notes):
    # the author of a health-only note keeps reading it
    assert texts(counsellor) == {"Team", "Gezondheid", "Achtergehouden", "Huis"}


def test_colleague_does_not_read_health_only(colleague, notes):
    assert texts(colleague) == {"Team", "Achtergehouden", "Huis"}


def test_health_coordinator_reads_health_only(health_coordinator, notes):
    assert "Gezondheid" in texts(health_coordinator)


def test_director_does_not_read_health_only(director, notes):
    assert texts(director) == {"Team", "Achtergehouden", "Huis"}


def test_night_staff_reads_team_notes_of_residents(night_staff, notes):
    assert texts(night_staff) == {"Team", "Achtergehouden", "Huis"}


def test_night_staff_writes_notes_only_for_residents(night_staff, resident, centre):
    elsewhere = FamilyFactory(centre=centre)
    assert can_write_notes(user=night_staff, family=resident)
    assert not can_write_notes(user=night_staff, family=elsewhere)


def test_administrative_staff_reads_but_does_not_write(administrative, notes, resident):
    assert "Team" in texts(administrative)
    assert not can_write_notes(user=administrative, family=resident)


def test_outsider_reads_nothing(outsider, notes):
    assert texts(outsider) == set()
    with pytest.raises(Http404):
        access_note(user=outsider, note_id=notes["team"].pk)


def test_shared_centre_reads_team_notes_of_the_shared_family(shared_centre_director, notes):
    # the shared family's notes, not the other centre's house notes nor health-only notes
    assert texts(shared_centre_director) == {"Team", "Achtergehouden"}


def test_parent_never_sees_withheld_or_health_only(parent_portal, notes):
    assert texts(parent_portal) == {"Team"}
    with pytest.raises(Http404):
        access_note(user=parent_portal, note_id=notes["withheld"].pk)
    assert not content_visible_to(notes["withheld"], user=parent_portal)
    assert content_visible_to(notes["team"], user=parent_portal)


def test_visible_content_keeps_everything_for_staff(colleague, notes):
    qs = Note.objects.filter(pk__in=[n.pk for n in notes.values()])
    assert visible_content(qs, user=colleague).count() == 4


def test_health_only_note_is_404_for_a_colleague(colleague, notes):
    with pytest.raises(Http404):
        access_note(user=colleague, note_id=notes["health"].pk)


def test_only_author_or_supervisor_corrects(colleague, team_lead, counsellor, notes):
    with pytest.raises(PermissionDenied):
        access_note(user=colleague, note_id=notes["team"].pk, action=Action.EDIT)
    assert access_note(user=team_lead, note_id=notes["team"].pk, action=Action.EDIT)
    assert access_note(user=counsellor, note_id=notes["team"].pk, action=Action.EDIT)


def test_family_shortcut_applies_the_same_rules(colleague, notes, resident):
    assert texts(colleague, family=resident) == {"Team", "Achtergehouden"}
