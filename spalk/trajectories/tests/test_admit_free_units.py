"""Issue 10, defect 7: the unit list when admitting a family shows which units are free for the chosen period;
htmx refreshes it when the dates change, and without JavaScript the server checks the choice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.stays import selectors as stay_selectors
from spalk.stays.tests.factories import UnitFactory
from spalk.testing.stays import book_stay, staying_family
from spalk.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def d(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def taken(director, centre, studio):
    """Studio 1 is booked by another family from in 5 days for 10 nights; Studio 2 stays free."""
    other, members = staying_family(centre=centre, name="Gezin Ander")
    book_stay(actor=director, family=other, unit=studio, start=TODAY + 5 * DAY, end=TODAY + 15 * DAY,
              members=members)
    return UnitFactory(centre=centre, name="Studio 2")


def test_the_selector_tells_free_and_taken_units(studio, taken):
    early = stay_selectors.unit_availability(units=[studio, taken], start=TODAY, end=TODAY + 5 * DAY)
    assert early[studio.pk].free and early[taken.pk].free
    later = stay_selectors.unit_availability(units=[studio, taken], start=TODAY, end=TODAY + 6 * DAY)
    assert not later[studio.pk].free and later[taken.pk].free
    assert d(TODAY + 5 * DAY) in later[studio.pk].note


def test_htmx_refresh_shows_which_units_are_free_for_the_dates(mfa_client, team_lead, family, mother, studio,
                                                                 taken):
    url = reverse("trajectories:admit", args=[family.pk])
    response = mfa_client(team_lead).get(url, {"admitted_on": d(TODAY), "planned_end": d(TODAY + 20 * DAY)},
                                          HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and 'id="unit-field"' in body
    option = body[body.index(f'value="{studio.pk}"'):]
    assert "bezet van " + d(TODAY + 5 * DAY) in option[:option.index("</option>")]
    option = body[body.index(f'value="{taken.pk}"'):]
    assert "vrij" in option[:option.index("</option>")]
    assert "1 van 2 wooneenheden vrij" in body


def test_the_page_without_dates_asks_for_them_and_wires_the_refresh(mfa_client, team_lead, family, studio):
    body = mfa_client(team_lead).get(reverse("trajectories:admit", args=[family.pk])).content.decode()
    # only the departure refreshes the list: a refresh started by the admission date could land after the unit was
    # chosen and wipe it (the stay journey lost its unit that way); the server checks the unit on saving anyway
    assert 'hx-trigger="change from:#id_planned_end"' in body
    assert "om te zien welke wooneenheden vrij zijn" in body


def test_without_javascript_the_server_refuses_a_taken_unit(mfa_client, team_lead, family, mother, studio, taken):
    response = mfa_client(team_lead).post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(TODAY), "phase": "intake", "with_stay": "on", "care": "stay_high", "unit": studio.pk,
        "planned_end": d(TODAY + 20 * DAY), "members": [mother.pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "niet vrij" in body and 'href="#id_unit"' in body
    assert not Trajectory.objects.filter(family=family).exists()
