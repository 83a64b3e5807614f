"""Tables: a table of handovers (a header naming a place column) -> one item per row, so a
tabular brief parses like a list; any other table -> one paragraph per row."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.read.normalising import normalise


_ROLE_RES = (
    ("date", re.compile(r"\b(?:dates?|when|day|on)\b", re.I)),
    ("place", re.compile(
        r"\b(?:bases?|places?|locations?|sites?|camps?|installations?|facilit(?:y|ies)|names?|"
        r"air\s*fields?|air\s*bases?|garrisons?|posts?|positions?|outposts?|towns?|cit(?:y|ies)|"
        r"localit(?:y|ies))\b", re.I)),
    ("action", re.compile(r"\b(?:status|action|event|what|handover|hand-over|transfer|outcome|"
                          r"state|progress|stage|type|withdrawal)\b", re.I)),
)


def _column_roles(header: list[str]) -> dict[int, str]:
    """Column index -> "date" | "place" | "action", each role given to its first column."""
    roles: dict[int, str] = {}
    for role, pattern in _ROLE_RES:
        for i, cell in enumerate(header):
            if i not in roles and len(cell) <= 40 and pattern.search(cell):
                roles[i] = role
                break
    return roles


def table_blocks(rows: list[list[str]]) -> list[Block]:
    """Rows of cells (the first one the header) -> blocks. A table whose header names a place
    column gives one item per row, marker "|", text "place - date - action" then the other
    cells as "Header: value"; any other table gives one "a | b | c" paragraph per row."""
    rows = [[normalise(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = rows[0]
    roles = _column_roles(header)
    if "place" not in roles.values() or len(rows) < 2:
        return [Block("paragraph", " | ".join(c for c in r if c)) for r in rows]
    order = {role: i for i, role in roles.items()}
    blocks = []
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        place = cells[order["place"]]
        if not place:
            continue
        parts = [place] + [cells[order[r]] for r in ("date", "action") if r in order and cells[order[r]]]
        extra = [f"{header[i] or 'Note'}: {c}" for i, c in enumerate(cells)
                 if i not in roles and c and i < len(header)]
        text = " - ".join(parts)
        if extra:
            text += ". " + ". ".join(extra)
        blocks.append(Block("item", text, 0, "|"))
    return blocks
