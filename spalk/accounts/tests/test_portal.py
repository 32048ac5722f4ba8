"""Family members as principals (portal, later): a parent sees only her own family, a minor aged 12 or more
only their own file; neither reaches staff screens."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.access.policy import visible_families, visible_persons
from spalk.families.models import MemberRole
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory, UserFactory


@pytest.fixture
def parent_user(family):
    parent = family.members.get(role=MemberRole.PARENT).person
    return UserFactory(portal_person=parent)


@pytest.fixture
def minor_user(family):
    birth = timezone.localdate() - datetime.timedelta(days=365 * 13)
    member = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__birth_date=birth)
    return UserFactory(portal_person=member.person)


def test_portal_parent_sees_only_her_own_family(parent_user, family, other_family, centre):
    FamilyFactory(centre=centre)  # another family of the same centre
    assert list(visible_families(user=parent_user)) == [family]


def test_portal_parent_sees_the_members_of_her_family(parent_user, family, other_family):
    FamilyMemberFactory(family=other_family)
    persons = set(visible_persons(user=parent_user))
    assert persons == {m.person for m in family.members.all()}


def test_minor_portal_user_sees_only_their_own_person(minor_user, family):
    assert not visible_families(user=minor_user).exists()
    assert list(visible_persons(user=minor_user)) == [minor_user.portal_person]


def test_portal_user_without_a_person_sees_nothing(db, family):
    user = UserFactory()
    assert not visible_families(user=user).exists()
    assert not visible_persons(user=user).exists()


def test_deactivated_portal_user_sees_nothing(parent_user):
    parent_user.is_active = False
    parent_user.save()
    assert not visible_families(user=parent_user).exists()


@pytest.mark.parametrize("who", ["parent_user", "minor_user"])
@pytest.mark.parametrize("url_name", ["accounts:staff_list", "accounts:staff_create", "centres:list",
                                      "centres:create", "accounts:tokens:list", "audit:events"])
def test_portal_users_cannot_reach_staff_screens(mfa_client, request, who, url_name):
    client = mfa_client(request.getfixturevalue(who))
    assert client.get(reverse(url_name)).status_code == 404


def test_minor_cannot_open_the_family_page(mfa_client, minor_user, family):
    assert mfa_client(minor_user).get(reverse("families:detail", args=[family.pk])).status_code == 404
