"""Policy: daily life (issue 11): presence, agenda, logbook notes, attachments, handovers, shift tasks,
incidents."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import (
    DOSSIER_ROLES,
    Action,
    Principal,
    _cached,
    _family_bound,
    _family_q,
    _in_centres,
    _permission_denied,
    in_residence_q,
    principal_for,
    visible_families,
)
from spalk.accounts.models import Membership, Role
from spalk.families.models import Family

__all__ = [
    "HEALTH_ONLY_READERS",
    "INCIDENT_NOTIFY_FROM",
    "LIVING_GROUP_ROLES",
    "NOTE_SUPERVISORS",
    "PRESENCE_ROLES",
    "access_appointment",
    "access_attachment",
    "access_handover",
    "access_incident",
    "access_living_group_centre",
    "access_note",
    "access_presence_centre",
    "access_presence_stay",
    "access_shift_task",
    "can_edit_methods",
    "can_record_presence",
    "can_write_notes",
    "incident_notification_recipients",
    "living_group_centres",
    "note_writable_families",
    "presence_centres",
    "visible_appointments",
    "visible_handovers",
    "visible_incidents",
    "visible_notes",
    "visible_presence_nights",
    "visible_presence_stays",
    "visible_shift_tasks",
]

# --- Presence, agenda and search (issue 11) --------------------------------------------------------------
# Presence: the nightly check is done by the people in the house (counsellors, night staff, child workers,
# team leads, directors) for the units of their centre; it shows only families they can see (all of them in
# residence for these roles). Night staff cannot edit dossiers but do record presence: a separate right.
# Presence nights are dossier data reached through the family that owns them.
PRESENCE_ROLES: frozenset[str] = frozenset({Role.COUNSELLOR, Role.NIGHT_STAFF, Role.CHILD_WORKER,
                                            Role.TEAM_LEAD, Role.DIRECTOR})


def presence_centres(*, user) -> list[int]:
    """Centres whose nightly presence check this user may do."""
    return principal_for(user).centres_with(PRESENCE_ROLES)


def access_presence_centre(*, user, centre_id: int | str | None = None):
    """A centre whose presence check the user may do (the first one when no id is given), else Http404."""
    from spalk.centres.models import Centre

    centres = presence_centres(user=user)
    if centre_id is None or centre_id == "":
        if not centres:
            raise Http404
        pk = centres[0]
    else:
        try:
            pk = int(centre_id)
        except (TypeError, ValueError):
            raise Http404 from None
    if pk not in centres:
        raise Http404
    return Centre.objects.get(pk=pk)


def visible_presence_stays(*, user):
    """Booked members (stays.AllocationMember) whose presence this user may record."""
    from spalk.stays.models import AllocationMember

    return AllocationMember.objects.filter(allocation__unit__centre_id__in=presence_centres(user=user),
                                           allocation__family__in=visible_families(user=user))


def access_presence_stay(*, user, stay_id: int | str):
    try:
        pk = int(stay_id)
    except (TypeError, ValueError):
        raise Http404 from None
    stay = visible_presence_stays(user=user).select_related(
        "allocation__unit", "allocation__family", "member__person").filter(pk=pk).first()
    if stay is None:
        raise Http404
    return stay


def can_record_presence(*, user, family: Family) -> bool:
    """For a family already accessed: may this user record its presence (its centre's check)?"""
    return family.centre_id in presence_centres(user=user)


def visible_presence_nights(*, user):
    from spalk.presence.models import PresenceNight

    return PresenceNight.objects.filter(family__in=visible_families(user=user))


# Agenda (issue 11): appointments are dossier data reached through their family; writing needs Action.EDIT on
# it. A worker's calendar feed lists only appointments they take part in and still may see.
def visible_appointments(*, user, action: Action = Action.VIEW, centre_id: int | None = None):
    """``centre_id``: only appointments of that centre's families (their visibility read once per request)."""
    from spalk.agenda.models import Appointment

    return Appointment.objects.filter(family__in=visible_families(user=user, action=action, centre_id=centre_id))


def access_appointment(*, user, appointment_id: int | str, action: Action = Action.VIEW):
    from spalk.agenda.models import Appointment

    return _family_bound(Appointment.objects.all(), user=user, pk_value=appointment_id, action=action)


# --- end of the presence, agenda and search section ---------------------------------------------------

# === Logbook, handovers, incidents and the withholding mark (issue 11) ================================
# This section is owned by the logbook capability; nothing above it changes for it.
#
# The withholding mark (spalk.access.withholding.WithholdingMark) is shared by every content record.
# - staff who may see a record see it whatever the mark; a family member (portal) never sees a marked record
#   of their own family: ``visible_content`` (querysets) and ``content_visible_to`` (one record) apply it.
# Notes (logbook.Note):
# - a note of a family follows the family's visibility (visible_families); a note without a family (about a
#   unit or the house) is seen by staff with a dossier role in its centre;
# - "health only": authors, and staff holding a HEALTH_ONLY_READERS role in the note's centre;
# - writing: whoever may edit the family, and night staff for families in residence (they keep the logbook
#   at night but may not change the dossier); house notes: LIVING_GROUP_ROLES of the centre;
# - correcting or (un)marking a note: its author, or a team lead or director of its centre.
# Handovers and shift tasks are living-group records: LIVING_GROUP_ROLES of the centre (they see every family
# in residence); their computed parts (notes, presence, incidents) go through the rules above per reader.
# Incidents: like notes (family-bound or house-bound); closing one: its reporter, team lead, director.

HEALTH_ONLY_READERS: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR})
LIVING_GROUP_ROLES: frozenset[str] = frozenset({Role.COUNSELLOR, Role.NIGHT_STAFF, Role.TEAM_LEAD, Role.DIRECTOR})
NOTE_SUPERVISORS: frozenset[str] = frozenset({Role.TEAM_LEAD, Role.DIRECTOR})
# who is notified of an incident, from which severity on (logbook.Severity: 1 low … 4 critical)
INCIDENT_NOTIFY_FROM: dict[str, int] = {Role.TEAM_LEAD: 2, Role.DIRECTOR: 3}


