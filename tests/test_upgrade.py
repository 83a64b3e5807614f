"""A database written by the last release (tests/data/upgrade, see its README) upgraded by
`tracker init`: the schema moves to head, the cumulative states are rebuilt once and said so,
and the record verifies as it did (verify, --deep, the old bare checkpoint); every view works
and no stored edition's bytes or hash moved."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from clihelpers import run, run_json
from datafiles import repo_file
from tracker.audit.oldforms import logged_by_old_fold
from tracker.store.engine import script_head

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "upgrade"
RELEASE = "5a477cc"
OLD_DB = DATA / "release-5a477cc.db"
OLD_HEAD = json.loads((DATA / "checkpoint.json").read_text())["head"]
BRIEFS = ("iraq", "karesh", "severe")


def editions(db: Path) -> list[tuple[str, int, str, str]]:
    """(brief, number, stored sha256, sha256 of the stored bytes) of every edition."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT brief, number, sha256, raw FROM editions ORDER BY brief, number")
        return [(b, n, sha, hashlib.sha256(raw).hexdigest()) for b, n, sha, raw in rows]


@pytest.fixture()
def upgraded(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the old database after `tracker init`, with what init printed."""
    db = tmp_path / "old.db"
    shutil.copyfile(repo_file(OLD_DB), db)
    return db, run(str(db), "init").stdout


def test_the_data_is_what_the_release_wrote() -> None:
    """The committed database is at the release's schema, so the test upgrades something."""
    with sqlite3.connect(f"file:{repo_file(OLD_DB)}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0011",)
    assert OLD_DB.stat().st_size < 1_000_000


def test_init_moves_the_schema_and_rebuilds_the_cumulative_states_once(upgraded: tuple[Path, str]) -> None:
    db, out = upgraded
    assert f"is at schema revision {script_head()}" in out
    assert "rebuilt the cumulative states of 1 brief (karesh)" in out
    again = run_json(str(db), "init")
    assert again == {"database": str(db), "created": False, "revision": script_head(), "rebuilt_states": []}


@pytest.mark.parametrize("args", [(), ("--deep",), ("--checkpoint", OLD_HEAD)])
def test_the_upgraded_record_verifies(upgraded: tuple[Path, str], args: tuple[str, ...]) -> None:
    db, _ = upgraded
    report = run_json(str(db), "verify", *args)
    assert report["ok"] and report["problems"] == [] and report["editions_checked"] == 10


def test_the_stored_bytes_and_hashes_do_not_move(upgraded: tuple[Path, str]) -> None:
    db, _ = upgraded
    after = editions(db)
    assert after == editions(OLD_DB)
    assert all(stored == computed for _, _, stored, computed in after)


@pytest.mark.parametrize("brief", BRIEFS)
def test_every_view_works_after_the_upgrade(upgraded: tuple[Path, str], brief: str, tmp_path: Path) -> None:
    db = str(upgraded[0])
    shown = run_json(db, "show", "--brief", brief)
    assert shown["events"]
    assert len(run_json(db, "log", "--brief", brief)) >= 1
    run(db, "diff", "--brief", brief, "1", "latest")
    name = shown["events"][0]["name"]
    run(db, "history", "--brief", brief, name)
    run(db, "report", "--brief", brief, "-o", str(tmp_path / f"{brief}.html"))
    assert (tmp_path / f"{brief}.html").stat().st_size > 1000


def test_what_the_old_release_recorded_reads_as_it_did(upgraded: tuple[Path, str]) -> None:
    """The latin-1 page, the retraction, the alias and the analyst's fact survive."""
    db = str(upgraded[0])
    names = {e["name"] for e in run_json(db, "show", "--brief", "severe")["events"]}
    assert "Camp Ménaka" in names
    listed = run_json(db, "log", "--brief", "severe", "--include-retracted")
    assert [e.get("retracted") is not None for e in listed] in ([False, True], [True, False])
    assert run(db, "history", "--brief", "iraq", "K-1").stdout.count("K1 Air Base") >= 1
    abu = next(e for e in run_json(db, "show", "--brief", "iraq", "2")["events"] if e["key"] == "abu-ghraib")
    assert abu["personnel"] == 300 and abu["reading"] == "analyst"
    karesh = {e["key"]: e for e in run_json(db, "show", "--brief", "karesh")["events"]}
    assert karesh["orsk"]["date"] == "2024-02-21"


def test_a_stale_state_after_the_upgrade_is_still_a_problem(upgraded: tuple[Path, str]) -> None:
    """init rebuilds when it moves the schema, never at other times: a fold state changed
    afterwards is reported by verify, and a second init leaves it as it is."""
    db, _ = upgraded
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE fold_states SET state = '{}' WHERE brief = 'karesh' AND edition = 2")
    run(str(db), "init")
    report = run_json(str(db), "verify", code=1)
    assert any("fold_states differs" in p for p in report["problems"])


# -- the old fold's forms, accepted only as listed (tracker.audit.oldforms)

def entry(event_type: str, **change: object) -> tuple[str, str]:
    return event_type, json.dumps(change, sort_keys=True, separators=(",", ":"))


COMPLETED = entry("EventProgressed", entity="event", key="duma", field="status", kind="progressed",
                  before="started", after="completed")
TROOPS = entry("EventProgressed", entity="event", key="duma", field="personnel", kind="progressed",
               before=300, after=None)
SECOND = entry("CountAdded", entity="count", key="sites-7", field=None, kind="added", before=None,
               after={"key": "sites-7", "value": 7})


def dispute(*editions: int) -> tuple[str, str]:
    values = [{"value": v, "sources": [{"edition": e}]} for v, e in zip((5, 7), editions)]
    return entry("CountDisputed", entity="count", key="sites", field="value", kind="disputed",
                 before=None, after={"values": values})


def test_the_old_forms_stand_for_the_current_entries() -> None:
    assert logged_by_old_fold([COMPLETED], [COMPLETED, TROOPS], 3)
    assert logged_by_old_fold([COMPLETED, dispute(3, 3)], [COMPLETED, TROOPS, SECOND], 3)
    settled = entry("CountSettled", entity="count", key="sites", field="value", kind="settled",
                    before=[5, 7], after=6)
    changed = entry("CountChanged", entity="count", key="sites", field="value", kind="changed",
                    before=5, after=6)
    assert logged_by_old_fold([settled], [changed], 4)


def test_nothing_else_passes_for_an_old_form() -> None:
    assert not logged_by_old_fold([], [TROOPS], 3)  # no step to completed logged
    assert not logged_by_old_fold([COMPLETED, dispute(2, 3)], [COMPLETED, SECOND], 3)  # two reports
    assert not logged_by_old_fold([COMPLETED, dispute(3, 3)], [COMPLETED], 3)  # nothing it stands for
    other = entry("CountChanged", entity="count", key="sites", field="value", kind="changed", before=4, after=6)
    settled = entry("CountSettled", entity="count", key="sites", field="value", kind="settled",
                    before=[5, 7], after=6)
    assert not logged_by_old_fold([settled], [other], 4)
    assert not logged_by_old_fold([COMPLETED], [TROOPS, COMPLETED, SECOND], 3)


# -- the same on PostgreSQL, the old database written by the release itself

def release_tree(folder: Path) -> Path:
    """The release's package (its migrations where an install puts them), from git."""
    archive = folder / "release.tar"
    made = subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), RELEASE, "tracker", "migrations"],
                          capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"release {RELEASE} is not in this clone's history")
    tree = folder / "release"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    (tree / "migrations").rename(tree / "tracker" / "migrations")
    return tree


