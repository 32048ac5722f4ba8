"""Personas shared by every test (STYLE.md §8). All data is fictional.

centre (CIG Test) with: director, team_lead, intake_officer, counsellor (assigned to ``family``),
colleague (counsellor, same centre, not assigned), context_counsellor (assigned), night_staff,
administrative, centre_admin; case_lead, health_coordinator, child_worker (each assigned to ``family``);
outsider (director of ``other_centre``); installation_admin; api_token (raw Bearer token of ``counsellor``).

Sharing: ``share`` shares ``family`` with ``partner_centre`` (CIG Partner); partner_director,
partner_counsellor and partner_night_staff work there.
Portal: portal_parent (the parent of ``family``) and portal_minor (a child of 13 in ``family``).
"""

from __future__ import annotations

import pytest

from spalk.accounts.models import Role
from spalk.testing.factories import (
    CentreFactory,
    FamilyAssignmentFactory,
    FamilyFactory,
    FamilyMemberFactory,
    MembershipFactory,
    UserFactory,
)


def _staff(centre, *roles, email=None):
    user = UserFactory(**({"email": email} if email else {}))
    for role in roles:
        MembershipFactory(user=user, centre=centre, role=role)
    return user


@pytest.fixture
def centre(db):
    return CentreFactory(name="CIG Test", short_name="TST")


@pytest.fixture
def other_centre(db):
    return CentreFactory(name="CIG Elders", short_name="ELD")


@pytest.fixture
def family(centre):
    family = FamilyFactory(centre=centre, name="Gezin Peeters")
    FamilyMemberFactory(family=family, person__first_name="Sarah", person__last_name="Peeters")
    return family


@pytest.fixture
def other_family(other_centre):
    return FamilyFactory(centre=other_centre, name="Gezin Elders")


@pytest.fixture
def director(centre):
    return _staff(centre, Role.DIRECTOR, email="director@example.test")


@pytest.fixture
def team_lead(centre):
    return _staff(centre, Role.TEAM_LEAD, email="teamlead@example.test")


@pytest.fixture
def intake_officer(centre):
    return _staff(centre, Role.INTAKE_OFFICER, email="intake@example.test")


@pytest.fixture
def counsellor(centre, family):
    user = _staff(centre, Role.COUNSELLOR, email="counsellor@example.test")
    FamilyAssignmentFactory(family=family, user=user)
    return user


@pytest.fixture
def colleague(centre):
    return _staff(centre, Role.COUNSELLOR, email="colleague@example.test")


@pytest.fixture
def context_counsellor(centre, family):
    user = _staff(centre, Role.CONTEXT_COUNSELLOR, email="context@example.test")
    FamilyAssignmentFactory(family=family, user=user, role="context_counsellor")
    return user


@pytest.fixture
def night_staff(centre):
    return _staff(centre, Role.NIGHT_STAFF, email="night@example.test")


@pytest.fixture
def administrative(centre):
    return _staff(centre, Role.ADMINISTRATIVE, email="admin-staff@example.test")


@pytest.fixture
def centre_admin(centre):
    return _staff(centre, Role.CENTRE_ADMIN, email="centre-admin@example.test")


@pytest.fixture
def outsider(other_centre):
    return _staff(other_centre, Role.DIRECTOR, email="outsider@example.test")


@pytest.fixture
def case_lead(centre, family):
    user = _staff(centre, Role.CASE_LEAD, email="case-lead@example.test")
    FamilyAssignmentFactory(family=family, user=user, role="case_lead")
    return user


@pytest.fixture
def health_coordinator(centre, family):
    user = _staff(centre, Role.HEALTH_COORDINATOR, email="health@example.test")
    FamilyAssignmentFactory(family=family, user=user, role="health_coordinator")
    return user


@pytest.fixture
def child_worker(centre, family):
    user = _staff(centre, Role.CHILD_WORKER, email="child-worker@example.test")
    FamilyAssignmentFactory(family=family, user=user, role="child_worker")
    return user


@pytest.fixture
def partner_centre(db):
    return CentreFactory(name="CIG Partner", short_name="PRT")


@pytest.fixture
def share(family, partner_centre, director):
    """``family`` (of ``centre``) shared with ``partner_centre``."""
    from spalk.access.models import FamilyShare

    return FamilyShare.objects.create(family=family, centre=partner_centre, purpose="Samenwerking",
                                      granted_by=director)


@pytest.fixture
def partner_director(partner_centre, share):
    return _staff(partner_centre, Role.DIRECTOR, email="partner-director@example.test")


@pytest.fixture
def partner_counsellor(partner_centre, share):
    return _staff(partner_centre, Role.COUNSELLOR, email="partner-counsellor@example.test")


@pytest.fixture
def partner_night_staff(partner_centre, share):
    return _staff(partner_centre, Role.NIGHT_STAFF, email="partner-night@example.test")


@pytest.fixture
def portal_parent(family):
    from spalk.families.models import MemberRole

    return UserFactory(email="parent@example.test", portal_person=family.members.get(role=MemberRole.PARENT).person)


@pytest.fixture
def portal_minor(family):
    import datetime

    from django.utils import timezone

    from spalk.families.models import MemberRole

    birth = timezone.localdate() - datetime.timedelta(days=365 * 13 + 30)
    member = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__birth_date=birth,
                                 person__first_name="Noor", person__last_name="Peeters")
    return UserFactory(email="minor@example.test", portal_person=member.person)


@pytest.fixture
def installation_admin(db):
    return UserFactory(email="root@example.test", is_installation_admin=True)


@pytest.fixture
def api_token(counsellor):
    from spalk.api.services import api_token_create

    _token, raw = api_token_create(actor=counsellor, user=counsellor, name="test")
    return raw


@pytest.fixture
def mfa_client(client):
    """A test client whose session passed the second-factor check (login itself is tested separately)."""
    import time

    from spalk.accounts.middleware import SESSION_FLAG, SESSION_TOUCHED

    def login(user):
        client.force_login(user)
        session = client.session
        session[SESSION_FLAG] = True
        session[SESSION_TOUCHED] = int(time.time())  # as after a real sign-in: the expiry was just set
        session.save()
        return client

    return login


@pytest.fixture
def world(centre, director, installation_admin):
    """One record of every kind a URL names (spalk/testing/world.py)."""
    from spalk.testing.world import build_world

    return build_world(centre=centre, director=director, installation_admin=installation_admin)
