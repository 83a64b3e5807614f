"""What the parser remembers between editions, in one place.

Successive editions repeat most of their items and sentences word for word, so the parse
stages memoise their pure steps by text. Every memo is bounded, and texts longer than an
item (a paragraph of a huge brief) are never kept, so memory stays flat whatever the input.
`clear()` forgets them all, for timing a first parse.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

ITEM_SIZE = 4096  # the longest text a memo keeps

_CLEARS: list[Callable[[], None]] = []
F = TypeVar("F", bound=Callable[..., Any])


def remembered(maxsize: int, longest: int | None = ITEM_SIZE) -> Callable[[F], F]:
    """An LRU memo of a function whose first argument is a text; a text longer than
    `longest` is computed afresh and not kept (None: every argument is kept)."""
    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _CLEARS.append(cached.cache_clear)
        if longest is None:
            return cached  # type: ignore[return-value]

        if fn.__code__.co_argcount == 1:  # the text alone: no tuple of further arguments to build
            @wraps(fn)
            def call_one(text: str) -> Any:
                return cached(text) if text is None or len(text) <= longest else fn(text)

            return call_one  # type: ignore[return-value]

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            return cached(text, *args) if text is None or len(text) <= longest else fn(text, *args)

        return call  # type: ignore[return-value]
    return wrap


def forget_with_the_rest(clear: Callable[[], None]) -> None:
    """A memo kept by hand (a dict) that `clear()` empties too."""
    _CLEARS.append(clear)


def clear() -> None:
    for forget in _CLEARS:
        forget()
