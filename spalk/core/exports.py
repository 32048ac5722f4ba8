"""CSV exports: one writer for every export, so that no cell runs as a formula in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and
LibreOffice (``=HYPERLINK(...)`` in a break-glass reason would open as a link in the auditor's spreadsheet).
Such a text cell gets a leading apostrophe, the OWASP advice: the spreadsheet shows the text as typed.
Numbers stay numbers (a negative number is not a formula). ``tests`` fail when a module calls
``csv.writer`` itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written: for streaming a CSV row by row."""

    def write(self, value: str) -> str:
        return value


class CsvWriter:
    def __init__(self, target: Any = None, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(target if target is not None else _Echo(), delimiter=delimiter)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Write one row; without a target, return it as text (for a StreamingHttpResponse)."""
        return self._writer.writerow([safe_cell(value) for value in row])


def csv_writer(target: Any = None, *, delimiter: str = ";") -> CsvWriter:
    """The writer of every CSV export: into ``target`` (e.g. an HttpResponse), or returning each row."""
    return CsvWriter(target, delimiter=delimiter)
