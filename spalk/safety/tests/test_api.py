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
    # the family is theirs to see, its safety work is not: 403 (a 404 would deny the family)
    assert client.get(f"/api/v1/safety/families/{resident.pk}/mappings", **auth).status_code == 403
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


def _json(client, method, url, auth, body=None):
    response = getattr(client, method)(url, body or {}, content_type="application/json", **auth)
    return response.status_code, (response.json() if response.content else None)


def test_plan_and_safety_persons_over_the_api(client, counsellor, night_staff, resident, today):
    auth = bearer(counsellor)
    status, bad = _json(client, "post", f"/api/v1/safety/families/{resident.pk}/plan", auth, {
        "agreed_on": str(today), "review_on": str(today - datetime.timedelta(days=1)), "rules": ["Oma komt."]})
    assert status == 422 and bad["detail"][0]["field"] == "review_on" and "na de dag" in bad["detail"][0]["msg"]
    status, plan = _json(client, "post", f"/api/v1/safety/families/{resident.pk}/plan", auth, {
        "agreed_on": str(today), "review_on": str(today + datetime.timedelta(days=30)),
        "rules": ["Oma Rita haalt Noor op school op maandag."], "withheld_from_family": True,
        "withheld_reason": "court"})
    assert status == 201 and plan["rules"] == ["Oma Rita haalt Noor op school op maandag."]
    assert plan["withheld_from_family"] is True
    status, changed = _json(client, "patch", f"/api/v1/safety/plans/{plan['id']}", auth, {
        "version": plan["version"], "rules": ["Oma Rita haalt Noor op school op maandag en donderdag."]})
    assert status == 200 and changed["version"] == plan["version"] + 1
    assert _json(client, "patch", f"/api/v1/safety/plans/{plan['id']}", auth, {
        "version": plan["version"], "note": "Te laat."})[0] == 409
    status, bad = _json(client, "post", f"/api/v1/safety/plans/{plan['id']}/persons", auth, {
        "name": "Rita", "phone": "0470 12", "does": "Belt elke avond om 19 uur."})
    assert status == 422 and bad["detail"][0]["field"] == "phone" and "bestaat niet" in bad["detail"][0]["msg"]
    status, person = _json(client, "post", f"/api/v1/safety/plans/{plan['id']}/persons", auth, {
        "name": "Rita", "phone": "+32 470 12 34 56", "does": "Belt elke avond om 19 uur."})
    assert status == 201 and person["phone"] == "+32470123456"
    status, person = _json(client, "patch", f"/api/v1/safety/persons/{person['id']}", auth, {
        "version": person["version"], "phone": "050 12 34 56"})
    assert status == 200 and person["phone"] == "+3250123456"
    night = bearer(night_staff)  # reads the plan tier, writes nothing
    assert client.get(f"/api/v1/safety/persons/{person['id']}", **night).json()["name"] == "Rita"
    assert _json(client, "patch", f"/api/v1/safety/persons/{person['id']}", night, {
        "version": person["version"], "does": "Iets anders doen."})[0] == 403
    assert AuditEvent.objects.filter(object_type="safety.safetyperson", action="update").count() == 1


