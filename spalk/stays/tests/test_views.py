"""Board, dashboard, occupancy report and CSV, units: centre data for staff of the centre."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.clock import keep_day
from spalk.testing.stays import book_stay, staying_family

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


@pytest.fixture
def booked(director, family, mother, studio):
    return book_stay(actor=director, family=family, unit=studio, start=TODAY - 2 * DAY, end=TODAY + 5 * DAY,
                     members=[mother, add_member(family, age=2, first_name="Noor")])


@pytest.mark.parametrize("name", ["stays:board", "stays:dashboard", "stays:occupancy", "stays:units"])
def test_staff_of_the_centre_see_centre_pages(mfa_client, team_lead, booked, name):
    response = mfa_client(team_lead).get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["stays:board", "stays:dashboard", "stays:occupancy", "stays:units"])
def test_other_centres_and_admins_get_404(mfa_client, outsider, centre_admin, centre, booked, name):
    assert mfa_client(outsider).get(reverse(name), {"centre": centre.pk}).status_code == 404
    assert mfa_client(centre_admin).get(reverse(name)).status_code == 404


def test_board_names_visible_families_only(mfa_client, context_counsellor, team_lead, centre, booked, director):
    other, members = staying_family(centre=centre, name="Gezin Onzichtbaar")
    unit = UnitFactory(centre=centre, name="Kamer 7")
    book_stay(actor=director, family=other, unit=unit, start=TODAY, end=TODAY + 3 * DAY, members=members)
    body = mfa_client(context_counsellor).get(reverse("stays:board")).content.decode()
    assert "Gezin Peeters" in body and "Onzichtbaar" not in body and "Kamer 7" in body
    assert "Onzichtbaar" in mfa_client(team_lead).get(reverse("stays:board")).content.decode()


def test_board_query_count_is_flat(mfa_client, team_lead, director, centre, booked, django_assert_max_num_queries):
    client = mfa_client(team_lead)
    client.get(reverse("stays:board"))
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("stays:board"))
    for i in range(8):
        fam, members = staying_family(centre=centre)
        book_stay(actor=director, family=fam, unit=UnitFactory(centre=centre, name=f"K{i}"), start=TODAY,
                  end=TODAY + 4 * DAY, members=members)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("stays:board"))


def test_night_staff_board_shows_families_in_residence(mfa_client, night_staff, booked):
    body = mfa_client(night_staff).get(reverse("stays:board")).content.decode()
    assert "Gezin Peeters" in body


def test_occupancy_csv_needs_reauthentication_and_is_audited(mfa_client, administrative, centre, booked):
    client = mfa_client(administrative)
    first = client.get(reverse("stays:occupancy_csv"))
    assert first.status_code == 302 and "reauthenticate" in first["Location"]
    reauth = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    assert reauth.status_code == 302
    response = client.get(reverse("stays:occupancy_csv"), {"month": f"{TODAY:%Y-%m}"})
    assert response.status_code == 200
    body = b"".join(response).decode()
    assert body.startswith("\ufeffdatum;personen")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="stays.occupancy").count() == 1


def test_occupancy_page_has_table_and_chart(mfa_client, director, booked):
    body = mfa_client(director).get(reverse("stays:occupancy")).content.decode()
    assert "<svg" in body and 'scope="col"' in body


def test_unit_creation_is_for_leads_only(mfa_client, team_lead, counsellor, centre):
    data = {"name": "Appartement B", "kind": "apartment", "capacity_adults": 2, "capacity_children": 3, "cots": 1}
    assert mfa_client(counsellor).post(reverse("stays:units"), data).status_code == 403
    assert mfa_client(team_lead).post(reverse("stays:units"), data).status_code == 302
    assert centre.units.filter(name="Appartement B").exists()


def test_out_of_service_form(mfa_client, team_lead, counsellor, studio):
    url = reverse("stays:out_of_service", args=[studio.pk])
    assert mfa_client(counsellor).get(url).status_code == 403
    response = mfa_client(team_lead).post(url, {"start": "01/09/2030", "end": "05/09/2030", "reason": "Verven"})
    assert response.status_code == 302
    assert studio.out_of_service.count() == 1


def test_outsider_cannot_touch_a_unit(mfa_client, outsider, studio):
    assert mfa_client(outsider).get(reverse("stays:out_of_service", args=[studio.pk])).status_code == 404


def test_dashboard_lists_families_without_a_supporter(mfa_client, team_lead, director, family, mother):
    from spalk.trajectories import services as trajectory_services

    trajectory_services.trajectory_admit(actor=director, family=family, admitted_on=TODAY)
    body = mfa_client(team_lead).get(reverse("stays:dashboard")).content.decode()
    assert "Gezin Peeters" in body


def test_occupancy_chart_numbers_are_not_localised(mfa_client, director, booked):
    """nl-BE writes decimals with a comma; SVG coordinates must keep the dot or the chart falls apart."""
    import re

    body = mfa_client(director).get(reverse("stays:occupancy")).content.decode()
    svg = body[body.index("<svg"):body.index("</svg>")]
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates[:10]
    assert 'class="bar"' in svg
