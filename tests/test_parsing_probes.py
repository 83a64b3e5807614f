"""Probe editions in styles the parser once missed: a bracketed code between a name and its
generic word, a facility named without a base word, record lines ("K1 - date - handed over")
in plain text, Markdown and HTML, and casualty figures that are not personnel."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.numbers import find_personnel
from tracker.parsing import parse_bytes, parse_text

DATA = Path(__file__).resolve().parent / "data" / "parsing"


def parse(name: str):
    return parse_bytes((DATA / name).read_bytes(), name)


def facts(snapshot) -> list[tuple]:
    return [(e.key, e.name, e.date, e.action, e.status, e.place, e.personnel, e.aliases)
            for e in snapshot.events]


def test_plain_text_probes():
    snap = parse("probes-2020-04-25.txt")
    assert snap.as_of == "2020-04-25"
    assert facts(snap) == [
        ("qaim", "Al Qa'im Base", "2020-03-17", "handover", "completed", None, None, ()),
        ("qayara", "Qayyarah Airfield", "2020-03-26", "withdrawal", "completed", None, 300,
         ("QW",)),
        ("taqadum", "Al Taqaddum Air Base", "2020-04-04", "withdrawal", "completed", None, 500,
         ("TQ",)),
        # no base word, year from the edition's as-of date, "(Mosul)" situates it
        ("nineve-operations-comand", "Nineveh Operations Command", "2020-04-20", "handover",
         "completed", "Mosul", None, ()),
        # the action is in the item's second sentence; "wounded two contractors" is no strength
        ("rasul", "Camp Rasul", "2020-04-21", "handover", "completed", None, None, ()),
        ("rasulba", "Rasulba Base", "2020-04-22", "withdrawal", "completed", None, 200, ()),
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("taji", "Taji", "2020-04-23", "handover", "completed", None, None, ()),
    ]
    assert [(c.key, c.value, c.as_of) for c in snap.counts] == [
        ("bases-transferred", 8, "2020-04-25")]
    assert snap.warnings == ()
    assert not any(s.title.startswith("K1") for s in snap.sections)


def test_markdown_record_bullets():
    snap = parse("probes-2020-04-25.md")
    assert facts(snap) == [
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("qaim", "Al-Qaim base", "2020-03-17", "handover", "completed", None, None, ()),
        ("taqadum", "Al Taqaddum Air Base", "2020-04-04", "withdrawal", "completed", None, None,
         ("TQ",)),
        # a bracketed word already in the name is its city, not another name
        ("baghdad-operations-comand", "Baghdad Operations Command", "2020-04-24", "handover",
         "completed", "Baghdad", None, ()),
    ]


def test_html_record_list_items():
    snap = parse("probes-2020-04-25.html")
    assert facts(snap) == [
        ("qaim", "Al-Qaim base", "2020-03-17", "handover", "completed", None, None, ()),
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("rasul", "Camp Rasul", "2020-04-21", "closure", "completed", None, None, ()),
    ]


def test_casualties_are_not_personnel():
    assert find_personnel("a rocket attack in December had wounded two contractors") is None
    assert find_personnel("three soldiers were killed in the attack") is None
    assert find_personnel("the strike left 4 casualties") is None
    assert find_personnel("500 troops withdrew after two soldiers were killed") == 500
    assert find_personnel("wounding 14 others; 2,500 troops remain") == 2500
    assert find_personnel("about 500 coalition troops departed") == 500


@pytest.mark.parametrize("fmt, text", [
    ("html", "<h1>Brief</h1><p>As of 2 May 2022.</p><h2>What next</h2>"
             "<p>Correction: an earlier edition said troops left the airfield; that was wrong.</p>"),
    ("markdown", "# Brief\n\nAs of 2 May 2022.\n\n## What next\n\n"
                 "Correction: an earlier edition said troops left the airfield; that was wrong.\n"),
])
def test_lead_in_right_under_a_heading_stays_in_that_section(fmt: str, text: str) -> None:
    sections = {s.key: s for s in parse_text(text, fmt).sections}
    assert "what-next" in sections and "correction" not in sections
    assert sections["what-next"].text.startswith("Correction: an earlier edition")
