"""Two people editing the same record: the second one gets a conflict, never an overwrite.

Every model of spalk with a ``version`` field is an editable dossier record and must have a case in
``CASES`` (the last test fails when a new one lands without it).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import close_old_connections, connection
from django.utils import timezone

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError
from spalk.families import services as family_services
from spalk.testing.factories import PersonFactory


@dataclass
class Case:
    """How to make one record and change one of its text fields through its service."""

    make: Callable[[Any, Any], Any]  # (family, actor) -> record
    update: Callable[..., Any]  # (actor, record, value, version) -> record
    field: str
    read: Callable[[Any], Any] | None = None  # record -> the value as passed to update (non-text fields)

    def value_of(self, record: Any) -> Any:
        return self.read(record) if self.read else getattr(record, self.field)


def _family_update(actor, record, value, version):
    return family_services.family_update(actor=actor, family=record, data={"name": value}, version=version)


def _person_make(family, actor):
    person = PersonFactory(centre=family.centre, first_name="Sarah")
    family.members.create(person=person, role="parent")
    return person


def _person_update(actor, record, value, version):
    return family_services.person_update(actor=actor, person=record, data={"first_name": value},
                                         version=version, role="parent")


def _registration_make(family, actor):
    import datetime

    from spalk.intake.services import registration_create

    return registration_create(actor=actor, centre=family.centre, data={
        "received_on": datetime.date.today(), "family_name": "Gezin Peeters", "channel": "phone"})


def _registration_update(actor, record, value, version):
    from spalk.intake.services import registration_update

    return registration_update(actor=actor, registration=record, data={"family_name": value}, version=version)


def _stay_module_lines():
    """A module that needs an indication (a stay outside family admission), requested for six months."""
    import datetime

    from spalk.intake.models import Module

    module = Module.objects.filter(directly_accessible=False, kind="stay").first() or Module.objects.create(
        code="T6", name="Verblijf hoge frequentie", kind="stay", frequency="high", directly_accessible=False,
        valid_from=datetime.date(2020, 1, 1))
    return [(module, 6)]


def _a_document_make(family, actor):
    from spalk.intake.services import a_document_create

    return a_document_create(actor=actor, registration=_registration_make(family, actor),
                             data={"question": "Ondersteuning bij de opvoeding"}, lines=_stay_module_lines())


def _a_document_update(actor, record, value, version):
    from spalk.intake.services import a_document_update

    return a_document_update(actor=actor, adoc=record, data={"question": value}, lines=_stay_module_lines(),
                             version=version)


def _unit_make(family, actor):
    from spalk.stays.models import Unit

    return Unit.objects.create(centre=family.centre, name="Studio 5", kind="studio")


def _unit_update(actor, record, value, version):
    from spalk.stays.services import unit_update

    return unit_update(actor=actor, unit=record, data={"features": value}, version=version)


# Centre settings hold numbers only: each text value maps to a number of days.
_DAYS = {"Eerste versie": 20, "Tweede versie": 21, "Versie A": 22, "Versie B": 23}


def _settings_make(family, actor):
    from spalk.trajectories.services import settings_update

    return settings_update(actor=actor, centre=family.centre, data={})


def _settings_update(actor, record, value, version):
    from spalk.trajectories.services import settings_update

    return settings_update(actor=actor, centre=record.centre, data={"crisis_max_days": _DAYS[value]}, version=version)


def _appointment_make(family, actor):
    from django.utils import timezone

    from spalk.agenda import services as agenda_services

    starts = timezone.now() + datetime.timedelta(days=2)
    return agenda_services.appointment_create(actor=actor, family=family, data={
        "kind": "kg_consultation", "title": "Consultatie", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1)})


def _appointment_update(actor, record, value, version):
    from spalk.agenda import services as agenda_services

    return agenda_services.appointment_update(actor=actor, appointment=record, data={"title": value}, version=version)


def _handover_make(family, actor):
    from spalk.testing.logbook import HandoverFactory

    return HandoverFactory(centre=family.centre, written_by=actor)


def _handover_update(actor, record, value, version):
    from spalk.logbook import handovers

    return handovers.handover_update(actor=actor, handover=record, version=version, summary=value)


def _method_make(family, actor):
    import uuid

    from spalk.methods.models import AreaCode, Method, MethodArea

    area, _created = MethodArea.objects.get_or_create(code=AreaCode.values[0])
    return Method.objects.create(area=area, code=f"test-{uuid.uuid4().hex[:8]}", name="Methode voor de test")


def _method_update(actor, record, value, version):
    from spalk.methods import services as method_services

    return method_services.method_update(actor=actor, method=record, version=version, data={"name": value})


def _plan_settings_make(family, actor):
    from spalk.plans.services import plan_settings_update

    return plan_settings_update(actor=actor, centre=family.centre, data={}, version=None)


def _plan_settings_update(actor, record, value, version):
    from spalk.plans.services import plan_settings_update

    return plan_settings_update(actor=actor, centre=record.centre, data={"first_plan_within_days": _DAYS[value]},
                                version=version)


def _report_make(family, actor):
    from spalk.plans.reports import DraftInput, report_draft
    from spalk.trajectories.models import Trajectory

    today = datetime.date.today()
    trajectory = Trajectory.objects.create(family=family, centre=family.centre,
                                           admitted_on=today - datetime.timedelta(days=30))
    return report_draft(actor=actor, trajectory=trajectory, data=DraftInput(
        kind="progress", period_start=trajectory.admitted_on, period_end=today, sources=("plan",)))


def _report_update(actor, record, value, version):
    from spalk.plans.reports import report_update

    return report_update(actor=actor, report=record, version=version, title=value, period_start=record.period_start,
                         period_end=record.period_end, family_comment="", signatories=record.signatories,
                         sections=[])


def _note_make(family, actor):
    from spalk.logbook.models import Category
    from spalk.logbook.services import NoteInput, note_create

    return note_create(actor=actor, centre=family.centre, family=family,
                       data=NoteInput(category=Category.PARENT_WORK, text="Mama oefende het badritueel."))


def _note_update(actor, record, value, version):
    from spalk.logbook.services import note_correct

    return note_correct(actor=actor, note=record, version=version, reason="tikfout", text=value)


def _incident_make(family, actor):
    from spalk.logbook.incidents import IncidentInput, incident_report
    from spalk.logbook.models import IncidentKind

    return incident_report(actor=actor, centre=family.centre, family=family, data=IncidentInput(
        kind=IncidentKind.MEDICAL, severity=1, description="Kind viel van de trap, geen letsel."))


def _incident_update(actor, record, value, version):
    from spalk.logbook.incidents import incident_update

    return incident_update(actor=actor, incident=record, version=version, actions_taken=value, follow_up="",
                           follow_up_due=None)


def _presence_make(family, actor):
    from spalk.presence.models import PresenceNight
    from spalk.stays.tests.factories import UnitFactory, add_member
    from spalk.testing.stays import book_stay

    today = datetime.date.today()
    parent = family.members.first()
    booking = book_stay(actor=actor, family=family, unit=UnitFactory(centre=family.centre),
                        start=today - datetime.timedelta(days=5), end=today + datetime.timedelta(days=5),
                        members=[parent, add_member(family, age=2)])
    stay = booking.members.get(member=parent)
    return PresenceNight.objects.create(family=family, stay=stay, member_id=stay.member_id,
                                        night=today - datetime.timedelta(days=1), status="present",
                                        recorded_by=actor, recorded_at=timezone.now())


def _presence_update(actor, record, value, version):
    from spalk.presence.services import presence_record

    return presence_record(actor=actor, stay=record.stay, night=record.night, status="present", note=value,
                           version=version)


def _rate_make(family, actor):
    from spalk.finance.services import rate_add

    return rate_add(actor=actor, category="single", monthly_amount=1000, valid_from=datetime.date(2090, 1, 1),
                    source="bron")


def _rate_update(actor, record, value, version):
    from spalk.finance.services import rate_update

    return rate_update(actor=actor, rate=record, version=version, monthly_amount=record.monthly_amount,
                       valid_from=record.valid_from, valid_to=record.valid_to, source=value)


def _percentage_make(family, actor):
    from spalk.finance.services import percentage_add

    return percentage_add(actor=actor, percentage=25, valid_from=datetime.date(2090, 1, 1), source="bron")


def _percentage_update(actor, record, value, version):
    from spalk.finance.services import percentage_update

    return percentage_update(actor=actor, row=record, version=version, percentage=record.percentage,
                             valid_from=record.valid_from, valid_to=record.valid_to, source=value)


def _finance_settings_make(family, actor):
    from spalk.finance.services import settings_update

    return settings_update(actor=actor, centre=family.centre, data={}, version=None)


def _finance_settings_update(actor, record, value, version):
    from spalk.finance.services import settings_update

    return settings_update(actor=actor, centre=record.centre, data={"account_holder": value}, version=version)
def _health_access(family):
    from spalk.access.policy import HealthAccess

    person = family.members.first().person
    return HealthAccess(person=person, family=family, full=True, may_edit=True)


def _health_record(model_name: str, **fields):
    """A health record of the family's first person (spalk.health), saved as its services would."""
    def make(family, actor):
        from django.apps import apps as django_apps

        access = _health_access(family)
        model = django_apps.get_model("health", model_name)
        return model.objects.create(family=family, person=access.person, recorded_by=actor, **fields)

    return make


