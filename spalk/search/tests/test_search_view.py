"""The search page and the box in the header."""

from __future__ import annotations

from django.urls import reverse

from spalk.audit.models import AuditEvent


def test_the_header_has_the_search_box_for_staff(mfa_client, counsellor, centre_admin):
    assert 'role="search"' in mfa_client(counsellor).get(reverse("home")).content.decode()


def test_the_header_has_no_search_box_for_a_centre_admin(mfa_client, centre_admin):
    assert 'id="site-search-q"' not in mfa_client(centre_admin).get(reverse("home")).content.decode()


def test_search_page_lists_what_the_user_may_open(mfa_client, counsellor, family):
    response = mfa_client(counsellor).get(reverse("search:search"), {"q": "peeters"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 resultaten" in body and reverse("families:detail", args=[family.pk]) in body
    assert "<mark>Peeters</mark>" in body
    assert AuditEvent.objects.filter(action="search", extra__query__q="peeters").count() == 1


def test_htmx_gets_the_results_fragment(mfa_client, counsellor, family):
    response = mfa_client(counsellor).get(reverse("search:search"), {"q": "peeters"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "<html" not in body


def test_a_one_letter_query_says_so_in_dutch(mfa_client, counsellor):
    body = mfa_client(counsellor).get(reverse("search:search"), {"q": "p"}).content.decode()
    assert "Typ minstens twee tekens om te zoeken." in body
    assert not AuditEvent.objects.filter(action="search").exists()


def test_the_empty_page_does_not_search(mfa_client, counsellor):
    assert mfa_client(counsellor).get(reverse("search:search")).status_code == 200
    assert not AuditEvent.objects.filter(action="search").exists()


def test_outsider_cannot_limit_the_search_to_a_family_of_another_centre(mfa_client, outsider, family):
    response = mfa_client(outsider).get(reverse("search:search"), {"q": "peeters", "family": family.pk})
    assert response.status_code == 404
