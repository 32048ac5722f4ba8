"""Plan screens: personas, autosave with conflict detection, signing, revision and differences, evaluation,
the start screen and flat query counts."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from spalk.audit.models import AuditEvent
from spalk.plans.models import Evaluation, Goal, Plan
from spalk.testing.clock import keep_day

from .conftest import add_goal, sign

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day


def _goal_post(goal, **over):
    data = {f"g{goal.pk}-{k}": v for k, v in {
        "person": str(goal.person_id or ""), "life_domain": goal.life_domain, "family_words": goal.family_words,
        "worker_words": goal.worker_words, "status": goal.status, "row_version": goal.row_version}.items()}
    data.update({f"g{goal.pk}-{k}": v for k, v in over.items()})
    return data


def test_trajectory_without_plan_offers_to_start_one(mfa_client, counsellor, trajectory):
    client = mfa_client(counsellor)
    response = client.get(f"/plans/trajectories/{trajectory.pk}/")
    assert response.status_code == 200
    assert "Handelingsplan starten" in response.content.decode()
    response = client.post(f"/plans/trajectories/{trajectory.pk}/new/")
    plan = Plan.objects.get(trajectory=trajectory)
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/edit/"
    assert client.get(f"/plans/trajectories/{trajectory.pk}/")["Location"] == f"/plans/{plan.pk}/"


def test_plan_page_shows_goals_words_and_signatures(mfa_client, counsellor, signed_plan, mother):
    body = mfa_client(counsellor).get(f"/plans/{signed_plan.pk}/").content.decode()
    assert "Ik wil rustig blijven." in body and "Een eigen huis." in body
    assert mother.full_name in body and "op papier" in body
    assert "Plan bewerken" not in body  # a signed version is not edited
    assert "Nieuwe versie starten" in body


@pytest.mark.parametrize("persona", ["outsider", "partner_night_staff", "centre_admin", "installation_admin"])
def test_who_cannot_see_the_family_gets_404(mfa_client, request, persona, plan):
    client = mfa_client(request.getfixturevalue(persona))
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 404


def test_read_only_roles_read_but_get_403_on_edit(mfa_client, administrative, plan):
    client = mfa_client(administrative)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/plans/{plan.pk}/goals/new/", {}).status_code == 403


def test_wrong_method_is_405(mfa_client, counsellor, plan):
    assert mfa_client(counsellor).post(f"/plans/{plan.pk}/").status_code == 405


def test_add_goal_through_the_form_keeps_input_on_error(mfa_client, counsellor, plan, toddler):
    client = mfa_client(counsellor)
    response = client.post(f"/plans/{plan.pk}/goals/new/", {
        "new-life_domain": "development", "new-person": str(toddler.pk), "new-child_view": "Speelt graag",
        "new-child_view_source": "child", "new-family_words": "Dat hij leert praten"})
    body = response.content.decode()
    assert response.status_code == 200 and "jonger dan 12" in body and "Dat hij leert praten" in body
    response = client.post(f"/plans/{plan.pk}/goals/new/", {
        "new-life_domain": "development", "new-person": str(toddler.pk), "new-child_view": "Speelt graag",
        "new-child_view_source": "worker", "new-family_words": "Dat hij leert praten",
        "new-action_who_0": "kindbegeleider", "new-action_what_0": "ZiKo invullen", "new-action_due_0": "01/01/2099"})
    assert response.status_code == 302, response.context["form"].errors
    goal = Goal.objects.get(plan=plan)
    assert goal.child_view_source == "worker" and goal.actions.get().what == "ZiKo invullen"


def test_autosave_saves_and_returns_the_new_row_version(mfa_client, counsellor, plan):
    goal = add_goal(plan, counsellor)
    response = mfa_client(counsellor).post(f"/plans/goals/{goal.pk}/", _goal_post(goal, family_words="Nieuw"),
                                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "Bewaard om" in body
    assert re.search(f'name="g{goal.pk}-row_version" value="2"', body)
    assert Goal.objects.get(pk=goal.pk).family_words == "Nieuw"


def test_two_workers_editing_the_same_goal_never_silently_overwrite(mfa_client, client, counsellor, case_lead, plan):
    goal = add_goal(plan, counsellor)
    stale = _goal_post(goal, family_words="Tekst van de begeleider")
    theirs = _goal_post(goal, family_words="Tekst van de trajectbegeleider")
    mfa_client(case_lead).post(f"/plans/goals/{goal.pk}/", theirs, HTTP_HX_REQUEST="true")
    response = mfa_client(counsellor).post(f"/plans/goals/{goal.pk}/", stale, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen bewaard" in body
    assert "Tekst van de trajectbegeleider" in body  # what the other person saved is shown
    assert Goal.objects.get(pk=goal.pk).family_words == "Tekst van de trajectbegeleider"
    # saving over it is a deliberate choice with the version just shown
    current = Goal.objects.get(pk=goal.pk)
    response = mfa_client(counsellor).post(f"/plans/goals/{goal.pk}/", {
        **stale, f"g{goal.pk}-overwrite_version": current.row_version}, HTTP_HX_REQUEST="true")
    assert "Bewaard om" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).family_words == "Tekst van de begeleider"


def test_plan_fields_conflict_too(mfa_client, counsellor, case_lead, plan):
    data = {"plan-agreements": "Eerst", "plan-row_version": plan.row_version}
    assert "Bewaard om" in mfa_client(case_lead).post(f"/plans/{plan.pk}/save/", data,
                                                       HTTP_HX_REQUEST="true").content.decode()
    body = mfa_client(counsellor).post(f"/plans/{plan.pk}/save/", {**data, "plan-agreements": "Tweede"},
                                       HTTP_HX_REQUEST="true").content.decode()
    assert "Iemand anders heeft dit intussen bewaard" in body
    assert Plan.objects.get(pk=plan.pk).agreements == "Eerst"


def test_autosave_on_a_signed_plan_says_to_start_a_new_version(mfa_client, counsellor, signed_plan):
    goal = signed_plan.goals.first()
    response = mfa_client(counsellor).post(f"/plans/goals/{goal.pk}/", _goal_post(goal, family_words="x"),
                                           HTTP_HX_REQUEST="true")
    assert "Start een nieuwe versie" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).family_words != "x"


def test_sign_through_the_form(mfa_client, counsellor, plan, mother):
    add_goal(plan, counsellor, person=mother)
    client = mfa_client(counsellor)
    page = client.get(f"/plans/{plan.pk}/sign/").content.decode()
    assert mother.full_name in page
    response = client.post(f"/plans/{plan.pk}/sign/", {"signed_on": TODAY.strftime("%d/%m/%Y"),
                                                       "family": [str(mother.pk)], "staff": [str(counsellor.pk)],
                                                       "row_version": Plan.objects.get(pk=plan.pk).row_version})
    assert response.status_code == 302, response.content.decode()[:3000]
    signed = Plan.objects.get(pk=plan.pk)
    assert signed.status == "signed" and signed.signatories.count() == 2


def test_sign_without_family_member_is_refused_with_the_input_kept(mfa_client, counsellor, plan, mother):
    add_goal(plan, counsellor, person=mother)
    response = mfa_client(counsellor).post(f"/plans/{plan.pk}/sign/", {
        "signed_on": "31/02/2026", "staff": [str(counsellor.pk)], "row_version": 2})
    body = response.content.decode()
    assert response.status_code == 200 and "31/02/2026" in body
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_revise_and_diff(mfa_client, counsellor, signed_plan):
    client = mfa_client(counsellor)
    confirm = client.post(f"/plans/{signed_plan.pk}/revise/")
    assert confirm.status_code == 200 and "Versie 1 blijft" in confirm.content.decode()
    response = client.post(f"/plans/{signed_plan.pk}/revise/", {"confirmed": "1"})
    new = Plan.objects.get(trajectory=signed_plan.trajectory, version=2)
    assert response.status_code == 302 and response["Location"] == f"/plans/{new.pk}/edit/"
    goal = new.goals.first()
    client.post(f"/plans/goals/{goal.pk}/", _goal_post(goal, worker_words="Herwerkt doel"), HTTP_HX_REQUEST="true")
    add_goal(new, counsellor, life_domain="finance", family_words="Mijn schulden afbetalen")
    body = client.get(f"/plans/{new.pk}/diff/").content.decode()
    assert "Herwerkt doel" in body and "Mijn schulden afbetalen" in body and "nieuw doel" in body
    assert "gewijzigd" in body


def test_evaluate_round_with_logbook_evidence(mfa_client, counsellor, signed_plan, family):
    from spalk.logbook.models import Note

    note = Note.objects.create(centre=family.centre, family=family, author=counsellor, category="parent_work",
                               text="Badmoment rustig verlopen")
    goal = signed_plan.goals.first()
    client = mfa_client(counsellor)
    assert "Badmoment rustig verlopen" in client.get(f"/plans/{signed_plan.pk}/evaluate/").content.decode()
    response = client.post(f"/plans/{signed_plan.pk}/evaluate/", {
        "evaluated_on": TODAY.strftime("%d/%m/%Y"), f"progress_{goal.pk}": "4", f"decision_{goal.pk}": "continue",
        f"comment_{goal.pk}": "Gaat goed", f"evidence_{goal.pk}": [str(note.pk)]})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert list(evaluation.evidence.all()) == [note] and evaluation.lineage == goal.lineage
    assert "Gaat goed" in client.get(f"/plans/{signed_plan.pk}/").content.decode()


def test_decision_is_carried_into_the_next_version(counsellor, signed_plan):
    from django.db import transaction

    from spalk.plans import services
    from spalk.plans.evaluations import EvaluationInput, evaluation_round

    goal = signed_plan.goals.first()
    with transaction.atomic():
        evaluation_round(actor=counsellor, plan=signed_plan, evaluated_on=TODAY,
                         items=[EvaluationInput(goal=goal, progress=5, decision="reached")])
    new = services.plan_revise(actor=counsellor, plan=signed_plan)
    assert new.goals.get(lineage=goal.lineage).status == "reached"
    assert Goal.objects.get(pk=goal.pk).status == "open"  # the signed version did not change


def test_portal_parent_does_not_see_a_withheld_goal(mfa_client, portal_parent, counsellor, plan, mother):
    add_goal(plan, counsellor, person=mother, family_words="Zichtbaar doel")
    hidden = add_goal(plan, counsellor, family_words="Info van derde")
    Goal.objects.filter(pk=hidden.pk).update(withheld_from_family=True, withheld_reason="third_party")
    from spalk.plans.selectors import goals_of

    assert [g.family_words for g in goals_of(user=portal_parent, plan=plan)] == ["Zichtbaar doel"]
    assert len(goals_of(user=counsellor, plan=plan)) == 2


def test_start_screen_shows_overdue_first_plan_to_worker_and_team_lead(mfa_client, counsellor, team_lead,
                                                                        colleague, trajectory):
    for user in (counsellor, team_lead):
        body = mfa_client(user).get("/").content.decode()
        assert 'data-work-item="plans.deadlines"' in body and "Gezin Peeters" in body
        assert "eerste plan ondertekend" in body and "te laat sinds" in body
    assert "Gezin Peeters" not in mfa_client(colleague).get("/").content.decode().split("plans.deadlines")[-1][:2000]


def test_start_screen_query_count_is_flat(mfa_client, team_lead, centre, django_assert_max_num_queries):
    from spalk.testing.factories import FamilyFactory
    from spalk.trajectories.models import Trajectory

    def add():
        f = FamilyFactory(centre=centre)
        Trajectory.objects.create(family=f, centre=centre, admitted_on=TODAY)

    add()
    client = mfa_client(team_lead)
    client.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for _ in range(5):
        add()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_plan_page_query_count_is_flat(mfa_client, counsellor, signed_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = mfa_client(counsellor)
    client.get(f"/plans/{signed_plan.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/plans/{signed_plan.pk}/")
    new = Plan.objects.get(pk=signed_plan.pk)
    from spalk.plans import services

    draft = services.plan_revise(actor=counsellor, plan=new)
    for _ in range(6):
        add_goal(draft, counsellor)
    sign(draft, counsellor, new.family.members.first().person)
    client.get(f"/plans/{draft.pk}/")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/plans/{draft.pk}/")
    assert len(many.captured_queries) == len(one.captured_queries)


def _evaluate(plan, actor, *, notes, comment):
    from django.db import transaction

    from spalk.plans.evaluations import EvaluationInput, evaluation_round

    with transaction.atomic():
        evaluation_round(actor=actor, plan=plan, evaluated_on=TODAY, items=[
            EvaluationInput(goal=g, progress=3, decision="continue", comment=comment,
                            family_comment="Het lukt <b>echt</b>", evidence_ids=[n.pk for n in notes])
            for g in plan.goals.all()])


def test_plan_page_shows_every_evaluation_and_keeps_its_query_count(mfa_client, counsellor, family, mother):
    """More goals, actions, methods, evaluations and evidence on the page: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spalk.logbook.models import Note
    from spalk.methods.models import Method
    from spalk.plans import services
    from spalk.trajectories.models import Trajectory

    def signed_plan_with(goals: int, rounds: int, evidence: int) -> Plan:
        trajectory = Trajectory.objects.create(family=family, centre=family.centre, admitted_on=TODAY)
        plan = services.plan_create(actor=counsellor, trajectory=trajectory)
        methods = list(Method.objects.order_by("pk")[:2])
        for i in range(goals):
            add_goal(plan, counsellor, person=mother if i % 2 else None, family_words=f"Doel {i} in eigen woorden",
                     methods=methods, actions=[services.ActionInput(who="moeder", what=f"Oefent stap {i}",
                                                                    due_on=TODAY),
                                               services.ActionInput(who="begeleider", what="Volgt op")])
        plan = sign(plan, counsellor, mother)
        notes = [Note.objects.create(centre=family.centre, family=family, author=counsellor,
                                     category="parent_work", text=f"Bewijs {i}") for i in range(evidence)]
        for r in range(rounds):
            _evaluate(plan, counsellor, notes=notes, comment=f"Ronde {r} verliep goed")
        return plan

    client = mfa_client(counsellor)
    small = signed_plan_with(goals=1, rounds=1, evidence=0)
    client.get(f"/plans/{small.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/plans/{small.pk}/")
    Trajectory.objects.filter(pk=small.trajectory_id).update(closed_on=TODAY)  # one open trajectory per family
    big = signed_plan_with(goals=6, rounds=3, evidence=2)
    client.get(f"/plans/{big.pk}/")
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/plans/{big.pk}/")
    assert len(many.captured_queries) == len(one.captured_queries)
    body = response.content.decode()
    assert body.count('class="panel goal"') == 6 and "Doel 5 in eigen woorden" in body
    assert body.count("Ronde 2 verliep goed") == 6 and body.count("Het lukt &lt;b&gt;echt&lt;/b&gt;") == 18
    assert "<b>echt" not in body  # what a worker typed is escaped
    assert "3 evaluaties" in body and body.count("Oefent stap") == 6
    note = Note.objects.filter(family=family, text="Bewijs 1").get()
    assert body.count(f'href="/logbook/notes/{note.pk}/"') == 18
    assert body.count(Method.objects.order_by("pk")[0].name) >= 6
    assert mother.full_name in body and "het hele gezin" in body


def test_a_write_leaves_its_audit_and_the_page_one_read(mfa_client, counsellor, plan):
    response = mfa_client(counsellor).get(f"/plans/{plan.pk}/")
    assert AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="view").count() == 1


def test_a_goal_can_be_withheld_from_the_family_with_a_reason(mfa_client, counsellor, portal_parent, plan):
    goal = add_goal(plan, counsellor, family_words="Informatie van de huisarts")
    client = mfa_client(counsellor)
    response = client.post(f"/plans/goals/{goal.pk}/", _goal_post(goal, withheld="on"), HTTP_HX_REQUEST="true")
    assert "waarom" in response.content.decode().lower()  # a reason is required
    client.post(f"/plans/goals/{goal.pk}/", _goal_post(goal, withheld="on", withheld_reason="third_party"),
                HTTP_HX_REQUEST="true")
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.withheld_from_family and stored.withheld_by == counsellor
    from spalk.plans.selectors import goals_of

    assert list(goals_of(user=portal_parent, plan=plan)) == []
