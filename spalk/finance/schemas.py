"""API schemas of the client contribution. The quote, rates and percentages contracts are public (issue 14)."""

from __future__ import annotations

import datetime

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
