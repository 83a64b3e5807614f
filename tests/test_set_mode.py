"""Re-reading a brief in another mode from a stored edition on (`brief set-mode --from N`).

Reports ingested into a brief left restating read as restatements: what a report leaves out
is "retracted". `set-mode cumulative --from 1` records (a new log record, the editions
untouched) that they are read as a stream of reports, refolds the brief in the same
transaction, and every view reads it so; `verify` replays the record, `log --corrections`
lists it, and `restating --from N` goes back. Ingest warns when a restating brief's new
edition takes back most of what was in force. On each engine.
"""

from __future__ import annotations

from pathlib import Path

from clihelpers import error_line, run, run_json

SERIES = Path(__file__).parent / "data" / "cumulative-synthetic"
REPORTS = sorted(p for p in SERIES.iterdir() if p.name != "README.md")


def kinds(doc: dict) -> set[str]:
    return {c["kind"] for c in doc["changes"]}


def tessalit(shown: dict) -> list[dict]:
    """The base at Tessalit among the events in force (report #1 names it)."""
    return [e for e in shown["events"] if e["name"].startswith("Tes")]


def test_set_mode_from_a_stored_edition_re_reads_the_brief(db_url: str) -> None:
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[:2]))  # restating, by mistake
    assert "retracted" in run_json(db_url, "log")[1]["summary_line"]
    assert "removed" in kinds(run_json(db_url, "diff", "1", "2"))
    assert not tessalit(run_json(db_url, "show"))

    info = run_json(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "1",
                    "--reason", "news reports, not restatements")
    assert (info["mode"], info["from_edition"], info["stored"]) == ("cumulative", 1, 2)

    shown = run_json(db_url, "show")
    assert shown["mode"] == "cumulative" and shown["retracted"] == []
    assert [e["first_reported"]["edition"] for e in tessalit(shown)] == [1]
    rows = run_json(db_url, "log")
    assert [r["mode"] for r in rows] == ["cumulative", "cumulative"]
    assert "retracted" not in rows[1]["summary_line"]
    assert not kinds(run_json(db_url, "diff", "1", "2")) & {"removed", "retracted"}
    assert "retracted" not in run(db_url, "show").stdout

    listed = run_json(db_url, "log", "--corrections")
    assert [(c["kind"], c["edition"], c["until"], c["mode"]) for c in listed] == [("mode-set", 1, 2, "cumulative")]
    assert "#1..#2 read again as cumulative: news reports" in run(db_url, "log", "--corrections").stdout
    assert run_json(db_url, "verify")["ok"] and run_json(db_url, "verify", "--deep")["ok"]

    run(db_url, "ingest", "--brief", "sahel", str(REPORTS[2]))  # the next report folds, no --mode needed
    assert run_json(db_url, "log")[-1]["mode"] == "cumulative"
    assert run_json(db_url, "verify", "--deep")["ok"]


def test_back_to_restating_from_an_edition(db_url: str) -> None:
    run(db_url, "ingest", "--brief", "sahel", "--mode", "cumulative", *map(str, REPORTS[:3]))
    assert "ber" in {e["key"] for e in run_json(db_url, "show")["events"]}
    run(db_url, "brief", "set-mode", "sahel", "restating", "--from", "2", "--reason", "full lists after all")
    shown = run_json(db_url, "show")
    assert shown["mode"] == "restating"
    assert "ber" not in {e["key"] for e in shown["events"]}  # #3 (Goundam, Tesalit) leaves Ber out
    assert [r["mode"] for r in run_json(db_url, "log")] == ["cumulative", "restating", "restating"]
    assert [c["kind"] for c in run_json(db_url, "log", "--corrections")] == ["mode-set"]
    assert run_json(db_url, "verify", "--deep")["ok"]
    modes = run_json(db_url, "brief", "show", "sahel")["modes"]
    assert [(m["mode"], m["from_edition"], m["stored"]) for m in modes] == [("cumulative", 1, None),
                                                                             ("restating", 2, 3)]


