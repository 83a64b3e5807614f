"""Tables: a table of handovers (a header naming a place column) -> one item per row, so a
tabular brief parses like a list; any other table -> one paragraph per row."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.read.normalising import normalise
from tracker.vocabulary.dates import MONTH_RE_SOURCE
from tracker.vocabulary.verbs import VERB


_ROLE_RES = (
    ("date", re.compile(r"\b(?:dates?|when|day|on)\b", re.I)),
    ("place", re.compile(
        r"\b(?:bases?|places?|locations?|sites?|camps?|installations?|facilit(?:y|ies)|names?|"
        r"air\s*fields?|air\s*bases?|garrisons?|posts?|positions?|outposts?|towns?|cit(?:y|ies)|"
        r"localit(?:y|ies)|propert(?:y|ies)|parcels?|tracts?|compounds?|stations?)\b", re.I)),
    ("action", re.compile(r"\b(?:status|action|event|what\s+happened|handover|hand-over|transfer|outcome|"
                          r"state|progress|stage|type|withdrawal)\b", re.I)),
)


# A cell that holds a date: a month's name or a year ("30 June 1999", "September 1997", "1998").
_DATED_CELL = re.compile(rf"\b(?:(?:19|20)\d\d|{MONTH_RE_SOURCE})\b", re.I)


def _column_roles(header: list[str], body: list[list[str]]) -> dict[int, str]:
    """Column index -> "date" | "place" | "action", each role given to its first column. With
    no header naming a date, the first other column whose cells are mostly dates is the date
    column ("Reverted to Panama": 30 June 1999), and with no action column its header, which
    then says what happened on those days, is read as each row's action ("date_action")."""
    roles: dict[int, str] = {}
    for role, pattern in _ROLE_RES:
        for i, cell in enumerate(header):
            if i not in roles and len(cell) <= 40 and pattern.search(cell):
                roles[i] = role
                break
    if body and "date" not in roles.values():
        for i in range(len(header)):
            cells = [r[i] for r in body if i < len(r) and r[i]]
            if i in roles and roles[i] != "action" or not cells:
                continue
            if 2 * sum(1 for c in cells if len(c) <= 30 and _DATED_CELL.search(c)) >= len(body):
                # "Handed over | Status": a header that names the action still tells it when a
                # status column says how far each row has come
                told = roles.get(i) == "action" or "action" not in roles.values() \
                    or VERB.search(header[i]) is not None
                roles[i] = "date_action" if told and len(header[i]) <= 40 else "date"
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
    roles = _column_roles(header, rows[1:])
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
        if "date_action" in order and cells[order["date_action"]]:
            parts += [cells[order["date_action"]], header[order["date_action"]]]
        extra = [f"{header[i] or 'Note'}: {c}" for i, c in enumerate(cells)
                 if i not in roles and c and i < len(header)]
        text = " - ".join(parts)
        if extra:
            text += ". " + ". ".join(extra)
        blocks.append(Block("item", text, 0, "|"))
    return blocks
