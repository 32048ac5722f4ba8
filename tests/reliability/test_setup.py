"""`make test` on a machine without chromium stops at once with one line saying what to install."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_without_chromium_make_test_stops_with_one_line(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("id",):  # a PATH with no chromium and no apt-get: nothing can be installed
        (bindir / tool).symlink_to(shutil.which(tool))
    result = subprocess.run(["/bin/bash", str(ROOT / "scripts" / "need-chromium.sh")], env={"PATH": str(bindir)},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "apt-get install chromium" in lines[0]


def test_chromium_given_by_path_is_accepted(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    result = subprocess.run(["/bin/bash", str(ROOT / "scripts" / "need-chromium.sh")],
                            env={"PATH": "/nonexistent", "SPALK_CHROMIUM": str(fake)}, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr


def test_make_test_checks_chromium_before_anything_and_runs_the_linters():
    makefile = (ROOT / "Makefile").read_text()
    test_rule = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert test_rule.split("\n", 1)[0].split() == ["chromium", "install"]  # chromium first, then the install
    for step in ("ruff check .", "mypy spalk", "makemigrations --check --dry-run", "pytest"):
        assert step in test_rule
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec make test")
