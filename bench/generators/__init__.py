"""One generator module per capability, run in this order. Each module has ``NAME``, ``available()``
(its models exist in this code base) and ``generate(ctx)``; it loads its tables with COPY and leaves
what later generators need in ``ctx.shared``.

Adding a capability = adding ``bench/generators/<app>.py`` and its name to ``GENERATORS``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

GENERATORS = [
    "centres",
    "accounts",
    "families",
    "access",
    "partners",
    "stays",
    "trajectories",  # before intake: admitted registrations and A-documents follow the trajectories
    "intake",
    "logbook",  # after stays: residents get the most notes
    "plans",  # after trajectories: plans of open trajectories with a stay
    "health",  # after families: growth measurements of young children
    "finance",  # after stays: the parents who stayed pay the contribution
    "audit",
    "history",  # last: pghistory insert events for every tracked row loaded above
]


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"bench.generators.{name}") for name in GENERATORS]
