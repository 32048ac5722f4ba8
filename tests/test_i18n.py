"""The Dutch (nl-BE) UI is complete: every catalogue fully translated, no source string without a
translation, key pages without English fallbacks, Belgian date and amount formats."""

from __future__ import annotations

import ast
import datetime
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, translation

from spalk.testing.factories import FamilyMemberFactory

BASE_DIR = Path(__file__).resolve().parent.parent
ROOT_CATALOGUE = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def catalogues(base: Path = BASE_DIR) -> list[Path]:
    """The root catalogue and every app catalogue (spalk/<app>/locale/nl/LC_MESSAGES/django.po)."""
    return [base / ROOT_CATALOGUE.relative_to(BASE_DIR), *sorted(base.glob("spalk/*/locale/nl/LC_MESSAGES/*.po"))]


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def parse_po(path: Path) -> tuple[Entry | None, list[Entry]]:
    """A small .po reader: (header, entries). Obsolete ("#~") entries are left out."""
    entries: list[Entry] = []
    entry, current = Entry(), None

    def finish():
        nonlocal entry, current
        if current is not None:
            entries.append(entry)
        entry, current = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if current is not None and current.startswith("msgstr"):
                finish()
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if current == "msgid":
                entry.msgid += value
            elif current == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            elif current == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif current is not None:
                index = int(current[7:-1]) if current.startswith("msgstr[") else 0
                entry.msgstr[index] += value
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and current is not None and current.startswith("msgstr"):
                finish()
            value = ast.literal_eval(rest)
            current = keyword
            if keyword == "msgid":
                entry.msgid, entry.line = value, number
            elif keyword == "msgid_plural":
                entry.msgid_plural = value
            elif keyword == "msgctxt":
                entry.msgctxt = value
            elif keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                entry.msgstr[index] = value
    finish()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    return header, [e for e in entries if e is not header]


def test_the_root_catalogue_exists():
    assert ROOT_CATALOGUE.exists(), "run `make messages` to create locale/nl/LC_MESSAGES/django.po"
    _header, entries = parse_po(ROOT_CATALOGUE)
    assert len(entries) > 100


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_complete(path):
    header, entries = parse_po(path)
    assert header is not None and f"Plural-Forms: {PLURAL_FORMS}" in header.msgstr[0], (
        f"{path}: the header needs 'Plural-Forms: {PLURAL_FORMS}'"
    )
    problems = []
    for e in entries:
        expected = 2 if e.msgid_plural is not None else 1
        if "fuzzy" in e.flags:
            problems.append(f"line {e.line}: fuzzy: {e.msgid!r}")
        elif len(e.msgstr) != expected or any(not s.strip() for s in e.msgstr.values()):
            problems.append(f"line {e.line}: not translated: {e.msgid!r}")
    assert not problems, f"{path.relative_to(BASE_DIR)}:\n" + "\n".join(problems)


def test_placeholders_are_kept_in_translations():
    """Every named placeholder of the source is in the translation (a plural form may drop the count)."""
    placeholder = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    problems = []
    for path in catalogues():
        for e in parse_po(path)[1]:
            wanted = {m.group(0) for m in placeholder.finditer(e.msgid + (e.msgid_plural or ""))}
            for index, text in e.msgstr.items():
                found = {m.group(0) for m in placeholder.finditer(text)}
                ok = found <= wanted if e.msgid_plural is not None else found == wanted
                if text and not ok:
                    problems.append(f"{path.relative_to(BASE_DIR)}:{e.line} msgstr[{index}] {text!r}")
    assert not problems, "placeholders differ from the source:\n" + "\n".join(problems)


def test_every_source_string_is_in_a_catalogue(tmp_path):
    """Extract into a copy of the tree: no msgid may appear that the committed catalogues lack."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext, msgmerge, msgfmt) is needed: apt-get install gettext")
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static", "migrations", "tests")
    shutil.copytree(BASE_DIR / "spalk", copy / "spalk", ignore=ignore)
    shutil.copytree(BASE_DIR / "locale", copy / "locale", ignore=ignore)
    shutil.copy2(BASE_DIR / "manage.py", copy / "manage.py")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHON"] = sys.executable
    result = subprocess.run([str(BASE_DIR / "scripts" / "messages.sh"), "--no-compile", str(copy)],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr

    missing = []
    for extracted in catalogues(copy):
        committed = BASE_DIR / extracted.relative_to(copy)
        known = {e.key for e in parse_po(committed)[1]} if committed.exists() else set()
        for e in parse_po(extracted)[1]:
            if e.key not in known:
                missing.append(f"{committed.relative_to(BASE_DIR)}: {e.msgid!r}")
    assert not missing, "source strings without a Dutch translation (run `make messages`, then translate):\n" + (
        "\n".join(missing)
    )


# Rendered pages --------------------------------------------------------------------------------------

ENGLISH_FALLBACKS = ["Family", "Families", "Sign out", "Skip to content", "Main navigation", "Members",
                     "Search", "Dossier number", "Add a member", "Change history", "Birth date", "Sign In",
                     "Password", "Forgot", "Remember", "Overview"]


def _english_left(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", html)  # text between tags only, not URLs or class names
    return [word for word in ENGLISH_FALLBACKS if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.mark.django_db
def test_family_pages_are_dutch(mfa_client, director, family):
    FamilyMemberFactory(family=family, person__first_name="Noor", person__last_name="Peeters",
                        person__birth_date=datetime.date(2021, 3, 5))
    client = mfa_client(director)
    listing = client.get(reverse("families:list")).content.decode()
    detail = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    for html in (listing, detail):
        assert _english_left(html) == []
        assert "Afmelden" in html and "Naar de inhoud" in html
    assert ">Gezinnen</h1>" in listing
    assert "Gezinsleden" in detail
    assert "05/03/2021" in detail


@pytest.mark.django_db
def test_login_page_is_dutch(client):
    html = client.get(reverse("account_login")).content.decode()
    assert _english_left(html) == []
    assert "Wachtwoord" in html
    assert 'lang="nl-BE"' in html


@pytest.mark.django_db
def test_not_found_page_is_dutch(mfa_client, director):
    response = mfa_client(director).get("/does-not-exist/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_dates_and_numbers_use_belgian_formats():
    with translation.override("nl-be"):
        assert formats.date_format(datetime.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2024"
        assert formats.number_format(Decimal("1234.5"), 2, use_l10n=True, force_grouping=True) == "1.234,50"


@pytest.mark.django_db
def test_history_and_audit_name_fields_in_dutch(mfa_client, director, family):
    """Issue 10: English left on Dutch pages, found by walking every demo page: the family history said "Centre"
    (a field without a verbose name) and the access log "goal actions" (a model without one)."""
    from spalk.audit.describe import field_labels
    from spalk.families import services as family_services

    family_services.family_update(actor=director, family=family, data={"name": "Gezin Nieuwe Naam"},
                                  version=family.version)
    html = mfa_client(director).get(reverse("families:history", args=[family.pk])).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"(?<![\w-])Centre(?![\w-])", text)
    assert field_labels("plans.goal", ["actions"]) == ["acties"]
    assert field_labels("families.family", ["centre"]) == ["centrum"]
