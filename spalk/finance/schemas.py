"""API schemas of the client contribution. The quote, rates and percentages contracts are public (issue 14)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field


class QuoteIn(Schema):
    model_config = ConfigDict(populate_by_name=True)

    category: str = Field(max_length=30)  # checked by the handler, for a precise Dutch message
    from_: datetime.date = Field(alias="from")
    to: datetime.date


class QuoteMonthOut(Schema):
    month: str  # YYYY-MM
    days: int
    amount: str  # euro, decimal string "123.45"


class QuoteOut(Schema):
    months: list[QuoteMonthOut]
    total: str


class RateOut(Schema):
    category: str
    monthly_amount: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class RateIn(Schema):
    """A new dated leefloon amount (finance administrator). ``valid_to`` empty: open until a later amount."""

    category: str = Field(max_length=30)  # checked by the handler, for a precise Dutch message
    monthly_amount: Decimal = Field(ge=0, max_digits=9, decimal_places=2)
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    source: str = Field(min_length=1, max_length=300)


class PercentageIn(Schema):
    """A new dated contribution percentage (finance administrator)."""

    percentage: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    source: str = Field(min_length=1, max_length=300)


class PercentageOut(Schema):
    percentage: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class ErrorItem(Schema):
    loc: list[str | int]
    field: str
    type: str
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]
