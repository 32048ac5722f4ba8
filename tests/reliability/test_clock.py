"""``keep_day``: a module imported yesterday (a run that crossed midnight) still runs its tests on that day."""

from __future__ import annotations

import datetime

from django.utils import timezone

from spalk.testing.clock import keep_day

IMPORTED_ON = timezone.localdate() - datetime.timedelta(days=1)  # as if this module was imported before midnight
_same_day = keep_day(IMPORTED_ON)


def test_the_code_under_test_sees_the_day_the_module_was_imported():
    assert timezone.localdate() == IMPORTED_ON
    assert timezone.localtime().hour == 23
