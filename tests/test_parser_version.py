"""PARSER_VERSION means something: a parser that reads any known document differently must
carry a new version, or `tracker reparse` would never read stored editions again.

Every sample (snapshots/), development document (benchmarks/corpus, benchmarks/holdout-blind-2
and -3, tests/data/cumulative) and, when present, shared brief is parsed as ingest parses it; the
digest of each snapshot is compared with the one pinned for the current version in
tests/data/parser_pins.json (written by tests/pin_parser.py). A held-out set
(benchmarks/holdout) is pinned as one digest over all its
documents, so a change says the set reads differently without naming which document: the set
stays blind (benchmarks/README.md).
"""

from __future__ import annotations

import functools

import pin_parser

from tracker.model import PARSER_VERSION

FIX = "python tests/pin_parser.py"


@functools.cache
def current() -> dict[str, str]:
    """Every document parsed once for the tests of this module (parsing is the slow part)."""
    return pin_parser.current_digests()


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


def differences(pinned: dict[str, str], now: dict[str, str]) -> list[str]:
    """What a test failure says: development documents by name, held-out sets only by set."""
    changed = sorted(label for label, digest in now.items() if label in pinned and pinned[label] != digest)
    unpinned = sorted(label for label in now if label not in pinned)
    said = []
    held = [label for label in changed + unpinned if pin_parser.is_held_out(label)]
    if held:
        said.append(f"held-out readings changed ({', '.join(held)}; which document is not said: "
                    "the set stays blind)")
    changed = [label for label in changed if not pin_parser.is_held_out(label)]
    unpinned = [label for label in unpinned if not pin_parser.is_held_out(label)]
    if changed:
        said.append(f"the parser reads {len(changed)} known document(s) differently (e.g. {changed[0]})")
    if unpinned:
        said.append(f"{len(unpinned)} document(s) not pinned yet (e.g. {unpinned[0]})")
    return said


def test_every_document_reads_as_pinned_for_this_version():
    said = differences(pin_parser.load()["documents"], current())
    assert not said, (
        "; ".join(said) + f", under PARSER_VERSION {PARSER_VERSION}: if the parser reads them "
        f"differently on purpose, run `{FIX} --bump \"what reads differently\"` (it sets the next "
        "PARSER_VERSION in tracker/model.py and re-pins), so that `tracker reparse` reads stored "
        f"editions again; if not, the change reads old documents differently by accident; only "
        f"new documents need no new version: run `{FIX}`")


def test_held_out_sets_are_pinned_whole_and_never_by_document():
    pins = pin_parser.load()["documents"]
    assert set(pin_parser.HELD_OUT) <= set(pins)
    inside = [label for label in pins if pin_parser.is_held_out(label) and label not in pin_parser.HELD_OUT]
    assert not inside, "a held-out document is pinned by name: run `python tests/pin_parser.py`"
    assert not [label for label in current() if pin_parser.is_held_out(label) and label not in pin_parser.HELD_OUT]


def test_a_held_out_change_names_its_set_not_its_document():
    """The old pins named each held-out document, so a failure told which one read differently."""
    readings = {"isaf/01-camp.txt": "a" * 64, "isaf/02-town.html": "b" * 64}
    before = pin_parser.set_digest(readings)
    after = pin_parser.set_digest({**readings, "isaf/02-town.html": "c" * 64})
    assert before != after and pin_parser.set_digest(dict(reversed(readings.items()))) == before
    said = differences({"benchmarks/holdout": before, "snapshots/x.txt": "d"},
                       {"benchmarks/holdout": after, "snapshots/x.txt": "d"})
    assert said == ["held-out readings changed (benchmarks/holdout; which document is not said: "
                    "the set stays blind)"]
    assert "02-town" not in said[0]
    old_style = differences({"benchmarks/holdout/isaf/02-town.html": "b"}, {"benchmarks/holdout": after})
    assert all("02-town" not in line for line in old_style)


def test_every_benchmark_set_is_development_or_held_out():
    """A new set of documents with gold (a blind round) is pinned from the day it lands, as a
    held-out set until it is scored; nothing with gold goes unpinned."""
    root = pin_parser.ROOT / "benchmarks"
    with_gold = {f"benchmarks/{p.relative_to(root).parts[0]}" for p in root.rglob("*.gold.json")}
    assert with_gold <= set(pin_parser.DEVELOPMENT) | set(pin_parser.HELD_OUT)
    assert not set(pin_parser.DEVELOPMENT) & set(pin_parser.HELD_OUT)
