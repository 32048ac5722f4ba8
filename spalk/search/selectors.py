"""The one search box: families, persons and logbook notes in one ranked list, through the access policy.

How a search runs (one query per source plus the page's details, whatever the number of matches):
1. every source (family, person, note) builds a queryset that starts from the policy's ``visible_*`` selector,
   so that the policy is part of the query itself; nothing is filtered after fetching;
2. one query per source reads its matches once and returns both their exact number (``count(*) OVER ()``)
   and its first ``offset + limit`` rows in the final order; the page is the merge of those rows (at most
   three short lists), so no source is scanned twice and no ``UNION ALL`` re-sorts every match;
3. titles and highlighted snippets (``ts_headline``) are computed only for the rows of the page.

Matching:
- names (families, persons): every word of the query must occur in the unaccented, lower-cased name, or be
  close to a word of it (trigram ``<%``, for a typo such as "Peters" for "Peeters"), or (families) be the
  dossier number; relevance is the trigram word similarity, computed for every match (a name matches few rows);
- notes: ``websearch_to_tsquery('spalk_dutch', q)`` against the stored ``search_vector`` (Dutch stemming,
  unaccented), read through the GIN index over (centre, search_vector); relevance is ``ts_rank_cd``
  normalised to 0–1, computed for the newest ``RANKED_NOTES`` matches only.
Relevance is rounded to one decimal (the band); within a band the newest comes first. Older note matches than
the ranked ones have no band (-1): they follow every ranked hit, newest first. Why: "koorts" matches ~18 % of
all notes (11 000 in one centre); ranking them all read every matching ``search_vector`` and cost 3-4x the
rest of the search (issue 11), while a counsellor looks for recent notes and pages past 200 hits by date anyway.
The count stays exact: it is what the caller may open.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, DateTimeField, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext as _

from spalk.access.policy import visible_families, visible_persons
from spalk.core.errors import DomainError

KINDS = ("family", "person", "note")
MIN_LENGTH = 2
MAX_LENGTH = 200
MAX_TERMS = 8
RANKED_NOTES = 200  # relevance is computed for the newest this many note matches; older ones follow by date
START, STOP = "\ue000", "\ue001"  # highlight markers: private-use characters, replaced after escaping

FAMILY_NAME = "spalk_unaccent(lower(families_family.name))"
PERSON_NAME = "spalk_unaccent(lower(families_person.first_name || ' ' || families_person.last_name))"


@dataclass(frozen=True)
class SearchFilters:
    """Optional filters. Period, category and author concern notes only: with one of them set, only notes match."""

    family_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None  # inclusive
    category: str = ""
    author_id: int | None = None

    @property
    def notes_only(self) -> bool:
        return bool(self.start or self.end or self.category or self.author_id)

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, datetime.date) else v)
                for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class Hit:
    kind: str
    id: int
    family_id: int | None
    title: str
    snippet: str  # HTML-escaped text with <mark> around the matched words
    at: datetime.datetime | None
    url: str = ""  # where the web page opens it (not part of the API)


@dataclass
class SearchResult:
    query: str
    count: int
    items: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def clean_query(q: str | None) -> str:
    """The query as searched: trimmed, spaces collapsed; a Dutch error when it is too short."""
    text = " ".join((q or "").replace("\x00", " ").split())[:MAX_LENGTH]
    if len(text) < MIN_LENGTH:
        raise DomainError(_("Type at least two characters to search."), field="q")
    return text


def _terms(query: str) -> list[str]:
    return [t for t in query.split() if t][:MAX_TERMS]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _name_match(expr: str, terms: list[str]) -> Q:
    q = Q()
    for term in terms:
        # expr is one of the constant column expressions above; the user's words are parameters. ``name %> word``
        # is ``word <% name`` written as the trigram index's own condition: PostgreSQL then does not test the
        # whole OR a second time as a filter (unaccenting every candidate name twice more)
        cond = RawSQL(f"({expr} LIKE spalk_unaccent(lower(%s)) OR {expr} %%> spalk_unaccent(lower(%s)))",  # noqa: S611
                      [_like(term), term], output_field=BooleanField())
        q &= Q(cond)
    return q


def _band(expr) -> Round:
    return Round(Cast(expr, FloatField()), 1)


def _family_source(*, user, query: str, filters: SearchFilters) -> QuerySet:
    qs = visible_families(user=user).filter(_name_match(FAMILY_NAME, _terms(query))
                                            | Q(reference__iexact=query))
    if filters.family_id:
        qs = qs.filter(pk=filters.family_id)
    rank = RawSQL(f"word_similarity(spalk_unaccent(lower(%s)), {FAMILY_NAME})", [query])  # noqa: S611
    return qs.annotate(search_kind=Value("family", output_field=CharField()), band=_band(rank),
                       sort_at=F("updated_at")).values("search_kind", "pk", "band", "sort_at")


def _person_source(*, user, query: str, filters: SearchFilters) -> QuerySet:
    qs = visible_persons(user=user).filter(_name_match(PERSON_NAME, _terms(query)))
    if filters.family_id:
        qs = qs.filter(memberships__family_id=filters.family_id)
    rank = RawSQL(f"word_similarity(spalk_unaccent(lower(%s)), {PERSON_NAME})", [query])  # noqa: S611
    return qs.annotate(search_kind=Value("person", output_field=CharField()), band=_band(rank),
                       sort_at=F("updated_at")).values("search_kind", "pk", "band", "sort_at")


def author_choices(*, centre_ids: list[int]) -> list:
    """Staff of these centres, for the "written by" filter (no dossier data). Empty while there are no notes."""
    if not notes_available() or not centre_ids:
        return []
    from spalk.accounts.models import User

    return list(User.objects.filter(memberships__centre_id__in=centre_ids, is_active=True).distinct()
                .order_by("first_name", "last_name", "pk"))


def notes_available() -> bool:
    return apps.is_installed("spalk.logbook")


def _note_source(*, user, query: str, filters: SearchFilters) -> QuerySet | None:
    if not notes_available():
        return None
    from spalk.access.policy import visible_notes

    tsquery = _tsquery(query)
    qs = visible_notes(user=user).filter(search_vector=tsquery)
    if filters.family_id:
        qs = qs.filter(family_id=filters.family_id)
    if filters.start:
        qs = qs.filter(moment__date__gte=filters.start)
    if filters.end:
        qs = qs.filter(moment__date__lte=filters.end)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.author_id:
        qs = qs.filter(author_id=filters.author_id)
    # no relevance here: it is computed for the newest RANKED_NOTES matches only (``_note_rows``)
    return qs.annotate(sort_at=Cast(F("moment"), DateTimeField())).values_list("pk", "sort_at")


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config="spalk_dutch")


def _sources(*, user, query: str, kind: str, filters: SearchFilters) -> dict[str, QuerySet]:
    build = {"family": _family_source, "person": _person_source, "note": _note_source}
    kinds = [kind] if kind else list(KINDS)
    if filters.notes_only:
        kinds = [k for k in kinds if k == "note"]
    out = {}
    for k in kinds:
        qs = build[k](user=user, query=query, filters=filters)
        if qs is not None:
            out[k] = qs
    return out


def search(*, user, q: str, kind: str = "", filters: SearchFilters | None = None, limit: int = 20,
           offset: int = 0) -> SearchResult:
    """Search what this user may open. ``q`` must already be cleaned (``clean_query``)."""
    filters = filters or SearchFilters()
    if kind and kind not in KINDS:
        raise DomainError(_("Choose family, person or note."), field="kind")
    sources = _sources(user=user, query=q, kind=kind, filters=filters)
    take = offset + limit  # each source's first rows in the final order: enough for this page after the merge
    rows: list[dict] = []
    counts: dict[str, int] = {}
    for k, qs in sources.items():
        total, top = _note_rows(qs, query=q, take=take) if k == "note" else _ranked_rows(qs, take=take)
        counts[k] = total
        rows.extend(top)
    result = SearchResult(query=q, count=sum(counts.values()), counts=counts)
    if not rows or offset >= result.count:
        return result
    rows.sort(key=_order)
    result.items = _hydrate(user=user, query=q, rows=rows[offset:offset + limit])
    return result


def _order(row: dict) -> tuple:
    """The order of the list: band (highest first), newest first (no date last), then kind and id for a stable
    order between pages. The same as ``ORDER BY band DESC, sort_at DESC NULLS LAST, search_kind, pk DESC``."""
    at = row["sort_at"]
    return (-float(row["band"]), at is None, -at.timestamp() if at is not None else 0.0, row["search_kind"],
            -row["pk"])


def _sql(qs: QuerySet) -> tuple[str, tuple] | None:
    """The source's SQL with its parameters; None when the policy leaves nothing to match (``none()``, an empty
    list of ids), which Django does not compile."""
    try:
        sql, params = qs.order_by().query.sql_with_params()  # the model's ordering would sort every match
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def _ranked_rows(qs: QuerySet, *, take: int) -> tuple[int, list[dict]]:
    """Families or persons: the number of matches and the first ``take`` in the final order, in one scan (the
    matches of a name are few and their relevance is cheap, so every match is ranked)."""
    compiled = _sql(qs.values_list("search_kind", "pk", "band", "sort_at"))
    if compiled is None:
        return 0, []
    sql, params = compiled
    with connection.cursor() as cursor:
        # sql is the policy queryset compiled by Django: the user's words are in params, never in the text
        cursor.execute(
            "SELECT s.search_kind, s.pk, s.band, s.sort_at, count(*) OVER () "  # noqa: S608
            f"FROM ({sql}) AS s (search_kind, pk, band, sort_at) "
            "ORDER BY s.band DESC, s.sort_at DESC NULLS LAST, s.pk DESC LIMIT %s",
            (*params, take))
        fetched = cursor.fetchall()
    return _rows(fetched)


def _note_rows(qs: QuerySet, *, query: str, take: int) -> tuple[int, list[dict]]:
    """Notes: the number of matches and the first ``take`` in the final order, in one scan of the matches.

    A common word matches thousands of notes; ranking them all (``ts_rank_cd`` reads every ``search_vector``)
    cost more than the rest of the search together. So relevance is computed for the newest ``RANKED_NOTES``
    matches only (a subquery by primary key for those rows only); older matches keep band -1 and follow every
    ranked hit, newest first. A page that lies inside the ranked matches (``take <= RANKED_NOTES``, every
    page of the web list up to the tenth) needs only the newest RANKED_NOTES (a top-N sort) and the count;
    a later page numbers every match by date. The matches themselves (``qs``) are only ids and moments: the
    GIN index answers the match, the count is exact, and no other ``search_vector`` is read.

    The matches are read through ``search_note_centre_vector`` (GIN over centre and ``search_vector``, built
    for this): a bitmap scan finds "koorts" inside the viewer's centres in the index and visits only those
    notes. With plain index scans allowed, PostgreSQL prefers walking every note of the viewer's centres
    through the centre index and testing each ``search_vector`` whenever the notes of a centre lie together on
    disk (they do after a bulk load: correlation 1), because it costs that test at almost nothing; measured at
    scale 1 that walk is 3-4x slower (120 000 notes tested for 10 000 matches). So plain index scans are
    switched off for this one statement (``SET LOCAL``, reset right after); bitmap scans of every index,
    the primary key included, stay available. JIT is switched off with it: the statement's estimated cost
    (the CASE subquery is costed as if it ran for every match) passes ``jit_above_cost``, and compiling it took
    ~100 ms, more than running it (30-60 ms).
    """
    compiled = _sql(qs)
    if compiled is None:
        return 0, []
    sql, params = compiled
    with transaction.atomic(), connection.cursor() as cursor:
        # see the docstring: the GIN bitmap, not a walk through the centre; no JIT for a query of milliseconds
        cursor.execute("SELECT set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true)")
        # sql is the policy queryset compiled by Django: the user's words are in params, never in the text
        if take <= RANKED_NOTES:
            # the page lies inside the ranked matches (every one of them has a band >= 0, the rest -1): rank the
            # newest RANKED_NOTES (a top-N sort, not a sort of every match) and count the matches beside them;
            # sql is the policy queryset compiled by Django, the user's words are in params (S608)
            cursor.execute(
                "WITH m AS MATERIALIZED (SELECT s.pk, s.sort_at"  # noqa: S608
                f" FROM ({sql}) AS s (pk, sort_at)), "
                "t AS (SELECT pk, sort_at FROM m ORDER BY sort_at DESC, pk DESC LIMIT %s) "
                f"SELECT 'note', t.pk, ({NOTE_BAND % 't.pk'}) AS band, t.sort_at, (SELECT count(*) FROM m) "
                "FROM t ORDER BY band DESC, t.sort_at DESC, t.pk DESC LIMIT %s",
                (*params, RANKED_NOTES, query, take))
        else:
            # a page past the ranked matches: number every match by date, rank the newest, -1 for the rest;
            # sql is the policy queryset compiled by Django, the user's words are in params (S608)
            cursor.execute(
                "WITH m AS MATERIALIZED ("  # noqa: S608
                " SELECT s.pk, s.sort_at, count(*) OVER () AS total,"
                " row_number() OVER (ORDER BY s.sort_at DESC, s.pk DESC) AS rn"
                f" FROM ({sql}) AS s (pk, sort_at)) "
                f"SELECT 'note', m.pk, CASE WHEN m.rn <= %s THEN ({NOTE_BAND % 'm.pk'}) ELSE -1 END AS band,"
                " m.sort_at, m.total FROM m ORDER BY band DESC, m.sort_at DESC, m.pk DESC LIMIT %s",
                (*params, RANKED_NOTES, query, take))
        fetched = cursor.fetchall()
        # back to the session's values: an enclosing transaction (a test, a request) goes on with them
        cursor.execute("SELECT set_config(name, reset_val, true) FROM pg_settings"
                       " WHERE name IN ('enable_indexscan', 'jit')")
    return _rows(fetched)


# the relevance band of one note (its id: the %s placeholder filled in above; the query: a parameter)
NOTE_BAND = ("SELECT round(ts_rank_cd(n.search_vector, websearch_to_tsquery('spalk_dutch'::regconfig, %%s), 32)"
             "::numeric, 1) FROM logbook_note n WHERE n.id = %s")


def _rows(fetched: list[tuple]) -> tuple[int, list[dict]]:
    total = fetched[0][4] if fetched else 0
    return total, [{"search_kind": k, "pk": pk, "band": band, "sort_at": at} for k, pk, band, at, _t in fetched]


def _mark(text: str) -> str:
    """Escape for HTML, then turn the highlight markers into <mark> elements."""
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


def _highlight_name(name: str, query: str) -> str:
    """<mark> around the words of ``name`` that contain a query term (accents and case ignored)."""
    import unicodedata

    def fold(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))

    terms = [fold(t) for t in _terms(query)]
    words = []
    for word in name.split(" "):
        hit = any(t and t in fold(word) for t in terms)
        words.append(f"{START}{word}{STOP}" if hit else word)
    return _mark(" ".join(words))


def _url(kind: str, pk: int, family_id: int | None) -> str:
    from django.urls import reverse

    if kind == "note":
        return reverse("logbook:note_detail", args=[pk])
    return reverse("families:detail", args=[family_id]) if family_id else ""


def _hydrate(*, user, query: str, rows: list[dict]) -> list[Hit]:
    """Titles, family ids and snippets for the rows of one page only (one query per kind on the page)."""
    from spalk.families.models import Family, FamilyMember, Person

    ids: dict[str, list[int]] = {k: [r["pk"] for r in rows if r["search_kind"] == k] for k in KINDS}
    hits: dict[tuple[str, int], Hit] = {}
    if ids["family"]:
        for f in Family.objects.filter(pk__in=ids["family"]).select_related("centre"):
            hits["family", f.pk] = Hit(kind="family", id=f.pk, family_id=f.pk, title=f.name,
                                       snippet=_highlight_name(f.name, query) + html.escape(
                                           f" · {f.reference} · {f.centre.short_name}"), at=None)
    if ids["person"]:
        # the family shown with a person is one the user can see (a person may belong to several)
        families = visible_families(user=user)
        first_family: dict[int, tuple[int, str]] = {}
        for m in FamilyMember.objects.filter(person_id__in=ids["person"], family__in=families).select_related(
                "family").order_by("person_id", "-family__updated_at", "pk"):
            first_family.setdefault(m.person_id, (m.family_id, m.family.name))
        for p in Person.objects.filter(pk__in=ids["person"]):
            family_id, family_name = first_family.get(p.pk, (None, ""))
            birth = f" · {p.birth_date:%d/%m/%Y}" if p.birth_date else ""
            hits["person", p.pk] = Hit(kind="person", id=p.pk, family_id=family_id, title=p.full_name,
                                       snippet=_highlight_name(p.full_name, query) + html.escape(
                                           (f" · {family_name}" if family_name else "") + birth), at=None)
    if ids["note"]:
        from spalk.logbook.models import Note

        headline = SearchHeadline("text", _tsquery(query), config="spalk_dutch", start_sel=START, stop_sel=STOP,
                                  max_words=30, min_words=12, max_fragments=2, fragment_delimiter=" … ")
        for n in Note.objects.filter(pk__in=ids["note"]).select_related("family").annotate(headline=headline):
            where = n.family.name if n.family is not None else _("the house")
            hits["note", n.pk] = Hit(kind="note", id=n.pk, family_id=n.family_id,
                                     title=f"{n.get_category_display()} · {where}", snippet=_mark(n.headline),
                                     at=n.moment)
    out = [hits[r["search_kind"], r["pk"]] for r in rows if (r["search_kind"], r["pk"]) in hits]
    for hit in out:
        hit.url = _url(hit.kind, hit.id, hit.family_id)
    return out
