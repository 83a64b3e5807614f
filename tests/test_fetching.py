"""`tracker ingest URL`, against an HTTP server this test starts on 127.0.0.1 (never a real site):
the URL as the source, the server's charset, timeout, size limit, error statuses, redirects."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from clihelpers import error_line
from clihelpers import invoke as run

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"
ARABIC = ("<html><head><title>موجز</title></head><body><h1>موجز القواعد</h1>"
          "<p>As of 11 April 2020, six bases have been transferred.</p>"
          "<p>انسحبت قوات التحالف من قاعدة القائم.</p></body></html>")


# /slow answers after SLOW_S; `--timeout 0.5` must give up long before. The bound asserted sits
# far from both (0.5 s expected, SLOW_S the failure) so that a loaded machine cannot fail it.
SLOW_S = 30
TIMEOUT_BOUND_S = 15


class Pages(http.server.BaseHTTPRequestHandler):
    """Each path is one behaviour; `routes` holds (status, headers, body) for the plain ones."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/slow":
            time.sleep(SLOW_S)
        if self.path == "/endless":  # no Content-Length, more bytes than the limit
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 1024)
            return
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # a client that stops reading at the size limit breaks the pipe: expected


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    Pages.routes = {
        "/brief.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                        (IRAQ / "2020-08-23.html").read_bytes()),
        "/brief-clock.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                              (IRAQ / "2020-08-23.html").read_bytes().replace(
                                  b"</body>", b"<p>Page generated at 14:05</p></body>")),
        "/arabic": (200, {"Content-Type": "text/html; charset=windows-1256"}, ARABIC.encode("cp1256")),
        "/moved": (302, {"Location": "/brief.html"}, b""),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/brief.txt"}, b""),
        "/to-file": (301, {"Location": "file:///etc/passwd"}, b""),
        "/broken": (500, {}, b"oops"),
        "/big": (200, {"Content-Type": "text/plain"}, b"y" * 40_000),
    }
    httpd = QuietServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_stored_with_its_url_as_source(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    url = f"{server}/brief.html"
    out = json.loads(run("--db", db, "ingest", "-b", "iraq", url, "--format", "json").stdout)
    assert out[0]["status"] == "stored" and out[0]["path"] == url and out[0]["as_of"] == "2020-08-23"
    shown = json.loads(run("--db", db, "show", "--format", "json").stdout)
    assert shown["edition"]["source"] == url
    assert {e["key"] for e in shown["events"]} >= {"taji", "qaim"}
    # the same bytes again: unchanged; a redirect to it: the same bytes too
    assert "unchanged" in run("--db", db, "ingest", url).stdout  # the one brief: no --brief needed
    assert "unchanged" in run("--db", db, "ingest", "-b", "iraq", f"{server}/moved").stdout


def test_the_servers_charset_is_honoured(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    result = run("--db", db, "ingest", "-b", "arabic", f"{server}/arabic")
    assert "warning" not in result.stderr  # no "read as Windows-1252"
    shown = json.loads(run("--db", db, "show", "--format", "json").stdout)
    assert shown["title"] == "موجز القواعد" or "موجز" in json.dumps(shown, ensure_ascii=False)
    assert "Ø" not in json.dumps(shown, ensure_ascii=False)  # no mojibake
    # the bytes are stored as served, with the server's charset beside them
    body = ARABIC.encode("cp1256")
    assert shown["edition"]["sha256"] == hashlib.sha256(body).hexdigest()
    assert run("--db", db, "verify").exit_code == 0


@pytest.mark.parametrize("path, words", [
    ("/broken", "the server answered 500"),
    ("/nowhere", "the server answered 404"),
    ("/to-ftp", "redirected to ftp://127.0.0.1/brief.txt, which is not an http(s) URL; not followed"),
    ("/to-file", "redirected to file:///etc/passwd, which is not an http(s) URL; not followed"),
])
def test_error_statuses_and_foreign_redirects_are_one_line(server: str, tmp_path: Path, path: str,
                                                           words: str) -> None:
    line = error_line(run("--db", str(tmp_path / "t.db"), "ingest", "-b", "x", server + path, code=2))
    assert words in line and server + path in line


def test_no_answer_and_timeout(server: str, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    line = error_line(run("--db", str(tmp_path / "t.db"), "ingest", "-b", "x",
                          f"http://127.0.0.1:{port}/brief", code=2))
    assert "no answer (connection refused)" in line
    started = time.monotonic()
    line = error_line(run("--db", str(tmp_path / "t.db"), "ingest", "-b", "x", "--timeout", "0.5",
                          f"{server}/slow", code=2))
    assert "no answer" in line and time.monotonic() - started < TIMEOUT_BOUND_S  # margin: SLOW_S above


@pytest.mark.parametrize("path", ["/big", "/endless"])
def test_size_limit(server: str, tmp_path: Path, path: str) -> None:
    line = error_line(run("--db", str(tmp_path / "t.db"), "ingest", "-b", "x", server + path,
                          code=2, env={"TRACKER_MAX_BYTES": "20K"}))
    assert "limit" in line and "TRACKER_MAX_BYTES" in line


def test_a_url_needs_a_brief_when_several_are_stored(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", "-b", "one", str(IRAQ / "2020-04-04.txt"))
    run("--db", db, "ingest", "-b", "two", str(IRAQ / "2020-04-04.txt"))
    line = error_line(run("--db", db, "ingest", f"{server}/brief.html", code=2))
    assert "no --brief given" in line and "one, two" in line


# --- polling: --skip-same-facts and exits for cron ----------------------------------------------

def test_skip_same_facts_stores_nothing_and_says_so(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", "-b", "iraq", str(IRAQ / "2020-04-11.md"))
    first = run("--db", db, "ingest", "-b", "iraq", "--skip-same-facts", "--exit-code",
                f"{server}/brief.html", code=1)  # new facts: stored, exit 1
    assert first.stdout.startswith("stored")
    again = run("--db", db, "ingest", "-b", "iraq", "--skip-same-facts", "--exit-code",
                f"{server}/brief-clock.html", code=0)  # other bytes, same facts
    assert again.stdout.startswith("skipped") and "same facts as #2" in again.stdout
    assert "nothing stored" in again.stdout
    log = json.loads(run("--db", db, "log", "--format", "json").stdout)
    assert [row["edition"] for row in log] == [1, 2]
    # without the flag the other bytes are an edition of their own
    run("--db", db, "ingest", "-b", "iraq", "--exit-code", f"{server}/brief-clock.html", code=0)
    assert len(json.loads(run("--db", db, "log", "--format", "json").stdout)) == 3
    quiet = run("--db", db, "ingest", "-q", "-b", "iraq", "--exit-code", f"{server}/broken",
                str(IRAQ / "2020-04-11.md"), code=2)
    assert quiet.stdout == "ingest: 1 unchanged, 1 failed\n"
    assert quiet.stderr.count("\n") == 1 and "500" in quiet.stderr


def test_skip_same_facts_over_files(tmp_path: Path) -> None:
    """The same rule over many files, as the batched ingest stores them."""
    db = str(tmp_path / "t.db")
    folder = tmp_path / "iraq"
    folder.mkdir()
    page = (IRAQ / "2020-08-23.html").read_text(encoding="utf-8")
    for n in range(4):  # the same edition, saved again with the page's clock moved on
        stamp = f"<script>var generated = '14:{n:02d}';</script><!-- served in {n * 17} ms -->"
        (folder / f"copy{n}.html").write_text(page.replace("</body>", stamp + "</body>"), encoding="utf-8")
    out = json.loads(run("--db", db, "ingest", "--skip-same-facts", "--format", "json",
                         *sorted(map(str, folder.iterdir()))).stdout)
    assert [o["status"] for o in out] == ["stored", "skipped", "skipped", "skipped"]


def test_bytes_already_stored_are_unchanged_before_facts_are_compared(tmp_path: Path) -> None:
    """Files stored once, ingested again with --skip-same-facts: every one is `unchanged`
    (same bytes), never `skipped (same facts)`, whichever edition is in force."""
    db = str(tmp_path / "t.db")
    files = sorted(map(str, IRAQ.iterdir()))
    run("--db", db, "ingest", *files)
    out = json.loads(run("--db", db, "ingest", "--skip-same-facts", "--format", "json", *files).stdout)
    assert [o["status"] for o in out] == ["unchanged"] * len(files)
    one = json.loads(run("--db", db, "ingest", "--skip-same-facts", "--format", "json", files[0]).stdout)
    assert [o["status"] for o in one] == ["unchanged"]
