"""Issue 12 in a real browser: a counsellor starts the handelingsplan with the family, adds a goal in the family's
own words, sees it autosaved, records the signatures, evaluates the goal and issues an evolutieverslag; the plan
reads on a phone without sideways scrolling."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.plans.models import Evaluation, Plan, Report
from spalk.trajectories.models import Trajectory
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_from_a_new_plan_to_an_issued_evolutieverslag(page, live_server, login, counsellor, family):
    today = timezone.localdate()
    trajectory = Trajectory.objects.create(family=family, centre=family.centre,
                                           admitted_on=today - datetime.timedelta(days=30))
    login(page, counsellor)
    page.goto(f"{live_server.url}/plans/trajectories/{trajectory.pk}/")
    page.get_by_role("button", name="Handelingsplan starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan bewerken")

    # autosave of the general agreements: no button, the status says it was saved
    page.get_by_role("textbox", name="Algemene afspraken").fill("Elke dinsdag een gezinsgesprek.")
    page.get_by_role("textbox", name="Algemene afspraken").blur()
    expect(page.locator("#plan-status")).to_contain_text("Bewaard om")

    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Voor wie").select_option(label="Sarah Peeters")
    page.get_by_label("Levensdomein").select_option("parenting")
    page.get_by_label("Het doel in de eigen woorden van het gezin").fill("Ik wil rustig blijven als ze huilt.")
    page.get_by_label("De formulering van de begeleider").fill("Moeder reageert sensitief op haar kind.")
    page.locator("#id_new-action_who_0").fill("moeder")
    page.locator("#id_new-action_what_0").fill("Oefent elke avond het badmoment")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Doel toegevoegd.")

    # autosave of the goal itself
    goal_words = page.get_by_label("De formulering van de begeleider")
    goal_words.fill("Moeder herkent de signalen van haar kind en reageert er sensitief op.")
    goal_words.blur()
    expect(page.locator("[id$='-status']").last).to_contain_text("Bewaard om")

    page.get_by_role("link", name="Ondertekening vastleggen").first.click()
    page.get_by_role("checkbox", name="Sarah Peeters (ouder)").check()
    page.get_by_role("button", name="Ondertekening vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("De ondertekening is vastgelegd")
    plan = Plan.objects.get(trajectory=trajectory)
    assert plan.status == "signed" and plan.agreements == "Elke dinsdag een gezinsgesprek."
    expect(page.get_by_role("main")).to_contain_text("Ik wil rustig blijven als ze huilt.")

    page.get_by_role("link", name="Doelen evalueren").click()
    page.get_by_label("veel vooruitgang").check()
    page.get_by_label("Beslissing").select_option("continue")
    page.get_by_label("Wat ging goed, wat niet").fill("Het badmoment loopt rustiger.")
    page.get_by_role("button", name="Evaluatie bewaren").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/#evaluations$"))
    assert Evaluation.objects.filter(goal__plan=plan).count() == 1

    page.get_by_role("link", name="Verslag schrijven").click()
    page.get_by_role("button", name="Ontwerp schrijven").click()
    expect(page.get_by_role("status").first).to_contain_text("Ontwerpverslag geschreven.")
    page.get_by_label("Eigen commentaar van het gezin").fill("Ik ben het eens met dit verslag.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Verslag bewaard.")
    page.get_by_role("link", name="Verslag uitgeven").click()
    page.get_by_role("button", name="Verslag uitgeven").click()
    page.get_by_role("button", name="Verslag uitgeven").click()  # the confirmation
    expect(page.get_by_role("main")).to_contain_text("Uitgegeven en vastgelegd")
    report = Report.objects.get(trajectory=trajectory)
    assert report.is_issued and report.pdf_sha256 and report.family_comment == "Ik ben het eens met dit verslag."


def test_the_plan_reads_on_a_phone(phone_page, live_server, login, counsellor, family):
    from spalk.plans import services

    today = timezone.localdate()
    trajectory = Trajectory.objects.create(family=family, centre=family.centre,
                                           admitted_on=today - datetime.timedelta(days=30))
    mother = family.members.first().person
    plan = services.plan_create(actor=counsellor, trajectory=trajectory)
    services.goal_add(actor=counsellor, plan=plan, data=services.GoalInput(
        life_domain="parenting", person=mother, family_words="Ik wil rustig blijven als ze huilt, ook 's nachts "
        "wanneer ik heel moe ben en niemand anders wakker is.", worker_words="Moeder reageert sensitief.",
        actions=[services.ActionInput(who="moeder", what="Oefent elke avond het badmoment met een begeleider",
                                      due_on=today)]))
    login(phone_page, counsellor)
    phone_page.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(phone_page.get_by_role("main")).to_contain_text("Ik wil rustig blijven als ze huilt")
    scroll, viewport = no_horizontal_scroll(phone_page)
    assert scroll <= viewport
