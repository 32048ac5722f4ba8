"""Issue 13 (child safety) in a real browser: a counsellor walks a Kindreflex procedure (steps 1 and 2, refused
without a colleague), makes a Signs of Safety mapping with a concrete worry and a score, and reviews it; the chart
and its table are on the page, and corrects the worry (the earlier text stays); the safety plan and the contact
restriction show in the family page header."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.safety import services
from spalk.safety.models import KindreflexProcedure, MappingReview, SafetyMapping
from spalk.testing.factories import FamilyMemberFactory

pytestmark = pytest.mark.browser


def test_kindreflex_and_a_signs_of_safety_review(page, live_server, login, counsellor, team_lead, family):
    today = timezone.localdate()
    FamilyMemberFactory(family=family, role="child", person__first_name="Noor", person__last_name="Peeters",
                        person__birth_date=today - datetime.timedelta(days=400))
    plan = services.safety_plan_create(actor=team_lead, family=family, data={
        "agreed_on": today, "review_on": today + datetime.timedelta(days=30),
        "rules": "Oma Rita haalt Noor op school op maandag en donderdag."})
    services.safety_person_add(actor=team_lead, plan=plan, data={
        "name": "Rita Peeters", "phone": "0470 12 34 56", "does": "Belt elke avond om 19 uur."})
    services.restriction_create(actor=team_lead, family=family, data={
        "restricted_name": "Kevin D.", "kind": "no_pickup", "valid_from": today, "source": "centre"})
    login(page, counsellor)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    header = page.locator("header.page-header")
    expect(header).to_contain_text("Kevin D.: mag het kind niet ophalen")
    expect(header).to_contain_text("Veiligheidsplan · 1 veiligheidspersoon")

    # the Kindreflex, step by step
    page.get_by_role("link", name="Veiligheid", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Veiligheid")
    page.get_by_role("link", name="Kindreflex-procedure starten").click()
    page.get_by_label("Kind").select_option(label="Noor Peeters")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Kindreflex-procedure gestart")
    page.get_by_role("link", name="Stap 1 noteren").click()
    page.get_by_label("Voor welke kinderen zorgt de cliënt").fill("Noor, woont bij mama in de studio.")
    page.get_by_label("Beslissing en volgende stap").fill("Verder peilen met een collega.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Stap 1 opgeslagen")
    page.get_by_role("link", name="Stap 2 noteren").click()
    page.get_by_label("Hoe veilig is het thuis voor de kinderen?").fill("Twee avonden lag Noor om 23 uur wakker.")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_label("Beslissing en volgende stap").fill("Gesprek met mama over de avonden.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("altijd samen met een collega of een expert")  # refused
    page.get_by_label("Collega met wie u overlegde").select_option(index=1)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Stap 2 opgeslagen")
    procedure = KindreflexProcedure.objects.get(family=family)
    assert sorted(procedure.steps.values_list("number", flat=True)) == [1, 2]
    assert procedure.steps.get(number=2).colleague_id is not None
    expect(page.get_by_role("link", name="Stap 3 noteren")).to_be_visible()

    # a Signs of Safety mapping and its review
    page.goto(f"{live_server.url}/safety/families/{family.pk}/")
    page.get_by_role("link", name="Nieuwe mapping").click()
    page.get_by_label("Titel").fill("Veiligheid van Noor 's avonds")
    page.get_by_label("Eerste evaluatie op").fill((today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Mapping opgeslagen")
    page.locator("#id_kind").select_option("worry")
    page.locator("#id_text").fill("Ik ben bezorgd")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("main")).to_contain_text("Maak het concreet")
    page.locator("#id_text").fill("Noor had deze week drie keer geen lunch mee naar school.")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Toegevoegd aan de mapping")
    page.get_by_text("Score toevoegen").click()
    page.locator("#id_participant").fill("Sarah (mama)")
    page.locator("#id_score").fill("4")
    page.get_by_role("button", name="Score opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Score opgeslagen")

    page.get_by_role("link", name="Mapping evalueren").click()
    page.get_by_label("Geëvalueerd op").fill((today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.get_by_label("Wat veranderde er sinds de vorige evaluatie?").fill("Elke dag lunch mee, drie weken lang.")
    page.get_by_label("Volgende evaluatie op").fill((today + datetime.timedelta(days=28)).strftime("%d/%m/%Y"))
    page.get_by_label("Score van Sarah (mama) vandaag (0–10)").fill("7")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Evaluatie opgeslagen")
    mapping = SafetyMapping.objects.get(family=family)
    assert MappingReview.objects.filter(mapping=mapping).count() == 1
    assert mapping.next_review_on == today + datetime.timedelta(days=28)
    expect(page.locator("svg.chart polyline")).to_have_count(1)
    expect(page.get_by_role("table").first).to_contain_text("Sarah (mama)")

    # the worry had the wrong count: corrected, the earlier text stays as an earlier version, struck through
    page.get_by_role("link", name=re.compile(r"^Verbeteren Noor had")).click()
    page.get_by_label("Tekst").fill("Noor had deze week vier keer geen lunch mee naar school.")
    page.get_by_label("Waarom verbetert u dit?").fill("vier keer, niet drie")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Verbetering bewaard")
    expect(page.get_by_role("main")).to_contain_text("Noor had deze week vier keer geen lunch mee naar school.")
    expect(page.locator("del.revision__text")).to_contain_text("drie keer geen lunch")
