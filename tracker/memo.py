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
    """A bounded memo of a function whose first argument is a text; a text longer than
    `longest` is computed afresh and not kept (None: every argument is kept, in an LRU)."""
    def wrap(fn: F) -> F:
        if longest is not None and fn.__code__.co_argcount == 1:  # the text alone: a dict,
            texts = _Texts(fn, maxsize, longest)                    # looked up with no Python call
            _CLEARS.append(texts.clear)
            return texts.__getitem__  # type: ignore[return-value]
        cached = lru_cache(maxsize=maxsize)(fn)
        _CLEARS.append(cached.cache_clear)
        if longest is None:
            return cached  # type: ignore[return-value]

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            return cached(text, *args) if text is None or len(text) <= longest else fn(text, *args)

        return call  # type: ignore[return-value]
    return wrap


class _Texts(dict):  # type: ignore[type-arg]
    """The memo of a function of one text: a text met before is found by the dict's own lookup
    (in C, no Python call: the parse asks some memos hundreds of times an edition), a new one
    computed by `__missing__`, kept when it is short enough; the whole memo is forgotten when
    full (the next edition refills it), cheaper than keeping an LRU order."""

    __slots__ = ("fn", "maxsize", "longest")

    def __init__(self, fn: Callable[[Any], Any], maxsize: int, longest: int) -> None:
        super().__init__()
        self.fn, self.maxsize, self.longest = fn, maxsize, longest

    def __missing__(self, text: Any) -> Any:
        value = self.fn(text)
        if text is None or len(text) <= self.longest:
            if len(self) >= self.maxsize:
                self.clear()
            self[text] = value
        return value


def forget_with_the_rest(clear: Callable[[], None]) -> None:
    """A memo kept by hand (a dict) that `clear()` empties too."""
    _CLEARS.append(clear)


def clear() -> None:
    for forget in _CLEARS:
        forget()
