"""spalk.core is the bottom layer: it imports nothing of spalk's own apps (ARCHITECTURE.md). Allowed: the
project's settings, and imports for type checking only (the User type of a request)."""

from __future__ import annotations

import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ALLOWED = {"spalk.core", "spalk.settings"}


def test_core_depends_on_nothing_above_it():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        if "tests" in path.relative_to(CORE).parts:
            continue
        type_checking = False
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if line.startswith("if TYPE_CHECKING:"):
                type_checking = True
                continue
            if type_checking and line and not line[0].isspace():
                type_checking = False
            match = re.match(r"\s*(?:from|import)\s+(spalk\.\w+)", line)
            if match and match.group(1) not in ALLOWED and not type_checking:
                offenders.append(f"{path.relative_to(CORE.parent)}:{n}: {line.strip()}")
    assert offenders == [], "spalk.core imports an app above it:\n" + "\n".join(offenders)
