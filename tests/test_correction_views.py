"""An analyst's corrections in every view: show, diff, history, timeline, log, export
(including `--table corrections`), the HTML report and verify's report tell one story of a
corrected fact (first report, its correction, its source); hostile reasons are escaped in the
report and made safe on the terminal. On both engines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from clihelpers import run, run_json
from tracker.present.text import correction_text, terminal_safe
from tracker.present.views import log_text

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"
HOSTILE = 'not a <script>alert(1)</script> base</td><svg onload="x">'


@pytest.fixture
def corrected(db_url: str) -> dict:
    db = db_url
    for name in ("2020-04-04.txt", "2020-04-11.txt"):
        run(db, "ingest", "-q", "--brief", "iraq", str(DATA / name))
    ids = {
        "qaim": run_json(db, "fact", "reject", "qaim", "--at", "2", "--reason", HOSTILE, "--by", "ana")["id"],
        "qayara": run_json(db, "fact", "set", "qayara", "date", "2020-03-25", "--at", "1", "--reason",
                           "the order was given on the 25th", "--by", "ana")["id"],
        "taji": run_json(db, "fact", "set", "taji", "status", "started", "--at", "2", "--reason", "not done",
                         "--by", "bob")["id"],
        "sqoor": run_json(db, "fact", "add", "--at", "1", "--place", "Sqoor position", "--action", "withdrawal",
                          "--status", "completed", "--quote", "the last soldiers are gone from the Sqoor position",
                          "--reason", "missed by the reader", "--by", "ana")["id"],
    }
    return {"db": db, "ids": ids}


def ndjson(db: str, *args: str) -> list[dict]:
    return [json.loads(line) for line in run(db, "export", "--format", "ndjson", *args).stdout.splitlines()]


def test_every_view_tells_one_story_of_a_corrected_fact(corrected: dict, tmp_path: Path) -> None:
    db, cid = corrected["db"], corrected["ids"]["qayara"]
    source = "On 26 March 2020 the coalition started pulling out of Qayara airfield in northern Iraq."
    # show: the analyst's reading, with its correction
    shown = {e["key"]: e for e in run_json(db, "show")["events"]}
    assert shown["qayara"]["reading"] == "analyst" and shown["qayara"]["date"] == "2020-03-25"
    assert [c["id"] for c in shown["qayara"]["corrections"]] == [cid]
    assert shown["k1"]["reading"] == "parser"
    text = run(db, "show").stdout
    assert f"[corrected by ana, #{cid}: date 26 March 2020 -> 25 March 2020: the order was given on the 25th]" in text
    assert "Rejected by the analyst (1)" in text and "al-Qaim base (event qaim)" in text
    # history: first reported in #1, read by the analyst there, resting on the same sentence
    history = run_json(db, "history", "qayara")
    first = history["editions"][0]
    assert (first["edition"], first["status"], first["reading"], first["text"]) == (1, "added", "analyst", source)
    assert [c["id"] for c in first["corrections"]] == [cid]
    assert f"#{cid}: date 26 March 2020 -> 25 March 2020" in run(db, "history", "qayara").stdout
    # timeline: the same first report and correction
    row = next(r for r in run_json(db, "timeline") if r["key"] == "qayara")
    assert row["first_reported"]["edition"] == 1 and row["reading"] == "analyst" and row["date"] == "2020-03-25"
    assert [c["id"] for c in row["corrections"]] == [cid]
    assert all(r["reading"] == "parser" for r in run_json(db, "timeline") if r["key"] == "k1")
    # export: every edition's row of the fact marked, and the correction's own row with its source
    rows = [r for r in ndjson(db, "--table", "events") if r["key"] == "qayara"]
    assert [(r["edition"], r["reading"], r["event_date"]) for r in rows] == [(1, "analyst", "2020-03-25"),
                                                                            (2, "analyst", "2020-03-25")]
    assert {c["id"] for r in rows for c in r["corrections"]} == {cid} and rows[0]["text"] == source
    [record] = [r for r in ndjson(db, "--table", "corrections") if r["id"] == cid]
    assert (record["edition"], record["op"], record["field"], record["before"], record["after"],
            record["anchor"], record["status"], record["by"]) == \
        (1, "set", "date", "2020-03-26", "2020-03-25", source, "in force", "ana")
    # the report: the correction listed with its source, who and why; the timeline mark says so
    page = tmp_path / "r.html"
    run(db, "report", "-o", str(page))
    html = page.read_text()
    assert 'id="analyst"' in html and "the order was given on the 25th" in html and source in html
    assert f"<td>{cid}</td>" in html and "corrected by ana: the order was given on the 25th" in html
    # diff: an analyst's change is its own kind, with who and why
    diff = run_json(db, "diff", "1", "2")
    corrected = {(c["key"], c["field"]): c for c in diff["changes"] if c["kind"] == "corrected"}
    assert set(corrected) == {("taji", "status"), ("qaim", None)}
    assert corrected[("taji", "status")]["correction"]["by"] == "bob"
    out = run(db, "diff", "1", "2").stdout
    assert "Corrected by the analyst" in out and "[by bob, correction #" in out and "corrected by the analyst" in out
    assert "rejected by the analyst" in run(db, "history", "qaim").stdout
    assert "corrected by the analyst" in run(db, "log").stdout


def test_export_corrections_table_in_every_format(corrected: dict) -> None:
    db, ids = corrected["db"], corrected["ids"]
    run(db, "fact", "revoke", str(ids["taji"]), "--reason", "it is done after all", "--by", "bob")
    lines = ndjson(db, "--table", "corrections")
    document = json.loads(run(db, "export", "--table", "corrections").stdout)
    assert document == {"corrections": lines}
    assert [r["id"] for r in lines] == sorted(ids.values())
    status = {r["id"]: r["status"] for r in lines}
    assert status[ids["taji"]] == "revoked" and status[ids["qaim"]] == "in force"
    revoked = next(r for r in lines if r["id"] == ids["taji"])["revoked"]
    assert revoked["reason"] == "it is done after all"
    added = next(r for r in lines if r["id"] == ids["sqoor"])
    assert added["op"] == "add" and added["anchor"] == "the last soldiers are gone from the Sqoor position"
    rows = list(csv.DictReader(io.StringIO(run(db, "export", "--table", "corrections", "--format", "csv").stdout)))
    assert [int(r["id"]) for r in rows] == [r["id"] for r in lines]
    assert rows[0]["reason"] == HOSTILE and rows[0]["status"] == "in force"


def test_superseded_corrections_listed_by_verify_and_never_a_failure(corrected: dict, tmp_path: Path) -> None:
    db, cid = corrected["db"], corrected["ids"]["qayara"]
    changed = (DATA / "2020-04-11.txt").read_text().replace("As of April 11", "As of April 18").replace(
        "the coalition started pulling out of Qayara airfield", "the coalition began leaving Qayara airfield")
    path = tmp_path / "2020-04-18.txt"
    path.write_text(changed)
    run(db, "ingest", "-q", "--brief", "iraq", str(path))
    listed = {r["id"]: r for r in run_json(db, "fact", "list")}
    assert listed[cid]["status"] == "superseded" and listed[cid]["superseded_at"] == 3
    result = run(db, "verify")
    assert result.exit_code == 0
    assert f"1 correction(s) superseded (the source changed the fact): #{cid} at edition 3" in result.stdout
    assert run_json(db, "verify")["superseded"] == {"iraq": {str(cid): 3}}
    assert f"#{cid}" in run(db, "show", "3").stdout.split("Corrections superseded here")[1]


def test_hostile_text_is_escaped_in_the_report(corrected: dict, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    run(corrected["db"], "report", "-o", str(page))
    html = page.read_text()
    assert "<script>alert" not in html and "<svg onload" not in html and "</td><svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; base&lt;/td&gt;&lt;svg onload=&#34;x&#34;&gt;" in html
    assert html.count("<script") == 0


def test_hostile_text_is_safe_on_the_terminal() -> None:
    ansi = "fixed \x1b[2J\x1b[31mred\x07 \u202eevil"
    assert terminal_safe(ansi) == "fixed \\x1b[2J\\x1b[31mred\\x07 \\u202eevil"
    note = {"op": "set", "id": 7, "field": "status", "before": "completed", "after": "started",
            "reason": ansi, "by": "ana\x1b]0;title\x07"}
    line = correction_text(note)
    assert "\x1b" not in line and "\x07" not in line and "\\x1b[31mred" in line
    out = log_text([], [{"kind": "fact-corrected", "recorded_at": "2020-01-01T00:00:00", "edition": 1, "id": 7,
                         "op": "reject", "entity": "event", "key": "k", "by": "x", "reason": ansi}])
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_fact_list_is_terminal_safe(corrected: dict) -> None:
    out = run(corrected["db"], "fact", "list").stdout
    assert HOSTILE in out and "\x1b" not in out


# -- review 22: a corrected count, supersession, log formats, wording (findings 5, 8, 9, 11) --------

IRAQ = Path(__file__).resolve().parent.parent / "snapshots" / "iraq-coalition-withdrawal"


@pytest.fixture
def counted(db_url: str) -> dict:
    """The Iraq sample with its count fixed in edition 4: the parser reads 6 there (7 in #3)."""
    run(db_url, "ingest", "-q", "--brief", "iraq", *map(str, sorted(IRAQ.iterdir())))
    cid = run_json(db_url, "fact", "set", "bases-transferred", "value", "7", "--at", "4", "--reason", "miscounted",
                   "--by", "ana")["id"]
    return {"db": db_url, "id": cid}


def test_a_corrected_count_tells_one_story(counted: dict, tmp_path: Path) -> None:
    """Finding 5: a count set back to the previous edition's value still shows, in diff (text
    and JSON, kind corrected, the source's own change beside it), history, the report's
    headline counts and edition card, and the log line, whose count agrees with the JSON."""
    db, cid = counted["db"], counted["id"]
    shown = run_json(db, "show", "4")["counts"][0]
    assert (shown["value"], shown["reading"], shown["corrections"][0]["id"]) == (7, "analyst", cid)
    diff = run_json(db, "diff", "3", "4")
    values = [(c["kind"], c["before"], c["after"]) for c in diff["changes"]
              if c["key"] == "bases-transferred" and c["field"] == "value"]
    assert values == [("changed", 7, 6), ("corrected", 6, 7)]
    fixed = next(c for c in diff["changes"] if c["kind"] == "corrected")
    assert (fixed["correction"]["id"], fixed["correction"]["reason"]) == (cid, "miscounted")
    assert diff["summary"]["corrected"] == 1
    out = run(db, "diff", "3", "4").stdout
    assert f"Corrected by the analyst\n  ~ bases transferred: 6 -> 7  [by ana, correction #{cid}: miscounted]" in out
    history = run_json(db, "history", "bases-transferred")["editions"][-1]
    assert history["reading"] == "analyst" and {"field": "value", "before": 6, "after": 7, "kind": "corrected"} \
        .items() <= next(c for c in history["changes"] if c.get("kind") == "corrected").items()
    said = run(db, "history", "bases-transferred").stdout
    assert f"value 7 -> 6; then corrected by the analyst: value 6 -> 7 [by ana, correction #{cid}: miscounted]." in said
    row = run_json(db, "log")[-1]
    assert row["summary"]["corrected"] == 1 and "1 corrected by the analyst" in row["summary_line"]
    assert row["corrected_by"] == [cid]
    page = tmp_path / "r.html"
    run(db, "report", "-o", str(page))
    html = page.read_text()
    assert "7 stated (corrected by the analyst)" in html
    assert f'class="count-correction"' in html and f"(correction #{cid}): <span class=\"reason\">miscounted" in html
    card = html.split('id="edition-4"')[1].split('<article')[0]
    assert f'Corrected by the analyst (<a href="#analyst">#{cid}</a>)' in card and "Read again" not in card
    assert f"[by ana, correction #{cid}: miscounted]" in card


def test_the_log_line_counts_corrections_as_the_json_does(corrected: dict) -> None:
    """Finding 5: two fields of one fact set in one edition are two corrections in the log
    line and in summary.corrected alike."""
    db = corrected["db"]
    run(db, "fact", "set", "k1", "status", "started", "--at", "2", "--reason", "r", "--by", "ana")
    run(db, "fact", "set", "k1", "action", "handover", "--at", "2", "--reason", "r", "--by", "ana")
    for row in run_json(db, "log"):
        n = row["summary"].get("corrected", 0)
        assert (f"{n} corrected by the analyst" in row["summary_line"]) == bool(n), row
    assert run_json(db, "log")[-1]["summary"]["corrected"] == 4  # qaim rejected, taji set, k1 set twice


def test_a_superseded_correction_is_named_in_diff_history_and_log(corrected: dict, tmp_path: Path) -> None:
    """Finding 8: where the source changes a corrected fact, diff (text, JSON, Markdown),
    history and the log line name the correction superseded and what the source reads now."""
    db, cid = corrected["db"], corrected["ids"]["taji"]
    changed = (DATA / "2020-04-11.txt").read_text().replace("As of April 11", "As of April 18")
    changed = changed.replace("Camp Taji", "Camp Taji, the last of the big bases,")
    path = tmp_path / "2020-04-18.txt"
    path.write_text(changed)
    run(db, "ingest", "-q", "--brief", "iraq", str(path))
    assert {r["id"]: r["status"] for r in run_json(db, "fact", "list")}[cid] == "superseded"
    diff = run_json(db, "diff", "2", "3")
    [lifted] = diff["superseded"]
    assert (lifted["id"], lifted["key"], lifted["now"]["value"]) == (cid, "taji", "completed")
    line = f"correction #{cid} superseded: the source now reads status completed"
    assert line in run(db, "diff", "2", "3").stdout
    assert line.replace("#", "\\#") in run(db, "diff", "2", "3", "--format", "markdown").stdout
    said = run(db, "history", "taji").stdout
    assert line in said and ".." not in said
    assert run_json(db, "history", "taji")["editions"][-1]["superseded"][0]["id"] == cid
    assert f"correction #{cid} superseded" in run_json(db, "log")[-1]["summary_line"]
    assert f"correction #{cid} superseded" in run(db, "log").stdout.splitlines()[2]


def test_log_json_and_markdown_carry_the_corrections(corrected: dict) -> None:
    """Finding 9: `log --format json` gives each edition the corrections recorded at it (and
    the readings they made, as detail); `--format markdown` lists them as the text does."""
    db, ids = corrected["db"], corrected["ids"]
    rows = run_json(db, "log")
    assert {c["id"] for c in rows[0]["corrections"]} == {ids["qayara"], ids["sqoor"]}
    assert {c["id"] for c in rows[1]["corrections"]} == {ids["qaim"], ids["taji"]}
    assert all(r["analyst_readings"] and "applied" in r["analyst_readings"][-1] for r in rows)
    md = run(db, "log", "--format", "markdown").stdout
    assert "### Corrections" in md and "the order was given on the 25th" in md and "<script>" not in md


def test_a_correction_is_not_told_as_a_parser_reread(corrected: dict, tmp_path: Path) -> None:
    """Finding 11: log shows one line per correction (not one per edition per correction),
    with '->' as fact list writes it; the report says 'corrected by the analyst', never
    'read again by parser version'."""
    db, ids = corrected["db"], corrected["ids"]
    text = run(db, "log").stdout
    listed = text.split("Corrections:\n")[1].splitlines()
    assert len(listed) == len(ids) and "reading 2" not in text and "\u2192" not in text
    assert "date: 26 March 2020 -> 25 March 2020" in text
    assert len(run(db, "log", "--corrections").stdout.splitlines()) == len(ids)
    assert len(run_json(db, "log", "--corrections")) > len(ids)  # the readings, as detail
    page = tmp_path / "r.html"
    run(db, "report", "-o", str(page))
    html = page.read_text()
    assert "read again" not in html.lower()
    assert "Corrected by the analyst (" in html.split('id="edition-2"')[1].split("<article")[0]
