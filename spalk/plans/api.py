"""/api/v1 plans: the handelingsplan of a trajectory, its goals, signing and revision (contract of issue 12).

- ``POST /trajectories/{trajectory_id}/plans`` → 201 version 1 as a draft;
- ``GET /plans/{plan_id}`` → the version with its goals; ``GET /plans/{plan_id}/versions`` → every version;
- ``POST /plans/{plan_id}/goals`` → 201 the goal; ``PATCH /plans/{plan_id}/goals/{goal_id}``;
- ``PATCH /plans/{plan_id}``; ``POST /plans/{plan_id}/sign`` → 200 ``"status": "signed"``;
- any change to a signed version → 409; ``POST /plans/{plan_id}/revise`` → 201 version n + 1.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_goal,
    access_plan,
    access_report,
    access_trajectory,
    visible_trajectories,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.plans import deadlines, evaluations, reports, schemas, selectors, services
from spalk.plans.models import Goal, Plan

router = Router(tags=["plans"])


def _goal(goal: Goal) -> dict:
    return {
        "id": goal.pk, "person_id": goal.person_id, "life_domain": goal.life_domain,
        "family_words": goal.family_words, "worker_words": goal.worker_words, "parent_view": goal.parent_view,
        "child_view": goal.child_view, "child_view_source": goal.child_view_source, "status": goal.status,
        "method_ids": sorted(m.pk for m in goal.methods.all()),
        "actions": [{"id": a.pk, "who": a.who, "what": a.what, "due_on": a.due_on, "done_on": a.done_on,
                     "method_ids": sorted(m.pk for m in a.methods.all())} for a in goal.actions.all()],
        "row_version": goal.row_version,
    }


def _plan(request, plan: Plan) -> dict:
    goals = selectors.goals_of(user=request.auth, plan=plan)
    return {"id": plan.pk, "trajectory_id": plan.trajectory_id, "version": plan.version, "status": plan.status,
            "goals": [_goal(g) for g in goals]}


def _goal_input(plan: Plan, payload: schemas.GoalIn) -> services.GoalInput:
    actions = None
    if payload.actions is not None:
        actions = [services.ActionInput(who=a.who, what=a.what, due_on=a.due_on, done_on=a.done_on,
                                        methods=services.methods_by_ids(a.method_ids)) for a in payload.actions]
    return services.GoalInput(
        life_domain=payload.life_domain, family_words=payload.family_words, worker_words=payload.worker_words,
        person=services.family_person(plan=plan, person_id=payload.person_id), parent_view=payload.parent_view,
        child_view=payload.child_view, child_view_source=payload.child_view_source, status=payload.status,
        methods=services.methods_by_ids(payload.method_ids), actions=actions)


@router.post("/trajectories/{trajectory_id}/plans", response={201: schemas.PlanOut},
             summary="Handelingsplan starten (versie 1, ontwerp)")
@dossier
def create_plan(request, trajectory_id: int):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id, action=Action.EDIT)
    plan = services.plan_create(actor=request.auth, trajectory=trajectory)
    return Status(201, _plan(request, plan))


@router.get("/trajectories/{trajectory_id}/plans", response=list[schemas.PlanVersionOut],
            summary="Versies van het handelingsplan van een traject")
@dossier
def trajectory_plans(request, trajectory_id: int):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id)
    plans = selectors.trajectory_plans(trajectory=trajectory)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=trajectory, object_type="plans.plan")
    return [_version(p) for p in plans]


def _version(plan: Plan) -> dict:
    return {"id": plan.pk, "version": plan.version, "status": plan.status, "signed_on": plan.signed_on,
            "row_version": plan.row_version,
            "signatories": [{"person_id": s.person_id, "user_id": s.user_id, "name": s.name, "capacity": s.capacity}
                            for s in plan.signatories.all()]}


@router.get("/plans/{plan_id}", response=schemas.PlanOut, summary="Eén versie van het handelingsplan")
@dossier
def get_plan(request, plan_id: int):
    plan = access_plan(user=request.auth, plan_id=plan_id)
    return _plan(request, plan)


@router.get("/plans/{plan_id}/versions", response=list[schemas.PlanVersionOut],
            summary="Alle versies van dit plan, met datum en ondertekenaars")
@dossier
def plan_versions(request, plan_id: int):
    plan = access_plan(user=request.auth, plan_id=plan_id)
    versions = selectors.plan_versions(plan=plan)
    return [_version(p) for p in versions]


@router.patch("/plans/{plan_id}", response=schemas.PlanOut,
              summary="Het plan wijzigen (409 wanneer deze versie ondertekend is)")
@dossier
def patch_plan(request, plan_id: int, payload: schemas.PlanPatchIn):
    plan = access_plan(user=request.auth, plan_id=plan_id, action=Action.EDIT)
    plan = services.plan_update(actor=request.auth, plan=plan, row_version=payload.row_version,
                                agreements=payload.agreements, discussed_on=payload.discussed_on)
    return _plan(request, plan)


@router.post("/plans/{plan_id}/goals", response={201: schemas.GoalOut},
             summary="Een doel toevoegen (409 wanneer deze versie ondertekend is)")
@dossier
def add_goal(request, plan_id: int, payload: schemas.GoalIn):
    plan = access_plan(user=request.auth, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        raise services.PlanFrozenError()
    goal = services.goal_add(actor=request.auth, plan=plan, data=_goal_input(plan, payload))
    return Status(201, _goal(goal))


@router.patch("/plans/{plan_id}/goals/{goal_id}", response=schemas.GoalOut,
              summary="Een doel wijzigen (409 wanneer deze versie ondertekend is)")
@dossier
def patch_goal(request, plan_id: int, goal_id: int, payload: schemas.GoalPatchIn):
    goal = access_goal(user=request.auth, goal_id=goal_id, action=Action.EDIT)
    if goal.plan_id != plan_id:
        raise Http404
    if goal.plan.is_signed:
        raise services.PlanFrozenError()
    goal = services.goal_update(actor=request.auth, goal=goal, data=_goal_input(goal.plan, payload),
                                row_version=payload.row_version)
    return _goal(goal)


@router.post("/plans/{plan_id}/sign", response=schemas.PlanOut,
             summary="Ondertekening vastleggen (datum, gezinsleden en medewerkers; op papier)")
@dossier
def sign_plan(request, plan_id: int, payload: schemas.SignIn):
    plan = access_plan(user=request.auth, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        raise services.PlanFrozenError()
    signatories = services.signatories_from_ids(
        plan=plan, items=[(s.person_id, s.user_id) for s in payload.signatories])
    plan = services.plan_sign(actor=request.auth, plan=plan, signed_on=payload.signed_on, signatories=signatories,
                              row_version=payload.row_version)
    return _plan(request, plan)


@router.post("/plans/{plan_id}/revise", response={201: schemas.PlanOut},
             summary="Nieuwe versie starten vanuit een ondertekende versie")
@dossier
def revise_plan(request, plan_id: int):
    plan = access_plan(user=request.auth, plan_id=plan_id, action=Action.EDIT)
    new = services.plan_revise(actor=request.auth, plan=plan)
    return Status(201, _plan(request, new))


def _evaluation(e) -> dict:
    return {"id": e.pk, "goal_id": e.goal_id, "evaluated_on": e.evaluated_on, "progress": e.progress,
            "decision": e.decision, "comment": e.comment, "family_comment": e.family_comment,
            "evidence_note_ids": sorted(n.pk for n in e.evidence.all())}


@router.post("/plans/{plan_id}/evaluations", response={201: list[schemas.EvaluationOut]},
             summary="Evaluatieronde: vooruitgang, bewijs uit het logboek en beslissing per doel")
@dossier
def post_evaluations(request, plan_id: int, payload: schemas.EvaluationRoundIn):
    plan = access_plan(user=request.auth, plan_id=plan_id, action=Action.EDIT)
    goals = {g.pk: g for g in selectors.goals_of(user=request.auth, plan=plan)}
    if any(item.goal_id not in goals for item in payload.items):
        raise DomainError(_("Evaluate goals of this plan."), field="items")
    rows = evaluations.evaluation_round(actor=request.auth, plan=plan, evaluated_on=payload.evaluated_on, items=[
        evaluations.EvaluationInput(goal=goals[i.goal_id], progress=i.progress, decision=i.decision,
                                    comment=i.comment, family_comment=i.family_comment,
                                    evidence_ids=i.evidence_note_ids) for i in payload.items])
    return Status(201, [_evaluation(e) for e in rows])


@router.get("/plans/{plan_id}/evaluations", response=list[schemas.EvaluationOut],
            summary="Evaluaties van de doelen van dit plan (ook van vorige versies)")
@dossier
def get_evaluations(request, plan_id: int):
    plan = access_plan(user=request.auth, plan_id=plan_id)
    by_goal = evaluations.evaluations_of(user=request.auth, plan=plan)
    return [_evaluation(e) for rows in by_goal.values() for e in rows]


@router.get("/trajectories/{trajectory_id}/plan-deadlines", response=list[schemas.DeadlineOut],
            summary="Termijnen: eerste plan, evaluatie en evolutieverslag (instellingen van het centrum)")
@dossier
def get_deadlines(request, trajectory_id: int):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id)
    found = deadlines.trajectory_deadlines(trajectories=visible_trajectories(user=request.auth).filter(
        pk=trajectory.pk), today=timezone.localdate())
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=trajectory, object_type="plans.deadline")
    return [{"kind": d.kind, "due_on": d.due_on, "state": d.state} for _t, rows in found for d in rows]


def _report(r) -> dict:
    return {"id": r.pk, "trajectory_id": r.trajectory_id, "kind": r.kind, "title": r.title,
            "period_start": r.period_start, "period_end": r.period_end, "status": r.status, "mandate": r.mandate,
            "issued_at": r.issued_at, "pdf_sha256": r.pdf_sha256, "content_sha256": r.content_sha256,
            "pdf_pages": r.pdf_pages}


@router.get("/trajectories/{trajectory_id}/reports", response=list[schemas.ReportOut],
            summary="Verslagen van een traject (evolutie- en eindverslagen)")
@dossier
def trajectory_reports(request, trajectory_id: int):
    trajectory = access_trajectory(user=request.auth, trajectory_id=trajectory_id)
    rows = selectors.trajectory_reports(user=request.auth, trajectory=trajectory)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=trajectory, object_type="plans.report")
    return [_report(r) for r in rows]


@router.get("/reports/{report_id}", response=schemas.ReportOut, summary="Metagegevens van een verslag")
@dossier
def get_report(request, report_id: int):
    return _report(access_report(user=request.auth, report_id=report_id))


@router.get("/reports/{report_id}/pdf", summary="De PDF van een uitgegeven verslag (of een ontwerp-voorbeeld)",
            description="Elke download wordt gelogd (export). Een uitgegeven verslag geeft de bewaarde PDF, "
                        "gecontroleerd tegen zijn sha256.")
@dossier
def get_report_pdf(request, report_id: int):
    report = access_report(user=request.auth, report_id=report_id)
    content = reports.issued_pdf(report=report) if report.is_issued else reports.preview_pdf(report=report)
    audit_record(actor=request.auth, action=AuditAction.EXPORT, target=report, family=report.family,
                 extra={"format": "pdf", "issued": report.is_issued})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.family.reference}-R{report.pk}.pdf"'
    return response
