"""Issue 10, start screen of the director: "Recente wijzigingen in rechten" through the registry
(spalk/accounts/home.py, selector spalk.accounts.rights.rights_changes), linking to /staff/rights-changes/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spalk.accounts import services
from spalk.accounts.models import Role
from spalk.home import registry

pytestmark = pytest.mark.django_db
CARD = 'data-work-item="accounts.rights_changes"'


def _home(mfa_client, user) -> str:
    response = mfa_client(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_card_is_registered_through_the_registry():
    assert "accounts.rights_changes" in registry.registered()


def test_director_sees_recent_changes_in_rights_and_the_link(mfa_client, installation_admin, director, counsellor,
                                                             centre, other_centre, outsider):
    services.membership_add(actor=installation_admin, user=counsellor, centre=centre, role=Role.CASE_LEAD,
                            start_date=timezone.localdate())
    services.membership_add(actor=installation_admin, user=outsider, centre=other_centre, role=Role.TEAM_LEAD,
                            start_date=timezone.localdate())
    body = _home(mfa_client, director)
    assert CARD in body and "Recente wijzigingen in rechten" in body
    card = body[body.index(CARD):]
    card = card[:card.index("</section>")] if "</section>" in card else card[:3000]
    assert f'href="{reverse("accounts:rights_changes")}"' in card
    assert reverse("accounts:rights_changes") == "/staff/rights-changes/"
    assert str(counsellor) in card and str(outsider) not in card


def test_director_without_changes_sees_a_calm_card(mfa_client, director):
    body = _home(mfa_client, director)
    assert CARD in body and "niets gewijzigd" in body


@pytest.mark.parametrize("persona", ["team_lead", "counsellor", "centre_admin"])
def test_other_roles_do_not_get_the_card(request, mfa_client, persona):
    assert CARD not in _home(mfa_client, request.getfixturevalue(persona))


def test_the_card_keeps_a_flat_query_count(mfa_client, installation_admin, director, centre, colleague,
                                           counsellor):
    services.membership_add(actor=installation_admin, user=counsellor, centre=centre, role=Role.CASE_LEAD,
                            start_date=timezone.localdate())
    client = mfa_client(director)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for role in (Role.CHILD_WORKER, Role.HEALTH_COORDINATOR, Role.CONTEXT_COUNSELLOR):
        services.membership_add(actor=installation_admin, user=colleague, centre=centre, role=role,
                                start_date=timezone.localdate())
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("home"))
    assert len(more.captured_queries) == len(one.captured_queries)
