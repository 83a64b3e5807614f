"""Cumulative briefs: a brief compiled from a stream of reports, each telling what is new.

The fold itself (pure), then the whole path on each engine: `ingest --mode cumulative`, the
mode in the record, `show --as-of` with the reports behind each fact, `diff` between
consecutive reports (never "removed" for silence), `history`, the dispute, retractions,
`verify` (replay, tampering, repair) and a change of mode.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clihelpers import console_examples, run, run_json

from tracker.fold import ReportRef, State, compare_states, fold, fold_all
from tracker.model import Count, Event, Retraction, Snapshot

SERIES = Path(__file__).parent / "data" / "cumulative-synthetic"
REPORTS = sorted(p for p in SERIES.iterdir() if p.name != "README.md")


# -- the fold, pure -----------------------------------------------------------------------------

def ref(n: int, as_of: str) -> ReportRef:
    return ReportRef(n, as_of, f"r{n}")


def event(key: str, date: str | None = None, status: str | None = "completed",
          action: str = "withdrawal", name: str | None = None) -> Event:
    return Event(key, name or key.title(), date, action, status)


def snap(as_of: str, *events: Event, counts=(), retractions=()) -> Snapshot:
    return Snapshot(as_of=as_of, events=tuple(events), counts=tuple(counts), retractions=tuple(retractions))


def kinds(changes) -> list[tuple]:  # noqa: ANN001
    return [(c.kind, c.key, c.field) for c in changes]


def test_silence_changes_nothing_and_a_repeat_confirms():
    one = fold(State(), snap("2023-06-01", event("ber", "2023-05-31")), ref(1, "2023-06-01"))
    two = fold(one, snap("2023-06-02", event("kidal", "2023-06-02")), ref(2, "2023-06-02"))
    three = fold(two, snap("2023-06-03", event("ber", "2023-05-31")), ref(3, "2023-06-03"))
    assert kinds(compare_states(one, two)) == [("added", "kidal", None)]
    assert compare_states(two, three) == []  # a confirmation is no change
    ber = three.fact("event", "ber")
    assert ber.standing and [r.edition for r in ber.reports()] == [1, 3]
    assert ber.first == ref(1, "2023-06-01") and ber.confirmed == (ref(3, "2023-06-03"),)


def test_progress_and_revision_carry_the_report_behind_them():
    states = fold_all([
        (snap("2023-06-01", event("ber", "2023-06-30", "planned")), ref(1, "2023-06-01"), "cumulative"),
        (snap("2023-06-10", event("ber", "2023-06-08", "started")), ref(2, "2023-06-10"), "cumulative"),
        (snap("2023-06-20", event("ber", "2023-06-18", "completed")), ref(3, "2023-06-20"), "cumulative"),
        (snap("2023-06-25", event("ber", "2023-06-17", "completed")), ref(4, "2023-06-25"), "cumulative"),
        (snap("2023-06-26", event("ber", "2023-06-08", "started")), ref(5, "2023-06-26"), "cumulative"),
    ])
    assert kinds(compare_states(states[0], states[1])) == [("progressed", "ber", "status"),
                                                           ("progressed", "ber", "date")]
    assert kinds(compare_states(states[2], states[3])) == [("changed", "ber", "date")]
    assert compare_states(states[3], states[4]) == []  # a step already passed, told again
    revision = states[3].fact("event", "ber").revisions[-1]
    assert (revision.field, revision.before, revision.after, revision.by.edition) == \
        ("date", "2023-06-18", "2023-06-17", 4)


def test_same_day_reports_that_disagree_are_a_dispute_a_later_one_settles():
    states = fold_all([
        (snap("2023-06-05", event("goundam", "2023-06-03")), ref(1, "2023-06-05"), "cumulative"),
        (snap("2023-06-05", event("goundam", "2023-06-02")), ref(2, "2023-06-05"), "cumulative"),
        (snap("2023-06-05", event("goundam", "2023-06-02")), ref(3, "2023-06-05"), "cumulative"),
        (snap("2023-06-09", event("goundam", "2023-06-03")), ref(4, "2023-06-09"), "cumulative"),
    ])
    disputed = compare_states(states[0], states[1])
    assert kinds(disputed) == [("disputed", "goundam", "date")]
    values = disputed[0].after["values"]
    assert [(v["value"], [s["edition"] for s in v["sources"]]) for v in values] == \
        [("2023-06-03", [1]), ("2023-06-02", [2])]
    dispute = states[2].fact("event", "goundam").disputes[0]
    assert dispute.open and [len(c.sources) for c in dispute.claims] == [1, 2]  # a third report joins
    assert states[2].fact("event", "goundam").data["date"] == "2023-06-03"  # no last-write-wins
    settled = compare_states(states[2], states[3])
    assert kinds(settled) == [("settled", "goundam", "date")]
    assert settled[0].before == ["2023-06-03", "2023-06-02"] and settled[0].after == "2023-06-03"


def test_explicit_retraction_and_a_correction():
    one = fold(State(), snap("2023-06-01", event("ber", "2023-05-31"), event("kidal", "2023-05-30")),
               ref(1, "2023-06-01"))
    two = fold(one, snap("2023-06-02", event("kidal", "2023-05-29"),
                         retractions=[Retraction("ber", "Ber", "earlier reports ... wrong"),
                                      Retraction("kidal", "Kidal", "not, as first reported, ...")]),
               ref(2, "2023-06-01"))  # same day: a correction is no dispute
    assert kinds(compare_states(one, two)) == [("changed", "kidal", "date"), ("retracted", "ber", None)]
    ber = two.fact("event", "ber")
    assert not ber.standing and ber.retracted.edition == 2 and ber.retraction == "earlier reports ... wrong"
    assert two.fact("event", "kidal").revisions[-1].kind == "amended"  # the source's own correction
    three = fold(two, snap("2023-06-03", event("ber", "2023-06-02")), ref(3, "2023-06-03"))
    assert kinds(compare_states(two, three)) == [("added", "ber", None)]  # told again


def test_a_tally_stands_until_a_later_one_and_tallies_in_other_words_are_one():
    one = fold(State(), snap("2023-06-01", counts=[Count("bases-handed-over", "bases", 2, "2023-06-01")]),
               ref(1, "2023-06-01"))
    two = fold(one, snap("2023-06-02", event("ber")), ref(2, "2023-06-02"))
    three = fold(two, snap("2023-06-03", counts=[Count("camps-returned", "camps", 3, "2023-06-03")]),
                 ref(3, "2023-06-03"))
    assert two.fact("count", "bases-handed-over").data["value"] == 2
    assert kinds(compare_states(two, three)) == [("changed", "bases-handed-over", "value")]


def test_a_planned_tally_never_joins_the_tally_of_what_was_done():
    """'France to close three bases' is a plan; 'two bases handed over' a tally of what was
    done: two facts, the plan unchanged by the later tally, and neither revises the other."""
    one = fold(State(), snap("2021-07-10", counts=[Count("bases-to-be-closed", "bases", 3, "2021-07-10")]),
               ref(1, "2021-07-10"))
    two = fold(one, snap("2021-11-16", counts=[Count("bases-transferred", "bases", 2, "2021-11-16")]),
               ref(2, "2021-11-16"))
    three = fold(two, snap("2021-12-15", counts=[Count("bases-withdrawn", "bases", 3, "2021-12-15")]),
                 ref(3, "2021-12-15"))
    assert kinds(compare_states(one, two)) == [("added", "bases-transferred", None)]
    assert two.fact("count", "bases-to-be-closed").data["value"] == 3
    assert kinds(compare_states(two, three)) == [("changed", "bases-transferred", "value")]


def test_restating_mode_in_a_fold_retracts_what_is_left_out():
    one = fold(State(), snap("2023-06-01", event("ber"), event("kidal")), ref(1, "2023-06-01"), "restating")
    two = fold(one, snap("2023-06-02", event("kidal")), ref(2, "2023-06-02"), "restating")
    assert kinds(compare_states(one, two)) == [("retracted", "ber", None)]


def test_state_round_trips_through_json():
    states = fold_all([(snap("2023-06-05", event("g", "2023-06-03")), ref(1, "2023-06-05"), "cumulative"),
                       (snap("2023-06-05", event("g", "2023-06-02")), ref(2, "2023-06-05"), "cumulative")])
    text = json.dumps(states[-1].to_dict())
    assert State.from_dict(json.loads(text)) == states[-1]


# -- the record, on each engine -------------------------------------------------------------------

@pytest.fixture
def series_db(db_url: str) -> str:
    run(db_url, "ingest", "--brief", "sahel", "--mode", "cumulative", *map(str, REPORTS))
    return db_url


def test_mode_is_recorded_and_said_by_log_show_and_brief(series_db: str) -> None:
    assert run_json(series_db, "brief", "show", "sahel")["mode"] == "cumulative"
    assert [r["mode"] for r in run_json(series_db, "brief", "list")] == ["cumulative"]
    assert {r["mode"] for r in run_json(series_db, "log")} == {"cumulative"}
    assert run_json(series_db, "show")["mode"] == "cumulative"
    assert "(cumulative)" in run(series_db, "show").stdout


def test_show_as_of_lists_every_base_so_far_with_its_sources(series_db: str) -> None:
    doc = run_json(series_db, "show", "--as-of", "2023-06-09")
    by_key = {e["key"]: e for e in doc["events"]}
    assert sorted(by_key) == ["ber", "goundam", "ogosagou", "tesalit"]  # Tessalit and Tesalit are one
    assert by_key["goundam"]["reports"] == 3 and by_key["tesalit"]["reports"] == 2
    assert by_key["ber"]["status"] == "completed" and by_key["ber"]["date"] == "2023-06-04"
    assert [s["edition"] for s in by_key["goundam"]["sources"]] == [2, 3, 4]
    first = run_json(series_db, "show", "--as-of", "2023-06-01")
    assert [e["key"] for e in first["events"]] == ["ber", "tesalit"]


def test_diff_between_consecutive_reports_shows_only_what_each_added(series_db: str) -> None:
    seen = []
    for a, b in zip(range(1, 6), range(2, 7)):
        doc = run_json(series_db, "diff", str(a), str(b))
        assert doc["mode"] == "cumulative"
        assert all(c["kind"] != "removed" for c in doc["changes"])
        seen.append([(c["kind"], c["key"]) for c in doc["changes"]])
    assert seen[0] == [("added", "goundam"), ("progressed", "ber"), ("progressed", "ber")]
    assert seen[1] == [("disputed", "goundam")]  # and Tesalit camp is Tessalit, confirmed
    assert seen[2] == [("added", "ogosagou"), ("settled", "goundam")]
    assert sorted(seen[3]) == [("retracted", "ber"), ("retracted", "ogosagou")]
    assert ("retracted", "goundam") in seen[4] and ("progressed", "ber") in seen[4]
    text = run(series_db, "diff", "2", "3").stdout
    assert "disputed" in text and "2023-06-05-a.txt" in text and "2023-06-05-b.txt" in text


def test_history_names_the_report_behind_each_change(series_db: str) -> None:
    doc = run_json(series_db, "history", "Goundam")
    rows = [(r["edition"], r["status"]) for r in doc["editions"]]
    assert rows == [(2, "added"), (3, "disputed"), (4, "withdrawn"), (6, "retracted")]
    assert doc["editions"][3]["took_back"][0]["edition"] == 4  # the [Retracted] item took back #4
    assert doc["reports"] == 2  # the statement taken back no longer counts
    assert "2023-06-09.txt" in run(series_db, "history", "Goundam").stdout


def test_timeline_and_export_carry_provenance(series_db: str, tmp_path: Path) -> None:
    rows = {r["key"]: r for r in run_json(series_db, "timeline")}
    assert rows["tesalit"]["reports"] == 2 and rows["ogosagou"]["retracted"]["edition"] == 5
    out = tmp_path / "export.json"
    run(series_db, "export", "-o", str(out))
    facts = {f["key"]: f for f in json.loads(out.read_text())["cumulative"][0]["facts"]}
    assert facts["goundam"]["first_reported"]["edition"] == 2
    assert facts["goundam"]["withdrawn"][0]["by"]["edition"] == 6


def test_verify_replays_the_fold_and_detects_a_tampered_state(series_db: str) -> None:
    assert run_json(series_db, "verify")["ok"]
    assert run_json(series_db, "verify", "--deep")["ok"]
    from sqlalchemy import text

    from tracker.store.store import open_store

    with open_store(series_db) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE fold_states SET state = replace(state, '2023-06-04', '2023-06-05') "
                          "WHERE edition = 4"))
    report = run_json(series_db, "verify", code=1)
    assert report["first_bad"] == ["sahel", 4]
    run(series_db, "verify", "--repair")
    assert run_json(series_db, "verify")["ok"]


def test_mode_mismatch_and_bad_mode_are_one_line_errors(series_db: str, tmp_path: Path) -> None:
    later = tmp_path / "2023-06-20.txt"
    later.write_text("BAMAKO, 20 June 2023 - Peacekeepers left Douentza on 19 June.\n")
    result = run(series_db, "ingest", "--brief", "sahel", "--mode", "restating", str(later), code=2)
    assert "set-mode" in result.stderr
    result = run(series_db, "brief", "create", "sahel", "--mode", "cumulative", code=2)
    assert result.stderr.startswith("error:") and "exists" in result.stderr


def test_a_change_of_mode_applies_from_the_next_edition(db_url: str) -> None:
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[:2]))  # restating by default
    doc = run_json(db_url, "diff", "1", "2")
    assert "mode" not in doc and any(c["kind"] == "removed" for c in doc["changes"])
    info = run_json(db_url, "brief", "set-mode", "sahel", "cumulative", "--reason", "news reports")
    assert info["from_edition"] == 3
    run(db_url, "ingest", "--brief", "sahel", *map(str, REPORTS[2:4]))
    assert [r["mode"] for r in run_json(db_url, "log")] == ["restating"] * 2 + ["cumulative"] * 2
    later = run_json(db_url, "diff", "3", "4")
    assert all(c["kind"] != "removed" for c in later["changes"])
    assert run_json(db_url, "verify", "--deep")["ok"]


def test_a_brief_created_before_its_first_edition(db_url: str) -> None:
    run(db_url, "brief", "create", "sahel", "--mode", "cumulative")
    assert run_json(db_url, "verify")["ok"]
    run(db_url, "ingest", "--brief", "sahel", str(REPORTS[0]))
    assert run_json(db_url, "show")["mode"] == "cumulative"
    assert run_json(db_url, "verify")["ok"]


def test_a_restating_brief_keeps_no_folded_state(db_url: str) -> None:
    iraq = sorted((Path(__file__).parent.parent / "snapshots" / "iraq-coalition-withdrawal").iterdir())
    run(db_url, "ingest", *map(str, iraq))
    from tracker.store.store import open_store

    with open_store(db_url) as store:
        assert store.state("iraq-coalition-withdrawal", 1) is None
        assert store.modes("iraq-coalition-withdrawal") == []
    assert run_json(db_url, "show")["mode"] == "restating"


def cumulative_examples() -> list[tuple[str, str]]:
    """(command, expected output) of the README's cumulative worked example."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    return console_examples(readme, "cumulative")


