from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_history_shows_previous_values_and_who(mfa_client, director, family):
    client = mfa_client(director)
    client.post(reverse("families:edit", args=[family.pk]), {"name": "Gezin Peeters-Diallo", "city": "Brugge",
                                                             "version": family.version})
    response = client.get(reverse("families:history", args=[family.pk]))
    assert response.status_code == 200
    changes = response.context["changes"]
    latest = changes[0]
    fields = {name: (old, new) for name, _label, old, new in latest.fields}
    assert fields["name"] == ("Gezin Peeters", "Gezin Peeters-Diallo")
    assert latest.actor == str(director)


def test_history_query_count_does_not_grow_with_changes(mfa_client, director, family,
                                                        django_assert_max_num_queries):
    client = mfa_client(director)
    url = reverse("families:history", args=[family.pk])
    edit = reverse("families:edit", args=[family.pk])

    def change(city):
        family.refresh_from_db()
        client.post(edit, {"name": family.name, "city": city, "version": family.version})

    change("A")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    baseline = len(few.captured_queries)  # read now: the next request resets the query log
    for i in range(10):
        change(f"Stad {i}")
    with django_assert_max_num_queries(baseline):
        assert len(client.get(url).context["changes"]) == 14  # 3 inserts + 11 edits


def test_history_is_404_for_outsider(mfa_client, outsider, family):
    assert mfa_client(outsider).get(reverse("families:history", args=[family.pk])).status_code == 404


def test_changes_made_in_one_transaction_keep_their_order(director, family):
    """History times are the moment of each change (clock_timestamp), not of the transaction: a family
    changed and then given a member in one transaction shows the member first, with a later time."""
    from django.db import transaction

    from spalk.families.history import family_history
    from spalk.families.services import family_update, member_add

    with transaction.atomic():
        family_update(actor=director, family=family, data={"city": "Gent"}, version=family.version)
        member_add(actor=director, family=family, role="child",
                   person_data={"first_name": "Mila", "last_name": "Peeters", "sex": "f"})
    changes = family_history(family=family)
    newest, update = changes[0], next(c for c in changes if c.label == "update" and c.model == "gezin")
    assert "Mila" in newest.object_name
    assert newest.at > update.at


def test_history_speaks_in_peoples_words(mfa_client, director, family):
    """Names and readable values, not model names and ids: no "Family member Rita", no "1"/"4" for the
    family and person, "ja" instead of "True", the centre by name, the national number formatted."""
    from spalk.families.services import member_add

    member_add(actor=director, family=family, role="parent", pregnant=True,
               person_data={"first_name": "Rita", "last_name": "Vermeulen", "sex": "f",
                            "national_number": "09031412483"})
    response = mfa_client(director).get(reverse("families:history", args=[family.pk]))
    body = response.content.decode()
    changes = response.context["changes"]
    membership = next(c for c in changes if c.what == "toegevoegd aan het gezin")
    fields = {name: (label, new) for name, label, _old, new in membership.fields}
    assert "family" not in fields and "person" not in fields
    assert fields["pregnant"] == ("zwanger", "ja")
    assert membership.object_name == "Rita Vermeulen"
    person = next(c for c in changes if c.what == "persoonsgegevens genoteerd")
    assert dict((n, new) for n, _l, _o, new in person.fields)["national_number"] == "09.03.14-124.83"
    created = next(c for c in changes if c.what == "gezin aangemaakt")
    assert dict((n, new) for n, _l, _o, new in created.fields)["centre"] == family.centre.name
    assert "True" not in body and "Gezin Gezin" not in body and "Family member" not in body
