"""Staff management screens: centre administrators and directors for their centre, the installation
administrator for all; everyone else 404."""

from __future__ import annotations

import datetime
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from spalk.accounts.models import Membership, Role, User
from spalk.audit.models import AuditEvent
from spalk.testing.factories import MembershipFactory, UserFactory


def reauthenticated(client, user):
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def new_staff_data(centre, **extra):
    return {"first_name": "Nele", "last_name": "Nieuw", "email": "nele@example.test", "phone": "",
            "centre": centre.pk, "roles": [Role.COUNSELLOR, Role.NIGHT_STAFF], "start_date": "01/09/2026",
            "end_date": "", **extra}


# --- list --------------------------------------------------------------------------------------------------

def test_centre_admin_sees_staff_of_their_centre_with_roles(mfa_client, centre_admin, counsellor, outsider):
    response = mfa_client(centre_admin).get(reverse("accounts:staff_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert counsellor.email in body
    assert "Begeleider" in body or "begeleider" in body
    assert outsider.email not in body


def test_director_manages_staff(mfa_client, director):
    assert mfa_client(director).get(reverse("accounts:staff_list")).status_code == 200


@pytest.mark.parametrize("persona", ["counsellor", "team_lead", "night_staff", "administrative", "colleague"])
def test_other_roles_get_404(mfa_client, persona, request):
    user = request.getfixturevalue(persona)
    assert mfa_client(user).get(reverse("accounts:staff_list")).status_code == 404


def test_installation_admin_sees_every_centre(mfa_client, installation_admin, counsellor, outsider):
    body = mfa_client(installation_admin).get(reverse("accounts:staff_list")).content.decode()
    assert counsellor.email in body and outsider.email in body


def test_installation_admin_without_centres_sees_the_list(mfa_client, installation_admin):
    assert mfa_client(installation_admin).get(reverse("accounts:staff_list")).status_code == 200


def test_staff_list_query_count_is_flat(mfa_client, centre_admin, centre, django_assert_max_num_queries):
    client = mfa_client(centre_admin)
    client.get(reverse("accounts:staff_list"))
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("accounts:staff_list"))
    for _ in range(20):
        MembershipFactory(centre=centre, role=Role.COUNSELLOR)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("accounts:staff_list"))
    assert response.content.decode().count("<tr>") >= 21


def test_wrong_method_is_405(mfa_client, centre_admin):
    assert mfa_client(centre_admin).post(reverse("accounts:staff_list")).status_code == 405


# --- create ------------------------------------------------------------------------------------------------

def test_centre_admin_creates_account_and_gets_one_time_link(mfa_client, centre_admin, centre):
    client = mfa_client(centre_admin)
    response = client.post(reverse("accounts:staff_create"), new_staff_data(centre))
    assert response.status_code == 200
    user = User.objects.get(email="nele@example.test")
    assert not user.has_usable_password()
    assert set(user.memberships.values_list("role", flat=True)) == {Role.COUNSELLOR, Role.NIGHT_STAFF}
    assert user.memberships.first().start_date == datetime.date(2026, 9, 1)
    body = response.content.decode()
    assert "/accounts/password/reset/key/" in body
    assert response["Cache-Control"] == "no-store"
    created = AuditEvent.objects.filter(action="account", extra__event="staff_created", object_id=str(user.pk))
    assert created.count() == 1


def test_one_time_link_lets_the_new_person_choose_a_password_once(mfa_client, centre_admin, centre, client):
    admin_client = mfa_client(centre_admin)
    body = admin_client.post(reverse("accounts:staff_create"), new_staff_data(centre)).content.decode()
    link = body.split('id="password-link" value="', 1)[1].split('"', 1)[0]
    path = link.removeprefix("http://testserver")
    admin_client.logout()

    response = client.get(path)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response["Location"]
    response = client.post(form_url, {"password1": "Fietsbel-Zeewind-42", "password2": "Fietsbel-Zeewind-42"})
    assert response.status_code == 302
    user = User.objects.get(email="nele@example.test")
    assert user.check_password("Fietsbel-Zeewind-42")
    assert AuditEvent.objects.filter(action="account", actor=user, extra__event="password_reset").count() == 1
    # the link works only once
    again = client.get(path, follow=True)
    assert "Fietsbel" not in again.content.decode()
    assert b'name="password1"' not in again.content


def test_one_time_link_refuses_a_weak_password(mfa_client, centre_admin, centre, client):
    body = mfa_client(centre_admin).post(reverse("accounts:staff_create"), new_staff_data(centre)).content.decode()
    path = body.split('id="password-link" value="', 1)[1].split('"', 1)[0].removeprefix("http://testserver")
    mfa_client(centre_admin).logout()
    form_url = client.get(path)["Location"]
    response = client.post(form_url, {"password1": "kort-wachtw", "password2": "kort-wachtw"})
    assert response.status_code == 200
    assert "minstens 12 tekens" in response.content.decode()
    assert not User.objects.get(email="nele@example.test").has_usable_password()


def test_password_change_page_is_dutch(mfa_client, counsellor):
    response = mfa_client(counsellor).get(reverse("account_change_password"))
    assert response.status_code == 200
    assert "Wachtwoord wijzigen" in response.content.decode()


