"""Network meetings with agreements (plan page, start screen) and referrals out."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.core.errors import DomainError
from spalk.home.registry import visible_work_items
from spalk.network import services
from spalk.network.models import ReferralStatus

from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(family, counsellor):
    return services.meeting_create(actor=counsellor, family=family, data={
        "kind": "network_table", "held_on": timezone.localdate(), "family_voice": "Ik wil meer hulp van oma."})


def test_agreement_on_start_screen_of_the_responsible_worker(meeting, counsellor, colleague):
    services.agreement_add(actor=counsellor, meeting=meeting, data={
        "what": "Oma haalt de kinderen op woensdag", "responsible": counsellor,
        "due_on": timezone.localdate() - DAY})
    items = {i.key: i for i in visible_work_items(user=counsellor)}
    assert items["network.agreements"].rows[0].detail.startswith("Oma haalt")
    assert "network.agreements" not in {i.key for i in visible_work_items(user=colleague)}


def test_agreements_show_in_the_plan(mfa_client, counsellor, family, meeting):
    from spalk.plans import services as plan_services
    from spalk.trajectories.models import Trajectory

    trajectory = Trajectory.objects.create(family=family, centre=family.centre,
                                           admitted_on=timezone.localdate() - 30 * DAY)
    plan = plan_services.plan_create(actor=counsellor, trajectory=trajectory)
    services.agreement_add(actor=counsellor, meeting=meeting, data={"what": "Afspraak maken bij het CGG"})
    client = mfa_client(counsellor)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Afspraak maken bij het CGG" in page


def test_meeting_screens(mfa_client, counsellor, family, meeting, outsider):
    client = mfa_client(counsellor)
    assert "meer hulp van oma" in client.get(reverse("network:meeting", args=[meeting.pk])).content.decode()
    response = client.post(reverse("network:meeting", args=[meeting.pk]), {"what": "Buurvrouw belt op maandag"})
    assert response.status_code == 302
    agreement = meeting.agreements.get()
    client.post(reverse("network:agreement_done", args=[agreement.pk]), {"done": "1"})
    agreement.refresh_from_db()
    assert agreement.done_on == timezone.localdate()
    client = mfa_client(outsider)
    assert client.get(reverse("network:meeting", args=[meeting.pk])).status_code == 404


def test_withheld_meeting_is_hidden_from_the_family(meeting, counsellor, portal_parent):
    from spalk.access import policy

    assert policy.visible_meetings(user=portal_parent).filter(pk=meeting.pk).exists()
    meeting.withheld_from_family, meeting.withheld_reason = True, "third_party"
    meeting.save()
    assert not policy.visible_meetings(user=portal_parent).filter(pk=meeting.pk).exists()


def test_referral_steps_and_warm_handover(family, counsellor, cgg):
    referral = services.referral_create(actor=counsellor, family=family, data={
        "organisation": cgg, "reason": "Therapie voor moeder"})
    with pytest.raises(DomainError):
        services.referral_update(actor=counsellor, referral=referral, version=referral.version, data={
            "status": ReferralStatus.STARTED})
    with pytest.raises(DomainError):  # no hand-over before the partner accepted
        services.referral_update(actor=counsellor, referral=referral, version=referral.version, data={
            "handover_confirmed_on": timezone.localdate(), "handover_confirmed_by": "Dr. Goethals"})
    referral = services.referral_update(actor=counsellor, referral=referral, version=referral.version, data={
        "status": ReferralStatus.ACCEPTED, "handover_confirmed_on": timezone.localdate(),
        "handover_confirmed_by": "Dr. Goethals", "follow_up_on": timezone.localdate() + 90 * DAY})
    referral = services.referral_update(actor=counsellor, referral=referral, version=referral.version, data={
        "status": ReferralStatus.STARTED})
    assert referral.status == ReferralStatus.STARTED and referral.handover_confirmed_by == "Dr. Goethals"


def test_referral_to_another_centres_organisation_is_refused(family, counsellor, other_centre):
    from spalk.intake.tests.conftest import OrganisationFactory

    foreign = OrganisationFactory(centre=other_centre, name="CAW Elders")
    with pytest.raises(DomainError):
        services.referral_create(actor=counsellor, family=family, data={"organisation": foreign, "reason": "x"})


def test_referral_screens(mfa_client, counsellor, family, cgg, night_staff):
    client = mfa_client(counsellor)
    response = client.post(reverse("network:referral_create", args=[family.pk]), {
        "organisation": cgg.pk, "reason": "Therapie"})
    assert response.status_code == 302
    referral = family.referrals_out.get()
    assert client.get(reverse("network:referral", args=[referral.pk])).status_code == 200


def test_withdrawal_shows_on_the_team_start_screen_and_family_page(mfa_client, family, counsellor, consent,
                                                                   team_lead):
    from spalk.network import consent as rules

    rules.consent_withdraw(actor=counsellor, record=consent)
    for user in (counsellor, team_lead):
        assert "network.withdrawn" in {i.key for i in visible_work_items(user=user)}
    page = mfa_client(counsellor).get(reverse("families:detail", args=[family.pk])).content.decode()
    assert "ingetrokken" in page.lower() or "withdrawn" in page.lower()
