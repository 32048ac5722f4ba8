"""The shared withholding mark on safety records, in the policy's terms: a family member (portal) reads the
Signs of Safety mapping of its own family but never a mapping or an entry withheld from it, nor what was removed as
a mistake, nor a Kindreflex procedure; staff doing the safety work see everything, marked as such. Setting the mark
needs a reason and is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.access.policy import (
    visible_kindreflex_procedures,
    visible_mapping_entries,
    visible_safety_mappings,
    visible_scaling_scores,
)
from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.safety import services

CONFIDENTIAL = "De buurvrouw zag Noor twee avonden alleen buiten spelen na 22 uur."
OPEN = "Noor had deze week drie keer geen lunch mee naar school."


@pytest.fixture
def entries(director, mapping):
    secret = services.mapping_entry_add(actor=director, mapping=mapping, kind="worry", text=CONFIDENTIAL,
                                        withheld=True, withheld_reason="third_party")
    shared = services.mapping_entry_add(actor=director, mapping=mapping, kind="worry", text=OPEN)
    return secret, shared


def test_family_member_reads_the_mapping_without_what_is_withheld(director, portal_parent, mapping, entries,
                                                                  procedure, today):
    secret, shared = entries
    assert list(visible_safety_mappings(user=portal_parent)) == [mapping]
    assert list(visible_mapping_entries(user=portal_parent, mapping=mapping)) == [shared]
    assert set(visible_mapping_entries(user=director, mapping=mapping)) == {secret, shared}
    assert list(visible_kindreflex_procedures(user=portal_parent)) == []  # the professional's protocol
    services.mapping_entry_remove(actor=director, entry=shared, version=shared.version, reason="vergissing")
    assert list(visible_mapping_entries(user=portal_parent, mapping=mapping)) == []
    score = services.scaling_add(actor=director, mapping=mapping, participant="Sarah", score=4, scored_on=today)
    assert list(visible_scaling_scores(user=portal_parent, mapping=mapping)) == [score]
    services.scaling_remove(actor=director, score_row=score, version=score.version, reason="dubbel")
    assert list(visible_scaling_scores(user=portal_parent, mapping=mapping)) == []
    assert list(visible_scaling_scores(user=director, mapping=mapping)) == [score]


def test_a_withheld_mapping_hides_all_of_it(director, portal_parent, mapping, entries):
    services.mapping_update(actor=director, mapping=mapping, version=mapping.version,
                            data={"withheld_from_family": True, "withheld_reason": "court"})
    assert list(visible_safety_mappings(user=portal_parent)) == []
    assert list(visible_mapping_entries(user=portal_parent)) == []
    assert list(visible_scaling_scores(user=portal_parent)) == []


def test_another_family_or_a_minor_reads_nothing(portal_minor, outsider, mapping, entries):
    assert list(visible_safety_mappings(user=portal_minor)) == []  # family members who are parents only
    assert list(visible_mapping_entries(user=outsider)) == []


def test_the_mark_needs_a_reason_and_is_audited(director, entries):
    _secret, shared = entries
    with pytest.raises(DomainError) as err:
        services.mapping_entry_withhold(actor=director, entry=shared, version=shared.version, withheld=True,
                                        reason="")
    assert err.value.field == "withheld_reason"
    marked = services.mapping_entry_withhold(actor=director, entry=shared, version=shared.version, withheld=True,
                                             reason="other_person")
    assert marked.withheld_from_family and marked.withheld_by == director
    event = AuditEvent.objects.filter(object_type="safety.mappingentry", object_id=str(shared.pk),
                                      action="update").get()
    assert event.fields == ["withheld_from_family", "withheld_reason"]


def test_withhold_screen(mfa_client, counsellor, mapping, entries):
    _secret, shared = entries
    client = mfa_client(counsellor)
    url = reverse("safety:entry_withhold", args=[shared.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"withheld": "on", "withheld_reason": "", "version": shared.version})
    assert response.status_code == 200 and "Kies waarom" in response.content.decode()
    response = client.post(url, {"withheld": "on", "withheld_reason": "third_party", "version": shared.version})
    assert response.status_code == 302
    body = client.get(reverse("safety:mapping", args=[mapping.pk])).content.decode()
    assert body.count("afgeschermd voor het gezin") >= 2 or body.count("Afgeschermd voor het gezin") >= 2


def test_adding_an_entry_withheld_needs_a_reason(director, mapping):
    with pytest.raises(DomainError) as err:
        services.mapping_entry_add(actor=director, mapping=mapping, kind="worry", text=CONFIDENTIAL, withheld=True)
    assert err.value.field == "withheld_reason"
