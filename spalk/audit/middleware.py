"""Opens the read ledger of each request and writes its one read event (see ``spalk.audit.reads``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from spalk.audit import reads


class AuditReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = reads.open_ledger()
        try:
            response = self.get_response(request)
            ledger = reads.current_ledger()
            if ledger is not None:
                reads.flush(ledger=ledger, request=request, status_code=response.status_code)
        finally:
            reads.close_ledger(token)
        return response
