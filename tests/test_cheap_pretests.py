"""The cheap tests run before big caseless patterns must never turn away a text the pattern
would match: checked on every sentence of the corpus and on texts made to test case folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.vocabulary import relative

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"
TRICKY = ["On Tuesday, the camp closed", "thİs morning", "ſaturday", "laſt weeK", "TONIGHT",
          "in recent weeks", "over the WEEKEND", "a few days ago", "by the end of the month",
          "nothing of the kind", "the base at Kabul", "Recently handed over", "yesterday"]


def _sentences() -> list[str]:
    out = list(TRICKY)
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".txt", ".md", ".html"):
            text = path.read_text(encoding="utf-8", errors="replace")
            out += [s for line in text.splitlines() for s in line.split(". ") if s.strip()]
    return out


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _sentences()


def test_relative_pretest_keeps_every_match(sentences: list[str]) -> None:
    missed = [s for s in sentences
              if relative._PATTERN.search(s) and not relative._may_be_relative(s)]
    assert missed == []
