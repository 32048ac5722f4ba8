"""The methods catalogue: seeded from seed 000, read by staff, kept by team leads and directors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditAction, AuditEvent
from spalk.logbook.models import Category
from spalk.methods.models import AreaCode, Method, MethodArea

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue(db):
    from spalk.methods.catalogue import load_catalogue

    load_catalogue(MethodArea, Method)


def test_seed_catalogue_has_the_areas_and_named_methods():
    assert set(MethodArea.objects.values_list("code", flat=True)) == set(AreaCode.values)
    names = set(Method.objects.values_list("name", flat=True))
    for expected in ("Triple P", "Genogram", "Ecogram", "Wrap Around Care", "Geweldloos verzet",
                     "Emotional Availability Scales", "Gezondheidspatronen van Gordon"):
        assert expected in names


def test_note_categories_start_with_the_method_areas():
    assert set(AreaCode.values) <= set(Category.values)
    assert set(Category.values) - set(AreaCode.values) == {"house_rules", "practical"}


def test_counsellor_reads_but_may_not_edit(mfa_client, counsellor):
    client = mfa_client(counsellor)
    assert "Triple P" in client.get(reverse("methods:list")).content.decode()
    assert client.get(reverse("methods:create")).status_code == 403


def test_team_lead_adds_and_retires_a_method(mfa_client, team_lead):
    client = mfa_client(team_lead)
    area = MethodArea.objects.get(code="parent_work")
    response = client.post(reverse("methods:create"), {"area": area.pk, "name": "Circle of Security",
                                                       "description": "Hechtingsgerichte oudercursus"})
    assert response.status_code == 302
    method = Method.objects.get(name="Circle of Security")
    assert method.code == "circle-of-security" and method.is_active
    response = client.post(reverse("methods:edit", args=[method.pk]), {
        "version": 1, "name": "Circle of Security", "description": "", "structured_form": ""})
    assert response.status_code == 302
    method.refresh_from_db()
    assert not method.is_active and method.version == 2
    assert AuditEvent.objects.filter(object_type="methods.method", action=AuditAction.UPDATE).count() == 1


def test_duplicate_name_in_an_area_is_refused_in_dutch(mfa_client, team_lead):
    area = MethodArea.objects.get(code="parent_work")
    response = mfa_client(team_lead).post(reverse("methods:create"), {"area": area.pk, "name": "triple p"})
    assert response.status_code == 422
    assert Method.objects.filter(name__iexact="triple p").count() == 1
