"""Fuzzing the parser and the diff engine with hypothesis (a few hundred examples each in CI;
`python -m benchmarks.stress --fuzz 10000` runs the seeded generator much longer).

Properties: parsing any bytes raises nothing but InputError; a snapshot survives its JSON
round trip (what is stored is what was parsed); diff(a, a) is empty; diff(a, b) never raises,
whatever the two snapshots hold (hand-built ones with duplicate keys or odd values included)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.stress.fuzz import TRICKY, fuzz_input
from tracker.diff import compare, diff_document, summary_line
from tracker.errors import InputError
from tracker.model import Count, Event, Section, Snapshot
from tracker.parse.parser import parse_bytes
from tracker.present.text import diff_markdown, diff_text

CI = settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FILENAMES = st.sampled_from(["e.txt", "e.md", "e.html", "e", "e.htm", "e.markdown", None])


def parse_or_none(data: bytes, filename: str | None) -> Snapshot | None:
    try:
        return parse_bytes(data, filename)
    except InputError:
        return None


def check(snap: Snapshot | None, other: Snapshot | None = None) -> None:
    if snap is None:
        return
    assert Snapshot.from_dict(snap.to_dict()) == snap
    assert compare(snap, snap) == []
    if other is not None:
        changes = compare(other, snap)
        summary_line(changes)
        compare(snap, other)
        doc = diff_document("b", {"edition": 1, "as_of": other.as_of, "sha256": "0" * 64},
                            {"edition": 2, "as_of": snap.as_of, "sha256": "1" * 64}, changes)
        diff_text(doc, color=False)
        diff_markdown(doc)


@CI
@given(st.binary(max_size=2000), FILENAMES)
def test_any_bytes(data, filename):
    check(parse_or_none(data, filename))


@CI
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=2**32))
def test_mutated_brief_like_editions(seed_a, seed_b):
    """The stress loop's generator (three formats, five encodings, odd dates and numbers,
    truncations, byte flips), driven by hypothesis so that failures shrink to a seed."""
    a = parse_or_none(*fuzz_input(random.Random(seed_a)))
    b = parse_or_none(*fuzz_input(random.Random(seed_b)))
    check(a, b)
    check(b, a)


TOKENS = st.sampled_from(TRICKY + ("On", "coalition", "troops", "withdrew", "from", "base", "Camp",
                                          "Taji", "As", "of", "bases", "have", "been", "transferred", "1.", "2.",
                                          "\n", "\n\n", ",", "."))


@CI
@given(st.lists(TOKENS, max_size=120), st.sampled_from(["txt", "md", "html"]),
       st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_token_soup(tokens, ext, encoding):
    text = " ".join(tokens)
    if ext == "html":
        text = f"<html><body><article><ol><li>{text}</li></ol><p>{text}</p></article></body></html>"
    check(parse_or_none(text.encode(encoding, errors="replace"), f"e.{ext}"))


# -- the diff engine on hand-built snapshots -------------------------------------------------------

SHORT = st.text(max_size=12)
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.sampled_from(["", "2020-02-31", "x"]))
KEYS = st.sampled_from(["a", "b", "c", "al-qaim", "k1", ""])

EVENTS = st.builds(Event, key=KEYS, name=SHORT, date=DATES, action=st.none() | SHORT, status=st.none() | SHORT,
                   place=st.none() | SHORT, actors=st.lists(SHORT, max_size=2).map(tuple),
                   nations=st.lists(SHORT, max_size=2).map(tuple),
                   personnel=st.none() | st.integers(min_value=-10, max_value=10**12),
                   notes=st.lists(SHORT, max_size=2).map(tuple), aliases=st.lists(SHORT, max_size=2).map(tuple),
                   text=SHORT)
COUNTS = st.builds(Count, key=KEYS, subject=SHORT, value=st.integers(min_value=-10, max_value=10**30),
                   as_of=DATES, text=SHORT)
SECTIONS = st.builds(Section, key=KEYS, title=SHORT, text=st.text(max_size=60))
SNAPSHOTS = st.builds(Snapshot, title=st.none() | SHORT, as_of=DATES,
                      events=st.lists(EVENTS, max_size=5).map(tuple),
                      counts=st.lists(COUNTS, max_size=3).map(tuple),
                      sections=st.lists(SECTIONS, max_size=3).map(tuple))


@settings(CI, max_examples=150)
@given(SNAPSHOTS, SNAPSHOTS)
def test_diff_of_any_two_snapshots(a, b):
    """Duplicate keys, empty keys, huge or negative numbers, invalid dates: never an exception,
    and a snapshot never differs from itself."""
    assert compare(a, a) == []
    assert compare(b, b) == []
    changes = compare(a, b)
    assert all(c.kind in ("added", "removed", "changed", "refined", "reconfirmed") for c in changes)
    compare(b, a)
    summary_line(changes)
