"""Invariants of trajectories: contextbegeleiding alongside every stay, indications, crisis length, switching,
closure and reopening (terugvalbasis)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.families.models import MemberRole
from spalk.stays.models import Allocation
from spalk.stays.tests.factories import add_member
from spalk.testing.clock import keep_day
from spalk.trajectories import indications, services
from spalk.trajectories.models import (
    AccessRoute,
    CentreTrajectorySettings,
    Destination,
    ModuleEpisode,
    Phase,
    Trajectory,
)
from spalk.trajectories.modules import ModuleCode

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def admit(actor, family, on=None):
    return services.trajectory_admit(actor=actor, family=family, admitted_on=on or TODAY - 20 * DAY).trajectory


def test_admit_starts_contextbegeleiding_for_parents_and_children(director, family, mother, children):
    before = AuditEvent.objects.count()
    outcome = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY)
    trajectory = outcome.trajectory
    assert trajectory.phase == Phase.INTAKE and trajectory.closed_on is None
    assert {e.member_id for e in outcome.episodes} == {mother.pk, *[c.pk for c in children]}
    assert all(e.module_code == ModuleCode.CONTEXT and e.access_route == AccessRoute.DIRECT for e in outcome.episodes)
    assert trajectory.phases.get().phase == Phase.INTAKE
    assert AuditEvent.objects.count() == before + 1


def test_second_open_trajectory_is_refused(director, family, mother):
    admit(director, family)
    with pytest.raises(DomainError, match="al een lopend traject"):
        admit(director, family)


def test_stay_without_contextbegeleiding_is_refused(director, family, mother, children):
    trajectory = admit(director, family)
    for episode in ModuleEpisode.objects.filter(trajectory=trajectory):
        services.episode_end(actor=director, episode=episode, end_date=TODAY - 10 * DAY)
    with pytest.raises(DomainError) as exc:
        services.episode_start(actor=director, trajectory=trajectory, member=children[1],
                               module_code=ModuleCode.STAY_HIGH_DIRECT, start_date=TODAY, planned_end=TODAY + 30 * DAY)
    assert exc.value.code == "needs_context"
    assert "contextbegeleiding" in exc.value.message


def test_stay_longer_than_the_contextbegeleiding_is_refused(director, family, mother, children):
    trajectory = admit(director, family)
    context = ModuleEpisode.objects.filter(trajectory=trajectory)
    for episode in context:
        services.episode_end(actor=director, episode=episode, end_date=TODAY + 5 * DAY)
    with pytest.raises(DomainError) as exc:
        services.episode_start(actor=director, trajectory=trajectory, member=children[1],
                               module_code=ModuleCode.STAY_HIGH_DIRECT, start_date=TODAY, planned_end=TODAY + 30 * DAY)
    assert exc.value.code == "needs_context"


def test_contextbegeleiding_cannot_end_while_a_stay_runs(director, family, mother, children, studio):
    trajectory = admit(director, family)
    services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[1]],
                                 care="stay_high", start_date=TODAY, planned_end=TODAY + 30 * DAY)
    for episode in ModuleEpisode.objects.filter(trajectory=trajectory, module_code=ModuleCode.CONTEXT)[:2]:
        services.episode_end(actor=director, episode=episode, end_date=TODAY + DAY)
    last = ModuleEpisode.objects.get(trajectory=trajectory, module_code=ModuleCode.CONTEXT, actual_end__isnull=True)
    with pytest.raises(DomainError) as exc:
        services.episode_end(actor=director, episode=last, end_date=TODAY + DAY)
    assert exc.value.code == "needs_context"


def test_direct_stay_only_from_the_second_minor_on(director, family, mother, children):
    trajectory = admit(director, family)
    oldest, youngest = children
    with pytest.raises(DomainError, match="tweede minderjarige"):  # the oldest child is the first minor
        services.episode_start(actor=director, trajectory=trajectory, member=oldest,
                               module_code=ModuleCode.STAY_HIGH_DIRECT, start_date=TODAY)
    outcome = services.episode_start(actor=director, trajectory=trajectory, member=youngest,
                                     module_code=ModuleCode.STAY_HIGH_DIRECT, start_date=TODAY)
    assert outcome.episodes[0].access_route == AccessRoute.DIRECT


def test_direct_stay_for_an_adult_pregnant_parent_but_not_a_teenage_one(director, family, centre):
    adult = add_member(family, MemberRole.PARENT, age=24, pregnant=True, first_name="Elif")
    teen = add_member(family, MemberRole.PARENT, age=17, pregnant=True, first_name="Jana")
    trajectory = admit(director, family)
    outcome = services.episode_start(actor=director, trajectory=trajectory, member=adult,
                                     module_code=ModuleCode.STAY_LOW_DIRECT, start_date=TODAY)
    assert outcome.episodes[0].access_route == AccessRoute.DIRECT
    with pytest.raises(DomainError) as exc:  # a pregnant parent of 17 is the family's first minor
        services.episode_start(actor=director, trajectory=trajectory, member=teen,
                               module_code=ModuleCode.STAY_LOW_DIRECT, start_date=TODAY)
    assert exc.value.code == "not_direct"


def test_stay_needing_an_indication_does_not_start_without_one(director, family, mother, monkeypatch):
    trajectory = admit(director, family)
    monkeypatch.setattr(indications, "indication_for", lambda **kw: None)
    with pytest.raises(DomainError) as exc:
        services.episode_start(actor=director, trajectory=trajectory, member=mother,
                               module_code=ModuleCode.STAY_HIGH, start_date=TODAY)
    assert exc.value.code == "needs_indication"
    assert not ModuleEpisode.objects.filter(trajectory=trajectory, residential=True).exists()


def test_stay_with_a_positive_indication_records_it(director, family, mother, monkeypatch):
    trajectory = admit(director, family)
    seen = {}

    def granted(*, family, module_code, on_date):
        seen.update(family=family.pk, module_code=module_code, on_date=on_date)
        return indications.Indication(reference="ITP-2026-123", decided_on=TODAY - 3 * DAY)

    monkeypatch.setattr(indications, "indication_for", granted)
    episode = services.episode_start(actor=director, trajectory=trajectory, member=mother,
                                     module_code=ModuleCode.STAY_HIGH, start_date=TODAY).episodes[0]
    assert episode.access_route == AccessRoute.ITP
    assert episode.indication_reference == "ITP-2026-123"
    assert seen == {"family": family.pk, "module_code": "VHF", "on_date": TODAY}


def test_itp_episode_without_reference_violates_the_database(director, family, mother):
    from django.db import IntegrityError, transaction

    trajectory = admit(director, family)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModuleEpisode.objects.create(trajectory=trajectory, member=mother, module_code=ModuleCode.STAY_HIGH,
                                     residential=True, start_date=TODAY, access_route=AccessRoute.ITP)


@pytest.mark.parametrize(("days_ago", "planned", "expected"), [
    (5, 7, []),
    (11, 14, ["het maximum van 14 dagen. Plan tijdig"]),
    (15, None, ["duurt al 15 dagen"]),
    (0, 20, ["gepland voor 20 dagen"]),
])
def test_crisis_stay_warns_before_the_maximum(director, family, children, centre, days_ago, planned, expected):
    CentreTrajectorySettings.objects.create(centre=centre, crisis_max_days=14, crisis_warning_days=3)
    start = TODAY - days_ago * DAY
    trajectory = admit(director, family, on=start)
    outcome = services.episode_start(actor=director, trajectory=trajectory, member=children[0],
                                     module_code=ModuleCode.CRISIS, start_date=start,
                                     planned_end=start + planned * DAY if planned else None)
    assert outcome.episodes[0].access_route == AccessRoute.CRISIS
    assert len(outcome.warnings) == len(expected)
    for text, warning in zip(expected, outcome.warnings, strict=True):
        assert text in warning


def test_switch_to_residence_and_back_keeps_one_trajectory(director, family, mother, children, studio):
    trajectory = admit(director, family)
    outcome = services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio,
                                           members=[children[1]], care="stay_high",
                                           start_date=TODAY - 5 * DAY, planned_end=TODAY + 60 * DAY)
    assert outcome.allocation.trajectory_id == trajectory.pk
    assert outcome.trajectory.phase == Phase.OBSERVATION
    services.switch_to_home(actor=director, trajectory=trajectory, on_date=TODAY)
    allocation = Allocation.objects.get(pk=outcome.allocation.pk)
    assert allocation.period.upper == TODAY
    stay = ModuleEpisode.objects.get(trajectory=trajectory, residential=True)
    assert stay.actual_end == TODAY
    assert ModuleEpisode.objects.filter(trajectory=trajectory, module_code=ModuleCode.CONTEXT,
                                        actual_end__isnull=True).count() == 3
    assert Trajectory.objects.filter(family=family).count() == 1


def test_a_stay_planned_for_later_leaves_the_current_phase_alone(director, family, mother, children, studio):
    """The phase is what holds today: a crisis stay booked for next week does not make today 'observation'."""
    trajectory = admit(director, family)
    outcome = services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio,
                                           members=[children[1]], care="crisis",
                                           start_date=TODAY + 5 * DAY, planned_end=TODAY + 9 * DAY)
    assert outcome.trajectory.phase == Phase.INTAKE
    assert [p.phase for p in trajectory.phases.all()] == [Phase.INTAKE]


def test_a_phase_cannot_start_in_the_future(director, family, mother):
    trajectory = admit(director, family)
    with pytest.raises(DomainError) as error:
        services.phase_change(actor=director, trajectory=trajectory, phase=Phase.SUPPORT, on_date=TODAY + DAY)
    assert error.value.field == "on_date" and "toekomst" in error.value.message
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.INTAKE


def test_close_ends_everything_and_starts_aftercare(director, family, mother, children, studio):
    trajectory = admit(director, family)
    services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[1]],
                                 care="stay_high", start_date=TODAY - 5 * DAY,
                                 planned_end=TODAY + 60 * DAY)
    before = AuditEvent.objects.count()
    closed = services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY,
                                       reason="Doelen bereikt", destination=Destination.HOME_WITH_SUPPORT,
                                       follow_up="Telefonisch contact na een maand")
    assert AuditEvent.objects.count() == before + 1
    assert closed.closed_on == TODAY and closed.phase == Phase.AFTERCARE
    assert not ModuleEpisode.objects.filter(trajectory=trajectory, actual_end__isnull=True).exists()
    assert Allocation.objects.get(trajectory=trajectory).period.upper == TODAY
    closure = closed.closures.get()
    assert closure.destination == Destination.HOME_WITH_SUPPORT and closure.follow_up
    with pytest.raises(DomainError, match="al afgesloten"):
        services.trajectory_close(actor=director, trajectory=closed, closed_on=TODAY, reason="x",
                                  destination=Destination.HOME)


def test_return_within_the_period_resumes_the_same_trajectory(director, family, mother, centre):
    CentreTrajectorySettings.objects.create(centre=centre, reopen_within_days=90)
    trajectory = admit(director, family, on=TODAY - 100 * DAY)
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY - 30 * DAY, reason="Afgerond",
                              destination=Destination.HOME)
    resumed = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    assert resumed.pk == trajectory.pk and resumed.closed_on is None and resumed.phase == Phase.SUPPORT
    assert resumed.closures.get().reopened_on == TODAY
    assert ModuleEpisode.objects.filter(trajectory=trajectory, actual_end__isnull=True).count() == 1


def test_after_the_period_a_new_trajectory_starts(director, family, mother, centre):
    CentreTrajectorySettings.objects.create(centre=centre, reopen_within_days=30)
    trajectory = admit(director, family, on=TODAY - 100 * DAY)
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY - 60 * DAY, reason="Afgerond",
                              destination=Destination.HOME)
    with pytest.raises(DomainError) as exc:
        services.trajectory_reopen(actor=director, trajectory=trajectory, on_date=TODAY, reason="terug")
    assert exc.value.code == "reopen_period"
    new = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    assert new.pk != trajectory.pk


def test_a_teenage_mother_is_the_first_minor_so_her_child_is_directly_accessible(director, family):
    teen = add_member(family, MemberRole.PARENT, age=16, first_name="Jana")
    baby = add_member(family, MemberRole.CHILD, age=0, first_name="Mona")
    trajectory = admit(director, family)
    outcome = services.episode_start(actor=director, trajectory=trajectory, member=baby,
                                     module_code=ModuleCode.STAY_HIGH_DIRECT, start_date=TODAY)
    assert outcome.episodes[0].access_route == AccessRoute.DIRECT
    assert teen.person.age_on(TODAY) == 16


def test_switch_gives_each_member_the_module_of_the_access_route(director, family, mother, children, studio,
                                                                  monkeypatch):
    monkeypatch.setattr(indications, "indication_for",
                        lambda **kw: indications.Indication(reference="ITP-7", decided_on=TODAY))
    trajectory = admit(director, family)
    outcome = services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio,
                                           members=[mother, *children], care="stay_low", start_date=TODAY,
                                           planned_end=TODAY + 90 * DAY)
    modules = {e.member_id: (e.module_code, e.access_route) for e in outcome.episodes}
    assert modules == {children[0].pk: ("VLF-GO", "itp"), children[1].pk: ("VLF-RT", "direct")}
    assert outcome.allocation.members.count() == 3  # the mother stays along with contextbegeleiding


def test_indication_end_is_recorded_and_a_stay_planned_beyond_it_warns(director, family, mother, monkeypatch):
    monkeypatch.setattr(indications, "indication_for", lambda **kw: indications.Indication(
        reference="ITP-9", decided_on=TODAY - DAY, valid_until=TODAY + 29 * DAY))
    trajectory = admit(director, family)
    covered = services.episode_start(actor=director, trajectory=trajectory, member=mother,
                                     module_code=ModuleCode.STAY_HIGH, start_date=TODAY,
                                     planned_end=TODAY + 30 * DAY)  # last night TODAY+29: covered
    assert covered.episodes[0].indication_valid_until == TODAY + 29 * DAY
    assert covered.warnings == []
    services.episode_end(actor=director, episode=covered.episodes[0], end_date=TODAY + DAY)
    beyond = services.episode_start(actor=director, trajectory=trajectory, member=mother,
                                    module_code=ModuleCode.STAY_HIGH, start_date=TODAY + DAY,
                                    planned_end=TODAY + 60 * DAY)
    assert len(beyond.warnings) == 1
    assert "Intersectorale Toegangspoort" in beyond.warnings[0] and "verlenging" in beyond.warnings[0]
    assert beyond.episodes[0].module_code == ModuleCode.STAY_HIGH  # a warning, not a refusal
