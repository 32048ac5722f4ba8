"""The database restarts or is unreachable during requests: a Dutch 503 page (JSON for the API), no
half-written records, and the next request works again without anyone restarting spalk."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from django.test import Client

from spalk.accounts.middleware import SESSION_FLAG
from spalk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)
DUTCH_503 = "niet bereikbaar"


def _psycopg_params() -> dict:
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s["USER"] or "postgres"}
    if s["HOST"]:
        params["host"] = s["HOST"]
    if s["PORT"]:
        params["port"] = str(s["PORT"])
    if s["PASSWORD"]:
        params["password"] = s["PASSWORD"]
    return params


def terminate(pid: int) -> None:
    """What a database restart does to a connection: the server ends it (pg_terminate_backend)."""
    with psycopg.connect(**_psycopg_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _login(user) -> Client:
    """A signed-in client that returns error responses instead of re-raising the exception behind them
    (the test client's default), so the test sees what a browser sees."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    assert client.get("/families/").status_code == 200
    return client


def test_page_api_and_health_check_answer_503_while_the_database_is_down(director, api_token, family):
    client = _login(director)
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", "9"
    try:
        page = client.get(f"/families/{family.pk}/")
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
        body = page.content.decode()
        assert DUTCH_503 in body and 'lang="nl' in body
        assert "Traceback" not in body and "OperationalError" not in body
        api = client.get("/api/v1/families/", headers={"Authorization": f"Bearer {api_token}"})
        assert api.status_code == 503
        assert api["Content-Type"] == "application/json"
        assert DUTCH_503 in api.json()["detail"]
        health = Client(raise_request_exception=False).get("/healthz")  # monitoring sends no cookie
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable", "database": False}
    finally:
        connection.close()
        connection.settings_dict.update(original)
    # the database is back: the very next requests work, nobody restarted spalk
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/families/{family.pk}/").status_code == 200


def test_connection_killed_between_requests_recovers(director, family):
    client = _login(director)
    connection.ensure_connection()
    terminate(connection.connection.info.backend_pid)
    first = client.get(f"/families/{family.pk}/")
    # either the health check on the persistent connection reconnected, or the request failed cleanly
    assert first.status_code in (200, 503)
    assert client.get(f"/families/{family.pk}/").status_code == 200


def test_connection_killed_during_a_write_leaves_no_half_written_record(director, family, monkeypatch):
    """The family row is updated, then the server goes away before the audit row is written: the whole
    transaction is gone (no change without its audit row), the person sees the Dutch 503, and the same
    save works after recovery."""
    from spalk.families import services

    client = _login(director)
    before_name, before_version = family.name, family.version
    audits_before = AuditEvent.objects.filter(action="update").count()
    real_audit_record = services.audit_record
    calls = {"n": 0}

    def audit_then_crash(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:  # the UPDATE of the family already ran in this transaction
            terminate(connection.connection.info.backend_pid)
        return real_audit_record(**kwargs)

    monkeypatch.setattr(services, "audit_record", audit_then_crash)
    data = {"name": "Gezin Halfweg", "street": "", "postal_code": "", "city": family.city, "phone": "",
            "languages": "", "version": before_version}
    response = client.post(f"/families/{family.pk}/edit/", data)
    assert response.status_code == 503
    assert DUTCH_503 in response.content.decode()
    family.refresh_from_db()
    assert (family.name, family.version) == (before_name, before_version)
    assert AuditEvent.objects.filter(action="update").count() == audits_before
    # recovered: the person saves again and it works, with exactly one audit row
    again = client.post(f"/families/{family.pk}/edit/", data)
    assert again.status_code == 302
    family.refresh_from_db()
    assert (family.name, family.version) == ("Gezin Halfweg", before_version + 1)
    assert AuditEvent.objects.filter(action="update").count() == audits_before + 1


@pytest.mark.parametrize("path", ["/families/", "/stays/occupancy/", "/audit/"])
def test_refused_connection_inside_middleware_is_a_dutch_503_not_a_500(director, monkeypatch, path):
    """Found by the wapiti scan: when PostgreSQL refuses new connections ("too many clients"), the first
    query runs in middleware (the session user), where Django turns the exception into the 500 handler's
    response; that handler must answer the Dutch 503 and must not query the database itself."""
    from django.db.utils import OperationalError

    from spalk.accounts import middleware

    client = _login(director)

    def refuse(self, request):
        raise OperationalError("connection failed: FATAL:  sorry, too many clients already")

    monkeypatch.setattr(middleware.RequireSecondFactorMiddleware, "__call__", refuse)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DUTCH_503 in response.content.decode()


def test_other_errors_in_middleware_stay_a_plain_500_without_database(director, monkeypatch):
    from spalk.accounts import middleware

    client = _login(director)

    def fail(self, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(middleware.RequireSecondFactorMiddleware, "__call__", fail)
    response = client.get("/families/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "RuntimeError" not in body and "a bug" not in body and 'lang="nl' in body
