"""Running a search on behalf of someone: the search itself and its audit row (with its terms) together."""

from __future__ import annotations

from typing import Any

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read
from spalk.search import selectors
from spalk.search.selectors import SearchFilters, SearchResult


def search_audited(*, actor: Any, q: str | None, kind: str = "", filters: SearchFilters | None = None,
                   limit: int = 20, offset: int = 0) -> SearchResult:
    """Clean the query (Dutch DomainError when too short), search through the policy and audit the search."""
    query = selectors.clean_query(q)
    filters = filters or SearchFilters()
    result = selectors.search(user=actor, q=query, kind=kind, filters=filters, limit=limit, offset=offset)
    audit_list_read(actor=actor, action=AuditAction.SEARCH, object_type="search",
                    query={"q": query, "kind": kind, "offset": offset, "limit": limit, **filters.as_dict()},
                    count=result.count, family_ids=sorted({h.family_id for h in result.items if h.family_id}))
    return result
