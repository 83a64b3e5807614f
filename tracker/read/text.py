"""Plain text -> blocks: blank-line paragraphs with wrapped lines joined, one item per
numbered/bulleted line, "[n] text" footnotes, pipe tables, and headings found from their shape.
The Markdown and HTML readers fall back on it for code blocks and line-structured runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.memo import remembered
from tracker.read.document import Block
from tracker.read.leftovers import MAX_LEFTOVER, is_leftover
from tracker.read.normalising import normalise
from tracker.read.tables import aligned_rows, gapped, is_rule, table_blocks


_ATX_RE = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_UNDERLINE_RE = re.compile(r"(={3,}|-{3,})")
FOOTLINE_RE = re.compile(r"\[\^?([0-9]{1,4}|[a-zA-Z])\]:?\s+(\S.*)|\[\^([^\]\s]{1,20})\]:\s*(.*)")
ITEM_RE = re.compile(r"(?:([0-9]{1,5})[.)]|\(([0-9]{1,3})\)|([-*+\u2022\u2023\u25e6\u25aa\u25cf\u00b7]))\s+(\S.*)")
# what an item's marker opens on (ITEM_RE's first character)
_ITEM_FIRST = frozenset("0123456789(-*+\u2022\u2023\u25e6\u25aa\u25cf\u00b7")
# A lettered sub-item: "a. Camp X: ...", "b) ...", "(c) ..."
_LETTER_ITEM_RE = re.compile(r"(?:([a-z])[.)]|\(([a-z])\))\s+(\S.*)")
_BOLD_LEAD_RE = re.compile(r"(\*\*|__)([^*_\n]{1,120}?)\1")
_SENTENCE_END = tuple(".!?;,")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_PIPE_ROW = re.compile(r"\|.*\|")


def _heading_like(line: str) -> bool:
    """A short line that reads as a title: no sentence punctuation at its end, starts like a
    title, and (if it ends with a colon) is a short label rather than a lead-in sentence."""
    if not line or len(line) > 100 or line.endswith(_SENTENCE_END) or line.endswith("..."):
        return False
    from tracker.vocabulary.dates import is_dateline

    if is_dateline(line):
        return False  # "As at 14/09/2020" dates the edition; it names no section
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'("):
        return False
    words = line.split()
    if len(words) > 12 or not any(c.isalpha() for c in line):
        return False
    core = line.rstrip(":").strip()
    if ": " in core:
        return False
    if line.endswith(":"):
        capitalised = sum(1 for w in words if w[:1].isupper())
        return len(words) <= 3 or (len(words) <= 6 and capitalised * 2 > len(words))
    return True


@dataclass
class _Raw:
    kind: str
    parts: list[str]
    level: int = 0
    marker: str | None = None
    indent: int = 0
    dated: bool = False
    rows: list[list[str]] | None = None  # a table set out in aligned columns, its cells


_DASH_SEP = re.compile(r"\s[-\u2012\u2013\u2014\u2015]\s")


def _dated_line(line: str) -> bool:
    """A record line, "K1 - 29 March 2020 - handed over": dash-separated parts, one of them
    nothing but a date. Such a line stands alone (never a heading, never joined)."""
    if not _DASH_SEP.search(line) or not any(c.isdigit() for c in line):
        return False
    from tracker.vocabulary.dates import find_dates

    parts = [p.strip(" .,;:") for p in _DASH_SEP.split(normalise(line))]
    if len(parts) < 2 or not all(parts):
        return False
    for part in parts:
        found = find_dates(part)
        if found and found[0].start == 0 and found[0].end >= len(part.rstrip(".")) \
                and found[0].iso:
            return True
    return False


_ON_LEAD = re.compile(r"(?:on\s+|by\s+)?", re.IGNORECASE)
_TRAILING_BRACKET = re.compile(r"[\[(]([^\[\]()]{4,40})[\])]\s*\.?$")


def _whole_date(text: str) -> bool:
    """`text` is nothing but a day-and-month date ("12 Aug 2020", "the 15th of May, 1988")."""
    from tracker.vocabulary.dates import find_dates

    text = text.strip(" .,;:")
    found = find_dates(text)
    return bool(found) and found[0].start == 0 and found[0].end >= len(text) \
        and (found[0].iso is not None or bool(found[0].day and found[0].month))


def _record_after_record(previous: str, line: str) -> bool:
    """Record lines with no bullet and no full stop, one under the other ("Camp Victory,
    Baghdad - handed over 2 Dec 11"): a line that opens like a name and tells an action and a
    day, under a line that closed on a day, starts a record of its own instead of continuing
    a paragraph (a wrapped sentence never closes on a date with the next one so opening)."""
    if len(line) > 250 or not (line[:1].isupper() or line[:1].isdigit()):
        return False
    from tracker.vocabulary.verbs import VERB as _VERB
    from tracker.vocabulary.dates import find_dates

    before = find_dates(previous[-40:])
    if not before or not before[-1].iso or before[-1].end < len(previous[-40:].rstrip(" .;)")):
        return False
    return _VERB.search(line) is not None and any(d.iso for d in find_dates(line))


_PLACE_COMMA = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:[ ][A-ZÀ-Þ][\w'’.-]*){0,3}\s*,\s*")
_OPEN_END = re.compile(r"\b(?:in|on|at|of|to|from|by|and|or|the|a|an|since|until|dated|signed)\s*$",
                       re.IGNORECASE)


def _date_line_under(previous: str, line: str) -> bool:
    """A line that is only a full date, or a place and a full date ("Dili, 30 November 2012"),
    under a line that ends without a stop or an open word (a headline): the date line of a
    release, a line of its own, not the end of the headline. A wrapped sentence ("signed
    in / Moscow, 10 November 2020.") goes on."""
    if len(line) > 60 or line.endswith(".") or not any(c.isdigit() for c in line) \
            or previous.endswith(_SENTENCE_END) or _OPEN_END.search(previous):
        return False
    m = _PLACE_COMMA.match(line)
    rest = line[m.end():] if m else line
    from tracker.vocabulary.dates import find_dates

    found = find_dates(rest)
    return bool(found) and found[0].start == 0 and found[0].end >= len(rest.rstrip()) \
        and found[0].iso is not None


def _starts_dated(line: str) -> bool:
    """A line opening on a date ("On 10/09/2020, ...", "14 May 2021: ...")."""
    from tracker.vocabulary.dates import find_dates

    rest = line[_ON_LEAD.match(line).end():]
    found = find_dates(rest[:60])
    return bool(found) and found[0].start == 0 and bool(found[0].iso or found[0].day)


def _bracket_dated(line: str) -> bool:
    """A record line closing on its date in brackets: "Forces left Camp Swift [12 Aug 2020]".
    Not a line that opens in lower case: that is a wrapped sentence going on ("park (7 March),
    the Kilo quarter (15 May)")."""
    if line[:1].islower():
        return False
    m = _TRAILING_BRACKET.search(line)
    return m is not None and m.start() > 0 and _whole_date(m.group(1))


def text_blocks(lines: list[str], *, title: bool, headings: bool = True) -> list[Block]:
    """Lines of plain text -> blocks: blank-line paragraphs with wrapped lines joined, one item
    per numbered/bulleted line, "[n] text" footnotes, and headings found from their shape."""
    raws = _text_raws(lines, headings)
    return _raws_to_blocks(raws, title=title, headings=headings)


# a line whose name is led to what it says by dots: "Camp Kilo ......... handed over 12 March"
_LEADER = re.compile(r"(?P<name>\S.{0,80}?\S)\s*(?:\.{4,}|…{2,}|_{4,})\s*(?P<rest>\S.*)")
# "Camp Kilo: handed over", "Townsville office: pending": a site's name, a colon, its state
_STATUS_LINE = re.compile(r"[A-Z][\w'’.-]*(?: [\w'’.-]+){0,4}:\s+\S")


_STATE_WORD = re.compile(r"\b(?:pending|scheduled|planned|due|expected|in\s+progress|under\s*way|"
                         r"completed?|closed|open)\b", re.IGNORECASE)


def _status_line(line: str) -> bool:
    """A short line giving a site's state after its name and a colon, such as a status list
    sets one under the other without bullets."""
    if len(line) > 160 or _STATUS_LINE.match(line) is None:
        return False
    from tracker.vocabulary.site_nouns import is_site_noun
    from tracker.vocabulary.verbs import VERB as _VERB

    label, rest = line.split(":", 1)
    words = label.split()
    return is_site_noun(words[-1]) or len(words) >= 2 and all(w[:1].isupper() for w in words) \
        and (_VERB.search(rest) is not None or _STATE_WORD.search(rest) is not None)


def _in_sequence(number: str | None, cur: _Raw | None) -> bool:
    """ "1000. text" is an item only right after item 999 (a line may begin with a year)."""
    if not number or len(number) <= 3:
        return True
    return cur is not None and cur.kind == "item" and cur.marker == f"{int(number) - 1}."


def _letter_in_sequence(m: re.Match[str], cur: _Raw | None, indent: int) -> bool:
    """ "a. Camp X: handover in May" is a sub-item where a list goes on: "a" under an item
    (indented deeper, or the item's lead-in ending on a colon), each next letter right after
    the one before; a wrapped sentence never opens on "a. " or "b) "."""
    letter = m.group(1) or m.group(2)
    if cur is None or cur.kind != "item":
        return False
    if letter == "a":
        return indent > cur.indent or cur.parts[-1].endswith(":")
    return cur.marker == f"{chr(ord(letter) - 1)}."


@remembered(8192)
def _leftover_line(line: str) -> bool:
    """`is_leftover` of a stripped line, its spaces collapsed (remembered: the next edition
    repeats its lines, and splitting each again costs more than the lookup)."""
    return is_leftover(" ".join(line.split()))


def _aligned_tables(lines: list[str]) -> dict[int, tuple[int, list[list[str]]]]:
    """Line index -> (end, rows) of each run of lines set out in aligned columns that reads as
    a table of sites (`aligned_rows`); a run is consecutive lines each with a gap (or a rule
    line under the header), so a title line right above it stays a title."""
    found: dict[int, tuple[int, list[list[str]]]] = {}
    i, n = 0, len(lines)
    while i < n:
        if not gapped(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < n and (gapped(lines[j]) or is_rule(lines[j])):
            j += 1
        rows = aligned_rows(lines[i:j])
        if rows is not None:
            found[i] = (j, rows)
        i = j
    return found


def _text_raws(lines: list[str], headings: bool) -> list[_Raw]:
    raws: list[_Raw] = []
    cur: _Raw | None = None
    blank = True
    indents: list[int] = []
    tables = _aligned_tables(lines)
    skip_to = 0
    for at, line in enumerate(lines):
        if at < skip_to:
            continue
        if at in tables:
            skip_to, rows = tables[at]
            cur = None
            raws.append(_Raw("table", [], rows=rows))
            indents = []
            continue
        s = line.strip()
        if not s:
            blank = True
            continue
        if len(s) <= MAX_LEFTOVER and _leftover_line(s):
            continue
        indent = len(line) - len(line.lstrip())
        first = s[0]  # each pattern below opens on a few characters: a look before the call
        if first == "|" and _PIPE_ROW.fullmatch(s) and s.count("|") >= 3:
            if cur is None or cur.kind != "table" or blank:
                cur = _Raw("table", [])
                raws.append(cur)
            if not _TABLE_RULE.fullmatch(s):
                cur.parts.append(s)
            blank = False
            continue
        if headings and first in "=-" and _UNDERLINE_RE.fullmatch(s) and cur is not None and not blank \
                and cur.kind == "para" and len(cur.parts) == 1:
            cur.kind, cur.level = "heading", 1 if s[0] == "=" else 2
            cur = None
            blank = False
            continue
        m = _ATX_RE.fullmatch(s) if headings and first == "#" else None
        if m:
            cur = _Raw("heading", [m.group(2)], level=len(m.group(1)))
            raws.append(cur)
            cur, indents = None, []
        elif first == "[" and (m := FOOTLINE_RE.match(s)) is not None:
            marker, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            cur = _Raw("foot", [body], marker=marker, indent=indent)
            raws.append(cur)
        elif first in _ITEM_FIRST and (m := ITEM_RE.match(s)) is not None and _in_sequence(m.group(1), cur):
            number = m.group(1) or m.group(2)
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1] + 1:
                indents.append(indent)
            cur = _Raw("item", [m.group(4)], level=len(indents) - 1,
                       marker=f"{int(number)}." if number else "-", indent=indent)
            raws.append(cur)
        elif ("a" <= first <= "z" or first == "(") and (m := _LETTER_ITEM_RE.match(s)) is not None \
                and _letter_in_sequence(m, cur, indent):
            if not indents or indent > indents[-1] + 1:
                indents.append(indent)
            cur = _Raw("item", [m.group(3)], level=len(indents) - 1, marker=f"{m.group(1) or m.group(2)}.",
                       indent=indent)
            raws.append(cur)
        elif headings and ("...." in s or "……" in s or "____" in s) \
                and (m := _LEADER.fullmatch(s)) is not None:
            if cur is not None and cur.kind == "para" and not blank and len(cur.parts) == 1:
                cur.dated = True  # "Sites returned:" over the records: a line of its own
            cur = _Raw("para", [f"{m.group('name')} - {m.group('rest')}"], dated=True)
            raws.append(cur)  # "Camp Kilo ........ handed over 12 March": a record line
            indents = []
        elif headings and cur is not None and cur.kind == "para" and not blank \
                and _status_line(s) and _status_line(cur.parts[-1]):
            cur.dated = cur.dated or len(cur.parts) == 1  # "Hilltop Station: closure ..." over
            cur = _Raw("para", [s], dated=True)  # "Townsville office: pending": a record a line
            raws.append(cur)
            indents = []
        elif headings and (_dated_line(s) or _bracket_dated(s)) or (
                cur is not None and cur.kind == "para" and not blank
                and _record_after_record(cur.parts[-1], s)):
            if cur is not None and cur.kind == "para" and not blank and len(cur.parts) == 1:
                cur.dated = True  # the first of a run of record lines
            cur = _Raw("para", [s], dated=True)
            raws.append(cur)
            indents = []
        elif headings and cur is not None and cur.kind == "para" and not blank \
                and _date_line_under(cur.parts[-1], s):
            cur = _Raw("para", [s], dated=True)  # "Dili, 30 November 2012" under a headline: a line
            raws.append(cur)
            indents = []
        elif cur is not None and cur.kind != "heading" and (
            (not blank and not (cur.kind == "para" and cur.parts[-1].endswith((".", "!", "?"))
                                and _starts_dated(s))) or (cur.kind in ("item", "foot") and indent > cur.indent)
        ):
            cur.parts.append(s)
        else:
            cur = _Raw("para", [s])
            raws.append(cur)
            indents = []
        blank = False
    return raws


def _raws_to_blocks(raws: list[_Raw], *, title: bool, headings: bool) -> list[Block]:
    blocks: list[Block] = []
    for i, r in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if r.kind == "heading":
            blocks.append(Block("heading", normalise(r.parts[0]).rstrip(":").strip(), r.level))
        elif r.kind == "item":
            blocks.append(Block("item", _join(r.parts), r.level, r.marker))
        elif r.kind == "foot":
            blocks.append(Block("footnote", _join(r.parts), 0, r.marker))
        elif r.kind == "table":
            blocks.extend(table_blocks(r.rows or [_pipe_cells(p) for p in r.parts]))
        elif headings and r.dated:
            blocks.append(Block("paragraph", _join(r.parts)))
        elif headings:
            blocks.extend(_para_or_heading(r, nxt, first=title and i == 0))
        else:
            blocks.append(Block("paragraph", _join(r.parts)))
    return blocks


def _para_or_heading(r: _Raw, nxt: _Raw | None, first: bool) -> list[Block]:
    first_line = normalise(r.parts[0])
    if first_line.startswith(("**", "__")):
        first_line = _BOLD_LEAD_RE.sub(r"\2", first_line, count=1)
    level = 1 if first else 2
    if len(r.parts) == 1:
        if first and len(first_line) <= 150 and not first_line.endswith((".", "!", "?")):
            return [Block("heading", first_line.rstrip(":").strip(), 1)]
        if nxt is not None and _heading_like(first_line):
            return [Block("heading", first_line.rstrip(":").strip(), level)]
        return [Block("paragraph", first_line)]
    second = normalise(r.parts[1])
    if first and _title_over_dateline(first_line, second):
        return [Block("heading", first_line, 1), Block("paragraph", _join(r.parts[1:]))]
    if _heading_like(first_line) and (len(first_line) < 0.6 * len(second) or first):
        return [Block("heading", first_line.rstrip(":").strip(), level), Block("paragraph", _join(r.parts[1:]))]
    return [Block("paragraph", _join(r.parts))]


def _title_over_dateline(line: str, below: str) -> bool:
    """ "SYRIA: U.S. FORCE POSTURE - DAILY UPDATE" over "Last updated: Oct. 27, 2019" (or over
    a bare date): the document's first line is its title when a dateline follows it, colon
    or not."""
    from tracker.vocabulary.dates import is_dateline

    return len(line) <= 150 and not line.endswith(_SENTENCE_END) and (
        is_dateline(below) or _whole_date(below))


def _join(parts: list[str]) -> str:
    text = normalise(" ".join(parts))
    return _BOLD_LEAD_RE.sub(r"\2", text, count=1) if text.startswith(("**", "__")) else text


def _pipe_cells(line: str) -> list[str]:
    """One "| a | b |" line -> its cells, the outer pipes optional."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]
