"""Fictional finance data for the demo: an account per centre and the paying adults of every stay. Idempotent.

The IBANs are invented (bank code 096, a valid check) and belong to nobody; the rates come from the data migration
(real published amounts, docs/finance.md).
"""

from __future__ import annotations

import datetime

from stdnum import iban as stdnum_iban

from spalk.centres.models import Centre
from spalk.families.models import MemberRole
from spalk.finance.models import Category, CentreFinanceSettings, PayingAdult
from spalk.stays.models import AllocationMember


def demo_iban(n: int) -> str:
    """A fictional Belgian IBAN with valid check digits (bank code 096)."""
    bban = f"096{n % 10_000_000:07d}"
    account = bban + f"{int(bban) % 97 or 97:02d}"
    return "BE" + stdnum_iban.calc_check_digits("BE00" + account) + account


def load(*, stdout) -> None:
    for centre in Centre.objects.order_by("pk"):
        CentreFinanceSettings.objects.get_or_create(centre=centre, defaults={
            "iban": demo_iban(1000 + centre.pk), "account_holder": centre.organisation or f"vzw {centre.name}",
            "payment_days": 30})
    stays = (AllocationMember.objects.filter(member__role=MemberRole.PARENT)
             .select_related("allocation", "member").order_by("allocation__family_id", "period"))
    first_night: dict[tuple[int, int], datetime.date] = {}
    parents_per_family: dict[int, set[int]] = {}
    for stay in stays:
        key = (stay.allocation.family_id, stay.member.person_id)
        first_night.setdefault(key, stay.period.lower)
        parents_per_family.setdefault(stay.allocation.family_id, set()).add(stay.member.person_id)
    existing = set(PayingAdult.objects.values_list("family_id", "person_id"))
    new = []
    for (family_id, person_id), start in first_night.items():
        if (family_id, person_id) in existing:
            continue
        category = Category.COHABITING if len(parents_per_family[family_id]) > 1 else Category.FAMILY
        new.append(PayingAdult(family_id=family_id, person_id=person_id, category=category, valid_from=start,
                               reason="Categorie volgens het sociaal onderzoek van het OCMW (demo)"))
    PayingAdult.objects.bulk_create(new)
    # last month's statements, as the job on the 1st would have made them (idempotent: a second load changes nothing)
    from django.utils import timezone

    from spalk.finance.statements import monthly_run

    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    made = 0
    for centre in Centre.objects.filter(is_active=True).order_by("pk"):
        made += len(monthly_run(centre=centre, month=month).made)
    stdout.write(f"finance: {len(new)} paying adults, {made} statements for {month:%m/%Y}\n")
