"""The Kindreflex procedure: every step rule and every closing rule (spalk/safety/kindreflex.py)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.intake.tests.conftest import OrganisationFactory
from spalk.safety import kindreflex
from spalk.safety.models import KindreflexProcedure


def record(actor, procedure, number, **data):
    procedure.refresh_from_db()
    base = {"answers": REQUIRED.get(number, {}), "decision": f"Beslissing na stap {number}."}
    return kindreflex.step_record(actor=actor, procedure=procedure, number=number, version=procedure.version,
                                  data={**base, **data})


REQUIRED = {
    1: {"children": "Noor, 14/03/2024"},
    2: {"safety_home": "Twee avonden lag Noor om 23 uur wakker in de gang."},
    3: {"how_supported": "Avondritueel samen ingeoefend."},
    4: {"concern": "Drie keer geen lunch mee deze week.", "willingness": "Mama wil dat oma helpt."},
    5: {"concrete_worries": "Drie keer geen lunch mee naar school deze week.", "network": "Oma belt elke avond."},
    6: {"why_not_restored": "Mama weigert elke afspraak.", "to_whom": "Melding bij het VK, gesprek morgen."},
}


def step_2(colleague=None, expert="", feeling=False, reasons=""):
    return {"colleague": colleague, "expert": expert, "not_right_feeling": feeling, "not_right_reasons": reasons}


def fields_of(error):
    return {e.field for e in error.errors}


def test_steps_follow_each_other(counsellor, procedure):
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 2, **step_2(expert="VK"))
    assert "stap 1" in err.value.message
    record(counsellor, procedure, 1)
    record(counsellor, procedure, 2, **step_2(expert="Consulent VK, telefonisch"))


def test_required_question_and_decision(counsellor, procedure):
    with pytest.raises(DomainError) as err:
        kindreflex.step_record(actor=counsellor, procedure=procedure, number=1, version=procedure.version,
                               data={"answers": {}, "decision": ""})
    assert fields_of(err.value) == {"children", "decision"}


def test_step_2_without_colleague_or_expert_is_refused(counsellor, procedure):
    record(counsellor, procedure, 1)
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 2, **step_2())
    assert "colleague" in fields_of(err.value)


def test_step_2_with_yourself_as_colleague_is_refused(counsellor, procedure):
    record(counsellor, procedure, 1)
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 2, **step_2(colleague=counsellor))
    assert "colleague" in fields_of(err.value)


def test_step_2_records_the_feeling_and_its_reasons(counsellor, team_lead, procedure):
    record(counsellor, procedure, 1)
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 2, colleague=team_lead, not_right_feeling=None)
    assert "not_right_feeling" in fields_of(err.value)
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 2, **step_2(colleague=team_lead, feeling=True))
    assert "not_right_reasons" in fields_of(err.value)
    step = record(counsellor, procedure, 2, **step_2(colleague=team_lead, feeling=True, reasons="Rook alcohol."))
    assert step.not_right_feeling is True and step.colleague == team_lead


def test_the_database_refuses_step_2_alone(procedure):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        procedure.steps.create(number=2, decision="x", recorded_on=datetime.date.today(), not_right_feeling=False)


def _through_3(actor, procedure, colleague, feeling=False):
    record(actor, procedure, 1)
    record(actor, procedure, 2, **step_2(colleague=colleague, feeling=feeling, reasons="Rook alcohol." if feeling
                                          else ""))
    record(actor, procedure, 3)


def test_step_5_needs_a_named_safety_person(counsellor, team_lead, procedure, plan):
    _through_3(counsellor, procedure, team_lead)
    record(counsellor, procedure, 4)
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 5)
    assert "network" in fields_of(err.value)
    from spalk.safety import services

    services.safety_person_add(actor=counsellor, plan=plan, data={"name": "Rita", "phone": "0470 12 34 56",
                                                                  "does": "Belt elke avond."})
    record(counsellor, procedure, 5, answers={**REQUIRED[5], "progress": "Oma belde elke avond."})


def test_step_6_refer_needs_a_partner(counsellor, team_lead, procedure, rita, centre):
    _through_3(counsellor, procedure, team_lead)
    record(counsellor, procedure, 4)
    record(counsellor, procedure, 5)
    with pytest.raises(DomainError):
        record(counsellor, procedure, 6)  # no decision
    with pytest.raises(DomainError) as err:
        record(counsellor, procedure, 6, step_six_decision="refer")
    assert "step_six_decision" in fields_of(err.value)
    procedure.refresh_from_db()
    kindreflex.partners_set(actor=counsellor, procedure=procedure, organisations=[OrganisationFactory(centre=centre)],
                            version=procedure.version)
    assert record(counsellor, procedure, 6, step_six_decision="refer").step_six_decision == "refer"


def test_partners_come_from_the_centres_directory(counsellor, procedure, other_centre):
    with pytest.raises(DomainError):
        kindreflex.partners_set(actor=counsellor, procedure=procedure,
                                organisations=[OrganisationFactory(centre=other_centre)], version=procedure.version)


def _close(actor, procedure, reason, note="Afgesproken met mama; begeleider volgt op."):
    procedure.refresh_from_db()
    return kindreflex.procedure_close(actor=actor, procedure=procedure, reason=reason, note=note,
                                      closed_on=datetime.date.today(), version=procedure.version)


def test_closing_needs_the_three_standard_steps(counsellor, procedure):
    record(counsellor, procedure, 1)
    with pytest.raises(DomainError) as err:
        _close(counsellor, procedure, "no_concern")
    assert "stap 2" in err.value.message


def test_closing_without_concern_after_a_niet_pluis_feeling_needs_step_4(counsellor, team_lead, procedure):
    _through_3(counsellor, procedure, team_lead, feeling=True)
    with pytest.raises(DomainError) as err:
        _close(counsellor, procedure, "no_concern")
    assert "stap 4" in err.value.message
    record(counsellor, procedure, 4)
    assert _close(counsellor, procedure, "no_concern").status == "closed"


def test_closing_reasons_need_their_step(counsellor, team_lead, procedure):
    _through_3(counsellor, procedure, team_lead)
    for reason in ("safety_restored", "referred", "reported"):
        with pytest.raises(DomainError):
            _close(counsellor, procedure, reason)
    with pytest.raises(DomainError) as err:
        _close(counsellor, procedure, "no_concern", note=" ")
    assert fields_of(err.value) == {"close_note"}
    _close(counsellor, procedure, "no_concern")


def test_reported_needs_a_report_in_step_6(counsellor, team_lead, procedure, rita):
    _through_3(counsellor, procedure, team_lead)
    record(counsellor, procedure, 4)
    record(counsellor, procedure, 5)
    record(counsellor, procedure, 6, step_six_decision="report_vk")
    with pytest.raises(DomainError):
        _close(counsellor, procedure, "referred")
    assert _close(counsellor, procedure, "reported").close_reason == "reported"


def test_a_closed_procedure_changes_no_more(counsellor, team_lead, procedure):
    _through_3(counsellor, procedure, team_lead)
    _close(counsellor, procedure, "no_concern")
    with pytest.raises(DomainError):
        record(counsellor, procedure, 4)
    with pytest.raises(DomainError):
        kindreflex.consultation_log(actor=counsellor, procedure=procedure, data={
            "service": "vk", "consulted_on": datetime.date.today(), "question": "v", "advice": "a"})


def test_one_open_procedure_per_child(counsellor, family, noor, procedure):
    with pytest.raises(DomainError):
        kindreflex.procedure_start(actor=counsellor, family=family, child=noor, started_on=datetime.date.today())


def test_a_procedure_is_for_a_child_of_the_family(counsellor, family):
    parent = family.members.get().person
    with pytest.raises(DomainError):
        kindreflex.procedure_start(actor=counsellor, family=family, child=parent, started_on=datetime.date.today())


def test_stale_version_is_a_conflict(counsellor, procedure):
    seen = procedure.version
    kindreflex.step_record(actor=counsellor, procedure=procedure, number=1, version=seen,
                           data={"answers": REQUIRED[1], "decision": "a"})
    with pytest.raises(ConcurrentEditError):
        kindreflex.step_record(actor=counsellor, procedure=procedure, number=1, version=seen,
                               data={"answers": REQUIRED[1], "decision": "b"})


def test_one_audit_event_per_write(counsellor, team_lead, procedure):
    before = AuditEvent.objects.count()
    record(counsellor, procedure, 1)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.object_type == "safety.kindreflexprocedure" and event.extra["step"] == 1
    assert "Noor, 14/03" not in str(event.extra) and "step_1.answers" in event.fields
    kindreflex.consultation_log(actor=counsellor, procedure=procedure, data={
        "service": "ocj", "anonymous": True, "consulted_on": datetime.date.today(), "question": "Melden?",
        "advice": "Eerst stap 4."})
    assert AuditEvent.objects.count() == before + 2


def test_team_lead_start_screen_shows_the_open_procedure_until_closed(mfa_client, team_lead, counsellor, procedure,
                                                                      noor):
    client = mfa_client(team_lead)
    body = client.get(reverse("home")).content.decode()
    assert "Noor Peeters" in body and reverse("safety:procedure", args=[procedure.pk]) in body
    KindreflexProcedure.objects.filter(pk=procedure.pk).update(status="closed", closed_on=datetime.date.today(),
                                                              close_reason="no_concern")
    assert reverse("safety:procedure", args=[procedure.pk]) not in client.get(reverse("home")).content.decode()


def test_counsellor_start_screen_has_no_kindreflex_card(mfa_client, counsellor, procedure):
    assert reverse("safety:procedure", args=[procedure.pk]) not in mfa_client(counsellor).get(
        reverse("home")).content.decode()


def test_step_form_over_http(mfa_client, counsellor, team_lead, procedure):
    client = mfa_client(counsellor)
    url = reverse("safety:step", args=[procedure.pk, 1])
    assert client.get(url).status_code == 200
    ok = client.post(url, {"children": "Noor, 14/03/2024", "decision": "Verder naar stap 2.",
                           "version": procedure.version})
    assert ok.status_code == 302
    url2 = reverse("safety:step", args=[procedure.pk, 2])
    procedure.refresh_from_db()
    refused = client.post(url2, {"safety_home": "Deur op slot.", "decision": "x", "not_right_feeling": "no",
                                 "version": procedure.version})
    assert refused.status_code == 200 and "collega" in refused.content.decode()
    assert client.get(reverse("safety:step", args=[procedure.pk, 7])).status_code == 404


def test_a_child_safety_signal_opens_a_procedure_once(django_capture_on_commit_callbacks, night_staff, resident,
                                                      noor):
    from spalk.logbook import incidents
    from spalk.logbook.models import Incident, IncidentKind, Severity

    def report():
        with django_capture_on_commit_callbacks(execute=True):
            return incidents.incident_report(actor=night_staff, centre=resident.centre, family=resident,
                                             data=incidents.IncidentInput(kind=IncidentKind.CHILD_SAFETY,
                                                                          severity=Severity.HIGH, persons=[noor],
                                                                          description="Blauwe plek bij Noor"))

    first, second = report(), report()
    procedure = KindreflexProcedure.objects.get(child=noor)
    assert Incident.objects.get(pk=first.pk).safety_procedure_ref == f"KR-{procedure.pk}"
    assert Incident.objects.get(pk=second.pk).safety_procedure_ref == f"KR-{procedure.pk}"
