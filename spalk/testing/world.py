"""A world with one record of every kind a URL names, for the tests that walk the whole URL registry
(tests/security/test_junk_parameters.py: no 500 on junk; spalk/audit/tests/test_read_events.py: one read event per
dossier answer). A capability that adds a URL parameter adds its record and id here, once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from spalk.access.models import BreakGlassCategory
from spalk.access.services import break_glass_open
from spalk.accounts.models import Role
from spalk.agenda import services as agenda_services
from spalk.api.services import api_token_create
from spalk.intake import services as intake_services
from spalk.intake.models import Module
from spalk.intake.tests.conftest import (
    ContactPersonFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationMemberFactory,
)
from spalk.logbook import handovers as logbook_handovers
from spalk.logbook import incidents as logbook_incidents
from spalk.logbook import services as logbook_services
from spalk.logbook.models import Attachment
from spalk.notifications.models import Notification
from spalk.plans import reports as plans_reports
from spalk.plans import services as plans_services
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory, MembershipFactory, UserFactory
from spalk.trajectories import services as trajectory_services
from spalk.trajectories import supporters


def build_world(*, centre, director, installation_admin) -> dict:
    """One record of every kind a URL names, all in ``centre``, with ``ids`` by URL parameter name and the raw
    API ``token`` of the director. All data fictional."""
    today = timezone.localdate()
    colleague = UserFactory(email="walker-colleague@example.test")
    membership = MembershipFactory(user=colleague, centre=centre, role=Role.COUNSELLOR)
    family = FamilyFactory(centre=centre, name="Gezin Walker")
    mother = FamilyMemberFactory(family=family, person__first_name="Mona", person__last_name="Walker")
    child = add_member(family, age=4, first_name="Kobe")
    unit = UnitFactory(centre=centre, name="Studio W")
    trajectory = trajectory_services.trajectory_admit(actor=director, family=family,
                                                      admitted_on=today - datetime.timedelta(days=90)).trajectory
    from spalk.finance.tests.world import earlier_stay

    earlier_stay(centre=centre, director=director, family=family, members=[mother, child])
    stay = trajectory_services.stay_book(actor=director, family=family, unit=unit, members=[mother, child],
                                         care="crisis", start_date=today - datetime.timedelta(days=5),
                                         planned_end=today + datetime.timedelta(days=5))
    supporter = supporters.supporter_assign(actor=director, family=family, user=colleague,
                                            start_date=today - datetime.timedelta(days=3))
    registration = RegistrationFactory(centre=centre, family=family)
    reg_member = RegistrationMemberFactory(registration=registration)
    adoc = intake_services.a_document_create(actor=director, registration=registration, data={"motivation": "m"},
                                             lines=[(Module.objects.get(code="VHF-GO"), 6)])
    organisation = OrganisationFactory(centre=centre)
    contact = ContactPersonFactory(organisation=organisation)
    grant = break_glass_open(actor=colleague, family=family, category=BreakGlassCategory.CRISIS,
                             reason="Ruzie in de gang vannacht, ik moet weten wie de moeder kan bijstaan.")
    token, raw = api_token_create(actor=director, user=director, name="walker")
    note = logbook_services.note_create(actor=director, centre=centre, family=family, data=logbook_services.NoteInput(
        category="parent_work", text="Mona gaf Kobe zijn fruitpap."))
    attachment = Attachment.objects.create(note=note, file="logbook/walker-missing.pdf", original_name="a.pdf",
                                           content_type="application/pdf", size=1, sha256="0" * 64,
                                           uploaded_by=director)
    handover = logbook_handovers.handover_write(actor=director, centre=centre, unit=None, summary="Rustig.")
    task = logbook_handovers.shift_task_create(actor=director, centre=centre, title="Fles om 3u",
                                               due_at=timezone.now() + datetime.timedelta(hours=2))
    incident = logbook_incidents.incident_report(actor=director, centre=centre, family=family, data=logbook_incidents.
                                                 IncidentInput(kind="damage", severity=1, description="Glas stuk"))
    notification = Notification.objects.create(recipient=director, kind="incident", title="Incident gemeld")
    from spalk.methods.catalogue import load_catalogue
    from spalk.methods.models import Method, MethodArea

    load_catalogue(MethodArea, Method)  # a data migration's rows: gone after a transactional test
    method = Method.objects.order_by("pk").first()
    plan = plans_services.plan_create(actor=director, trajectory=trajectory)
    goal = plans_services.goal_add(actor=director, plan=plan, data=plans_services.GoalInput(
        life_domain="parenting", family_words="Ik wil Kobe zelf in bad doen.", worker_words="Mona baadt Kobe zelf."))
    report = plans_reports.report_draft(actor=director, trajectory=trajectory, data=plans_reports.DraftInput(
        kind="progress", period_start=today - datetime.timedelta(days=20), period_end=today))
    start = timezone.now() + datetime.timedelta(days=1)
    appointment = agenda_services.appointment_create(actor=director, family=family, data={
        "kind": "gp", "title": "Huisarts Kobe", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1),
        "persons": [child.person], "staff": [director]})
    _feed, feed_token = agenda_services.feed_create(actor=director)
    from spalk.finance.tests.world import finance_world

    finance = finance_world(centre=centre, director=director, family=family, payer=mother)
    safety = _safety_records(director=director, family=family, child=child.person, today=today)
    health = _health_world(director=director, family=family, mother=mother.person, child=child.person)
    network = _network_world(director=director, family=family, organisation=organisation, mother=mother.person)
    return {
        "ids": {
            "user_id": colleague.pk, "membership_id": membership.pk, "token_id": token.pk, "centre_id": centre.pk,
            "family_id": family.pk, "person_id": mother.person_id, "grant_id": grant.pk,
            "module_id": Module.objects.get(code="VHF-GO").pk, "registration_id": registration.pk,
            "member_id": reg_member.pk, "adoc_id": adoc.pk, "organisation_id": organisation.pk,
            "contact_id": contact.pk, "unit_id": unit.pk, "trajectory_id": trajectory.pk,
            "episode_id": trajectory.episodes.first().pk, "allocation_id": stay.allocation.pk,
            "supporter_id": supporter.pk, "stay_id": stay.allocation.members.first().pk,
            "night": today.isoformat(), "pk": grant.pk, "object_id": family.pk, "content_type_id": 1,
            "plan_id": plan.pk, "goal_id": goal.pk, "report_id": report.pk,
            "note_id": note.pk, "attachment_id": attachment.pk, "handover_id": handover.pk, "task_id": task.pk,
            "incident_id": incident.pk, "notification_id": notification.pk, "appointment_id": appointment.pk,
            "method_id": method.pk if method else 1,
            "token": feed_token,  # the director's calendar feed (agenda/feed/<token>.ics)
            **finance,
            **safety,
            **health,
            **network,
        },
        "token": raw,
    }


def _safety_records(*, director, family, child, today) -> dict:
    """A safety plan with a safety person, a contact restriction, a mapping and a Kindreflex procedure."""
    from spalk.safety import kindreflex as safety_kindreflex
    from spalk.safety import services as safety_services

    plan = safety_services.safety_plan_create(actor=director, family=family, data={
        "agreed_on": today, "review_on": today + datetime.timedelta(days=30), "rules": "Oma haalt Kobe op."})
    person = safety_services.safety_person_add(actor=director, plan=plan, data={
        "name": "Oma Walker", "phone": "0470 12 34 56", "does": "Belt elke avond."})
    restriction = safety_services.restriction_create(actor=director, family=family, data={
        "child": child, "restricted_name": "Tom W.", "kind": "no_pickup", "valid_from": today, "source": "centre"})
    mapping = safety_services.mapping_create(actor=director, family=family, data={
        "title": "Veiligheid van Kobe", "mapped_on": today, "next_review_on": today})
    score = safety_services.scaling_add(actor=director, mapping=mapping, participant="Mona", score=5,
                                        scored_on=today)
    entry = safety_services.mapping_entry_add(actor=director, mapping=mapping, kind="working_well",
                                              text="Oma Walker komt elke zondag koken.")
    procedure = safety_kindreflex.procedure_start(actor=director, family=family, child=child, started_on=today)
    return {"safety_plan_id": plan.pk, "safety_person_id": person.pk, "restriction_id": restriction.pk,
            "mapping_id": mapping.pk, "procedure_id": procedure.pk, "step": 1, "entry_id": entry.pk,
            "score_id": score.pk}


def _health_world(*, director, family, mother, child) -> dict:
    """Health records (spalk.health): a pregnancy of the mother, a medication and a Gordon assessment of the child."""
    from decimal import Decimal

    from spalk.access.policy import HealthAccess
    from spalk.health import services as health_services

    today = timezone.localdate()
    of_mother = HealthAccess(person=mother, family=family, full=True, may_edit=True)
    of_child = HealthAccess(person=child, family=family, full=True, may_edit=True)
    pregnancy = health_services.pregnancy_create(actor=director, access=of_mother, data=health_services.PregnancyInput(
        expected_date=today + datetime.timedelta(days=100)))
    medication = health_services.medication_add(actor=director, access=of_child, data=health_services.MedicationInput(
        name="Vitamine D", dose="1 druppel", start_on=today, times="08:00"))
    assessment = health_services.gordon_save(actor=director, access=of_mother, assessed_on=today,
                                             answers={"sleep": {"observation": "Slaapt slecht."}}, summary="")
    measurement = health_services.growth_measurement_add(actor=director, access=of_child,
                                                         data=health_services.GrowthInput(measured_on=today,
                                                                                          weight_kg=Decimal("16.2")))
    from spalk.health.milestones import load_milestones
    from spalk.health.models import Milestone

    load_milestones(Milestone)  # a data migration's rows: gone after a transactional test
    dose = health_services.vaccination_add(actor=director, access=of_child, data=health_services.VaccinationInput(
        vaccine="mmr", dose_number=1, given_on=today - datetime.timedelta(days=30)))
    consultation = health_services.consultation_add(actor=director, access=of_child, kind="kg", pregnancy=None,
                                                    data=health_services.ConsultationInput(held_on=today))
    allergy = health_services.allergy_add(actor=director, access=of_child, substance="Pinda")
    entry = health_services.entry_add(actor=director, access=of_mother, kind="contraception", noted_on=today,
                                      topic="Pil besproken", text="")
    observation = health_services.milestone_record(actor=director, access=of_child, data=health_services.
                                                   MilestoneInput(milestone_id=Milestone.objects.get(
                                                       code="walking-alone").pk, observed_on=today, status="achieved",
                                                       achieved_on=today - datetime.timedelta(days=900)))
    line = health_services.administration_log(actor=director, medication=medication, status="given",
                                              given_at=timezone.now())
    return {"pregnancy_id": pregnancy.pk, "medication_id": medication.pk, "assessment_id": assessment.pk,
            "growthmeasurement_id": measurement.pk, "vaccinationdose_id": dose.pk,
            "consultation_id": consultation.pk, "allergy_id": allergy.pk, "healthentry_id": entry.pk,
            "milestoneobservation_id": observation.pk, "medicationadministration_id": line.pk,
            # /api/v1/health/records/{kind}/{record_id}/error|withhold: one correctable record
            "kind": "measurements", "record_id": measurement.pk}
def _network_world(*, director, family, organisation, mother) -> dict:
    """A consent record with a share under it, a network meeting with an agreement and a referral out
    (spalk.network)."""
    from spalk.network import consent as network_consent
    from spalk.network import services as network_services

    today = timezone.localdate()
    record = network_consent.consent_record_create(actor=director, family=family, data=network_consent.RecordInput(
        basis="consent", scope="all", purpose="Opvolging na het verblijf.", valid_from=today,
        organisation=organisation, givers=[network_consent.GiverInput(person=mother)]))
    share = network_consent.share_create(actor=director, family=family, data=network_consent.ShareInput(
        kind="summary", consent=record, summary="Moeder is gestart met gesprekken."))
    meeting = network_services.meeting_create(actor=director, family=family, data={
        "kind": "network_table", "held_on": today, "family_voice": "Ik wil dat oma meer helpt."})
    agreement = network_services.agreement_add(actor=director, meeting=meeting, data={
        "what": "Oma haalt Kobe op woensdag", "responsible": director, "due_on": today})
    referral = network_services.referral_create(actor=director, family=family, data={
        "organisation": organisation, "reason": "Begeleiding na het verblijf."})
    return {"consent_id": record.pk, "share_id": share.pk, "meeting_id": meeting.pk, "agreement_id": agreement.pk,
            "referral_id": referral.pk}
