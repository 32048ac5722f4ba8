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


SECTOR_ENTRY = {"centre": 0, "name": "Huis van het Kind Oostende", "kind": "huis_van_het_kind",
                "primary_care_zone": "ELZ Oostende-Bredene", "accepts_referrals": "on", "is_active": "on"}


def test_installation_admin_creates_and_edits_a_sector_entry_on_screen(mfa_client, installation_admin):
    from spalk.audit.models import AuditAction, AuditEvent

    client = mfa_client(installation_admin)
    page = client.get(reverse("partners:create")).content.decode()
    assert 'name="centre" value="0"' in page  # no centre of their own: the sector list is the only place
    assert client.post(reverse("partners:create"), SECTOR_ENTRY).status_code == 302
    org = Organisation.objects.get(name="Huis van het Kind Oostende")
    assert org.centre_id is None
    created = AuditEvent.objects.get(object_type="partners.organisation", object_id=str(org.pk))
    assert created.action == AuditAction.CREATE and created.extra["sector_list"] is True
    response = client.post(reverse("partners:edit", args=[org.pk]), {**SECTOR_ENTRY, "needs": "opvoeding"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.needs == "opvoeding"
    assert AuditEvent.objects.filter(object_type="partners.organisation", object_id=str(org.pk),
                                     action=AuditAction.UPDATE).count() == 1
    assert client.post(reverse("partners:contact_create", args=[org.pk]), {
        "name": "Lies Vandamme", "function": "coördinator", "is_active": "on"}).status_code == 302


def test_centre_staff_cannot_put_an_entry_on_the_sector_list(mfa_client, intake_officer, director, centre):
    client = mfa_client(intake_officer)
    page = client.get(reverse("partners:create")).content.decode()
    assert "Gedeelde sectorlijst" not in page and 'value="0"' not in page
    response = client.post(reverse("partners:create"), SECTOR_ENTRY)
    assert response.status_code == 200  # 0 is not one of the choices: the form says so
    assert not Organisation.objects.filter(name="Huis van het Kind Oostende").exists()
    assert client.post(reverse("partners:create"), {**SECTOR_ENTRY, "centre": centre.pk}).status_code == 302
    assert Organisation.objects.get(name="Huis van het Kind Oostende").centre_id == centre.pk


def test_a_role_without_partner_rights_creates_nothing(mfa_client, night_staff, outsider, centre):
    client = mfa_client(night_staff)
    assert client.get(reverse("partners:create")).status_code == 404
    assert client.post(reverse("partners:create"), {**SECTOR_ENTRY, "centre": centre.pk}).status_code == 404
    # another centre's director keeps their own directory: this centre and the sector list are not choices
    client = mfa_client(outsider)
    for where in (centre.pk, 0):
        assert client.post(reverse("partners:create"), {**SECTOR_ENTRY, "centre": where}).status_code == 200
    assert not Organisation.objects.exists()
