"""Per-request context (request id, client IP, principal) for logs and the audit trail."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None = None
    path: str = ""
    via: str = "web"  # web | api | cli


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("spalk_request", default=None)


def set_current(ctx: RequestContext | None) -> contextvars.Token:
    return _current.set(ctx)


def reset_current(token: contextvars.Token) -> None:
    _current.reset(token)


def current() -> RequestContext | None:
    return _current.get()
