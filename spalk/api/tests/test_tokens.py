"""API tokens: "My API tokens" in the UI, and a token acts with its user's rights only."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from spalk.api.models import ApiToken, hash_token
from spalk.api.services import api_token_create, api_token_revoke
from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.testing.factories import FamilyFactory

FAMILIES = "/api/v1/families/"
CREATE = "/staff/me/tokens/new/"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_page_lists_own_tokens(mfa_client, counsellor, colleague, api_token):
    api_token_create(actor=colleague, user=colleague, name="van een collega")
    response = mfa_client(counsellor).get(reverse("accounts:tokens:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert api_token[:10] in body  # the prefix, never the whole token
    assert api_token not in body
    assert "van een collega" not in body


def reauthenticated(client, user):
    """As if the person just typed their password again (allauth's reauthentication record)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def test_create_needs_a_recent_reauthentication(mfa_client, counsellor):
    """Hole 6: on main a stale session alone could make a token."""
    client = mfa_client(counsellor)
    for response in (client.get(CREATE), client.post(CREATE, {"name": "rapportscript", "days": "90"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.filter(user=counsellor).exists()


def test_create_shows_the_raw_token_once(mfa_client, counsellor):
    client = reauthenticated(mfa_client(counsellor), counsellor)
    response = client.post(CREATE, {"name": "rapportscript", "days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    raw = body.split('id="new-token" value="', 1)[1].split('"', 1)[0]
    token = ApiToken.objects.get(user=counsellor, name="rapportscript")
    assert token.token_hash == hash_token(raw)
    assert not token.read_only
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert raw not in client.get(reverse("accounts:tokens:list")).content.decode()
    assert AuditEvent.objects.filter(extra__event="api_token_created", object_id=str(token.pk)).count() == 1
    assert client.get(FAMILIES, **bearer(raw)).status_code == 200


def test_create_needs_a_name_and_keeps_what_was_typed(mfa_client, counsellor):
    client = reauthenticated(mfa_client(counsellor), counsellor)
    response = client.post(CREATE, {"name": "", "days": "45", "read_only": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="45"' in body and "checked" in body
    assert not ApiToken.objects.filter(user=counsellor).exists()


@pytest.mark.parametrize("days", ["0", "366", "-5", "abc"])
def test_lifetime_is_1_to_365_days(mfa_client, counsellor, days):
    client = reauthenticated(mfa_client(counsellor), counsellor)
    response = client.post(CREATE, {"name": "script", "days": days})
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=counsellor).exists()
    with pytest.raises(DomainError):
        api_token_create(actor=counsellor, user=counsellor, name="script", days=366)


def test_the_default_lifetime_is_90_days(counsellor):
    token, _raw = api_token_create(actor=counsellor, user=counsellor, name="script")
    assert (token.expires_at - timezone.now()).days in (89, 90)


def test_an_expired_token_gets_401(client, counsellor, api_token, time_machine):
    assert client.get(FAMILIES, **bearer(api_token)).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(days=91))
    response = client.get(FAMILIES, **bearer(api_token))
    assert response.status_code == 401


def test_expired_tokens_are_shown_as_such(mfa_client, counsellor, api_token):
    ApiToken.objects.filter(user=counsellor).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    body = mfa_client(counsellor).get(reverse("accounts:tokens:list")).content.decode()
    assert "verlopen" in body


def test_a_read_only_token_reads_but_never_writes(client, counsellor, family):
    _token, raw = api_token_create(actor=counsellor, user=counsellor, name="lezer", read_only=True)
    assert client.get(FAMILIES, **bearer(raw)).status_code == 200
    before = AuditEvent.objects.count()
    for method, url in (("post", FAMILIES), ("patch", f"{FAMILIES}{family.pk}"),
                        ("post", f"{FAMILIES}{family.pk}/members")):
        response = getattr(client, method)(url, data="{}", content_type="application/json", **bearer(raw))
        assert response.status_code == 403, (method, url)
        assert "alleen lezen" in response.json()["detail"]
    assert AuditEvent.objects.count() == before


def test_create_api_token_command_takes_days_and_read_only(counsellor):
    out = io.StringIO()
    call_command("create_api_token", counsellor.email, "--days", "7", "--read-only", stdout=out)
    token = ApiToken.objects.get(token_hash=hash_token(out.getvalue().strip()))
    assert token.read_only and (token.expires_at - timezone.now()).days in (6, 7)
    with pytest.raises(CommandError):
        call_command("create_api_token", counsellor.email, "--days", "400")


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
