"""Query parameters, parsed once: a value from a URL becomes a bounded value or the default, never an exception.

A page ignores what it cannot read (it shows its default: this month, this week, the first page); the API
refuses it with a Dutch 422 through the annotated types below (``Month``, ``Limit``, ``Offset``) and
``LimitOffsetPagination``. Dates are kept between ``EARLIEST`` and ``LATEST`` so that the arithmetic a screen
does around them (a month's last day, the next week, a year back) can never leave Python's date range.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination
from pydantic import AfterValidator, Field

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # PostgreSQL bigint
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def in_range(day: datetime.date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_date(value: str | None, default: datetime.date) -> datetime.date:
    """An ISO date (JJJJ-MM-DD) within EARLIEST..LATEST, else ``default``."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if in_range(day) else default


def month_or_none(value: str | None) -> tuple[int, int] | None:
    """(year, month) for "JJJJ-MM" within EARLIEST..LATEST, else None."""
    match = _MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not EARLIEST.year <= year <= LATEST.year:
        return None
    return year, month


def parse_month(value: str | None, default: datetime.date) -> tuple[int, int]:
    """(year, month) for "JJJJ-MM", else the month of ``default``."""
    return month_or_none(value) or (default.year, default.month)


def parse_int(value: str | None, default: int | None = None, *, minimum: int = 1,
              maximum: int = MAX_ID) -> int | None:
    """A whole number within minimum..maximum (an id by default), else ``default``."""
    text = (value or "").strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def parse_choice(value: str | None, choices: Iterable[str], default: str = "") -> str:
    """One of ``choices`` (a filter, a sort key), else ``default``."""
    return value if value is not None and value in set(choices) else default


def _api_month(value: str) -> str:
    if value and month_or_none(value) is None:
        raise ValueError(_("Give a month as YYYY-MM, between %(first)s and %(last)s.")
                         % {"first": EARLIEST.year, "last": LATEST.year})
    return value


Month = Annotated[str, AfterValidator(_api_month), Field(description="JJJJ-MM; leeg = deze maand")]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"hoeveel rijen (hoogstens {MAX_LIMIT})")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="hoeveel rijen overslaan (volgende pagina)")]


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """django-ninja's limit/offset pagination with both bounded: an offset past bigint answers 422, not 500."""

    class Input(Schema):
        limit: Limit = ninja_settings.PAGINATION_PER_PAGE
        offset: Offset = 0

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
