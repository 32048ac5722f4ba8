"""Fictional handelingsplannen for the demo families: a signed plan with goals in the family's own words, an
evaluation round with logbook notes as evidence, and one issued evolutieverslag per centre.

Idempotent: a trajectory that already has a plan is left alone. Every word here is invented.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from spalk.access.models import FamilyAssignment
from spalk.accounts.models import Membership, Role
from spalk.families.models import FamilyMember, MemberRole
from spalk.methods.models import Method
from spalk.plans import services
from spalk.plans.models import Plan, PlanSettings
from spalk.trajectories.models import Trajectory

DAY = datetime.timedelta(days=1)

# (life domain, for: "parent" | "child" | None (whole family), family's words, worker's words, parent's view,
#  child's view, methods, actions [(who, what, days after signing)])
GOALS = [
    ("parenting", "parent", "Ik wil rustig blijven als mijn kindje huilt, ook 's nachts.",
     "Moeder herkent de signalen van haar kind en reageert er sensitief op, ook bij stress.",
     "Soms weet ik niet waarom ze huilt, dan word ik boos op mezelf.", "", ["vht", "care-moment"],
     [("moeder", "Oefent elke avond het badmoment met een begeleider erbij", 14),
      ("begeleider", "Bespreekt twee keer per maand een beeldopname met moeder", 30)]),
    ("development", "child", "Dat hij goed groeit en leert praten.",
     "De ontwikkeling van het kind wordt opgevolgd; stimulering op maat in de leefgroep en thuis.",
     "Ik wil dat hij naar de kinderopvang kan.", "Speelt graag met de blokken en lacht veel (via de begeleider).",
     ["ziko", "development-stimulation"],
     [("kindbegeleider", "ZiKo-observatie invullen en met moeder bespreken", 21)]),
    ("housing", None, "Een eigen appartement dicht bij mijn mama.",
     "Het gezin vindt een betaalbare woning en bereidt de verhuis voor met het netwerk.",
     "", "", ["involve-services", "network-tables"],
     [("moeder", "Schrijft zich in bij twee sociale huisvestingsmaatschappijen", 30),
      ("contextbegeleider", "Gaat mee naar het OCMW voor de huurwaarborg", 45)]),
]


def _worker(trajectory: Trajectory):
    assignment = FamilyAssignment.objects.filter(family=trajectory.family).select_related("user").first()
    if assignment is not None:
        return assignment.user
    membership = Membership.objects.filter(centre=trajectory.family.centre,
                                           role__in=[Role.TEAM_LEAD, Role.DIRECTOR]).select_related("user").first()
    return membership.user if membership else None


def _plan_for(trajectory: Trajectory, *, today: datetime.date) -> Plan | None:
    worker = _worker(trajectory)
    members = list(FamilyMember.objects.filter(family=trajectory.family).select_related("person"))
    parent = next((m.person for m in members if m.role == MemberRole.PARENT), None)
    child = next((m.person for m in members if m.role == MemberRole.CHILD), None)
    if worker is None or parent is None or trajectory.admitted_on > today:
        return None
    plan = services.plan_create(actor=worker, trajectory=trajectory)
    for domain, who, family_words, worker_words, parent_view, child_view, codes, actions in GOALS:
        person = parent if who == "parent" else child if who == "child" else None
        if who == "child" and child is None:
            continue
        signed_on = max(trajectory.admitted_on, today - 40 * DAY)
        services.goal_add(actor=worker, plan=plan, data=services.GoalInput(
            life_domain=domain, family_words=family_words, worker_words=worker_words, person=person,
            parent_view=parent_view, child_view=child_view, child_view_source="worker" if child_view else "",
            methods=list(Method.objects.filter(code__in=codes)),
            actions=[services.ActionInput(who=w, what=what, due_on=signed_on + d * DAY) for w, what, d in actions]))
    signed_on = max(trajectory.admitted_on, today - 40 * DAY)
    signatories = [services.SignatoryInput(person=parent), services.SignatoryInput(user=worker)]
    return services.plan_sign(actor=worker, plan=plan, signed_on=signed_on, signatories=signatories)


# (progress 1-5, decision, comment, the family's comment) per goal, in the order of GOALS
EVALUATION = [
    (3, "continue", "Het badmoment verloopt rustiger; 's nachts blijft het moeilijk als ze moe is.",
     "Ik merk dat ik minder snel boos word."),
    (4, "continue", "Brabbelt meer, zegt 'mama' en 'bal'. De kinderopvang is aangevraagd.", ""),
    (2, "adjust", "Nog geen woning gevonden; de wachtlijsten zijn lang. We zoeken ook op de private markt.",
     "Ik wil liever in Oostende blijven."),
]


def _evaluate(plan: Plan, *, today: datetime.date) -> None:
    from spalk.access.policy import visible_notes
    from spalk.plans.evaluations import EvaluationInput, evaluation_round

    worker = _worker(plan.trajectory)
    evaluated_on = min(today, plan.signed_on + 30 * DAY) if plan.signed_on else today
    notes = list(visible_notes(user=worker, family=plan.family).filter(moment__date__lte=evaluated_on)
                 .order_by("-moment")[:2].values_list("pk", flat=True))
    items: list[EvaluationInput] = []
    for goal, (progress, decision, comment, family_comment) in zip(plan.goals.order_by("order"), EVALUATION,
                                                                  strict=False):
        items.append(EvaluationInput(goal=goal, progress=progress, decision=decision, comment=comment,
                                     family_comment=family_comment, evidence_ids=notes if not items else []))
    evaluation_round(actor=worker, plan=plan, evaluated_on=evaluated_on, items=items)


def _report(plan: Plan, *, today: datetime.date) -> None:
    from spalk.plans import reports

    worker = _worker(plan.trajectory)
    report = reports.report_draft(actor=worker, trajectory=plan.trajectory, data=reports.DraftInput(
        kind="progress", period_start=plan.trajectory.admitted_on, period_end=today))
    conclusion = report.sections.get(source="free")
    conclusion.body = ("Het gezin werkt goed mee. Moeder oefent elke dag en vraagt zelf om feedback. "
                       "We stellen voor de begeleiding verder te zetten met de nadruk op wonen en de nachtelijke "
                       "zorg.")
    conclusion.save()
    report.family_comment = "Ik ben blij dat ik hier mag blijven. Ik wil graag dicht bij mijn mama gaan wonen."
    report.signatories = [{"name": str(worker), "capacity": "trajectbegeleider"}]
    report.save(update_fields=["family_comment", "signatories"])
    reports.report_issue(actor=worker, report=report, version=report.version)


def load(*, stdout) -> None:
    today = timezone.localdate()
    issued: set[int] = set()
    for trajectory in Trajectory.objects.filter(closed_on__isnull=True, centre__short_name__in=["ANK", "STO"]) \
            .select_related("family", "family__centre").order_by("pk"):
        PlanSettings.objects.get_or_create(centre=trajectory.centre)
        if Plan.objects.filter(trajectory=trajectory).exists():
            continue
        with transaction.atomic():
            plan = _plan_for(trajectory, today=today)
            if plan is None:
                continue
            _evaluate(plan, today=today)
            if trajectory.centre_id not in issued:  # one issued evolutieverslag per centre: PDFs take a moment
                _report(plan, today=today)
                issued.add(trajectory.centre_id)
    stdout.write("plans: demo data loaded\n")
