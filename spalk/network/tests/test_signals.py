"""Signals to policy: aggregated anonymously, never a cell below the minimum size."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.network import services, signals
from spalk.testing.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def add(centre, actor, n, *, zone="ELZ Kust", category="waiting", family=None, families=True):
    for _i in range(n):
        fam = family or (FamilyFactory(centre=centre) if families else None)
        services.signal_record(actor=actor, centre=centre, family=fam, data={
            "category": category, "primary_care_zone": zone, "noted_on": timezone.localdate(),
            "description": "Wachtlijst"})


def test_small_cells_are_suppressed(settings, centre, director):
    settings.SPALK_SIGNAL_MIN_CELL = 5
    add(centre, director, 5, zone="ELZ Kust")
    add(centre, director, 2, zone="ELZ Middenkust")
    cells = {c.zone: c for c in signals.aggregate(centre_ids=[centre.pk], period="quarter")}
    assert cells["ELZ Kust"].count == 5 and not cells["ELZ Kust"].suppressed
    assert cells["ELZ Middenkust"].count is None and cells["ELZ Middenkust"].suppressed


def test_many_signals_of_one_family_never_make_a_cell_visible(settings, centre, director, family):
    settings.SPALK_SIGNAL_MIN_CELL = 3
    add(centre, director, 10, family=family)  # ten signals, one family: still identifiable
    (cell,) = signals.aggregate(centre_ids=[centre.pk], period="month")
    assert cell.suppressed and cell.count is None


def test_export_never_shows_a_small_cell_or_a_family(settings, mfa_client, centre, director, family):
    settings.SPALK_SIGNAL_MIN_CELL = 3
    add(centre, director, 3, zone="ELZ Kust")
    add(centre, director, 1, zone="ELZ Polder", family=family)
    client = mfa_client(director)
    assert "reauthenticate" in client.get(reverse("network:signal_export"))["Location"]
    assert client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"}
                       ).status_code == 302
    response = client.get(reverse("network:signal_export") + "?period=year")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "ELZ Kust" in body and ";3" in body
    polder = next(line for line in body.splitlines() if "ELZ Polder" in line)
    assert ";1" not in polder
    assert family.name not in body and "Wachtlijst" not in body


def test_signal_screens(mfa_client, centre, counsellor, director, night_staff, administrative):
    client = mfa_client(counsellor)
    response = client.post(reverse("network:signals"), {
        "centre": centre.pk, "category": "no_place", "primary_care_zone": "ELZ Kust",
        "noted_on": f"{timezone.localdate():%d/%m/%Y}", "description": "Geen crisisplaats"})
    assert response.status_code == 302
    assert client.get(reverse("network:signal_figures")).status_code == 404  # figures: directors, team leads
    assert mfa_client(director).get(reverse("network:signal_figures")).status_code == 200
    assert mfa_client(administrative).get(reverse("network:signals")).status_code == 404
