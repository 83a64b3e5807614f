"""`tracker watch`, against an HTTP server this test starts on 127.0.0.1 (never a real site). The
server counts requests and checks the conditional headers: a 304 stores nothing (and parses
nothing); a page whose furniture changed stores nothing; changed facts store one edition; a
watch stopped by SIGTERM leaves `verify` clean; errors back off; `--once` tells by its exit code."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from clihelpers import error_line, invoke

from tracker.app import watching
from tracker.errors import InputError
from tracker.store.store import open_store

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"
AUGUST = (IRAQ / "2020-08-23.html").read_bytes()
WITH_CLOCK = AUGUST.replace(b"</body>", b"<p>Page generated at 14:05</p></body>")
LATER = (IRAQ / "2020-08-30.txt").read_bytes()
STAMP = "Sun, 23 Aug 2020 10:00:00 GMT"


@dataclass
class Site:
    """What the server serves and what it was asked: path -> (body, content type, ETag,
    Last-Modified); every request's path and conditional headers, in order."""

    pages: dict[str, tuple[bytes, str, str | None, str | None]] = field(default_factory=dict)
    asked: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    delay: float = 0.0
    url: str = ""

    def serve(self, path: str, body: bytes, etag: str | None = None, modified: str | None = None,
              kind: str = "text/html; charset=utf-8") -> str:
        self.pages[path] = (body, kind, etag, modified)
        return self.url + path

    def answers(self, path: str) -> list[tuple[str | None, str | None]]:
        """The conditional headers of each request for `path`."""
        return [(etag, since) for asked, etag, since in self.asked if asked == path]


def handler_for(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            etag_asked, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            site.asked.append((self.path, etag_asked, since))
            time.sleep(site.delay)
            if self.path not in site.pages:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind, etag, modified = site.pages[self.path]
            fresh = (etag_asked == etag) if etag_asked is not None and etag else (
                since is not None and since == modified)
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    return Pages


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(served))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the parses made (every ingest parses through parser.parse_bytes)."""
    import tracker.parse.parser as parser

    counted: list[int] = []
    real = parser.parse_bytes

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parser, "parse_bytes", counting)
    return counted


def editions(db: str) -> list[int]:
    return [row["edition"] for row in json.loads(invoke("--db", db, "log", "--format", "json").stdout)]


def log_length(db: str) -> int:
    with open_store(db) as store, store.read() as conn:
        from sqlalchemy import text

        return conn.execute(text("SELECT count(*) FROM log")).scalar_one()


def test_a_304_costs_no_parse_and_no_write(site: Site, tmp_path: Path, parses: list[int]) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief.html", AUGUST, etag='"v1"', modified=STAMP)
    first = invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=1)  # a new edition: exit 1
    assert first.stdout.startswith("stored") and len(first.stdout.splitlines()) == 1
    assert site.answers("/brief.html") == [(None, None)]  # nothing to ask about the first time
    parsed, logged = len(parses), log_length(db)
    with open_store(db) as store:
        kept = store.validators("iraq", url)
    assert (kept.etag, kept.last_modified) == ('"v1"', STAMP)

    again = invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=0)  # nothing new: exit 0
    assert again.stdout == "" and again.stderr == ""
    assert site.answers("/brief.html")[-1] == ('"v1"', STAMP)  # both validators sent back
    assert len(parses) == parsed and log_length(db) == logged and editions(db) == [1]
    with open_store(db) as store:
        assert store.validators("iraq", url) == kept  # not even the validators' row rewritten


def test_a_page_whose_furniture_changed_stores_nothing(site: Site, tmp_path: Path, parses: list[int]) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief.html", AUGUST, etag='"v1"')
    invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=1)
    site.serve("/brief.html", WITH_CLOCK, etag='"v2"')  # a clock on the page: new bytes, same facts
    polls = json_polls(invoke("--db", db, "watch", "--once", "--format", "json", "-b", "iraq", url, code=0))
    assert polls[0]["status"] == "skipped" and polls[0]["edition"] == 1
    assert site.answers("/brief.html")[-1] == ('"v1"', None)
    assert editions(db) == [1]
    # the same bytes again from a server that forgot its ETag: not parsed again either
    site.serve("/brief.html", WITH_CLOCK)
    parsed = len(parses)
    polls = json_polls(invoke("--db", db, "watch", "--once", "--format", "json", "-b", "iraq", url, code=0))
    assert polls[0]["status"] == "same-bytes" and len(parses) == parsed
    assert editions(db) == [1]


def test_changed_facts_store_one_edition_with_one_line(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief", AUGUST, etag='"v1"')
    invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=1)
    site.serve("/brief", LATER, etag='"v2"', kind="text/plain; charset=utf-8")
    result = invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=1)
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("stored    iraq #2  2020-08-30") and "against #1" in lines[0]
    assert editions(db) == [1, 2]
    shown = json.loads(invoke("--db", db, "show", "-b", "iraq", "--format", "json").stdout)
    assert shown["edition"]["source"] == url  # recorded as `ingest URL` records it
    invoke("--db", db, "watch", "--once", "-b", "iraq", url, code=0)  # a 304 now
    assert editions(db) == [1, 2] and site.answers("/brief")[-1] == ('"v2"', None)


def test_an_error_is_one_line_and_exit_2_and_keeps_no_validators(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    good = site.serve("/brief.html", AUGUST, etag='"v1"')
    result = invoke("--db", db, "watch", "--once", "-b", "iraq", good, site.url + "/gone", code=2)
    assert result.stdout.startswith("stored")  # the good source is still stored
    assert error_line(result) == f"error: {site.url}/gone: the server answered 404 Not Found"
    with open_store(db) as store:
        assert store.validators("iraq", site.url + "/gone") is None


def test_a_file_is_watched_by_its_bytes(tmp_path: Path, parses: list[int]) -> None:
    db = str(tmp_path / "t.db")
    folder = tmp_path / "iraq"
    folder.mkdir()
    page = folder / "brief.html"
    page.write_bytes(AUGUST)
    invoke("--db", db, "watch", "--once", str(page), code=1)  # the brief named after the folder
    parsed = len(parses)
    invoke("--db", db, "watch", "--once", str(page), code=0)
    assert len(parses) == parsed  # the same bytes: not parsed
    page.write_bytes(LATER)
    invoke("--db", db, "watch", "--once", str(page), code=1)
    assert editions(db) == [1, 2]


def test_a_missing_file_is_said_before_the_brief_and_standard_input_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    invoke("--db", db, "brief", "create", "one")
    invoke("--db", db, "brief", "create", "two")
    missing = tmp_path / "nofile.txt"
    result = invoke("--db", db, "watch", "--once", str(missing), code=2)
    assert result.stderr.strip().splitlines() == [f"error: {missing}: no such file"]
    for args in (["--once", "-"], ["-"], ["--once", str(missing), "-"]):
        result = invoke("--db", db, "watch", *args, code=2)
        assert result.stderr.strip().splitlines() == [
            "error: watch cannot read standard input (-): it polls each source again, so give a "
            "file or a URL (`tracker ingest -` stores standard input once)"]
    with pytest.raises(InputError):
        watching.watch(None, ["-"], once=True)


class FakeTime:
    """A clock and a stop event in one: waiting moves the clock on instead of sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.stopped = False

    def __call__(self) -> float:
        return self.now

    def is_set(self) -> bool:
        return self.stopped

    def set(self) -> None:
        self.stopped = True

    def wait(self, seconds: float) -> bool:
        self.now += seconds
        return self.stopped


