"""Centres are managed by the installation administrator, who sees no dossier content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.access.policy import principal_for, visible_families, visible_persons
from spalk.audit.models import AuditEvent
from spalk.centres import services
from spalk.centres.models import Centre
from spalk.core.errors import DomainError

DATA = {"name": "CIG Nieuwe Haven", "short_name": "NHV", "organisation": "vzw Haven", "street": "Kaai 1",
        "postal_code": "8400", "city": "Oostende", "phone": "059 00 00 00", "email": "info@haven.example",
        "website": ""}


def test_installation_admin_lists_centres(mfa_client, installation_admin, centre, other_centre):
    response = mfa_client(installation_admin).get(reverse("centres:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert centre.name in body and other_centre.name in body


def test_installation_admin_creates_a_centre(mfa_client, installation_admin):
    response = mfa_client(installation_admin).post(reverse("centres:create"), DATA)
    assert response.status_code == 302
    centre = Centre.objects.get(short_name="NHV")
    assert centre.city == "Oostende"
    created = AuditEvent.objects.filter(action="account", extra__event="centre_created", object_id=str(centre.pk))
    assert created.count() == 1


def test_duplicate_short_name_keeps_input(mfa_client, installation_admin, centre):
    response = mfa_client(installation_admin).post(reverse("centres:create"), {**DATA, "short_name": centre.short_name})
    assert response.status_code == 200
    assert "CIG Nieuwe Haven" in response.content.decode()
    assert Centre.objects.filter(short_name=centre.short_name).count() == 1


def test_installation_admin_edits_a_centre(mfa_client, installation_admin, centre):
    response = mfa_client(installation_admin).post(reverse("centres:edit", args=[centre.pk]),
                                                   {**DATA, "name": centre.name, "short_name": centre.short_name})
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "059 00 00 00"
    assert "phone" in AuditEvent.objects.get(extra__event="centre_updated").fields


def test_deactivated_centre_gives_no_rights(mfa_client, installation_admin, centre, counsellor, family):
    response = mfa_client(installation_admin).post(reverse("centres:set_active", args=[centre.pk]), {"active": "0"})
    assert response.status_code == 302
    centre.refresh_from_db()
    assert not centre.is_active
    assert principal_for(counsellor).centre_ids == []
    assert not visible_families(user=counsellor).exists()
    assert AuditEvent.objects.filter(extra__event="centre_deactivated").count() == 1


@pytest.mark.parametrize("persona", ["director", "centre_admin", "counsellor", "outsider"])
def test_others_get_404(mfa_client, request, persona, centre):
    client = mfa_client(request.getfixturevalue(persona))
    assert client.get(reverse("centres:list")).status_code == 404
    assert client.post(reverse("centres:create"), DATA).status_code == 404
    assert client.post(reverse("centres:set_active", args=[centre.pk]), {"active": "0"}).status_code == 404
    centre.refresh_from_db()
    assert centre.is_active
    assert not Centre.objects.filter(short_name="NHV").exists()


def test_wrong_method_is_405(mfa_client, installation_admin, centre):
    assert mfa_client(installation_admin).get(reverse("centres:set_active", args=[centre.pk])).status_code == 405


def test_service_refuses_duplicate_name(installation_admin, centre):
    with pytest.raises(DomainError) as error:
        services.centre_create(actor=installation_admin, data={**DATA, "name": centre.name.upper()})
    assert error.value.field == "name"


# --- the installation administrator sees no dossier content ------------------------------------------------

def test_installation_admin_sees_no_family(installation_admin, family, other_family):
    assert not visible_families(user=installation_admin).exists()
    assert not visible_persons(user=installation_admin).exists()


def test_installation_admin_gets_404_on_family_pages(mfa_client, installation_admin, family):
    client = mfa_client(installation_admin)
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 404
    assert family.name not in client.get(reverse("families:list")).content.decode()


def test_installation_admin_navigation(mfa_client, installation_admin):
    body = mfa_client(installation_admin).get(reverse("home")).content.decode()
    assert reverse("centres:list") in body and reverse("accounts:staff_list") in body
    assert reverse("families:list") not in body
