"""Policy answers live for one request at most (see ``spalk.access.policy.request_scope``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from spalk.access.policy import request_scope


class PolicyScopeMiddleware:
    """Opens the policy's request cache at the start of a request and drops it at the end.

    A change of rights (a role ended, a share stopped) is therefore seen by the very next request, whatever
    process serves it, and by the rest of the same request once the service calls ``forget_rights()``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)
