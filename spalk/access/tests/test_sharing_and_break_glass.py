"""Holes 2 and 5 of issue 9: a share is not ownership; break the glass is limited, in words, and revocable."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare
from spalk.access.policy import Action, access_family, visible_families
from spalk.access.selectors import break_glass_to_review
from spalk.access.services import break_glass_end, break_glass_open
from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.testing.factories import CentreFactory, FamilyFactory

pytestmark = pytest.mark.django_db
REASON = {"category": "night_or_weekend", "reason": "De moeder belt in paniek en haar begeleider is niet bereikbaar."}


def fresh(user):
    return type(user).objects.get(pk=user.pk)


# --- hole 2: a share is not ownership ------------------------------------------------------------------------

def test_the_receiving_centre_reads_and_edits_by_its_roles(partner_director, family):
    assert access_family(user=partner_director, family_id=family.pk) == family
    assert access_family(user=partner_director, family_id=family.pk, action=Action.EDIT) == family


@pytest.mark.parametrize("action", [Action.MANAGE_TEAM, Action.SHARE, Action.VIEW_ACCESS_LOG])
def test_the_receiving_centre_never_manages_the_dossier(partner_director, family, action):
    assert not visible_families(user=partner_director, action=action).filter(pk=family.pk).exists()


def test_the_receiving_director_cannot_open_the_team_page_or_the_access_log(mfa_client, partner_director, family):
    client = mfa_client(partner_director)
    detail = client.get(reverse("families:detail", args=[family.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert reverse("access:team", args=[family.pk]) not in body
    assert reverse("audit:family_access", args=[family.pk]) not in body
    team = client.get(reverse("access:team", args=[family.pk]))
    assert team.status_code == 403
    assert "director@example.test" not in team.content.decode()  # the owning centre's staff list stays hidden
    assert client.get(reverse("audit:family_access", args=[family.pk])).status_code == 403


def test_the_receiving_director_cannot_share_on_or_assign_the_owners_staff(mfa_client, partner_director, night_staff,
                                                                           family):
    third = CentreFactory(name="CIG Derde", short_name="DRD")
    client = mfa_client(partner_director)
    url = reverse("access:team", args=[family.pk])
    assert client.post(url, {"share": "1", "centre": third.pk, "purpose": "doorgeven"}).status_code == 403
    assert client.post(url, {"assign": "1", "user": night_staff.pk, "role": "counsellor"}).status_code == 403
    assert not FamilyShare.objects.filter(centre=third).exists()
    assert not FamilyAssignment.objects.filter(user=night_staff).exists()


def test_a_case_lead_manages_the_team_but_does_not_share(mfa_client, case_lead, other_centre, family):
    client = mfa_client(case_lead)
    url = reverse("access:team", args=[family.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="share"' not in page.content.decode()
    response = client.post(url, {"share": "1", "centre": other_centre.pk, "purpose": "overdracht"})
    assert response.status_code == 403
    assert not FamilyShare.objects.filter(centre=other_centre).exists()


def test_a_case_lead_cannot_end_a_share(mfa_client, case_lead, share, family):
    response = mfa_client(case_lead).post(reverse("access:team", args=[family.pk]), {"end_share": share.pk})
    assert response.status_code == 403
    share.refresh_from_db()
    assert share.ended_at is None


def test_the_owning_team_lead_shares(mfa_client, team_lead, other_centre, outsider, family):
    response = mfa_client(team_lead).post(reverse("access:team", args=[family.pk]), {
        "share": "1", "centre": other_centre.pk, "purpose": "Overdracht na verhuis"})
    assert response.status_code == 302
    assert visible_families(user=outsider).filter(pk=family.pk).exists()


# --- hole 5: break the glass -----------------------------------------------------------------------------------

def test_break_the_glass_works_only_in_the_familys_own_centre(mfa_client, partner_counsellor, family):
    response = mfa_client(partner_counsellor).post(reverse("access:break_glass"),
                                                   {"reference": family.reference, **REASON})
    assert response.status_code == 200
    assert not BreakGlassGrant.objects.exists()


def test_a_grant_through_a_share_gives_nothing(partner_counsellor, family):
    now = timezone.now()
    BreakGlassGrant.objects.create(family=family, user=partner_counsellor, reason="x", created_at=now,
                                   expires_at=now + datetime.timedelta(hours=8))
    assert not visible_families(user=partner_counsellor).filter(pk=family.pk).exists()


def test_one_open_grant_per_person_and_family(colleague, family):
    grant = break_glass_open(actor=colleague, family=family, **REASON)
    with pytest.raises(DomainError) as raised:
        break_glass_open(actor=fresh(colleague), family=family, **REASON)
    assert "al toegang" in str(raised.value.message)
    assert BreakGlassGrant.objects.filter(user=colleague).count() == 1
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        BreakGlassGrant.objects.create(family=family, user=colleague, reason="stapel", created_at=now,
                                       expires_at=now + datetime.timedelta(hours=8))
    assert grant.is_open


def test_a_new_grant_is_possible_once_the_first_has_ended(team_lead, colleague, family):
    grant = break_glass_open(actor=colleague, family=family, **REASON)
    break_glass_end(actor=team_lead, grant=grant)
    assert break_glass_open(actor=fresh(colleague), family=family, **REASON).is_open


@pytest.mark.parametrize("category, reason", [
    ("night_or_weekend", "xxxxxxxxxx"),
    ("night_or_weekend", "nodig nodig nodig nodig nodig"),
    ("night_or_weekend", "dringend"),
    ("", "De moeder belt in paniek en haar begeleider is niet bereikbaar."),
    ("whatever", "De moeder belt in paniek en haar begeleider is niet bereikbaar."),
])
def test_the_reason_is_a_category_and_a_sentence(colleague, family, category, reason):
    with pytest.raises(DomainError):
        break_glass_open(actor=colleague, family=family, category=category, reason=reason)
    assert not BreakGlassGrant.objects.exists()


def test_the_form_asks_for_the_category_and_keeps_the_input(mfa_client, colleague, family):
    response = mfa_client(colleague).post(reverse("access:break_glass"), {
        "reference": family.reference, "category": "crisis", "reason": "xxxxxxxxxx"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "xxxxxxxxxx" in body and 'value="crisis"' in body
    assert not BreakGlassGrant.objects.exists()


def test_a_team_lead_ends_a_grant_at_once(mfa_client, team_lead, colleague, family):
    break_glass_open(actor=colleague, family=family, **REASON)
    grant = BreakGlassGrant.objects.get()
    assert mfa_client(team_lead).post(reverse("access:break_glass_end", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.ended_at is not None and grant.ended_by == team_lead
    assert not visible_families(user=fresh(colleague)).filter(pk=family.pk).exists()
    assert AuditEvent.objects.filter(extra__event="break_glass_ended", object_id=str(grant.pk)).count() == 1


def test_a_colleague_or_an_outsider_cannot_end_a_grant(mfa_client, colleague, counsellor, outsider, family):
    grant = break_glass_open(actor=colleague, family=family, **REASON)
    for user in (counsellor, outsider):
        assert mfa_client(user).post(reverse("access:break_glass_end", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_unreviewed_grants_stay_on_the_list_however_many_were_reviewed(mfa_client, team_lead, colleague, centre,
                                                                        family):
    now = timezone.now()
    old = BreakGlassGrant.objects.create(family=family, user=colleague, category="crisis", reason="oude toegang",
                                         created_at=now - datetime.timedelta(days=300),
                                         expires_at=now - datetime.timedelta(days=300) + datetime.timedelta(hours=8))
    others = FamilyFactory.create_batch(3, centre=centre)
    BreakGlassGrant.objects.bulk_create([
        BreakGlassGrant(family=others[i % 3], user=colleague, category="crisis", reason="nagekeken",
                        created_at=now - datetime.timedelta(hours=9 * (i + 1)),
                        expires_at=now - datetime.timedelta(hours=9 * (i + 1) - 8),
                        reviewed_by=team_lead, reviewed_at=now)
        for i in range(210)])
    assert list(break_glass_to_review(centre_ids=[centre.pk])) == [old]
    body = mfa_client(team_lead).get(reverse("access:break_glass_list")).content.decode()
    to_review = body.split('id="to-review"', 1)[1].split('id="reviewed"', 1)[0]
    assert "oude toegang" in to_review


# --- the compiled family rules (access_family, can, allowed_actions) -------------------------------------------

def test_the_compiled_rule_lets_a_grant_expire_and_end_at_once(team_lead, colleague, family):
    """The checks on one family reuse the rule's SQL across requests; "now" is the moment of each query."""
    import time_machine
    from django.http import Http404

    from spalk.access.policy import allowed_actions

    grant = break_glass_open(actor=colleague, family=family, **REASON)
    assert access_family(user=fresh(colleague), family_id=family.pk) == family
    assert Action.EDIT in allowed_actions(user=fresh(colleague), family=family)
    with time_machine.travel(grant.expires_at + datetime.timedelta(seconds=1)):
        with pytest.raises(Http404):
            access_family(user=fresh(colleague), family_id=family.pk)
        assert Action.EDIT not in allowed_actions(user=fresh(colleague), family=family)
    assert access_family(user=fresh(colleague), family_id=family.pk) == family  # back before the expiry
    break_glass_end(actor=team_lead, grant=grant)
    with pytest.raises(Http404):
        access_family(user=fresh(colleague), family_id=family.pk)


def test_the_compiled_rule_follows_a_change_of_roles(director, outsider, family):
    from django.http import Http404

    from spalk.accounts.models import Membership, Role

    with pytest.raises(Http404):
        access_family(user=fresh(outsider), family_id=family.pk)
    membership = Membership.objects.create(user=outsider, centre=family.centre, role=Role.DIRECTOR,
                                           start_date=timezone.localdate())
    assert access_family(user=fresh(outsider), family_id=family.pk, action=Action.EDIT) == family
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    with pytest.raises(Http404):
        access_family(user=fresh(outsider), family_id=family.pk)
