"""A cumulative brief's provenance, told the same way by every view.

Two series: the user's reports on the Karesh drawdown (`data/karesh-drawdown/`) and one written
for this test (`data/ostrava-pullout/`: a correction, a restatement, a report silent about most
sites, a tally told in a sentence of its own, a base that progresses, the correction told again).
For a corrected base, a progressed base and the tally, `show`, `history` (text, JSON, Markdown),
`timeline` (text, JSON, Markdown), `export`, the SQL views and the report (its data, its HTML,
and the page in Chromium) must give the same first report, the same revision with its values
before and after, never "no longer listed", and each field's value with the sentence that gave it.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from clihelpers import run, run_json
from sqlalchemy import text

from tracker.fold import ReportRef, State, fold
from tracker.model import Count, Event, Retraction, Snapshot

HERE = Path(__file__).parent
DATA = HERE / "data"


@dataclass(frozen=True)
class Corrected:
    key: str
    name: str
    first: int
    by: int
    before: str
    after: str
    words: str  # the start of the sentence that corrected it


@dataclass(frozen=True)
class Progressed:
    key: str
    by: int  # the report that completed it
    date: str
    words: str  # the start of that report's sentence
    earlier: str  # words of the earlier step's sentence, which must no longer be quoted for it


@dataclass(frozen=True)
class Tally:
    key: str
    value: int
    by: int
    words: str
    stale: str  # the words of an earlier figure's sentence


@dataclass(frozen=True)
class Series:
    brief: str
    folder: Path
    corrected: Corrected
    progressed: Progressed
    tally: Tally


KARESH = Series(
    "karesh", DATA / "karesh-drawdown",
    Corrected("orsk", "Camp Orsk", 1, 2, "2024-02-20", "2024-02-21", "Correction: Camp Orsk was handed over on 21"),
    Progressed("duma", 3, "2024-04-01", "Dutch troops completed the handover of Forward Base Duma",
               "the handover began on 18 March"),
    Tally("sites-transferred", 6, 4, "Six of the seven sites have been handed over", "It is the third of seven"),
)
OSTRAVA = Series(
    "ostrava", DATA / "ostrava-pullout",
    Corrected("fort-amar", "Fort Amar", 1, 2, "2025-01-02", "2025-01-03", "Correction: Fort Amar was handed over on 3"),
    Progressed("bril", 3, "2025-02-05", "Norvian troops completed the handover of Camp Brill",
               "the handover began on 22 January"),
    Tally("sites-transferred", 4, 3, "Four of the five sites have now been returned", "Three of the five sites"),
)
SERIES = (KARESH, OSTRAVA)


def reports(series: Series) -> list[str]:
    return [str(p) for p in sorted(series.folder.iterdir()) if p.is_file() and p.name != "README.md"]


def ingest(db: str, series: Series) -> None:
    run(db, "ingest", "--brief", series.brief, "--mode", "cumulative", *reports(series))


def fact_of(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for f in (*doc["events"], *doc["counts"]) if f["key"] == key)


def written(day: str) -> str:
    from tracker.present.text import written_date

    return written_date(day)


# -- the fold, pure ------------------------------------------------------------------------------

def test_a_correction_told_again_and_a_second_figure_change_nothing_of_the_provenance():
    one = fold(State(), Snapshot(as_of="2025-01-10", events=(
        Event("amar", "Fort Amar", "2025-01-02", "handover", "completed", text="Amar on 2 January."),
        Event("brill", "Camp Brill", "2025-01-08", "handover", "started", personnel=150, text="Brill began."),
    ), counts=(Count("sites-transferred", "sites", 1, "2025-01-10", text="The first of five sites."),)),
        ReportRef(1, "2025-01-10"))
    told = Event("amar", "Fort Amar", "2025-01-03", "handover", "completed", text="Correction: 3 January.")
    taken = (Retraction("amar", "Fort Amar", "Correction: 3 January."),)
    two = fold(one, Snapshot(as_of="2025-01-20", events=(told,), retractions=taken), ReportRef(2, "2025-01-20"))
    three = fold(two, Snapshot(as_of="2025-02-01", events=(told,), retractions=taken), ReportRef(3, "2025-02-01"))
    amar = three.fact("event", "amar")
    assert amar.first.edition == 1 and amar.data["date"] == "2025-01-03"
    assert [(r.field, r.before, r.after, r.by.edition, r.kind) for r in amar.revisions] \
        == [("date", "2025-01-02", "2025-01-03", 2, "amended")]
    assert [w.report.edition for w in amar.withdrawn] == [1] and amar.withdrawn[0].said["date"] == "2025-01-02"
    assert [r.edition for r in amar.reports()] == [1, 2, 3]
    assert amar.given["date"].report.edition == 2 and amar.given["date"].text == "Correction: 3 January."

    four = fold(three, Snapshot(as_of="2025-02-10", events=(
        Event("brill", "Camp Brill", "2025-02-09", "handover", "completed", text="Brill completed."),),
        counts=(Count("sites-transferred", "sites", 3, "2025-02-10", text="Three sites so far."),
                Count("sites-transferred-5", "sites", 5, "2025-02-10", text="Three sites so far."))),
        ReportRef(4, "2025-02-10"))
    brill = four.fact("event", "brill")
    assert brill.data["personnel"] is None and "personnel" not in brill.given
    assert brill.data["text"] == "Brill completed." and brill.given["status"].text == "Brill completed."
    tally = four.fact("count", "sites-transferred")
    assert tally.data["value"] == 3 and not tally.disputes  # the report's second figure is no dispute
    assert tally.given["value"].text == "Three sites so far." and tally.data["text"] == "Three sites so far."


# -- every view, both engines --------------------------------------------------------------------

@pytest.mark.parametrize("series", SERIES, ids=lambda s: s.brief)
def test_show_history_timeline_export_and_sql_views_agree(db_url: str, series: Series) -> None:
    ingest(db_url, series)
    c, p, t = series.corrected, series.progressed, series.tally
    show = run_json(db_url, "show", "-b", series.brief)
    _check_show(show, series)
    shown = run(db_url, "show", "-b", series.brief).stdout
    line = next(x for x in shown.splitlines() if c.name in x)
    assert f"first #{c.first} (" in line
    assert "no longer listed" not in shown

    history = run_json(db_url, "history", "-b", series.brief, c.key)
    rows = {r["edition"]: r for r in history["editions"]}
    assert rows[c.first]["status"] == "added" and min(rows) == c.first
    assert [(x["field"], x["before"], x["after"], x["kind"]) for x in rows[c.by]["changes"]] \
        == [("date", c.before, c.after, "amended")]
    assert history["fact"]["first_reported"]["edition"] == c.first
    assert history["fact"]["field_sources"] == fact_of(show, c.key)["field_sources"]
    said = run(db_url, "history", "-b", series.brief, c.key).stdout
    assert f"#{c.first} (" in said and f"first reported as '{c.name}'" in said
    assert f"amended date {written(c.before)} -> {written(c.after)}" in said
    assert c.words in said and f"per #{c.by}" in said and "no longer listed" not in said
    markdown = run(db_url, "history", "-b", series.brief, c.key, "--format", "markdown").stdout
    assert markdown.startswith("## ") and "| Report | As of |" in markdown and f"| #{c.first} |" in markdown
    assert f"amended date {written(c.before)} -\\> {written(c.after)}" in markdown and c.words in markdown

    progressed = run(db_url, "history", "-b", series.brief, p.key).stdout
    now = [x for x in progressed.splitlines() if x.startswith("  now:")]
    assert any(f"status completed per #{p.by}" in x for x in now), progressed
    assert "no longer stated" in progressed

    counted = run(db_url, "history", "-b", series.brief, t.key).stdout
    assert "None" not in counted and "first reported as " in counted
    assert t.words in counted and t.stale in counted  # every figure quoted with its own sentence

    timeline = run_json(db_url, "timeline", "-b", series.brief)
    row = next(r for r in timeline if r["key"] == c.key)
    assert row["first_reported"]["edition"] == c.first
    assert [(r["edition"], [(x["field"], x["before"], x["after"]) for x in r["changes"]]) for r in row["revisions"]] \
        == [(c.by, [("date", c.before, c.after)])]
    listed = run(db_url, "timeline", "-b", series.brief).stdout
    assert f"first reported in #{c.first} (" in next(x for x in listed.splitlines() if c.name in x)
    assert "corrected by the analyst" not in listed  # the source's own correction is no analyst's
    table = run(db_url, "timeline", "-b", series.brief, "--format", "markdown").stdout
    assert table.startswith("## ") and "| Event date | Event |" in table
    assert f"#{c.by}: amended date {written(c.before)} -\\> {written(c.after)}" in table

    _check_export(db_url, series, show)
    _check_sql_views(db_url, series)
    assert run(db_url, "verify", "--deep").stdout.startswith("ok: ")  # the fold replays to what is stored


def _check_show(show: dict[str, Any], series: Series) -> None:
    c, p, t = series.corrected, series.progressed, series.tally
    fact = fact_of(show, c.key)
    assert fact["first_reported"]["edition"] == c.first and fact["date"] == c.after
    assert [(r["field"], r["before"], r["after"], r["by"]["edition"], r["kind"]) for r in fact["revisions"]] \
        == [("date", c.before, c.after, c.by, "amended")]
    assert fact["field_sources"]["date"]["edition"] == c.by
    assert fact["field_sources"]["date"]["text"].startswith(c.words)
    base = fact_of(show, p.key)
    assert (base["status"], base["date"], base["personnel"]) == ("completed", p.date, None)
    assert "personnel" not in base["field_sources"] and p.earlier not in base["text"]
    for name in ("status", "date"):
        assert base["field_sources"][name]["edition"] == p.by
        assert base["field_sources"][name]["text"].startswith(p.words)
    tally = fact_of(show, t.key)
    assert tally["value"] == t.value and tally["field_sources"]["value"]["edition"] == t.by
    assert tally["field_sources"]["value"]["text"].startswith(t.words) and tally["text"].startswith(t.words)
    assert not show["retracted"]


def _check_export(db: str, series: Series, show: dict[str, Any]) -> None:
    c = series.corrected
    document = json.loads(run(db, "export", "--format", "json").stdout)
    facts = {f["key"]: f for block in document["cumulative"] for f in block["facts"]}
    for key in (c.key, series.progressed.key, series.tally.key):
        mine = fact_of(show, key)
        assert facts[key]["first_reported"] == mine["first_reported"]
        assert facts[key]["revisions"] == mine["revisions"]
        assert facts[key]["field_sources"] == mine["field_sources"]
    lines = [json.loads(x) for x in run(db, "export", "--format", "ndjson").stdout.splitlines()]
    fact = next(x for x in lines if x.get("type") == "fact" and x.get("key") == c.key)
    assert fact["first_reported"]["edition"] == c.first and fact["field_sources"] == facts[c.key]["field_sources"]
    events = list(csv.DictReader(io.StringIO(run(db, "export", "--table", "events", "--format", "csv").stdout)))
    assert {r["first_reported_edition"] for r in events if r["key"] == c.key} == {str(c.first)}


def _check_sql_views(db: str, series: Series) -> None:
    from tracker.store import open_store

    c = series.corrected
    with open_store(db) as store, store.read() as conn:
        changes = [dict(r._mapping) for r in conn.execute(
            text("SELECT edition, kind, field, before, after FROM changes WHERE brief = :b AND key = :k ORDER BY seq"),
            {"b": series.brief, "k": c.key})]
        kinds = {r.kind for r in conn.execute(text("SELECT kind FROM changes WHERE brief = :b"),
                                                 {"b": series.brief})}
    assert changes[0]["edition"] == c.first and changes[0]["kind"] == "added"
    assert [(r["edition"], r["kind"], r["field"], r["before"], r["after"]) for r in changes[1:]] \
        == [(c.by, "changed", "date", c.before, c.after)]
    assert "removed" not in kinds  # a report's silence is never a removal


# -- the report ------------------------------------------------------------------------------------

@pytest.mark.parametrize("series", SERIES, ids=lambda s: s.brief)
def test_the_report_keeps_the_fold_s_promise(tmp_path: Path, series: Series) -> None:
    from tracker.app.report import report_data
    from tracker.present.report import report_html
    from tracker.store.store import open_store

    db = str(tmp_path / "report.db")
    ingest(db, series)
    c = series.corrected
    with open_store(db) as store:
        data = report_data(store, series.brief)
    bases = {b["key"]: b for b in data["bases"]}
    assert data["bases_folded"] and all(r["state"] != "removed" for b in bases.values() for r in b["rows"])
    rows = bases[c.key]["rows"]
    assert (rows[0]["edition"], rows[0]["state"]) == (c.first, "reported")
    assert (rows[1]["edition"], rows[1]["state"], rows[1]["changed"]) == (c.by, "amended", ["date"])
    assert rows[1]["text"].startswith(c.words)
    progressed = bases[series.progressed.key]["rows"][-1]
    assert (progressed["edition"], progressed["fields"]["status"], progressed["fields"]["personnel"]) \
        == (series.progressed.by, "completed", None)
    marks = next(r for r in data["timeline"] if r["key"] == c.key)["marks"]
    assert [m["edition"] for m in marks if m["kind"] == "reported"] == [c.first]
    assert [m["edition"] for m in marks if m["kind"] == "revised"] == [c.by]
    page = report_html(data)
    assert "no longer listed" not in page
    _check_in_chromium(tmp_path, page, series)


def _check_in_chromium(tmp_path: Path, page: str, series: Series) -> None:
    sys.path.insert(0, str(HERE))
    from browser import Browser, chromium_or_skip

    executable = chromium_or_skip()
    target = tmp_path / "report.html"
    target.write_text(page, encoding="utf-8")
    c = series.corrected
    with Browser(executable, timeout=60) as browser:
        shown = browser.open(target.as_uri(), width=1280)
        seen = shown.evaluate(f"""(() => {{
          const base = document.getElementById('base-{c.key}');
          const rows = [...base.querySelectorAll('tbody tr')].map(r => r.textContent.replace(/\\s+/g, ' ').trim());
          return {{rows, struck: document.querySelectorAll('#history .removed').length,
                   history: document.getElementById('history').textContent}};
        }})()""")
        assert shown.problems() == []
    assert seen["struck"] == 0 and "no longer listed" not in seen["history"]
    assert seen["rows"][0].startswith(f"#{c.first}") and "first reported" in seen["rows"][0]
    corrected = next(r for r in seen["rows"] if r.startswith(f"#{c.by}"))
    assert "corrected by the report" in corrected and written(c.after) in corrected
    assert any(r.startswith(c.words) for r in seen["rows"])
