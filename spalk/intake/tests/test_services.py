"""Intake services: the state change and exactly one audit event; the domain rules."""

from __future__ import annotations

import datetime

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.test import override_settings
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import FamilyMember
from spalk.intake import selectors, services
from spalk.intake.models import (
    ADocument,
    ADocumentStatus,
    Module,
    RegistrationStep,
    Status,
    WaitingListEntry,
    WaitingListEntryEvent,
)
from spalk.intake.selectors import expected_capacity, waiting_list
from spalk.intake.tests.conftest import RegistrationFactory, RegistrationMemberFactory, years_ago
from spalk.stays.models import Allocation, Unit
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory, PersonFactory, national_number

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def events(**kwargs):
    return AuditEvent.objects.filter(**kwargs)


def test_create_registration_records_step_and_one_audit_event(intake_officer, centre, partner):
    module = Module.objects.get(code="VHF-GO")
    reg = services.registration_create(actor=intake_officer, centre=centre, modules=[module], data={
        "received_on": TODAY(), "family_name": "Gezin Nieuw", "care": "stay_high", "mandate": "ocj",
        "referrer_organisation": partner, "question_family": "We willen samen blijven."})
    assert reg.status == Status.NEW and list(reg.requested_modules.all()) == [module]
    assert RegistrationStep.objects.get(registration=reg).by == intake_officer
    assert events(object_type="intake.registration", object_id=str(reg.pk)).count() == 1


def test_referrer_contact_must_work_at_referring_organisation(intake_officer, centre, partner):
    from spalk.intake.tests.conftest import ContactPersonFactory, OrganisationFactory

    elsewhere = ContactPersonFactory(organisation=OrganisationFactory(centre=centre))
    with pytest.raises(DomainError) as exc:
        services.registration_create(actor=intake_officer, centre=centre, data={
            "received_on": TODAY(), "family_name": "X", "referrer_organisation": partner,
            "referrer_contact": elsewhere})
    assert exc.value.field == "referrer_contact"


def test_update_uses_optimistic_locking(intake_officer, registration):
    services.registration_update(actor=intake_officer, registration=registration, data={"city": "Gent"}, version=1)
    with pytest.raises(ConcurrentEditError):
        services.registration_update(actor=intake_officer, registration=registration, data={"city": "Brugge"},
                                     version=1)


def test_member_rules(intake_officer, registration):
    with pytest.raises(DomainError):
        services.registration_member_add(actor=intake_officer, registration=registration,
                                         data={"role": "unborn", "last_name": "X"})
    with pytest.raises(DomainError):
        services.registration_member_add(actor=intake_officer, registration=registration,
                                         data={"role": "child", "first_name": "X", "pregnant": True})
    member = services.registration_member_add(actor=intake_officer, registration=registration, data={
        "role": "unborn", "expected_birth_date": TODAY() + datetime.timedelta(days=50)})
    assert events(object_type="intake.registrationmember", object_id=str(member.pk)).count() == 1


def _to_decision(actor, reg):
    services.registration_transition(actor=actor, registration=reg, to_status=Status.IN_SCREENING)
    services.screening_save(actor=actor, registration=reg, answers={"drug_use": {"answer": "no"}},
                            weighing="not_yet")
    return services.registration_transition(actor=actor, registration=reg, to_status=Status.DECISION)


def test_decision_needs_screening_first(intake_officer, registration):
    services.registration_transition(actor=intake_officer, registration=registration, to_status=Status.IN_SCREENING)
    with pytest.raises(DomainError):
        services.registration_transition(actor=intake_officer, registration=registration, to_status=Status.DECISION)


def test_every_decision_needs_a_reason(intake_officer, registration):
    reg = _to_decision(intake_officer, registration)
    for status in (Status.WAITING_LIST, Status.ADMITTED, Status.DECLINED, Status.REFERRED, Status.WITHDRAWN):
        with pytest.raises(DomainError) as exc:
            services.registration_transition(actor=intake_officer, registration=reg, to_status=status, reason="  ")
        assert exc.value.field == "reason"


def test_impossible_step_is_refused(intake_officer, registration):
    with pytest.raises(DomainError):
        services.registration_transition(actor=intake_officer, registration=registration, to_status=Status.ADMITTED,
                                         reason="x")


