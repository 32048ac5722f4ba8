"""Logbook notes (5 000 000 at scale 1) with their person and method links, handovers of the last month with
receipts, shift tasks and incidents.

Notes are two to four Dutch sentences of their category (``logbook_text``) with names, hours and numbers
filled in. The load runs with triggers off, so the generator writes ``search_vector`` itself: every sentence
template's vector is computed once by PostgreSQL (same configuration as the trigger), the filled-in words'
lexemes too, and a note's vector is their concatenation with shifted positions, exactly what ``tsvector ||
tsvector`` gives. Indexes are dropped during the COPY and built once afterwards.
"""

from __future__ import annotations

import datetime
import re

from django.db import connection

from bench.generators.base import FIRST_NAMES_F, FIRST_NAMES_M, Context, IndexesDropped, copy_rows, reset_sequence
from bench.generators.logbook_text import CATEGORY_WEIGHTS, NIGHT_SENTENCES, SENTENCES, STAFF_WORDS, WEEKDAYS

NAME = "logbook"
CHUNK = 100_000
MARKERS = {"p": "qqpqq", "c": "qqcqq", "h": "qqhqq", "n": "qqnqq", "d": "qqdqq", "w": "qqwqq"}
VALUES = {"p": FIRST_NAMES_F, "c": FIRST_NAMES_F + FIRST_NAMES_M, "h": [str(h) for h in range(1, 24)],
          "n": [str(n) for n in range(2, 10)], "d": WEEKDAYS, "w": STAFF_WORDS}
ENTRY = re.compile(r"'((?:[^']|'')*)':([\d,]+)")
AREAS = {"child_work", "parent_work", "family_network", "health", "training", "cooperation"}


def available() -> bool:
    from django.apps import apps

    return apps.is_installed("spalk.logbook")


def _config(cursor) -> str:
    """The expression the note trigger uses: the one search's spalk_dutch when it exists, else Dutch+unaccent."""
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'spalk_dutch'")
    return "to_tsvector('public.spalk_dutch', %s)" if cursor.fetchone() else \
        "to_tsvector('pg_catalog.dutch', unaccent(%s))"


def _vector(cursor, expression: str, text: str) -> list[tuple[str, list[int]]]:
    cursor.execute(f"SELECT ({expression})::text", [text])  # expression: one of the two constants of _config
    return [(m.group(1).replace("''", "'"), [int(p) for p in m.group(2).split(",")])
            for m in ENTRY.finditer(cursor.fetchone()[0])]


END = "qqendqq"


class Vectors:
    """Precomputed vectors of every sentence template and lexemes of every value that fills a placeholder.

    A template's vector is kept as a format string per position offset (its place in the note), with the
    placeholders' lexemes left as ``{p}``, ``{c}`` ...: a note's vector costs one ``str.format`` per sentence.
    """

    def __init__(self):
        self.values: dict[str, list[str]] = {}
        self.lexeme: dict[str, str] = {}
        with connection.cursor() as cursor:
            expression = _config(cursor)
            for key, values in VALUES.items():
                kept = []
                for value in values:
                    entries = _vector(cursor, expression, value)
                    if len(entries) == 1:  # one word, one lexeme: positions stay as in the template
                        kept.append(value)
                        self.lexeme[value] = entries[0][0].replace("'", "''").replace("{", "{{").replace("}", "}}")
                self.values[key] = kept
            self.entries: dict[str, list[tuple[str, list[int]]]] = {}
            self.length: dict[str, int] = {}
            marker_key = {v: k for k, v in MARKERS.items()}
            for template in [s for group in SENTENCES.values() for s in group] + NIGHT_SENTENCES:
                entries = _vector(cursor, expression, template.format(**MARKERS) + " " + END)
                self.length[template] = next(ps[0] for lex, ps in entries if lex == END) - 1
                self.entries[template] = [("{" + marker_key[lex] + "}" if lex in marker_key
                                           else lex.replace("'", "''").replace("{", "{{").replace("}", "}}"), ps)
                                          for lex, ps in entries if lex != END]
        self._cache: dict[tuple[str, int], str] = {}

    def _pattern(self, template: str, offset: int) -> str:
        key = (template, offset)
        pattern = self._cache.get(key)
        if pattern is None:
            pattern = " ".join(f"'{lex}':" + ",".join(str(p + offset) for p in ps)
                               for lex, ps in self.entries[template])
            self._cache[key] = pattern
        return pattern

    def of(self, templates: list[str], values: dict[str, str]) -> str:
        """The tsvector text of the sentences joined with spaces: what the trigger would compute."""
        lexemes = {k: self.lexeme[v] for k, v in values.items()}
        out, offset = [], 0
        for template in templates:
            out.append(self._pattern(template, offset).format(**lexemes))
            offset += self.length[template]
        return " ".join(out)


