"""The start screen shows night staff how many units still need tonight's presence check."""

from __future__ import annotations

from spalk.home.registry import visible_work_items
from spalk.presence import services
from spalk.presence.tests.conftest import TONIGHT


def _item(user):
    return next((i for i in visible_work_items(user=user) if i.key == "presence.check"), None)


def test_night_staff_sees_the_units_still_to_check(night_staff, stays):
    item = _item(night_staff)
    assert item is not None and item.count == 1 and "1 eenheid" in item.summary
    services.unit_all_present(actor=night_staff, stays=list(stays.values()), night=TONIGHT)
    assert _item(night_staff).count == 0


def test_roles_without_the_check_see_no_item(administrative, outsider, stays):
    assert _item(administrative) is None
    assert _item(outsider).count == 0  # a director of another centre: their own centre, nothing booked
