"""Issue 10, defect 12: "Wie contacteren" gives the TO's phone and the centre's 24/7 permanence number, a centre
setting kept by the director or the centre administrator (checked with phonenumbers, stored as E.164)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spalk.audit.models import AuditEvent
from spalk.core.phones import clean_phone, display_phone
from spalk.trajectories import supporters

pytestmark = pytest.mark.django_db
URL = reverse("centres:contact")


def test_phone_numbers_are_checked_and_stored_as_e164():
    assert clean_phone("059 23 46 78") == "+3259234678"
    assert clean_phone("0470/12.34.56") == "+32470123456"
    assert clean_phone("") == ""
    assert display_phone("+3259234678") == "059 23 46 78"
    for junk in ("12345", "bel mij"):
        with pytest.raises(ValidationError):
            clean_phone(junk)


@pytest.mark.parametrize("persona", ["director", "centre_admin"])
def test_director_and_centre_admin_set_the_permanence_number(request, mfa_client, persona, centre):
    client = mfa_client(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200
    response = client.post(f"{URL}?centre={centre.pk}", {"permanence_phone": "0470 12 34 56"})
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.permanence_phone == "+32470123456"
    assert AuditEvent.objects.filter(object_type="centres.centre", object_id=str(centre.pk),
                                     extra__event="centre_contact_updated").count() == 1
    assert 'value="0470 12 34 56"' in client.get(URL).content.decode()  # shown as a person reads it


def test_a_wrong_number_is_refused_in_dutch_and_kept(mfa_client, director, centre):
    response = mfa_client(director).post(f"{URL}?centre={centre.pk}", {"permanence_phone": "12345"})
    body = response.content.decode()
    assert response.status_code == 200 and "bestaat niet" in body and 'value="12345"' in body
    centre.refresh_from_db()
    assert centre.permanence_phone == ""


def test_other_roles_get_403_and_other_centres_404(mfa_client, counsellor, director, centre, other_centre):
    assert mfa_client(counsellor).get(URL).status_code == 404  # no centre where this is theirs
    assert mfa_client(counsellor).post(f"{URL}?centre={centre.pk}", {"permanence_phone": "059 23 46 78"}
                                       ).status_code == 403
    assert mfa_client(director).get(f"{URL}?centre={other_centre.pk}").status_code == 404
    assert mfa_client(director).get(f"{URL}?centre=junk").status_code == 404


def test_who_to_call_shows_the_to_phone_and_the_permanence_number(mfa_client, director, counsellor, case_lead,
                                                                   family, centre):
    case_lead.phone = "+32470990010"
    case_lead.save()
    centre.permanence_phone = "+3259234679"
    centre.save()
    supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=timezone.localdate())
    body = mfa_client(counsellor).get(reverse("families:detail", args=[family.pk])).content.decode()
    box = body[body.index('class="who-to-call"'):]
    box = box[:box.index("</div>")]
    assert 'href="tel:+32470990010"' in box and "0470 99 00 10" in box
    assert 'href="tel:+3259234679"' in box and "059 23 46 79" in box and "Permanentie 24/7" in box


def test_without_a_permanence_number_the_box_says_so(mfa_client, counsellor, family):
    body = mfa_client(counsellor).get(reverse("families:detail", args=[family.pk])).content.decode()
    assert "nog geen permanentienummer" in body
