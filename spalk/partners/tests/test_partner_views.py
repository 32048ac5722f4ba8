"""The partner directory: staff of the centre read it, intake roles maintain it, other centres see nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.partners.models import ContactPerson, Organisation
from spalk.partners.selectors import referral_suggestions

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(centre):
    return Organisation.objects.create(centre=centre, name="CGG Kust", kind="cgg", city="Oostende")


def test_staff_of_the_centre_reads_the_directory(mfa_client, night_staff, org):
    client = mfa_client(night_staff)
    assert "CGG Kust" in client.get(reverse("partners:list")).content.decode()
    assert client.get(reverse("partners:detail", args=[org.pk])).status_code == 200
    assert client.get(reverse("partners:edit", args=[org.pk])).status_code == 404
    assert client.get(reverse("partners:create")).status_code == 404


def test_other_centre_sees_nothing(mfa_client, outsider, org):
    client = mfa_client(outsider)
    assert "CGG Kust" not in client.get(reverse("partners:list")).content.decode()
    assert client.get(reverse("partners:detail", args=[org.pk])).status_code == 404


def test_intake_officer_creates_and_edits(mfa_client, intake_officer, centre):
    client = mfa_client(intake_officer)
    response = client.post(reverse("partners:create"), {"centre": centre.pk, "name": "OCJ West-Vlaanderen",
                                                        "kind": "ocj", "accepts_referrals": "on", "is_active": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(name="OCJ West-Vlaanderen")
    assert AuditEvent.objects.filter(object_type="partners.organisation", object_id=str(org.pk)).count() == 1
    response = client.post(reverse("partners:create"), {"centre": centre.pk, "name": "ocj west-vlaanderen",
                                                        "kind": "ocj"})
    assert response.status_code == 200 and "ocj west-vlaanderen" in response.content.decode()
    response = client.post(reverse("partners:edit", args=[org.pk]), {"name": "OCJ West", "kind": "ocj",
                                                                     "is_active": "on"})
    assert response.status_code == 302
    response = client.post(reverse("partners:contact_create", args=[org.pk]), {"name": "Els Maes",
                                                                               "function": "consulent",
                                                                               "is_active": "on"})
    assert response.status_code == 302
    contact = ContactPerson.objects.get(name="Els Maes")
    response = client.post(reverse("partners:contact_edit", args=[contact.pk]), {"name": "Els Maes",
                                                                                 "function": "teamcoach"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.function == "teamcoach" and not contact.is_active


def test_list_query_count_is_flat(mfa_client, intake_officer, centre, django_assert_max_num_queries):
    client = mfa_client(intake_officer)
    Organisation.objects.create(centre=centre, name="Eerste", kind="caw")
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("partners:list"))
    for i in range(20):
        org = Organisation.objects.create(centre=centre, name=f"Org {i}", kind="kg")
        ContactPerson.objects.create(organisation=org, name=f"P {i}")
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        client.get(reverse("partners:list"))
    assert len(big.captured_queries) == len(small.captured_queries)


def test_referral_suggestions_fit_contra_indications_and_place(centre, other_centre):
    caw_far = Organisation.objects.create(centre=centre, name="CAW Ver", kind="caw", city="Brugge")
    caw_near = Organisation.objects.create(centre=centre, name="CAW Dichtbij", kind="caw", city="Oostende")
    addiction = Organisation.objects.create(centre=centre, name="De Sleutel", kind="addiction")
    Organisation.objects.create(centre=centre, name="Geen verwijzing", kind="caw", accepts_referrals=False)
    Organisation.objects.create(centre=other_centre, name="Elders", kind="addiction")
    generic = referral_suggestions(centre_id=centre.pk, city="oostende")
    assert generic[:2] == [caw_near, caw_far] and addiction not in generic
    with_drugs = referral_suggestions(centre_id=centre.pk, contra_codes=["drug_use"], city="Oostende")
    assert with_drugs[0] == addiction and "Elders" not in {o.name for o in with_drugs}
