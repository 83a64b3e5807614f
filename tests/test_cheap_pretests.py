"""The cheap tests run before big caseless patterns must never turn away a text the pattern
would match: checked on every sentence of the corpus and on texts made to test case folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.vocabulary import dates, relative

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


def test_period_pretest_answers_as_the_pattern(sentences: list[str]) -> None:
    texts = sentences + ["ſtart of Maſ", "the laſt week", "in Q3", "mıd-June", "the weeK of",
                         "(March)", "in 2021", "- 2020 -", "between 3 and 4", "Camp Kabul"]
    differ = [s for s in texts if dates._may_name_period(s) != bool(dates._PERIOD_WORD.search(s))]
    assert differ == []
