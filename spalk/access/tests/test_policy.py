"""Persona tests of the one access policy (BRIEF.md §1, issue 3 "One access policy")."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.backends.postgresql.psycopg_any import DateRange
from django.http import Http404
from django.utils import timezone

from spalk.access.models import FamilyShare
from spalk.access.policy import Action, access_family, access_person, visible_families, visible_persons
from spalk.access.services import break_glass_open
from spalk.accounts.models import Role
from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import DomainError
from spalk.stays.models import Allocation, Unit
from spalk.testing.factories import FamilyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(visible_families(user=user).values_list("name", flat=True))


@pytest.fixture
def resident_family(centre):
    family = FamilyFactory(centre=centre, name="Gezin Inwonend")
    unit = Unit.objects.create(centre=centre, name="Studio 1", kind="studio")
    today = timezone.localdate()
    Allocation.objects.create(unit=unit, family=family,
                              period=DateRange(today - datetime.timedelta(days=3), today + datetime.timedelta(days=30)))
    return family


@pytest.fixture
def unassigned_family(centre):
    return FamilyFactory(centre=centre, name="Gezin Niet Toegewezen")


@pytest.mark.parametrize("persona", ["director", "team_lead", "intake_officer", "administrative"])
def test_centre_wide_roles_see_every_family_of_their_centre(request, persona, family, unassigned_family,
                                                            resident_family, other_family):
    user = request.getfixturevalue(persona)
    assert visible(user) == {"Gezin Peeters", "Gezin Niet Toegewezen", "Gezin Inwonend"}


def test_counsellor_sees_assigned_and_resident_families(counsellor, unassigned_family, resident_family,
                                                        other_family):
    assert visible(counsellor) == {"Gezin Peeters", "Gezin Inwonend"}


def test_context_counsellor_sees_only_assigned(context_counsellor, unassigned_family, resident_family):
    assert visible(context_counsellor) == {"Gezin Peeters"}


def test_night_staff_sees_only_families_in_residence(night_staff, family, unassigned_family, resident_family):
    assert visible(night_staff) == {"Gezin Inwonend"}
    with pytest.raises(PermissionDenied):
        access_family(user=night_staff, family_id=resident_family.pk, action=Action.EDIT)


def test_night_staff_loses_access_when_the_stay_ended(night_staff, resident_family):
    allocation = resident_family.allocations.get()
    today = timezone.localdate()
    allocation.period = DateRange(today - datetime.timedelta(days=10), today)  # [start, today): left this morning
    allocation.save()
    assert visible(night_staff) == set()


@pytest.mark.parametrize("persona", ["installation_admin", "centre_admin", "outsider"])
def test_no_dossier_access(request, persona, family, unassigned_family, resident_family):
    user = request.getfixturevalue(persona)
    assert visible(user) == set()
    with pytest.raises(Http404):
        access_family(user=user, family_id=family.pk)


def test_colleague_without_assignment_gets_404(colleague, family):
    with pytest.raises(Http404):
        access_family(user=colleague, family_id=family.pk)


def test_ended_assignment_removes_access(counsellor, family):
    assignment = family.assignments.get(user=counsellor)
    assignment.end_date = timezone.localdate() - datetime.timedelta(days=1)
    assignment.save()
    assert "Gezin Peeters" not in visible(counsellor)


def test_ended_membership_removes_access(director, family):
    membership = director.memberships.get()
    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    assert visible(director) == set()


def test_share_makes_family_visible_to_other_centre_director(outsider, family, director):
    FamilyShare.objects.create(family=family, centre=outsider.memberships.get().centre, purpose="overdracht",
                               granted_by=director)
    assert visible(outsider) == {"Gezin Peeters"}


def test_expired_share_is_not_visible(outsider, family, director):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    FamilyShare.objects.create(family=family, centre=outsider.memberships.get().centre, purpose="overdracht",
                               granted_by=director, start_date=yesterday - datetime.timedelta(days=5),
                               end_date=yesterday)
    assert visible(outsider) == set()


def test_share_does_not_bypass_assignment_rules(family, director, other_centre):
    other_counsellor = UserFactory()
    MembershipFactory(user=other_counsellor, centre=other_centre, role=Role.CONTEXT_COUNSELLOR)
    FamilyShare.objects.create(family=family, centre=other_centre, purpose="overdracht", granted_by=director)
    assert visible(other_counsellor) == set()


def test_break_glass_grants_time_limited_access_and_is_audited(colleague, family):
    with pytest.raises(Http404):
        access_family(user=colleague, family_id=family.pk)
    grant = break_glass_open(actor=colleague, family=family, category="crisis",
                             reason="Nachtelijke crisis, de moeder is onbereikbaar")
    colleague.__dict__.pop("_spalk_principal", None)
    assert access_family(user=colleague, family_id=family.pk) == family
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS, family_id=family.pk)
    assert event.actor == colleague and "crisis" in event.reason
    grant.created_at = timezone.now() - datetime.timedelta(hours=9)
    grant.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    grant.save()
    with pytest.raises(Http404):
        access_family(user=colleague, family_id=family.pk)


def test_break_glass_needs_a_reason(colleague, family):
    with pytest.raises(DomainError):
        break_glass_open(actor=colleague, family=family, category="crisis", reason="  ")


def test_persons_follow_family_visibility(counsellor, outsider, family):
    person = family.members.get().person
    assert list(visible_persons(user=counsellor)) == [person]
    with pytest.raises(Http404):
        access_person(user=outsider, person_id=person.pk)


def test_inactive_user_sees_nothing(director, family):
    director.is_active = False
    director.save()
    assert visible(director) == set()


def test_anonymous_sees_nothing(family):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_portal_parent_sees_only_own_family(family, centre):
    FamilyFactory(centre=centre, name="Gezin Ander")
    parent = family.members.get().person
    portal_user = UserFactory(portal_person=parent)
    assert visible(portal_user) == {"Gezin Peeters"}
    with pytest.raises(PermissionDenied):
        access_family(user=portal_user, family_id=family.pk, action=Action.EDIT)


def test_invalid_ids_are_404(director):
    for bad in ("abc", None, "1;drop"):
        with pytest.raises(Http404):
            access_family(user=director, family_id=bad)
