"""The words `tallies._matches` looks for before searching a count pattern only skip sentences
the pattern cannot match: folding maps every character a caseless pattern takes for an ASCII
letter to that letter, and every sentence of the development data a pattern matches holds one
of its words."""

import re
from pathlib import Path

from tracker.parse import tallies

ROOT = Path(__file__).resolve().parent.parent


def test_folding_maps_every_caseless_letter():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        taken = set(re.findall(f"(?i:{letter})", every))
        assert {c.translate(tallies._FOLD).lower() for c in taken} == {letter}


def test_every_matched_sentence_holds_a_needed_word():
    sentences = []
    for folder in ("benchmarks/corpus", "tests/data", "snapshots"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".md", ".html"):
                sentences += re.split(r"(?<=[.!?])\s+|\n", path.read_text(errors="replace"))
    matched = 0
    for sentence in sentences:
        folded = sentence.translate(tallies._FOLD).lower()
        for pattern, needs in tallies._NEEDS.items():
            if pattern.search(sentence):
                matched += 1
                assert any(word in folded for word in needs), (pattern.pattern[:60], sentence)
    assert matched > 20
