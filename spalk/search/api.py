"""GET /api/v1/search — the one search box as an API. The contract is public: keep it stable.

``{"count": int, "items": [{"kind", "id", "family_id", "title", "snippet", "at"}]}``; ``count`` and ``items``
hold only what the caller may open (``count`` is exact); a query shorter than two characters is a Dutch 422.
Order: relevance (rounded to 0.1), then newest first. Relevance of notes is computed for the newest 200 matching
notes; older matching notes follow all ranked items, newest first (``search.selectors.RANKED_NOTES``).
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from spalk.access.declare import dossier
from spalk.access.policy import access_family
from spalk.search.selectors import SearchFilters
from spalk.search.services import search_audited

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(description="At least two characters: words of a name, or words of a note (Dutch stemming).")
    kind: Literal["family", "person", "note"] | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)
    family_id: int | None = Field(None, description="Only this family: the family, its members and its notes.")
    start: datetime.date | None = Field(None, description="Notes from this day on (notes only).")
    end: datetime.date | None = Field(None, description="Notes up to and including this day (notes only).")
    category: str = Field("", max_length=30, description="Notes of this category (notes only).")
    author_id: int | None = Field(None, description="Notes by this staff member (notes only).")


class HitOut(Schema):
    kind: Literal["family", "person", "note"]
    id: int
    family_id: int | None
    title: str
    snippet: str = Field(description="HTML-escaped text; the matched words are wrapped in <mark>…</mark>.")
    at: datetime.datetime | None = Field(description="The moment of a note; null for families and persons.")


class SearchOut(Schema):
    count: int
    items: list[HitOut]


@router.get("", response=SearchOut, summary="Zoeken in gezinnen, personen en notities",
            description="Families, persons and notes the caller may open. `count` is the exact number of them. "
                        "Items come by relevance (rounded to 0.1), then newest first; relevance of notes is "
                        "computed for the newest 200 matching notes, older matching notes follow those, newest "
                        "first.")
@dossier
def search(request, params: Query[SearchParams]):
    if params.family_id is not None:
        access_family(user=request.auth, family_id=params.family_id)
    filters = SearchFilters(family_id=params.family_id, start=params.start, end=params.end,
                            category=params.category, author_id=params.author_id)
    result = search_audited(actor=request.auth, q=params.q, kind=params.kind or "", filters=filters,
                            limit=params.limit, offset=params.offset)
    return {"count": result.count, "items": result.items}
