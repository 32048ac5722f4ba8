"""The field history of a family's safety records (django-pghistory), in people's words, through the policy and
audited: the plan tier for everyone who reads the safety page (night staff in residence), the safety work (mappings,
Kindreflex) only for whoever does it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.safety import kindreflex, services
from spalk.safety.history import safety_history


def test_plan_rules_persons_and_restrictions_have_history(director, family, plan, rita, restriction, today):
    services.safety_plan_update(actor=director, plan=plan, version=plan.version, data={
        "rules": "Oma Rita haalt Noor op school op maandag, woensdag en donderdag."})
    services.restriction_update(actor=director, restriction=restriction, version=restriction.version,
                                data={"valid_until": today + datetime.timedelta(days=90)})
    changes = safety_history(family=family, work=False)
    whats = {c.what for c in changes}
    assert {"veiligheidsplan opgesteld", "regel toegevoegd aan het veiligheidsplan",
            "regel uit het veiligheidsplan gehaald", "veiligheidspersoon toegevoegd",
            "contactbeperking gewijzigd"} <= whats
    change = next(c for c in changes if c.what == "contactbeperking gewijzigd")
    assert [(label, new) for _n, label, _old, new in change.fields] == [
        ("tot", f"{today + datetime.timedelta(days=90):%d/%m/%Y}")]
    removed = {c.fields[0][2] for c in changes if c.what == "regel uit het veiligheidsplan gehaald"}
    assert "Oma Rita haalt Noor op school op maandag en donderdag." in removed


def test_the_work_tier_shows_corrections_and_kindreflex_steps(director, family, mapping, procedure):
    entry = services.mapping_entry_add(actor=director, mapping=mapping, kind="worry",
                                       text="Noor had deze week drie keer geen lunch mee.")
    services.mapping_entry_correct(actor=director, entry=entry, version=entry.version, reason="typfout",
                                   text="Noor had deze week vier keer geen lunch mee.")
    kindreflex.step_record(actor=director, procedure=procedure, number=1, version=procedure.version, data={
        "answers": {"children": "Noor, 14/03/2024"}, "decision": "Verder in gesprek."})
    changes = safety_history(family=family, work=True)
    corrected = next(c for c in changes if c.what == "onderdeel van de mapping gewijzigd")
    assert [(old, new) for n, _l, old, new in corrected.fields if n == "text"] == [
        ("Noor had deze week drie keer geen lunch mee.", "Noor had deze week vier keer geen lunch mee.")]
    step = next(c for c in changes if c.what == "Kindreflex-stap genoteerd")
    assert any(new and "Noor, 14/03/2024" in new and "Voor welke kinderen" in new for _n, _l, _o, new in step.fields)
    assert not any(c.model.startswith("Signs") or "Kindreflex" in c.model
                   for c in safety_history(family=family, work=False))


def test_history_screen_for_night_staff_and_counsellors(mfa_client, night_staff, counsellor, outsider, resident,
                                                       plan, mapping):
    url = reverse("safety:history", args=[resident.pk])
    body = mfa_client(night_staff).get(url).content.decode()
    assert "veiligheidsplan opgesteld" in body and mapping.title not in body
    assert AuditEvent.objects.filter(actor=night_staff, action="view", object_type="safety.family").exists()
    assert mapping.title in mfa_client(counsellor).get(url).content.decode()
    assert mfa_client(outsider).get(url).status_code == 404


def test_history_page_query_count_is_flat(mfa_client, director, counsellor, family, plan, mapping, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = mfa_client(counsellor)
    url = reverse("safety:history", args=[family.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(i: int) -> None:
        services.safety_person_add(actor=director, plan=plan, data={"name": f"Buur {i}", "phone": "050 12 34 56",
                                                                    "does": "Komt kijken als het stil is."})
        services.mapping_entry_add(actor=director, mapping=mapping, kind="working_well", text=f"Oma komt {i}.")

    count()  # after a request, pghistory's context (who acted) sticks to the test's transaction: later rows carry it
    add(0)  # one row of each kind first: the names of the people and records they point at, one query per model
    one = count()
    for i in range(1, 5):
        add(i)
    assert count() == one