def living_group_centres(*, user) -> list[int]:
    """Centres whose living-group records (handovers, shift tasks, house notes) this user may read or write."""
    return principal_for(user).centres_with(LIVING_GROUP_ROLES)


def _note_rules_q(principal: Principal) -> Q:
    from spalk.logbook.models import Visibility

    health = principal.centres_with(HEALTH_ONLY_READERS)
    return Q(visibility=Visibility.TEAM) | Q(author_id=principal.user_id) | Q(centre_id__in=health)


def visible_notes(*, user, family: Family | None = None, centre_id: int | None = None) -> QuerySet:
    """Notes this user may read: the start of every logbook list, count and search.

    ``family``: a family the caller already obtained through ``access_family``; the list is then limited to it
    without repeating the family's visibility subquery. ``centre_id``: only the notes of that centre (a page
    about one centre, such as the handover), with the families' visibility read once per request.
    """
    from spalk.logbook.models import Note

    principal = principal_for(user)
    if principal.user_id is None:
        return Note.objects.none()
    if family is not None:
        qs = Note.objects.filter(family=family)
    elif centre_id is not None:
        qs = _of_centre(Note, user=user, principal=principal, centre_id=centre_id)
    else:
        house = principal.centres_with(DOSSIER_ROLES)
        centres = _note_centres(principal)
        qs = Note.objects.filter(Q(family__in=_visible_families_in(user=user, centres=centres))
                                 | Q(family__isnull=True, centre_id__in=house))
        if centres is not None:
            # implied by the rules above (a note's centre is its family's centre), said outright so that
            # PostgreSQL reads the notes of these centres through an index instead of scanning every centre's
            qs = qs.filter(centre_id__in=centres)
    return visible_content(qs.filter(_note_rules_q(principal)), user=user)


