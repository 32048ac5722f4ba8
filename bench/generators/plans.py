"""Handelingsplannen, evaluations and reports: a signed plan with six goals and two evaluation rounds for open
trajectories (``ctx.n(5000)``), and, for the measurements of issue 12, twenty "big" plans of 40 goals with 200
evaluations (five per goal) and a draft evolutieverslag of about twenty pages for five of them.

Loaded with ``bulk_create`` (triggers are off during the load); the big ones are marked ``bench-big`` in their
general agreements so that the measurements find them through the policy.
"""

from __future__ import annotations

import datetime
import uuid

from bench.generators.base import Context

NAME = "plans"
BIG_MARK = "bench-big"
DOMAINS = ["parenting", "development", "housing", "finance", "health", "work_education", "network",
           "administration", "safety"]
FAMILY_WORDS = ["Ik wil rustig blijven als mijn kind huilt.", "Dat hij goed groeit en leert praten.",
                "Een eigen appartement dicht bij mijn mama.", "Mijn schulden stap voor stap afbetalen.",
                "Op tijd naar de vroedvrouw en de dokter gaan.", "Mijn opleiding kinderzorg afmaken.",
                "Mijn zus helpt mij op zaterdag.", "Mijn papieren voor het OCMW in orde brengen.",
                "Dat mijn kind altijd veilig is, ook als ik moe ben."]
WORKER_WORDS = ["Moeder herkent de signalen van haar kind en reageert er sensitief op.",
                "De ontwikkeling wordt opgevolgd met ZiKo; stimulering op maat.",
                "Het gezin zoekt een betaalbare woning met steun van het netwerk.",
                "Er is een budgetplan; schuldbemiddeling is opgestart.",
                "De gezondheidsopvolging verloopt volgens de richtlijnen van K&G.",
                "Moeder volgt haar opleiding; kinderopvang is geregeld.",
                "Het netwerk is in kaart gebracht; er zijn twee veiligheidspersonen.",
                "De administratie is op orde; moeder doet de opvolging zelf.",
                "Er is een veiligheidsplan met concrete afspraken voor de nacht."]
REPORT_PARAGRAPH = ("Tijdens deze periode werkte het gezin aan de doelen van het handelingsplan. Moeder oefende "
                    "dagelijks de verzorgingsmomenten met een begeleider erbij, vroeg zelf om feedback en paste "
                    "de tips toe. Het kind reageert open en nieuwsgierig; de ontwikkeling verloopt volgens de "
                    "verwachtingen voor de leeftijd. Er waren twee moeilijke nachten waarin het netwerk werd "
                    "ingeschakeld volgens het veiligheidsplan. ")


def available() -> bool:
    from django.apps import apps

    return apps.is_installed("spalk.plans")


def generate(ctx: Context) -> None:
    from spalk.plans.models import (
        Evaluation,
        Goal,
        GoalAction,
        Plan,
        PlanSignatory,
        Report,
        ReportSection,
    )
    from spalk.trajectories.models import Trajectory

    rng = ctx.rng(NAME)
    today = ctx.today
    trajectories = list(Trajectory.objects.filter(closed_on__isnull=True, allocations__isnull=False)
                        .distinct().order_by("pk").values_list("pk", "family_id", "admitted_on")[:ctx.n(5000, 25)])
    staff = dict(Trajectory.objects.filter(pk__in=[t for t, _f, _a in trajectories])
                 .values_list("pk", "created_by_id"))
    big = set(t for t, _f, _a in trajectories[::max(1, len(trajectories) // 20)][:20])
    plans, goals, actions, evaluations, signatories = [], [], [], [], []
    for trajectory_id, family_id, admitted in trajectories:
        signed_on = min(today, admitted + datetime.timedelta(days=rng.randint(10, 30)))
        plan = Plan(trajectory_id=trajectory_id, family_id=family_id, version=1, status="signed",
                    signed_on=signed_on, signature_medium="paper", discussed_on=signed_on,
                    agreements=BIG_MARK if trajectory_id in big else "Wekelijks gezinsgesprek op dinsdag.")
        plans.append(plan)
    Plan.objects.bulk_create(plans, batch_size=2000)
    for plan in plans:
        n_goals, rounds = (40, 5) if plan.trajectory_id in big else (6, 2)
        signatories.append(PlanSignatory(plan=plan, user_id=staff.get(plan.trajectory_id), name="Begeleider",
                                         capacity="trajectbegeleider") if staff.get(plan.trajectory_id) else None)
        for i in range(n_goals):
            d = i % len(DOMAINS)
            goal = Goal(plan=plan, family_id=plan.family_id, lineage=uuid.UUID(int=rng.getrandbits(128)),
                        life_domain=DOMAINS[d], family_words=FAMILY_WORDS[d], worker_words=WORKER_WORDS[d],
                        parent_view="Ik wil dit echt.", status="in_progress", order=i + 1)
            goals.append(goal)
    signatories = [s for s in signatories if s is not None]
    Goal.objects.bulk_create(goals, batch_size=5000)
    PlanSignatory.objects.bulk_create(signatories, batch_size=5000)
    by_plan: dict[int, Plan] = {p.pk: p for p in plans}
    for goal in goals:
        plan = by_plan[goal.plan_id]
        rounds = 5 if plan.trajectory_id in big else 2
        actions.append(GoalAction(goal=goal, who="moeder", what="Oefent dagelijks met een begeleider erbij",
                                  due_on=plan.signed_on + datetime.timedelta(days=30), order=0))
        actions.append(GoalAction(goal=goal, who="begeleider", what="Bespreekt de voortgang elke week",
                                  due_on=plan.signed_on + datetime.timedelta(days=60), order=1))
        for r in range(rounds):
            evaluated_on = min(today, plan.signed_on + datetime.timedelta(days=20 * (r + 1)))
            evaluations.append(Evaluation(
                goal=goal, family_id=goal.family_id, lineage=goal.lineage, evaluated_on=evaluated_on,
                progress=rng.randint(1, 5), decision=rng.choice(["continue", "continue", "adjust", "reached"]),
                comment="Gaat stap voor stap vooruit.", evaluated_by_id=staff.get(plan.trajectory_id)
                or _any_staff()))
    GoalAction.objects.bulk_create(actions, batch_size=10000)
    Evaluation.objects.bulk_create(evaluations, batch_size=10000)
    reports, sections = [], []
    for plan in [p for p in plans if p.trajectory_id in big][:5]:
        report = Report(trajectory_id=plan.trajectory_id, family_id=plan.family_id, plan=plan, kind="progress",
                        title="Evolutieverslag (bench)", period_start=plan.signed_on, period_end=today,
                        mandate="ocj", signatories=[{"name": "Begeleider", "capacity": "trajectbegeleider"}],
                        family_comment="Ik ben het eens met dit verslag.", created_by_id=staff.get(plan.trajectory_id))
        reports.append(report)
    Report.objects.bulk_create(reports)
    for report in reports:
        for i in range(10):
            sections.append(ReportSection(report=report, source="free", title=f"Onderdeel {i + 1}",
                                          body="\n\n".join([REPORT_PARAGRAPH * 3] * 6), order=i))
    ReportSection.objects.bulk_create(sections)
    ctx.counts.update({"plans": len(plans), "plan goals": len(goals), "plan evaluations": len(evaluations),
                       "reports": len(reports)})


def _any_staff() -> int:
    from spalk.accounts.models import User

    return User.objects.order_by("pk").values_list("pk", flat=True).first()
