"""Writes of the logbook: notes, corrections, the withholding mark, care-moment observations, attachments.

Callers pass objects that already went through the policy (``access_family``, ``access_note`` and
``can_write_notes``); the services check tenant invariants (persons of the family, units of the centre) and
write with their audit row in one transaction. Handovers and incidents have their own modules.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import can_write_notes
from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember, Person
from spalk.logbook.files import sniff_attachment
from spalk.logbook.models import (
    Attachment,
    CareMomentObservation,
    Category,
    Note,
    NoteKind,
    NoteRevision,
    Visibility,
)
from spalk.methods.models import Method
from spalk.stays.models import Unit

MAX_TEXT = 20_000


@dataclass
class NoteInput:
    category: str
    text: str
    visibility: str = Visibility.TEAM
    moment: datetime.datetime | None = None
    persons: list[Person] | None = None
    methods: list[Method] | None = None
    unit: Unit | None = None
    withheld: bool = False
    withheld_reason: str = ""


def _check_input(data: NoteInput, *, family: Family | None, centre: Centre) -> None:
    if not data.text.strip():
        raise DomainError(_("Write what happened: the note is empty."), field="text")
    if len(data.text) > MAX_TEXT:
        raise DomainError(_("This note is too long. Split it into several notes."), field="text")
    if data.category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if data.visibility not in Visibility.values:
        raise DomainError(_("Choose who may read this note."), field="visibility")
    if data.withheld and data.withheld_reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    if data.moment is not None and data.moment > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError(_("A note is about something that happened: the moment cannot be in the future."),
                          field="moment")
    if data.unit is not None and data.unit.centre_id != centre.pk:
        raise DomainError(_("Choose a unit of this centre."), field="unit")
    persons = data.persons or []
    if persons:
        if family is None:
            raise DomainError(_("A note about persons belongs to their family."), field="persons")
        member_ids = set(FamilyMember.objects.filter(family=family, person__in=persons)
                         .values_list("person_id", flat=True))
        if any(p.pk not in member_ids for p in persons):
            raise DomainError(_("Choose members of this family."), field="persons")
    if any(not m.is_active for m in data.methods or []):
        raise DomainError(_("This method is no longer in use; choose another one."), field="methods")


def note_create(*, actor: Any, centre: Centre, family: Family | None, data: NoteInput,
                kind: str = NoteKind.NOTE) -> Note:
    """Write a note in the family's logbook (or the house's when ``family`` is None)."""
    if family is not None and family.centre_id != centre.pk:
        raise DomainError(_("This note belongs to the family's own centre."), field="family")
    if not can_write_notes(user=actor, family=family, centre_id=centre.pk):
        raise PermissionDenied
    _check_input(data, family=family, centre=centre)
    now = timezone.now()
    with transaction.atomic():
        note = Note(centre=centre, family=family, unit=data.unit, author=actor, moment=data.moment or now,
                    kind=kind, category=data.category, text=data.text.strip(), visibility=data.visibility)
        withholding_apply(note, actor=actor, withheld=data.withheld, reason=data.withheld_reason, now=now)
        note.save()
        if data.persons:
            note.persons.set(data.persons)
        if data.methods:
            note.methods.set(data.methods)
        audit_record(actor=actor, action=AuditAction.CREATE, target=note, family=family,
                     fields=_input_fields(data))
    return note


def _input_fields(data: NoteInput) -> list[str]:
    fields = ["category", "text", "visibility", "moment"]
    if data.persons:
        fields.append("persons")
    if data.methods:
        fields.append("methods")
    if data.unit:
        fields.append("unit")
    if data.withheld:
        fields += ["withheld_from_family", "withheld_reason"]
    return fields


def _lock(note: Note, version: int) -> Note:
    locked = Note.objects.select_for_update(of=("self",)).select_related("family", "centre").get(pk=note.pk)
    if locked.version != version:
        raise ConcurrentEditError()
    return locked


def _snapshot(note: Note, *, actor: Any, reason: str, now: datetime.datetime) -> NoteRevision:
    """Keep the note's current state as a revision before it changes (a correction never erases)."""
    previous = note.revisions.order_by("-number").first()
    return NoteRevision.objects.create(
        note=note, number=note.corrections + 1, text=note.text, category=note.category,
        visibility=note.visibility, withheld_from_family=note.withheld_from_family,
        withheld_reason=note.withheld_reason, method_names=[m.name for m in note.methods.all()],
        written_by=previous.corrected_by if previous else note.author,
        written_at=previous.corrected_at if previous else note.created_at,
        corrected_by=actor, corrected_at=now, reason=reason)


