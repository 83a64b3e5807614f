"""Score cumulative briefs against hand-coded report series.

For each series folder holding a `gold.json` (tests/data/cumulative/<series>/ by default, see
its README for the gold's shape), the reports (beside the gold, or in the folder its
`reports_in` names: the Mali series is the sample users see, snapshots/barkhane-mali/) are
ingested in order into a fresh SQLite database as one cumulative brief, and after each report
the engine's answer is compared with the gold:

- state: every base reported so far found (standing), with the gold's status, date (or the
  same open dispute), and number of reports behind it; bases the engine adds (precision);
- news: the bases each report adds or moves a step (the diff's `added` / `progressed`);
- revisions, retractions, disputes and settlements the diff reports, by report and base.

Bases are matched by name: a fact is the gold base whose names (any report's spelling, by
`place_key`) it shares. Nothing here is tuned to a series: it only reads the gold.

    python benchmarks/cumulative.py                     # every series, one table each
    python benchmarks/cumulative.py DIR [--json FILE] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT = ROOT / "tests" / "data" / "cumulative"


def series_dirs(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if (path / "gold.json").exists():
            found.append(path)
        else:
            found += sorted(p.parent for p in path.glob("*/gold.json"))
    return found


def reports_folder(folder: Path, gold: dict[str, Any]) -> Path:
    """Where a series' reports are: the folder its gold's `reports_in` names (relative to the
    gold), so a series kept as a sample for users is not kept twice; else the gold's folder."""
    return (folder / gold["reports_in"]).resolve() if "reports_in" in gold else folder


def gold_names(gold: dict[str, Any]) -> dict[str, str]:
    """identity -> gold base, from every name the gold gives a base."""
    from tracker.identity import place_key

    names: dict[str, str] = {}
    for base, info in gold["bases"].items():
        for name in (base, info.get("label"), info.get("place")):
            if name:
                names.setdefault(place_key(name), base)
    for report in gold["reports"]:
        for item in (*report.get("stated", ()), *report.get("new", ())):
            for name in item.get("names", ()):
                names.setdefault(place_key(name), item["base"])
    return names


def base_of(fact: dict[str, Any], names: dict[str, str]) -> str | None:
    from tracker.identity import place_key

    for name in (fact.get("key"), fact.get("name"), *(fact.get("aliases") or ())):
        if name and (place_key(name) in names or name in names):
            return names.get(place_key(name)) or names.get(name)
    return None


class Tally:
    def __init__(self) -> None:
        self.hit = self.gold = self.found = 0

    def add(self, hit: int, gold: int, found: int) -> None:
        self.hit += hit
        self.gold += gold
        self.found += found

    def recall(self) -> float | None:
        return self.hit / self.gold if self.gold else None

    def precision(self) -> float | None:
        return self.hit / self.found if self.found else None


def score_series(folder: Path, errors: list[str]) -> dict[str, Any]:
    from tracker.app import folded, views
    from tracker.app.ingest import ingest
    from tracker.store.store import open_store

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    names = gold_names(gold)
    tallies = {k: Tally() for k in ("bases", "status", "date", "report count", "news",
                                     "revisions", "retractions", "disputes", "settled")}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "score.db"), create=True)
        slug = gold.get("series", folder.name)
        reports = reports_folder(folder, gold)
        for n, report in enumerate(gold["reports"], 1):
            path = reports / report["file"]
            result = ingest(store, path.read_bytes(), source=report["file"], brief=slug,
                            filename=str(path), mode="cumulative")
            info = result.edition
            doc = folded.show(store, slug, info, views.edition_header(info))
            _state(doc, report, names, tallies, errors)
            changes = [c.to_dict() for c in result.changes]
            _changes(changes, report, names, tallies, errors)
        store.close()
    return {name: {"hit": t.hit, "gold": t.gold, "found": t.found,
                   "recall": t.recall(), "precision": t.precision()} for name, t in tallies.items()}


