"""Safety persons' phone numbers go through the one phone module (spalk.core.phones), like the centres' numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spalk.core.errors import DomainError
from spalk.safety import services

SPALK = Path(__file__).resolve().parents[2]


def test_only_core_wraps_phonenumbers():
    importers = sorted(str(p.relative_to(SPALK)) for p in SPALK.rglob("*.py")
                       if "tests" not in p.parts and re.search(r"^\s*(import|from) phonenumbers", p.read_text(), re.M))
    assert importers == ["core/phones.py"]


def test_a_safety_person_is_stored_as_e164(director, plan):
    person = services.safety_person_add(actor=director, plan=plan, data={
        "name": "Jan Peeters", "phone": "0470 12 34 56", "does": "Komt langs als Sarah niet opneemt."})
    assert person.phone == "+32470123456"


@pytest.mark.parametrize(("typed", "says"), [("", "telefoonnummer van deze veiligheidspersoon"),
                                             ("abc", "geen telefoonnummer"), ("0470 12", "bestaat niet")])
def test_a_safety_person_needs_a_number_that_exists(director, plan, typed, says):
    with pytest.raises(DomainError) as err:
        services.safety_person_add(actor=director, plan=plan, data={"name": "Jan", "phone": typed,
                                                                    "does": "Komt langs als Sarah niet opneemt."})
    assert err.value.field == "phone" and says in err.value.message
