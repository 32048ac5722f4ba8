"""Intake screens: happy paths, personas, 403 on writes for read-only roles, flat query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.intake import services
from spalk.intake.models import ADocumentStatus, Module, Registration, Status, WaitingListEntry
from spalk.intake.tests.conftest import RegistrationFactory, RegistrationMemberFactory, years_ago
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"intake:{name}", args=args)


def test_list_shows_counts_and_only_own_centre(mfa_client, intake_officer, registration, other_registration):
    response = mfa_client(intake_officer).get(url("registration_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gezin Janssens" in content and "Gezin Elders-Aanmelding" not in content
    assert AuditEvent.objects.filter(actor=intake_officer, object_type="intake.registration",
                                     action=AuditAction.VIEW).exists()


def test_list_filters(mfa_client, intake_officer, registration, centre):
    RegistrationFactory(centre=centre, family_name="Gezin Context", care="context")
    content = mfa_client(intake_officer).get(url("registration_list"), {"care": "context"}).content.decode()
    assert "Gezin Context" in content and "Gezin Janssens" not in content
    response = mfa_client(intake_officer).get(url("registration_list"), {"q": "Lien"}, HTTP_HX_REQUEST="true")
    assert "Gezin Janssens" in response.content.decode() and "<html" not in response.content.decode()


def test_list_query_count_is_flat(mfa_client, intake_officer, centre, django_assert_max_num_queries):
    client = mfa_client(intake_officer)
    RegistrationMemberFactory(registration=RegistrationFactory(centre=centre))
    with django_assert_max_num_queries(30) as small:
        client.get(url("registration_list"))
    for _ in range(20):
        RegistrationMemberFactory(registration=RegistrationFactory(centre=centre, family=FamilyFactory(centre=centre)))
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        client.get(url("registration_list"))
    assert len(big.captured_queries) == len(small.captured_queries)


def test_waiting_list_query_count_is_flat(mfa_client, intake_officer, centre, django_assert_max_num_queries):
    client = mfa_client(intake_officer)

    def add():
        reg = RegistrationFactory(centre=centre, status=Status.WAITING_LIST)
        WaitingListEntry.objects.create(registration=reg, centre=centre, since=timezone.localdate(),
                                        next_contact_due=timezone.localdate())
    add()
    with django_assert_max_num_queries(30) as small:
        client.get(url("waiting_list"))
    for _ in range(20):
        add()
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        client.get(url("waiting_list"))
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("persona", ["outsider", "colleague", "administrative", "night_staff", "centre_admin",
                                     "installation_admin"])
def test_personas_without_access_get_404(request, mfa_client, registration, persona):
    client = mfa_client(request.getfixturevalue(persona))
    for name in ("detail", "edit", "screening", "access_route", "member_add"):
        assert client.get(url(name, registration.pk)).status_code == 404, name


def test_counsellor_reads_registration_of_assigned_family_but_cannot_write(mfa_client, counsellor, family, centre):
    reg = RegistrationFactory(centre=centre, family=family, family_name="Gezin Peeters")
    client = mfa_client(counsellor)
    assert client.get(url("detail", reg.pk)).status_code == 200
    assert client.get(url("edit", reg.pk)).status_code == 403
    assert client.post(url("transition", reg.pk), {"to_status": "in_screening"}).status_code == 403
    assert client.post(url("screening", reg.pk), {"weighing": "not_yet"}).status_code == 403


def test_wrong_method_is_405(mfa_client, intake_officer, registration):
    assert mfa_client(intake_officer).post(url("detail", registration.pk)).status_code == 405


def test_create_registration_and_keep_input_on_error(mfa_client, intake_officer, centre, partner):
    client = mfa_client(intake_officer)
    response = client.post(url("create"), {"centre": centre.pk, "received_on": "31/02/2026", "channel": "phone",
                                           "mandate": "voluntary", "family_name": "Gezin Fout", "care": "stay_high",
                                           "urgency": "normal", "question_family": "Onze eigen woorden"})
    content = response.content.decode()
    assert response.status_code == 200 and "Gezin Fout" in content and "Onze eigen woorden" in content
    cb = Module.objects.get(code="CB")
    response = client.post(url("create"), {
        "centre": centre.pk, "received_on": "03/03/2026", "channel": "phone", "mandate": "ocj",
        "family_name": "Gezin Nieuw", "care": "stay_high", "urgency": "high", "requested_modules": [cb.pk],
        "referrer_organisation": partner.pk})
    assert response.status_code == 302
    reg = Registration.objects.get(family_name="Gezin Nieuw")
    assert reg.centre == centre and reg.referrer_organisation == partner
    assert reg.received_on == datetime.date(2026, 3, 3)


def test_detail_shows_steps_access_route_and_duplicates(mfa_client, intake_officer, registration, centre):
    member = registration.members.get()
    FamilyMemberFactory(family=FamilyFactory(centre=centre, name="Gezin Gekend"), person__first_name="Lien",
                        person__last_name="Janssens", person__birth_date=member.birth_date)
    response = mfa_client(intake_officer).get(url("detail", registration.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gezin Gekend" in content  # duplicate shown with the family it belongs to
    assert "VHF-GO" in content and "Intersectorale Toegangspoort" in content
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="intake.registration",
                                     object_id=str(registration.pk)).count() == 1


def test_member_add_and_consent_quick_edit(mfa_client, intake_officer, registration):
    client = mfa_client(intake_officer)
    response = client.post(url("member_add", registration.pk), {
        "role": "child", "first_name": "Kobe", "last_name": "Janssens", "birth_date": "01/01/2013",
        "consent": "not_asked"})
    assert response.status_code == 302
    kobe = registration.members.get(first_name="Kobe")
    response = client.post(url("member_consent", registration.pk, kobe.pk), {"consent": "given"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="member-{kobe.pk}"' in response.content.decode()
    kobe.refresh_from_db()
    assert kobe.consent == "given"


def test_member_add_keeps_input_on_error(mfa_client, intake_officer, registration):
    response = mfa_client(intake_officer).post(url("member_add", registration.pk), {
        "role": "unborn", "first_name": "Baby", "birth_date": "01/01/2020", "consent": "not_asked"})
    assert response.status_code == 200 and 'value="Baby"' in response.content.decode()


def test_whole_workflow_through_the_screens(mfa_client, intake_officer, registration, partner):
    client = mfa_client(intake_officer)
    assert client.post(url("transition", registration.pk), {"to_status": "in_screening"}).status_code == 302
    form = {"weighing": "not_yet", "drug_use__answer": "yes", "drug_use__note": "af en toe"}
    form.update({f"{c}__answer": "unknown" for c in ["young_vulnerable_parenthood"]})
    response = client.post(url("screening", registration.pk), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(url("transition", registration.pk), {"to_status": "decision"}).status_code == 302
    response = client.post(url("transition", registration.pk), {"to_status": "declined", "reason": ""})
    assert response.status_code == 422
    assert "CAW Oostkust" in response.content.decode()  # referral suggestion from the directory
    response = client.post(url("transition", registration.pk), {"to_status": "waiting_list", "reason": "Vol."})
    assert response.status_code == 302
    waiting = client.get(url("waiting_list")).content.decode()
    assert "Gezin Janssens" in waiting


def test_screening_page_shows_versions(mfa_client, intake_officer, registration):
    services.screening_save(actor=intake_officer, registration=registration,
                            answers={"drug_use": {"answer": "yes"}}, weighing="not_yet")
    services.screening_save(actor=intake_officer, registration=registration,
                            answers={"drug_use": {"answer": "no"}}, weighing="not_limiting", weighing_note="Gestopt.")
    client = mfa_client(intake_officer)
    assert "Gestopt." in client.get(url("screening", registration.pk)).content.decode()
    assert client.get(url("screening", registration.pk), {"version": 1}).status_code == 200
    assert client.get(url("screening", registration.pk), {"version": 9}).status_code == 404


def test_access_route_page(mfa_client, intake_officer, registration):
    response = mfa_client(intake_officer).get(url("access_route", registration.pk), {"on": "01/03/2026"})
    assert response.status_code == 200 and "Eerste minderjarige" in response.content.decode()


def test_detail_shows_per_member_whether_consent_is_needed(mfa_client, intake_officer, registration):
    teen = RegistrationMemberFactory(registration=registration, role="child", first_name="Noor",
                                     birth_date=years_ago(13))
    small = RegistrationMemberFactory(registration=registration, role="child", first_name="Mats",
                                      birth_date=years_ago(5))
    unknown = RegistrationMemberFactory(registration=registration, role="child", first_name="Zonder",
                                        birth_date=None)
    parent = registration.members.get(role="parent")
    content = mfa_client(intake_officer).get(url("detail", registration.pk)).content.decode()
    row = {m.pk: content.split(f'id="member-{m.pk}"')[1].split("</tr>")[0] for m in (teen, small, unknown, parent)}
    assert 'data-consent-basis="parent"' in row[parent.pk] and f'id="consent-{parent.pk}"' in row[parent.pk]
    assert 'data-consent-basis="minor_12"' in row[teen.pk] and f'id="consent-{teen.pk}"' in row[teen.pk]
    assert 'data-consent-basis="under_12"' in row[small.pk] and f'id="consent-{small.pk}"' not in row[small.pk]
    assert 'data-consent-basis="unknown_age"' in row[unknown.pk]
    summary = content.split('id="consent-summary"')[1].split("</dd>")[0]
    assert "Noor" in summary and "Lien" in summary and "Mats" not in summary


def test_registration_page_flags_overdue_follow_up_and_shows_priority_history(mfa_client, intake_officer,
                                                                              team_lead, registration):
    entry = WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                            since=timezone.localdate() - datetime.timedelta(days=60),
                                            next_contact_due=timezone.localdate() - datetime.timedelta(days=3))
    Registration.objects.filter(pk=registration.pk).update(status=Status.WAITING_LIST)
    services.waiting_priority_set(actor=team_lead, entry=entry, priority=3, reason="Bevalling nabij")
    content = mfa_client(intake_officer).get(url("detail", registration.pk)).content.decode()
    assert 'id="waiting-overdue"' in content
    assert "Bevalling nabij" in content and 'class="priority-change"' in content
    content = mfa_client(intake_officer).get(url("waiting_contact", registration.pk)).content.decode()
    assert content.count('class="priority-change"') == 1
    WaitingListEntry.objects.filter(pk=entry.pk).update(next_contact_due=timezone.localdate())
    content = mfa_client(intake_officer).get(url("detail", registration.pk)).content.decode()
    assert 'id="waiting-overdue"' not in content


def test_a_document_create_status_and_pdf(mfa_client, intake_officer, registration):
    client = mfa_client(intake_officer)
    module = Module.objects.get(code="VHF-GO")
    response = client.get(url("a_document_create", registration.pk))
    assert response.status_code == 200
    response = client.post(url("a_document_create", registration.pk), {
        "modules": [module.pk], f"term_{module.pk}": 9, "question": "Vraag", "motivation": "Waarom",
        "urgency": "high", "contact_name": "Inge"})
    assert response.status_code == 302
    adoc = registration.a_documents.get()
    assert adoc.lines.get().term_months == 9
    response = client.get(url("a_document", registration.pk, adoc.pk))
    assert response.status_code == 200 and "Waarom" in response.content.decode()
    response = client.post(url("a_document", registration.pk, adoc.pk), {"status": "sent", "on": "01/03/2026"})
    assert response.status_code == 422  # no consent of the parents yet
    response = client.get(url("a_document_pdf", registration.pk, adoc.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.PRINT, object_type="intake.adocument",
                                     object_id=str(adoc.pk)).count() == 1
    assert adoc.status == ADocumentStatus.DRAFT


def test_waiting_list_flags_overdue_contacts_with_text(mfa_client, intake_officer, registration):
    WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                    since=timezone.localdate() - datetime.timedelta(days=60),
                                    next_contact_due=timezone.localdate() - datetime.timedelta(days=3))
    Registration.objects.filter(pk=registration.pk).update(status=Status.WAITING_LIST)
    content = mfa_client(intake_officer).get(url("waiting_list")).content.decode()
    assert "contact achterstallig" in content or "contact overdue" in content


def test_priority_is_team_lead_only_and_needs_reason(mfa_client, team_lead, intake_officer, registration):
    WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                    since=timezone.localdate(), next_contact_due=timezone.localdate())
    Registration.objects.filter(pk=registration.pk).update(status=Status.WAITING_LIST)
    assert mfa_client(intake_officer).post(url("waiting_priority", registration.pk),
                                           {"priority": 2, "priority_reason": "x"}).status_code == 403
    client = mfa_client(team_lead)
    response = client.post(url("waiting_priority", registration.pk), {"priority": 2, "priority_reason": ""},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "<html" not in response.content.decode()
    response = client.post(url("waiting_priority", registration.pk), {"priority": 2, "priority_reason": "Bevalling"})
    assert response.status_code == 302
    assert WaitingListEntry.objects.get(registration=registration).priority == 2


def test_waiting_contact_screen(mfa_client, intake_officer, registration):
    WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                    since=timezone.localdate(), next_contact_due=timezone.localdate())
    client = mfa_client(intake_officer)
    assert client.get(url("waiting_contact", registration.pk)).status_code == 200
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(url("waiting_contact", registration.pk), {"on": today, "kind": "phone", "note": "Gebeld"})
    assert response.status_code == 302


def test_module_catalogue_has_the_eight_modules_and_team_lead_edits(mfa_client, team_lead, intake_officer):
    assert list(Module.objects.values_list("code", flat=True)) == ["CB", "VHF-GO", "VLF-GO", "VHF-RT", "VLF-RT",
                                                                   "VHF", "VLF", "KCV"]
    assert mfa_client(intake_officer).get(url("modules")).status_code == 200
    assert mfa_client(intake_officer).get(url("module_create")).status_code == 404
    client = mfa_client(team_lead)
    module = Module.objects.get(code="KCV")
    response = client.post(url("module_edit", module.pk), {
        "code": "KCV", "name": module.name, "kind": "crisis", "frequency": "", "valid_from": "01/03/2014",
        "valid_until": "31/12/2030", "sort_order": 8})
    assert response.status_code == 302, response.content.decode()[:3000]
    module.refresh_from_db()
    assert module.valid_until == datetime.date(2030, 12, 31)


def test_module_flags_agree_with_the_engine():
    from spalk.intake import access_routes as engine

    modules = {m.code: m for m in Module.objects.all()}
    assert modules[engine.CONTEXT].directly_accessible
    for code in engine.STAY_DIRECT.values():
        assert modules[code].directly_accessible and modules[code].kind == "stay"
    for code in engine.STAY_FAMILY_ADMISSION.values():
        assert not modules[code].directly_accessible and modules[code].family_admission
    assert modules[engine.CRISIS].kind == "crisis"


def test_family_page_links_to_intake(mfa_client, intake_officer, family):
    content = mfa_client(intake_officer).get(reverse("families:detail", args=[family.pk])).content.decode()
    assert f"{url('registration_list')}?family={family.pk}" in content


def test_create_from_family_copies_members(mfa_client, intake_officer, family, centre):
    client = mfa_client(intake_officer)
    response = client.post(f"{url('create')}?family={family.pk}", {
        "centre": centre.pk, "received_on": "03/03/2026", "channel": "phone", "mandate": "voluntary",
        "family_name": "Gezin Peeters", "care": "context", "urgency": "normal"})
    assert response.status_code == 302
    reg = Registration.objects.get(family=family)
    assert reg.members.get().person_id == family.members.get().person_id


def test_years_ago_helper_is_consistent():
    assert years_ago(0) <= timezone.localdate()


def test_registration_page_query_count_does_not_grow_with_its_members(mfa_client, intake_officer, centre):
    """Duplicate detection and consent look at every member: one query for all of them, not one each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = mfa_client(intake_officer)

    def queries_for(n_members: int) -> int:
        registration = RegistrationFactory(centre=centre, family_name=f"Gezin Telling{n_members}")
        for i in range(n_members):
            RegistrationMemberFactory(registration=registration, first_name=f"Kind{i}", role="child",
                                      birth_date=years_ago(2 + i), national_number="")
        client.get(reverse("intake:detail", args=[registration.pk]))  # warm caches (session, catalogue)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("intake:detail", args=[registration.pk])).status_code == 200
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(5)


def test_national_number_typed_as_on_the_identity_card(mfa_client, intake_officer, registration):
    """Defect 3: maxlength=11 cut "09.03.14-124.83" to "09.03.14-12"; the written form is accepted and shown."""
    client = mfa_client(intake_officer)
    page = client.get(url("member_add", registration.pk)).content.decode()
    assert 'maxlength="11"' not in page
    response = client.post(url("member_add", registration.pk), {
        "role": "child", "first_name": "Mila", "last_name": "Peeters", "birth_date": "14/03/2009",
        "national_number": "09.03.14-124.83", "consent": "not_asked"})
    assert response.status_code == 302
    mila = registration.members.get(first_name="Mila")
    assert mila.national_number == "09031412483"
    edit = client.get(url("member_edit", registration.pk, mila.pk)).content.decode()
    assert 'value="09.03.14-124.83"' in edit
