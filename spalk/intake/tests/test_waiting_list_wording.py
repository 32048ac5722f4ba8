"""Issue 10, defect 6: the waiting list's capacity sentence never contradicts itself, and a family added
today waits "sinds vandaag", not "0 minuten"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.core.templatetags.spalk import waited
from spalk.intake.models import WaitingListEntry
from spalk.intake.tests.conftest import RegistrationFactory
from spalk.stays.tests.factories import UnitFactory

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(("days", "text"), [(0, "sinds vandaag"), (1, "sinds gisteren"), (3, "3 dagen"),
                                            (20, "2 weken"), (100, "3 maanden")])
def test_waiting_time_in_words(days, text):
    today = datetime.date(2026, 6, 15)
    from django.utils import translation

    with translation.override("nl"):
        assert waited(today - days * DAY, today) == text


def _page(mfa_client, user, centre) -> str:
    return mfa_client(user).get(reverse("intake:waiting_list") + f"?centre={centre.pk}").content.decode()


def test_free_units_today_and_none_freeing_later_do_not_contradict(mfa_client, intake_officer, centre):
    UnitFactory.create_batch(2, centre=centre)
    body = _page(mfa_client, intake_officer, centre)
    assert "2 van 2 wooneenheden zijn vandaag vrij" in body
    assert "Geen andere wooneenheid komt binnen 60 dagen vrij" in body
    assert "Geen wooneenheid komt binnen 60 dagen vrij" not in body


def test_a_family_added_today_waits_since_today(mfa_client, intake_officer, centre):
    reg = RegistrationFactory(centre=centre, family_name="Gezin Vandaag", status="waiting_list")
    today = timezone.localdate()
    WaitingListEntry.objects.create(registration=reg, centre=centre, since=today, next_contact_due=today + 14 * DAY)
    body = _page(mfa_client, intake_officer, centre)
    assert "sinds vandaag" in body
    assert "0 minuten" not in body