def test_create_keeps_input_on_duplicate_email(mfa_client, centre_admin, centre, counsellor):
    response = mfa_client(centre_admin).post(reverse("accounts:staff_create"),
                                             new_staff_data(centre, email=counsellor.email.upper(), first_name="Zoë"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zoë" in body
    assert User.objects.filter(email__iexact=counsellor.email).count() == 1


def test_create_needs_a_role(mfa_client, centre_admin, centre):
    response = mfa_client(centre_admin).post(reverse("accounts:staff_create"), new_staff_data(centre, roles=[]))
    assert response.status_code == 200
    assert not User.objects.filter(email="nele@example.test").exists()


def test_centre_admin_cannot_create_in_another_centre(mfa_client, centre_admin, other_centre):
    response = mfa_client(centre_admin).post(reverse("accounts:staff_create"), new_staff_data(other_centre))
    assert response.status_code == 200  # the form again: that centre is not a choice
    assert not User.objects.filter(email="nele@example.test").exists()


def test_centre_admin_can_never_grant_installation_admin(mfa_client, centre_admin, centre):
    client = mfa_client(centre_admin)
    assert "is_installation_admin" not in client.get(reverse("accounts:staff_create")).content.decode()
    client.post(reverse("accounts:staff_create"), new_staff_data(centre, is_installation_admin="on"))
    assert User.objects.get(email="nele@example.test").is_installation_admin is False


def test_installation_admin_can_create_an_installation_admin(mfa_client, installation_admin):
    response = mfa_client(installation_admin).post(reverse("accounts:staff_create"), {
        "first_name": "Ines", "last_name": "Installatie", "email": "ines@example.test", "centre": "",
        "roles": [], "start_date": "01/09/2026", "is_installation_admin": "on"})
    assert response.status_code == 200
    assert User.objects.get(email="ines@example.test").is_installation_admin is True


def test_counsellor_cannot_create(mfa_client, counsellor, centre):
    response = mfa_client(counsellor).post(reverse("accounts:staff_create"), new_staff_data(centre))
    assert response.status_code == 404
    assert not User.objects.filter(email="nele@example.test").exists()


# --- detail, roles ---------------------------------------------------------------------------------------

def test_detail_of_own_staff(mfa_client, centre_admin, counsellor):
    response = mfa_client(centre_admin).get(reverse("accounts:staff_detail", args=[counsellor.pk]))
    assert response.status_code == 200
    assert counsellor.email in response.content.decode()


def test_detail_of_other_centres_staff_is_404(mfa_client, centre_admin, outsider):
    assert mfa_client(centre_admin).get(reverse("accounts:staff_detail", args=[outsider.pk])).status_code == 404


def test_detail_of_installation_admin_is_404_for_centre_admin(mfa_client, centre_admin, installation_admin):
    url = reverse("accounts:staff_detail", args=[installation_admin.pk])
    assert mfa_client(centre_admin).get(url).status_code == 404


def test_edit_account(mfa_client, centre_admin, counsellor):
    response = mfa_client(centre_admin).post(reverse("accounts:staff_detail", args=[counsellor.pk]), {
        "first_name": "Bram", "last_name": "Bogaert", "email": counsellor.email, "phone": "050 12 34 56"})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert (counsellor.first_name, counsellor.phone) == ("Bram", "050 12 34 56")
    event = AuditEvent.objects.get(action="account", extra__event="staff_updated")
    assert set(event.fields) >= {"first_name", "phone"}


def test_account_of_someone_also_in_another_centre_is_403(mfa_client, centre_admin, counsellor, other_centre):
    MembershipFactory(user=counsellor, centre=other_centre, role=Role.COUNSELLOR)
    client = mfa_client(centre_admin)
    url = reverse("accounts:staff_detail", args=[counsellor.pk])
    assert client.get(url).status_code == 200  # visible: a colleague of their centre
    response = client.post(url, {"first_name": "X", "last_name": "Y", "email": counsellor.email})
    assert response.status_code == 403
    assert client.post(reverse("accounts:staff_set_active", args=[counsellor.pk]), {"active": "0"}).status_code == 403
    counsellor.refresh_from_db()
    assert counsellor.is_active


def test_add_and_end_role(mfa_client, centre_admin, counsellor, centre):
    client = mfa_client(centre_admin)
    response = client.post(reverse("accounts:membership_add", args=[counsellor.pk]), {
        "centre": centre.pk, "role": Role.CASE_LEAD, "start_date": "01/01/2026", "end_date": ""})
    assert response.status_code == 302
    membership = Membership.objects.get(user=counsellor, role=Role.CASE_LEAD)
    response = client.post(reverse("accounts:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate()
    assert membership.ended_at is not None
    assert not membership.is_current()
    events = AuditEvent.objects.filter(action="account", extra__user=counsellor.pk)
    assert {e.extra["event"] for e in events} == {"membership_added", "membership_ended"}


def test_add_role_in_other_centre_is_refused(mfa_client, centre_admin, counsellor, other_centre):
    response = mfa_client(centre_admin).post(reverse("accounts:membership_add", args=[counsellor.pk]), {
        "centre": other_centre.pk, "role": Role.DIRECTOR, "start_date": "01/01/2026"})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=counsellor, centre=other_centre).exists()


def test_end_role_in_other_centre_is_404(mfa_client, centre_admin, outsider):
    membership = outsider.memberships.get()
    response = mfa_client(centre_admin).post(reverse("accounts:membership_end", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.end_date is None


# --- deactivate, second factor, password link -------------------------------------------------------------

def test_deactivate_and_reactivate(mfa_client, centre_admin, counsellor, client):
    admin = mfa_client(centre_admin)
    assert admin.post(reverse("accounts:staff_set_active", args=[counsellor.pk]), {"active": "0"}).status_code == 302
    counsellor.refresh_from_db()
    assert not counsellor.is_active
    admin.post(reverse("accounts:staff_set_active", args=[counsellor.pk]), {"active": "1"})
    counsellor.refresh_from_db()
    assert counsellor.is_active
    events = AuditEvent.objects.filter(action="account", object_id=str(counsellor.pk))
    assert {e.extra["event"] for e in events} == {"account_deactivated", "account_reactivated"}


def test_deactivated_person_is_signed_out(mfa_client, centre_admin, counsellor, client):
    from spalk.accounts.middleware import SESSION_FLAG

    client.force_login(counsellor)
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=counsellor.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cannot_deactivate_yourself(mfa_client, centre_admin):
    mfa_client(centre_admin).post(reverse("accounts:staff_set_active", args=[centre_admin.pk]), {"active": "0"})
    centre_admin.refresh_from_db()
    assert centre_admin.is_active


def test_second_factor_reset_needs_reauthentication(mfa_client, centre_admin, counsellor):
    TOTP.activate(counsellor, "JBSWY3DPEHPK3PXP")
    client = mfa_client(centre_admin)
    url = reverse("accounts:second_factor_reset", args=[counsellor.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=counsellor).exists()

    reauthenticated(client, centre_admin)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Authenticator.objects.filter(user=counsellor).exists()
    event = AuditEvent.objects.get(action="account", extra__event="second_factor_reset")
    assert event.actor == centre_admin and event.object_id == str(counsellor.pk)


def test_second_factor_reset_of_other_centre_is_404(mfa_client, centre_admin, outsider):
    TOTP.activate(outsider, "JBSWY3DPEHPK3PXP")
    client = reauthenticated(mfa_client(centre_admin), centre_admin)
    assert client.post(reverse("accounts:second_factor_reset", args=[outsider.pk])).status_code == 404
    assert Authenticator.objects.filter(user=outsider).exists()


def test_password_link_for_existing_staff(mfa_client, centre_admin, counsellor):
    client = reauthenticated(mfa_client(centre_admin), centre_admin)
    response = client.post(reverse("accounts:password_link", args=[counsellor.pk]))
    assert response.status_code == 200
    assert "/accounts/password/reset/key/" in response.content.decode()
    assert AuditEvent.objects.filter(extra__event="password_link_created", object_id=str(counsellor.pk)).count() == 1


# --- who may not -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["staff_detail", "staff_set_active", "second_factor_reset", "password_link",
                                  "membership_add"])
def test_counsellor_gets_404_on_staff_actions(mfa_client, counsellor, colleague, name):
    client = reauthenticated(mfa_client(counsellor), counsellor)
    assert client.post(reverse(f"accounts:{name}", args=[colleague.pk]), {"active": "0"}).status_code == 404
    colleague.refresh_from_db()
    assert colleague.is_active


def test_portal_user_cannot_reach_staff_screens(mfa_client, family):
    person = family.members.first().person
    parent = UserFactory(portal_person=person)
    client = mfa_client(parent)
    assert client.get(reverse("accounts:staff_list")).status_code == 404
    assert client.get(reverse("accounts:staff_create")).status_code == 404
    assert client.get(reverse("centres:list")).status_code == 404
    assert client.get(reverse("accounts:tokens:list")).status_code == 404


# --- my account and Django admin -----------------------------------------------------------------------------

def test_my_account_page(mfa_client, counsellor):
    response = mfa_client(counsellor).get(reverse("accounts:my_account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert counsellor.email in body
    assert reverse("accounts:tokens:list") in body
    assert reverse("mfa_index") in body


def test_user_menu_links_to_my_account(mfa_client, counsellor):
    body = mfa_client(counsellor).get(reverse("home")).content.decode()
    assert reverse("accounts:my_account") in body


@pytest.mark.parametrize("is_staff", [False, True])
def test_django_admin_is_for_the_superuser_only(mfa_client, installation_admin, is_staff):
    installation_admin.is_staff = is_staff
    installation_admin.save()
    response = mfa_client(installation_admin).get("/django-admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_django_admin_for_superuser(mfa_client, db):
    root = User.objects.create_superuser("super@example.test", "Fietsbel-Zeewind-42")
    assert mfa_client(root).get("/django-admin/").status_code == 200


def test_django_admin_login_goes_through_allauth(client, db):
    response = client.get("/django-admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
