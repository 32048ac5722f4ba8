"""Who sees what of child safety (docs/safety.md, spalk/access/policy/safety.py).

Night staff in residence read the safety plan, its safety persons and the contact restrictions (and print the plan),
never the safety work (mappings, Kindreflex); without residence they see nothing. Outsiders, colleagues who are
neither assigned nor working where the family lives, and night staff of a centre the family is shared with get 404.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spalk.access.policy import visible_contact_restrictions, visible_safety_plans
from spalk.audit.models import AuditEvent
from spalk.safety import services


@pytest.fixture
def urls(family, plan, rita, restriction, mapping, procedure):
    return {
        "family": reverse("safety:family", args=[family.pk]),
        "plan": reverse("safety:plan", args=[plan.pk]),
        "pdf": reverse("safety:plan_pdf", args=[plan.pk]),
        "mapping": reverse("safety:mapping", args=[mapping.pk]),
        "procedure": reverse("safety:procedure", args=[procedure.pk]),
        "plan_edit": reverse("safety:plan_edit", args=[plan.pk]),
        "restriction_new": reverse("safety:restriction_create", args=[family.pk]),
        "family_page": reverse("families:detail", args=[family.pk]),
    }


def _status(client, urls, *names):
    return {n: client.get(urls[n]).status_code for n in names}


READ = ("family", "plan", "mapping", "procedure")


def test_team_lead_reads_everything_and_may_edit(mfa_client, team_lead, urls):
    client = mfa_client(team_lead)
    assert _status(client, urls, *READ, "plan_edit") == dict.fromkeys((*READ, "plan_edit"), 200)
    body = client.get(urls["family"]).content.decode()
    assert "Kevin D." in body and "Rita Peeters" in body and "Veiligheid van Noor thuis" in body


def test_assigned_counsellor_reads_and_edits(mfa_client, counsellor, urls):
    client = mfa_client(counsellor)
    assert _status(client, urls, *READ, "restriction_new") == dict.fromkeys((*READ, "restriction_new"), 200)


def test_night_staff_in_residence_read_plan_and_restrictions_only(mfa_client, night_staff, resident, urls):
    client = mfa_client(night_staff)
    assert _status(client, urls, "family", "plan", "pdf", "family_page") == dict.fromkeys(
        ("family", "plan", "pdf", "family_page"), 200)
    body = client.get(urls["family"]).content.decode()
    assert "Kevin D." in body and "Rita Peeters" in body and "tel:+32470123456" in body
    assert "Veiligheid van Noor thuis" not in body and "Kindreflex" not in body
    # the family is theirs to see, its safety work is not: 403, not a 404 that denies the family
    assert _status(client, urls, "mapping", "procedure") == {"mapping": 403, "procedure": 403}
    assert _status(client, urls, "plan_edit", "restriction_new") == {"plan_edit": 403, "restriction_new": 403}


def test_night_staff_without_residence_see_nothing(mfa_client, night_staff, urls):
    client = mfa_client(night_staff)
    assert set(_status(client, urls, *READ, "pdf").values()) == {404}


def test_colleague_not_assigned_gets_404(mfa_client, colleague, urls):
    assert set(_status(mfa_client(colleague), urls, *READ).values()) == {404}


def test_colleague_counsellor_where_the_family_lives_does_the_safety_work(mfa_client, colleague, resident, urls):
    assert _status(mfa_client(colleague), urls, *READ) == dict.fromkeys(READ, 200)


def test_outsider_gets_404(mfa_client, outsider, urls):
    assert set(_status(mfa_client(outsider), urls, *READ, "pdf", "plan_edit").values()) == {404}


def test_shared_centre_director_reads_night_staff_there_do_not(mfa_client, partner_director, partner_night_staff,
                                                             resident, urls):
    assert _status(mfa_client(partner_director), urls, *READ) == dict.fromkeys(READ, 200)
    assert set(_status(mfa_client(partner_night_staff), urls, *READ).values()) == {404}


def test_administrative_staff_read_plan_not_the_work(mfa_client, administrative, urls):
    client = mfa_client(administrative)
    assert _status(client, urls, "family", "plan") == {"family": 200, "plan": 200}
    assert _status(client, urls, "mapping", "procedure", "plan_edit") == {"mapping": 403, "procedure": 403,
                                                                          "plan_edit": 403}


def test_family_member_never_reads_what_is_withheld(director, portal_parent, plan, restriction):
    assert list(visible_safety_plans(user=portal_parent)) == [plan]
    services.safety_plan_update(actor=director, plan=plan, version=plan.version,
                                data={"withheld_from_family": True, "withheld_reason": "court"})
    services.restriction_update(actor=director, restriction=restriction, version=restriction.version,
                                data={"withheld_from_family": True, "withheld_reason": "third_party"})
    assert list(visible_safety_plans(user=portal_parent)) == []
    assert list(visible_contact_restrictions(user=portal_parent)) == []
    assert list(visible_safety_plans(user=director)) == [plan]


def test_reads_are_audited(mfa_client, counsellor, urls, plan):
    client = mfa_client(counsellor)
    client.get(urls["plan"])
    client.get(urls["pdf"])
    assert AuditEvent.objects.filter(action="view", object_type="safety.safetyplan").exists()
    assert AuditEvent.objects.filter(action="print", object_type="safety.safetyplan").count() == 1


# --- the family page header ------------------------------------------------------------------------------------

def test_family_header_shows_the_alert_with_links(mfa_client, night_staff, resident, urls, plan):
    body = mfa_client(night_staff).get(urls["family_page"]).content.decode()
    assert "Kevin D.: mag het kind niet ophalen" in body or "Kevin D.: may not pick up the child" in body
    assert reverse("safety:plan", args=[plan.pk]) in body and urls["family"] in body


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_family_header_query_count_is_flat(mfa_client, director, family, noor, plan, rita, restriction, urls, today):
    client = mfa_client(director)
    _count(client, urls["family_page"])  # warm up (sessions, caches)
    one = _count(client, urls["family_page"])
    for i in range(5):
        services.restriction_create(actor=director, family=family, data={
            "child": noor, "restricted_name": f"Persoon {i}", "kind": "no_visit", "valid_from": today,
            "source": "centre"})
        services.safety_person_add(actor=director, plan=plan, data={"name": f"Buur {i}", "phone": "050 12 34 56",
                                                                    "does": "Komt kijken als het stil is."})
    assert _count(client, urls["family_page"]) == one


def test_safety_page_query_count_is_flat(mfa_client, director, family, noor, plan, rita, restriction, mapping,
                                         procedure, urls, today):
    client = mfa_client(director)
    _count(client, urls["family"])
    one = _count(client, urls["family"])
    for i in range(4):
        services.restriction_create(actor=director, family=family, data={
            "child": noor, "restricted_name": f"Persoon {i}", "kind": "no_visit",
            "valid_from": today + datetime.timedelta(days=i), "source": "centre"})
        services.mapping_create(actor=director, family=family, data={
            "title": f"Mapping {i}", "mapped_on": today, "next_review_on": today})
    assert _count(client, urls["family"]) == one