def _health_update(field_name: str):
    def update(actor, record, value, version):
        from spalk.health.services import record_update

        return record_update(actor=actor, record=record, version=version, changes={field_name: value})

    return update


def _pregnancy_make(family, actor):
    from spalk.health import services as health_services

    return health_services.pregnancy_create(actor=actor, access=_health_access(family), data=health_services.
                                            PregnancyInput(expected_date=datetime.date.today()
                                                           + datetime.timedelta(days=100)))


def _pregnancy_update(actor, record, value, version):
    from spalk.health import services as health_services

    return health_services.pregnancy_update(actor=actor, pregnancy=record, version=version, data=health_services.
                                            PregnancyInput(expected_date=record.expected_date, risks=value))


def _medication_make(family, actor):
    from spalk.health import services as health_services

    return health_services.medication_add(actor=actor, access=_health_access(family), data=health_services.
                                          MedicationInput(name="Vitamine D", dose="1 druppel",
                                                          start_on=datetime.date.today()))


def _medication_update(actor, record, value, version):
    from spalk.health import services as health_services

    return health_services.medication_update(actor=actor, medication=record, version=version, data=health_services.
                                             MedicationInput(name=value, dose=record.dose, start_on=record.start_on))


def _gordon_make(family, actor):
    from spalk.health import services as health_services

    return health_services.gordon_save(actor=actor, access=_health_access(family), assessed_on=datetime.date.today(),
                                       answers={"sleep": {"observation": "Slaapt goed."}}, summary="")


