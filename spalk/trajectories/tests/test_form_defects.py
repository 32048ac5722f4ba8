"""Defects of issue 10 on the trajectory forms: nothing typed disappears silently, a minor parent may get
her own trajectory supporter, and the staff select chooses nobody for the person."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.families.models import MemberRole
from spalk.stays.tests.factories import add_member
from spalk.trajectories import supporters
from spalk.trajectories.models import Supporter, Trajectory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_admit_with_stay_fields_but_box_unticked_keeps_everything_and_says_so(mfa_client, team_lead, family, mother,
                                                                              children, studio):
    """Defect 1: stay type, unit, departure and persons filled in, 'the family moves in now' not ticked."""
    today = timezone.localdate()
    response = mfa_client(team_lead).post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(today), "phase": "intake", "care": "stay_high", "unit": studio.pk,
        "planned_end": d(today + 7 * DAY), "members": [mother.pk, children[0].pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "vinkte dit vakje niet aan" in body and 'href="#id_with_stay"' in body
    assert d(today + 7 * DAY) in body  # kept
    assert not Trajectory.objects.filter(family=family).exists()


def test_admit_without_a_stay_still_works(mfa_client, team_lead, family, mother, children):
    response = mfa_client(team_lead).post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(timezone.localdate()), "phase": "intake", "care": "", "unit": "", "planned_end": ""})
    assert response.status_code == 302
    assert Trajectory.objects.filter(family=family).exists()


def test_a_minor_parent_can_get_her_own_supporter(mfa_client, team_lead, family, case_lead):
    """Defect 8: a 16-year-old mother is a minor client with her own rights."""
    young = add_member(family, role=MemberRole.PARENT, age=16, first_name="Jana")
    client = mfa_client(team_lead)
    url = reverse("trajectories:supporter_add", args=[family.pk])
    page = client.get(url).content.decode()
    assert "Jana" in page
    assert '<option value="" selected>Kies…</option>' in page  # the staff select chooses nobody
    response = client.post(url, {"user": case_lead.pk, "scope": "child", "person": young.person_id,
                                 "start_date": d(timezone.localdate()), "agreement": "agreed"})
    assert response.status_code == 302
    assert Supporter.objects.get(family=family, person=young.person).user == case_lead


def test_an_adult_parent_has_no_supporter_of_her_own(director, family, mother, case_lead):
    from spalk.core.errors import DomainError

    mother.person.birth_date = timezone.localdate() - datetime.timedelta(days=30 * 365)
    mother.person.save()
    with pytest.raises(DomainError, match="minderjarige ouder"):
        supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=timezone.localdate(),
                                    scope="child", person=mother.person)


def test_move_in_is_not_offered_to_a_family_already_living_in_a_studio(mfa_client, team_lead, family, mother,
                                                                       children, studio):
    """Defect 9 (state part): a family in a studio gets "switch to home support", not "move in"."""
    client = mfa_client(team_lead)
    today = timezone.localdate()
    client.post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(today), "phase": "intake", "with_stay": "on", "care": "crisis", "unit": studio.pk,
        "planned_end": d(today + 7 * DAY), "members": [mother.pk, children[0].pk, children[1].pk]})
    trajectory = Trajectory.objects.get(family=family)
    body = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert reverse("trajectories:residence", args=[trajectory.pk]) not in body
    assert reverse("trajectories:home", args=[trajectory.pk]) in body


def test_a_family_at_home_is_offered_move_in_not_home(mfa_client, team_lead, family, mother, children):
    client = mfa_client(team_lead)
    client.post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(timezone.localdate()), "phase": "intake"})
    trajectory = Trajectory.objects.get(family=family)
    body = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert reverse("trajectories:residence", args=[trajectory.pk]) in body
    assert reverse("trajectories:home", args=[trajectory.pk]) not in body
