"""Property: the centre-scoped lists of the policy (``centre_id=``, used by the handover: its families' visibility
read once per request as a list of ids) hold exactly the rows of the full rule narrowed to that centre, whatever
the families, stays, shares, assignments, break-the-glass grants, roles, portal accounts, notes, incidents, shift
tasks, appointments and medications.

Hypothesis draws a small world of two centres per example; each example runs in its own transaction. Each user is
checked inside a request scope (the cached lists) and outside one (no cache), and again after a change of rights
in the same request (``forget_rights`` must drop the cached list).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from spalk.access.models import FamilyAssignment
from spalk.access.policy import (
    forget_rights,
    visible_appointments,
    visible_families,
    visible_health,
    visible_incidents,
    visible_notes,
    visible_shift_tasks,
)
from spalk.access.policy.core import request_scope
from spalk.access.policy.health import health_families, shared_health_families
from spalk.accounts.models import Membership, Role, User
from spalk.agenda.models import Appointment
from spalk.centres.models import Centre
from spalk.families.models import Family, FamilyMember, MemberRole, Person
from spalk.health.models import Medication
from spalk.logbook.models import Category, Incident, Note, ShiftTask, Visibility
from spalk.testing.drawn import grant_drawn_rights, place_drawn_family

ROLES = [r.value for r in Role]

family_st = st.fixed_dictionaries({
    "centre": st.integers(0, 1),
    "resident": st.booleans(),
    "shared": st.booleans(),  # shared with the other centre
    "health_note": st.booleans(),
    "withheld": st.booleans(),  # its records are withheld from the family
    "house_note": st.booleans(),  # a note and an incident about its centre's house
    "shared_medication": st.booleans(),
})
user_st = st.fixed_dictionaries({
    "centre": st.integers(0, 1),
    "roles": st.lists(st.sampled_from(ROLES), min_size=0, max_size=2, unique=True),
    "assigned": st.lists(st.integers(0, 4), max_size=2, unique=True),
    "glass": st.integers(-1, 4),  # break the glass on this family (index); -1: none
    "portal": st.integers(-1, 4),  # the parent of this family (index) signs in to the portal; -1: staff only
})


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


class CentreScopeIsTheRuleNarrowed(TestCase):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(families=st.lists(family_st, min_size=1, max_size=5), users=st.lists(user_st, min_size=1, max_size=3))
    def test_centre_scoped_lists_equal_the_full_rule_narrowed(self, families, users):
        today = timezone.localdate()
        now = timezone.now()
        centres = [Centre.objects.create(name=f"CIG {c}", short_name=f"P{c}", city="Gent") for c in "AB"]
        granter = User.objects.create(email="granter@example.test")
        made = []
        for i, spec in enumerate(families):
            centre = centres[spec["centre"]]
            family = Family.objects.create(centre=centre, reference=f"R-{i}", name=f"Gezin {i}")
            parent = Person.objects.create(centre=centre, first_name="Kim", last_name=f"Ouder{i}")
            child = Person.objects.create(centre=centre, first_name="Lou", last_name=f"Kind{i}",
                                          birth_date=today - datetime.timedelta(days=300))
            FamilyMember.objects.create(family=family, person=parent, role=MemberRole.PARENT)
            FamilyMember.objects.create(family=family, person=child, role=MemberRole.CHILD)
            place_drawn_family(family=family, spec=spec, index=i, centres=centres, granter=granter, today=today)
            mark = {"withheld_from_family": spec["withheld"],
                    "withheld_reason": "third_party" if spec["withheld"] else ""}
            Note.objects.create(centre=centre, family=family, author=granter, text="Notitie",
                                category=Category.HEALTH if spec["health_note"] else Category.PARENT_WORK,
                                visibility=Visibility.HEALTH if spec["health_note"] else Visibility.TEAM, **mark)
            Incident.objects.create(centre=centre, family=family, kind="damage", severity=1, description="Schade",
                                    reported_by=granter, **mark)
            if spec["house_note"]:
                Note.objects.create(centre=centre, family=None, author=granter, text="Huis",
                                    category=Category.HOUSE_RULES, visibility=Visibility.TEAM)
                Incident.objects.create(centre=centre, family=None, kind="damage", severity=1,
                                        description="Huis", reported_by=granter)
                ShiftTask.objects.create(centre=centre, family=None, title="Ronde", due_at=now, created_by=granter)
            ShiftTask.objects.create(centre=centre, family=family, title="Fles", due_at=now, created_by=granter)
            Appointment.objects.create(family=family, kind="gp", title="Huisarts", starts_at=now,
                                       ends_at=now + datetime.timedelta(hours=1))
            Medication.objects.create(family=family, person=child, name="Paracetamol", dose="2,5 ml",
                                      times="08:00", start_on=today, shared_with_team=spec["shared_medication"])
            made.append((family, parent))
        people = [User.objects.create(email=f"p{j}@example.test") for j in range(len(users))]
        grant_drawn_rights(people=people, specs=users, centres=centres, made=made, today=today, now=now)
        for user in people:
            user = User.objects.get(pk=user.pk)  # no cached principal
            self._check(user, centres)
            with request_scope():
                self._check(user, centres)
                # a change of rights in the same request: the cached lists of the centre must not outlive it
                extra = Family.objects.filter(centre=centres[0]).exclude(
                    pk__in=visible_families(user=user)).first()
                if extra is not None and Membership.objects.filter(user=user).exists():
                    FamilyAssignment.objects.create(family=extra, user=user, role="trajectory_supporter",
                                                    start_date=today)
                    forget_rights()
                    self._check(user, centres)

    def _check(self, user, centres):
        for centre in centres:
            c = centre.pk
            assert _ids(visible_families(user=user, centre_id=c)) == _ids(
                visible_families(user=user).filter(centre_id=c))
            assert _ids(visible_notes(user=user, centre_id=c)) == _ids(visible_notes(user=user).filter(centre_id=c))
            assert _ids(visible_incidents(user=user, centre_id=c)) == _ids(
                visible_incidents(user=user).filter(centre_id=c))
            assert _ids(visible_shift_tasks(user=user, centre_id=c)) == _ids(
                visible_shift_tasks(user=user).filter(centre_id=c))
            assert _ids(visible_appointments(user=user, centre_id=c)) == _ids(
                visible_appointments(user=user).filter(family__centre_id=c))
            assert _ids(visible_health(Medication, user=user, centre_id=c)) == _ids(
                visible_health(Medication, user=user).filter(family__centre_id=c))
            assert _ids(health_families(user=user, centre_id=c)) == _ids(
                health_families(user=user).filter(centre_id=c))
            assert _ids(shared_health_families(user=user, centre_id=c)) == _ids(
                shared_health_families(user=user).filter(centre_id=c))
