"""Shift handovers: writing one, "gelezen door" receipts, and what a handover shows when it is read.

A handover is written by the leaving shift for the coming one, for the whole living group of a centre or for
one unit. What it shows besides the written summary is computed for the reader through the policy: the notes
since the previous handover of the same scope, who is present (stays, with the night's presence check when
recorded), the tasks and the agenda appointments of the coming shift and the open incidents.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import (
    living_group_centres,
    visible_appointments,
    visible_families,
    visible_incidents,
    visible_notes,
    visible_shift_tasks,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import MemberRole
from spalk.logbook.models import Handover, HandoverReceipt, Incident, IncidentKind, Note, Severity, Shift, ShiftTask
from spalk.logbook.selectors import note_rows
from spalk.logbook.shifts import coming_shift, shift_at, shift_window
from spalk.stays.models import AllocationMember, Unit

MAX_NOTES = 60  # the newest; the families' logbooks hold the rest
DEFAULT_LOOKBACK = datetime.timedelta(hours=12)


def _previous(*, centre: Centre, unit: Unit | None, before: datetime.datetime) -> Handover | None:
    return (Handover.objects.filter(centre=centre, unit=unit, written_at__lt=before)
            .order_by("-written_at").first())


def handover_write(*, actor: Any, centre: Centre, unit: Unit | None, summary: str,
                   shift_date: datetime.date | None = None, shift: str | None = None) -> Handover:
    """Write the handover for the coming shift (or the one named). One handover per scope and shift."""
    if centre.pk not in living_group_centres(user=actor):
        raise DomainError(_("Only staff of the living group write a handover."))
    if unit is not None and unit.centre_id != centre.pk:
        raise DomainError(_("Choose a unit of this centre."), field="unit")
    now = timezone.now()
    if shift_date is None or shift is None:
        shift_date, shift = coming_shift(now)
    if shift not in Shift.values:
        raise DomainError(_("Choose a shift."), field="shift")
    previous = _previous(centre=centre, unit=unit, before=now)
    covers_from = previous.written_at if previous else now - DEFAULT_LOOKBACK
    try:
        with transaction.atomic():
            handover = Handover.objects.create(centre=centre, unit=unit, shift_date=shift_date, shift=shift,
                                               summary=summary.strip(), covers_from=covers_from, written_by=actor,
                                               written_at=now)
            audit_record(actor=actor, action=AuditAction.CREATE, target=handover,
                         fields=["summary", "shift", "shift_date"])
    except IntegrityError:
        raise DomainError(_("The handover for this shift has already been written. Open it to add to it."),
                          field="shift") from None
    return handover


def handover_update(*, actor: Any, handover: Handover, version: int, summary: str) -> Handover:
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        locked.summary = summary.strip()
        locked.version += 1
        # who read it before this addition read an earlier version: they are asked to read it again
        locked.updated_at, locked.updated_by = timezone.now(), actor
        locked.save(update_fields=["summary", "version", "updated_at", "updated_by"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["summary"])
    return locked


def handover_mark_read(*, actor: Any, handover: Handover) -> HandoverReceipt:
    """"Gelezen door": once per person; reading again keeps the first moment, unless the handover was added to
    after it (then the receipt moves to now: read in its current version)."""
    with transaction.atomic():
        current = Handover.objects.get(pk=handover.pk)
        receipt, created = HandoverReceipt.objects.select_for_update().get_or_create(handover=current, user=actor)
        if created:
            audit_record(actor=actor, action=AuditAction.CREATE, target=receipt, fields=["read_at"],
                         extra={"handover_id": handover.pk, "centre_id": handover.centre_id})
        elif receipt.read_at < current.current_since:
            receipt.read_at = timezone.now()
            receipt.save(update_fields=["read_at"])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=receipt, fields=["read_at"],
                         extra={"handover_id": handover.pk, "centre_id": handover.centre_id})
    return receipt


def shift_task_create(*, actor: Any, centre: Centre, title: str, due_at: datetime.datetime, family=None,
                      unit: Unit | None = None) -> ShiftTask:
    if centre.pk not in living_group_centres(user=actor):
        raise DomainError(_("Only staff of the living group plan shift tasks."))
    if not title.strip():
        raise DomainError(_("Say what has to be done."), field="title")
    if family is not None and family.centre_id != centre.pk:
        raise DomainError(_("Choose a family of this centre."), field="family")
    current_start, _end = shift_window(*shift_at(timezone.now()))
    if due_at < current_start:
        raise DomainError(_("Choose a moment in the current shift or a later one."), field="due_at")
    with transaction.atomic():
        task = ShiftTask.objects.create(centre=centre, family=family, unit=unit, title=title.strip()[:200],
                                        due_at=due_at, created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=task, family=family, fields=["title", "due_at"])
    return task


def shift_task_done(*, actor: Any, task: ShiftTask) -> ShiftTask:
    with transaction.atomic():
        locked = ShiftTask.objects.select_for_update().get(pk=task.pk)
        if locked.done_at is None:
            locked.done_at, locked.done_by = timezone.now(), actor
            locked.save(update_fields=["done_at", "done_by"])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                         fields=["done_at"])
    return locked


@dataclass
class PresentFamily:
    family_id: int
    family_name: str
    unit_name: str
    persons: list[tuple[str, str]] = field(default_factory=list)  # (first name, presence status label or "")


@dataclass(frozen=True)
class HandoverSection:
    """A part of the handover that another capability computes for the reader (for example missed medication
    doses): a title and rows of (label, detail, url), through that capability's own policy."""

    key: str
    title: str
    rows: tuple[tuple[str, str, str], ...]
    family_ids: tuple[int, ...] = ()


