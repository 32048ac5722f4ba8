"""Consent governs every share: refused without consent or basis, outside scope or period; withdrawal at once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import DomainError
from spalk.network import consent as rules
from spalk.network.models import Basis, Scope, Share, ShareKind

from .conftest import DAY, record

pytestmark = pytest.mark.django_db


def share_summary(actor, family, consent, **kw):
    return rules.share_create(actor=actor, family=family, data=rules.ShareInput(
        kind=kw.pop("kind", ShareKind.SUMMARY), consent=consent, summary="Moeder volgt therapie op.", **kw))


def test_share_under_valid_consent_is_recorded_and_audited(family, counsellor, consent, cgg):
    share = share_summary(counsellor, family, consent)
    assert share.organisation == cgg and share.consent == consent
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="network.share", object_id=str(share.pk))
    assert event.family_id == family.pk and event.extra["consent_id"] == consent.pk
    assert event.extra["shared_with_partner"] is True


def test_record_without_givers_is_refused(family, counsellor, cgg):
    with pytest.raises(DomainError):
        record(family, counsellor, cgg, givers=[])


def test_legal_basis_needs_it_written(family, counsellor, cgg):
    with pytest.raises(DomainError):
        record(family, counsellor, cgg, basis=Basis.COURT)
    court = record(family, counsellor, cgg, basis=Basis.COURT, note="Vonnis jeugdrechtbank Brugge 12/03",
                   scope=Scope.ALL)
    share_summary(counsellor, family, court)  # no givers needed under a legal basis


def test_every_parent_must_consent(family, counsellor, cgg, mother):
    from spalk.testing.factories import FamilyMemberFactory

    FamilyMemberFactory(family=family, person__first_name="Tom", person__last_name="Peeters")
    only_mother = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL)
    with pytest.raises(DomainError, match="Tom"):
        share_summary(counsellor, family, only_mother)


def test_refused_outside_scope(family, counsellor, cgg, mother):
    reports_only = record(family, counsellor, cgg, givers=[mother], scope=Scope.REPORTS)
    with pytest.raises(DomainError):
        share_summary(counsellor, family, reports_only)
    assert not Share.objects.exists()


def test_refused_outside_period(family, counsellor, cgg, mother):
    today = timezone.localdate()
    ended = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL, start=today - 30 * DAY,
                   until=today - DAY)
    future = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL, start=today + DAY)
    for r in (ended, future):
        with pytest.raises(DomainError):
            share_summary(counsellor, family, r)


def test_minor_of_12_consents_for_what_concerns_them(family, counsellor, cgg, mother, teen):
    parents_only = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL)
    with pytest.raises(DomainError, match="Noor"):
        share_summary(counsellor, family, parents_only, concerns=[teen])
    share_summary(counsellor, family, parents_only, concerns=[mother])
    with_teen = record(family, counsellor, cgg, givers=[mother, teen], scope=Scope.ALL)
    share_summary(counsellor, family, with_teen, concerns=[teen])


def test_withdrawal_is_honoured_at_once(family, counsellor, consent):
    share_summary(counsellor, family, consent)
    rules.consent_withdraw(actor=counsellor, record=consent, note="Moeder belde: ze wil dit niet meer.")
    with pytest.raises(DomainError, match=r"withdrawn|ingetrokken"):
        share_summary(counsellor, family, consent)  # the stale object in hand does not matter: the row is read
    assert Share.objects.count() == 1


def test_consent_of_another_family_is_refused(family, other_family, counsellor, consent):
    with pytest.raises(DomainError):
        share_summary(counsellor, other_family, consent)


def test_edit_detects_conflicts(family, counsellor, consent):
    from spalk.core.errors import ConcurrentEditError

    rules.consent_record_update(actor=counsellor, record=consent, data={"purpose": "Nieuw doel"},
                                version=consent.version)
    with pytest.raises(ConcurrentEditError):
        rules.consent_record_update(actor=counsellor, record=consent, data={"purpose": "Ander"},
                                    version=consent.version)


# --- Screens ---------------------------------------------------------------------------------------------------


def test_share_screen_refuses_without_consent(mfa_client, counsellor, family):
    client = mfa_client(counsellor)
    response = client.get(reverse("network:share", args=[family.pk]))
    assert response.status_code == 200
    assert reverse("network:consent_create", args=[family.pk]) in response.content.decode()


def test_share_screen_shares_and_family_page_shows_it(mfa_client, counsellor, family, consent):
    client = mfa_client(counsellor)
    response = client.post(reverse("network:share", args=[family.pk]), {
        "kind": "summary", "consent": consent.pk, "summary": "Korte samenvatting."})
    assert response.status_code == 302
    share = Share.objects.get(family=family)  # the screen's share is in the audit trail, not lost with the redirect
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="network.share",
                                     object_id=str(share.pk), actor=counsellor).count() == 1
    page = client.get(reverse("network:family", args=[family.pk])).content.decode()
    assert "CGG Test (demo)" in page and "Korte samenvatting" not in page  # what/to whom, not the content


def test_withdraw_screen(mfa_client, counsellor, consent):
    client = mfa_client(counsellor)
    response = client.post(reverse("network:consent_withdraw", args=[consent.pk]), {"note": "Telefonisch"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_outsider_gets_404(mfa_client, outsider, family, consent):
    client = mfa_client(outsider)
    for url in (reverse("network:family", args=[family.pk]), reverse("network:consent", args=[consent.pk]),
                reverse("network:share", args=[family.pk])):
        assert client.get(url).status_code == 404


def test_shared_centre_reads_but_never_shares_with_partners(mfa_client, partner_director, family, consent):
    client = mfa_client(partner_director)
    assert client.get(reverse("network:family", args=[family.pk])).status_code == 200
    assert client.get(reverse("network:consent", args=[consent.pk])).status_code == 200
    assert client.get(reverse("network:share", args=[family.pk])).status_code == 403


def test_night_staff_cannot_record_consent(mfa_client, night_staff, family):
    client = mfa_client(night_staff)
    assert client.get(reverse("network:consent_create", args=[family.pk])).status_code in (403, 404)


def test_record_consent_screen(mfa_client, counsellor, family, cgg, mother):
    client = mfa_client(counsellor)
    today = timezone.localdate()
    response = client.post(reverse("network:consent_create", args=[family.pk]), {
        "basis": "consent", "scope": "reports", "organisation": cgg.pk, "purpose": "Verslag voor het CGG",
        "valid_from": f"{today:%d/%m/%Y}", "givers": [mother.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert family.consent_records.count() == 1


def test_family_network_page_query_count_is_flat(mfa_client, counsellor, family, cgg, mother,
                                                 django_assert_max_num_queries):
    client = mfa_client(counsellor)
    for _i in range(3):
        c = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL)
        share_summary(counsellor, family, c)
    client.get(reverse("network:family", args=[family.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("network:family", args=[family.pk]))
    for _i in range(10):
        c = record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL)
        share_summary(counsellor, family, c)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("network:family", args=[family.pk]))
    assert len(many) == len(few)


# --- Intake's consent is a ConsentRecord too ---------------------------------------------------------------------


def test_intake_consent_becomes_a_record_and_a_change_withdraws(intake_officer, centre):
    import datetime

    from spalk.intake import services as intake_services
    from spalk.network.models import Answer, ConsentRecord

    registration = intake_services.registration_create(actor=intake_officer, centre=centre, data={
        "received_on": datetime.date.today(), "family_name": "Gezin Claes", "channel": "phone"})
    member = intake_services.registration_member_add(actor=intake_officer, registration=registration, data={
        "role": "parent", "first_name": "Lien", "last_name": "Claes", "consent": "given"})
    record = ConsentRecord.objects.get(registration=registration, scope=Scope.REGISTRATION)
    giver = record.givers.get()
    assert (giver.name, giver.capacity, giver.answer) == ("Lien Claes", "parent", Answer.GIVEN)
    intake_services.registration_member_update(actor=intake_officer, member=member, data={"consent": "refused"})
    giver.refresh_from_db()
    assert giver.answer == Answer.WITHDRAWN
