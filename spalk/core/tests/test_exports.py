"""CSV exports never hand a spreadsheet a formula: one writer neutralises cells starting with =, +, -, @, tab
or CR, and every export uses it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.exports import csv_writer, safe_cell

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_a_cell_starting_with_a_formula_character_is_neutralised(start):
    value = f'{start}HYPERLINK("https://example.test/","klik")'
    assert safe_cell(value) == "'" + value
    row = csv_writer().writerow(["gewoon", value, 3])
    assert next(csv.reader(io.StringIO(row), delimiter=";")) == ["gewoon", "'" + value, "3"]


@pytest.mark.parametrize("value", ["Nachtelijke crisis", "", "12,5", "a=b", "e-mail@x"])
def test_ordinary_text_is_written_as_typed(value):
    assert safe_cell(value) == value


def test_numbers_stay_numbers():
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_audit_export_neutralises_a_reason(start, mfa_client, director, family):
    reason = f'{start}HYPERLINK("https://example.test/","open")'
    with transaction.atomic():
        audit_record(actor=director, action=AuditAction.BREAK_GLASS, target=family, reason=reason)
    client = mfa_client(director)
    assert client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"}
                       ).status_code == 302
    response = client.get(reverse("audit:export"), {"family": family.pk, "action": AuditAction.BREAK_GLASS})
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [r["reden"] for r in rows] == ["'" + reason]


def test_every_csv_export_goes_through_the_one_writer():
    root = Path(__file__).resolve().parents[2]
    helper = root / "core" / "exports.py"
    offenders = [f"{path.relative_to(root)}:{n}" for path in sorted(root.rglob("*.py"))
                 if path != helper and "tests" not in path.parts
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"\bcsv\.(writer|DictWriter)\(", line)]
    assert offenders == [], "write CSV through spalk.core.exports.csv_writer: " + ", ".join(offenders)
