"""client_ip(): the one place that reads the client's address (audit rows, rate limits, lock-outs)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from spalk.core.net import client_ip


def request(remote="10.0.0.2", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.SPALK_TRUSTED_PROXIES = 0
    assert client_ip(request(forwarded="203.0.113.7")) == "10.0.0.2"


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left part was written by the client: not believed
    (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    (2, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the furthest a trusted proxy vouches for
    (1, "[2001:db8::1]:443", "2001:db8::1"),
    (1, "203.0.113.7:51234", "203.0.113.7"),
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])
def test_trusted_proxies(settings, proxies, forwarded, expected):
    settings.SPALK_TRUSTED_PROXIES = proxies
    assert client_ip(request(forwarded=forwarded)) == expected


def test_without_forwarded_for_the_peer_address_counts(settings):
    settings.SPALK_TRUSTED_PROXIES = 1
    assert client_ip(request()) == "10.0.0.2"


def test_audit_rows_record_the_client_behind_the_proxy(client, settings, db):
    from spalk.audit.models import AuditEvent

    settings.SPALK_TRUSTED_PROXIES = 1
    client.post("/accounts/login/", {"login": "nobody@example.test", "password": "wrong-password"},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert AuditEvent.objects.get(action="login_failed").ip == "203.0.113.7"
