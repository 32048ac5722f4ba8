"""The finance records of the URL walkers' world (spalk/testing/world.py): one of each kind a URL names."""

from __future__ import annotations

import datetime
from decimal import Decimal

from spalk.finance.models import ContributionPercentage, LeefloonRate


def finance_world(*, centre, director, family, payer) -> dict:
    """Ids by URL parameter name. The rates of the data migration are gone after a transactional test: make them."""
    rate = LeefloonRate.objects.order_by("pk").first() or LeefloonRate.objects.create(
        category="single", monthly_amount=Decimal("1314.20"), valid_from=datetime.date(2025, 2, 1),
        source="POD MI")
    percentage = ContributionPercentage.objects.order_by("pk").first() or ContributionPercentage.objects.create(
        percentage=Decimal("25"), valid_from=datetime.date(2024, 5, 1), source="CIG Vlaanderen")
    return {"rate_id": rate.pk, "percentage_id": percentage.pk}
