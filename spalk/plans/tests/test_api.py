"""The public contract of issue 12: paths, payloads, status codes 201/200/409/422 and Dutch messages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from spalk.audit.models import AuditEvent
from spalk.plans.models import Goal, Plan, PlanStatus
from spalk.testing.clock import keep_day

from .conftest import bearer

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day


@pytest.fixture
def auth(counsellor):
    return bearer(counsellor)


def post(client, url, data, auth):
    return client.post(url, data, content_type="application/json", **auth)


GOAL = {"person_id": None, "life_domain": "parenting", "family_words": "Ik wil rustig blijven als ze huilt.",
        "worker_words": "Moeder reageert sensitief op de signalen van haar kind."}


def test_create_plan_returns_the_contract_shape(client, auth, trajectory):
    response = client.post(f"/api/v1/trajectories/{trajectory.pk}/plans", content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "trajectory_id": trajectory.pk, "version": 1, "status": "draft", "goals": []}
    assert client.get(f"/api/v1/plans/{body['id']}", **auth).json() == body


def test_goal_is_added_and_shown_in_the_plan(client, auth, plan, mother):
    response = post(client, f"/api/v1/plans/{plan.pk}/goals", {**GOAL, "person_id": mother.pk}, auth)
    assert response.status_code == 201, response.content
    goal = response.json()
    assert goal["id"] and {k: goal[k] for k in GOAL} == {**GOAL, "person_id": mother.pk}
    body = client.get(f"/api/v1/plans/{plan.pk}", **auth).json()
    assert [g["id"] for g in body["goals"]] == [goal["id"]]
    assert body["goals"][0]["family_words"] == GOAL["family_words"]


def test_goal_with_unknown_domain_or_foreign_person_is_a_dutch_422(client, auth, plan, other_family):
    response = post(client, f"/api/v1/plans/{plan.pk}/goals", {**GOAL, "life_domain": "hobby"}, auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Deze waarde is niet toegelaten."
    stranger = other_family.members.create(person=plan.family.members.first().person.__class__.objects.create(
        centre=other_family.centre, first_name="Vreemd", last_name="Persoon"), role="parent").person
    response = post(client, f"/api/v1/plans/{plan.pk}/goals", {**GOAL, "person_id": stranger.pk}, auth)
    assert response.status_code == 422
    assert "lid van dit gezin" in response.json()["detail"][0]["msg"]


def test_a_goal_needs_words(client, auth, plan):
    response = post(client, f"/api/v1/plans/{plan.pk}/goals", {**GOAL, "family_words": "", "worker_words": ""},
                    auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "family_words"


def test_sign_plan(client, auth, plan, mother, counsellor):
    post(client, f"/api/v1/plans/{plan.pk}/goals", GOAL, auth)
    response = post(client, f"/api/v1/plans/{plan.pk}/sign", {
        "signed_on": TODAY.isoformat(), "signatories": [{"person_id": mother.pk}, {"user_id": counsellor.pk}]}, auth)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "signed"
    versions = client.get(f"/api/v1/plans/{plan.pk}/versions", **auth).json()
    assert versions[0]["signed_on"] == TODAY.isoformat()
    assert [s["name"] for s in versions[0]["signatories"]] == [mother.full_name, counsellor.get_full_name()
                                                               or counsellor.email]


def test_a_plan_without_goals_cannot_be_signed(client, auth, plan, mother):
    response = post(client, f"/api/v1/plans/{plan.pk}/sign", {
        "signed_on": TODAY.isoformat(), "signatories": [{"person_id": mother.pk}]}, auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Een plan zonder doelen kan niet ondertekend worden. " \
                                                  "Voeg eerst de doelen toe."
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_signatory_needs_person_or_user(client, auth, plan):
    post(client, f"/api/v1/plans/{plan.pk}/goals", GOAL, auth)
    response = post(client, f"/api/v1/plans/{plan.pk}/sign", {"signed_on": TODAY.isoformat(),
                                                             "signatories": [{}]}, auth)
    assert response.status_code == 422
    assert "person_id of een user_id" in response.json()["detail"][0]["msg"]


def test_changes_to_a_signed_version_are_409_with_a_dutch_message(client, auth, signed_plan):
    url = f"/api/v1/plans/{signed_plan.pk}"
    goal = signed_plan.goals.first()
    for response in (
        client.patch(url, {"agreements": "nieuw"}, content_type="application/json", **auth),
        post(client, f"{url}/goals", GOAL, auth),
        client.patch(f"{url}/goals/{goal.pk}", GOAL, content_type="application/json", **auth),
        post(client, f"{url}/sign", {"signed_on": TODAY.isoformat(), "signatories": [{"user_id": 1}]}, auth),
    ):
        assert response.status_code == 409, response.content
        assert "nieuwe versie" in response.json()["detail"][0]["msg"]
    assert Goal.objects.filter(plan=signed_plan).count() == 2


def test_revise_makes_version_two_with_copies_and_keeps_version_one(client, auth, signed_plan):
    before = client.get(f"/api/v1/plans/{signed_plan.pk}", **auth).json()
    response = post(client, f"/api/v1/plans/{signed_plan.pk}/revise", {}, auth)
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["version"] == 2 and new["status"] == "draft" and new["trajectory_id"] == signed_plan.trajectory_id
    assert [g["family_words"] for g in new["goals"]] == [g["family_words"] for g in before["goals"]]
    assert {g["id"] for g in new["goals"]}.isdisjoint({g["id"] for g in before["goals"]})
    # the new draft can change; the signed version stays exactly as it was
    assert post(client, f"/api/v1/plans/{new['id']}/goals", GOAL, auth).status_code == 201
    assert client.get(f"/api/v1/plans/{signed_plan.pk}", **auth).json() == before
    # a second revision of version 1 is refused: version 2 exists
    assert post(client, f"/api/v1/plans/{signed_plan.pk}/revise", {}, auth).status_code == 409


def test_revise_a_draft_is_422(client, auth, plan):
    response = post(client, f"/api/v1/plans/{plan.pk}/revise", {}, auth)
    assert response.status_code == 422


def test_a_second_plan_for_the_trajectory_is_refused(client, auth, plan):
    response = client.post(f"/api/v1/trajectories/{plan.trajectory_id}/plans", content_type="application/json",
                           **auth)
    assert response.status_code == 422
    assert "heeft al een plan" in response.json()["detail"][0]["msg"]


def test_patch_plan_with_stale_row_version_is_409(client, auth, plan):
    url = f"/api/v1/plans/{plan.pk}"
    ok = client.patch(url, {"agreements": "Wekelijks overleg", "row_version": 1}, content_type="application/json",
                      **auth)
    assert ok.status_code == 200, ok.content
    stale = client.patch(url, {"agreements": "Iets anders", "row_version": 1}, content_type="application/json",
                         **auth)
    assert stale.status_code == 409
    assert Plan.objects.get(pk=plan.pk).agreements == "Wekelijks overleg"


def test_outsider_gets_404_everywhere(client, outsider, plan, signed_plan=None):
    auth = bearer(outsider)
    assert client.get(f"/api/v1/plans/{plan.pk}", **auth).status_code == 404
    assert post(client, f"/api/v1/plans/{plan.pk}/goals", GOAL, auth).status_code == 404
    assert client.post(f"/api/v1/trajectories/{plan.trajectory_id}/plans", content_type="application/json",
                       **auth).status_code == 404
    assert AuditEvent.objects.filter(action="denied", actor=outsider).exists()


def test_read_only_roles_get_403_on_writes(client, administrative, night_staff, plan):
    for user in (administrative,):
        auth = bearer(user)
        assert client.get(f"/api/v1/plans/{plan.pk}", **auth).status_code == 200
        assert post(client, f"/api/v1/plans/{plan.pk}/goals", GOAL, auth).status_code == 403


def test_writes_leave_one_audit_event_each(client, auth, plan, counsellor):
    response = post(client, f"/api/v1/plans/{plan.pk}/goals", GOAL, auth)
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"])
    assert [(e.action, e.object_type) for e in events] == [("create", "plans.goal")]
    assert "family_words" in events[0].fields and GOAL["family_words"] not in str(events[0].extra)


def test_get_plan_query_count_is_flat(client, auth, plan, counsellor, django_assert_max_num_queries):
    from .conftest import add_goal

    add_goal(plan, counsellor)
    with django_assert_max_num_queries(30) as one:
        client.get(f"/api/v1/plans/{plan.pk}", **auth)
    for _ in range(10):
        add_goal(plan, counsellor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"/api/v1/plans/{plan.pk}", **auth)
