"""Fictional demo data. Every name, national number and story here is invented.

``load_all`` is idempotent: it looks records up by natural keys before creating them. Each app that
has demo data adds a module to DEMO_MODULES with a ``load(*, stdout)`` function.
"""

from __future__ import annotations

import importlib

DEMO_MODULES = [
    "spalk.demo.centres",
    "spalk.demo.staff",
    "spalk.demo.families",
    "spalk.trajectories.demo",
    "spalk.partners.demo",
    "spalk.intake.demo",
    "spalk.logbook.demo",
    "spalk.presence.demo",
    "spalk.agenda.demo",
    "spalk.plans.demo",
    "spalk.finance.demo",
    "spalk.safety.demo",
    "spalk.health.demo",
    "spalk.network.demo",
]


def load_all(*, stdout) -> None:
    for name in DEMO_MODULES:
        importlib.import_module(name).load(stdout=stdout)
