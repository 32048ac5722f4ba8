"""Dutch stemming and accents: the spalk_dutch configuration and the name matching of the search box."""

from __future__ import annotations

import pytest
from django.db import connection

from spalk.search.selectors import search
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory


def matches(text: str, query: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('spalk_dutch', %s) @@ websearch_to_tsquery('spalk_dutch', %s)",
                       [text, query])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "query"), [
    ("Twee gesprekken met de moeders", "gesprek moeder"),  # plural in the text, singular in the query
    ("Afspraak bij Kind en Gezin", "afspraken"),  # and the other way round
    ("De baby huilen na de voedingen", "voeding huilen"),
    ("Afspraak in het café om tien uur", "cafe"),  # accent in the text, none in the query
    ("Afspraak in het cafe om tien uur", "café"),  # and the other way round
    ("Zij heeft zich geïnformeerd bij de crèche", "creche geinformeerd"),
    ("Gesprek met de vroedvrouw over borstvoeding", "\"vroedvrouw over borstvoeding\""),  # phrase
])
def test_stemming_and_unaccent(text, query):
    assert matches(text, query)


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "query"), [
    ("De kinderen sliepen goed", "ouders"),
    ("De kinderen sliepen goed", "de"),  # a stop word alone matches nothing
    ("Gesprek met de vroedvrouw", "vroedvrouw -gesprek"),  # websearch syntax: exclusion
])
def test_what_does_not_match(text, query):
    assert not matches(text, query)


def test_names_ignore_accents_and_case(director, centre):
    family = FamilyFactory(centre=centre, name="Gezin Desmet")
    member = FamilyMemberFactory(family=family, person__first_name="Thérèse", person__last_name="Çelik",
                                 person__centre=centre)
    for q in ("therese", "THÉRÈSE", "celik", "therese celik"):
        result = search(user=director, q=q, kind="person")
        assert [h.id for h in result.items] == [member.person_id], q
        assert "<mark>Thérèse</mark>" in result.items[0].snippet or "<mark>Çelik</mark>" in result.items[0].snippet


def test_a_typo_in_a_name_still_finds_it(director, centre):
    family = FamilyFactory(centre=centre, name="Gezin Vandenbroucke")
    assert [h.id for h in search(user=director, q="vandenbrouke", kind="family").items] == [family.pk]


def test_every_word_must_match(director, centre):
    FamilyFactory(centre=centre, name="Gezin Claes")
    family = FamilyFactory(centre=centre, name="Gezin Claes-Wouters")
    assert [h.id for h in search(user=director, q="claes wouters", kind="family").items] == [family.pk]


def test_percent_and_underscore_are_not_wildcards(director, centre):
    FamilyFactory(centre=centre, name="Gezin Aerts")
    assert search(user=director, q="%%", kind="family").count == 0
    assert search(user=director, q="__", kind="family").count == 0


def test_the_closest_name_comes_first(director, centre):
    far = FamilyFactory(centre=centre, name="Gezin Martens-Vermeulen-Van Damme")
    near = FamilyFactory(centre=centre, name="Gezin Martens")
    assert [h.id for h in search(user=director, q="gezin martens", kind="family").items][:2] == [near.pk, far.pk]


def test_markup_in_a_name_is_escaped(director, centre):
    FamilyFactory(centre=centre, name="Gezin <script>alert(1)</script> Wuyts")
    [hit] = search(user=director, q="wuyts", kind="family").items
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
