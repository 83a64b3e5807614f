"""Tables: a table of handovers (a header naming a place column) -> one item per row, so a
tabular brief parses like a list; any other table -> one paragraph per row."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.read.normalising import normalise
from tracker.vocabulary.dates import MONTH_RE_SOURCE
from tracker.vocabulary.site_nouns import SITE_NOUN_RE_SOURCE
from tracker.vocabulary.verbs import VERB


_DATE_HEADER = re.compile(r"\b(?:dates?|when|day|on)\b", re.I)
# header words for the column naming the site itself ("Site", "Team site", "Installation",
# "Name of post", "FOB") and for one that may only locate it ("Location", "Town"); not
# "Headquarters", which in a table of forces locates a command more often than a site
_SITE_HEADER = re.compile(
    r"\b(?:bases?|sites?|camps?|installations?|facilit(?:y|ies)|names?|air\s*fields?|air\s*bases?|"
    r"air\s*strips?|air\s*ports?|heliports?|garrisons?|posts?|checkpoints?|positions?|outposts?|"
    r"propert(?:y|ies)|parcels?|tracts?|compounds?|stations?|places?|premises|barracks|kasernes?|"
    r"depots?|offices?|cantonments?|forts?|enclaves?|annex(?:es)?|fobs?)\b", re.I)
_LOCATOR_HEADER = re.compile(
    r"\b(?:locations?|towns?|cit(?:y|ies)|localit(?:y|ies))\b", re.I)
# a header telling the day a site was left or handed over ("Last troops out", "Handed over")
_DONE_HEADER = re.compile(r"\b(?:out|left|departed|completed?|ended|closed|vacated|handed|returned)\b", re.I)
_AGREED = re.compile(r"\b(?:agreed|agreement|signed|announced|notified|requested)\b", re.I)
_ACTION_HEADER = re.compile(
    r"\b(?:status|action|event|what\s+happened|handover|hand-over|transfer|outcome|state|progress|"
    r"stage|type|withdrawal)\b", re.I)

# A cell that holds a date: a month's name, a year, a quarter or half, or a date still to be
# set ("30 June 1999", "September 1997", "1998", "Q3", "first half of 2022", "TBD").
_DATED_CELL = re.compile(rf"\b(?:(?:19|20)\d\d|{MONTH_RE_SOURCE}|Q[1-4]|H[12]|(?:first|second)\s+half|"
                         rf"quarter|TB[CDA]|to\s+be\s+(?:confirmed|determined|decided))\b", re.I)
# a header may name the period a column gives ("Quarter returned"): a word, not a date
_PERIOD_WORD = re.compile(r"^(?:quarter|half)\b", re.I)
# A cell that tells how far a row has come: an action word ("Handed over", "Vacated") or a
# state ("Pending", "In progress", "Scheduled Q3", "Completed")
_STATUS_CELL = re.compile(r"\b(?:completed?|done|finished|closed|pending|planned|scheduled|"
                          r"expected|proposed|due|under\s*way|ongoing|in\s+progress|started|partial)\b",
                          re.I)
# A cell that names a site by its kind ("Camp Kilo", "Post Amber", "Townsville office")
_SITE_CELL = re.compile(rf"\b{SITE_NOUN_RE_SOURCE}", re.I)
_NUMBER_CELL = re.compile(r"[\d.,\s%~]+(?:\s*\w{1,4})?")
_EMPTY_CELL = re.compile(r"[\s\-\u2013\u2014.?/]*|n/?a", re.I)


_SAMPLE_ROWS = 12  # a column's kind shows in its first rows; a long re-listed table is not read twice


class _Columns:
    """The filled cells of each column of a table's first rows ("-", "n/a" are empty), and
    whether most of a column passes a test, each worked out once."""

    def __init__(self, body: list[list[str]]) -> None:
        self.body = body[:_SAMPLE_ROWS]
        self._cells: dict[int, list[str]] = {}
        self._mostly: dict[tuple[int, object], bool] = {}

    def cells(self, i: int) -> list[str]:
        if i not in self._cells:
            self._cells[i] = [r[i] for r in self.body if i < len(r) and r[i]
                              and not _EMPTY_CELL.fullmatch(r[i])]
        return self._cells[i]

    def mostly(self, i: int, test) -> bool:
        key = (i, test)
        if key not in self._mostly:
            cells = self.cells(i)
            self._mostly[key] = bool(cells) and 2 * sum(1 for c in cells if test(c)) >= len(cells)
        return self._mostly[key]


def _dated(cell: str) -> bool:
    return len(cell) <= 30 and _DATED_CELL.search(cell) is not None


def _status(cell: str) -> bool:
    return len(cell) <= 40 and (_STATUS_CELL.search(cell) is not None or VERB.search(cell) is not None)


def _number(cell: str) -> bool:
    return _NUMBER_CELL.fullmatch(cell) is not None


def _site_like(cell: str) -> bool:
    return len(cell) <= 60 and cell[:1].isupper() and _SITE_CELL.search(cell) is not None


def _place_column(header: list[str], cols: _Columns, taken: dict[int, str]) -> int | None:
    """The column naming the site: by its cells (mostly site names, "Camp Kilo", "Post Amber")
    and its header's words, a site's ("Site", "Installation") before a locator's ("Location",
    "Town"), so a column that only locates the site is never taken for it; leftmost on a tie.
    None when no column is either."""
    best, best_score = None, None
    for i, head in enumerate(header):
        if i in taken:
            continue
        short = len(head) <= 40
        site_head = short and _SITE_HEADER.search(head) is not None
        locator_head = short and _LOCATOR_HEADER.search(head) is not None
        site_cells = cols.mostly(i, _site_like)
        if not (site_head or locator_head or site_cells) \
                or not site_head and cols.mostly(i, _number):
            continue  # "Town | Households": figures name no place, unless the header says
            # what they number ("Position | 60")
        score = (site_cells, site_head, -i)
        if best_score is None or score > best_score:
            best, best_score = i, score
    return best


def _column_roles(header: list[str], body: list[list[str]]) -> dict[int, str]:
    """Column index -> "date" | "place" | "action", each role given to one column, whatever
    the header's wording: the date column by its header ("Date", "When") or else by its cells
    (mostly dates, quarters or "TBD"); the action column by its header ("Status", "Progress")
    or else by its cells ("Handed over", "Pending"); the place column by `_place_column`. A
    date column found by its cells whose header says what happened on those days ("Reverted
    to Panama": 30 June 1999) gives each row that action ("date_action") when no action
    column does, or when its header names the action beside a status column ("Handed over |
    Status": completed)."""
    roles: dict[int, str] = {}
    cols = _Columns(body)
    for role, pattern in (("date", _DATE_HEADER), ("action", _ACTION_HEADER)):
        for i, cell in enumerate(header):
            if i not in roles and len(cell) <= 40 and pattern.search(cell) \
                    and not (role == "date" and cols.mostly(i, _site_like)) \
                    and not (role == "action" and cols.mostly(i, _dated)):
                roles[i] = role
                break
    if body and "action" not in roles.values():
        for i in range(len(header)):
            if i not in roles and cols.mostly(i, _status) and not cols.mostly(i, _site_like):
                roles[i] = "action"
                break
    place = _place_column(header, cols, roles)
    if place is not None:
        roles[place] = "place"
    dated = [i for i in range(len(header)) if roles.get(i) not in ("place", "date")
             and cols.mostly(i, _dated)] if body and "date" not in roles.values() else []
    if dated:
        # of several ("Agreed | Last troops out"), the one whose header tells the departure,
        # else the last: a table runs from what was agreed to what was done
        i = next((i for i in dated if (_DONE_HEADER.search(header[i]) or VERB.search(header[i]))
                  and not _AGREED.search(header[i])), dated[-1])
        told = roles.get(i) == "action" or "action" not in roles.values() \
            or VERB.search(header[i]) is not None
        roles[i] = "date_action" if told and len(header[i]) <= 40 else "date"
    return roles


_CODE_CELL = re.compile(r"[A-Z]?\d{1,4}[A-Z]?")
_KIND_HEADER = re.compile(r"(?P<kind>[A-Za-z][a-z]*(?: [a-z]+)?)(?:\s*(?:no\.?|number|#))?", re.I)


def _numbered(place: str, head: str) -> str:
    """A site named only by its number under a header naming its kind ("Position" over "60")
    -> "Position 60", as the text would name it; any other cell as it is."""
    kind = _KIND_HEADER.fullmatch(head.strip())
    if not _CODE_CELL.fullmatch(place) or kind is None or not _SITE_HEADER.search(head):
        return place
    word = kind.group("kind").strip()
    if word.lower().endswith("s") and not word.lower().endswith(("ss", "barracks", "premises")):
        word = word[:-1]
    return f"{word[:1].upper()}{word[1:]} {place}"


def _spanning(row: list[str], width: int) -> bool:
    """A row with one filled cell in a table of three or more columns: a title across it."""
    return width >= 3 and sum(1 for c in row if c) == 1


def _header_and_body(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The header row and the rows under it. Title rows across the table ("Status of team
    sites", "Sector North") before the header are skipped; a table whose first row already
    holds a date ("Camp Lima | Vacated | 4 May 2009") has no header, and every row is a row."""
    width = max(len(r) for r in rows)
    first = 0
    while first < len(rows) - 1 and _spanning(rows[first], width):
        first += 1
    header = rows[first]
    if any(_dated(c) and any(ch.isdigit() for ch in c) for c in header):
        return [""] * width, rows[first:]
    return header + [""] * (width - len(header)), rows[first + 1:]


def table_blocks(rows: list[list[str]]) -> list[Block]:
    """Rows of cells (the first one the header) -> blocks. A table whose header names a place
    column gives one item per row, marker "|", text "place - date - action" then the other
    cells as "Header: value"; any other table gives one "a | b | c" paragraph per row."""
    rows = [[normalise(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header, body = _header_and_body(rows)
    roles = _column_roles(header, body)
    if "place" not in roles.values() or not body:
        return [Block("paragraph", " | ".join(c for c in r if c)) for r in rows]
    order = {role: i for i, role in roles.items()}
    blocks = []
    for row in body:
        if _spanning(row, len(header)):
            continue  # "Sector East" across the table: a group's title, no row of its own
        cells = [("" if _EMPTY_CELL.fullmatch(c) else c) for c in row + [""] * (len(header) - len(row))]
        place = _numbered(cells[order["place"]], header[order["place"]])
        if not place:
            continue
        parts = [place] + [cells[order[r]] for r in ("date", "action") if r in order and cells[order[r]]]
        if "date_action" in order:  # the header tells the action, whether the day is known or not
            parts += [c for c in (cells[order["date_action"]], header[order["date_action"]]) if c]
        extra = [f"{header[i] or 'Note'}: {c}" for i, c in enumerate(cells)
                 if i not in roles and c and i < len(header)]
        text = " - ".join(parts)
        if extra:
            text += ". " + ". ".join(extra)
        blocks.append(Block("item", text, 0, "|"))
    return blocks


# A gap of two or more spaces (or a tab) between two pieces of text on one line
_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_CELL_BREAK = re.compile(r"\t+| {2,}")
_RULE_LINE = re.compile(r"[-=_+|:\s]{3,}")


def gapped(line: str) -> bool:
    """Whether a line has text on both sides of a gap of two or more spaces (a possible row of
    a table set out in aligned columns)."""
    line = line.strip()
    return ("  " in line or "\t" in line) and _GAP.search(line) is not None


def is_rule(line: str) -> bool:
    """A line of dashes or equals signs under a header ("-----  ------")."""
    return _RULE_LINE.fullmatch(line.strip()) is not None and any(c in line for c in "-=_")


def aligned_rows(lines: list[str]) -> list[list[str]] | None:
    """Lines of text set out in aligned columns ("Site      Status       Date", then one line a
    row) -> rows of cells, the first the header; None unless each line has a gap, the gaps
    line up in every line, and the header names or the cells show a place column (so a run of
    "Label:    value" lines stays as it was). Columns are cut where every line is blank for
    two or more characters; rule lines ("-----  ----") are dropped."""
    rows = [line.rstrip() for line in lines if not is_rule(line)]
    if len(rows) < 3 or not all(gapped(r) for r in rows):
        return None
    split = [_CELL_BREAK.split(r.strip()) for r in rows]
    if len({len(cells) for cells in split}) == 1:  # tab-separated, or every cell filled
        return _site_table(split)
    rows = [r.expandtabs(8) for r in rows]
    indent = min(len(r) - len(r.lstrip()) for r in rows)
    rows = [r[indent:] for r in rows]
    width = max(len(r) for r in rows)
    padded = [r.ljust(width) for r in rows]
    blank = [all(p[i] == " " for p in padded) for i in range(width)]
    cuts, i = [], 0
    while i < width:
        if blank[i]:
            j = i
            while j < width and blank[j]:
                j += 1
            if j - i >= 2 and i > 0 and j < width:
                cuts.append((i, j))
            i = j
        else:
            i += 1
    if not cuts:
        return None
    bounds = [0] + [j for _, j in cuts]
    ends = [i for i, _ in cuts] + [width]
    return _site_table([[p[s:e].strip() for s, e in zip(bounds, ends)] for p in padded])


def _site_table(table: list[list[str]]) -> list[list[str]] | None:
    """The rows, when their first is a header and they have a place column."""
    if not all(table[0]) or any(c.endswith(":") or _DATED_CELL.search(_PERIOD_WORD.sub("", c))
                                for c in table[0]):
        return None  # "Date of issue:   30 April 2009": labels and values, not a table
    cells = [c for row in table for c in row if c]
    if 2 * sum(1 for c in cells if c.endswith((".", "!", "?")) and c.count(" ") >= 2) > len(cells):
        return None  # sentences set two spaces apart: prose
    return table if "place" in _column_roles(table[0], table[1:]).values() else None
