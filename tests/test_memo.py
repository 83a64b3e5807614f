"""The parser's memos: texts of item size are kept, longer ones never; clear() forgets all."""

from tracker import memo
from tracker.parse.parser import clear_caches, parse_text


def test_long_texts_are_computed_afresh_and_clear_forgets():
    calls: list[str] = []

    @memo.remembered(8, longest=10)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert upper("short") == upper("short") == "SHORT"
    assert calls == ["short"]  # the second call was remembered
    long_text = "x" * 11
    upper(long_text)
    upper(long_text)
    assert calls == ["short", long_text, long_text]  # never kept
    memo.clear()
    upper("short")
    assert calls[-1] == "short" and len(calls) == 4


def test_a_parse_after_clear_caches_says_the_same():
    text = "B\n\nAs of 5 May 2020.\n\n1. On 3 May 2020, troops left Camp Taji.\n"
    first = parse_text(text)
    clear_caches()
    assert parse_text(text) == first
