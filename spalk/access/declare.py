"""Every view and API operation declares how it is protected; a test walks all routes and checks it.

- ``@dossier``: reads or writes dossier data; its body turns ids into objects through ``access_*`` and
  starts lists from ``visible_*`` (the route test also checks the source says so);
- ``@staff_only(reason)``: a screen without dossier data with its own check (for example staff management);
- ``@public(reason)``: no login needed (health check, login pages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

DOSSIER = "dossier"
STAFF_ONLY = "staff_only"
PUBLIC = "public"


def dossier(func: F) -> F:
    func._spalk_policy = DOSSIER  # type: ignore[attr-defined]
    return func


def staff_only(reason: str) -> Callable[[F], F]:
    def mark(func: F) -> F:
        func._spalk_policy = STAFF_ONLY  # type: ignore[attr-defined]
        func._spalk_policy_reason = reason  # type: ignore[attr-defined]
        return func

    return mark


def public(reason: str) -> Callable[[F], F]:
    def mark(func: F) -> F:
        func._spalk_policy = PUBLIC  # type: ignore[attr-defined]
        func._spalk_policy_reason = reason  # type: ignore[attr-defined]
        return func

    return mark


def declared_policy(func: Callable) -> str | None:
    """The declaration of a view, looking through decorators that use functools.wraps."""
    seen = set()
    current: Callable | None = func
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = getattr(current, "_spalk_policy", None)
        if kind:
            return kind
        current = getattr(current, "__wrapped__", None)
    return None
