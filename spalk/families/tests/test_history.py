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