def test_a_postgresql_database_written_by_the_release_upgrades(pg_url: str, tmp_path: Path) -> None:
    tree = release_tree(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(tree), "TZ": "UTC"}

    def old(*args: str) -> str:  # cwd outside the checkout: python -m would import its tracker
        done = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", pg_url, *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    samples = sorted((ROOT / "snapshots" / "iraq-coalition-withdrawal").iterdir())
    karesh = sorted((ROOT / "tests" / "data" / "karesh-drawdown").glob("2024-*"))
    old("init")
    old("ingest", "--brief", "iraq", *map(str, samples))
    old("alias", "--brief", "iraq", "K-1", "K1 Air Base")
    old("fact", "set", "--brief", "iraq", "--at", "2", "abu-ghraib", "personnel", "300", "--reason", "statement")
    old("ingest", "--brief", "karesh", "--mode", "cumulative", *map(str, karesh))
    old("ingest", "--brief", "severe", *map(str, sorted((DATA / "src").iterdir())))
    old("retract", "--brief", "severe", "2", "--reason", "wrong page")
    head = json.loads(old("verify", "--checkpoint", "--format", "json"))["head"]
    hashes = [(e["brief"], e["edition"], e["sha256"]) for b in BRIEFS
              for e in json.loads(old("log", "--brief", b, "--include-retracted", "--format", "json"))]

    assert run_json(pg_url, "init")["rebuilt_states"] == ["karesh"]
    for args in ((), ("--deep",), ("--checkpoint", head)):
        report = run_json(pg_url, "verify", *args)
        assert report["ok"] and report["editions_checked"] == 10, report["problems"]
    assert hashes == [(e["brief"], e["edition"], e["sha256"]) for b in BRIEFS
                      for e in run_json(pg_url, "log", "--brief", b, "--include-retracted")]