def _gordon_update(actor, record, value, version):
    from spalk.health import services as health_services

    return health_services.gordon_save(actor=actor, access=_health_access(record.family), assessed_on=record.
                                       assessed_on, answers=record.answers, summary=value, assessment=record,
                                       version=version)


def _milestone_make(family, actor):
    from spalk.health.milestones import load_milestones
    from spalk.health.models import Milestone, MilestoneObservation

    load_milestones(Milestone)
    access = _health_access(family)
    return MilestoneObservation.objects.create(family=family, person=access.person, recorded_by=actor,
                                               milestone=Milestone.objects.get(code="walking-alone"),
                                               observed_on=datetime.date.today(), status="not_yet")


_TODAY = datetime.date.today()
HEALTH_CASES: dict[str, Case] = {
    "health.MilestoneObservation": Case(make=_milestone_make, update=_health_update("note"), field="note"),
    "health.Pregnancy": Case(make=_pregnancy_make, update=_pregnancy_update, field="risks"),
    "health.Medication": Case(make=_medication_make, update=_medication_update, field="name"),
    "health.GordonAssessment": Case(make=_gordon_make, update=_gordon_update, field="summary"),
    "health.GrowthMeasurement": Case(make=_health_record("GrowthMeasurement", measured_on=_TODAY, age_days=0,
                                                         weight_kg=3), update=_health_update("note"), field="note"),
    "health.Consultation": Case(make=_health_record("Consultation", kind="kg", held_on=_TODAY),
                                update=_health_update("notes"), field="notes"),
    "health.Birth": Case(make=_health_record("Birth", born_on=_TODAY), update=_health_update("notes"), field="notes"),
    "health.VaccinationDose": Case(make=_health_record("VaccinationDose", vaccine="hexa", dose_number=1,
                                                       given_on=_TODAY), update=_health_update("product"),
                                   field="product"),
    "health.HealthEntry": Case(make=_health_record("HealthEntry", kind="note", noted_on=_TODAY, topic="x"),
                               update=_health_update("topic"), field="topic"),
    "health.Allergy": Case(make=_health_record("Allergy", substance="x"), update=_health_update("substance"),
                           field="substance"),
}


