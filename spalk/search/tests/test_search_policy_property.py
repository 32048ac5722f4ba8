"""Property: whatever the families, people, notes (team or health only, withheld or not, by whom), roles,
assignments, shares, stays and portal accounts, search never returns a row the policy would not open, and finds
every row it would (the policy is part of the query, not a filter afterwards).

Hypothesis draws a small world of two centres per example; each example runs in its own transaction.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from spalk.access.policy import (
    access_family,
    access_note,
    access_person,
    visible_families,
    visible_notes,
    visible_persons,
)
from spalk.accounts.models import Role, User
from spalk.centres.models import Centre
from spalk.families.models import Family, FamilyMember, MemberRole, Person
from spalk.logbook.models import Category, Note, Visibility
from spalk.search.selectors import search
from spalk.testing.drawn import grant_drawn_rights, place_drawn_family

TOKEN = "Zoekwoord"
ROLES = [r.value for r in Role]

family_st = st.fixed_dictionaries({
    "centre": st.integers(0, 1),
    "named": st.booleans(),  # the family name holds the token
    "member_named": st.booleans(),  # a member's last name holds the token
    "resident": st.booleans(),
    "shared": st.booleans(),  # shared with the other centre
    "notes": st.lists(st.fixed_dictionaries({
        "matches": st.booleans(),
        "health": st.booleans(),
        "withheld": st.booleans(),
        "author": st.integers(0, 2),  # one of the drawn users (when there are that many), else the granter
        "house": st.booleans(),  # about the house, not the family
    }), max_size=3),
})
user_st = st.fixed_dictionaries({
    "centre": st.integers(0, 1),
    "roles": st.lists(st.sampled_from(ROLES), min_size=0, max_size=2, unique=True),
    "assigned": st.lists(st.integers(0, 5), max_size=3, unique=True),
    "inactive": st.booleans(),
    "portal": st.integers(-1, 5),  # the parent of this family (index) signs in to the portal; -1: staff only
})


class SearchNeverLeaks(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(families=st.lists(family_st, min_size=1, max_size=6), users=st.lists(user_st, min_size=1, max_size=3))
    def test_search_returns_exactly_what_the_policy_opens(self, families, users):
        today = timezone.localdate()
        centres = [Centre.objects.create(name=f"CIG {c}", short_name=f"P{c}", city="Gent") for c in "AB"]
        granter = User.objects.create(email="granter@example.test")
        made = []
        for i, spec in enumerate(families):
            centre = centres[spec["centre"]]
            family = Family.objects.create(centre=centre, reference=f"R-{i}",
                                           name=f"Gezin {TOKEN if spec['named'] else 'Anders'} {i}")
            person = Person.objects.create(centre=centre, first_name="Kim",
                                           last_name=f"{TOKEN}s" if spec["member_named"] else f"Other{i}")
            FamilyMember.objects.create(family=family, person=person, role=MemberRole.PARENT)
            place_drawn_family(family=family, spec=spec, index=i, centres=centres, granter=granter, today=today)
            made.append((family, person))
        people = [User.objects.create(email=f"p{j}@example.test", is_active=not spec["inactive"])
                  for j, spec in enumerate(users)]
        for (family, _person), spec in zip(made, families, strict=True):
            for k, n in enumerate(spec["notes"]):
                author = people[n["author"]] if n["author"] < len(people) else granter
                Note.objects.create(
                    centre=family.centre, family=None if n["house"] else family, author=author,
                    category=Category.HEALTH if n["health"] else Category.PARENT_WORK,
                    visibility=Visibility.HEALTH if n["health"] else Visibility.TEAM,
                    withheld_from_family=n["withheld"], withheld_reason="third_party" if n["withheld"] else "",
                    text=f"Notitie {k}: " + (f"het {TOKEN} kwam ter sprake" if n["matches"] else "niets bijzonders"))
        grant_drawn_rights(people=people, specs=users, centres=centres, made=made, today=today)
        for user in people:
            user = User.objects.get(pk=user.pk)  # no cached principal
            result = search(user=user, q=TOKEN.lower(), limit=100)
            found = {(h.kind, h.id) for h in result.items}
            assert result.count == len(result.items) == len(found)
            for kind, pk in found:  # never a row the policy would not open
                opener = {"family": access_family, "person": access_person, "note": access_note}[kind]
                try:
                    opener(user=user, **{f"{kind}_id": pk})  # type: ignore[operator]
                except Http404:
                    raise AssertionError(f"search returned {kind} {pk} that the policy does not open") from None
            expected = ({("family", f.pk) for f in visible_families(user=user).filter(name__icontains=TOKEN)}
                        | {("person", p.pk) for p in visible_persons(user=user).filter(last_name__icontains=TOKEN)}
                        | {("note", n.pk) for n in visible_notes(user=user).filter(text__icontains=TOKEN)})
            assert found == expected  # and every row it would
