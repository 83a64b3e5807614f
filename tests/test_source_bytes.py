"""The bytes as received: an edition in a legacy charset is stored as the source sent it, with
the charset it was read with; its sha256 is the source's; `reparse` decodes the bytes with the
stored charset, so it reads the same text; `verify` passes, and fails when the charset is
changed behind its back. On both engines."""

from __future__ import annotations

import hashlib

import pytest
from storehelpers import sql
from sqlalchemy import text as sql_text

from benchmarks.stress.common import drop_triggers
from tracker.app.correcting import edition_text, received_text
from tracker.app.ingest import ingest
from tracker.app.sources import ingest_sources
from tracker.app.reparse import reparse
from tracker.audit import verify
from tracker.errors import InputError
from tracker.read import charset_for, decode
from tracker.read.fetching import Fetched

ARABIC_PAGE = """<!doctype html><html><head><meta charset="windows-1256"><title>موجز القواعد</title></head>
<body><h1>موجز القواعد</h1><p>As of April 11, 2020, two bases have been transferred.</p>
<ol><li>On 17 March 2020, coalition troops withdrew from al-Qaim base (القائم) on the border with Syria.</li>
<li>On 26 March 2020, coalition troops handed over Qayyarah Airfield West to Iraqi forces.</li></ol>
<p>انسحبت قوات التحالف من قاعدة القائم على الحدود مع سوريا في 17 آذار.</p></body></html>"""

FRENCH_TEXT = """Retrait des forces : point de situation

As of 11 April 2020, two bases have been handed over.

1. On 17 March 2020, French troops withdrew from Camp Ménaka, près de la frontière.
2. On 26 March 2020, the coalition handed over Gao base (« base de Gao ») to Malian forces.
"""


def stored(store, brief: str) -> tuple[str, str, bytes]:  # noqa: ANN001
    [row] = sql(store, f"SELECT sha256, charset, raw FROM editions WHERE brief = '{brief}'")
    return row[0], row[1], bytes(row[2])


@pytest.mark.parametrize("brief, data, name, encoding, charset, words", [
    ("arabic", ARABIC_PAGE.encode("cp1256"), "2020-04-11.html", None, "cp1256", "قاعدة القائم"),
    ("french", FRENCH_TEXT.encode("latin-1"), "2020-04-11.txt", "latin-1", "iso8859-1", "Camp Ménaka"),
])
def test_a_legacy_edition_keeps_its_bytes_and_reads_the_same_after_reparse(
        store, brief, data, name, encoding, charset, words):  # noqa: ANN001
    result = ingest(store, data, source=name, brief=brief, filename=name, encoding=encoding)
    digest, kept, raw = stored(store, brief)
    assert raw == data and digest == hashlib.sha256(data).hexdigest() == result.edition.sha256
    assert kept == charset
    first = store.snapshot(brief, 1)
    text = edition_text(*received_text(store, brief, 1, name))
    assert words in text and "\ufffd" not in text
    assert [e.name for e in first.events] and words.split()[-1] in "\n".join(e.text for e in first.events) + text

    report = reparse(store, [brief], parser_version="later")
    assert report["written"] == 1 and report["editions"][0]["changes"] == []
    again = store.snapshot(brief, 1)
    assert again == first  # the same text, the same facts: the bytes decoded the same way
    assert edition_text(*received_text(store, brief, 1, name)) == text
    assert verify(store).ok


def test_a_detected_charset_is_said_at_ingest_and_kept(store):  # noqa: ANN001
    data = FRENCH_TEXT.encode("cp1252")
    result = ingest(store, data, source="f.txt", brief="french", filename="f.txt")
    assert stored(store, "french")[1] == "cp1252"
    assert any("not valid UTF-8" in w for w in result.warnings)
    assert not any("not valid UTF-8" in w for w in store.snapshot("french", 1).warnings)
    report = reparse(store, ["french"], parser_version="later")
    assert report["editions"][0]["changes"] == [] and store.snapshot("french", 1).warnings == \
        store.snapshot("french", 1, 1).warnings