def _of_centre(model, *, user, principal: Principal, centre_id: int) -> QuerySet:
    """Records of ``model`` (notes, incidents: a centre, and a family of that centre or none) of one centre: of
    a family of it this user sees, or about its house for its dossier roles. The same rows as the full rule
    narrowed to ``centre_id``, since a record's centre is its family's centre (the services refuse others)."""
    house = [centre_id] if centre_id in principal.centres_with(DOSSIER_ROLES) else []
    return model.objects.filter(centre_id=centre_id).filter(
        Q(family__in=visible_families(user=user, centre_id=centre_id)) | Q(family__isnull=True, centre_id__in=house))


def _visible_families_in(*, user, centres: list[int] | None) -> QuerySet[Family]:
    """``visible_families`` narrowed to the families owned by ``centres`` (``_note_centres``): implied by the
    family rules (a staff member sees families of their own centres and families shared with them, whose owners
    ``_note_centres`` lists), said outright so that the subquery reads these centres' families through the centre
    index instead of testing every family of every centre (a hashed scan of all 20 000 at scale 1, per query)."""
    families = visible_families(user=user)
    return families if centres is None else families.filter(centre_id__in=centres)


def _note_centres(principal: Principal) -> list[int] | None:
    """The centres whose notes this principal could read: its own, and the owners of families shared with them.
    None for a portal principal (its family may be in any centre; the family rule narrows it enough)."""
    if principal.portal_person_id or principal.user_id is None:
        return None
    from spalk.access.models import FamilyShare, in_force_q

    own = principal.centre_ids

    def compute() -> list[int]:
        owners = FamilyShare.objects.filter(in_force_q(today=timezone.localdate()), centre_id__in=own).values_list(
            "family__centre_id", flat=True)
        return sorted(set(own) | set(owners)) if own else []

    return _cached(("note_centres", principal.user_id), compute)


