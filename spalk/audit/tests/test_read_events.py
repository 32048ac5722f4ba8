"""Read auditing is structural (issue 9): every request that answered with dossier data leaves exactly one read
event, refused ids leave a bounded "denied" trail, writes refuse to be audited outside their transaction, and a
@dossier view that never asks the policy fails under test."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from spalk.access.declare import DOSSIER, PolicyNotCalled, declared_policy, dossier
from spalk.access.policy import access_family
from spalk.api.api import api
from spalk.audit import reads
from spalk.audit.models import AuditAction, AuditEvent
from spalk.audit.services import AuditOutsideTransaction, audit_record

pytestmark = pytest.mark.django_db

READS = [AuditAction.VIEW, AuditAction.SEARCH, AuditAction.EXPORT, AuditAction.PRINT]


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + str(entry.pattern), entry.callback


def _api_get_routes():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                if "GET" in op.methods and declared_policy(op.view_func) == DOSSIER:
                    yield f"/api/v1{prefix}{path}"


def _fill(route: str, ids: dict) -> str:
    """The route with the world's ids (spalk/testing/world.py: a new kind of id is added there, once)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", route)
    missing = [a or b for a, b in names if (a or b) not in ids]
    assert not missing, f"{route}: give the world an id for {missing} in spalk/testing/world.py"
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), route)


def _read_events(response) -> int:
    return AuditEvent.objects.filter(request_id=response["X-Request-ID"], action__in=READS).count()


def test_every_dossier_get_route_leaves_exactly_one_read_event(client, mfa_client, director, world):
    mfa_client(director)
    ids, raw = world["ids"], world["token"]
    html = [_fill(route, ids) for route, view in _walk(get_resolver()) if declared_policy(view) == DOSSIER]
    api_routes = [_fill(route, ids) for route in _api_get_routes()]
    assert len(html) >= 30 and len(api_routes) >= 10
    problems, answered = [], 0
    for url in html + api_routes:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if url.startswith("/api/") else {}
        response = client.get(url, **headers)
        events = _read_events(response)
        if 200 <= response.status_code < 300:
            answered += 1
            if events != 1:
                problems.append(f"{url}: {response.status_code} with {events} read events")
        elif events:
            problems.append(f"{url}: {response.status_code} (nothing shown) but {events} read events")
    assert problems == []
    assert answered >= 40  # the walk really saw the pages, not a row of 404s


def test_family_page_event_names_the_family_once(mfa_client, director, family):
    response = mfa_client(director).get(f"/families/{family.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(request_id=response["X-Request-ID"])
    assert (event.action, event.family_id, event.centre_id, event.actor_id) == (
        "view", family.pk, family.centre_id, director.pk)


def test_an_edit_form_is_a_read_too(mfa_client, director, family):
    """Family edit rendered names and address without any audit row before the ledger (issue 9)."""
    response = mfa_client(director).get(f"/families/{family.pk}/edit/")
    assert response.status_code == 200
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="view", family_id=family.pk)
    assert events.count() == 1


def test_a_write_leaves_its_own_event_and_no_read_event(mfa_client, director, family):
    response = mfa_client(director).post(f"/families/{family.pk}/edit/", {
        "name": "Gezin Peeters-Janssens", "version": family.version, "street": "", "postal_code": "", "city": ""})
    events = list(AuditEvent.objects.filter(request_id=response["X-Request-ID"]).values_list("action", flat=True))
    if response.status_code == 302:
        assert events == ["update"]
    else:  # the form came back with an error: it showed the family, so that is one read
        assert events == ["view"]


def test_refused_id_is_audited_as_denied(mfa_client, counsellor, other_family):
    response = mfa_client(counsellor).get(f"/families/{other_family.pk}/")
    assert response.status_code == 404
    event = AuditEvent.objects.get(request_id=response["X-Request-ID"])
    assert (event.action, event.object_type, event.object_id, event.actor_id) == (
        "denied", "families.family", str(other_family.pk), counsellor.pk)
    # the denied row does not name the family's centre: it tells nothing about the record it was refused
    assert event.family_id is None and event.centre_id is None


def test_probing_cannot_flood_the_audit_table(mfa_client, counsellor, settings):
    settings.SPALK_DENIED_AUDIT_PER_HOUR = 3
    client = mfa_client(counsellor)
    for probe in range(900001, 900008):
        assert client.get(f"/families/{probe}/").status_code == 404
    denied = list(AuditEvent.objects.filter(action="denied", actor=counsellor).order_by("pk"))
    assert len(denied) == 3
    assert denied[-1].extra == {"limit_reached": True}


def test_api_refusal_is_audited_as_denied(client, api_token, other_family):
    response = client.get(f"/api/v1/families/{other_family.pk}", HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="denied").count() == 1


def test_a_write_outside_a_transaction_is_refused(director, family):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=director, action=AuditAction.UPDATE, target=family, fields=["name"])
    with transaction.atomic():
        audit_record(actor=director, action=AuditAction.UPDATE, target=family, fields=["name"])
    assert AuditEvent.objects.filter(action="update", family_id=family.pk).count() == 1


def test_reads_outside_a_request_are_written_at_once(director, family):
    event = audit_record(actor=director, action=AuditAction.VIEW, target=family)
    assert event.pk is not None


def test_a_dossier_view_that_skips_the_policy_fails_under_test(settings):
    settings.SPALK_ASSERT_POLICY_CALLED = True

    @dossier
    def careless(request):
        return HttpResponse("names of families")

    token = reads.open_ledger()
    try:
        with pytest.raises(PolicyNotCalled):
            careless(RequestFactory().get("/"))
    finally:
        reads.close_ledger(token)


def test_a_dossier_view_that_asks_the_policy_passes(settings, director, family):
    settings.SPALK_ASSERT_POLICY_CALLED = True

    @dossier
    def careful(request):
        access_family(user=director, family_id=family.pk)
        return HttpResponse("ok")

    token = reads.open_ledger()
    try:
        assert careful(RequestFactory().get("/")).status_code == 200
    finally:
        reads.close_ledger(token)


def test_the_ledger_writes_one_row_with_one_query(director, family, other_family):
    """Several explicit reads and records let through become one INSERT (the mechanism's whole cost)."""
    token = reads.open_ledger()
    try:
        reads.mark_dossier_route("test")
        reads.note_access(user=director, target=family)
        reads.note_access(user=director, target=other_family)
        audit_record(actor=director, action=AuditAction.VIEW, target=family, extra={"page": "team"})
        audit_record(actor=director, action=AuditAction.SEARCH, object_type="families.family",
                     extra={"query": {"q": "x"}, "count": 2, "family_ids": [family.pk, other_family.pk]})
        ledger = reads.current_ledger()
        with CaptureQueriesContext(connection) as queries:
            reads.flush(ledger=ledger, request=RequestFactory().get("/"), status_code=200)
    finally:
        reads.close_ledger(token)
    assert len(queries) == 1
    event = AuditEvent.objects.get()
    assert event.action == "search" and event.family_id == family.pk
    assert set(event.extra["family_ids"]) == {family.pk, other_family.pk}
