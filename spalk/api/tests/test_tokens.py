"""API tokens: "My API tokens" in the UI, and a token acts with its user's rights only."""

from __future__ import annotations

from django.urls import reverse

from spalk.api.models import ApiToken, hash_token
from spalk.api.services import api_token_revoke
from spalk.audit.models import AuditEvent
from spalk.testing.factories import FamilyFactory

FAMILIES = "/api/v1/families/"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_page_lists_own_tokens(mfa_client, counsellor, colleague, api_token):
    from spalk.api.services import api_token_create

    api_token_create(actor=colleague, user=colleague, name="van een collega")
    response = mfa_client(counsellor).get(reverse("accounts:tokens:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert api_token[:10] in body  # the prefix, never the whole token
    assert api_token not in body
    assert "van een collega" not in body


def test_create_shows_the_raw_token_once(mfa_client, counsellor):
    client = mfa_client(counsellor)
    response = client.post(reverse("accounts:tokens:list"), {"name": "rapportscript"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    raw = body.split('id="new-token" value="', 1)[1].split('"', 1)[0]
    token = ApiToken.objects.get(user=counsellor, name="rapportscript")
    assert token.token_hash == hash_token(raw)
    assert raw not in client.get(reverse("accounts:tokens:list")).content.decode()
    assert AuditEvent.objects.filter(extra__event="api_token_created", object_id=str(token.pk)).count() == 1
    assert client.get(FAMILIES, **bearer(raw)).status_code == 200


def test_create_needs_a_name(mfa_client, counsellor):
    response = mfa_client(counsellor).post(reverse("accounts:tokens:list"), {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=counsellor).exists()


def test_revoke_in_the_ui(mfa_client, counsellor, api_token):
    client = mfa_client(counsellor)
    token = ApiToken.objects.get(user=counsellor)
    assert client.get(FAMILIES, **bearer(api_token)).status_code == 200
    response = client.post(reverse("accounts:tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(extra__event="api_token_revoked").count() == 1
    assert client.get(FAMILIES, **bearer(api_token)).status_code == 401


def test_cannot_revoke_someone_elses_token(mfa_client, colleague, api_token):
    token = ApiToken.objects.get(token_hash=hash_token(api_token))
    response = mfa_client(colleague).post(reverse("accounts:tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_post_only(mfa_client, counsellor, api_token):
    token = ApiToken.objects.get(user=counsellor)
    assert mfa_client(counsellor).get(reverse("accounts:tokens:revoke", args=[token.pk])).status_code == 405


def test_revoked_token_gets_401(client, counsellor, api_token):
    api_token_revoke(actor=counsellor, token=ApiToken.objects.get(user=counsellor))
    response = client.get(FAMILIES, **bearer(api_token))
    assert response.status_code == 401
    assert "token" in response.json()["detail"].lower()


def test_unknown_token_gets_401(client, db):
    assert client.get(FAMILIES, **bearer("spk_not-a-real-token")).status_code == 401


def test_token_of_deactivated_user_gets_401(client, counsellor, api_token):
    counsellor.is_active = False
    counsellor.save()
    assert client.get(FAMILIES, **bearer(api_token)).status_code == 401


def test_token_acts_with_its_users_rights_only(client, counsellor, api_token, family, other_family, centre):
    unassigned = FamilyFactory(centre=centre, name="Gezin Niet Toegewezen")
    response = client.get(FAMILIES, **bearer(api_token))
    assert response.status_code == 200
    payload = response.json()
    items = payload["items"] if isinstance(payload, dict) else payload
    ids = {item["id"] for item in items}
    assert family.pk in ids
    assert unassigned.pk not in ids and other_family.pk not in ids
    assert client.get(f"{FAMILIES}{family.pk}", **bearer(api_token)).status_code == 200
    assert client.get(f"{FAMILIES}{other_family.pk}", **bearer(api_token)).status_code == 404
    assert client.get(f"{FAMILIES}{unassigned.pk}", **bearer(api_token)).status_code == 404


def test_token_records_last_use(client, counsellor, api_token):
    client.get(FAMILIES, **bearer(api_token))
    assert ApiToken.objects.get(user=counsellor).last_used_at is not None


def test_token_page_is_404_for_portal_users(mfa_client, family):
    from spalk.testing.factories import UserFactory

    parent = UserFactory(portal_person=family.members.first().person)
    assert mfa_client(parent).get(reverse("accounts:tokens:list")).status_code == 404