def test_declined_family_gets_a_referral(intake_officer, registration, partner):
    reg = _to_decision(intake_officer, registration)
    with pytest.raises(DomainError) as exc:
        services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.DECLINED,
                                         reason="Druggebruik staat te sterk op de voorgrond.")
    assert exc.value.field == "referred_to"
    before = events().count()
    reg = services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.DECLINED,
                                           reason="Druggebruik staat te sterk op de voorgrond.", referred_to=partner)
    assert reg.status == Status.DECLINED and reg.referred_to == partner
    assert events().count() == before + 1
    step = reg.steps.order_by("-pk").first()
    assert (step.by, step.reason, step.from_status) == (intake_officer, reg.decision_reason, Status.DECISION)


def test_waiting_list_then_admission_creates_family_through_family_services(intake_officer, registration):
    reg = _to_decision(intake_officer, registration)
    RegistrationMemberFactory(registration=reg, role="unborn", first_name="", birth_date=None,
                              expected_birth_date=TODAY() + datetime.timedelta(days=40))
    reg = services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.WAITING_LIST,
                                           reason="Geen plaats vrij.")
    entry = WaitingListEntry.objects.get(registration=reg)
    assert entry.left_on is None and entry.next_contact_due == TODAY() + datetime.timedelta(days=30)
    reg = services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.ADMITTED,
                                           reason="Studio vrij.")
    assert reg.family is not None and reg.family.name == "Gezin Janssens"
    roles = sorted(FamilyMember.objects.filter(family=reg.family).values_list("role", flat=True))
    assert roles == ["parent", "unborn"]
    assert all(m.person_id for m in reg.members.all())
    assert WaitingListEntry.objects.get(registration=reg).left_on == TODAY()
    assert events(family_id=reg.family.pk, action=AuditAction.CREATE, object_type="families.family").count() == 1


def test_admission_to_linked_family_adds_only_new_members(intake_officer, centre, family):
    reg = RegistrationFactory(centre=centre, family_name="Gezin Peeters")
    services.registration_from_family(actor=intake_officer, registration=reg, family=family)
    RegistrationMemberFactory(registration=reg, role="child", first_name="Nieuw", birth_date=years_ago(1))
    reg = _to_decision(intake_officer, reg)
    services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.ADMITTED, reason="ok")
    assert FamilyMember.objects.filter(family=family).count() == 2


def test_link_member_to_duplicate_person_links_family(intake_officer, centre, family):
    person = family.members.get().person
    reg = RegistrationFactory(centre=centre)
    member = RegistrationMemberFactory(registration=reg, first_name=person.first_name, last_name=person.last_name,
                                       birth_date=person.birth_date)
    services.registration_member_link(actor=intake_officer, member=member, person=person)
    reg.refresh_from_db()
    assert reg.family == family


def test_link_refuses_person_of_other_centre(intake_officer, registration, other_centre):
    stranger = PersonFactory(centre=other_centre)
    with pytest.raises(DomainError):
        services.registration_member_link(actor=intake_officer, member=registration.members.get(), person=stranger)


def test_screening_keeps_versions_and_requires_reasoning_with_weighing(intake_officer, registration):
    first = services.screening_save(actor=intake_officer, registration=registration,
                                    answers={"drug_use": {"answer": "yes", "note": "cannabis"}}, weighing="not_yet")
    with pytest.raises(DomainError):
        services.screening_save(actor=intake_officer, registration=registration, answers={}, weighing="limiting")
    second = services.screening_save(actor=intake_officer, registration=registration,
                                     answers={"drug_use": {"answer": "no"}}, weighing="not_limiting",
                                     weighing_note="Gestopt sinds drie maanden.")
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.answers["drug_use"] == {"answer": "yes", "note": "cannabis"}
    with pytest.raises(DomainError):
        services.screening_save(actor=intake_officer, registration=registration,
                                answers={"made_up": {"answer": "yes"}}, weighing="not_yet")
    with pytest.raises(DomainError):
        services.screening_save(actor=intake_officer, registration=registration,
                                answers={"drug_use": {"answer": "maybe"}}, weighing="not_yet")


def _a_document(actor, reg):
    return services.a_document_create(actor=actor, registration=reg, data={"motivation": "m"},
                                      lines=[(Module.objects.get(code="VHF-GO"), 6)])


def test_a_document_refuses_directly_accessible_modules(intake_officer, registration):
    with pytest.raises(DomainError):
        services.a_document_create(actor=intake_officer, registration=registration, data={},
                                   lines=[(Module.objects.get(code="CB"), 6)])


