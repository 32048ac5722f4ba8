"""The network's writes in the API: the same services and the one sharing rule as the screens, through the
policy (404 not yours, 403 read-only or a shared centre), Dutch 422s, 409 on a version conflict, audited."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.network.models import Agreement, ConsentRecord, NetworkMeeting, PolicySignal, Referral, Share
from spalk.plans.tests.conftest import bearer

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()
API = "/api/v1/network"


def _consent_body(cgg, *givers, **kw):
    return {"basis": "consent", "scope": "all", "organisation_id": cgg.pk, "purpose": "Opvolging door het CGG.",
            "valid_from": f"{TODAY - DAY}", "giver_ids": [p.pk for p in givers], **kw}


def test_consent_created_edited_and_withdrawn(client, counsellor, family, cgg, mother, teen):
    auth = bearer(counsellor)
    response = client.post(f"{API}/families/{family.pk}/consents", _consent_body(cgg, mother, teen),
                           content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["valid_today"] and {g["capacity"] for g in body["givers"]} == {"parent", "minor_12"}
    record = ConsentRecord.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="network.consentrecord",
                                     object_id=str(record.pk)).count() == 1
    url = f"{API}/consents/{record.pk}"
    ok = client.patch(url, {"version": 1, "purpose": "Opvolging en overleg."}, content_type="application/json",
                      **auth)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "purpose": "Iets anders."}, content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["detail"][0]["field"] == "version"
    assert client.post(f"{url}/withdraw", {"version": 1}, content_type="application/json", **auth).status_code == 409
    gone = client.post(f"{url}/withdraw", {"version": 2, "note": "Moeder belde."}, content_type="application/json",
                       **auth)
    assert gone.status_code == 200 and gone.json()["withdrawn_at"] and not gone.json()["valid_today"]
    again = client.post(f"{url}/withdraw", {"version": 3}, content_type="application/json", **auth)
    assert again.status_code == 422 and "al ingetrokken" in again.json()["detail"][0]["msg"]


def test_consent_needs_its_givers_or_a_written_basis_in_dutch(client, counsellor, family, cgg, other_family):
    from spalk.testing.factories import FamilyMemberFactory

    FamilyMemberFactory(family=other_family)
    auth = bearer(counsellor)
    url = f"{API}/families/{family.pk}/consents"
    response = client.post(url, _consent_body(cgg), content_type="application/json", **auth)
    assert response.status_code == 422 and "Noteer wie toestemming gaf" in response.json()["detail"][0]["msg"]
    response = client.post(url, _consent_body(cgg, basis="court"), content_type="application/json", **auth)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "basis_note"
    stranger = other_family.members.get().person
    response = client.post(url, _consent_body(cgg, stranger), content_type="application/json", **auth)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "giver_ids"
    assert not ConsentRecord.objects.filter(family=family).exists()


def test_share_passes_the_one_rule(client, counsellor, family, consent, mother, teen, cgg):
    from .conftest import record

    auth = bearer(counsellor)
    url = f"{API}/families/{family.pk}/shares"
    ok = client.post(url, {"kind": "summary", "consent_id": consent.pk, "summary": "Het gaat beter."},
                     content_type="application/json", **auth)
    assert ok.status_code == 201 and len(ok.json()["artefact_sha256"]) == 64
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="network.share",
                                     object_id=str(ok.json()["id"])).count() == 1
    # the minor of 12 or more did not consent on this record: what concerns them is refused
    teen_share = client.post(url, {"kind": "summary", "consent_id": consent.pk, "summary": "Over Noor.",
                                   "concerns": [teen.pk]}, content_type="application/json", **auth)
    assert teen_share.status_code == 422 and "Noor" in teen_share.json()["detail"][0]["msg"]
    ended = record(family, counsellor, cgg, givers=[mother], start=TODAY - 30 * DAY, until=TODAY - DAY)
    late = client.post(url, {"kind": "summary", "consent_id": ended.pk, "summary": "Te laat."},
                       content_type="application/json", **auth)
    assert late.status_code == 422 and "liep af op" in late.json()["detail"][0]["msg"]
    reports_only = record(family, counsellor, cgg, givers=[mother])
    scope = client.post(url, {"kind": "summary", "consent_id": reports_only.pk, "summary": "Buiten."},
                        content_type="application/json", **auth)
    assert scope.status_code == 422 and scope.json()["detail"][0]["type"] == "no_consent"
    client.post(f"{API}/consents/{consent.pk}/withdraw", {"version": consent.version},
                content_type="application/json", **auth)
    after = client.post(url, {"kind": "summary", "consent_id": consent.pk, "summary": "Nog eens."},
                        content_type="application/json", **auth)
    assert after.status_code == 422 and "ingetrokken" in after.json()["detail"][0]["msg"]
    assert Share.objects.filter(family=family).count() == 1


def test_share_refused_to_shared_centre_read_only_token_and_outsider(client, counsellor, partner_director,
                                                                      partner_counsellor, outsider, family, consent):
    body = {"kind": "summary", "consent_id": consent.pk, "summary": "Kort."}
    url = f"{API}/families/{family.pk}/shares"
    assert client.post(url, body, content_type="application/json", **bearer(partner_director)).status_code == 403
    assert client.post(url, body, content_type="application/json", **bearer(partner_counsellor)).status_code == 404
    assert client.post(url, body, content_type="application/json", **bearer(outsider)).status_code == 404
    with transaction.atomic():
        _token, raw = api_token_create(actor=counsellor, user=counsellor, name="lezen", read_only=True)
    assert client.post(url, body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403
    assert not Share.objects.exists()


def test_meeting_with_agreements(client, counsellor, family, cgg):
    auth = bearer(counsellor)
    response = client.post(f"{API}/families/{family.pk}/meetings", {
        "kind": "client_meeting", "held_on": f"{TODAY}", "family_voice": "Ik wil meer rust.",
        "organisation_ids": [cgg.pk], "staff_ids": [counsellor.pk], "next_on": f"{TODAY + 30 * DAY}"},
        content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    meeting = NetworkMeeting.objects.get(pk=response.json()["id"])
    agreement = client.post(f"{API}/meetings/{meeting.pk}/agreements", {
        "what": "Afspraak bij het CGG maken", "responsible_id": counsellor.pk, "due_on": f"{TODAY + 7 * DAY}"},
        content_type="application/json", **auth)
    assert agreement.status_code == 201
    done = client.patch(f"{API}/agreements/{agreement.json()['id']}", {"done": True},
                        content_type="application/json", **auth)
    assert done.status_code == 200 and done.json()["done_on"] == f"{TODAY}"
    url = f"{API}/meetings/{meeting.pk}"
    assert client.patch(url, {"version": 1, "summary": "Besproken."}, content_type="application/json",
                        **auth).status_code == 200
    assert client.patch(url, {"version": 1, "summary": "Nog eens."}, content_type="application/json",
                        **auth).status_code == 409
    bad = client.patch(url, {"version": 2, "next_on": f"{TODAY - 10 * DAY}"}, content_type="application/json",
                       **auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "next_on"
    listed = client.get(f"{API}/families/{family.pk}/meetings", **auth).json()
    assert listed[0]["agreements"][0]["what"] == "Afspraak bij het CGG maken"
    assert Agreement.objects.filter(meeting=meeting).count() == 1


def test_referral_status_and_handover(client, counsellor, family, cgg, other_centre):
    from spalk.intake.tests.conftest import OrganisationFactory

    auth = bearer(counsellor)
    elsewhere = OrganisationFactory(centre=other_centre, name="Elders (demo)", kind="caw")
    refused = client.post(f"{API}/families/{family.pk}/referrals", {"organisation_id": elsewhere.pk,
                          "reason": "Wonen."}, content_type="application/json", **auth)
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "organisation_id"
    response = client.post(f"{API}/families/{family.pk}/referrals", {
        "organisation_id": cgg.pk, "reason": "Therapie voor moeder.", "support_form": "1g1p"},
        content_type="application/json", **auth)
    assert response.status_code == 201 and response.json()["status"] == "proposed"
    url = f"{API}/referrals/{response.json()['id']}"
    skip = client.patch(url, {"version": 1, "status": "started"}, content_type="application/json", **auth)
    assert skip.status_code == 422 and skip.json()["detail"][0]["field"] == "status"
    ok = client.patch(url, {"version": 1, "status": "accepted", "handover_confirmed_on": f"{TODAY}",
                            "handover_confirmed_by": "Dr. Peeters"}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["handover_confirmed_by"] == "Dr. Peeters"
    assert client.patch(url, {"version": 1, "status": "started"}, content_type="application/json",
                        **auth).status_code == 409
    assert Referral.objects.get().status == "accepted"


def test_signals_recorded_and_counted_without_small_cells(client, counsellor, director):
    for _i in range(2):
        response = client.post(f"{API}/signals", {"category": "waiting", "primary_care_zone": "ELZ Kust",
                                                  "noted_on": f"{TODAY}", "description": "Wachtlijst CGG."},
                               content_type="application/json", **bearer(counsellor))
        assert response.status_code == 201
    assert PolicySignal.objects.count() == 2
    cells = client.get(f"{API}/signals/figures?period=year", **bearer(director)).json()
    assert cells and all(c["suppressed"] and c["count"] is None for c in cells)  # 2 < the minimum cell size
    assert client.get(f"{API}/signals/figures", **bearer(counsellor)).status_code == 404
    future = client.post(f"{API}/signals", {"category": "costs", "primary_care_zone": "ELZ Kust",
                                            "noted_on": f"{TODAY + DAY}", "description": "Te duur."},
                         content_type="application/json", **bearer(counsellor))
    assert future.status_code == 422 and future.json()["detail"][0]["field"] == "noted_on"


def _count(client, url, auth) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **auth).status_code == 200
    return len(queries)


def test_meeting_and_referral_lists_have_a_flat_query_count(client, counsellor, family, cgg):
    from spalk.network import services

    auth = bearer(counsellor)

    def add(n):
        for _i in range(n):
            meeting = services.meeting_create(actor=counsellor, family=family, data={
                "held_on": TODAY, "staff": [counsellor], "organisations": [cgg]})
            services.agreement_add(actor=counsellor, meeting=meeting, data={"what": "Bellen", "due_on": TODAY})
            services.referral_create(actor=counsellor, family=family, data={"organisation": cgg, "reason": "Hulp."})

    add(1)
    meetings, referrals = f"{API}/families/{family.pk}/meetings", f"{API}/families/{family.pk}/referrals"
    _count(client, meetings, auth)  # warm the token's and the policy's caches
    few = (_count(client, meetings, auth), _count(client, referrals, auth))
    add(6)
    assert (_count(client, meetings, auth), _count(client, referrals, auth)) == few
