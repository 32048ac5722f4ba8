"""The logbook of the living group: notes, care-moment observations, attachments, shift handovers and incidents.

A note belongs to a centre and, optionally, to a family and/or a unit (a note with neither is about the house);
it may name persons of the family. Its
visibility is "team" or "health only"; it carries the shared withholding mark (``WithholdingMark``). A note is
never erased: a correction stores the earlier state as a ``NoteRevision`` first.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdingMark
from spalk.methods.models import AreaCode


class Category(models.TextChoices):
    """The method areas of seed 000 (same codes as ``methods.AreaCode``) plus house rules and practical matters."""

    CHILD_WORK = AreaCode.CHILD_WORK.value, _("child work")
    PARENT_WORK = AreaCode.PARENT_WORK.value, _("parent work")
    FAMILY_NETWORK = AreaCode.FAMILY_NETWORK.value, _("family and network work")
    HEALTH = AreaCode.HEALTH.value, _("health coordination")
    TRAINING = AreaCode.TRAINING.value, _("training")
    COOPERATION = AreaCode.COOPERATION.value, _("cooperation")
    HOUSE_RULES = "house_rules", _("house rules")
    PRACTICAL = "practical", _("practical matters")


class Visibility(models.TextChoices):
    TEAM = "team", _("team")
    HEALTH = "health", _("health only")


class NoteKind(models.TextChoices):
    NOTE = "note", _("note")
    CARE_MOMENT = "care_moment", _("care-moment observation")


class Note(WithholdingMark):
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="notes")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="notes")
    unit = models.ForeignKey("stays.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="notes")
    persons = models.ManyToManyField("families.Person", blank=True, related_name="logbook_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moment = models.DateTimeField(_("moment"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.NOTE)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    text = models.TextField(_("text"))
    methods = models.ManyToManyField("methods.Method", blank=True, related_name="notes")
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.TEAM)
    corrections = models.PositiveIntegerField(default=0)  # number of NoteRevision rows
    version = models.PositiveIntegerField(default=1)
    # Dutch full-text vector of ``text``, kept by a database trigger (migration 0002) so that COPY loads and
    # every write path fill it; the one search queries it.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta(WithholdingMark.Meta):
        ordering = ["-moment", "-pk"]
        constraints = [*WithholdingMark.Meta.constraints]
        indexes = [
            models.Index(fields=["family", "-moment", "-id"], name="note_family_moment"),
            models.Index(fields=["centre", "-moment", "-id"], name="note_centre_moment"),
            models.Index(fields=["unit", "-moment"], name="note_unit_moment", condition=models.Q(unit__isnull=False)),
            GinIndex(fields=["search_vector"], name="note_search_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.moment:%Y-%m-%d %H:%M}"

    def rows_of(self, relation: str) -> list:
        """``persons``, ``methods`` or ``attachments`` of a listed note: the light rows that
        ``selectors._listed`` computed in the notes' query (``<relation>_json``), else the (prefetched) relation."""
        rows = getattr(self, f"{relation}_json", None)
        return list(getattr(self, relation).all()) if rows is None else [ListedRow(row) for row in rows]