def note_correct(*, actor: Any, note: Note, version: int, reason: str, text: str | None = None,
                 category: str | None = None, visibility: str | None = None,
                 methods: list[Method] | None = None) -> Note:
    """Correct a note: the earlier state is kept as a revision, shown as such in the note's history."""
    if not reason.strip():
        raise DomainError(_("Say why you correct this note."), field="reason")
    with transaction.atomic():
        locked = _lock(note, version)
        data = NoteInput(category=category or locked.category, text=text if text is not None else locked.text,
                         visibility=visibility or locked.visibility, methods=methods,
                         withheld=locked.withheld_from_family, withheld_reason=locked.withheld_reason)
        _check_input(data, family=locked.family, centre=locked.centre)
        changed = [f for f, new in (("text", data.text.strip()), ("category", data.category),
                                    ("visibility", data.visibility)) if getattr(locked, f) != new]
        old_methods = set(locked.methods.values_list("pk", flat=True))
        if methods is not None and {m.pk for m in methods} != old_methods:
            changed.append("methods")
        if not changed:
            raise DomainError(_("Nothing changed. Change the text, the category or who may read it."),
                              field="text")
        now = timezone.now()
        _snapshot(locked, actor=actor, reason=reason.strip()[:300], now=now)
        locked.text, locked.category, locked.visibility = data.text.strip(), data.category, data.visibility
        locked.corrections += 1
        locked.version += 1
        locked.save(update_fields=["text", "category", "visibility", "corrections", "version", "updated_at"])
        if methods is not None:
            locked.methods.set(methods)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=changed, reason=reason.strip()[:300])
    return locked


def note_mark_withheld(*, actor: Any, note: Note, version: int, withheld: bool, reason: str) -> Note:
    """Set or clear the "withheld from the family" mark; the earlier state is kept as a revision."""
    if withheld and reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    with transaction.atomic():
        locked = _lock(note, version)
        now = timezone.now()
        snapshot_reason = _("Withheld from the family") if withheld else _("No longer withheld from the family")
        if locked.withheld_from_family == withheld and locked.withheld_reason == (reason if withheld else ""):
            return locked
        _snapshot(locked, actor=actor, reason=str(snapshot_reason), now=now)
        changed = withholding_apply(locked, actor=actor, withheld=withheld, reason=reason, now=now)
        locked.corrections += 1
        locked.version += 1
        locked.save(update_fields=[*changed, "withheld_by", "withheld_at", "corrections", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


@dataclass
class CareMomentInput:
    child: Person
    moment_kind: str
    parent_action: str
    child_signals: str
    parent_response: str
    attunement: int
    practised: str = ""
    parent: Person | None = None


def care_moment_text(obs: CareMomentInput) -> str:
    """The note text of a care-moment observation: the structured parts in words, so search finds them."""
    from spalk.logbook.models import Attunement, CareMomentKind

    parts = [
        f"{CareMomentKind(obs.moment_kind).label} — {obs.child.first_name}".strip(),
        f"{_('What the parent did')}: {obs.parent_action.strip()}",
        f"{_('Signals of the child')}: {obs.child_signals.strip()}",
        f"{_('Response of the parent')}: {obs.parent_response.strip()}",
        f"{_('Attunement')}: {Attunement(obs.attunement).label}",
    ]
    if obs.practised.strip():
        parts.append(f"{_('Practised')}: {obs.practised.strip()}")
    return "\n".join(str(p) for p in parts)


def care_moment_record(*, actor: Any, family: Family, obs: CareMomentInput, methods: list[Method] | None = None,
                       moment: datetime.datetime | None = None, visibility: str = Visibility.TEAM) -> Note:
    """Record a structured observation of parent–child interaction as a note with its observation row."""
    from spalk.logbook.models import Attunement, CareMomentKind

    if obs.moment_kind not in CareMomentKind.values:
        raise DomainError(_("Choose the care moment."), field="moment_kind")
    if obs.attunement not in Attunement.values:
        raise DomainError(_("Choose how well the parent's response fitted the child's signals."),
                          field="attunement")
    for name in ("parent_action", "child_signals", "parent_response"):
        if not getattr(obs, name).strip():
            raise DomainError(_("Fill in what the parent did, the child's signals and how the parent responded."),
                              field=name)
    persons = [obs.child] + ([obs.parent] if obs.parent else [])
    data = NoteInput(category=Category.PARENT_WORK, text=care_moment_text(obs), visibility=visibility,
                     moment=moment, persons=persons, methods=methods)
    with transaction.atomic():
        note = note_create(actor=actor, centre=family.centre, family=family, data=data, kind=NoteKind.CARE_MOMENT)
        CareMomentObservation.objects.create(
            note=note, child=obs.child, parent=obs.parent, moment_kind=obs.moment_kind,
            parent_action=obs.parent_action.strip(), child_signals=obs.child_signals.strip(),
            parent_response=obs.parent_response.strip(), practised=obs.practised.strip(), attunement=obs.attunement)
    return note


def attachment_add(*, actor: Any, note: Note, upload) -> Attachment:
    """Store a file with a note. Type and size are checked on the content (JPEG, PNG or PDF only)."""
    if note.author_id != actor.pk and not can_write_notes(user=actor, family=note.family, centre_id=note.centre_id):
        raise PermissionDenied
    limit = settings.SPALK_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise DomainError(_("This file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
                          field="file")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise DomainError(_("This file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
                          field="file")
    content_type = sniff_attachment(content)
    if content_type is None:
        raise DomainError(_("Only a photo (JPEG or PNG) or a PDF can be added."), field="file")
    name = (getattr(upload, "name", "") or "bijlage").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        attachment = Attachment(note=note, original_name=name, content_type=content_type, size=len(content),
                                sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor)
        attachment.file.save("upload", ContentFile(content), save=False)
        try:
            attachment.save()
            audit_record(actor=actor, action=AuditAction.CREATE, target=attachment, family=note.family,
                         fields=["file"], extra={"note_id": note.pk, "content_type": content_type,
                                                 "size": len(content)})
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
