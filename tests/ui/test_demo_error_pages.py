"""Issue 10, defect 13: `make demo` shows the application's own Dutch error pages, Django's debug output only
when asked for (`make demo DEBUG=1`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _demo_recipe(*args: str) -> str:
    result = subprocess.run(["make", "-n", "-s", "demo", *args], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60)
    return next(line for line in result.stdout.splitlines() if "runserver" in line)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_runs_without_debug_unless_asked():
    assert "SPALK_DEBUG=0" in _demo_recipe()
    assert "SPALK_DEBUG=1" in _demo_recipe("DEBUG=1")
    assert "collectstatic" in _demo_recipe()  # without DEBUG the stylesheet is served from the collected files


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_the_dutch_404_page(mfa_client, counsellor):
    response = mfa_client(counsellor).get("/this-does-not-exist/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert "Page not found at" not in body and "URLconf" not in body  # Django's technical 404