def generate(ctx: Context) -> None:
    from spalk.logbook.models import Note

    vectors = Vectors()
    with IndexesDropped(Note), IndexesDropped(Note.persons.through), IndexesDropped(Note.methods.through):
        _notes(ctx, vectors)
    for model in (Note, Note.persons.through, Note.methods.through):
        reset_sequence(model)
    _shift_records(ctx)


def _family_weights(ctx: Context) -> tuple[list[int], list[float]]:
    residents = {f for ids in ctx.shared.get("residents", {}).values() for f in ids}
    stayed = {a["family"] for a in ctx.shared.get("allocations", [])}
    families = [f for ids in ctx.shared["families_by_centre"].values() for f in ids]
    weights = [10.0 if f in residents else 4.0 if f in stayed else 1.0 for f in families]
    return families, weights


def _notes(ctx: Context, vectors: Vectors) -> None:
    from spalk.logbook.models import Note
    from spalk.methods.models import Method

    rng = ctx.rng(NAME)
    total = ctx.n(5_000_000, minimum=2000)
    families, weights = _family_weights(ctx)
    scale = total / sum(weights)
    methods_by_area: dict[str, list[int]] = {}
    for pk, code in Method.objects.values_list("pk", "area__code"):
        methods_by_area.setdefault(code, []).append(pk)
    staff = ctx.shared["staff"]
    centre_of = ctx.shared["family_centre"]
    opened = ctx.shared["family_opened"]
    persons = ctx.shared["persons_by_family"]
    categories = [c for c, w in CATEGORY_WEIGHTS for _ in range(w)]
    columns = ["id", "centre", "family", "unit", "author", "moment", "created_at", "updated_at", "kind", "category",
               "text", "visibility", "corrections", "version", "search_vector", "withheld_from_family",
               "withheld_reason", "withheld_by", "withheld_at"]
    note_id = link_id = method_link_id = 0
    notes: list[tuple] = []
    links: list[tuple] = []
    method_links: list[tuple] = []

    def flush() -> None:
        copy_rows(ctx, Note, columns, notes)
        copy_rows(ctx, Note.persons.through, ["id", "note", "person"], links)
        copy_rows(ctx, Note.methods.through, ["id", "note", "method"], method_links)
        notes.clear()
        links.clear()
        method_links.clear()

    for family_id, weight in zip(families, weights, strict=True):
        count = int(weight * scale + rng.random())
        centre_id = centre_of[family_id]
        crew = staff[centre_id]
        writers = crew.get("counsellor", []) + crew.get("child_worker", [])
        night = crew.get("night_staff", []) or writers
        health_staff = crew.get("health_coordinator", []) or writers
        age = max(1, (ctx.today - opened[family_id]).days)
        members = persons[family_id]
        mother = members[0] if members else None
        for _ in range(count):
            note_id += 1
            moment = ctx.now - datetime.timedelta(days=age * rng.random() ** 2, minutes=rng.randint(0, 1439))
            hour = moment.hour
            category = rng.choice(categories)
            values = {k: rng.choice(options) for k, options in vectors.values.items()}
            if hour >= 23 or hour < 7:
                pool, author = NIGHT_SENTENCES, rng.choice(night)
            else:
                pool = SENTENCES[category]
                author = rng.choice(health_staff if category == "health" else writers)
            chosen = rng.sample(pool, min(len(pool), rng.choice((2, 2, 3, 3, 4))))
            text = " ".join(t.format(**values) for t in chosen)
            health_only = category == "health" and rng.random() < 0.5
            withheld = rng.random() < 0.02
            notes.append((note_id, centre_id, family_id, None, author, moment, moment, moment, "note", category, text,
                          "health" if health_only else "team", 0, 1, vectors.of(chosen, values), withheld,
                          rng.choice(("third_party", "other_person", "court")) if withheld else "", None, None))
            if mother is not None and rng.random() < 0.6:
                link_id += 1
                links.append((link_id, note_id, mother))
            if category in AREAS and rng.random() < 0.25:
                method_link_id += 1
                method_links.append((method_link_id, note_id, rng.choice(methods_by_area[category])))
            if len(notes) >= CHUNK:
                flush()
    flush()


