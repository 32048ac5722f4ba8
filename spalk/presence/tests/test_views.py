"""The nightly check on the web: night staff record presence in a few taps; others get 404 or 403."""

from __future__ import annotations

import datetime

from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.families.models import MemberRole
from spalk.presence.models import PresenceNight
from spalk.presence.tests.conftest import TONIGHT
from spalk.stays.tests.factories import UnitFactory
from spalk.testing.stays import book_stay, staying_family

NIGHT = TONIGHT.isoformat()


def test_night_staff_sees_the_units_to_check(mfa_client, night_staff, family, stays):
    response = mfa_client(night_staff).get(reverse("presence:check"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Studio 1" in body and "Noor" in body and "1 eenheid nog te controleren" in body
    assert AuditEvent.objects.filter(object_type="presence.check", extra__family_ids=[family.pk]).exists()


def test_one_tap_records_a_member_and_returns_the_row(mfa_client, night_staff, stays):
    stay = stays[MemberRole.CHILD]
    response = mfa_client(night_staff).post(reverse("presence:record", args=[stay.pk, NIGHT]),
                                            {"status": "leave", "reason": "network"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="stay-{stay.pk}"' in response.content.decode() and "<html" not in response.content.decode()
    assert PresenceNight.objects.get(member=stay.member).reason == "network"


def test_leave_without_a_reason_shows_the_error_in_the_row(mfa_client, night_staff, stays):
    stay = stays[MemberRole.CHILD]
    response = mfa_client(night_staff).post(reverse("presence:record", args=[stay.pk, NIGHT]), {"status": "absent"},
                                            headers={"HX-Request": "true"})
    assert "Kies een reden" in response.content.decode()
    assert not PresenceNight.objects.exists()


def test_everyone_here_checks_the_unit(mfa_client, night_staff, booking, stays):
    response = mfa_client(night_staff).post(reverse("presence:all_present", args=[booking.unit_id, NIGHT]),
                                            headers={"HX-Request": "true"})
    assert response.status_code == 200 and "is-checked" in response.content.decode()
    assert PresenceNight.objects.filter(night=TONIGHT, status="present").count() == 2


def test_without_javascript_the_tap_redirects_back_to_the_check(mfa_client, night_staff, stays):
    stay = stays[MemberRole.PARENT]
    response = mfa_client(night_staff).post(reverse("presence:record", args=[stay.pk, NIGHT]), {"status": "present"})
    assert response.status_code == 302 and reverse("presence:check") in response["Location"]


def test_outsider_and_administrative_staff_get_404(mfa_client, outsider, administrative, booking, stays):
    stay = stays[MemberRole.PARENT]
    for user in (outsider, administrative):
        client = mfa_client(user)
        assert client.get(reverse("presence:check"), {"centre": booking.unit.centre_id}).status_code == 404
        assert client.post(reverse("presence:record", args=[stay.pk, NIGHT]), {"status": "present"}).status_code == 404
        assert client.post(reverse("presence:all_present", args=[booking.unit_id, NIGHT])).status_code == 404
    assert not PresenceNight.objects.exists()


def test_family_page_records_planned_leave(mfa_client, counsellor, family, child, stays):
    url = reverse("presence:family", args=[family.pk])
    response = mfa_client(counsellor).post(url, {"members": [child.pk], "status": "leave", "reason": "home_leave",
                                                 "start": "12/03/2026", "end": "15/03/2026", "note": ""})
    assert response.status_code == 302
    assert PresenceNight.objects.filter(member=child, status="leave").count() == 3
    page = mfa_client(counsellor).get(url).content.decode()
    assert "st-leave" in page


def test_family_page_keeps_input_on_error(mfa_client, counsellor, family, child, stays):
    response = mfa_client(counsellor).post(reverse("presence:family", args=[family.pk]), {
        "members": [child.pk], "status": "absent", "reason": "not_back", "start": "12/03/2026", "end": "15/03/2026"})
    assert response.status_code == 200 and "12/03/2026" in response.content.decode()
    assert not PresenceNight.objects.exists()


def test_administrative_staff_may_read_but_not_record_leave(mfa_client, administrative, family, child, stays):
    client = mfa_client(administrative)
    url = reverse("presence:family", args=[family.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"members": [child.pk], "status": "leave", "reason": "home_leave",
                             "start": "12/03/2026", "end": "15/03/2026"}).status_code == 403


def test_check_page_query_count_is_flat(mfa_client, night_staff, director, centre, stays,
                                        django_assert_max_num_queries):
    client = mfa_client(night_staff)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("presence:check"))
    for i in range(5):
        other, members = staying_family(centre=centre)
        book_stay(actor=director, family=other, unit=UnitFactory(centre=centre, name=f"K{i}"),
                  start=datetime.date(2026, 3, 5), end=datetime.date(2026, 3, 15), members=members)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("presence:check"))



def test_a_tap_updates_the_unit_and_the_count_of_units_to_check(mfa_client, night_staff, booking, stays):
    """After a tap the unit's card and "n units still to check" say what was just recorded (htmx answer), and
    the focus lands on the member's new state."""
    client = mfa_client(night_staff)
    response = client.post(reverse("presence:record", args=[stays[MemberRole.PARENT].pk, NIGHT]),
                           {"status": "present"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert f'id="unit-{booking.unit_id}"' in body and "nog niet gecontroleerd" in body  # the child is still to do
    assert 'id="units-to-check" hx-swap-oob="true"' in body and "1 eenheid nog te controleren" in body
    response = client.post(reverse("presence:record", args=[stays[MemberRole.CHILD].pk, NIGHT]),
                           {"status": "present"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "is-checked" in body and "0 eenheden nog te controleren" in body and "data-autofocus" in body
