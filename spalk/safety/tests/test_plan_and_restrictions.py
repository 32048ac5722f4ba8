"""Safety plan, safety persons and contact restrictions: services, rules, audit."""

from __future__ import annotations

import datetime

import pytest

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.safety import services
from spalk.safety.models import ContactRestriction, in_force_on


def test_plan_create_writes_rules_and_one_audit_event(plan, family):
    assert plan.rules.first().text.startswith("Oma Rita")
    events = AuditEvent.objects.filter(object_type="safety.safetyplan", action="create")
    assert events.count() == 1 and events.get().family_id == family.pk
    assert "Oma" not in str(events.get().extra)  # fields only, never content


def test_one_current_plan_per_family(director, family, plan, today):
    with pytest.raises(DomainError):
        services.safety_plan_create(actor=director, family=family, data={
            "agreed_on": today, "review_on": today, "rules": "Een tweede plan met een regel."})


def test_plan_needs_a_rule_and_a_review_after_agreement(director, family, today):
    with pytest.raises(DomainError) as err:
        services.safety_plan_create(actor=director, family=family, data={
            "agreed_on": today, "review_on": today - datetime.timedelta(days=1), "rules": " \n "})
    assert {e.field for e in err.value.errors} == {"review_on", "rules"}


def test_plan_update_is_optimistically_locked_and_audited_once(director, plan):
    services.safety_plan_update(actor=director, plan=plan, data={"note": "Noor veilig thuis"}, version=1)
    with pytest.raises(ConcurrentEditError):
        services.safety_plan_update(actor=director, plan=plan, data={"note": "Anders"}, version=1)
    assert AuditEvent.objects.filter(object_type="safety.safetyplan", action="update").count() == 1


def test_ended_plan_changes_no_more(director, plan, today):
    services.safety_plan_end(actor=director, plan=plan, ended_on=today, version=1)
    with pytest.raises(DomainError):
        services.safety_plan_update(actor=director, plan=plan, data={"note": "x"}, version=2)


def test_safety_person_phone_is_checked_and_stored_as_e164(director, plan, rita):
    assert rita.phone == "+32470123456"
    with pytest.raises(DomainError) as err:
        services.safety_person_add(actor=director, plan=plan, data={"name": "Buur", "phone": "0470 12 34",
                                                                    "does": "Let op."})
    assert err.value.field == "phone" and "bestaat niet" in err.value.message


def test_safety_person_audited_once_per_write(director, rita):
    services.safety_person_update(actor=director, person=rita, data={"reachable": "na 17u"}, version=1)
    assert AuditEvent.objects.filter(object_type="safety.safetyperson", action="create").count() == 1
    assert AuditEvent.objects.filter(object_type="safety.safetyperson", action="update").count() == 1


# --- contact restrictions: validity dates -------------------------------------------------------------------

def _data(noor, today, **over):
    return {"child": noor, "restricted_name": "Kevin D.", "kind": "no_visit", "valid_from": today,
            "source": "parents", **over}


def test_restriction_until_before_from_is_refused(director, family, noor, today):
    with pytest.raises(DomainError) as err:
        services.restriction_create(actor=director, family=family, data=_data(
            noor, today, valid_until=today - datetime.timedelta(days=1)))
    assert err.value.field == "valid_until"


def test_restriction_one_day_is_allowed(director, family, noor, today):
    r = services.restriction_create(actor=director, family=family, data=_data(noor, today, valid_until=today))
    assert r.in_force(today) and not r.in_force(today + datetime.timedelta(days=1))


def test_court_order_needs_its_reference(director, family, noor, today):
    with pytest.raises(DomainError) as err:
        services.restriction_create(actor=director, family=family, data=_data(noor, today, source="court_order"))
    assert err.value.field == "source_reference"


def test_restriction_for_a_child_of_another_family_is_refused(director, family, other_family, today):
    from spalk.testing.factories import FamilyMemberFactory

    stranger = FamilyMemberFactory(family=other_family, role="child").person
    with pytest.raises(DomainError) as err:
        services.restriction_create(actor=director, family=family, data=_data(stranger, today))
    assert err.value.field == "child"


def test_in_force_follows_the_dates(director, family, noor, today):
    future = services.restriction_create(actor=director, family=family, data=_data(
        noor, today, valid_from=today + datetime.timedelta(days=3)))
    open_ended = services.restriction_create(actor=director, family=family, data=_data(
        noor, today, valid_from=today - datetime.timedelta(days=100)))
    past = services.restriction_create(actor=director, family=family, data=_data(
        noor, today, valid_from=today - datetime.timedelta(days=10), valid_until=today - datetime.timedelta(days=1)))
    now = set(ContactRestriction.objects.filter(in_force_on(today)).values_list("pk", flat=True))
    assert now == {open_ended.pk}
    assert future.in_force(today + datetime.timedelta(days=3)) and not past.in_force(today)


def test_ending_a_restriction_sets_its_last_day(director, restriction, today):
    ended = services.restriction_end(actor=director, restriction=restriction, on=today, version=1)
    assert ended.valid_until == today and not ended.in_force(today + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        services.restriction_end(actor=director, restriction=ended, on=today, version=ended.version)
    with pytest.raises(DomainError):
        services.restriction_end(actor=director, restriction=ended, on=ended.valid_from - datetime.timedelta(days=1),
                                 version=ended.version)


def test_the_database_refuses_an_end_before_the_start(family, today):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRestriction.objects.create(family=family, restricted_name="X", kind="no_visit", source="centre",
                                          valid_from=today, valid_until=today - datetime.timedelta(days=1))
