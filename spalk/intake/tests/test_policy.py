"""Who sees which registrations (access.policy.visible_registrations / access_registration)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from spalk.access.policy import Action, access_registration, visible_registrations
from spalk.accounts.models import Role
from spalk.intake.tests.conftest import RegistrationFactory
from spalk.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(user, action=Action.VIEW):
    return set(visible_registrations(user=user, action=action).values_list("family_name", flat=True))


@pytest.mark.parametrize("persona", ["intake_officer", "team_lead", "director"])
def test_intake_roles_see_every_registration_of_their_centre(request, persona, registration, other_registration):
    user = request.getfixturevalue(persona)
    assert names(user) == {"Gezin Janssens"}
    assert names(user, Action.EDIT) == {"Gezin Janssens"}


def test_intake_officer_of_another_centre_sees_nothing(registration, other_centre):
    officer = UserFactory()
    MembershipFactory(user=officer, centre=other_centre, role=Role.INTAKE_OFFICER)
    assert names(officer) == set()
    with pytest.raises(Http404):
        access_registration(user=officer, registration_id=registration.pk)


@pytest.mark.parametrize("persona", ["colleague", "night_staff", "administrative", "centre_admin",
                                     "installation_admin", "outsider"])
def test_other_roles_see_no_unlinked_registration(request, persona, registration):
    user = request.getfixturevalue(persona)
    assert names(user) == set()
    with pytest.raises(Http404):
        access_registration(user=user, registration_id=registration.pk)


def test_assigned_counsellor_reads_registration_of_their_family_but_cannot_edit(counsellor, family, centre):
    linked = RegistrationFactory(centre=centre, family=family, family_name="Gezin Peeters")
    assert access_registration(user=counsellor, registration_id=linked.pk) == linked
    with pytest.raises(PermissionDenied):
        access_registration(user=counsellor, registration_id=linked.pk, action=Action.EDIT)


def test_manage_team_is_team_lead_and_director_only(team_lead, intake_officer, registration):
    assert access_registration(user=team_lead, registration_id=registration.pk, action=Action.MANAGE_TEAM)
    with pytest.raises(PermissionDenied):
        access_registration(user=intake_officer, registration_id=registration.pk, action=Action.MANAGE_TEAM)


def test_garbage_id_is_404(intake_officer):
    with pytest.raises(Http404):
        access_registration(user=intake_officer, registration_id="abc")