def _consent_all(actor, registration):
    for member in registration.members.all():
        if member.consent_needed_on(TODAY()):
            services.registration_member_update(actor=actor, member=member, data={"consent": "given"})


def _consenting_registration(actor, centre, family):
    reg = RegistrationFactory(centre=centre, family=family)
    RegistrationMemberFactory(registration=reg, role="parent", consent="given")
    return reg


def test_a_document_needs_consent_before_sending(intake_officer, registration):
    adoc = _a_document(intake_officer, registration)
    with pytest.raises(DomainError) as exc:
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=TODAY())
    assert "Lien Janssens" in exc.value.message
    _consent_all(intake_officer, registration)
    registration.refresh_from_db()
    assert registration.parents_consent is True  # the summary follows the members
    adoc = services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=TODAY())
    assert adoc.status == ADocumentStatus.SENT and adoc.sent_on == TODAY()
    with pytest.raises(DomainError):
        services.a_document_update(actor=intake_officer, adoc=adoc, data={"motivation": "x"}, lines=[],
                                   version=adoc.version)


def test_a_document_needs_consent_of_minor_aged_12_or_more_and_names_them(intake_officer, registration):
    """The minor's age counts on the day of sending: 11 the day before the 12th birthday, 12 on it."""
    send_on = TODAY()
    teen = RegistrationMemberFactory(registration=registration, role="child", first_name="Noor",
                                     last_name="Janssens", birth_date=years_ago(12))
    small = RegistrationMemberFactory(registration=registration, role="child", first_name="Mats",
                                      last_name="Janssens", birth_date=years_ago(11))
    services.registration_member_update(actor=intake_officer, member=registration.members.get(role="parent"),
                                        data={"consent": "given"})
    adoc = _a_document(intake_officer, registration)
    with pytest.raises(DomainError) as exc:
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=send_on)
    assert "Noor Janssens" in exc.value.message and "Mats" not in exc.value.message
    assert ADocument.objects.get(pk=adoc.pk).status == ADocumentStatus.DRAFT
    # sent the day before Noor's 12th birthday, her consent is not needed yet
    day_before = teen.birth_date.replace(year=teen.birth_date.year + 12) - datetime.timedelta(days=1)
    assert teen.consent_needed_on(day_before) is False and small.consent_needed_on(send_on) is False
    services.registration_member_update(actor=intake_officer, member=teen, data={"consent": "refused"})
    with pytest.raises(DomainError):
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=send_on)
    services.registration_member_update(actor=intake_officer, member=teen, data={"consent": "given"})
    adoc = services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=send_on)
    assert adoc.status == ADocumentStatus.SENT


def test_a_document_needs_a_parent_and_known_birth_dates_of_children(intake_officer, centre):
    reg = RegistrationFactory(centre=centre)
    adoc = _a_document(intake_officer, reg)
    with pytest.raises(DomainError):  # no parent recorded at all
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=TODAY())
    RegistrationMemberFactory(registration=reg, role="parent", consent="given")
    RegistrationMemberFactory(registration=reg, role="child", first_name="Zonder", birth_date=None)
    with pytest.raises(DomainError) as exc:
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=TODAY())
    assert "Zonder" in exc.value.message


def test_parents_consent_is_a_summary_of_every_parent(intake_officer, centre):
    reg = RegistrationFactory(centre=centre)
    first = services.registration_member_add(actor=intake_officer, registration=reg, data={
        "role": "parent", "first_name": "An", "birth_date": years_ago(30), "consent": "given"})
    reg.refresh_from_db()
    assert reg.parents_consent is True
    second = services.registration_member_add(actor=intake_officer, registration=reg, data={
        "role": "parent", "first_name": "Bo", "birth_date": years_ago(31)})
    reg.refresh_from_db()
    assert reg.parents_consent is False
    services.registration_member_update(actor=intake_officer, member=second, data={"consent": "given"})
    reg.refresh_from_db()
    assert reg.parents_consent is True
    services.registration_member_update(actor=intake_officer, member=first, data={"consent": "refused"})
    reg.refresh_from_db()
    assert reg.parents_consent is False


