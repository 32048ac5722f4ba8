"""Deadline computation (centre settings): first plan after admission, evaluations, progress reports."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from spalk.plans import deadlines, services
from spalk.plans.deadlines import DeadlineKind, DeadlineState, Rhythm, add_months, compute
from spalk.plans.evaluations import EvaluationInput, evaluation_round

D = datetime.date


def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_short_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2026, 5, 31), 6) == D(2026, 11, 30)


def test_first_plan_is_due_n_days_after_admission():
    rhythm = Rhythm(first_plan_within_days=30, due_soon_days=14)
    found = compute(admitted_on=D(2026, 3, 1), first_signed_on=None, last_evaluated_on=None, last_report_on=None,
                    today=D(2026, 3, 20), rhythm=rhythm)
    first = next(d for d in found if d.kind is DeadlineKind.FIRST_PLAN)
    assert first.due_on == D(2026, 3, 31) and first.state is DeadlineState.SOON
    late = compute(admitted_on=D(2026, 3, 1), first_signed_on=None, last_evaluated_on=None, last_report_on=None,
                   today=D(2026, 4, 1), rhythm=rhythm)
    assert next(d for d in late if d.kind is DeadlineKind.FIRST_PLAN).state is DeadlineState.OVERDUE


def test_evaluation_counts_from_signing_then_from_the_last_evaluation():
    rhythm = Rhythm(evaluation_every_months=3)
    signed = compute(admitted_on=D(2026, 1, 5), first_signed_on=D(2026, 1, 31), last_evaluated_on=None,
                     last_report_on=None, today=D(2026, 2, 1), rhythm=rhythm)
    assert signed[0].kind is DeadlineKind.EVALUATION
    assert next(d for d in signed if d.kind is DeadlineKind.EVALUATION).due_on == D(2026, 4, 30)
    assert all(d.kind is not DeadlineKind.FIRST_PLAN for d in signed)
    evaluated = compute(admitted_on=D(2026, 1, 5), first_signed_on=D(2026, 1, 31), last_evaluated_on=D(2026, 4, 20),
                        last_report_on=None, today=D(2026, 5, 1), rhythm=rhythm)
    assert next(d for d in evaluated if d.kind is DeadlineKind.EVALUATION).due_on == D(2026, 7, 20)


def test_report_counts_from_admission_then_from_the_last_report():
    rhythm = Rhythm(report_every_months=6, due_soon_days=14)
    first = compute(admitted_on=D(2026, 1, 5), first_signed_on=None, last_evaluated_on=None, last_report_on=None,
                    today=D(2026, 6, 30), rhythm=rhythm)
    report = next(d for d in first if d.kind is DeadlineKind.REPORT)
    assert report.due_on == D(2026, 7, 5) and report.state is DeadlineState.SOON
    later = compute(admitted_on=D(2026, 1, 5), first_signed_on=None, last_evaluated_on=None,
                    last_report_on=D(2026, 7, 1), today=D(2026, 7, 2), rhythm=rhythm)
    assert next(d for d in later if d.kind is DeadlineKind.REPORT).state is DeadlineState.LATER


@pytest.mark.django_db
def test_centre_settings_and_real_records_drive_the_deadlines(trajectory, counsellor, mother, director):
    from spalk.plans.models import PlanSettings

    PlanSettings.objects.create(centre=trajectory.centre, first_plan_within_days=10, evaluation_every_months=2)
    from spalk.trajectories.models import Trajectory

    qs = Trajectory.objects.filter(pk=trajectory.pk)
    [(_t, found)] = deadlines.trajectory_deadlines(trajectories=qs, today=trajectory.admitted_on)
    assert found[0].kind is DeadlineKind.FIRST_PLAN
    assert found[0].due_on == trajectory.admitted_on + datetime.timedelta(days=10)
    from .conftest import add_goal, sign

    plan = services.plan_create(actor=counsellor, trajectory=trajectory)
    goal = add_goal(plan, counsellor, person=mother)
    signed_on = trajectory.admitted_on + datetime.timedelta(days=5)
    plan = sign(plan, counsellor, mother, on=signed_on)
    [(_t, found)] = deadlines.trajectory_deadlines(trajectories=qs, today=signed_on)
    assert next(d for d in found if d.kind is DeadlineKind.EVALUATION).due_on == add_months(signed_on, 2)
    evaluated_on = signed_on + datetime.timedelta(days=20)
    with transaction.atomic():
        evaluation_round(actor=counsellor, plan=plan, evaluated_on=evaluated_on,
                         items=[EvaluationInput(goal=goal, progress=3, decision="continue")])
    [(_t, found)] = deadlines.trajectory_deadlines(trajectories=qs, today=evaluated_on)
    assert next(d for d in found if d.kind is DeadlineKind.EVALUATION).due_on == add_months(evaluated_on, 2)
