"""The bad-input loop: a table of bad files, names and databases through the CLI; each gives
one clear line on stderr (or a warning), never a traceback, no password, the store untouched
on errors and `verify` clean after. `tests/test_bad_input.py` runs the same table."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.editions import MONTHS
from benchmarks.stress.common import edition_text, open_db
from tracker.audit import verify

PASSWORD = "s3cretpw"  # appears in the dead-server URL of the bad-input table; must never be printed
_MONTH = "|".join(MONTHS)
ITEM_DATE = rf"\d{{1,2}} (?:{_MONTH}) \d{{2,4}}|(?:{_MONTH}) \d{{1,2}}, \d{{4}}"  # the generator's date styles


@dataclass(frozen=True)
class BadInput:
    """One row of the bad-input table. `make(folder, db)` writes what the case needs and
    returns the CLI arguments (starting with `--db` when the case names its own database).
    `outcome`: "error" (one `error:` line, non-zero exit, nothing written), "warning" (stored,
    with a `warning:` line matching `expect`) or "ok" (stored, `expect` in the output)."""

    name: str
    make: Callable[[Path, str], list[str]]
    outcome: str
    expect: str
    own_db: bool = False
    seconds: float = 20.0
    check: Callable[[Any], str | None] | None = None  # on the store afterwards: a problem or None


def _good(folder: Path, name: str = "good.txt", **kw: Any) -> Path:
    path = folder / name
    path.write_text(edition_text(f"bad-input-{name}", **kw), encoding="utf-8")
    return path


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _ingest(*paths: Path | str, brief: str = "bad") -> list[str]:
    return ["ingest", "--brief", brief, *map(str, paths)]


def _big(folder: Path, _db: str) -> list[str]:
    path = folder / "huge.txt"
    with open(path, "wb") as fh:  # sparse: 50 MB that cost nothing to write
        fh.truncate(50 * 1024 * 1024)
    return _ingest(path)


def _read_only_db(folder: Path, _db: str) -> list[str]:
    ro = folder / "read-only"
    ro.mkdir()
    ro.chmod(0o500)
    if os.access(ro, os.W_OK):  # root ignores permissions: use a directory the kernel refuses
        ro = Path("/proc/self")
    return ["--db", str(ro / "tracker.db"), *_ingest(_good(folder))]


def _impossible_date(folder: Path, _db: str) -> list[str]:
    text_ = edition_text("impossible", items=2, as_of=dt.date(2020, 4, 11))
    text_, n = re.subn(rf"^(\s*2\. .*?)(?:{ITEM_DATE})", r"\g<1>31 February 20", text_, count=1, flags=re.M)
    if n != 1:
        raise RuntimeError("no date in the second item to make impossible")
    return _ingest(_file(folder, "impossible.txt", text_.encode()))


def _newest(store: Any, brief: str = "bad") -> Any:
    """The snapshot of the edition ingested last (highest number, whatever its as-of)."""
    return store.snapshot(brief, max(e.number for e in store.editions(brief)))


def _event_dates_null_where_impossible(store: Any) -> str | None:
    dates = [ev.date for ev in _newest(store).events]
    return None if len(dates) == 2 and dates.count(None) == 1 else f"event dates {dates}"


def _utf16_read(store: Any) -> str | None:
    snap = _newest(store)
    return None if len(snap.events) == 4 and snap.title.startswith("Situation brief") else \
        f"{len(snap.events)} events, title {snap.title!r} read from UTF-16"


def _future(folder: Path, _db: str) -> list[str]:
    day = dt.date.today() + dt.timedelta(days=400)
    return _ingest(_good(folder, "future.txt", items=2, as_of=day))


def _legacy(folder: Path, _db: str) -> list[str]:
    text_ = edition_text("legacy", items=3).replace("Situation brief", "Situation brief \u00e9t\u00e9 \u2013 caf\u00e9")
    return _ingest(_file(folder, "legacy.txt", text_.encode("cp1252")))


def _truncated(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "truncated.txt", edition_text("trunc", items=3).encode() + "\u00e9".encode()[:1]))


def _utf16(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "utf16.txt", edition_text("utf16", items=4).encode("utf-16")))


def _binary(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "random.bin", random.Random(1).randbytes(4096) + b"\x00"))


def _random_no_nul(folder: Path, _db: str) -> list[str]:
    data = bytes(b for b in random.Random(2).randbytes(8192) if b)
    return _ingest(_file(folder, "noise.dat", data))


SCRIPT_PAGE = (b"<!doctype html><html><head><title>x</title><script src='http://127.0.0.1:9/x.js'></script>"
               b"<style>body{}</style></head><body><nav><a href='/'>Home</a></nav>"
               b"<script>document.write('hi')</script><footer>(c)</footer></body></html>")

BAD_INPUTS: tuple[BadInput, ...] = (
    BadInput("missing path", lambda f, d: _ingest(f / "nope.txt"), "error", "no such file"),
    BadInput("directory", lambda f, d: _ingest(f), "error", "directory"),
    BadInput("empty file", lambda f, d: _ingest(_file(f, "empty.txt", b"")), "error", "empty"),
    BadInput("white space only", lambda f, d: _ingest(_file(f, "blank.txt", b" \n\t\r\n \xc2\xa0\n")),
             "error", "white space"),
    BadInput("random binary", _binary, "error", "binary"),
    BadInput("random bytes without NUL", _random_no_nul, "error", "binary|decoded|as-of"),
    BadInput("truncated UTF-8", _truncated, "warning", "middle of a UTF-8 character"),
    BadInput("UTF-16 (read fine)", _utf16, "ok", "stored", check=_utf16_read),
    BadInput("legacy single-byte text", _legacy, "warning", "Windows-1252|Latin-1"),
    BadInput("50 MB file", _big, "error", "limit", seconds=5),
    BadInput("HTML with scripts and no article", lambda f, d: _ingest(_file(f, "page.html", SCRIPT_PAGE)),
             "error", "no readable text|as-of"),
    BadInput("Markdown of only headings",
             lambda f, d: _ingest(_file(f, "heads.md", b"# Brief\n\n## Background\n\n### Notes\n")),
             "error", "as-of"),
    BadInput("Markdown of only headings, with --as-of",
             lambda f, d: ["ingest", "--brief", "bad", "--as-of", "2020-04-04",
                           str(_file(f, "heads.md", b"# Brief\n\n## Background\n\n### Notes\n"))],
             "warning", "no events, counts or paragraphs"),
    BadInput("impossible date (31 February 20)", _impossible_date, "warning", "impossible date",
             check=_event_dates_null_where_impossible),
    BadInput("edition dated in the future", _future, "warning", "in the future"),
    BadInput("--as-of that is not a date", lambda f, d: ["ingest", "--brief", "bad", "--as-of", "2020-02-30",
                                                          str(_good(f))], "error", "does not exist"),
    BadInput("brief name with odd characters", lambda f, d: _ingest(_good(f), brief="Ir@q / ../Brief \u2603"),
             "error", r"not a slug.*try 'ir-q-brief'"),
    BadInput("brief name that climbs folders", lambda f, d: _ingest(_good(f), brief="../../etc"),
             "error", "not a slug"),
    BadInput("brief name with no letters", lambda f, d: _ingest(_good(f), brief="\u2603 ./"),
             "error", "brief name"),
    BadInput("brief name with dots and underscores", lambda f, d: _ingest(_good(f), brief="iraq_2020.v2"),
             "ok", r"stored\s+iraq_2020\.v2 #1"),
    BadInput("database in a missing directory",
             lambda f, d: ["--db", str(f / "no" / "such" / "t.db"), *_ingest(_good(f))],
             "error", "does not exist", own_db=True),
    BadInput("database in a read-only directory", _read_only_db, "error", "not writable|unable to open",
             own_db=True),
    BadInput("database path is a directory", lambda f, d: ["--db", str(f), *_ingest(_good(f))],
             "error", "directory", own_db=True),
    BadInput("PostgreSQL that does not answer",
             lambda f, d: ["--db", f"postgresql://tracker:{PASSWORD}@127.0.0.1:1/tracker", *_ingest(_good(f))],
             "error", "127.0.0.1", own_db=True, seconds=10),
    BadInput("PostgreSQL that does not answer (read command)",
             lambda f, d: ["--db", f"postgresql+psycopg://tracker:{PASSWORD}@127.0.0.1:1/tracker", "log"],
             "error", "127.0.0.1", own_db=True, seconds=10),
)


@dataclass
class BadInputOutcome:
    name: str
    ok: bool
    problems: list[str]
    stderr: str
    seconds: float


def _counts(store: Any) -> tuple[int, int]:
    from sqlalchemy import func, select

    from tracker.store import schema as t

    with store.read() as conn:
        return (conn.scalar(select(func.count()).select_from(t.editions)),
                conn.scalar(select(func.count()).select_from(t.log)))


def run_bad_input(case: BadInput, db: str, folder: Path) -> BadInputOutcome:
    """Run one case through the CLI (in process, click's runner) against `db` (a store that
    exists) and check the contract: the outcome, one clear line, no traceback, no password,
    store untouched on errors, verify clean."""
    from click.testing import CliRunner

    from tracker.cli import cli

    folder.mkdir(parents=True, exist_ok=True)
    args = case.make(folder, db)
    if not case.own_db:
        args = ["--db", db, *args]
    store = open_db(db)
    before = _counts(store)
    start = time.monotonic()
    env = {"TRACKER_DEBUG": None, "TRACKER_MAX_BYTES": None, "NO_COLOR": "1"}
    result = CliRunner().invoke(cli, args, env=env)
    seconds = time.monotonic() - start
    err, out = result.stderr, result.stdout
    problems = []
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append("exception escaped: " + "".join(
            traceback.format_exception_only(type(result.exception), result.exception)).strip())
    if "Traceback" in err + out or "internal error" in err:
        problems.append("a traceback or internal error reached the user")
    if PASSWORD in err + out:
        problems.append("the password was printed")
    if seconds > case.seconds:
        problems.append(f"took {seconds:.1f}s (limit {case.seconds:.0f}s)")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    others = [line for line in err.splitlines() if line.strip() and not line.startswith(("error:", "warning:"))]
    if others:
        problems.append(f"stray stderr: {others[0][:120]}")
    pattern = re.compile(case.expect, re.I)
    if case.outcome == "error":
        if result.exit_code in (0, 70):
            problems.append(f"exit code {result.exit_code}")
        if len(errors) != 1 or not pattern.search(errors[0] if errors else ""):
            problems.append(f"expected one error line matching {case.expect!r}, got {err.strip()[:200]!r}")
    else:
        if result.exit_code != 0 or errors:
            problems.append(f"exit {result.exit_code}, errors {errors[:2]}")
        where = "\n".join(line for line in err.splitlines() if line.startswith("warning:")) \
            if case.outcome == "warning" else out
        if not pattern.search(where):
            problems.append(f"expected {case.outcome} matching {case.expect!r}; stdout {out[:150]!r} stderr {err[:150]!r}")
    after = _counts(store)
    if case.outcome == "error" and after != before:
        problems.append(f"store changed: {before} -> {after}")
    if case.outcome != "error" and after[0] != before[0] + 1:
        problems.append(f"expected one edition stored: {before} -> {after}")
    if case.check is not None and case.outcome != "error":
        problem = case.check(store)
        if problem:
            problems.append(problem)
    report = verify(store)
    if not report.ok:
        problems.append("verify: " + "; ".join(report.problems[:2]))
    store.close()
    if case.own_db and case.name.startswith("database in a") and list((folder / "no").glob("**/*.db")):
        problems.append("a database file was created")
    return BadInputOutcome(case.name, not problems, problems, err.strip(), seconds)


def run_bad_inputs(db: str, workdir: Path, *, own_db: bool = True) -> list[BadInputOutcome]:
    from tracker.store.store import open_store

    open_store(db, create=True).close()
    return [run_bad_input(case, db, workdir / f"bad{i}") for i, case in enumerate(BAD_INPUTS)
            if own_db or not case.own_db]

