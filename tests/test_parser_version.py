"""PARSER_VERSION means something: a parser that reads any known document differently must
carry a new version, or `tracker reparse` would never read stored editions again.

Every sample (snapshots/), test-corpus document (benchmarks/corpus, benchmarks/holdout) and,
when present, shared brief is parsed as ingest parses it; the digest of each snapshot is
compared with the one pinned for the current version in tests/data/parser_pins.json
(written by tests/pin_parser.py).
"""

from __future__ import annotations

import pin_parser

from tracker.model import PARSER_VERSION

FIX = "python tests/pin_parser.py"


def test_the_pins_are_for_this_parser_version():
    pins = pin_parser.load()
    assert pins["version"] == PARSER_VERSION, (
        f"tracker/model.py says PARSER_VERSION {PARSER_VERSION!r} but tests/data/parser_pins.json "
        f"pins version {pins['version']!r}: set the version with `{FIX} --bump \"what reads "
        "differently\"` rather than by hand (after a merge conflict in the pins file: take main's "
        "file, then run the same command)")
    assert PARSER_VERSION in pins["versions"]
    assert pins["versions"][PARSER_VERSION].get("digest") == pin_parser.combined(pins["documents"]), (
        f"tests/data/parser_pins.json was edited by hand or merged: run `{FIX}` (or, if the "
        f"parser changed, `{FIX} --bump \"what reads differently\"`)")


def test_every_document_reads_as_pinned_for_this_version():
    pinned = pin_parser.load()["documents"]
    now = pin_parser.current_digests()
    changed = sorted(label for label, digest in now.items() if label in pinned and pinned[label] != digest)
    unpinned = sorted(label for label in now if label not in pinned)
    assert not changed, (
        f"the parser reads {len(changed)} known document(s) differently from PARSER_VERSION "
        f"{PARSER_VERSION} (e.g. {changed[0]}): if that is intended, run `{FIX} --bump \"what "
        "reads differently\"` (it sets the next PARSER_VERSION in tracker/model.py and re-pins), "
        "so that `tracker reparse` reads stored editions again; if not, the change reads old "
        "documents differently by accident")
    assert not unpinned, (
        f"{len(unpinned)} document(s) not pinned yet (e.g. {unpinned[0]}): run `{FIX}` "
        "(new documents need no new version)")