def test_utf8_editions_keep_the_default_charset_and_their_chain_hash(store):  # noqa: ANN001
    data = FRENCH_TEXT.encode("utf-8")
    ingest(store, data, source="f.txt", brief="french", filename="f.txt")
    assert stored(store, "french")[1] == "utf-8"
    ingest(store, b"\xef\xbb\xbf" + FRENCH_TEXT.replace("two", "three").encode(), source="g.txt",
           brief="french", filename="g.txt", as_of="2020-04-12")
    assert sql(store, "SELECT charset FROM editions ORDER BY number") == [("utf-8",), ("utf-8",)]
    assert verify(store).ok


def test_a_charset_changed_behind_verifys_back_is_caught(store):  # noqa: ANN001
    ingest(store, ARABIC_PAGE.encode("cp1256"), source="a.html", brief="arabic", filename="a.html")
    drop_triggers(store)
    with store.engine.begin() as conn:
        conn.execute(sql_text("UPDATE editions SET charset = 'cp1252'"))
    report = verify(store)
    assert not report.ok and any("chain hash" in p for p in report.problems), report.problems


def test_a_page_is_stored_as_served_with_the_servers_charset(store, monkeypatch):  # noqa: ANN001
    body = ARABIC_PAGE.replace('<meta charset="windows-1256">', "").encode("cp1256")
    page = Fetched(body, "https://example.org/brief", "text/html", "windows-1256", encoding="cp1256")
    import tracker.read.fetching

    monkeypatch.setattr(tracker.read.fetching, "fetch", lambda url, **_: page)
    [outcome] = ingest_sources(store, ["https://example.org/brief"], brief="arabic", as_of=None, source=None)
    assert outcome["status"] == "stored" and not outcome["warnings"], outcome  # nothing detected
    digest, kept, raw = stored(store, "arabic")
    assert raw == body and digest == hashlib.sha256(body).hexdigest() and kept == "cp1256"
    assert "قاعدة القائم" in edition_text(*received_text(store, "arabic", 1, "https://example.org/brief"))
    assert verify(store).ok


def test_encoding_given_is_checked_and_named():
    assert charset_for(b"caf\xe9 au lait", encoding="latin-1") == ("iso8859-1", ())
    assert charset_for("café".encode(), encoding="UTF8") == ("utf-8", ())
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        charset_for(b"x", encoding="klingon")
    with pytest.raises(InputError, match="not a text encoding"):
        charset_for(b"x", encoding="base64")
    with pytest.raises(InputError, match=r"x.txt: is not valid utf-8"):
        charset_for(b"caf\xe9 au lait", encoding="utf-8", filename="x.txt")


@pytest.mark.parametrize("data", [
    ARABIC_PAGE.encode("cp1256"), FRENCH_TEXT.encode("cp1252"), FRENCH_TEXT.encode("latin-1"),
    b"\xff\xfe" + FRENCH_TEXT.encode("utf-16-le"), FRENCH_TEXT.encode("utf-16-le"),
    b"\xef\xbb\xbf" + FRENCH_TEXT.encode(), FRENCH_TEXT.encode() + b"\x92 stray\n",
])
def test_the_stored_charset_decodes_to_the_text_first_read(data: bytes):
    text = decode(data)[0]
    charset = charset_for(data)[0]
    assert decode(data, encoding=charset)[0] == text


def test_parse_reads_a_file_in_the_charset_given_as_ingest_does(tmp_path):  # noqa: ANN001
    import json

    from clihelpers import error_line, invoke

    path = tmp_path / "brief.txt"
    path.write_bytes("As of 11 April 2020\n\nOn 17 March 2020 troops withdrew from Camp Déjà.\n".encode("latin-1"))
    snapshot = json.loads(invoke("parse", "--encoding", "latin-1", "--format", "json", str(path)).stdout)
    assert [e["name"] for e in snapshot["events"]] == ["Camp Déjà"] and snapshot["warnings"] == []
    read_as_cyrillic = json.loads(invoke("parse", "--encoding", "cp1251", "--format", "json", "-",
                                         input=path.read_bytes()).stdout)
    assert [e["name"] for e in read_as_cyrillic["events"]] == ["Camp Dйjа"]  # a label means what it says
    refused = invoke("parse", "--encoding", "utf-8", str(path), code=2)
    at = path.read_bytes().index(b"\xe9")
    assert error_line(refused) == f"error: {path}: is not valid utf-8 (byte {at} cannot be read)"
    assert "unknown encoding 'klingon'" in error_line(invoke("parse", "--encoding", "klingon", str(path), code=2))
