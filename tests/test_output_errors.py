"""Where output goes and what goes wrong on the way, each told in one line: a device or a pipe
named with -o is written into, never replaced by a file; a full device, a folder that cannot
take a file, an edition number beyond any, an empty --db, a path or a URL named as given."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.app.output import check_target, write_output, writes_in_place
from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "snapshots" / "iraq-coalition-withdrawal" / "2020-04-04.txt"
FULL = Path("/dev/full")


def run(db: str, *args: str, code: int = 0, env: dict[str, str] | None = None):  # noqa: ANN201
    result = CliRunner().invoke(cli, ["--db", db, *args] if db is not None else list(args), env=env)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


def one_line(result) -> str:  # noqa: ANN001
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def one_db(db_url: str) -> str:
    run(db_url, "ingest", "-b", "b", str(EDITION))
    return db_url


def sqlite_db(tmp_path: Path) -> str:
    db = str(tmp_path / "t.db")
    run(db, "ingest", "-b", "b", str(EDITION))
    return db


def read_fifo(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


# -- -o naming a device or a pipe ------------------------------------------------------------


@pytest.mark.parametrize("through_link", [False, True], ids=["fifo", "link-to-fifo"])
@pytest.mark.parametrize("command", [("export", "--format", "csv"), ("report",)])
def test_output_into_a_fifo_writes_into_it_and_keeps_it(tmp_path, command, through_link):
    db = sqlite_db(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    thread, got = read_fifo(fifo)
    run(db, *command, "-b", "b", "-o", str(target), "--force")
    thread.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() == through_link
    assert got and got[0].lower().startswith(b"brief,edition" if command[0] == "export" else b"<!doctype html")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file


def test_a_fifo_needs_no_force(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert writes_in_place(fifo) and check_target(fifo, force=False) == fifo
    thread, got = read_fifo(fifo)
    write_output(fifo, lambda out: out.write("line\n"))
    thread.join(10)
    assert got == [b"line\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_regular_files_and_links_to_them_are_still_replaced(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(plain)
    assert not writes_in_place(plain) and not writes_in_place(link)
    assert not writes_in_place(tmp_path / "new.txt") and not writes_in_place(tmp_path / "dangling")
    write_output(link, lambda out: out.write("new\n"))
    assert not link.is_symlink() and link.read_text() == "new\n" and plain.read_text() == "old\n"


def test_dev_null_is_written_into(tmp_path):
    """Read-only on the device: with the fix in place /dev/null is opened and written, and it is
    still the character device afterwards."""
    assert writes_in_place(Path("/dev/null"))
    before = os.stat("/dev/null")
    write_output(Path("/dev/null"), lambda out: out.write("nothing\n"))
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_standard_output_descriptor_is_written_into_even_when_it_is_a_file(tmp_path):
    """/proc/self/fd/1 opened on a regular file: written into (appended), not replaced."""
    db = sqlite_db(tmp_path)
    out = tmp_path / "out.csv"
    with open(out, "w") as fh:
        done = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", db, "export", "--format", "csv",
                               "-o", "/proc/self/fd/1", "--force"], stdout=fh, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("brief,edition")


# -- output that cannot be written: one line -------------------------------------------------


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("export",), ("log",), ("report", "-o", "-"), ("log", "--format", "json")])
def test_a_full_device_on_standard_output_is_one_line(tmp_path, args):
    db = sqlite_db(tmp_path)
    with open(FULL, "w") as full:
        done = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", db, *args],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "error: cannot write output: No space left on device\n"


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_folder_that_takes_no_file_is_named(tmp_path, command):
    db = sqlite_db(tmp_path)
    line = one_line(run(db, command, "-o", "/proc/x", code=2))
    assert line.startswith("error: /proc/x: folder /proc cannot be written"), line


# -- edition numbers beyond any --------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("show", "99999999999999999999999"), ("show", "2147483648"), ("diff", "99999999999999999999999", "1"),
    ("retract", "99999999999999999999999", "--reason", "r"), ("show", "1" * 5000),
])
def test_an_edition_number_out_of_range_is_no_such_edition(one_db, args):
    line = one_line(run(one_db, *args, code=2))
    assert "has no edition" in line and "(editions 1..1)" in line, line


def test_a_reading_number_out_of_range_is_no_such_reading(one_db):
    line = one_line(run(one_db, "show", "--reading", "99999999999999999999", code=2))
    assert "has no reading 99999999999999999999 (readings 1..1)" in line, line


# -- paths and URLs as given -----------------------------------------------------------------


def test_parse_names_the_path_as_given(tmp_path):
    assert one_line(run(None, "parse", "/dev/null", code=2)) == "error: /dev/null: file is empty"
    missing = f"{tmp_path}//nope/./x.txt"
    assert one_line(run(None, "parse", missing, code=2)) == f"error: {missing}: no such file"


def test_parse_still_reads_the_as_of_date_from_a_path(tmp_path):
    shown = run(None, "parse", str(EDITION), "--format", "json").stdout
    assert '"as_of": "2020-04-04"' in shown


@pytest.mark.parametrize("url", ["ftp://x/y", "FILE:///etc/passwd", "gopher://host/z"])
def test_other_url_schemes_are_refused_as_urls(tmp_path, url):
    result = run(str(tmp_path / "t.db"), "ingest", "-b", "x", url, code=2)
    assert one_line(result) == f"error: {url}: only http:// and https:// URLs can be fetched"


# -- an empty --db ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv, env", [
    (["--db", "", "log"], None), (["log", "--db", " "], None), (["log"], {"TRACKER_DB": ""}),
])
def test_an_empty_database_name_is_refused(tmp_path, monkeypatch, argv, env):
    monkeypatch.chdir(tmp_path)
    result = run(None, *argv, code=2, env=env)
    assert "is empty" in one_line(result)
    assert not (tmp_path / "tracker.db").exists()