def test_indication_for_returns_only_a_valid_positive_indication(intake_officer, centre, family):
    reg = _consenting_registration(intake_officer, centre, family)
    adoc = _a_document(intake_officer, reg)
    adoc = services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT, on=TODAY())
    start = TODAY()
    assert services.indication_for(family=family, module_code="VHF-GO", on_date=start) is None
    before = events().count()
    services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.GRANTED, on=TODAY(),
                                   modules_granted=[Module.objects.get(code="VHF-GO")], granted_from=start,
                                   granted_until=start + datetime.timedelta(days=180), itp_reference="ITP-1")
    assert events().count() == before + 1
    assert services.indication_for(family=family, module_code="VHF-GO", on_date=start) == adoc
    assert services.indication_for(family=family, module_code="VLF-GO", on_date=start) is None
    assert services.indication_for(family=family, module_code="VHF-GO",
                                   on_date=start + datetime.timedelta(days=181)) is None
    assert services.indication_for(family=family, module_code="VHF-GO",
                                   on_date=start - datetime.timedelta(days=1)) is None


def test_refusal_needs_reason_and_gives_no_indication(intake_officer, centre, family):
    reg = _consenting_registration(intake_officer, centre, family)
    adoc = services.a_document_set_status(actor=intake_officer, adoc=_a_document(intake_officer, reg),
                                          status=ADocumentStatus.SENT, on=TODAY())
    with pytest.raises(DomainError):
        services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.REFUSED, on=TODAY())
    services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.REFUSED, on=TODAY(),
                                   refusal_reason="Contextbegeleiding volstaat.")
    assert services.indication_for(family=family, module_code="VHF-GO", on_date=TODAY()) is None


def _waiting(actor, reg, since=None):
    reg = _to_decision(actor, reg)
    services.registration_transition(actor=actor, registration=reg, to_status=Status.WAITING_LIST, reason="vol")
    entry = WaitingListEntry.objects.get(registration=reg)
    if since:
        WaitingListEntry.objects.filter(pk=entry.pk).update(since=since, next_contact_due=since)
        entry.refresh_from_db()
    return entry


def test_waiting_list_order_rule(intake_officer, team_lead, centre):
    from spalk.access.policy import visible_registrations

    days = datetime.timedelta
    old = _waiting(intake_officer, RegistrationFactory(centre=centre, family_name="Oud"), TODAY() - days(50))
    new = _waiting(intake_officer, RegistrationFactory(centre=centre, family_name="Nieuw"), TODAY() - days(5))
    urgent = _waiting(intake_officer, RegistrationFactory(centre=centre, family_name="Dringend", urgency="acute"),
                      TODAY() - datetime.timedelta(1))
    order = [e.registration.family_name for e in waiting_list(registrations=visible_registrations(user=team_lead))]
    assert order == ["Dringend", "Oud", "Nieuw"]
    before = events().count()
    services.waiting_priority_set(actor=team_lead, entry=new, priority=2, reason="Bevalling binnen twee weken.")
    assert events().count() == before + 1
    order = [e.registration.family_name for e in waiting_list(registrations=visible_registrations(user=team_lead))]
    assert order == ["Nieuw", "Dringend", "Oud"]
    assert old.is_overdue(TODAY()) and not urgent.is_overdue(TODAY() - datetime.timedelta(days=2))
    with pytest.raises(DomainError):
        services.waiting_priority_set(actor=team_lead, entry=new, priority=1, reason="")


def test_contact_moves_the_next_follow_up(intake_officer, registration):
    entry = _waiting(intake_officer, registration, TODAY() - datetime.timedelta(40))
    assert entry.is_overdue(TODAY())
    services.waiting_contact_add(actor=intake_officer, entry=entry, on=TODAY(), kind="phone", note="Nog steeds nood.")
    entry.refresh_from_db()
    assert entry.next_contact_due == TODAY() + datetime.timedelta(days=30) and not entry.is_overdue(TODAY())
    with pytest.raises(DomainError):
        services.waiting_contact_add(actor=intake_officer, entry=entry, on=TODAY() + datetime.timedelta(days=1),
                                     kind="phone")