def test_mapping_entries_scores_and_reviews_over_the_api(client, counsellor, night_staff, outsider, resident,
                                                         noor, portal_parent, today):
    auth = bearer(counsellor)
    status, mapping = _json(client, "post", f"/api/v1/safety/families/{resident.pk}/mappings", auth, {
        "title": "Veiligheid van Noor", "child_id": noor.pk, "mapped_on": str(today),
        "next_review_on": str(today + datetime.timedelta(days=14))})
    assert status == 201 and mapping["entries"] == [] and mapping["version"] == 1
    base = f"/api/v1/safety/mappings/{mapping['id']}"
    status, vague = _json(client, "post", f"{base}/entries", auth, {"kind": "worry", "text": "Ik ben bezorgd"})
    assert status == 422 and "drie keer geen lunch" in vague["detail"][0]["msg"]
    status, entry = _json(client, "post", f"{base}/entries", auth, {
        "kind": "worry", "text": "De buurvrouw zag Noor twee avonden alleen buiten na 22 uur.",
        "withheld_from_family": True, "withheld_reason": "third_party"})
    assert status == 201 and entry["withheld_from_family"] is True
    status, fixed = _json(client, "patch", f"/api/v1/safety/entries/{entry['id']}", auth, {
        "version": entry["version"], "reason": "drie avonden, niet twee",
        "text": "De buurvrouw zag Noor drie avonden alleen buiten na 22 uur."})
    assert status == 200 and fixed["revisions"][0]["text"].startswith("De buurvrouw zag Noor twee")
    assert _json(client, "patch", f"/api/v1/safety/entries/{entry['id']}", auth, {
        "version": entry["version"], "reason": "x", "text": "Nog eens iets anders dat concreet is."})[0] == 409
    assert _json(client, "patch", f"/api/v1/safety/entries/{entry['id']}", auth, {
        "version": fixed["version"], "reason": "korter", "text": "Ik ben bezorgd"})[0] == 422
    status, removed = _json(client, "post", f"/api/v1/safety/entries/{entry['id']}/removal", auth, {
        "version": fixed["version"], "reason": "bij het verkeerde gezin"})
    assert status == 200 and removed["removed_at"] and removed["removed_reason"] == "bij het verkeerde gezin"
    status, score = _json(client, "post", f"{base}/scores", auth, {"participant": "Sarah", "score": 4,
                                                                  "scored_on": str(today)})
    status, score = _json(client, "patch", f"/api/v1/safety/scores/{score['id']}", auth, {
        "version": score["version"], "reason": "zes gezegd", "score": 6})
    assert status == 200 and score["score"] == 6 and score["revisions"][0]["score"] == 4
    status, review = _json(client, "post", f"{base}/reviews", auth, {
        "version": 1, "reviewed_on": str(today + datetime.timedelta(days=14)), "summary": "Elke dag lunch mee.",
        "next_review_on": str(today + datetime.timedelta(days=28)), "scores": [{"participant": "Sarah", "score": 7}]})
    assert status == 201 and review["next_review_on"] == str(today + datetime.timedelta(days=28))
    full = client.get(base, **auth).json()
    assert [s["score"] for s in full["scores"]] == [6, 7] and len(full["reviews"]) == 1
    assert client.get(f"{base}/reviews", **auth).json()[0]["summary"] == "Elke dag lunch mee."
    for url in (base, f"/api/v1/safety/entries/{entry['id']}", f"/api/v1/safety/families/{resident.pk}/mappings"):
        assert client.get(url, **bearer(night_staff)).status_code == 403  # sees the family, not its safety work
        assert client.get(url, **bearer(outsider)).status_code == 404
    assert AuditEvent.objects.filter(object_type="safety.mappingentry", action="update").count() == 2


def test_kindreflex_start_consultations_partners_and_close_over_the_api(client, counsellor, director, family,
                                                                         noor, today):
    from spalk.partners.models import Organisation

    vk = Organisation.objects.create(centre=family.centre, name="VK Brugge (fictief)", kind="vk")
    auth = bearer(counsellor)
    status, procedure = _json(client, "post", f"/api/v1/safety/families/{family.pk}/kindreflex", auth, {
        "child_id": noor.pk, "started_on": str(today)})
    assert status == 201 and procedure["next_step"] == 1
    assert _json(client, "post", f"/api/v1/safety/families/{family.pk}/kindreflex", auth, {
        "child_id": noor.pk, "started_on": str(today)})[0] == 422  # one open procedure per child
    base = f"/api/v1/safety/kindreflex/{procedure['id']}"
    status, consultation = _json(client, "post", f"{base}/consultations", auth, {
        "service": "vk", "organisation_id": vk.pk, "consulted_on": str(today),
        "question": "Hoe bespreken we het drinken?", "advice": "Concreet benoemen wat u zag."})
    assert status == 201 and consultation["anonymous"] is True
    status, with_partner = _json(client, "put", f"{base}/partners", auth, {"version": procedure["version"],
                                                                          "partner_ids": [vk.pk]})
    assert status == 200 and with_partner["partner_ids"] == [vk.pk]
    assert _json(client, "put", f"{base}/partners", auth, {"version": procedure["version"],
                                                          "partner_ids": []})[0] == 409
    status, bad = _json(client, "post", f"{base}/close", auth, {
        "version": with_partner["version"], "close_reason": "no_concern", "close_note": "Geen zorgen.",
        "closed_on": str(today)})
    assert status == 422 and bad["detail"]  # steps 1-3 first
    assert len(client.get(f"{base}/consultations", **auth).json()) == 1
