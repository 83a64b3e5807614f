"""Parsing: a Document of blocks -> a Snapshot of keyed events, counts and sections.

A pure function of the text and `tracker.model.PARSER_VERSION`; see `tracker.parse.parser` for
the stages and the vocabulary they share (`tracker.vocabulary`).

The parser and its patterns load on first use of these names: a command that needs only one
rule of a parse module (the report's check of counts against lists, `tracker.parse.counts`)
starts without compiling them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.parse.parser import clear_caches, parse_bytes, parse_document, parse_text

__all__ = ["clear_caches", "parse_bytes", "parse_document", "parse_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tracker.parse import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
