"""Reads of the logbook. Every list starts from the policy (``visible_notes``, ``visible_incidents``, ...)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject

from spalk.access.policy import visible_notes
from spalk.families.models import Family, Person
from spalk.logbook.models import Attachment, CareMomentObservation, Note, NoteRevision
from spalk.methods.models import Method

PAGE_SIZE = 50


def note_list(*, notes: QuerySet[Note]) -> QuerySet[Note]:
    """Notes with what a list shows (author, unit, persons, methods, attachments): a fixed number of queries."""
    return (notes.select_related("author", "unit", "family")
            .prefetch_related("persons", Prefetch("methods", queryset=Method.objects.only("pk", "name", "code")),
                              "attachments")
            .defer("search_vector")
            .order_by("-moment", "-pk"))


def note_rows(*, notes: QuerySet[Note], limit: int) -> list[Note]:
    """The newest ``limit`` notes of ``notes`` (a policy queryset) with what a list shows, in a fixed number of
    queries.

    The policy's conditions make PostgreSQL estimate a handful of rows, so that joining author, unit and family
    in the same query becomes a nested loop over the whole users and units tables for every note (most of the
    query's time at scale 1). Choosing the notes in a subquery first gives the joins a known, small row count.
    """
    chosen = notes.order_by("-moment", "-pk").values("pk")[:limit]
    return list(_listed(Note.objects.filter(pk__in=chosen)))


def _listed(notes: QuerySet[Note]) -> QuerySet[Note]:
    """``note_list`` with the persons, methods and attachments a list shows, each as a JSON array computed in the
    notes' own query (``<relation>_rows``): three correlated subqueries instead of three prefetch queries, each
    with its own compile, round trip and model instances, and no related queryset built per note.
    ``Note.rows_of`` reads them (the ``note_item`` tag, the API schema) as light rows with the same attributes:
    persons ``pk`` and ``first_name`` (in Person's order), methods ``pk``, ``name`` and ``code`` (in Method's
    order), attachments ``pk``."""
    persons = Person.objects.filter(logbook_notes=OuterRef("pk")).order_by(*(Person._meta.ordering or ())).values(
        row=JSONObject(pk="pk", first_name="first_name"))
    methods = Method.objects.filter(notes=OuterRef("pk")).order_by(*(Method._meta.ordering or ())).values(
        row=JSONObject(pk="pk", name="name", code="code"))
    attachments = Attachment.objects.filter(note=OuterRef("pk")).order_by("pk").values(row=JSONObject(pk="pk"))
    return (notes.select_related("author", "unit", "family")
            .annotate(persons_json=ArraySubquery(persons), methods_json=ArraySubquery(methods),
                      attachments_json=ArraySubquery(attachments))
            .defer("search_vector").order_by("-moment", "-pk"))


@dataclass
class NotePage:
    notes: list[Note]
    before: str | None  # cursor for the next (older) page
    page_size: int


def _cursor(note: Note) -> str:
    return f"{note.moment.isoformat()}_{note.pk}"


def _parse_cursor(value: str | None) -> tuple[datetime.datetime, int] | None:
    if not value:
        return None
    try:
        moment, pk = value.rsplit("_", 1)
        return datetime.datetime.fromisoformat(moment.replace(" ", "+")), int(pk)
    except ValueError:
        return None


def family_note_page(*, user, family: Family, before: str | None = None, category: str = "",
                     person_id: int | None = None, page_size: int = PAGE_SIZE) -> NotePage:
    """The newest notes of a family (``family`` passed ``access_family``), paged by a keyset cursor so that
    an older page costs the same as the first one."""
    from django.db.models import Q

    qs = visible_notes(user=user, family=family)
    if category:
        qs = qs.filter(category=category)
    if person_id:
        qs = qs.filter(persons__pk=person_id)
    cursor = _parse_cursor(before)
    if cursor is not None:
        moment, pk = cursor
        qs = qs.filter(Q(moment__lt=moment) | Q(moment=moment, pk__lt=pk))
    rows = list(_listed(qs)[:page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    return NotePage(notes=rows, before=_cursor(rows[-1]) if more and rows else None, page_size=page_size)


def note_revisions(*, note: Note) -> list[NoteRevision]:
    return list(note.revisions.select_related("written_by", "corrected_by").order_by("-number"))


def care_moment_comparison(*, user, family: Family, child: Person, kind: str = "") -> list[CareMomentObservation]:
    """The care-moment observations of one child in time order, for a comparison over time."""
    notes = visible_notes(user=user, family=family)
    qs = (CareMomentObservation.objects.filter(note__in=notes, child=child)
          .select_related("note", "note__author", "parent").order_by("note__moment"))
    if kind:
        qs = qs.filter(moment_kind=kind)
    return list(qs)


def active_methods() -> list[Method]:
    return list(Method.objects.filter(is_active=True).select_related("area").order_by("area__order", "order", "name"))


def note_detail(*, note: Note) -> Note:
    """One note with its persons, methods, attachments and care-moment observation (if any)."""
    return (Note.objects.select_related("author", "unit", "family", "centre", "withheld_by")
            .prefetch_related("persons", "methods", "attachments")
            .select_related("care_moment", "care_moment__child", "care_moment__parent").get(pk=note.pk))


def house_notes(*, user, centre_id: int, limit: int = 30) -> list[Note]:
    """The newest notes about the house and its units (no family) of a centre."""
    return list(_listed(visible_notes(user=user).filter(centre_id=centre_id, family__isnull=True))[:limit])


def writable_residents(*, user, centre_id: int) -> list[Family]:
    """Families in residence in this centre in whose logbook the user may write, with their members, for the
    night shift's quick note. ``family.tile_members``: the parents and children the tile names (no network
    persons, no unborn children)."""
    from django.utils import timezone

    from spalk.access.policy import note_writable_families
    from spalk.families.models import FamilyMember, MemberRole
    from spalk.stays.selectors import in_residence_q

    members = (FamilyMember.objects.filter(role__in=[MemberRole.PARENT, MemberRole.CHILD]).select_related("person")
               .order_by("role", "person__birth_date", "pk"))
    return list(note_writable_families(user=user).filter(in_residence_q(today=timezone.localdate(),
                                                                        centre_ids=[centre_id]),
                                                         centre_id=centre_id)
                .prefetch_related(Prefetch("members", queryset=members, to_attr="tile_members")).order_by("name"))


def incident_list(*, incidents: QuerySet, open_only: bool = False, limit: int = 100) -> list:
    qs = incidents.select_related("family", "unit", "reported_by").prefetch_related("persons")
    if open_only:
        qs = qs.filter(closed_at__isnull=True)
    return list(qs.order_by("-occurred_at", "-pk")[:limit])


def incident_detail(*, incident):
    from spalk.logbook.models import Incident

    return (Incident.objects.select_related("family", "unit", "centre", "reported_by", "closed_by")
            .prefetch_related("persons").get(pk=incident.pk))
