"""Writes of trajectories, module episodes and trajectory supporters.

Invariants (BRIEF.md §4, §7), enforced here with Dutch explanations where the database cannot:
- a stay episode always runs alongside contextbegeleiding in the same trajectory;
- a stay needing an indication starts only with a positive ITP indication (see ``indications``);
- a crisis stay warns before the centre's maximum length (``crisis_warnings``);
- switching from home support to residence and back is one action that keeps the trajectory whole;
- a closed trajectory is resumed, not duplicated, when the family returns within the centre's period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import Family, FamilyMember, MemberRole
from spalk.stays import services as stays_services
from spalk.stays.models import Allocation, Unit
from spalk.stays.services import _allocation_add, _allocation_end_on  # private: stays are booked through here
from spalk.trajectories import indications
from spalk.trajectories.models import (
    AccessRoute,
    CentreTrajectorySettings,
    Destination,
    ModuleEpisode,
    Phase,
    Trajectory,
    TrajectoryClosure,
    TrajectoryPhase,
)
from spalk.trajectories.modules import ModuleCode, is_residential

fmt = stays_services.fmt


@dataclass
class Outcome:
    """What a service did, with warnings the person should see (for example a crisis stay nearing its end)."""

    trajectory: Trajectory
    episodes: list[ModuleEpisode] = field(default_factory=list)
    allocation: Allocation | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class StayChange:
    """A changed departure date: the allocation (None when cancelled), the stay modules moved along, warnings."""

    allocation: Allocation | None
    trajectory: Trajectory | None = None
    episodes: list[ModuleEpisode] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def settings_for(centre_id: int) -> CentreTrajectorySettings:
    found = CentreTrajectorySettings.objects.filter(centre_id=centre_id).first()
    return found or CentreTrajectorySettings(centre_id=centre_id, **CentreTrajectorySettings.DEFAULTS)


SETTINGS_FIELDS = list(CentreTrajectorySettings.DEFAULTS)


def settings_update(*, actor: Any, centre: Centre, data: dict[str, Any],
                    version: int | None = None) -> CentreTrajectorySettings:
    """Change a centre's trajectory settings. ``version`` is the version the person saw (optimistic locking);
    a centre without stored settings has version 1 (the defaults)."""
    with transaction.atomic():
        Centre.objects.select_for_update().filter(pk=centre.pk).first()
        obj, _created = CentreTrajectorySettings.objects.select_for_update().get_or_create(
            centre=centre, defaults=CentreTrajectorySettings.DEFAULTS)
        if version is not None and obj.version != version:
            raise ConcurrentEditError()
        changed = [k for k in SETTINGS_FIELDS if k in data and getattr(obj, k) != data[k]]
        if not changed:
            return obj
        for k in changed:
            setattr(obj, k, data[k])
        if obj.crisis_warning_days >= obj.crisis_max_days:
            raise DomainError(_("Warn fewer days before the maximum than the maximum itself (%(max)s days).")
                              % {"max": obj.crisis_max_days}, field="crisis_warning_days")
        obj.full_clean()
        obj.version = F("version") + 1
        obj.save()
        obj.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=obj, fields=changed,
                     extra={"centre_id": centre.pk})
    return obj


def crisis_warnings(*, episodes: list[ModuleEpisode], settings: CentreTrajectorySettings,
                    today: datetime.date) -> list[str]:
    """Dutch warnings for crisis stays that are planned too long, near their maximum, or past it."""
    out = []
    maximum, margin = settings.crisis_max_days, settings.crisis_warning_days
    for ep in episodes:
        if ep.module_code != ModuleCode.CRISIS or (ep.actual_end is not None and ep.actual_end <= today):
            continue
        name = ep.member.person.full_name
        if ep.planned_end and (ep.planned_end - ep.start_date).days > maximum:
            out.append(_("The crisis stay of %(name)s is planned for %(days)s days; this centre allows at most "
                         "%(max)s days.") % {"name": name, "days": (ep.planned_end - ep.start_date).days,
                                             "max": maximum})
        elapsed = (today - ep.start_date).days
        if elapsed > maximum:
            out.append(_("The crisis stay of %(name)s has lasted %(days)s days, longer than the maximum of %(max)s "
                         "days. Decide on the next step: a stay module with indication, home support or a "
                         "referral.") % {"name": name, "days": elapsed, "max": maximum})
        elif elapsed >= maximum - margin and elapsed >= 0:
            out.append(_("The crisis stay of %(name)s reaches the maximum of %(max)s days on %(date)s. Plan the next "
                         "step in time.") % {"name": name, "max": maximum,
                                             "date": fmt(ep.start_date + datetime.timedelta(days=maximum))})
    return out


def indication_warnings(*, episodes: list[ModuleEpisode], today: datetime.date) -> list[str]:
    """Dutch warnings for stay modules planned beyond the end of the ITP indication that allowed them.

    A warning, not a refusal: the ITP can extend an indication while the stay runs, and a family should never
    have to leave because of paperwork. The start itself always needs a valid positive indication.
    """
    out = []
    for ep in episodes:
        until = ep.indication_valid_until
        if until is None or (ep.actual_end is not None and ep.actual_end <= today):
            continue
        end = ep.actual_end or ep.planned_end
        if end is None or end > until + datetime.timedelta(days=1):
            out.append(_("The indication for the stay module of %(name)s is valid until %(until)s, but the module "
                         "is planned until %(end)s. Ask the Intersectorale Toegangspoort for an extension in time.")
                       % {"name": ep.member.person.full_name, "until": fmt(until),
                          "end": fmt(end) if end else _("an open end")})
    return out


def stay_warnings(*, episodes: list[ModuleEpisode], centre_id: int, today: datetime.date) -> list[str]:
    """Every warning about running stays: crisis length and indications running out."""
    if not episodes:
        return []
    return (crisis_warnings(episodes=episodes, settings=settings_for(centre_id), today=today)
            + indication_warnings(episodes=episodes, today=today))


def _members(family: Family) -> list[FamilyMember]:
    return list(FamilyMember.objects.filter(family=family).select_related("person"))


def _lock(trajectory: Trajectory) -> Trajectory:
    locked = Trajectory.objects.select_for_update().select_related("family").get(pk=trajectory.pk)
    return locked


def _require_open(trajectory: Trajectory) -> None:
    if trajectory.closed_on is not None:
        raise DomainError(_("This trajectory is closed. Reopen it first to change anything."), code="closed")


def _bump(trajectory: Trajectory) -> None:
    Trajectory.objects.filter(pk=trajectory.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _set_phase(trajectory: Trajectory, phase: str, on_date: datetime.date) -> None:
    current = TrajectoryPhase.objects.filter(trajectory=trajectory, end_date__isnull=True).first()
    if current is not None:
        if current.phase == phase:
            return
        if on_date < current.start_date:
            raise DomainError(_("The new phase cannot start before the current phase (%(date)s).")
                              % {"date": fmt(current.start_date)}, field="on_date")
        current.end_date = on_date
        current.save(update_fields=["end_date"])
    TrajectoryPhase.objects.create(trajectory=trajectory, phase=phase, start_date=on_date)
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=phase)
    trajectory.phase = phase


def _context_covers(trajectory: Trajectory, start: datetime.date, end: datetime.date | None) -> bool:
    """A contextbegeleiding episode of the trajectory runs over the whole of ``[start, end)``."""
    q = Q(trajectory=trajectory, module_code=ModuleCode.CONTEXT, start_date__lte=start)
    q &= Q(actual_end__isnull=True) if end is None else (Q(actual_end__isnull=True) | Q(actual_end__gte=end))
    return ModuleEpisode.objects.filter(q).exists()


def _episode_add(*, actor: Any, trajectory: Trajectory, member: FamilyMember, module_code: str,
                 start_date: datetime.date, planned_end: datetime.date | None = None, frequency: str = "",
                 members: list[FamilyMember] | None = None) -> ModuleEpisode:
    if module_code not in ModuleCode.values:
        raise DomainError(_("Unknown module."), field="module_code")
    if member.family_id != trajectory.family_id:
        raise DomainError(_("This person is not a member of the family of this trajectory."), field="member")
    if start_date < trajectory.admitted_on:
        raise DomainError(_("A module cannot start before the admission (%(date)s).")
                          % {"date": fmt(trajectory.admitted_on)}, field="start_date")
    if planned_end is not None and planned_end < start_date:
        raise DomainError(_("The planned end lies before the start."), field="planned_end")
    family = trajectory.family
    route = indications.access_route(family=family, member=member, members=members or _members(family),
                                     module_code=module_code, on_date=start_date)
    residential = is_residential(module_code)
    if residential and not _context_covers(trajectory, start_date, planned_end):
        raise DomainError(_("A stay always runs alongside contextbegeleiding. Start contextbegeleiding in this "
                            "trajectory for the whole period of the stay first."), field="module_code",
                          code="needs_context")
    decided_on, indication_reference, valid_until = None, "", None
    if route == AccessRoute.ITP:
        found = indications.indication_for(family=family, module_code=module_code, on_date=start_date)
        if found is None:
            raise DomainError(_("This stay module needs a positive indication of the Intersectorale Toegangspoort "
                                "(A-document) valid on %(date)s. Record the decision at intake first, or choose "
                                "another module.") % {"date": fmt(start_date)}, field="module_code",
                              code="needs_indication")
        indication_reference, decided_on, valid_until = found.reference, found.decided_on, found.valid_until
    try:
        with transaction.atomic():
            episode = ModuleEpisode.objects.create(
                trajectory=trajectory, member=member, module_code=module_code, residential=residential,
                start_date=start_date, planned_end=planned_end, frequency=frequency, access_route=route,
                indication_reference=indication_reference, indication_decided_on=decided_on,
                indication_valid_until=valid_until, created_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError as exc:
        if "episode_one_per_kind" in str(exc):
            kind = _("a stay module") if residential else _("contextbegeleiding")
            raise DomainError(_("%(name)s already follows %(kind)s in this period. End it first.")
                              % {"name": member.person.full_name, "kind": kind}, field="member") from None
        raise
    episode.member = member
    return episode


def trajectory_admit(*, actor: Any, family: Family, admitted_on: datetime.date,
                     context_members: list[FamilyMember] | None = None, frequency: str = "",
                     phase: str = Phase.INTAKE) -> Outcome:
    """Admit a family: a trajectory with contextbegeleiding for its parents and children.

    Within the centre's reopening period after a closure the same trajectory is resumed (terugvalbasis).
    """
    with transaction.atomic():
        Family.objects.select_for_update().filter(pk=family.pk).first()
        if Trajectory.objects.filter(family=family, centre_id=family.centre_id, closed_on__isnull=True).exists():
            raise DomainError(_("This family already has an open trajectory in this centre."), code="open")
        last = (Trajectory.objects.filter(family=family, centre_id=family.centre_id)
                .order_by("-closed_on").first())
        members = _members(family)
        if last is not None and _within_reopen_period(last, admitted_on):
            return trajectory_reopen(actor=actor, trajectory=last, on_date=admitted_on,
                                     reason=_("Family returned within the reopening period."))
        if context_members is None:
            context_members = [m for m in members if m.role in (MemberRole.PARENT, MemberRole.CHILD)]
        if not context_members:
            raise DomainError(_("Add the parents and children to the family before admitting it."),
                              field="members")
        trajectory = Trajectory.objects.create(family=family, centre_id=family.centre_id, admitted_on=admitted_on,
                                               phase=phase,
                                               created_by=actor if getattr(actor, "pk", None) else None)
        trajectory.family = family
        TrajectoryPhase.objects.create(trajectory=trajectory, phase=phase, start_date=admitted_on)
        episodes = [_episode_add(actor=actor, trajectory=trajectory, member=m, module_code=ModuleCode.CONTEXT,
                                 start_date=admitted_on, frequency=frequency, members=members)
                    for m in context_members]
        audit_record(actor=actor, action=AuditAction.CREATE, target=trajectory,
                     fields=["admitted_on", "phase", "episodes"], extra={"episodes": len(episodes)})
    return Outcome(trajectory=trajectory, episodes=episodes)


def phase_change(*, actor: Any, trajectory: Trajectory, phase: str, on_date: datetime.date) -> Trajectory:
    if phase == Phase.AFTERCARE:
        raise DomainError(_("The aftercare phase starts when the trajectory is closed."), field="phase")
    if on_date > timezone.localdate():
        raise DomainError(_("A new phase starts today or on an earlier day, not in the future."), field="on_date")
    with transaction.atomic():
        locked = _lock(trajectory)
        _require_open(locked)
        _set_phase(locked, phase, on_date)
        _bump(locked)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["phase"])
    return locked


def episode_start(*, actor: Any, trajectory: Trajectory, member: FamilyMember, module_code: str,
                  start_date: datetime.date, planned_end: datetime.date | None = None, frequency: str = "",
                  ) -> Outcome:
    with transaction.atomic():
        locked = _lock(trajectory)
        _require_open(locked)
        episode = _episode_add(actor=actor, trajectory=locked, member=member, module_code=module_code,
                               start_date=start_date, planned_end=planned_end, frequency=frequency)
        _bump(locked)
        audit_record(actor=actor, action=AuditAction.CREATE, target=episode, family=locked.family,
                     person=member.person, fields=["module_code", "start_date", "planned_end", "frequency"])
    warnings = stay_warnings(episodes=[episode], centre_id=locked.centre_id, today=timezone.localdate())
    return Outcome(trajectory=locked, episodes=[episode], warnings=warnings)


def _end_episode(episode: ModuleEpisode, end_date: datetime.date) -> None:
    episode.actual_end = max(end_date, episode.start_date)
    episode.save(update_fields=["actual_end"])


def episode_end(*, actor: Any, episode: ModuleEpisode, end_date: datetime.date) -> ModuleEpisode:
    with transaction.atomic():
        trajectory = _lock(episode.trajectory)
        _require_open(trajectory)
        episode = ModuleEpisode.objects.select_for_update().select_related("member__person").get(pk=episode.pk)
        if episode.actual_end is not None:
            raise DomainError(_("This module has already ended."), field="end_date")
        if end_date < episode.start_date:
            raise DomainError(_("The end lies before the start of the module (%(date)s).")
                              % {"date": fmt(episode.start_date)}, field="end_date")
        if episode.module_code == ModuleCode.CONTEXT:
            others = ModuleEpisode.objects.filter(trajectory=trajectory, module_code=ModuleCode.CONTEXT).exclude(
                pk=episode.pk).filter(Q(actual_end__isnull=True) | Q(actual_end__gt=end_date))
            stays = ModuleEpisode.objects.filter(trajectory=trajectory, residential=True).filter(
                Q(actual_end__isnull=True) | Q(actual_end__gt=end_date))
            if stays.exists() and not others.exists():
                raise DomainError(_("A stay is still running, and a stay always runs alongside contextbegeleiding. "
                                    "Switch to home support or end the stay first."), field="end_date",
                                  code="needs_context")
        _end_episode(episode, end_date)
        _bump(trajectory)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=episode, family=trajectory.family,
                     person=episode.member.person, fields=["actual_end"])
    return episode


STAY_CARE = ("stay_high", "stay_low", "crisis")


def switch_to_residence(*, actor: Any, trajectory: Trajectory, unit: Unit, members: list[FamilyMember], care: str,
                        start_date: datetime.date, planned_end: datetime.date, frequency: str = "") -> Outcome:
    """From home support to residence in one step: stay episodes and the unit, in the same trajectory.

    ``care`` is stay_high, stay_low or crisis. Each member staying gets the module the access-route engine
    gives them (first minor: the module with indication; next minors and an adult pregnant parent: the directly
    accessible module; another adult stays along with contextbegeleiding only).
    """
    if care not in STAY_CARE:
        raise DomainError(_("Choose the kind of stay."), field="care")
    with transaction.atomic():
        locked = _lock(trajectory)
        _require_open(locked)
        family_members = _members(locked.family)
        routes = indications.member_routes(members=family_members, care=care, on_date=start_date)
        episodes = [_episode_add(actor=actor, trajectory=locked, member=m, module_code=routes[m.pk].module,
                                 start_date=start_date, planned_end=planned_end, frequency=frequency,
                                 members=family_members)
                    for m in members if m.pk in routes and is_residential(routes[m.pk].module)]
        if not episodes:
            raise DomainError(_("Nobody of those staying gets a stay module of their own in a family admission. Start "
                                "a stay module with an indication for the parent instead."), field="members")
        allocation = _allocation_add(actor=actor, family=locked.family, unit=unit, start=start_date,
                                     end=planned_end, members=members, trajectory=locked)
        if locked.phase == Phase.INTAKE and start_date <= timezone.localdate():
            # a stay planned for later leaves the phase as it is: the phase is what holds today
            _set_phase(locked, Phase.OBSERVATION, start_date)
        _bump(locked)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["episodes", "allocation"],
                     extra={"switch": "residence", "allocation_id": allocation.pk, "unit_id": unit.pk,
                            "episodes": [e.pk for e in episodes]})
    warnings = stay_warnings(episodes=episodes, centre_id=locked.centre_id, today=timezone.localdate())
    return Outcome(trajectory=locked, episodes=episodes, allocation=allocation, warnings=warnings)


def _end_residence(trajectory: Trajectory, on_date: datetime.date) -> tuple[int, int]:
    episodes = list(ModuleEpisode.objects.select_for_update().filter(trajectory=trajectory, residential=True).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gt=on_date)))
    for ep in episodes:
        _end_episode(ep, on_date)
    allocations = list(Allocation.objects.filter(trajectory=trajectory, period__endswith__gt=on_date).select_related(
        "unit"))
    for allocation in allocations:
        _allocation_end_on(allocation=allocation, end=on_date)
    return len(episodes), len(allocations)


def switch_to_home(*, actor: Any, trajectory: Trajectory, on_date: datetime.date) -> Outcome:
    """From residence back to home support: stays end, contextbegeleiding continues, the trajectory stays whole."""
    with transaction.atomic():
        locked = _lock(trajectory)
        _require_open(locked)
        if not _context_covers(locked, on_date, None):
            raise DomainError(_("Contextbegeleiding must continue after the stay. Start it again before switching "
                                "to home support."), field="on_date", code="needs_context")
        ended, moved = _end_residence(locked, on_date)
        if not ended and not moved:
            raise DomainError(_("This family has no stay to end."), field="on_date")
        _bump(locked)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["episodes", "allocation"],
                     extra={"switch": "home", "on_date": on_date.isoformat()})
    return Outcome(trajectory=locked)


def open_trajectory_for(family: Family) -> Trajectory | None:
    return Trajectory.objects.filter(family=family, centre_id=family.centre_id, closed_on__isnull=True).first()


def stay_book(*, actor: Any, family: Family, unit: Unit, members: list[FamilyMember], care: str,
              start_date: datetime.date, planned_end: datetime.date) -> Outcome:
    """Book a unit for a family: only within its open trajectory, through ``switch_to_residence``.

    So a stay booked from anywhere (screen or API) gets its stay modules, runs alongside contextbegeleiding and
    starts only with a positive indication where the access route needs one.
    """
    trajectory = open_trajectory_for(family)
    if trajectory is None:
        raise DomainError(_("This family has no open trajectory in this centre. Admit the family first: a stay "
                            "always runs alongside contextbegeleiding within a trajectory."), field="family_id",
                          code="needs_trajectory")
    return switch_to_residence(actor=actor, trajectory=trajectory, unit=unit, members=members, care=care,
                               start_date=start_date, planned_end=planned_end)


def _stay_episodes(allocation: Allocation) -> list[ModuleEpisode]:
    """The stay modules of the members staying in ``allocation`` that overlap its period, locked."""
    if allocation.trajectory_id is None:
        return []
    member_ids = list(allocation.members.values_list("member_id", flat=True))
    lower, upper = allocation.period.lower, allocation.period.upper
    return list(ModuleEpisode.objects.select_for_update(of=("self",)).select_related("member__person").filter(
        trajectory_id=allocation.trajectory_id, residential=True, member_id__in=member_ids, start_date__lt=upper)
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gt=lower)).order_by("pk"))


def stay_change_end(*, actor: Any, allocation: Allocation, end: datetime.date) -> StayChange:
    """Change the departure date of a stay: the unit's allocation and the matching stay modules move together.

    - the planned end of each stay module of the members staying follows the new departure date;
    - a departure date today or earlier also ends those modules on that date (the stay is over);
    - a departure on or before the arrival cancels the stay: the allocation goes, the modules end on their start;
    - a later departure needs contextbegeleiding over the whole new period;
    - crisis stays and indications running out give warnings (BRIEF.md §4: the centre's maximum warns, it does
      not refuse).
    """
    today = timezone.localdate()
    with transaction.atomic():
        trajectory = _lock(allocation.trajectory) if allocation.trajectory is not None else None
        if trajectory is not None:
            _require_open(trajectory)
        locked = Allocation.objects.select_for_update().select_related("unit", "family").get(pk=allocation.pk)
        if locked.period.upper == end:
            raise DomainError(_("The stay already ends on %(date)s.") % {"date": fmt(end)}, field="end")
        episodes = _stay_episodes(locked)
        if trajectory is not None and end > locked.period.upper:
            for ep in episodes:
                if not _context_covers(trajectory, ep.start_date, end):
                    raise DomainError(_("A stay always runs alongside contextbegeleiding. Extend contextbegeleiding "
                                        "over the whole new period first."), field="end", code="needs_context")
        pk, start = locked.pk, locked.period.lower
        result = _allocation_end_on(allocation=locked, end=end)
        for ep in episodes:
            if result is None:
                ep.planned_end, ep.actual_end = ep.start_date, ep.start_date
            else:
                ep.planned_end = max(end, ep.start_date)
                if end <= today or (ep.actual_end is not None and ep.actual_end > end):
                    ep.actual_end = max(end, ep.start_date)
            ep.save(update_fields=["planned_end", "actual_end"])
        if trajectory is not None:
            _bump(trajectory)
        audit_record(actor=actor, action=AuditAction.UPDATE if result else AuditAction.DELETE,
                     family=locked.family, fields=["period", "episodes.planned_end"],
                     object_type="stays.allocation", object_id=pk,
                     extra={"episodes": [e.pk for e in episodes], "cancelled": result is None,
                            "start": start.isoformat(), "end": end.isoformat()})
    warnings = stay_warnings(episodes=episodes, centre_id=locked.unit.centre_id, today=today) if result else []
    return StayChange(allocation=result, trajectory=trajectory, episodes=episodes, warnings=warnings)


def trajectory_close_problems(*, trajectory: Trajectory, closed_on: datetime.date | None = None,
                              reason: str | None = None, destination: str | None = None) -> list[DomainError]:
    """Every rule a closure breaks, checked together so that the form shows them in one go.

    A value left out (``None``: the form could not parse it) is not checked.
    """
    problems: list[DomainError] = []
    if reason is not None and not reason.strip():
        problems.append(DomainError(_("Give the reason for closing the trajectory."), field="reason"))
    if destination is not None and destination not in Destination.values:
        problems.append(DomainError(_("Choose where the family goes after the trajectory."), field="destination"))
    if trajectory.closed_on is not None:
        problems.append(DomainError(_("This trajectory is already closed. Reopen it first to change anything."),
                                    code="closed"))
    if closed_on is not None and closed_on < trajectory.admitted_on:
        problems.append(DomainError(_("The closing date lies before the admission (%(date)s).")
                                    % {"date": fmt(trajectory.admitted_on)}, field="closed_on"))
    if closed_on is not None and closed_on > timezone.localdate():
        problems.append(DomainError(_("A trajectory cannot be closed in the future. Close it on the day it actually "
                                      "ends; plan the departure with the stay's departure date instead."),
                                    field="closed_on", code="future"))
    return problems


def trajectory_close(*, actor: Any, trajectory: Trajectory, closed_on: datetime.date, reason: str,
                     destination: str, follow_up: str = "") -> Trajectory:
    """Close with reason, destination and agreed follow-up; every module and stay ends; aftercare begins."""
    raise_if_any(trajectory_close_problems(trajectory=trajectory, reason=reason or "", destination=destination))
    with transaction.atomic():
        locked = _lock(trajectory)
        raise_if_any(trajectory_close_problems(trajectory=locked, closed_on=closed_on))
        _end_residence(locked, closed_on)
        for ep in ModuleEpisode.objects.select_for_update().filter(trajectory=locked).filter(
                Q(actual_end__isnull=True) | Q(actual_end__gt=closed_on)):
            _end_episode(ep, closed_on)
        _set_phase(locked, Phase.AFTERCARE, closed_on)
        TrajectoryClosure.objects.create(trajectory=locked, closed_on=closed_on, reason=reason.strip(),
                                         destination=destination, follow_up=(follow_up or "").strip(),
                                         closed_by=actor if getattr(actor, "pk", None) else None)
        locked.closed_on = closed_on
        locked.version = F("version") + 1
        locked.save(update_fields=["closed_on", "version", "updated_at"])
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked,
                     fields=["closed_on", "closure_reason", "destination", "follow_up"])
    return locked


def _within_reopen_period(trajectory: Trajectory, on_date: datetime.date) -> bool:
    if trajectory.closed_on is None:
        return False
    days = settings_for(trajectory.centre_id).reopen_within_days
    return trajectory.closed_on <= on_date <= trajectory.closed_on + datetime.timedelta(days=days)


def trajectory_reopen(*, actor: Any, trajectory: Trajectory, on_date: datetime.date, reason: str,
                      context_members: list[FamilyMember] | None = None) -> Outcome:
    """Resume a closed trajectory within the centre's period (terugvalbasis), with contextbegeleiding again."""
    with transaction.atomic():
        locked = _lock(trajectory)
        if locked.closed_on is None:
            raise DomainError(_("This trajectory is still open."), code="open")
        if on_date < locked.closed_on:
            raise DomainError(_("The trajectory can only be reopened from its closing date (%(date)s) on.")
                              % {"date": fmt(locked.closed_on)}, field="on_date")
        if not _within_reopen_period(locked, on_date):
            days = settings_for(locked.centre_id).reopen_within_days
            raise DomainError(_("This trajectory was closed more than %(days)s days before. Start a new trajectory.")
                              % {"days": days}, field="on_date", code="reopen_period")
        if Trajectory.objects.filter(family=locked.family, centre_id=locked.centre_id,
                                     closed_on__isnull=True).exists():
            raise DomainError(_("This family already has an open trajectory in this centre."), code="open")
        closure = TrajectoryClosure.objects.select_for_update().get(trajectory=locked, reopened_on__isnull=True)
        closure.reopened_on = on_date
        closure.reopened_by = actor if getattr(actor, "pk", None) else None
        closure.reopen_reason = (reason or "").strip()
        closure.save(update_fields=["reopened_on", "reopened_by", "reopen_reason"])
        locked.closed_on = None
        locked.save(update_fields=["closed_on", "updated_at"])
        _set_phase(locked, Phase.SUPPORT, on_date)
        members = _members(locked.family)
        if context_members is None:
            context_members = [m for m in members if m.role in (MemberRole.PARENT, MemberRole.CHILD)]
        episodes = [_episode_add(actor=actor, trajectory=locked, member=m, module_code=ModuleCode.CONTEXT,
                                 start_date=on_date, members=members) for m in context_members]
        _bump(locked)
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["closed_on", "phase"],
                     reason=closure.reopen_reason, extra={"reopened": True})
    return Outcome(trajectory=locked, episodes=episodes)


# --- Trajectory supporters (TO) --------------------------------------------------------------------------


def trajectory_admit_with_stay(*, actor: Any, family: Family, admitted_on: datetime.date, unit: Unit,
                               members: list[FamilyMember], care: str, planned_end: datetime.date,
                               phase: str = Phase.INTAKE, frequency: str = "") -> Outcome:
    """Admission and moving in on the same day, as one action: all of it happens or none of it."""
    with transaction.atomic():
        outcome = trajectory_admit(actor=actor, family=family, admitted_on=admitted_on, frequency=frequency,
                                   phase=phase)
        stay = switch_to_residence(actor=actor, trajectory=outcome.trajectory, unit=unit, members=members, care=care,
                                   start_date=admitted_on, planned_end=planned_end)
    return Outcome(trajectory=stay.trajectory, episodes=outcome.episodes + stay.episodes, allocation=stay.allocation,
                   warnings=stay.warnings)
