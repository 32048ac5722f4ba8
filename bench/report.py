"""bench/results/latest.md and latest.json, compared with the committed bench/results/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
REGRESSION = 0.20
NOISE_MS = 5.0  # differences smaller than this are noise on a shared 2-core machine


def compare(current: dict[str, Any], baseline: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not baseline:
        return []
    before = {(r["name"], r["persona"]): r for r in baseline.get("results", [])}
    out = []
    for r in current["results"]:
        b = before.get((r["name"], r["persona"]))
        if not b or "p95_ms" not in r or "p95_ms" not in b:
            continue
        slower = r["p95_ms"] > b["p95_ms"] * (1 + REGRESSION) and r["p95_ms"] - b["p95_ms"] > NOISE_MS
        more_queries = r["queries_max"] > b["queries_max"]
        if slower or more_queries:
            out.append({"name": r["name"], "persona": r["persona"], "p95_ms": r["p95_ms"],
                        "baseline_p95_ms": b["p95_ms"], "queries": r["queries_max"],
                        "baseline_queries": b["queries_max"], "slower": slower, "more_queries": more_queries})
    return out


def _yes(value: bool) -> str:
    return "met" if value else "**MISSED**"


def markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    lines = [
        "# spalk benchmark",
        "",
        f"Run {meta['finished_at']} on {meta['machine']} · PostgreSQL {meta['postgres']} · scale {meta['scale']} "
        f"(1 = ten times the sector) · seed {meta['seed']} · {meta['repeat']} measured requests per row "
        f"(after 2 warm-up requests), rotating over up to 8 different families.",
        f"Load: {meta.get('load_seconds', '–')} s · measuring: {meta.get('measure_seconds', '–')} s.",
        "",
        "## Data volumes",
        "",
        "| table | rows |",
        "|---|---:|",
    ]
    for label, count in sorted(data["volumes"].items()):
        lines.append(f"| {label} | {count:,} |".replace(",", " "))
    for label, note in data.get("volumes_missing", {}).items():
        lines.append(f"| {label} | – ({note}) |")
    lines += [
        "",
        "## Targets",
        "",
        "| target | result |",
        "|---|---|",
    ]
    for t in data["targets"]:
        lines.append(f"| {t['target']} | {t['result']} |")
    lines += [
        "",
        "## Every measured request",
        "",
        "Server time is the whole Django request (middleware, view, template, session save) in-process; SQL is "
        "the time spent in database calls. Ratio = server time / SQL time (high: time goes to Python and "
        "templates; near 1: the database dominates).",
        "",
        "| request | persona | kind | p50 ms | p95 ms | target ms | queries | SQL p50 ms | server/SQL | status |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in data["results"]:
        if "p95_ms" not in r:
            lines.append(f"| {r['name']} | {r['persona']} | {r['kind']} | – | – | {r['target_ms']:.0f} | – | – | – "
                         f"| {r.get('error')} |")
            continue
        queries = str(r["queries_max"]) if r["queries_flat"] else f"{r['queries_min']}–{r['queries_max']}"
        status = _yes(r["met"]) + ("" if r["statuses"] == [200] else f" (HTTP {r['statuses']})")
        if r.get("pages"):
            status += f" ({'–'.join(str(p) for p in r['pages'])} pages)"
        lines.append(f"| {r['name']} | {r['persona']} | {r['kind']} | {r['p50_ms']} | {r['p95_ms']} | "
                     f"{r['target_ms']:.0f} | {queries} | {r['sql_p50_ms']} | {r['server_sql_ratio']} | {status} |")
    lines += ["", "## Compared with the committed baseline", ""]
    if data.get("baseline") is None:
        lines.append("No baseline committed yet (`bench/results/baseline.json`); this run can become it "
                     "(`python -m bench --save-baseline`).")
    elif not data["regressions"]:
        lines.append(f"No regression over {REGRESSION:.0%} (baseline from {data['baseline']}).")
    else:
        lines.append(f"Regressions over {REGRESSION:.0%} against the baseline of {data['baseline']}:")
        lines += ["", "| request | persona | p95 ms | baseline p95 ms | queries | baseline queries |",
                  "|---|---|---:|---:|---:|---:|"]
        for g in data["regressions"]:
            lines.append(f"| {g['name']} | {g['persona']} | {g['p95_ms']} | {g['baseline_p95_ms']} | {g['queries']} "
                         f"| {g['baseline_queries']} |")
    if data.get("not_measured"):
        lines += ["", "## Routes not measured", "", "| route | name | why |", "|---|---|---|"]
        for n in data["not_measured"]:
            lines.append(f"| `{n['route']}` | {n['name']} | {n['reason']} |")
    if data.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in data["notes"]]
    return "\n".join(lines) + "\n"


def targets(data: dict[str, Any]) -> list[dict[str, str]]:
    rs = [r for r in data["results"] if "p95_ms" in r]

    def summary(rows, target):
        missed = [r for r in rows if not r["met"]]
        worst = max(rows, key=lambda r: r["p95_ms"]) if rows else None
        if not rows:
            return "nothing to measure"
        text = f"{_yes(not missed)}: {len(rows) - len(missed)}/{len(rows)} within {target} ms"
        text += f"; worst p95 {worst['p95_ms']} ms ({worst['name']}, {worst['persona']})"
        if missed:
            text += "; missed: " + ", ".join(f"{r['name']} [{r['persona']}] {r['p95_ms']} ms" for r in missed)
        return text

    pages = [r for r in rs if r["kind"] == "page" and not r["search"]]
    fragments = [r for r in rs if r["kind"] == "fragment"]  # htmx searches count here and under search
    api = [r for r in rs if r["kind"] == "api" and not r["search"]]
    search = [r for r in rs if r["search"]]
    varying = [r for r in rs if not r["queries_flat"]]
    flat = "met" if not varying else "**MISSED**: " + ", ".join(
        f"{r['name']} [{r['persona']}] {r['queries_min']}–{r['queries_max']}" for r in varying)
    cross = data.get("query_count_vs_baseline")
    if cross:
        flat += f"; {cross}"
    return [
        {"target": "p95 ≤ 150 ms per page", "result": summary(pages, 150)},
        {"target": "p95 ≤ 100 ms per htmx fragment", "result": summary(fragments, 100)},
        {"target": "p95 ≤ 150 ms per API call (same as a page)", "result": summary(api, 150)},
        {"target": "Dutch search p95 ≤ 100 ms", "result": summary(search, 100)},
        {"target": "query count per page independent of data size (same count for every family measured)",
         "result": flat},
        {"target": "20-page PDF ≤ 2 s", "result": _pdf_summary([r for r in rs if r["kind"] == "pdf"])},
        {"target": "monthly contribution run for all centres ≤ 60 s",
         "result": summary([r for r in rs if r["kind"] == "job"], 60_000)},
    ]


def _pdf_summary(rows: list[dict[str, Any]]) -> str:
    """Say what was printed: the A-document is one or two pages; the 20-page row is a synthetic print."""
    if not rows:
        return "nothing measured: spalk produces no PDF so far"
    parts = []
    for r in rows:
        pages = "–".join(str(p) for p in r.get("pages", [])) or "?"
        parts.append(f"{_yes(r['met'])}: {r['name']} [{r['persona']}] {pages} page(s), p95 {r['p95_ms']} ms")
    return "; ".join(parts)


def write(data: dict[str, Any]) -> tuple[Path, Path]:
    RESULTS.mkdir(exist_ok=True)
    json_path, md_path = RESULTS / "latest.json", RESULTS / "latest.md"
    json_path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
    md_path.write_text(markdown(data))
    return json_path, md_path


def load_baseline() -> dict[str, Any] | None:
    path = RESULTS / "baseline.json"
    return json.loads(path.read_text()) if path.exists() else None
