"""State of one parse shared by its stages: what is known about the whole edition (as-of date,
footnotes, leading and host nations, warnings so far) and the keys already handed out, so the
stages stay pure functions of their text plus this."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Context:
    """What the stages know of the whole edition, and what they add to it as they read."""

    as_of: str | None
    footnotes: dict[str, str]
    lead: set[str]
    host: str | None
    warnings: list[str] = field(default_factory=list)
    seen: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # text -> its nation mentions
    retractions: list[Any] = field(default_factory=list)  # what the report takes back (Retraction)


class Keys:
    """Keys handed out in one snapshot: `key`, then `key-2`, `key-3` ... The next free number
    is remembered per key so an input with thousands of repeats stays linear."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def claim(self, key: str) -> str:
        out = key
        if out in self.taken:
            n = self.next.get(key, 2)
            while f"{key}-{n}" in self.taken:
                n += 1
            out = f"{key}-{n}"
            self.next[key] = n + 1
        self.taken.add(out)
        return out