def _state(doc: dict[str, Any], report: dict[str, Any], names: dict[str, str],
           tallies: dict[str, Any], errors: list[str]) -> None:
    ours: dict[str, dict[str, Any]] = {}
    spurious = 0
    for fact in sorted(doc["events"], key=lambda f: -f["reports"]):  # a base split in two:
        base = base_of(fact, names)                                   # the fuller one, the
        if base is None or base in ours:                              # other one is extra
            spurious += 1
            errors.append(f"{report['file']}: extra fact {fact.get('name')!r}")
        else:
            ours[base] = fact
    gold_state = report["state_after"]
    hit = sum(1 for g in gold_state if g["base"] in ours)
    tallies["bases"].add(hit, len(gold_state), len(ours) + spurious)
    for g in gold_state:
        fact = ours.get(g["base"])
        if fact is None:
            errors.append(f"{report['file']}: missing base {g['base']}")
            for name in ("status", "date", "report count"):
                tallies[name].add(0, 1, 0)
            continue
        ok = fact.get("status") == g["status"]
        tallies["status"].add(ok, 1, 1)
        if not ok:
            errors.append(f"{report['file']}: {g['base']} status {fact.get('status')} (gold {g['status']})")
        date_ok = _date_matches(fact, g["date"])
        tallies["date"].add(date_ok, 1, 1)
        if not date_ok:
            errors.append(f"{report['file']}: {g['base']} date {fact.get('date')} "
                          f"{[d['values'] for d in fact['disputes'] if d['open']] or ''} (gold {g['date']})")
        count_ok = fact.get("reports") == g["report_count"]
        tallies["report count"].add(count_ok, 1, 1)
        if not count_ok:
            errors.append(f"{report['file']}: {g['base']} {fact.get('reports')} reports (gold {g['report_count']})")


def _date_matches(fact: dict[str, Any], gold: Any) -> bool:
    open_ = [d for d in fact["disputes"] if d["open"] and d["field"] == "date"]
    if isinstance(gold, dict):
        wanted = {v["value"] for v in gold.get("disputed", ())}
        return any({v["value"] for v in d["values"]} == wanted for d in open_)
    day = None if fact.get("date_precision") else fact.get("date")  # a period is no day
    return not open_ and day == gold


def _changes(changes: list[dict[str, Any]], report: dict[str, Any], names: dict[str, str],
             tallies: dict[str, Any], errors: list[str]) -> None:
    def bases(kinds: tuple[str, ...], field: str | None = None) -> set[str]:
        out = set()
        for c in changes:
            if c["kind"] in kinds and (field is None or c["field"] == field):
                base = base_of({"key": c["key"], "name": c["label"]}, names)
                out.add(base or f"?{c['key']}")
        return out

    def compare(name: str, gold: set[str], found: set[str]) -> None:
        tallies[name].add(len(gold & found), len(gold), len(found))
        for b in sorted(gold - found):
            errors.append(f"{report['file']}: {name} missed {b}")
        for b in sorted(found - gold):
            errors.append(f"{report['file']}: {name} extra {b}")

    compare("news", {n["base"] for n in report.get("new", ())}, bases(("added", "progressed")))
    compare("revisions", {r["base"] for r in report.get("revised", ())}, bases(("changed",), "date") | bases(("changed",), "status"))
    compare("retractions", {r["base"] for r in report.get("retracted", ())}, bases(("retracted",)))
    compare("disputes", {d["base"] for d in report.get("disputes", ())}, bases(("disputed",)))
    compare("settled", {s["base"] for s in report.get("settled", ())}, bases(("settled",)))


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def table(name: str, scores: dict[str, Any]) -> str:
    lines = [f"series: {name}", f"{'measure':<14} {'recall':>7} {'precision':>10}   hit/gold/found"]
    for measure, s in scores.items():
        precision = s["precision"] if measure in ("bases", "news", "revisions", "retractions",
                                                   "disputes", "settled") else None
        lines.append(f"{measure:<14} {_fmt(s['recall']):>7} {_fmt(precision):>10}   "
                     f"{s['hit']}/{s['gold']}/{s['found']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--errors", action="store_true", help="list what was missed or added")
    args = parser.parse_args(argv)
    results = {}
    for folder in series_dirs(args.paths):
        errors: list[str] = []
        results[folder.name] = scores = score_series(folder, errors)
        print(table(folder.name, scores))
        if args.errors:
            print("\n".join(f"  {e}" for e in errors))
        print()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
