"""The shape every reader produces: a `Document` of `Block`s (headings, paragraphs, list items,
footnotes), so the parser sees one simple form whatever the source format was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


BlockKind = Literal["heading", "paragraph", "item", "footnote"]


@dataclass(frozen=True)
class Block:
    """One unit of the edition's text, in reading order. A row of a table whose header names a
    place column is an "item" with marker "|" and text "place - date - action. Header: value"
    (see `table_blocks`); the parser takes its first cell as the place."""

    kind: BlockKind
    text: str
    level: int = 0
    marker: str | None = None


@dataclass(frozen=True)
class Document:
    """An edition as read: its blocks, the format and encoding found, reading warnings, and
    what the page says of its own date outside its text (an HTML page's publication time in
    its metadata, a byline or dateline element), most trusted first, and the text it strikes
    out."""

    blocks: tuple[Block, ...]
    format: str
    encoding: str
    warnings: tuple[str, ...]
    dated: tuple[str, ...] = ()
    # struck-out text (Markdown ~~x~~, HTML <del>, <s>, <strike>): not part of the blocks, since
    # the edition takes it back; kept so a report stream can tell what was taken back
    struck: tuple[str, ...] = ()
