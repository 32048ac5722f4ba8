"""Every view and API operation declares how it is protected; a test walks all routes and checks it.

- ``@dossier``: reads or writes dossier data; its body turns ids into objects through ``access_*`` and
  starts lists from ``visible_*`` (the route test also checks the source says so);
- ``@staff_only(reason)``: a screen without dossier data with its own check (for example staff management);
- ``@public(reason)``: no login needed (health check, login pages).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.http import HttpResponseBase

from spalk.audit import reads

F = TypeVar("F", bound=Callable)

DOSSIER = "dossier"
STAFF_ONLY = "staff_only"
PUBLIC = "public"


class PolicyNotCalled(AssertionError):
    """A @dossier view answered without asking the access policy (raised when SPALK_ASSERT_POLICY_CALLED)."""


class _DossierView:
    """The callable that ``@dossier`` puts in place of a view (an object, not a closure, so that it can carry the
    view's ``__globals__``: django-ninja resolves the annotations of an operation through them)."""

    def __init__(self, func: Callable):
        functools.update_wrapper(self, func)
        self._func = func
        self.__globals__ = func.__globals__
        self._spalk_policy = DOSSIER
        self._spalk_name = f"{func.__module__}.{func.__qualname__}"

    def __call__(self, *args, **kwargs):
        reads.mark_dossier_route(self._spalk_name)
        result = self._func(*args, **kwargs)
        if settings.SPALK_ASSERT_POLICY_CALLED and _is_success(result):
            ledger = reads.current_ledger()
            if ledger is not None and not ledger.policy_called:
                raise PolicyNotCalled(f"@dossier view {self._spalk_name} answered without calling the access policy")
        return result


def dossier(func: F) -> F:
    """Reads or writes dossier data: the request leaves one read event (``spalk.audit.reads``), and with
    ``SPALK_ASSERT_POLICY_CALLED`` on (the test suite) a view that answers without having asked the policy fails."""
    return cast(F, _DossierView(func))


def _is_success(result) -> bool:
    if isinstance(result, HttpResponseBase):
        return result.status_code < 400
    status = getattr(result, "status_code", None)  # ninja's Status(...)
    return not (isinstance(status, int) and status >= 400)


def staff_only(reason: str) -> Callable[[F], F]:
    def mark(func: F) -> F:
        setattr(func, "_spalk_policy", STAFF_ONLY)  # noqa: B010 - a marker read by the route checks
        setattr(func, "_spalk_policy_reason", reason)  # noqa: B010 - same marker, read by the route checks
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
