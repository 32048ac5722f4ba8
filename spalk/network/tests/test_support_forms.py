"""The 24 support forms of seed 004, each with every criterion and a colour code of the seed's legend."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.network.models import Colour, Criterion, SupportForm
from spalk.network.selectors import comparison, suggestions
from spalk.network.supportforms import FORMS

EXPECTED = [
    "1G1P", "Brugfiguren", "Buddy's", "Casemanager zorg", "Casusregie (Veilig Huis)", "CAW-trajecten",
    "Consulenten (OCJ, SDJ, VK)", "Contextbegeleiding Jeugdhulp", "Contextbegeleiding VAPH", "Doelgerichte zorg",
    "Draaischijffunctie CLB", "GBO-samenwerkingsverband", "Gezinscoaching", "JAC-trajecten", "Jeugdhulpregie",
    "Jeugdwelzijnswerk", "Lokale Teams K&G", "D.O.P.", "OCMW", "Trajectgezel", "Vertrouwenspersoon J",
    "Zorgcoördinatie", "Zorggarantie", "Zorgregisseur",
]


@pytest.mark.django_db
def test_all_24_forms_with_every_criterion_and_a_colour():
    forms = list(SupportForm.objects.prefetch_related("criteria"))
    assert len(forms) == 24
    for expected, form in zip(EXPECTED, forms, strict=True):
        assert form.name.startswith(expected)
        criteria = {c.criterion: c for c in form.criteria.all()}
        assert set(criteria) == set(Criterion.values), form.name
        for c in criteria.values():
            assert c.colour in Colour.values
            assert c.note.strip()


@pytest.mark.django_db
def test_every_form_is_found_where_the_seed_says(settings):
    """Each form's name stands on its page's header line of the seed (two forms per line)."""
    from pathlib import Path

    seed = next((Path(settings.BASE_DIR).parent / "shared" / "seeds").glob("004_*.txt"), None) \
        if (Path(settings.BASE_DIR).parent / "shared" / "seeds").exists() else None
    if seed is None:
        pytest.skip("seed 004 is not beside this checkout")
    lines = seed.read_text().splitlines()
    for form in FORMS:
        header = lines[form.header_line - 1]
        first_word = form.name.split(" (")[0].split()[0].rstrip(".")
        assert first_word.lower()[:4] in header.lower(), (form.name, header)
    assert len({f.header_line for f in FORMS}) == 12


@pytest.mark.django_db
def test_comparison_keeps_the_chosen_columns_and_criteria():
    forms, rows = comparison(keys=["gezinscoaching", "ocmw"], criteria=["outreach", "way_in"])
    assert [f.key for f in forms] == ["gezinscoaching", "ocmw"]
    assert [r.criterion for r in rows] == ["way_in", "outreach"]
    assert all(len(r.cells) == 2 for r in rows)


@pytest.mark.django_db
def test_suggestions_give_their_reasons():
    found = suggestions(situations=["young_child", "child_danger"])
    assert found[0].form.key == "zorggarantie"
    assert "Zwangerschap of kind jonger dan 3 jaar" in found[0].reasons


@pytest.mark.django_db
def test_comparison_page_renders_for_staff_and_not_for_anonymous(client, mfa_client, counsellor):
    url = reverse("network:support_forms") + "?f=1g1p&f=zorggarantie"
    assert client.get(url).status_code == 302
    client = mfa_client(counsellor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Zorggarantie" in response.content.decode()


@pytest.mark.django_db
def test_suggestions_page_for_a_family(mfa_client, counsellor, family):
    client = mfa_client(counsellor)
    response = client.get(reverse("network:suggestions", args=[family.pk]) + "?situations=income")
    assert response.status_code == 200
    assert "OCMW" in response.content.decode()


@pytest.mark.django_db
def test_suggestions_outsider_gets_404(mfa_client, outsider, family):
    client = mfa_client(outsider)
    assert client.get(reverse("network:suggestions", args=[family.pk])).status_code == 404