def note_writable_families(*, user) -> QuerySet[Family]:
    """Families in whose logbook this user may write: editors of the family, night staff for residents."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    today = timezone.localdate()
    q = _family_q(principal, Action.EDIT, today)
    night = principal.centres_with(frozenset({Role.NIGHT_STAFF}))
    if night:
        q |= _in_centres(night, today) & in_residence_q(today, centre_ids=night)
    return Family.objects.filter(q)


def can_write_notes(*, user, family: Family | None, centre_id: int | None = None) -> bool:
    """May this user add a note (or an incident) to ``family``, or to the house of ``centre_id``?"""
    if family is None:
        return centre_id in living_group_centres(user=user)
    return _cached(("can", user.pk, family.pk, "write_notes"),
                   lambda: note_writable_families(user=user).filter(pk=family.pk).exists())


def _may_supervise(principal: Principal, *, centre_id: int, author_id: int | None) -> bool:
    return author_id == principal.user_id or centre_id in principal.centres_with(NOTE_SUPERVISORS)


def access_note(*, user, note_id: int | str, action: Action = Action.VIEW):
    """A note, or Http404 (missing, not visible, health-only, withheld from this family member);
    PermissionDenied for Action.EDIT (correct, mark) when the user is neither its author nor a supervisor."""
    try:
        pk = int(note_id)
    except (TypeError, ValueError):
        raise Http404 from None
    note = visible_notes(user=user).select_related("family", "centre", "unit", "author").filter(pk=pk).first()
    if note is None:
        raise Http404
    if action is not Action.VIEW:
        principal = principal_for(user)
        if not _may_supervise(principal, centre_id=note.centre_id, author_id=note.author_id):
            raise _permission_denied()
        if note.family is not None and not can_write_notes(user=user, family=note.family):
            raise _permission_denied()
    return note


def access_attachment(*, user, attachment_id: int | str):
    """An attachment of a note this user may read, or Http404."""
    from spalk.logbook.models import Attachment

    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = Attachment.objects.filter(note__in=visible_notes(user=user)).select_related(
        "note", "note__family").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def visible_handovers(*, user):
    from spalk.logbook.models import Handover

    return Handover.objects.filter(centre_id__in=living_group_centres(user=user))


def access_handover(*, user, handover_id: int | str):
    try:
        pk = int(handover_id)
    except (TypeError, ValueError):
        raise Http404 from None
    handover = visible_handovers(user=user).select_related("centre", "unit", "written_by", "updated_by").filter(
        pk=pk).first()
    if handover is None:
        raise Http404
    return handover


def access_living_group_centre(*, user, centre_id: int | str | None = None):
    """A centre whose living group (handovers, tasks) this user works in; the first one when no id is given."""
    from spalk.centres.models import Centre

    centres = living_group_centres(user=user)
    if centre_id in (None, ""):
        pk = centres[0] if centres else None
    else:
        try:
            pk = int(centre_id)
        except (TypeError, ValueError):
            raise Http404 from None
    if pk is None or pk not in centres:
        raise Http404
    return Centre.objects.get(pk=pk)


def visible_shift_tasks(*, user, centre_id: int | None = None):
    """``centre_id``: only the tasks of that centre (a task's family is of the task's centre)."""
    from spalk.logbook.models import ShiftTask

    centres = living_group_centres(user=user)
    if centre_id is not None:
        centres = [centre_id] if centre_id in centres else []
    return ShiftTask.objects.filter(centre_id__in=centres).filter(
        Q(family__isnull=True) | Q(family__in=visible_families(user=user, centre_id=centre_id)))


def access_shift_task(*, user, task_id: int | str):
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise Http404 from None
    task = visible_shift_tasks(user=user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def visible_incidents(*, user, centre_id: int | None = None) -> QuerySet:
    """``centre_id``: only the incidents of that centre, as ``visible_notes``."""
    from spalk.logbook.models import Incident

    principal = principal_for(user)
    if principal.user_id is None:
        return Incident.objects.none()
    if centre_id is not None:
        return visible_content(_of_centre(Incident, user=user, principal=principal, centre_id=centre_id), user=user)
    house = principal.centres_with(DOSSIER_ROLES)
    qs = Incident.objects.filter(Q(family__in=_visible_families_in(user=user, centres=_note_centres(principal)))
                                 | Q(family__isnull=True, centre_id__in=house))
    return visible_content(qs, user=user)


def access_incident(*, user, incident_id: int | str, action: Action = Action.VIEW):
    """An incident, or Http404; PermissionDenied for Action.EDIT unless reporter, team lead or director."""
    try:
        pk = int(incident_id)
    except (TypeError, ValueError):
        raise Http404 from None
    incident = visible_incidents(user=user).select_related("family", "centre", "unit").filter(pk=pk).first()
    if incident is None:
        raise Http404
    if action is not Action.VIEW:
        principal = principal_for(user)
        if not _may_supervise(principal, centre_id=incident.centre_id, author_id=incident.reported_by_id):
            raise _permission_denied()
    return incident


def incident_notification_recipients(*, centre_id: int, severity: int) -> list[int]:
    """User ids to notify of an incident of this severity in this centre (team lead from medium, director from
    high; INCIDENT_NOTIFY_FROM)."""
    today = timezone.localdate()
    roles = [role for role, threshold in INCIDENT_NOTIFY_FROM.items() if severity >= threshold]
    if not roles:
        return []
    return sorted(set(Membership.objects.filter(centre_id=centre_id, role__in=roles, start_date__lte=today,
                                                user__is_active=True)
                      .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                      .values_list("user_id", flat=True)))


def can_edit_methods(*, user) -> bool:
    """The methods catalogue is sector data: team leads, directors and installation administrators keep it."""
    principal = principal_for(user)
    return principal.is_installation_admin or bool(principal.centres_with(NOTE_SUPERVISORS))
# === end of the logbook section ======================================================================
