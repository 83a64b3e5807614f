"""Shared finishing of every reader's blocks: notes sections and "[n] text" blocks become
footnotes, leftovers and empty blocks are dropped, and a heading that announces page furniture
("Related posts", "Comments") drops its section. One pass for all formats keeps them alike."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.read.leftovers import is_leftover


_NOTES_HEADING = re.compile(
    r"(?:foot|end)?notes?|references?|sources?(?: and notes)?|notes and (?:references|sources)|citations?|"
    r"bibliography|works cited",
    re.I,
)
FOOT_PREFIX = re.compile(r"\[\^?([0-9]{1,4}|[a-zA-Z]|[^\]\s]{1,12}(?=\]:))\]:?\s+(\S.*)", re.S)
_NUMBER_PREFIX = re.compile(r"\(?([0-9]{1,4})[.):\]]\s+(\S.*)", re.S)
_LEFTOVER_SECTIONS = re.compile(
    r"related(?: posts| articles| stories| news| content)?|you (?:may|might) also like|read more|read next|"
    r"more (?:from|stories|news)\b.*|recommended(?: for you)?|popular posts|trending(?: now)?|most read|"
    r"(?:\d+ |no )?comments?(?: \(\d+\))?|leave a (?:reply|comment)|share this(?: article| post| story)?",
    re.I,
)


def finish(blocks: list[Block]) -> list[Block]:
    """Turn notes sections and "[n] text" blocks into footnotes; drop leftovers and empties.
    A heading that announces page furniture ("Related posts", "Comments") drops its section."""
    out: list[Block] = []
    in_notes = False
    skip_level = 0
    number = 0
    for b in blocks:
        if not b.text:
            continue
        if b.kind == "heading":
            title = b.text.rstrip(":").strip()
            if skip_level and b.level > skip_level:
                continue
            skip_level = 0
            if _LEFTOVER_SECTIONS.fullmatch(title):
                skip_level = b.level or 1
                continue
            in_notes = _NOTES_HEADING.fullmatch(title) is not None
            number = 0
            if not is_leftover(b.text):
                out.append(b)
            continue
        if skip_level or is_leftover(b.text):
            continue
        if b.kind != "footnote":
            b = as_footnote(b, in_notes, number + 1) or b
        if b.kind == "footnote":
            number = int(b.marker) if b.marker and b.marker.isdigit() else number + 1
        out.append(b)
    return out


def as_footnote(b: Block, in_notes: bool, next_number: int) -> Block | None:
    """`b` as a footnote when it reads as one ("[2] text", or an item or "2. text" in a notes
    section), else None; the HTML reader asks the same of its notes lists."""
    m = FOOT_PREFIX.match(b.text)
    if m:
        return Block("footnote", m.group(2), 0, m.group(1))
    if not in_notes:
        return None
    if b.kind == "item":
        marker = (b.marker or "").rstrip(".)")
        return Block("footnote", b.text, 0, marker if marker.isdigit() else str(next_number))
    m = _NUMBER_PREFIX.match(b.text)
    if m:
        return Block("footnote", m.group(2), 0, m.group(1))
    return None
