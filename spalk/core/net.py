"""The client's address, the one place that reads it (audit rows, login rate limits and lock-outs)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person's machine as the outermost trusted proxy saw it.

    ``SPALK_TRUSTED_PROXIES`` is the number of reverse proxies under our control in front of spalk (0: spalk is
    reached directly, ``X-Forwarded-For`` is ignored because anyone can send it). Each trusted proxy appends the
    address it received the request from, so the client is the N-th entry from the right; what lies further left
    was written by the client and is never believed. With fewer entries than proxies, the leftmost entry is the
    furthest a trusted proxy can vouch for.
    """
    remote = _clean(request.META.get("REMOTE_ADDR"))
    proxies = settings.SPALK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    if not hops:
        return remote
    return _clean(hops[-min(proxies, len(hops))]) or remote