def test_every_priority_change_is_kept_with_who_when_and_why(intake_officer, team_lead, director, registration):
    entry = _waiting(intake_officer, registration)
    services.waiting_priority_set(actor=team_lead, entry=entry, priority=2, reason="Bevalling binnen twee weken.")
    services.waiting_priority_set(actor=director, entry=entry, priority=-1, reason="Tijdelijk bij familie.")
    entry.refresh_from_db()
    assert (entry.priority, entry.priority_reason) == (-1, "Tijdelijk bij familie.")
    history = selectors.priority_history(entry=entry)
    assert [(c.from_priority, c.to_priority, c.by, c.reason) for c in history] == [
        (2, -1, director, "Tijdelijk bij familie."), (0, 2, team_lead, "Bevalling binnen twee weken.")]
    assert all(c.at is not None for c in history)
    with pytest.raises(DomainError):  # no reason: nothing recorded
        services.waiting_priority_set(actor=team_lead, entry=entry, priority=3, reason=" ")
    assert entry.priority_changes.count() == 2
    # pghistory tracks the entry itself too (priority, next contact, leaving the list)
    assert list(WaitingListEntryEvent.objects.filter(pgh_obj=entry).order_by("pgh_id")
                .values_list("priority", flat=True))[-2:] == [2, -1]


@override_settings(SPALK_WAITING_FOLLOW_UP_DAYS=14)
def test_follow_up_interval_is_a_setting(intake_officer, registration):
    entry = _waiting(intake_officer, registration)
    assert entry.next_contact_due == TODAY() + datetime.timedelta(days=14)
    services.waiting_contact_add(actor=intake_officer, entry=entry, on=TODAY(), kind="phone")
    entry.refresh_from_db()
    assert entry.next_contact_due == TODAY() + datetime.timedelta(days=14)


def test_expected_capacity_reads_units_and_allocations(centre):
    units = [Unit.objects.create(centre=centre, name=f"Kamer {i}", kind="room") for i in range(3)]
    Unit.objects.create(centre=centre, name="Oud", kind="room", is_active=False)
    family = FamilyFactory(centre=centre)
    Allocation.objects.create(unit=units[0], family=family,
                              period=DateRange(TODAY() - datetime.timedelta(10), TODAY() + datetime.timedelta(20)))
    capacity = expected_capacity(centre_id=centre.pk)
    assert (capacity.units, capacity.occupied, capacity.free_today) == (3, 1, 2)
    assert capacity.freeing_soon == [TODAY() + datetime.timedelta(20)]


def test_duplicate_detection_by_national_number_and_by_name_and_birth_date(intake_officer, centre, other_centre):
    from spalk.intake.selectors import member_duplicates

    birth = years_ago(20)
    nn = national_number(birth, 7)
    by_nn = FamilyMemberFactory(family=FamilyFactory(centre=centre), person__national_number=nn,
                                person__first_name="Anders", person__last_name="Genoemd").person
    by_name = FamilyMemberFactory(family=FamilyFactory(centre=centre), person__first_name="Lotte",
                                  person__last_name="Claes", person__birth_date=birth).person
    FamilyMemberFactory(family=FamilyFactory(centre=other_centre), person__first_name="Lotte",
                        person__last_name="Claes", person__birth_date=birth, person__national_number=nn)
    reg = RegistrationFactory(centre=centre)
    member = RegistrationMemberFactory(registration=reg, first_name="lotte", last_name="CLAES", birth_date=birth,
                                       national_number=nn)
    (dup,) = member_duplicates(user=intake_officer, registration=reg, members=[member])
    assert {p.pk for p in dup.persons} == {by_nn.pk, by_name.pk}
    other = RegistrationMemberFactory(registration=reg, first_name="Lotte", last_name="Claes",
                                      birth_date=birth - datetime.timedelta(days=1))
    assert member_duplicates(user=intake_officer, registration=reg, members=[other]) == []


@pytest.mark.parametrize("status", ADocumentStatus.values)
def test_the_a_document_steps_live_in_one_place(intake_officer, registration, status):
    """Issue 9, code health: the screen offered its own copy of the steps; now both read the model's table."""
    from spalk.intake.models import A_DOCUMENT_TRANSITIONS

    adoc = _a_document(intake_officer, registration)
    ADocument.objects.filter(pk=adoc.pk).update(status=status)
    adoc.refresh_from_db()
    assert adoc.next_statuses == A_DOCUMENT_TRANSITIONS.get(status, ())
    for target in set(ADocumentStatus.values) - set(adoc.next_statuses):
        with pytest.raises(DomainError) as exc:
            services.a_document_set_status(actor=intake_officer, adoc=adoc, status=target, on=TODAY())
        assert "niet mogelijk" in exc.value.message
