"""Hole 1 of issue 9: nobody raises their own rights; the installation administrator's changes are listed to the
centre's directors ("Wijzigingen in rechten"); resetting a director's second factor needs a re-authentication."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from spalk.accounts import services
from spalk.accounts.models import Membership, Role
from spalk.accounts.rights import rights_changes
from spalk.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["installation_admin", "centre_admin", "director"])
def test_nobody_gives_themselves_a_role_through_the_staff_screens(mfa_client, request, persona, centre):
    user = request.getfixturevalue(persona)
    response = mfa_client(user).post(reverse("accounts:membership_add", args=[user.pk]), {
        "centre": centre.pk, "role": Role.INTAKE_OFFICER, "start_date": "01/01/2026", "end_date": ""})
    assert response.status_code in (200, 404)
    assert not Membership.objects.filter(user=user, role=Role.INTAKE_OFFICER).exists()
    if response.status_code == 200:
        assert "eigen rechten" in response.content.decode()


def test_the_installation_admin_cannot_read_families_by_giving_itself_a_role(mfa_client, installation_admin,
                                                                            centre, family):
    client = mfa_client(installation_admin)
    client.post(reverse("accounts:membership_add", args=[installation_admin.pk]), {
        "centre": centre.pk, "role": Role.INTAKE_OFFICER, "start_date": "01/01/2026", "end_date": ""})
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 404


def test_no_one_ends_their_own_role(centre_admin):
    with pytest.raises(DomainError):
        services.membership_end(actor=centre_admin, membership=centre_admin.memberships.get())


@pytest.mark.parametrize("url_name", ["accounts:second_factor_reset", "accounts:password_link"])
def test_own_second_factor_and_password_link_are_refused(mfa_client, installation_admin, url_name):
    client = mfa_client(installation_admin)
    session = client.session  # a fresh password sign-in, so the re-authentication is not what refuses it
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(installation_admin.pk)
    session.save()
    response = client.post(reverse(url_name, args=[installation_admin.pk]))
    assert response.status_code == 403
    assert "eigen rechten" in response.content.decode()


def test_the_services_refuse_own_second_factor_and_password_link(installation_admin, rf):
    with pytest.raises(DomainError):
        services.second_factor_reset(actor=installation_admin, user=installation_admin)
    with pytest.raises(DomainError):
        services.password_link_create(actor=installation_admin, user=installation_admin, request=rf.get("/"))


def test_resetting_a_directors_second_factor_needs_a_recent_reauthentication(mfa_client, installation_admin,
                                                                             director):
    Authenticator.objects.create(user=director, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = mfa_client(installation_admin).post(reverse("accounts:second_factor_reset", args=[director.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=director).exists()


def test_the_directors_see_the_installation_admins_changes_to_their_staff(mfa_client, installation_admin, director,
                                                                          counsellor, centre, other_centre, outsider):
    services.membership_add(actor=installation_admin, user=counsellor, centre=centre, role=Role.CASE_LEAD,
                            start_date=timezone.localdate())
    services.second_factor_reset(actor=installation_admin, user=counsellor)
    services.membership_add(actor=installation_admin, user=outsider, centre=other_centre, role=Role.TEAM_LEAD,
                            start_date=timezone.localdate())
    rows = rights_changes(centre_ids=[centre.pk], since=timezone.now() - timezone.timedelta(days=1))
    assert [r.subject for r in rows] == [str(counsellor), str(counsellor)]
    assert "tweede factor" in rows[0].what.lower() and "trajectbegeleider" in rows[1].what.lower()
    page = mfa_client(director).get(reverse("accounts:rights_changes"))
    assert page.status_code == 200
    body = page.content.decode()
    assert str(counsellor) in body and str(outsider) not in body


def test_the_rights_changes_page_is_for_directors(mfa_client, team_lead, counsellor):
    for user in (team_lead, counsellor):
        assert mfa_client(user).get(reverse("accounts:rights_changes")).status_code == 404