def test_errors_back_off_and_a_good_source_keeps_its_pace(site: Site, tmp_path: Path) -> None:
    good = site.serve("/brief.html", AUGUST, etag='"v1"')
    fake = FakeTime()
    seen: list[tuple[str, str, float | None, float]] = []

    def on_poll(poll: watching.Poll, wait: float | None) -> None:
        seen.append((poll.source, poll.status, wait, fake.now))
        if fake.now >= 75:
            fake.set()

    with open_store(str(tmp_path / "t.db"), create=True) as store:
        watching.watch(store, [good, site.url + "/gone"], every=5, brief="iraq", stop=fake,  # type: ignore[arg-type]
                       on_poll=on_poll, clock=fake)
    failing = [(wait, at) for source, status, wait, at in seen if status == "error"]
    assert [wait for wait, _ in failing][:4] == [10, 20, 40, 80]  # doubled at each error in a row
    assert [at for _, at in failing] == [0, 10, 30, 70]
    polled = [at for source, _, _, at in seen if source == good]
    assert polled[:5] == [0, 5, 10, 15, 20]  # every 5 s, whatever the other source does
    assert [status for source, status, _, _ in seen if source == good][:2] == ["stored", "not-modified"]
    assert watching.backoff(600, 10) == 6 * 3600 and watching.backoff(86400, 3) == 86400


