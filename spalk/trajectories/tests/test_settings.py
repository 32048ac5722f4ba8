"""Centre trajectory settings: the director changes them (audited, with a version check); staff read them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.trajectories import services
from spalk.trajectories.models import CentreTrajectorySettings

URL = reverse("trajectories:centre_settings")
DATA = {"crisis_max_days": 21, "crisis_warning_days": 5, "reopen_within_days": 120}


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_service_changes_settings_with_one_audit_row_and_a_new_version(director, centre):
    before = AuditEvent.objects.count()
    saved = services.settings_update(actor=director, centre=centre, data=DATA, version=1)
    assert (saved.crisis_max_days, saved.crisis_warning_days, saved.reopen_within_days) == (21, 5, 120)
    assert saved.version == 2
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.UPDATE and set(event.fields) == set(DATA)


def test_service_refuses_a_stale_version(director, centre):
    services.settings_update(actor=director, centre=centre, data=DATA, version=1)
    with pytest.raises(ConcurrentEditError):
        services.settings_update(actor=director, centre=centre, data={"crisis_max_days": 10}, version=1)
    assert CentreTrajectorySettings.objects.get(centre=centre).crisis_max_days == 21


def test_service_refuses_a_warning_period_as_long_as_the_maximum(director, centre):
    with pytest.raises(DomainError) as exc:
        services.settings_update(actor=director, centre=centre, data={"crisis_max_days": 5,
                                                                      "crisis_warning_days": 5}, version=1)
    assert exc.value.field == "crisis_warning_days"
    assert services.settings_for(centre.pk).crisis_max_days == 14


def test_director_changes_the_settings_on_the_screen(mfa_client, director, centre):
    client = mfa_client(director)
    page = client.get(URL)
    assert page.status_code == 200 and 'name="crisis_max_days"' in page.content.decode()
    response = client.post(f"{URL}?centre={centre.pk}", {**DATA, "version": 1})
    assert response.status_code == 302
    assert CentreTrajectorySettings.objects.get(centre=centre).crisis_max_days == 21


def test_a_stale_form_keeps_the_input_and_says_so_in_dutch(mfa_client, director, centre):
    services.settings_update(actor=director, centre=centre, data={"crisis_max_days": 30}, version=1)
    response = mfa_client(director).post(f"{URL}?centre={centre.pk}", {**DATA, "version": 1})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body and 'value="120"' in body
    assert CentreTrajectorySettings.objects.get(centre=centre).crisis_max_days == 30


def test_only_the_director_may_change_them(mfa_client, team_lead, counsellor, outsider, centre_admin, centre):
    assert mfa_client(team_lead).post(f"{URL}?centre={centre.pk}", {**DATA, "version": 1}).status_code == 403
    assert mfa_client(counsellor).get(URL).status_code == 403
    assert mfa_client(outsider).get(URL, {"centre": centre.pk}).status_code == 404
    assert mfa_client(centre_admin).get(URL).status_code == 404
    assert not CentreTrajectorySettings.objects.filter(centre=centre).exists()


def test_the_dashboard_links_to_the_settings_for_the_director_only(mfa_client, director, team_lead):
    assert URL in mfa_client(director).get(reverse("stays:dashboard")).content.decode()
    assert URL not in mfa_client(team_lead).get(reverse("stays:dashboard")).content.decode()


def test_api_reads_the_settings(client, counsellor, outsider, director, centre):
    services.settings_update(actor=director, centre=centre, data=DATA, version=1)
    response = client.get(f"/api/v1/trajectories/centre-settings?centre_id={centre.pk}", **bearer(counsellor))
    assert response.status_code == 200
    assert response.json() == {"centre_id": centre.pk, **DATA, "version": 2}
    assert client.get(f"/api/v1/trajectories/centre-settings?centre_id={centre.pk}",
                      **bearer(outsider)).status_code == 404


def test_api_gives_the_defaults_when_nothing_was_set(client, counsellor, centre):
    data = client.get("/api/v1/trajectories/centre-settings", **bearer(counsellor)).json()
    assert data == {"centre_id": centre.pk, **CentreTrajectorySettings.DEFAULTS, "version": 1}
