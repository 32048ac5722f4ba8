"""/api/v1/trajectories: trajectories, module episodes and supporters, through the policy and the audit trail."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_episode,
    access_family,
    access_stay_centre,
    access_trajectory,
    access_trajectory_to_close,
    visible_trajectories,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.families.selectors import family_members
from spalk.trajectories import schemas, selectors, services, supporters

router = Router(tags=["trajectories"])


class TrajectoryFilter(Schema):
    family_id: int | None = None
    open: bool | None = None


def _detail(trajectory, warnings=()):
    trajectory = selectors.trajectory_get(trajectory=trajectory)
    data = schemas.TrajectoryOut.from_orm(trajectory).dict()
    data["phases"] = list(trajectory.phases.all())
    data["episodes"] = list(trajectory.episodes.all())
    data["closures"] = list(trajectory.closures.all())
    data["warnings"] = list(warnings)
    return data


def _member(family, member_id):
    member = next((m for m in family_members(family=family) if m.pk == member_id), None)
    if member is None:
        raise Http404
    return member


@router.get("/", response=list[schemas.TrajectoryOut], summary="Trajecten waartoe u toegang hebt")
@dossier
def list_trajectories(request, filters: Query[TrajectoryFilter]):
    qs = selectors.trajectories_for_list(trajectories=visible_trajectories(user=request.auth))
    if filters.family_id is not None:
        qs = qs.filter(family_id=filters.family_id)
    if filters.open is not None:
        qs = qs.filter(closed_on__isnull=filters.open)
    rows = list(qs[:500])
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="trajectories.trajectory",
                    query=filters.dict(), count=len(rows), family_ids=[t.family_id for t in rows])
    return rows


@router.post("/", response={201: schemas.TrajectoryDetailOut}, summary="Gezin opnemen (traject starten)")
@dossier
def admit(request, payload: schemas.AdmitIn):
    family = access_family(user=request.auth, family_id=payload.family_id, action=Action.EDIT)
    outcome = services.trajectory_admit(actor=request.auth, family=family, admitted_on=payload.admitted_on,
                                       phase=payload.phase, frequency=payload.frequency)
    return Status(201, _detail(outcome.trajectory, outcome.warnings))


@router.get("/centre-settings", response=schemas.CentreSettingsOut,
            summary="Trajectinstellingen van een centrum (maximumduur crisisverblijf, heropening)",
            description="Alleen lezen. De directeur wijzigt ze op het scherm 'Trajectinstellingen'. Zonder "
                        "`centre_id`: het eerste centrum van de gebruiker.")
@staff_only("trajectory settings of the user's own centres; no dossier data")
def get_centre_settings(request, centre_id: int | None = None):
    centre = access_stay_centre(user=request.auth, centre_id=centre_id)
    return services.settings_for(centre.pk)


@router.get("/{trajectory_id}", response=schemas.TrajectoryDetailOut, summary="Eén traject met fasen en modules")
@dossier
def get_trajectory(request, trajectory_id: int):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=trajectory)
    return _detail(trajectory, services.crisis_warnings(
        episodes=list(selectors.trajectory_get(trajectory=trajectory).episodes.all()),
        settings=services.settings_for(trajectory.centre_id), today=timezone.localdate()))


@router.post("/{trajectory_id}/close", response=schemas.TrajectoryDetailOut, summary="Traject afsluiten")
@dossier
def close(request, trajectory_id: int, payload: schemas.CloseIn):
    trajectory = access_trajectory_to_close(user=request.auth, trajectory_id=trajectory_id)
    return _detail(services.trajectory_close(actor=request.auth, trajectory=trajectory, **payload.dict()))


@router.post("/{trajectory_id}/reopen", response=schemas.TrajectoryDetailOut, summary="Traject heropenen")
@dossier
def reopen(request, trajectory_id: int, payload: schemas.ReopenIn):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id, action=Action.EDIT)
    return _detail(services.trajectory_reopen(actor=request.auth, trajectory=trajectory, **payload.dict()).trajectory)


@router.post("/{trajectory_id}/episodes", response={201: schemas.TrajectoryDetailOut}, summary="Module starten")
@dossier
def start_episode(request, trajectory_id: int, payload: schemas.EpisodeIn):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id, action=Action.EDIT)
    data = payload.dict()
    member = _member(trajectory.family, data.pop("member_id"))
    outcome = services.episode_start(actor=request.auth, trajectory=trajectory, member=member, **data)
    return Status(201, _detail(outcome.trajectory, outcome.warnings))


@router.post("/episodes/{episode_id}/end", response=schemas.EpisodeOut, summary="Module beëindigen")
@dossier
def end_episode(request, episode_id: int, payload: schemas.EpisodeEndIn):
    episode = access_episode(user=request.auth, episode_id=episode_id, action=Action.EDIT)
    return services.episode_end(actor=request.auth, episode=episode, end_date=payload.end_date)


@router.post("/{trajectory_id}/residence", response=schemas.TrajectoryDetailOut,
             summary="Overschakelen naar verblijf (eenheid en verblijfsmodules in één stap)")
@dossier
def to_residence(request, trajectory_id: int, payload: schemas.ResidenceIn):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id, action=Action.EDIT)
    unit = visible_units(user=request.auth).filter(pk=payload.unit_id, centre_id=trajectory.centre_id).first()
    if unit is None:
        raise Http404
    members = [_member(trajectory.family, pk) for pk in payload.member_ids]
    outcome = services.switch_to_residence(actor=request.auth, trajectory=trajectory, unit=unit, members=members,
                                           care=payload.care, start_date=payload.start_date,
                                           planned_end=payload.planned_end)
    return _detail(outcome.trajectory, outcome.warnings)


@router.post("/{trajectory_id}/home", response=schemas.TrajectoryDetailOut,
             summary="Overschakelen naar thuisbegeleiding")
@dossier
def to_home(request, trajectory_id: int, payload: schemas.HomeIn):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id, action=Action.EDIT)
    return _detail(services.switch_to_home(actor=request.auth, trajectory=trajectory, on_date=payload.on_date)
                   .trajectory)


@router.get("/families/{family_id}/supporters", response=list[schemas.SupporterOut],
            summary="Trajectondersteuners van een gezin, met geschiedenis")
@dossier
def list_supporters(request, family_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    rows = selectors.supporter_list(family=family)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=family, extra={"page": "supporters"})
    return rows


@router.post("/families/{family_id}/supporters", response={201: schemas.SupporterOut},
             summary="Trajectondersteuner toewijzen of wisselen")
@dossier
def assign_supporter(request, family_id: int, payload: schemas.SupporterIn):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    user = selectors.supporter_candidates(centre_id=family.centre_id, today=timezone.localdate()).filter(
        pk=payload.user_id).first()
    if user is None:
        from spalk.core.errors import DomainError

        raise DomainError(_("Choose a staff member of this family's centre."), field="user_id")
    person = None
    if payload.person_id is not None:
        person = _member(family, next((m.pk for m in family_members(family=family)
                                       if m.person_id == payload.person_id), -1)).person
    data = payload.dict(exclude={"user_id", "person_id"})
    return Status(201, supporters.supporter_assign(actor=request.auth, family=family, user=user, person=person, **data))
