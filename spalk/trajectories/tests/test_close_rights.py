"""Issue 10, defect 9: only the roles that may close a trajectory (team lead, director, case lead) see
"Traject afsluiten" and may post it; counsellors and the midwife (health coordinator) get no button and a 403."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.access.policy import can_close_trajectory
from spalk.api.services import api_token_create
from spalk.trajectories import services
from spalk.trajectories.models import Destination

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
CLOSE_LABEL = "Traject afsluiten"


@pytest.fixture
def trajectory(director, family, mother, children):
    return services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 10 * DAY).trajectory


def _post(client, trajectory):
    return client.post(reverse("trajectories:close", args=[trajectory.pk]), {
        "closed_on": TODAY.strftime("%d/%m/%Y"), "reason": "Doelen bereikt", "destination": Destination.HOME,
        "confirmed": "1"})


@pytest.mark.parametrize("persona", ["counsellor", "health_coordinator", "context_counsellor", "child_worker"])
def test_editing_roles_that_do_not_close_see_no_button_and_get_403(request, mfa_client, persona, family,
                                                                   trajectory):
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert reverse("trajectories:close", args=[trajectory.pk]) not in page and CLOSE_LABEL not in page
    assert client.get(reverse("trajectories:close", args=[trajectory.pk])).status_code == 403
    assert _post(client, trajectory).status_code == 403
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None and not can_close_trajectory(user=user, family=family)


@pytest.mark.parametrize("persona", ["team_lead", "director", "case_lead"])
def test_closing_roles_see_the_button_and_may_close(request, mfa_client, persona, family, trajectory):
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert reverse("trajectories:close", args=[trajectory.pk]) in page and CLOSE_LABEL in page
    assert _post(client, trajectory).status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.closed_on == TODAY


def test_the_api_refuses_a_counsellor_to_close(client, counsellor, trajectory):
    _token, raw = api_token_create(actor=counsellor, user=counsellor, name="t")
    response = client.post(f"/api/v1/trajectories/{trajectory.pk}/close", {
        "closed_on": TODAY.isoformat(), "reason": "x", "destination": Destination.HOME},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None


def test_outsider_still_gets_404(mfa_client, outsider, trajectory):
    assert _post(mfa_client(outsider), trajectory).status_code == 404
