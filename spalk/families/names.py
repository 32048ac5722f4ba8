"""What a person and a registration member share: a name to show and an age on a day."""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils.translation import gettext_lazy as _


class _Named(Protocol):
    first_name: str
    last_name: str
    birth_date: datetime.date | None


class NameAndAge:
    """``full_name`` and ``age_on`` of anyone with a first and last name and a birth date: a Person, and a
    member of a registration before they become one."""

    @property
    def full_name(self: _Named) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(_("(no name yet)"))

    def age_on(self: _Named, day: datetime.date) -> int | None:
        """Age in whole years on ``day``; None when not born (yet) or unknown."""
        if self.birth_date is None or self.birth_date > day:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
