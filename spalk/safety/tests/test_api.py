"""/api/v1/safety through the policy and audit."""

from __future__ import annotations

import datetime

from spalk.api.services import api_token_create
from spalk.audit.models import AuditEvent


def bearer(user):
    _t, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_plan_and_restrictions_read_by_night_staff_in_residence(client, night_staff, resident, plan, rita,
                                                                 restriction):
    auth = bearer(night_staff)
    plan_json = client.get(f"/api/v1/safety/families/{resident.pk}/plan", **auth).json()
    assert plan_json["persons"][0]["phone"] == "+32470123456" and plan_json["rules"]
    rows = client.get(f"/api/v1/safety/families/{resident.pk}/restrictions", **auth).json()
    assert rows[0]["restricted_name"] == "Kevin D." and rows[0]["in_force_today"] is True
    assert client.get(f"/api/v1/safety/families/{resident.pk}/mappings", **auth).status_code == 404
    assert client.post(f"/api/v1/safety/families/{resident.pk}/restrictions", {
        "restricted_name": "X", "kind": "no_visit", "valid_from": "2026-01-01", "source": "centre"},
        content_type="application/json", **auth).status_code == 403


def test_outsider_gets_404(client, outsider, family, plan, mapping, procedure):
    auth = bearer(outsider)
    for url in (f"/api/v1/safety/families/{family.pk}/plan", f"/api/v1/safety/plans/{plan.pk}",
                f"/api/v1/safety/mappings/{mapping.pk}", f"/api/v1/safety/kindreflex/{procedure.pk}"):
        assert client.get(url, **auth).status_code == 404


def test_create_restriction_with_dutch_errors(client, counsellor, family, noor, today):
    auth = bearer(counsellor)
    bad = client.post(f"/api/v1/safety/families/{family.pk}/restrictions", {
        "child_id": noor.pk, "restricted_name": "Kevin", "kind": "no_pickup", "valid_from": str(today),
        "valid_until": str(today - datetime.timedelta(days=1)), "source": "court_order"},
        content_type="application/json", **auth)
    assert bad.status_code == 422
    fields = {d["field"] for d in bad.json()["detail"]}
    assert fields == {"valid_until", "source_reference"}
    ok = client.post(f"/api/v1/safety/families/{family.pk}/restrictions", {
        "child_id": noor.pk, "restricted_name": "Kevin", "kind": "no_pickup", "valid_from": str(today),
        "source": "parents"}, content_type="application/json", **auth)
    assert ok.status_code == 201 and ok.json()["version"] == 1
    rid = ok.json()["id"]
    assert AuditEvent.objects.filter(object_type="safety.contactrestriction", action="create").count() == 1
    patch = client.patch(f"/api/v1/safety/restrictions/{rid}", {"version": 1, "if_seen": "Bel 101."},
                         content_type="application/json", **auth)
    assert patch.status_code == 200
    late = client.patch(f"/api/v1/safety/restrictions/{rid}", {"version": 1, "if_seen": "Anders."},
                        content_type="application/json", **auth)
    assert late.status_code == 409


def test_kindreflex_step_over_the_api(client, counsellor, team_lead, procedure):
    auth = bearer(counsellor)
    url = f"/api/v1/safety/kindreflex/{procedure.pk}/steps"
    one = client.post(f"{url}/1", {"version": procedure.version, "answers": {"children": "Noor"},
                                   "decision": "Verder."}, content_type="application/json", **auth)
    assert one.status_code == 200 and one.json()["next_step"] == 2
    alone = client.post(f"{url}/2", {"version": one.json()["version"], "answers": {"safety_home": "Deur op slot."},
                                     "decision": "x", "not_right_feeling": False},
                        content_type="application/json", **auth)
    assert alone.status_code == 422 and alone.json()["detail"][0]["field"] == "colleague"
    two = client.post(f"{url}/2", {"version": one.json()["version"], "answers": {"safety_home": "Deur op slot."},
                                   "decision": "x", "not_right_feeling": False, "colleague_id": team_lead.pk},
                      content_type="application/json", **auth)
    assert two.status_code == 200 and two.json()["steps"][1]["colleague_id"] == team_lead.pk


def test_scores_over_the_api(client, counsellor, mapping, today):
    auth = bearer(counsellor)
    ok = client.post(f"/api/v1/safety/mappings/{mapping.pk}/scores", {
        "participant": "Sarah", "score": 6, "scored_on": str(today)}, content_type="application/json", **auth)
    assert ok.status_code == 201
    assert client.post(f"/api/v1/safety/mappings/{mapping.pk}/scores", {
        "participant": "Sarah", "score": 11, "scored_on": str(today)}, content_type="application/json",
        **auth).status_code == 422
    assert client.get(f"/api/v1/safety/mappings/{mapping.pk}", **auth).json()["scores"][0]["score"] == 6


def test_a_family_without_a_plan_answers_204_not_404(client, counsellor, family):
    """A 404 would read as "not your family" (the route matrix: never 404 on one's own family)."""
    response = client.get(f"/api/v1/safety/families/{family.pk}/plan", **bearer(counsellor))
    assert response.status_code == 204
