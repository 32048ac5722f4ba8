from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.access.models import BreakGlassGrant
from spalk.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
CRISIS = {"category": "crisis", "reason": "Crisis tijdens de nacht in huis"}


def test_colleague_breaks_the_glass_with_reason(mfa_client, colleague, family):
    client = mfa_client(colleague)
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 404
    response = client.post(reverse("access:break_glass"), {"reference": family.reference,
                                                           "category": "crisis",
                                                           "reason": "Crisis tijdens de nacht, moeder in paniek"})
    assert response.status_code == 302
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS, actor=colleague, family_id=family.pk).exists()


def test_reason_is_required_and_input_kept(mfa_client, colleague, family):
    response = mfa_client(colleague).post(reverse("access:break_glass"), {"reference": family.reference,
                                                                         "category": "crisis", "reason": "kort"})
    assert response.status_code == 200
    assert family.reference in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_other_centre_dossier_number_is_unknown(mfa_client, outsider, family):
    response = mfa_client(outsider).post(reverse("access:break_glass"), {
        "reference": family.reference, "category": "other", "reason": "Ik wil dit dossier graag inkijken"})
    assert response.status_code == 200
    assert not BreakGlassGrant.objects.exists()


def test_team_lead_sees_and_reviews_grants(mfa_client, colleague, team_lead, family):
    mfa_client(colleague).post(reverse("access:break_glass"), {"reference": family.reference, **CRISIS})
    client = mfa_client(team_lead)
    response = client.get(reverse("access:break_glass_list"))
    assert response.status_code == 200 and "Crisis tijdens de nacht in huis" in response.content.decode()
    grant = BreakGlassGrant.objects.get()
    assert client.post(reverse("access:break_glass_reviewed", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == team_lead


def test_counsellor_cannot_see_grant_overview(mfa_client, counsellor):
    assert mfa_client(counsellor).get(reverse("access:break_glass_list")).status_code == 404


def test_outsider_cannot_review_grant(mfa_client, colleague, outsider, family):
    mfa_client(colleague).post(reverse("access:break_glass"), {"reference": family.reference, **CRISIS})
    grant = BreakGlassGrant.objects.get()
    assert mfa_client(outsider).post(reverse("access:break_glass_reviewed", args=[grant.pk])).status_code == 404


def test_team_page_assigns_and_access_follows(mfa_client, team_lead, colleague, family):
    client = mfa_client(team_lead)
    response = client.post(reverse("access:team", args=[family.pk]), {
        "assign": "1", "user": colleague.pk, "role": "counsellor"})
    assert response.status_code == 302
    assert mfa_client(colleague).get(reverse("families:detail", args=[family.pk])).status_code == 200


def test_team_page_forbidden_for_counsellor(mfa_client, counsellor, family):
    assert mfa_client(counsellor).get(reverse("access:team", args=[family.pk])).status_code == 403


def test_team_page_share_with_other_centre(mfa_client, team_lead, outsider, other_centre, family):
    client = mfa_client(team_lead)
    response = client.post(reverse("access:team", args=[family.pk]), {
        "share": "1", "centre": other_centre.pk, "purpose": "Overdracht na verhuis"})
    assert response.status_code == 302
    assert mfa_client(outsider).get(reverse("families:detail", args=[family.pk])).status_code == 200