def test_sigterm_stops_the_watch_cleanly_and_verify_passes(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief.html", AUGUST, etag='"v1"')
    invoke("--db", db, "ingest", "-b", "iraq", str(IRAQ / "2020-04-04.txt"))
    site.delay = 1.0  # the signal arrives while a page is on its way
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    watcher = subprocess.Popen([sys.executable, "-m", "tracker.cli", "--db", db, "watch", "--every", "1s",
                                "-b", "iraq", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        deadline = time.monotonic() + 30
        while not site.asked and time.monotonic() < deadline:
            time.sleep(0.05)
        assert site.asked, "the watch never asked for the page"
        watcher.send_signal(signal.SIGTERM)
        out, err = watcher.communicate(timeout=30)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    assert watcher.returncode == 0, err
    assert "Traceback" not in err and "error" not in err
    assert out.startswith("stored    iraq #2")  # the poll in hand was finished, whole
    assert len(site.asked) == 1  # and no other began
    assert invoke("--db", db, "verify").stdout.startswith("ok: 2 editions verified")


def test_bad_every_and_a_brief_to_name_are_one_line(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    line = error_line(invoke("--db", db, "watch", "--every", "soon", site.url + "/x", code=2))
    assert "--every 'soon' is not a duration" in line
    line = error_line(invoke("--db", db, "watch", "--every", "0.5s", site.url + "/x", code=2))
    assert "too short" in line
    invoke("--db", db, "brief", "create", "one")
    invoke("--db", db, "brief", "create", "two")
    result = invoke("--db", db, "watch", "--once", site.url + "/brief.html", code=2)
    assert "no --brief given" in error_line(result) and "one, two" in result.stderr
    assert site.asked == []  # nothing fetched for a brief that could not be named
    assert watching.parse_duration("15m") == 900 and watching.parse_duration("1.5h") == 5400
    assert watching.parse_duration("45") == 45


def test_global_options_before_the_command_reach_watch(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief.html", AUGUST)
    polls = json_polls(invoke("--db", db, "-b", "iraq", "--format", "json", "watch", "--once", url, code=1))
    assert polls[0]["brief"] == "iraq" and polls[0]["status"] == "stored"


def json_polls(result) -> list[dict]:  # noqa: ANN001
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_polls_and_validators_on_each_engine(site: Site, db_url: str) -> None:
    """The library call `poll`, on SQLite and PostgreSQL: the validators row is written with the
    edition, replaced when the page changes, and sent back."""
    url = site.serve("/brief.html", AUGUST, etag='"v1"', modified=STAMP)
    with open_store(db_url, create=True) as store:
        first = watching.poll(store, url, brief="iraq")
        assert first.new_edition and first.outcome["edition"] == 1
        assert watching.poll(store, url, brief="iraq").status == "not-modified"
        site.serve("/brief.html", LATER, etag='"v2"', kind="text/plain")
        assert watching.poll(store, url, brief="iraq").outcome["edition"] == 2
        kept = store.validators("iraq", url)
        assert (kept.etag, kept.last_modified, kept.sha256) == ('"v2"', None, watching.sha256_hex(LATER))
        assert watching.poll(store, url, brief="iraq").status == "not-modified"
    assert site.answers("/brief.html") == [(None, None), ('"v1"', STAMP), ('"v1"', STAMP), ('"v2"', None)]


def test_a_page_in_a_declared_charset_is_stored_as_ingest_stores_it(site: Site, tmp_path: Path) -> None:
    """watch hands the page to the same ingest call as `ingest URL`: the bytes as served, read
    with the server's charset, so the record proves the server's bytes."""
    db = str(tmp_path / "t.db")
    arabic = ("<html><body><h1>موجز القواعد</h1><p>As of 11 April 2020, six bases have been transferred.</p>"
              "<p>انسحبت قوات التحالف من قاعدة القائم.</p></body></html>").encode("cp1256")
    url = site.serve("/arabic", arabic, etag='"a1"', kind="text/html; charset=windows-1256")
    invoke("--db", db, "watch", "--once", "-b", "arabic", url, code=1)
    shown = json.dumps(json.loads(invoke("--db", db, "show", "--format", "json").stdout), ensure_ascii=False)
    assert "موجز" in shown and "Ø" not in shown
    assert json.loads(invoke("--db", db, "show", "--format", "json").stdout)["edition"]["sha256"] \
        == watching.sha256_hex(arabic)
    assert invoke("--db", db, "verify").stdout.startswith("ok: 1 editions verified")


def test_a_url_into_an_empty_database_asks_for_a_brief_to_start(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    url = site.serve("/brief.html", AUGUST)
    for command in (("watch", "--once"), ("ingest",)):
        line = error_line(invoke("--db", db, *command, url, code=2))
        assert "no brief yet: pass --brief SLUG to start one" in line, line
    assert json.loads(invoke("--db", db, "brief", "list", "--format", "json").stdout) == []