def _safety_plan_make(family, actor):
    from spalk.safety import services as safety_services

    today = datetime.date.today()
    return safety_services.safety_plan_create(actor=actor, family=family, data={
        "agreed_on": today, "review_on": today, "rules": "Oma haalt Noor op school."})


def _safety_plan_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.safety_plan_update(actor=actor, plan=record, data={"note": value}, version=version)


def _safety_person_make(family, actor):
    from spalk.safety import services as safety_services

    return safety_services.safety_person_add(actor=actor, plan=_safety_plan_make(family, actor), data={
        "name": "Rita", "phone": "0470 12 34 56", "does": "Belt elke avond."})


def _safety_person_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.safety_person_update(actor=actor, person=record, data={"does": value}, version=version)


def _restriction_make(family, actor):
    from spalk.safety import services as safety_services

    return safety_services.restriction_create(actor=actor, family=family, data={
        "restricted_name": "Kevin", "kind": "no_visit", "valid_from": datetime.date.today(), "source": "centre"})


def _restriction_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.restriction_update(actor=actor, restriction=record, data={"if_seen": value},
                                              version=version)


def _mapping_make(family, actor):
    from spalk.safety import services as safety_services

    today = datetime.date.today()
    return safety_services.mapping_create(actor=actor, family=family, data={
        "title": "Veiligheid", "mapped_on": today, "next_review_on": today})


def _mapping_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.mapping_update(actor=actor, mapping=record, data={"title": value}, version=version)


def _entry_make(family, actor):
    from spalk.safety import services as safety_services

    return safety_services.mapping_entry_add(actor=actor, mapping=_mapping_make(family, actor), kind="working_well",
                                             text="Oma komt elke zondag koken.")


def _entry_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.mapping_entry_correct(actor=actor, entry=record, version=version, reason="typfout",
                                                 text=value)


def _score_make(family, actor):
    from spalk.safety import services as safety_services

    return safety_services.scaling_add(actor=actor, mapping=_mapping_make(family, actor), participant="Sarah",
                                       score=4, scored_on=datetime.date.today())


def _score_update(actor, record, value, version):
    from spalk.safety import services as safety_services

    return safety_services.scaling_correct(actor=actor, score_row=record, version=version, reason="verkeerd genoteerd",
                                           score=record.score, why=value)


def _procedure_make(family, actor):
    from spalk.safety import kindreflex
    from spalk.testing.factories import FamilyMemberFactory

    child = FamilyMemberFactory(family=family, role="child").person
    return kindreflex.procedure_start(actor=actor, family=family, child=child, started_on=datetime.date.today())


def _procedure_update(actor, record, value, version):
    from spalk.safety import kindreflex

    kindreflex.step_record(actor=actor, procedure=record, number=1, version=version, data={
        "answers": {"children": "Noor, 14/03/2024"}, "decision": value})
    return record


def _procedure_read(record):
    step = record.steps.filter(number=1).first()
    return step.decision if step else None


def _network_org(family):
    from spalk.partners.models import Organisation

    return Organisation.objects.get_or_create(centre=family.centre, name="CGG Slot (demo)", defaults={"kind": "cgg"})[0]


def _consent_make(family, actor):
    from spalk.network import consent

    person = family.members.filter(role="parent").first().person
    return consent.consent_record_create(actor=actor, family=family, data=consent.RecordInput(
        basis="consent", scope="reports", purpose="Verslag voor het CGG", valid_from=datetime.date.today(),
        organisation=_network_org(family), givers=[consent.GiverInput(person=person)]))


