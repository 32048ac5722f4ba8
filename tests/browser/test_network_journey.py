"""Issue 15 in a real browser: a counsellor records a consent given by the mother and by her daughter of 14 (a
minor of 12 or more, for what concerns her), shares a logbook note with the CGG under it, and the family's network
page shows what was shared with whom (with the frozen PDF to send); the consent is withdrawn in another tab, and
the share form that was still open is refused with the Dutch reason. The pages fit a 360 px phone."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.logbook.models import Note
from spalk.network.models import ConsentRecord, Share
from spalk.partners.models import Organisation
from spalk.testing.factories import FamilyMemberFactory
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_consent_share_and_withdrawal(page, live_server, login, counsellor, family):
    today = timezone.localdate()
    mother = family.members.get(role="parent").person
    daughter = FamilyMemberFactory(family=family, role="child", person__first_name="Noor",
                                   person__last_name="Peeters",
                                   person__birth_date=today.replace(year=today.year - 14) - datetime.timedelta(
                                       days=20)).person
    Organisation.objects.create(centre=family.centre, name="CGG Kust (demo)", kind="cgg", city="Oostende")
    Note.objects.create(centre=family.centre, family=family, author=counsellor, category="child_work",
                        text="Noor vertelt dat ze weer graag naar school gaat.")
    login(page, counsellor)

    # record the consent: the mother and Noor (14) for what concerns her
    page.goto(f"{live_server.url}/network/families/{family.pk}/")
    page.get_by_role("link", name="Toestemming registreren").first.click()
    page.locator("#id_scope").select_option("all")
    page.locator("#id_organisation").select_option(label="CGG Kust (demo)")
    page.locator("#id_purpose").fill("Opvolging van Noor door het CGG.")
    page.locator("#id_valid_until").fill((today + datetime.timedelta(days=90)).strftime("%d/%m/%Y"))
    page.get_by_label(mother.full_name).check()
    page.get_by_label(daughter.full_name).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Toestemming geregistreerd")
    record = ConsentRecord.objects.get(family=family)
    assert {g.capacity for g in record.givers.all()} == {"parent", "minor_12"}

    # share a note that concerns Noor, under it
    page.get_by_role("link", name="Delen met een partner").first.click()
    page.locator("#id_kind").select_option("note")
    page.locator("#id_consent").select_option(str(record.pk))
    page.locator("#id_note").select_option(index=1)
    page.get_by_label(daughter.full_name).check()
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_role("status").first).to_contain_text("Gedeeld met CGG Kust (demo)")
    shared = page.get_by_role("region", name="Wat met wie gedeeld werd")
    expect(shared).to_contain_text("CGG Kust (demo)")
    expect(shared).to_contain_text("Notitie in het logboek")
    share = Share.objects.get(family=family)
    with page.expect_download() as download:
        shared.get_by_role("link", name="Pdf downloaden").click()
    assert hashlib.sha256(download.value.path().read_bytes()).hexdigest() == share.artefact_sha256

    # at 360 px the network page and the share form fit
    page.set_viewport_size({"width": 360, "height": 740})
    width, viewport = no_horizontal_scroll(page)
    assert width <= viewport
    page.goto(f"{live_server.url}/network/families/{family.pk}/share/")
    width, viewport = no_horizontal_scroll(page)
    assert width <= viewport
    page.set_viewport_size({"width": 1280, "height": 900})

    # the share form stays open; in another tab the consent is withdrawn
    page.locator("#id_kind").select_option("summary")
    page.locator("#id_consent").select_option(str(record.pk))
    page.locator("#id_summary").fill("Noor gaat beter slapen.")
    other = page.context.new_page()
    other.goto(f"{live_server.url}/network/consents/{record.pk}/")
    other.locator("form[action$='/withdraw/'] textarea").fill("Moeder belde: ze wil dit niet meer.")
    other.get_by_role("button", name="Toestemming intrekken").click()
    expect(other.get_by_role("status").first).to_contain_text("De toestemming is ingetrokken")
    other.close()
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_role("main")).to_contain_text("Dit kan niet gedeeld worden")
    expect(page.get_by_role("main")).to_contain_text("De toestemming is ingetrokken op")
    assert Share.objects.filter(family=family).count() == 1
    page.goto(f"{live_server.url}/network/families/{family.pk}/")
    expect(page.get_by_role("region", name="Toestemming en wettelijke grond")).to_contain_text("ingetrokken op")
