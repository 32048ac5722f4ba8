"""The sociale kaart: search by need and target group (Dutch full text) and by region; a shared sector list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.partners.models import Organisation
from spalk.partners.selectors import organisation_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaart(centre, other_centre):
    return {
        "schuld": Organisation.objects.create(centre=centre, name="Budgetcentrum Kust", kind="ocmw", city="Oostende",
                                              primary_care_zone="ELZ Oostende-Bredene",
                                              needs="hulp bij schulden, budgetbeheer",
                                              target_groups="gezinnen met schulden"),
        "opvoeding": Organisation.objects.create(centre=None, name="Huis van het Kind Bredene", city="Bredene",
                                                 kind="huis_van_het_kind", primary_care_zone="ELZ Oostende-Bredene",
                                                 needs="opvoedingsondersteuning", target_groups="jonge ouders"),
        "elders": Organisation.objects.create(centre=other_centre, name="Budgetwinkel Elders", kind="ocmw",
                                              city="Gent", needs="schulden"),
    }


def test_search_by_need_uses_dutch_stemming(counsellor, kaart):
    assert list(organisation_list(user=counsellor, need="schuld")) == [kaart["schuld"]]  # stem of "schulden"
    assert list(organisation_list(user=counsellor, need="opvoedingsondersteuning")) == [kaart["opvoeding"]]
    assert kaart["elders"] not in organisation_list(user=counsellor, need="schulden")  # another centre's own


def test_search_by_target_group_and_region(counsellor, kaart):
    assert list(organisation_list(user=counsellor, target="ouders")) == [kaart["opvoeding"]]
    assert set(organisation_list(user=counsellor, region="ELZ Oostende-Bredene")) == {kaart["schuld"],
                                                                                       kaart["opvoeding"]}
    assert list(organisation_list(user=counsellor, region="Gent")) == []  # another centre's entry stays unseen


def test_sector_list_is_read_by_every_centre_but_edited_by_the_installation_admin(
        mfa_client, outsider, director, installation_admin, kaart):
    assert kaart["opvoeding"] in organisation_list(user=outsider)
    assert kaart["schuld"] not in organisation_list(user=outsider)
    client = mfa_client(director)
    assert client.get(reverse("partners:edit", args=[kaart["opvoeding"].pk])).status_code == 404
    assert client.get(reverse("partners:detail", args=[kaart["opvoeding"].pk])).status_code == 200
    assert mfa_client(installation_admin).get(reverse("partners:edit", args=[kaart["opvoeding"].pk])
                                              ).status_code == 200


def test_list_screen_filters(mfa_client, counsellor, kaart):
    page = mfa_client(counsellor).get(reverse("partners:list") + "?target=ouders").content.decode()
    assert "Huis van het Kind Bredene" in page and "Budgetcentrum Kust" not in page