def test_set_mode_from_refuses_what_it_cannot_do(db_url: str) -> None:
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[:2]))
    no_reason = run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "1", code=2)
    assert "--reason" in error_line(no_reason)
    beyond = run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "4", "--reason", "x", code=2)
    assert "editions 1..2" in error_line(beyond)
    run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "1", "--reason", "reports")
    again = run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "2", "--reason", "x", code=2)
    assert "already cumulative" in error_line(again)
    run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "0", "--reason", "x", code=2)
    unknown = run(db_url, "brief", "set-mode", "sahel", "cumulatve", code=2)
    assert error_line(unknown).startswith("error: invalid value for 'MODE': 'cumulatve' is not one of")
    assert run_json(db_url, "verify")["ok"]


def test_verify_names_a_mode_record_that_misstates_what_it_re_reads(db_url: str) -> None:
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[:2]))
    from tracker.store.briefs import log_mode
    from tracker.store.records import ModeInfo
    from tracker.store.store import open_store
    from tracker.store.writer import now_utc

    with open_store(db_url) as store, store.engine.begin() as conn:  # appended, not edited: no trigger stops it
        log_mode(conn, ModeInfo("sahel", "cumulative", 1, "forged", now_utc(), 5))
    report = run_json(db_url, "verify", code=1)
    assert any("re-reads editions 1..5, but 2 were stored before it" in p for p in report["problems"])


def test_ingest_warns_when_a_restating_edition_takes_back_most_of_the_brief(db_url: str) -> None:
    first, silent = str(REPORTS[0]), str(SERIES / "2023-06-12.md")
    result = run(db_url, "ingest", "--brief", "sahel", first, silent)
    warnings = [line for line in result.stderr.splitlines() if "leaves out" in line]
    assert len(warnings) == 1 and "2023-06-12.md" in warnings[0]
    assert "2 of the 2 events in force" in warnings[0]
    assert "tracker brief set-mode sahel cumulative --from 1 --reason" in warnings[0]
    assert len(run_json(db_url, "log")) == 2  # stored all the same


def test_the_analysts_reports_ingested_without_their_mode_are_warned_of(db_url: str) -> None:
    """Two short reports of a drawdown (the second tells two new sites and a correction, not
    the whole list) in a brief left restating: the warning, then the re-reading."""
    reports = sorted((Path(__file__).parent / "data" / "karesh-drawdown").glob("2024-03-*"))
    result = run(db_url, "ingest", "--brief", "karesh", *map(str, reports))
    assert "leaves out 2 of the 4 events in force" in result.stderr  # half, two or more
    assert "2 events retracted" in run_json(db_url, "log")[1]["summary_line"]
    run(db_url, "brief", "set-mode", "karesh", "cumulative", "--from", "1", "--reason", "reports")
    assert "retracted" not in run_json(db_url, "log")[1]["summary_line"]
    assert run_json(db_url, "show")["retracted"] == []
    assert run_json(db_url, "verify", "--deep")["ok"]


def test_no_such_warning_for_a_cumulative_brief_or_a_small_retraction(db_url: str) -> None:
    reports = [str(REPORTS[0]), str(SERIES / "2023-06-12.md")]
    assert "leaves out" not in run(db_url, "ingest", "--brief", "sahel", "--mode", "cumulative", *reports).stderr
    iraq = sorted((Path(__file__).parent.parent / "snapshots" / "iraq-coalition-withdrawal").iterdir())
    assert "leaves out" not in run(db_url, "ingest", *map(str, iraq)).stderr


def test_the_report_and_brief_show_tell_the_re_reading(db_url: str, tmp_path: Path) -> None:
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[:2]))
    run(db_url, "brief", "set-mode", "sahel", "cumulative", "--from", "1", "--reason", "news reports")
    assert "cumulative from edition 1, re-reading stored editions 1..2" in run(db_url, "brief", "show", "sahel").stdout
    page = tmp_path / "sahel.html"
    run(db_url, "report", "-o", str(page))
    assert "editions 1&#x2013;2 <strong>read again as cumulative</strong>: news reports" in page.read_text("utf-8")