def _consent_update(actor, record, value, version):
    from spalk.network import consent

    return consent.consent_record_update(actor=actor, record=record, data={"purpose": value}, version=version)


def _meeting_make(family, actor):
    from spalk.network import services

    return services.meeting_create(actor=actor, family=family, data={"kind": "network_table",
                                                                     "held_on": datetime.date.today()})


def _meeting_update(actor, record, value, version):
    from spalk.network import services

    return services.meeting_update(actor=actor, meeting=record, data={"summary": value}, version=version)


def _referral_make(family, actor):
    from spalk.network import services

    return services.referral_create(actor=actor, family=family, data={"organisation": _network_org(family),
                                                                      "reason": "Nazorg"})


def _referral_update(actor, record, value, version):
    from spalk.network import services

    return services.referral_update(actor=actor, referral=record, data={"status_note": value}, version=version)


CASES: dict[str, Case] = {
    "logbook.Note": Case(make=_note_make, update=_note_update, field="text"),
    "logbook.Incident": Case(make=_incident_make, update=_incident_update, field="actions_taken"),
    "presence.PresenceNight": Case(make=_presence_make, update=_presence_update, field="note"),
    "finance.LeefloonRate": Case(make=_rate_make, update=_rate_update, field="source"),
    "finance.ContributionPercentage": Case(make=_percentage_make, update=_percentage_update, field="source"),
    "finance.CentreFinanceSettings": Case(make=_finance_settings_make, update=_finance_settings_update,
                                          field="account_holder"),
    "network.ConsentRecord": Case(make=_consent_make, update=_consent_update, field="purpose"),
    "network.NetworkMeeting": Case(make=_meeting_make, update=_meeting_update, field="summary"),
    "network.Referral": Case(make=_referral_make, update=_referral_update, field="status_note"),
    "agenda.Appointment": Case(make=_appointment_make, update=_appointment_update, field="title"),
    "logbook.Handover": Case(make=_handover_make, update=_handover_update, field="summary"),
    "methods.Method": Case(make=_method_make, update=_method_update, field="name"),
    "stays.Unit": Case(make=_unit_make, update=_unit_update, field="features"),
    "trajectories.CentreTrajectorySettings": Case(
        make=_settings_make, update=_settings_update, field="crisis_max_days",
        read=lambda r: {days: text for text, days in _DAYS.items()}.get(r.crisis_max_days)),
    "families.Family": Case(make=lambda family, actor: family, update=_family_update, field="name"),
    "families.Person": Case(make=_person_make, update=_person_update, field="first_name"),
    "intake.Registration": Case(make=_registration_make, update=_registration_update, field="family_name"),
    "intake.ADocument": Case(make=_a_document_make, update=_a_document_update, field="question"),
    "plans.PlanSettings": Case(
        make=_plan_settings_make, update=_plan_settings_update, field="first_plan_within_days",
        read=lambda r: {days: text for text, days in _DAYS.items()}.get(r.first_plan_within_days)),
    "plans.Report": Case(make=_report_make, update=_report_update, field="title"),
    "safety.SafetyPlan": Case(make=_safety_plan_make, update=_safety_plan_update, field="note"),
    "safety.SafetyPerson": Case(make=_safety_person_make, update=_safety_person_update, field="does"),
    "safety.ContactRestriction": Case(make=_restriction_make, update=_restriction_update, field="if_seen"),
    "safety.SafetyMapping": Case(make=_mapping_make, update=_mapping_update, field="title"),
    "safety.MappingEntry": Case(make=_entry_make, update=_entry_update, field="text"),
    "safety.ScalingScore": Case(make=_score_make, update=_score_update, field="why"),
    "safety.KindreflexProcedure": Case(make=_procedure_make, update=_procedure_update, field="decision",
                                       read=_procedure_read),
    **HEALTH_CASES,
}
# Records with a version field that no form or API call edits with a version the person saw; their
# changes are state transitions under a row lock (select_for_update) that bump the version.
NO_VERSIONED_EDIT = {
    "trajectories.Trajectory": "changed only by transitions (admit, phase, close, reopen) under a row lock",
    "plans.Plan": "``version`` is the plan's number in the public API (1, 2, ...); edits lock on ``row_version`` "
                  "(spalk/plans/tests: API 409 on a stale row_version, two workers in the editor)",
    "plans.PlanEvent": "history rows of plans.Plan (pghistory): their ``version`` is the plan's number",
    "finance.PayingAdult": "a category change adds a row (payer_add); payer_end compares the version shown under a "
                           "row lock (spalk/finance/tests/test_family_finance.py)",
    "finance.Reduction": "changed only by the director's decision (reduction_decide), a state transition under a "
                         "row lock",
}


