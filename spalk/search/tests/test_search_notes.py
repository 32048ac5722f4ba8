"""Note text in the one search box: Dutch stemming, the note visibility rules inside the query, filters, snippets."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.logbook.models import Category, Visibility
from spalk.search.selectors import SearchFilters, search
from spalk.testing.logbook import NoteFactory


def note(family, text, **kwargs):
    return NoteFactory(family=family, text=text, **kwargs)


def found(user, q, **kwargs):
    return [h.id for h in search(user=user, q=q, kind="note", **kwargs).items]


@pytest.fixture
def notes(family, counsellor, other_family):
    return {
        "team": note(family, "Mama gaf de voedingen rustig en praatte tegen de baby.", author=counsellor),
        "health": note(family, "Vroedvrouw: de voedingen gaan goed, gewicht stijgt.",
                       visibility=Visibility.HEALTH, category=Category.HEALTH),
        "elsewhere": note(other_family, "Ook hier gaf mama de voeding."),
    }


def test_a_stemmed_word_finds_the_team_note_of_an_assigned_family(counsellor, notes):
    assert found(counsellor, "voeding") == [notes["team"].pk]


def test_a_health_only_note_is_found_by_the_health_coordinator_not_by_the_counsellor(counsellor, health_coordinator,
                                                                                     notes):
    assert notes["health"].pk not in found(counsellor, "voedingen")
    assert set(found(health_coordinator, "voedingen")) == {notes["team"].pk, notes["health"].pk}


def test_the_author_finds_their_own_health_only_note(colleague, family, director):
    own = note(family, "Afspraak bij de huisarts over de koorts.", author=colleague, visibility=Visibility.HEALTH)
    assert found(director, "huisarts") == []  # a director is not a health reader
    from spalk.testing.factories import FamilyAssignmentFactory

    FamilyAssignmentFactory(family=family, user=colleague)
    assert found(colleague, "huisarts") == [own.pk]


def test_another_centre_never_sees_the_note(outsider, notes):
    assert found(outsider, "voeding") == [notes["elsewhere"].pk]


def test_a_withheld_note_is_never_found_by_the_family(portal_parent, family, counsellor):
    shown = note(family, "Samen de afspraken voorbereid.")
    note(family, "Info van de school over de afspraken, vertrouwelijk.", withheld_from_family=True,
         withheld_reason="third_party")
    assert found(portal_parent, "afspraak") == [shown.pk]
    assert len(found(counsellor, "afspraak")) == 2


def test_a_house_note_is_found_by_staff_of_the_centre(night_staff, centre, outsider):
    house = NoteFactory(family=None, centre=centre, text="Brandalarm getest, alles in orde.",
                        category=Category.PRACTICAL)
    assert found(night_staff, "brandalarm") == [house.pk]
    assert found(outsider, "brandalarm") == []


def test_snippet_highlights_and_escapes(counsellor, family):
    note(family, "Papa & <b>oma</b> zongen voor de moeders; daarna sliepen de kinderen.")
    [hit] = search(user=counsellor, q="moeder", kind="note").items
    assert "<mark>moeders</mark>" in hit.snippet and "&amp;" in hit.snippet and "<b>" not in hit.snippet
    assert hit.title.endswith(family.name) and hit.at is not None and hit.family_id == family.pk
    assert hit.url == f"/logbook/notes/{hit.id}/"


def test_newest_first_within_the_same_relevance(counsellor, family):
    now = timezone.now()
    old = note(family, "Wandeling naar het park.", moment=now - datetime.timedelta(days=3))
    new = note(family, "Wandeling naar het park.", moment=now - datetime.timedelta(hours=1))
    assert found(counsellor, "wandeling") == [new.pk, old.pk]


def test_filters_period_category_author(counsellor, colleague, family):
    now = timezone.now()
    a = note(family, "Oefenen met de tandenborstel.", author=counsellor, category=Category.TRAINING,
             moment=now - datetime.timedelta(days=10))
    b = note(family, "Tandenborstel gekocht.", author=colleague, category=Category.PRACTICAL, moment=now)
    today = timezone.localdate()
    assert found(counsellor, "tandenborstel", filters=SearchFilters(category=Category.TRAINING)) == [a.pk]
    assert found(counsellor, "tandenborstel", filters=SearchFilters(author_id=colleague.pk)) == [b.pk]
    assert found(counsellor, "tandenborstel", filters=SearchFilters(start=today - datetime.timedelta(days=2))) == [b.pk]
    assert found(counsellor, "tandenborstel", filters=SearchFilters(end=today - datetime.timedelta(days=2))) == [a.pk]
    # a notes-only filter leaves families and persons out
    assert search(user=counsellor, q="peeters", filters=SearchFilters(category=Category.TRAINING)).count == 0


def test_one_list_over_families_persons_and_notes(client, counsellor, family):
    from spalk.api.services import api_token_create

    note(family, "Gesprek met mevrouw Peeters over de week.")
    _t, raw = api_token_create(actor=counsellor, user=counsellor, name="t")
    body = client.get("/api/v1/search", {"q": "peeters"}, headers={"Authorization": f"Bearer {raw}"}).json()
    assert body["count"] == 3 and [i["kind"] for i in body["items"]][-1] == "note"
    assert body["items"][-1]["at"] is not None


def test_the_search_vector_uses_spalk_dutch(family):
    n = note(family, "Crèche gebeld")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM logbook_note WHERE id = %s", [n.pk])
        vector = cursor.fetchone()[0]
    assert "'crech'" in vector and "è" not in vector


@pytest.fixture
def fever(family):
    """Three notes with "koorts": relevance 0.2 (three times), 0.1 (once) and 0.2, from old to new."""
    now = timezone.now()
    return {
        "old_strong": note(family, "Koorts, koorts en nog eens koorts.", moment=now - datetime.timedelta(days=3)),
        "mid_weak": note(family, "Even koorts gemeten.", moment=now - datetime.timedelta(days=2)),
        "new_strong": note(family, "Koorts: koorts blijft, koorts.", moment=now - datetime.timedelta(days=1)),
    }


def test_relevance_first_then_newest(counsellor, fever):
    assert found(counsellor, "koorts") == [fever["new_strong"].pk, fever["old_strong"].pk, fever["mid_weak"].pk]


def test_only_the_newest_matches_are_ranked_older_ones_follow_by_date(counsellor, fever, monkeypatch):
    from spalk.search import selectors

    monkeypatch.setattr(selectors, "RANKED_NOTES", 2)
    result = search(user=counsellor, q="koorts", kind="note")
    # the two newest are ranked (0.2 before 0.1); the older strong match follows them, without a band
    assert [h.id for h in result.items] == [fever["new_strong"].pk, fever["mid_weak"].pk, fever["old_strong"].pk]
    assert result.count == 3  # the count stays exact
    # a page inside the ranked matches takes the shorter way (rank the newest, count beside): the same rows
    first = search(user=counsellor, q="koorts", kind="note", limit=2)
    assert [h.id for h in first.items] == [h.id for h in result.items][:2] and first.count == 3


def test_pages_follow_the_same_order_without_gaps_or_repeats(counsellor, fever, monkeypatch):
    from spalk.search import selectors

    monkeypatch.setattr(selectors, "RANKED_NOTES", 2)
    whole = found(counsellor, "koorts")
    pages = [found(counsellor, "koorts", limit=1, offset=i) for i in range(4)]
    assert pages == [[whole[0]], [whole[1]], [whole[2]], []]
    assert search(user=counsellor, q="koorts", kind="note", limit=1, offset=5).count == 3


def test_families_persons_and_notes_merge_by_band_then_date(counsellor, family, fever):
    from spalk.search import selectors

    result = search(user=counsellor, q="koorts")
    rows = [(h.kind, h.id) for h in result.items]
    assert rows == [("note", fever["new_strong"].pk), ("note", fever["old_strong"].pk), ("note", fever["mid_weak"].pk)]
    assert result.counts == {"family": 0, "person": 0, "note": 3}
    assert selectors._order({"band": 0.2, "sort_at": None, "search_kind": "family", "pk": 1}) < selectors._order(
        {"band": 0.1, "sort_at": timezone.now(), "search_kind": "note", "pk": 2})


def test_the_planner_settings_do_not_outlive_the_note_query(counsellor, fever):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('jit')")
        before = cursor.fetchone()
        assert search(user=counsellor, q="koorts").count == 3
        cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('jit')")
        assert cursor.fetchone() == before
        assert before[0] == "on"


def test_the_results_fragment_filters_by_author_and_skips_the_staff_list_without_one(mfa_client, counsellor,
                                                                                      colleague, family,
                                                                                      ):
    """An htmx request for the results reads the staff of the centre only to check an author it was given."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    mine = note(family, "Oefenen met de tandenborstel.", author=counsellor)
    theirs = note(family, "Tandenborstel gekocht.", author=colleague)
    client = mfa_client(counsellor)
    url = reverse("search:search")
    response = client.get(url, {"q": "tandenborstel", "author": colleague.pk}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert f"/logbook/notes/{theirs.pk}/" in page and f"/logbook/notes/{mine.pk}/" not in page
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"q": "tandenborstel"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert f"/logbook/notes/{theirs.pk}/" in page and f"/logbook/notes/{mine.pk}/" in page
    assert not any('FROM "accounts_user"' in q["sql"] and "DISTINCT" in q["sql"] for q in ctx.captured_queries)
