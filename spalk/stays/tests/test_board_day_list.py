"""Issue 10: on a phone the planning board is a list per day (the grid does not fit 360 px)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from spalk.stays.selectors import BoardRow, Segment, board_days
from spalk.stays.tests.factories import UnitFactory

DAY = datetime.timedelta(days=1)


def test_each_day_lists_every_unit_with_what_covers_that_day(centre):
    start = datetime.date(2026, 3, 2)
    studio, room = UnitFactory(centre=centre, name="Studio A"), UnitFactory(centre=centre, name="Kamer B")
    rows = [BoardRow(unit=studio, segments=[Segment(kind="free", start=start, days=2),
                                            Segment(kind="current", start=start + 2 * DAY, days=5, family_id=1,
                                                    family_name="Gezin X", end=start + 7 * DAY)]),
            BoardRow(unit=room, segments=[Segment(kind="out_of_service", start=start, days=7, reason="verf")])]
    days = board_days(dates=[start + i * DAY for i in range(7)], rows=rows)
    assert [len(d.units) for d in days] == [2] * 7
    assert days[1].units[0][1].kind == "free" and days[2].units[0][1].kind == "current"
    assert all(d.units[1][1].kind == "out_of_service" for d in days)


def test_the_board_page_has_the_day_list(mfa_client, director, centre):
    UnitFactory(centre=centre, name="Studio A")
    body = mfa_client(director).get(reverse("stays:board") + f"?centre={centre.pk}").content.decode()
    assert 'class="day-list"' in body and 'class="table-wrap board-wrap"' in body
    assert body.count('<span class="day-list__unit">Studio A</span>') >= 7