def _shift_records(ctx: Context) -> None:
    """Handovers of the last 30 days (three shifts a day) with receipts, tonight's tasks, incidents."""
    from spalk.logbook.models import Handover, HandoverReceipt, Incident, ShiftTask
    from spalk.logbook.shifts import shift_window

    rng = ctx.rng(NAME + ".shift")
    handovers, receipts, tasks, incidents = [], [], [], []
    hid = rid = 0
    for centre_id in ctx.shared["centres"]:
        crew = ctx.shared["staff"][centre_id]
        living = crew.get("counsellor", []) + crew.get("night_staff", [])
        previous = None
        for back in range(30, -1, -1):
            day = ctx.today - datetime.timedelta(days=back)
            for shift in ("morning", "late", "night"):
                start, _end = shift_window(day, shift)
                written = start - datetime.timedelta(minutes=20)
                if written > ctx.now:
                    break
                hid += 1
                handovers.append((hid, centre_id, None, day, shift, "Rustige dienst. Let op de koorts in unit 03; "
                                  "fles om drie uur voor de jongste van unit 07.", previous or written
                                  - datetime.timedelta(hours=8), rng.choice(living), written, 1))
                previous = written
                if back:
                    for reader in rng.sample(living, 2):
                        rid += 1
                        receipts.append((rid, hid, reader, written + datetime.timedelta(minutes=rng.randint(10, 60))))
        tonight, _ = shift_window(ctx.today, "night")
        residents = ctx.shared.get("residents", {}).get(centre_id, [])
        for k, title in enumerate(("Controle: iedereen binnen?", "Fles om drie uur", "Wekken voor school")):
            tasks.append((centre_id, residents[k] if k < len(residents) and k else None,
                          tonight + datetime.timedelta(hours=k + 1), title, living[0], ctx.now))
    families = [f for ids in ctx.shared["families_by_centre"].values() for f in ids]
    kinds = ["aggression", "self_harm", "medical", "absconding", "child_safety", "damage"]
    for iid in range(1, ctx.n(40_000, minimum=50) + 1):
        family_id = rng.choice(families)
        centre_id = ctx.shared["family_centre"][family_id]
        occurred = ctx.now - datetime.timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1439))
        closed = occurred + datetime.timedelta(days=2) if rng.random() < 0.9 else None
        reporter = rng.choice(ctx.shared["staff"][centre_id].get("night_staff", [0]))
        incidents.append((iid, centre_id, family_id, None, "", rng.choice(kinds), rng.choice((1, 1, 2, 2, 3, 4)),
                          occurred, "Incident in de leefgroep, zie de notities van die dag.", "Gesprek gevoerd.",
                          "Opvolgen in het teamoverleg.", None, reporter, occurred, closed, None, "", 1, False, "",
                          None, None))
    copy_rows(ctx, Handover, ["id", "centre", "unit", "shift_date", "shift", "summary", "covers_from", "written_by",
                              "written_at", "version"], handovers)
    copy_rows(ctx, HandoverReceipt, ["id", "handover", "user", "read_at"], receipts)
    copy_rows(ctx, ShiftTask, ["centre", "family", "due_at", "title", "created_by", "created_at"], tasks)
    copy_rows(ctx, Incident, ["id", "centre", "family", "unit", "others_involved", "kind", "severity", "occurred_at",
                              "description", "actions_taken", "follow_up", "follow_up_due", "reported_by",
                              "created_at", "closed_at", "closed_by", "safety_procedure_ref", "version",
                              "withheld_from_family", "withheld_reason", "withheld_by", "withheld_at"], incidents)
    for model in (Handover, HandoverReceipt, ShiftTask, Incident):
        reset_sequence(model)