SectionProvider = Callable[..., "HandoverSection | Sequence[HandoverSection] | None"]
_sections: dict[str, SectionProvider] = {}


def register_section(key: str) -> Callable[[SectionProvider], SectionProvider]:
    """Register a provider ``provider(*, user, handover) -> HandoverSection | None`` (from an app's ``ready()``);
    a provider whose sections share their queries returns them as a sequence (in the order shown)."""

    def decorator(provider: SectionProvider) -> SectionProvider:
        _sections[key] = provider
        return provider

    return decorator


@dataclass
class HandoverView:
    handover: Handover
    window: tuple[datetime.datetime, datetime.datetime]
    notes: list[Note]
    notes_more: bool
    present: list[PresentFamily]
    tasks: list[ShiftTask]
    appointments: list[Any]  # agenda.Appointment of the coming shift (hearing, K&G consultation, ...)
    incidents: list[Incident]
    receipts: list[HandoverReceipt]
    read_by_me: bool
    family_ids: list[int]
    sections: list[HandoverSection] = field(default_factory=list)


def _scope_families_q(unit: Unit | None, day: datetime.date, *, unit_field: str | None = "unit") -> Q:
    """Q on Note/Incident/ShiftTask/Appointment: the record concerns the handover's unit (or the family staying in
    it); ``unit_field`` None for records without a unit of their own (appointments)."""
    if unit is None:
        return Q()
    staying = AllocationMember.objects.filter(allocation__unit=unit, period__contains=day).values(
        "allocation__family_id")
    by_family = Q(family_id__in=staying)
    return by_family if unit_field is None else Q(**{unit_field: unit}) | by_family


