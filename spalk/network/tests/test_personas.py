"""Who does what in the family's network, per persona (conftest): the centre's roles, an unassigned colleague,
night staff, another centre, and the members of a centre the family is shared with (FamilyShare) — they read the
network and what was shared, but never share under the owning centre's consent nor take the shared files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.network import consent as rules
from spalk.network.models import ShareKind

pytestmark = pytest.mark.django_db

# persona: (network page, record consent, share with a partner, the shared file, signal figures)
EXPECTED = {
    "director": (200, 200, 200, 200, 200),
    "team_lead": (200, 200, 200, 200, 200),
    "intake_officer": (200, 200, 200, 200, 404),
    "counsellor": (200, 200, 200, 200, 404),  # assigned to the family
    "administrative": (200, 403, 403, 403, 404),  # reads the dossier, changes nothing in it
    "colleague": (404, 404, 404, 404, 404),  # a counsellor not assigned to the family
    "night_staff": (404, 404, 404, 404, 404),  # the family does not stay in the house
    "outsider": (404, 404, 404, 404, 200),  # another centre's director (their own centre's figures)
    "partner_director": (200, 200, 403, 403, 200),  # the shared centre: reads, records, never shares for the owner
    "partner_counsellor": (404, 404, 404, 404, 404),  # shared centre, not assigned
}


@pytest.fixture
def shared(family, counsellor, consent):
    return rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.SUMMARY, consent=consent, summary="Moeder volgt de gesprekken op."))


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_network_screens_per_persona(request, mfa_client, persona, family, shared):
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    urls = [reverse("network:family", args=[family.pk]), reverse("network:consent_create", args=[family.pk]),
            reverse("network:share", args=[family.pk]), reverse("network:share_file", args=[shared.pk]),
            reverse("network:signal_figures")]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[persona]


@pytest.mark.parametrize("persona", ["partner_director", "administrative", "outsider"])
def test_no_share_is_made_by_who_may_not(request, mfa_client, persona, family, consent):
    from spalk.network.models import Share

    client = mfa_client(request.getfixturevalue(persona))
    response = client.post(reverse("network:share", args=[family.pk]), {
        "kind": "summary", "consent": consent.pk, "summary": "Poging."})
    assert response.status_code in (403, 404)
    assert not Share.objects.exists()


def test_shared_centre_sees_what_was_shared_with_whom(mfa_client, partner_director, family, shared):
    page = mfa_client(partner_director).get(reverse("network:family", args=[family.pk])).content.decode()
    assert "CGG Test (demo)" in page and shared.title in page
    assert reverse("network:share_file", args=[shared.pk]) not in page


def test_installation_admin_keeps_the_sector_list_but_reads_no_dossier(mfa_client, installation_admin, family):
    client = mfa_client(installation_admin)
    assert client.get(reverse("network:family", args=[family.pk])).status_code == 404
    assert client.get(reverse("partners:create")).status_code == 200
