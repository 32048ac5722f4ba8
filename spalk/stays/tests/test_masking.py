"""Issue 9, "Selectors never return rows the viewer may not see": the board and the dashboard loaded other
families' names and let the template hide them. The selectors now hand out ids and names of visible families only.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.accounts.models import Role
from spalk.stays import selectors
from spalk.stays.tests.factories import UnitFactory
from spalk.testing.factories import FamilyAssignmentFactory, MembershipFactory, UserFactory
from spalk.testing.stays import book_stay, staying_family


@pytest.fixture
def week(centre, director):
    """Two families arrive in this centre this week: 'Gezin Zichtbaar' and 'Gezin Verborgen'."""
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    out = {}
    for name in ("Gezin Zichtbaar", "Gezin Verborgen"):
        family, members = staying_family(centre=centre, name=name)
        book_stay(actor=director, family=family, unit=UnitFactory(centre=centre), start=week_start,
                  end=week_start + datetime.timedelta(days=4), members=members)
        out[name] = family
    return week_start, out


def family_person(family):
    from spalk.testing.factories import PersonFactory

    return PersonFactory(centre=family.centre, first_name="Ouder", last_name=family.name.split()[-1])


@pytest.fixture
def context_counsellor(centre, week):
    """Sees only the family they are assigned to (assignment-bound), yet opens the centre's board."""
    user = UserFactory(email="context@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.CONTEXT_COUNSELLOR)
    FamilyAssignmentFactory(user=user, family=week[1]["Gezin Zichtbaar"])
    return user


def test_week_movements_carry_no_id_or_name_of_an_unseen_family(centre, week):
    week_start, families = week
    seen, unseen = families["Gezin Zichtbaar"], families["Gezin Verborgen"]
    arrivals, departures = selectors.week_movements(centre_id=centre.pk, week_start=week_start,
                                                    visible_family_ids={seen.pk})
    assert len(arrivals) == 2 and len(departures) == 2
    assert {(m.family_id, m.family_name) for m in arrivals} == {(seen.pk, "Gezin Zichtbaar"), (None, "")}
    assert unseen.pk not in {m.family_id for m in arrivals + departures}


def test_board_segments_carry_no_id_or_name_of_an_unseen_family(centre, week):
    week_start, families = week
    seen, unseen = families["Gezin Zichtbaar"], families["Gezin Verborgen"]
    _dates, rows = selectors.board(centre_id=centre.pk, start=week_start, days=14, visible_family_ids={seen.pk},
                                   today=timezone.localdate())
    booked = [s for row in rows for s in row.segments if s.kind not in ("free", "out_of_service")]
    assert {(s.family_id, s.family_name) for s in booked} == {(seen.pk, "Gezin Zichtbaar"), (None, "")}
    assert unseen.pk not in {s.family_id for s in booked}


@pytest.mark.parametrize("page", ["stays:dashboard", "stays:board"])
def test_pages_name_only_visible_families(mfa_client, context_counsellor, week, page):
    body = mfa_client(context_counsellor).get(reverse(page)).content.decode()
    assert "Gezin Zichtbaar" in body
    assert "Gezin Verborgen" not in body
    assert reverse("families:detail", args=[week[1]["Gezin Verborgen"].pk]) not in body
