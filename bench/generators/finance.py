"""Who pays the contribution: every parent who stayed in a unit pays from their first night, in a category spread
over the three (the rates and the percentage come from the data migration). One INSERT … SELECT."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

from bench.generators.base import Context

NAME = "finance"


def available() -> bool:
    return apps.is_installed("spalk.finance")


def generate(ctx: Context) -> None:
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO finance_payingadult (family_id, person_id, category, valid_from, valid_to, reason,
                                             created_at, version)
            SELECT a.family_id, fm.person_id,
                   (ARRAY['cohabiting', 'single', 'family'])[1 + fm.person_id %% 3],
                   min(lower(am.period)), NULL, 'bench: sociaal onderzoek OCMW', %s, 1
              FROM stays_allocationmember am
              JOIN stays_allocation a ON a.id = am.allocation_id
              JOIN families_familymember fm ON fm.id = am.member_id
             WHERE fm.role = 'parent'
             GROUP BY a.family_id, fm.person_id""", [ctx.now])
        ctx.counts["finance.PayingAdult"] = cursor.rowcount