@pytest.mark.parametrize("command, expected", cumulative_examples())
def test_readme_cumulative_example_is_true(tmp_path: Path, command: str, expected: str) -> None:
    import shlex

    db = str(tmp_path / "tracker.db")
    sample = sorted((Path(__file__).parent.parent / "snapshots" / "barkhane-mali").iterdir())
    run(db, "ingest", "--mode", "cumulative", *map(str, sample))
    output = run(db, *shlex.split(command)[1:]).stdout.rstrip("\n")
    assert output == expected


def test_readme_has_a_cumulative_example():
    assert len(cumulative_examples()) >= 3


# -- counts against the compiled facts, not the report's own short list ------------------------

def _counting_series(folder: Path) -> list[Path]:
    folder.mkdir()
    texts = {
        "2020-03-18.txt": ("one base has been transferred", "On 17 March 2020, coalition troops withdrew from al-Qaim base."),
        "2020-03-21.txt": ("two bases have been transferred", "On 20 March 2020, coalition troops withdrew from Camp Taji."),
        "2020-04-05.txt": ("five bases have been transferred", "On 4 April 2020, coalition troops withdrew from K-1 air base."),
    }
    for name, (count, item) in texts.items():
        day = name[:10]
        (folder / name).write_text(f"Brief\n\nAs of {day}, {count}.\n\n1. {item}\n", encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.mark.parametrize("mode", ["cumulative", "restating"])
def test_counts_of_a_cumulative_brief_are_checked_against_the_compiled_facts(store, tmp_path, mode):
    from tracker.app.sources import ingest_paths
    from tracker.app.report import report_data

    files = _counting_series(tmp_path / "counting")
    outcomes = ingest_paths(lambda: store, files, brief="counting", as_of=None, source=None, mode=mode)
    warnings = [[w for w in o["warnings"] if w.startswith("count ")] for o in outcomes]
    (series,) = report_data(store, "counting")["counts"]
    points = [(p["value"], p["listed"], p["disagrees"]) for p in series["points"]]
    if mode == "restating":  # each edition restates the brief: its own list is the whole of it
        assert [len(w) for w in warnings] == [0, 1, 1] and "1 item is listed" in warnings[1][0]
        assert points == [(1, 1, False), (2, 1, True), (5, 1, True)]
        return
    assert warnings[:2] == [[], []]  # two reports, one new item each: two bases, as stated
    assert warnings[2] == ["count 'bases-transferred' says 5 but the compiled brief has 3 items (3 completed)"]
    assert points == [(1, 1, False), (2, 2, False), (5, 3, True)]
    assert {p["basis"] for p in series["points"]} == {"compiled"}


def test_readme_cumulative_ingest_works_after_the_quick_start(tmp_path: Path) -> None:
    """The README's command for the Mali sample, run where a reader runs it: in the quick
    start's database, which already holds two briefs (a third needs its --brief)."""
    import shlex

    from clihelpers import quick_start_db

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    [line] = [ln for ln in readme.splitlines() if ln.startswith("tracker ingest") and "barkhane-mali/*" in ln]
    options = [word for word in shlex.split(line)[2:] if not word.endswith("/*")]
    sample = sorted((Path(__file__).parent.parent / "snapshots" / "barkhane-mali").iterdir())
    result = run(quick_start_db(tmp_path), "ingest", *options, *map(str, sample))
    assert result.stdout.count("stored    barkhane-mali #") == 12 and result.stderr.count("error") == 0
