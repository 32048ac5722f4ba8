"""Small parsers of the two bank statement formats Belgian banks give: CODA (Febelfin, fixed 128-character records)
and ISO 20022 CAMT.053 (XML). Only what matching needs: the credit and debit lines with amount, date, structured or
free communication, counterparty and a reference unique per line.

Own code instead of febelfin-coda or pycamt (docs/finance.md, "Bank files"): two small formats, read-only, no new
dependency to keep up to date; the tests read sample files made for them.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from spalk.core.errors import DomainError


@dataclass(frozen=True)
class BankLine:
    ref: str  # unique per line of a bank (statement and line numbers, or the bank's own reference)
    amount: Decimal  # positive: money received; negative: money paid out
    booked_on: datetime.date
    communication: str  # the 12 digits of a structured communication, or the free text
    counterparty: str = ""
    counterparty_iban: str = ""


def _bad(reason: str) -> DomainError:
    return DomainError(_("This is not a bank statement spalk can read (CODA or CAMT.053): %(reason)s")
                       % {"reason": reason}, field="file")


def parse_bank_file(data: bytes) -> tuple[str, list[BankLine]]:
    """("coda" | "camt053", lines). Raises a Dutch DomainError for anything else."""
    head = data.lstrip()[:200]
    if head.startswith(b"<"):
        return "camt053", parse_camt053(data)
    if head.startswith(b"0"):
        return "coda", parse_coda(data)
    raise _bad(_("unknown format"))


# --- CODA ----------------------------------------------------------------------------------------------------

def _coda_date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d%m%y").date()


def parse_coda(data: bytes) -> list[BankLine]:
    """Movement records 2.1 (with 2.3 for the counterparty) of a CODA file (Febelfin standard, version 2)."""
    try:
        text = data.decode("latin-1")
    except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 decodes every byte
        raise _bad(str(exc)) from exc
    records = [r for r in text.splitlines() if r.strip()]
    if not records or not records[0].startswith("0"):
        raise _bad(_("no header record"))
    account = ""
    statement_no = ""
    lines: list[BankLine] = []
    pending: dict | None = None

    def flush() -> None:
        if pending is not None:
            lines.append(BankLine(**pending))

    for rec in records:
        rec = rec.ljust(128)
        kind = rec[0]
        if kind == "1":
            account = rec[5:42].strip()
            statement_no = rec[2:5]
        elif kind == "2" and rec[1] == "1":
            flush()
            try:
                amount = Decimal(rec[32:47]) / 1000
                booked = _coda_date(rec[115:121])
            except (InvalidOperation, ValueError) as exc:
                raise _bad(_("a movement line cannot be read")) from exc
            if rec[31] == "1":
                amount = -amount
            communication = rec[62:115].strip()
            if rec[61] == "1" and communication[:3] in ("101", "102"):
                communication = communication[3:15]
            ref = f"coda:{account}:{statement_no}:{rec[2:10]}:{rec[10:31].strip()}"
            pending = {"ref": ref, "amount": amount, "booked_on": booked, "communication": communication}
        elif kind == "2" and rec[1] == "3" and pending is not None:
            pending["counterparty_iban"] = rec[10:47].strip().split(" ")[0]
            pending["counterparty"] = rec[47:82].strip()
        elif kind == "8":
            flush()
            pending = None
    flush()
    return lines


# --- CAMT.053 ------------------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el, path: str):
    """First descendant along ``path`` (local names separated by /), whatever the namespace version."""
    current = [el]
    for name in path.split("/"):
        current = [c for p in current for c in p if _local(c.tag) == name]
        if not current:
            return None
    return current[0]


def _text(el, path: str) -> str:
    found = _find(el, path)
    return (found.text or "").strip() if found is not None else ""


def _xml(data: bytes):
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:4096], re.IGNORECASE):
        raise _bad(_("the file declares a document type"))
    try:
        return ET.fromstring(data)  # noqa: S314 - no DOCTYPE or entities (refused above)
    except ET.ParseError as exc:
        raise _bad(_("the XML cannot be read")) from exc


def parse_camt053(data: bytes) -> list[BankLine]:
    root = _xml(data)
    stmts = [e for e in root.iter() if _local(e.tag) == "Stmt"]
    if _local(root.tag) != "Document" or not stmts:
        raise _bad(_("no BkToCstmrStmt statement"))
    lines = []
    for stmt in stmts:
        account = _text(stmt, "Acct/Id/IBAN")
        stmt_id = _text(stmt, "Id")
        for n, entry in enumerate(e for e in stmt if _local(e.tag) == "Ntry"):
            amt = _find(entry, "Amt")
            try:
                amount = Decimal((amt.text or "").strip()) if amt is not None else None
                booked = datetime.date.fromisoformat(_text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm")[:10])
            except (InvalidOperation, ValueError) as exc:
                raise _bad(_("an entry cannot be read")) from exc
            if amount is None:
                raise _bad(_("an entry has no amount"))
            if _text(entry, "CdtDbtInd") == "DBIT":
                amount = -amount
            tx = _find(entry, "NtryDtls/TxDtls")
            scope = tx if tx is not None else entry
            communication = _text(scope, "RmtInf/Strd/CdtrRefInf/Ref") or _text(scope, "RmtInf/Ustrd")
            debtor = _text(scope, "RltdPties/Dbtr/Nm") or _text(scope, "RltdPties/Dbtr/Pty/Nm")
            iban = _text(scope, "RltdPties/DbtrAcct/Id/IBAN")
            bank_ref = _text(entry, "AcctSvcrRef") or _text(scope, "Refs/AcctSvcrRef")
            ref = f"camt:{account}:{bank_ref}" if bank_ref else "camt:" + hashlib.sha256(
                f"{account}:{stmt_id}:{n}:{amount}:{booked}:{communication}".encode()).hexdigest()[:40]
            lines.append(BankLine(ref=ref, amount=amount, booked_on=booked, communication=communication,
                                  counterparty=debtor, counterparty_iban=iban))
    return lines