@pytest.mark.parametrize("label", sorted(CASES))
def test_second_save_with_the_same_version_is_a_conflict(label, director, family):
    case = CASES[label]
    record = case.make(family, director)
    model = record.__class__
    seen = model.objects.get(pk=record.pk).version  # both people opened the form at this version
    case.update(director, model.objects.get(pk=record.pk), "Eerste versie", seen)
    with pytest.raises(ConcurrentEditError) as info:
        case.update(director, model.objects.get(pk=record.pk), "Tweede versie", seen)
    assert "Iemand anders heeft dit intussen gewijzigd" in info.value.message
    fresh = model.objects.get(pk=record.pk)
    assert case.value_of(fresh) == "Eerste versie"
    assert fresh.version == seen + 1
    updates = AuditEvent.objects.filter(action="update", object_type=model._meta.label_lower,
                                        object_id=str(record.pk))
    assert updates.count() == 1  # the refused save left no audit row


@pytest.mark.parametrize("label", sorted(CASES))
@pytest.mark.django_db(transaction=True)
def test_racing_saves_with_the_same_version_one_wins(label, director, family):
    """Two threads, two database connections, the same version at the same moment: exactly one wins."""
    case = CASES[label]
    record = case.make(family, director)
    model = record.__class__
    seen = model.objects.get(pk=record.pk).version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(value: str) -> None:
        try:
            barrier.wait(timeout=10)
            case.update(director, model.objects.get(pk=record.pk), value, seen)
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("Versie A", "Versie B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    close_old_connections()
    assert sorted(outcomes) == ["conflict", "saved"]
    fresh = model.objects.get(pk=record.pk)
    assert fresh.version == seen + 1
    assert case.value_of(fresh) in {"Versie A", "Versie B"}


def test_conflict_over_http_keeps_the_input_and_the_first_save(mfa_client, director, team_lead, family):
    url = f"/families/{family.pk}/edit/"
    first = mfa_client(director)
    version = family.version
    data = {"name": "Gezin Peeters-Diallo", "street": "", "postal_code": "", "city": "Oostende", "phone": "",
            "languages": "", "version": version}
    assert first.post(url, data).status_code == 302
    second = mfa_client(team_lead)
    response = second.post(url, {**data, "name": "Gezin Peeters-Janssens"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "Gezin Peeters-Janssens" in body  # the person's input is still in the form
    family.refresh_from_db()
    assert family.name == "Gezin Peeters-Diallo"


def test_conflict_over_the_api_is_409(client, api_token, family):
    url = f"/api/v1/families/{family.pk}"
    auth = {"Authorization": f"Bearer {api_token}"}
    version = family.version
    ok = client.patch(url, {"name": "Gezin A", "version": version}, content_type="application/json", headers=auth)
    assert ok.status_code == 200
    late = client.patch(url, {"name": "Gezin B", "version": version}, content_type="application/json",
                        headers=auth)
    assert late.status_code == 409
    assert late.json()["detail"][0]["field"] == "version"
    family.refresh_from_db()
    assert family.name == "Gezin A"


def test_every_editable_record_type_has_a_locking_case():
    import pghistory.models

    versioned = {m._meta.label for m in apps.get_models()
                 if m.__module__.startswith("spalk.") and not issubclass(m, pghistory.models.Event)
                 and any(f.name == "version" for f in m._meta.concrete_fields)}
    missing = versioned - set(CASES) - set(NO_VERSIONED_EDIT)
    assert not missing, f"editable records with a version field but no optimistic-locking case: {missing}"