def handover_view(*, user: Any, handover: Handover, incident_persons: bool = False) -> HandoverView:
    """Everything a handover shows for this reader, in a fixed number of queries; ``incident_persons``: with the
    persons each incident names (the API lists their ids; the page does not show them)."""
    window = shift_window(handover.shift_date, handover.shift)
    scope = _scope_families_q(handover.unit, handover.shift_date)
    centre_id = handover.centre_id  # every list is of this centre: the families' visibility is read once
    notes_qs = visible_notes(user=user, centre_id=centre_id).filter(moment__gte=handover.covers_from,
                                                                   moment__lte=handover.written_at).filter(scope)
    notes = note_rows(notes=notes_qs, limit=MAX_NOTES + 1)
    present = _present(user=user, handover=handover)
    tasks = list(visible_shift_tasks(user=user, centre_id=centre_id).filter(due_at__gte=window[0],
                                                                           due_at__lt=window[1]).filter(scope)
                 .select_related("family", "unit", "done_by"))
    appointments = list(visible_appointments(user=user, centre_id=centre_id).filter(
        cancelled_at__isnull=True, starts_at__lt=window[1],
        ends_at__gt=window[0]).filter(_scope_families_q(handover.unit, handover.shift_date, unit_field=None))
        .select_related("family").order_by("starts_at"))
    incidents = list(visible_incidents(user=user, centre_id=centre_id).filter(closed_at__isnull=True)
                     .filter(scope).select_related("family", "unit").order_by("-severity", "-occurred_at")
                     .prefetch_related(*(["persons"] if incident_persons else [])))
    # get_<field>_display() translates every label of the field for each row: translate them once
    kinds, severities = _labels(IncidentKind.choices), _labels(Severity.choices)
    for incident in incidents:
        incident.kind_label, incident.severity_label = kinds[incident.kind], severities[incident.severity]
    receipts = list(handover.receipts.select_related("user").order_by("read_at"))
    sections = _computed_sections(user=user, handover=handover)
    family_ids = sorted({n.family_id for n in notes if n.family_id} | {p.family_id for p in present}
                        | {i.family_id for i in incidents if i.family_id} | {a.family_id for a in appointments}
                        | {f for section in sections for f in section.family_ids})
    return HandoverView(handover=handover, window=window, notes=notes[:MAX_NOTES], notes_more=len(notes) > MAX_NOTES,
                        present=present, tasks=tasks, appointments=appointments, incidents=incidents,
                        receipts=receipts,
                        read_by_me=any(r.user_id == user.pk and r.read_at >= handover.current_since
                                       for r in receipts), family_ids=family_ids,
                        sections=sections)


def _computed_sections(*, user: Any, handover: Handover) -> list[HandoverSection]:
    sections: list[HandoverSection] = []
    for key in sorted(_sections):
        provided = _sections[key](user=user, handover=handover)
        if isinstance(provided, HandoverSection):
            sections.append(provided)
        elif provided:
            sections.extend(provided)
    return sections


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _present(*, user: Any, handover: Handover) -> list[PresentFamily]:
    """Who sleeps in the house during the shift: members booked in the centre's units on the shift's date,
    with the presence check of that night when it was done (leave and absences show). One query of plain
    values: the names and statuses the page shows, no model instances."""
    from spalk.presence.models import NightStatus, PresenceNight

    day = handover.shift_date
    tonight = PresenceNight.objects.filter(stay=OuterRef("pk"), night=day).order_by("pk").values("status")[:1]
    stays = (AllocationMember.objects.filter(allocation__unit__centre_id=handover.centre_id, period__contains=day,
                                             allocation__family__in=visible_families(
                                                 user=user, centre_id=handover.centre_id))
             .annotate(role_order=Case(When(member__role=MemberRole.PARENT, then=Value(0)),
                                        When(member__role=MemberRole.CHILD, then=Value(1)), default=Value(2),
                                        output_field=IntegerField()),
                       tonight=Subquery(tonight))
             .order_by("allocation__unit__name", "role_order", "member__person__birth_date"))
    if handover.unit_id:
        stays = stays.filter(allocation__unit_id=handover.unit_id)
    roles, statuses = _labels(MemberRole.choices), _labels(NightStatus.choices)
    families: dict[int, PresentFamily] = {}
    for family_id, family_name, unit_name, first_name, role, status in stays.values_list(
            "allocation__family_id", "allocation__family__name", "allocation__unit__name",
            "member__person__first_name", "member__role", "tonight"):
        row = families.setdefault(family_id, PresentFamily(family_id=family_id, family_name=family_name,
                                                           unit_name=unit_name))
        row.persons.append((str(first_name or roles.get(role, role)),
                            str(statuses.get(status, status)) if status else ""))
    return list(families.values())


def handover_to_read(*, user: Any, now: datetime.datetime | None = None) -> list[Handover]:
    """Handovers for the user's current or coming shift that the user has not confirmed reading yet."""
    now = now or timezone.now()
    centres = living_group_centres(user=user)
    if not centres:
        return []
    since = now - datetime.timedelta(hours=16)
    read = HandoverReceipt.objects.filter(handover=OuterRef("pk"), user=user,
                                          read_at__gte=Coalesce(OuterRef("updated_at"), OuterRef("written_at")))
    return list(Handover.objects.filter(centre_id__in=centres, written_at__gte=since).exclude(Exists(read))
                .select_related("centre", "unit").order_by("-written_at")[:5])
