"""Parsing: a Document of blocks -> a Snapshot of keyed events, counts and sections.

A pure function of the text and `tracker.model.PARSER_VERSION`; see `tracker.parse.parser` for
the stages and the vocabulary they share (`tracker.vocabulary`).
"""

from tracker.parse.parser import clear_caches, parse_bytes, parse_document, parse_text

__all__ = ["clear_caches", "parse_bytes", "parse_document", "parse_text"]
