"""Fictional trajectories, stays and trajectory supporters for the demo families (spalk.demo.families).

Idempotent: a family that already has a trajectory is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.centres.models import Centre
from spalk.families.models import Family, FamilyMember, MemberRole
from spalk.stays import services as stay_services
from spalk.stays.models import Allocation, AllocationMember, Unit, UnitOutOfService
from spalk.trajectories import services
from spalk.trajectories.models import AccessRoute, CentreTrajectorySettings, ModuleEpisode, Phase, Supporter, Trajectory
from spalk.trajectories.modules import ModuleCode

DAY = datetime.timedelta(days=1)
# family name → the stay module of each staying member (first name → (module, route, indication))
STAY_MODULES = {
    "Gezin Vermeulen": {"Lotte": (ModuleCode.STAY_HIGH_FAMILY, AccessRoute.ITP, "ITP-DEMO-0001"),
                        "Milan": (ModuleCode.STAY_HIGH_DIRECT, AccessRoute.DIRECT, "")},
    "Gezin Yilmaz-Mertens": {"Elif": (ModuleCode.STAY_HIGH_DIRECT, AccessRoute.DIRECT, "")},
}


def _attach_existing_stay(family: Family, trajectory: Trajectory, members: list[FamilyMember]) -> None:
    """The demo families loader books units without members; add the members and their stay modules."""
    modules = STAY_MODULES.get(family.name, {})
    for allocation in Allocation.objects.filter(family=family, trajectory__isnull=True):
        allocation.trajectory = trajectory
        allocation.save(update_fields=["trajectory"])
        for m in members:
            if m.role not in (MemberRole.PARENT, MemberRole.CHILD) or m.relation.startswith("partner"):
                continue
            AllocationMember.objects.get_or_create(allocation=allocation, member=m, defaults={
                "period": allocation.period,
                "unborn_until": stay_services._unborn_until(m, members, allocation.period.upper)})
            if m.person.first_name in modules:
                code, route, reference = modules[m.person.first_name]
                ModuleEpisode.objects.create(
                    trajectory=trajectory, member=m, module_code=code, residential=True,
                    start_date=allocation.period.lower, planned_end=allocation.period.upper, access_route=route,
                    indication_reference=reference,
                    indication_decided_on=allocation.period.lower - 7 * DAY if reference else None,
                    frequency="24/7 in de leefgroep")
        Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.OBSERVATION)
        trajectory.phases.filter(end_date__isnull=True).update(end_date=allocation.period.lower)
        trajectory.phases.create(phase=Phase.OBSERVATION, start_date=allocation.period.lower)


def _supporters(family: Family, trajectory: Trajectory, start: datetime.date) -> None:
    for assignment in FamilyAssignment.objects.filter(family=family, role=AssignmentRole.TRAJECTORY_SUPPORTER):
        Supporter.objects.get_or_create(family=family, user=assignment.user, scope="family", defaults={
            "trajectory": trajectory, "start_date": assignment.start_date, "agreement": "chosen",
            "agreement_note": "Het gezin kende haar al van de contextbegeleiding.", "access_assignment": assignment})


def load(*, stdout) -> None:
    today = timezone.localdate()
    for short in ("ANK", "STO"):
        centre = Centre.objects.filter(short_name=short).first()
        if centre is None:
            continue
        CentreTrajectorySettings.objects.get_or_create(centre=centre, defaults={
            "crisis_max_days": 10 if short == "ANK" else 14, "crisis_warning_days": 3, "reopen_within_days": 180})
        for family in Family.objects.filter(centre=centre).order_by("pk"):
            if Trajectory.objects.filter(family=family).exists():
                continue
            with transaction.atomic():
                allocation = Allocation.objects.filter(family=family).order_by("period").first()
                start = allocation.period.lower if allocation else today - 45 * DAY
                members = list(FamilyMember.objects.filter(family=family).select_related("person"))
                context = [m for m in members if m.role in (MemberRole.PARENT, MemberRole.CHILD)
                           and not m.relation.startswith("partner")]
                if not context:
                    continue
                trajectory = services.trajectory_admit(actor="demo", family=family, admitted_on=start,
                                                       context_members=context,
                                                       frequency="twee huisbezoeken per week").trajectory
                _attach_existing_stay(family, trajectory, members)
                _supporters(family, trajectory, start)
                if family.name == "Gezin Claes":
                    unit = Unit.objects.get(centre=centre, name="Kamer 3")
                    services.switch_to_residence(actor="demo", trajectory=trajectory, unit=unit, members=context,
                                                 care="crisis", start_date=today + 5 * DAY,
                                                 planned_end=today + 13 * DAY)
        studio = Unit.objects.filter(centre=centre, name="Studio 2").first()
        if studio and not UnitOutOfService.objects.filter(unit=studio).exists():
            UnitOutOfService.objects.create(unit=studio, period=DateRange(today + 8 * DAY, today + 12 * DAY),
                                            reason="Schilderwerken")
    stdout.write("trajectories and stays: demo data loaded\n")
