"""``{{ amount|euro }}`` → € 1.234,56; ``{{ value|pct }}`` → 25 %. No queries, no policy."""

from __future__ import annotations

from django import template

from spalk.finance.computation import euro as format_euro
from spalk.finance.computation import percent

register = template.Library()


@register.filter
def euro(value) -> str:
    return format_euro(value) if value not in (None, "") else ""


@register.filter
def pct(value) -> str:
    return percent(value) if value not in (None, "") else ""