class ListedRow:
    """One person, method or attachment of a listed note, from its JSON row: ``row.pk``, ``row.first_name``."""

    __slots__ = ("_values",)

    def __init__(self, values: dict):
        self._values = values

    def __getattr__(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


class NoteRevision(models.Model):
    """The state of a note before a correction. Rows are only added, never changed."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()  # 1 = the original text
    text = models.TextField()
    category = models.CharField(max_length=30, choices=Category.choices)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    withheld_from_family = models.BooleanField(default=False)
    withheld_reason = models.CharField(max_length=20, blank=True)
    method_names = models.JSONField(default=list, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason for the correction"), max_length=300)

    class Meta:
        ordering = ["note", "number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="note_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.note_id} #{self.number}"


class CareMomentKind(models.TextChoices):
    FEEDING = "feeding", _("feeding")
    BATHING = "bathing", _("bathing")
    BEDTIME = "bedtime", _("bedtime")
    CHANGING = "changing", _("changing")
    PLAY = "play", _("play")
    OTHER = "other", _("other care moment")


class Attunement(models.IntegerChoices):
    """How well the parent's response fitted the child's signals (the axis a comparison over time follows)."""

    NOT = 1, _("not attuned")
    PARTLY = 2, _("partly attuned")
    MOSTLY = 3, _("mostly attuned")
    WELL = 4, _("well attuned")


class CareMomentObservation(models.Model):
    """Structured observation of parent–child interaction during a care moment; the note holds the summary text."""

    note = models.OneToOneField(Note, on_delete=models.PROTECT, primary_key=True, related_name="care_moment")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="care_moments_as_child")
    parent = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="care_moments_as_parent")
    moment_kind = models.CharField(_("care moment"), max_length=20, choices=CareMomentKind.choices)
    parent_action = models.TextField(_("what the parent did"))
    child_signals = models.TextField(_("the child's signals"))
    parent_response = models.TextField(_("how the parent responded to the signals"))
    practised = models.TextField(_("what was practised"), blank=True)
    attunement = models.PositiveSmallIntegerField(_("attunement"), choices=Attunement.choices)

    class Meta:
        indexes = [models.Index(fields=["child", "moment_kind"])]

    def __str__(self) -> str:
        return f"{self.get_moment_kind_display()} ({self.child_id})"


def attachment_storage():
    """The named storage ``attachments`` (settings.STORAGES): local disk under var/ or an S3-compatible store."""
    return storages["attachments"]


def attachment_path(instance: Attachment, filename: str) -> str:
    # never the uploaded name: a random name under the centre, the original name stays in the database
    import secrets

    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(instance.content_type, "")
    return f"logbook/{instance.note.centre_id}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)  # from the content, never from the browser
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Shift(models.TextChoices):
    MORNING = "morning", _("morning shift")
    LATE = "late", _("late shift")
    NIGHT = "night", _("night shift")


class Handover(models.Model):
    """A shift handover for a centre's living group (``unit`` empty) or for one unit.

    ``shift``/``shift_date`` name the shift that receives the handover. The notes, presence, tasks and open
    incidents it shows are computed from the records when it is read; ``covers_from`` (the previous handover
    of the same scope) and ``written_at`` bound the notes "since the last handover".
    """

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="handovers")
    unit = models.ForeignKey("stays.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="handovers")
    shift_date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    summary = models.TextField(_("handover"), blank=True)
    covers_from = models.DateTimeField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    # the last addition or correction after it was written: a receipt from before it is of an earlier version
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-shift_date", "-written_at"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "unit", "shift_date", "shift"], nulls_distinct=False,
                                    name="handover_one_per_shift"),
        ]
        indexes = [models.Index(fields=["centre", "-written_at"], name="handover_centre_written")]

    def __str__(self) -> str:
        return f"{self.shift_date} {self.shift}"

    @property
    def current_since(self) -> datetime.datetime:
        """The moment of the version to read: written, or last added to."""
        return self.updated_at or self.written_at


class HandoverReceipt(models.Model):
    """"Gelezen door": a staff member confirmed reading the handover."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["read_at"]
        constraints = [models.UniqueConstraint(fields=["handover", "user"], name="handover_receipt_once")]

    def __str__(self) -> str:
        return f"{self.handover_id}: {self.user_id}"


class ShiftTask(models.Model):
    """Something to do during a shift (a bottle at 3 a.m., a child to wake for school). Agenda appointments are
    a separate capability; the handover shows both."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="shift_tasks")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="shift_tasks")
    unit = models.ForeignKey("stays.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_at = models.DateTimeField(_("when"))
    title = models.CharField(_("task"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["centre", "due_at"], name="shift_task_centre_due")]

    def __str__(self) -> str:
        return self.title


class IncidentKind(models.TextChoices):
    AGGRESSION = "aggression", _("aggression")
    SELF_HARM = "self_harm", _("self-harm")
    MEDICAL = "medical", _("medical")
    ABSCONDING = "absconding", _("absconding")
    CHILD_SAFETY = "child_safety", _("child-safety signal")
    DAMAGE = "damage", _("damage")


class Severity(models.IntegerChoices):
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")
    CRITICAL = 4, _("critical")


class Incident(WithholdingMark):
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="incidents")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="incidents")
    unit = models.ForeignKey("stays.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    persons = models.ManyToManyField("families.Person", blank=True, related_name="incidents")
    others_involved = models.CharField(_("others involved"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    description = models.TextField(_("what happened"))
    actions_taken = models.TextField(_("actions taken"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up by"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    # the safety procedure (Kindreflex) that a child-safety signal opened, once that capability exists
    safety_procedure_ref = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        ordering = ["-occurred_at", "-pk"]
        constraints = [*WithholdingMark.Meta.constraints]
        indexes = [
            models.Index(fields=["centre", "-occurred_at"], name="incident_centre_occurred"),
            models.Index(fields=["centre"], name="incident_open", condition=models.Q(closed_at__isnull=True)),
            models.Index(fields=["family", "-occurred_at"], name="incident_family_occurred"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
