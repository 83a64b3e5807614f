"""The brief parser: a Document of blocks -> a Snapshot of keyed events, counts and sections.

A pure function of the text: no database, no network, no knowledge of any particular brief.
Everything it knows is about how such briefs are written: a place is a capitalised name next
to a generic word ("K-1 airbase", "Camp Taji"); what happened is the action verb nearest the
place in its sentence; a headline figure is a number, a plural noun and a past participle.
Reading (tracker.reading) has already turned text, Markdown or HTML into the same blocks.

It never raises on odd text: what it cannot make sense of is skipped or becomes a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tracker import names as _names
from tracker.dates import DateMatch, find_dates
from tracker.model import Count, Event, Section, Snapshot
from tracker.numbers import NUMBER_RE_SOURCE, find_personnel, parse_number

__all__ = ["parse_document", "parse_bytes", "parse_text"]

# --------------------------------------------------------------------------------------------
# Entry points


def parse_bytes(data: bytes, filename: str | None = None, *, as_of: str | None = None) -> Snapshot:
    """Read (tracker.reading) and parse one edition; InputError from reading is the only error."""
    from tracker.reading import read_document

    return parse_document(read_document(data, filename), as_of=as_of)


_EXTENSIONS = {"text": "txt", "txt": "txt", "plain": "txt", "markdown": "md", "md": "md",
               "html": "html", "htm": "html"}


def parse_text(text: str, fmt: str = "text", *, as_of: str | None = None) -> Snapshot:
    """Parse an edition given as a string in the named format (text, markdown or html)."""
    ext = _EXTENSIONS.get((fmt or "text").lower(), "txt")
    return parse_bytes(text.encode("utf-8"), f"edition.{ext}", as_of=as_of)


def parse_document(doc: Any, *, as_of: str | None = None) -> Snapshot:
    """The snapshot an edition states; the caller's `as_of` overrides the one in the text."""
    blocks = [b for b in getattr(doc, "blocks", ()) if (b.text or "").strip()]
    warnings: list[str] = list(getattr(doc, "warnings", ()) or ())
    title, body = _title(blocks)
    edition_as_of = as_of or find_as_of(body)
    seen: dict[str, tuple[_Mention, ...]] = {}
    ctx = _Context(edition_as_of, _footnotes(body), *_lead_and_host(body, seen), seen=seen)
    sections, candidates, prose = _walk(body, ctx)
    events = _events(candidates, ctx)
    counts = _counts(prose, ctx)
    warnings.extend(ctx.warnings)
    warnings.extend(_count_warnings(counts, events))
    return Snapshot(
        title=title,
        as_of=edition_as_of,
        events=tuple(events),
        counts=tuple(counts),
        sections=tuple(sections),
        warnings=tuple(dict.fromkeys(warnings)),
    )


@dataclass
class _Context:
    as_of: str | None
    footnotes: dict[str, str]
    lead: set[str]
    host: str | None
    warnings: list[str] = field(default_factory=list)
    seen: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # text -> its nation mentions


# --------------------------------------------------------------------------------------------
# Text helpers

_MARKER = re.compile(r"\s*\[\^?(\d{1,3})\]")
_SPACES = re.compile(r"\s+")


_SPACE_PUNCT = re.compile(r" +(?=[,.;:!?)])")


def _clean(text: str) -> str:
    """Markers removed, spaces collapsed, no space before punctuation."""
    text = text or ""
    if "[" in text:
        text = _MARKER.sub("", text)
    text = " ".join(text.split())  # str.split and the regex \s agree on what a space is
    return _SPACE_PUNCT.sub("", text) if " " in text else text


_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "lt", "gen", "col", "maj", "capt", "sgt", "dr", "mr", "mrs", "ms", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "etc", "e.g", "i.e", "approx", "a.k.a", "inc", "co", "corp", "ltd", "gov", "sen",
    "rep", "adm", "brig", "pvt", "cpl", "mt", "ft", "jr", "sr", "prof", "rev", "hon", "cmdr",
}
_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]$")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviations ("U.S.", "Lt.", "Dec.") and initials do not end one."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        head = text[max(start, m.start() - 20): m.start() + 1]
        w = _WORD_BEFORE.search(head)
        word = (w.group(1) if w else "").lower().rstrip(".")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _sentence_at(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


# --------------------------------------------------------------------------------------------
# Title, footnotes, as-of date


def _title(blocks: list[Any]) -> tuple[str | None, list[Any]]:
    """The first heading (or a short first line) is the title, not a section."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    text = _clean(first.text)
    if first.kind == "heading":
        return text, blocks[1:]
    if first.kind == "paragraph" and len(text) <= 120 and not text.endswith(".") \
            and _split_heading(text) is None and "\n" not in text:
        return text, blocks[1:]
    return None, blocks


def _footnotes(blocks: Iterable[Any]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for b in blocks:
        if b.kind == "footnote" and b.marker:
            notes.setdefault(str(b.marker).strip("[]^.) "), _clean(b.text))
    return notes


_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|revised|published|dated)(?:\s+on)?\s*[:,-]?\s*$",
                      re.IGNORECASE)
_AS_OF = re.compile(r"\bas\s+(?:of|at|on)\s*[:,]?\s*$", re.IGNORECASE)


def _mentions_as_of(text: str) -> bool:
    """Whether `text` holds any word _UPDATED or _AS_OF look for (spaces are collapsed)."""
    low = text.lower()
    return "dated" in low or "revised" in low or "published" in low or "as of" in low \
        or "as at" in low or "as on" in low


def find_as_of(blocks: Iterable[Any]) -> str | None:
    """The edition's as-of date: an "updated" line, else the latest "as of"/"as at", else a
    dateline (a short line near the top that is a date)."""
    updated, stated, dateline = None, [], None
    for index, b in enumerate(blocks):
        if b.kind == "footnote":
            continue
        text = _clean(b.text)
        if index >= 3 and not _mentions_as_of(text):
            continue  # only a stated or updated date counts past the top: skip the date scan
        for d in find_dates(text):
            if not d.iso:
                continue
            before = text[max(0, d.start - 30): d.start]
            if updated is None and _UPDATED.search(before):
                updated = d.iso
            elif _AS_OF.search(before):
                stated.append(d.iso)
            elif dateline is None and index < 3 and len(text) <= len(d.text) + 40 \
                    and (d.start <= 25):
                dateline = d.iso
    return updated or (max(stated) if stated else None) or dateline


# --------------------------------------------------------------------------------------------
# Sections

_HEADING_PREFIX = re.compile(r"^(?P<h>[^:\n]{1,100}?)\s*:(?:\s+(?P<t>.*)|\s*)$", re.DOTALL)
_SENTENCE_INSIDE = re.compile(r"[a-z]{2,}[.!?]\s+[A-Z]")
_NOTES_TITLES = {"notes", "note", "references", "footnotes", "sources", "endnotes", "citations"}
_ASOF_LINE = re.compile(r"^\s*(?:last\s+)?(?:updated|as\s+of|as\s+at|published|dated)\b",
                        re.IGNORECASE)


def _split_heading(text: str) -> tuple[str, str] | None:
    """ "Heading: text" -> (heading, text) when the part before the colon reads as a title."""
    m = _HEADING_PREFIX.match(text)
    if not m:
        return None
    head = m.group("h").strip()
    words = head.split()
    if not words or len(words) > 12 or not (head[0].isupper() or head[0].isdigit()):
        return None
    if _SENTENCE_INSIDE.search(head) or "http" in head.lower() or head[-1].isdigit():
        return None
    if any(d.iso or d.partial for d in find_dates(head)):
        return None
    return head, (m.group("t") or "").strip()


def _section_key(title: str) -> str:
    core = re.sub(r"\([^()]*\)", " ", title).replace(".", "")
    return _names.slugify(core) or _names.slugify(title) or "section"


@dataclass
class _SectionDraft:
    title: str
    parts: list[str] = field(default_factory=list)


def _walk(blocks: list[Any], ctx: _Context) -> tuple[list[Section], list[tuple[str, str | None]],
                                                     list[str]]:
    """Sections (with their prose), event candidates (items, dated lines), and prose texts."""
    drafts: list[_SectionDraft] = []
    current: _SectionDraft | None = None
    candidates: list[tuple[str, str | None]] = []
    prose: list[str] = []
    for b in blocks:
        text = (b.text or "").strip()
        if b.kind == "footnote":
            continue
        if b.kind == "heading":
            title = _clean(text).rstrip(":").strip()
            current = None if title.lower() in _NOTES_TITLES else _SectionDraft(title)
            if current is not None:
                drafts.append(current)
            continue
        if b.kind == "item":
            candidates.append((text, b.marker))
            continue
        clean = _clean(text)
        if len(clean) <= 60 and _ASOF_LINE.match(clean):
            prose.append(clean)
            continue  # an "Updated 5 July" line changes every edition; it is not prose
        split = _split_heading(clean)
        if _is_event_line(clean, split):
            candidates.append((text, None))
            continue
        if split is not None:
            current = _SectionDraft(split[0])
            drafts.append(current)
            clean = split[1]
        if not clean:
            continue
        prose.append(clean)
        if current is None:
            current = _SectionDraft("Introduction")
            drafts.append(current)
        current.parts.append(clean)
    sections, used = [], _Keys()
    for d in drafts:
        body = "\n\n".join(d.parts)
        if not body:
            continue
        key = used.claim(_section_key(d.title))
        sections.append(Section(key=key, title=d.title, text=body))
    return sections, candidates, prose


def _is_event_line(clean: str, split: tuple[str, str] | None) -> bool:
    """A paragraph that is one dated handover ("17 March 2020: troops left Camp X")."""
    if len(clean) > 400:
        return False
    if split is not None and not (_find_place(split[0]) or find_dates(split[0])):
        return False
    place = _find_place(clean)
    if place is None:
        return False
    if not any(d.iso or (d.day and d.month) for d in find_dates(clean)):
        return False
    return bool(_VERB.search(clean))


class _Keys:
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


# --------------------------------------------------------------------------------------------
# Places

_ART = r"(?:(?:al|el|an|ar|as|at|ad|ash|az|adh|ath)-|(?:[Aa]l|[Ee]l)\s)"
# Possessive: giving letters back can never let a space, colon or generic word follow.
_CAPWORD = r"[A-ZÀ-ÖØ-Þ][\w'’]*+(?:-[\w'’]++)*+"
_NAMEWORD = rf"(?:{_ART}?{_CAPWORD})"
_NAME = rf"{_NAMEWORD}(?:[ ]{_NAMEWORD}){{0,4}}"
_GENERIC = _names.GENERIC_RE_SOURCE
_PREFIX_GENERIC = (
    r"(?:Forward\s+Operating\s+Base|Combat\s+Outpost|Joint\s+Base|Naval\s+Air\s+Station|"
    r"Air\s+Station|Air\s+Base|Camp|FOB|COP|Firebase|Base|Fort|Patrol\s+Base|Outpost|Garrison)"
)
_PLACE = re.compile(
    r"(?=[A-ZÀ-ÖØ-Þae])"  # a capital or an article: one class test rejects other positions
    rf"(?P<pre>{_PREFIX_GENERIC})\s+(?P<pname>{_NAMEWORD}(?:[ ]{_NAMEWORD}){{0,3}}|\d{{1,3}})"
    rf"(?:\s+(?i:{_GENERIC})\b)?"
    rf"|(?P<name>{_NAME})\s+(?=[abcfglmorstABCFGLMORST])(?P<gen>(?i:{_GENERIC}))(?![\w-])"
    r"(?:\s+(?:North|South|East|West|Central|Main|I{1,3}|\d{1,2})(?![\w-]))?"
)
_LEADING_NOISE = {
    "the", "a", "an", "on", "in", "at", "from", "of", "to", "by", "for", "with", "and", "or",
    "meanwhile", "yesterday", "today", "also", "then", "later", "earlier", "coalition", "us",
    "u.s", "u.s.", "american", "nato", "iraqi", "afghan", "after", "before", "since", "during",
    "when", "while", "this", "that", "its", "their", "his", "her", "former", "new", "main",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last",
    "largest", "key", "strategic", "remaining", "another", "other", "first", "second", "third",
    "both", "all", "some", "several", "each", "every", "our", "one", "two", "three",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "sept", "dec", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "oct", "nov", "western", "eastern", "northern", "southern", "central",
    "military", "army", "air", "naval", "strategic", "sprawling", "vast", "remote", "small",
    "large", "big", "old", "abandoned", "british", "french", "italian", "german", "canadian",
    "spanish", "australian", "turkish", "kurdish", "syrian", "iranian", "russian", "allied",
}


@dataclass(frozen=True)
class _Place:
    name: str
    start: int
    end: int


_NONSPACE = re.compile(r"\S+")


def _trim_name(text: str, start: int) -> tuple[str, int] | None:
    """Drop leading sentence words ("On", "The", "Meanwhile", nation adjectives) from a name."""
    words = text.split()
    i, offset = 0, 0
    while i < len(words) - 1 and words[i].lower().rstrip(".,") in _LEADING_NOISE:
        offset = text.index(words[i], offset) + len(words[i])
        i += 1
    offset = text.index(words[i], offset) if words else 0
    rest = text[offset:]
    if not rest or _names.place_key(rest) in ("", "base", "airbase", "airfield", "camp"):
        return None
    if words[i].lower() in _LEADING_NOISE and len(words) - i <= 1:
        return None
    return rest, start + offset


def _all_places(text: str) -> list[_Place]:
    out = []
    for m in _PLACE.finditer(text):
        trimmed = _trim_name(m.group(0), m.start())
        if trimmed is None:
            continue
        name, start = trimmed
        if _only_generic(name):
            continue
        out.append(_Place(name, start, m.end()))
    return out


_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _only_generic(name: str) -> bool:
    words = _ALNUM.findall(name.lower())
    return all(w in _names._GENERIC or w in _names._MODIFIERS or w in _LEADING_NOISE
               for w in words)


_FALLBACK = re.compile(
    rf"\b(?:withdr[ae]w(?:n)?|left|vacated|evacuated|pulled\s+out|handed\s+over|"
    rf"transferred|closed|exited|departed|t(?:ook|aken)\s+over|handed\s+back|turned\s+over|"
    rf"abandoned)\s+(?:from\s+|out\s+of\s+|control\s+of\s+)?"
    rf"(?:the\s+)?(?P<name>{_NAME})"
)


_SUBJECT_VERB = (r"(?:(?:was|were|has\s+been|had\s+been|is|are|have\s+been)\s+)?(?:\w+ly\s+)?"
                 r"(?:handed\s+(?:over|back)|turned\s+over|transferred|returned|given\s+back|"
                 r"vacated|evacuated|abandoned|closed|shut\s+down|decommissioned|withdrawn\s+from|"
                 r"taken\s+over)\b")
_SUBJECT_PLACE = re.compile(rf"(?P<name>{_NAME})(?:\[\d+\])?\s+{_SUBJECT_VERB}(?P<after>\s+\S+)?")
_ACTOR_WORDS = {"forces", "force", "troops", "army", "military", "coalition", "government",
                "ministry", "command", "police", "units", "soldiers", "personnel", "marines",
                "security", "authorities", "officials", "contingent", "mission", "operation"}
_LEAD_NAME = re.compile(rf"(?P<name>{_NAME})\s*(?::|\s-\s)\s*")


TABLE_MARKER = "|"  # reading's marker for a table row: "place - date - action. Header: value"
_CELL_STATUS = (
    ("completed", re.compile(r"\b(?:completed?|done|finished|concluded|closed)\b", re.I)),
    ("started", re.compile(r"\b(?:under\s*way|ongoing|in\s+progress|started|begun|partial)\b",
                           re.I)),
    ("planned", re.compile(r"\b(?:planned|expected|scheduled|pending|due|proposed)\b", re.I)),
)


def _table_place(text: str) -> _Place | None:
    """A table row's place is its first cell, with or without a generic word."""
    cell = text.split(" - ", 1)[0]
    places = _all_places(cell)
    if places:
        return places[0]
    name = re.split(r"\s*[(\[]", cell, 1)[0].strip(" .,;:")
    return _Place(name, 0, len(name)) if name and _names.place_key(name) else None


def _cell_status(text: str) -> str | None:
    rest = text.split(" - ", 1)[1] if " - " in text else ""
    rest = rest.split(". ", 1)[0]
    for status, pattern in _CELL_STATUS:
        if pattern.search(rest):
            return status
    return None


_DATE_LEAD_SEP = re.compile(r"\s*(?:-|:|,|\.)\s*")


def _after_leading_date(text: str) -> int:
    """Where the text goes on after a leading date ("13 June 2022 - Menaka: ..."), else 0."""
    if not text[:1].isdigit() and not text[:1].isupper():
        return 0
    for d in find_dates(text[:40]):
        if d.start == 0:
            sep = _DATE_LEAD_SEP.match(text, d.end)
            return sep.end() if sep and sep.end() > d.end else 0
        break
    return 0


def _find_place(text: str, spans: Sequence[tuple[int, int]] | None = None,
                verbs: Sequence[re.Match[str]] | None = None) -> _Place | None:
    """The place an item is about: in the first sentence with an action verb, the first
    place named; else the first place named at all; else a bare name after the verb."""
    places = _all_places(text)
    if places:
        spans = spans or _sentences(text)
        verbs = _verb_matches(text) if verbs is None else verbs
        for s, e in spans:
            if any(s <= v.start() and v.end() <= e for v in verbs):
                inside = [p for p in places if s <= p.start < e]
                if inside:
                    return inside[0]
        return places[0]
    lead = _LEAD_NAME.match(text, _after_leading_date(text))
    if lead and _VERB.search(text, lead.end()):
        name = lead.group("name")
        if not _nation_of(name) and name.split()[0].lower() not in _LEADING_NOISE \
                and not find_dates(name):
            return _Place(name, lead.start("name"), lead.end("name"))
    subject = _subject_place(text)
    if subject is not None:
        return subject
    for m in _FALLBACK.finditer(text):
        name = m.group("name")
        if _nation_of(name) or name.split()[0].lower() in _LEADING_NOISE:
            continue
        return _Place(name, m.start("name"), m.end("name"))
    return None


def _subject_place(text: str) -> _Place | None:
    """A bare name that is the subject of a handover verb ("Abu Ghraib handed back to ..."),
    unless it acts on a named object ("Barkhane handed over Gossi") or is a force."""
    for m in _SUBJECT_PLACE.finditer(text):
        trimmed = _trim_name(m.group("name"), m.start("name"))
        if trimmed is None:
            continue
        name, start = trimmed
        words = name.lower().split()
        if _nation_of(name) or words[0] in _LEADING_NOISE or find_dates(name) \
                or any(w in _ACTOR_WORDS for w in words) or _only_generic(name):
            continue
        after = (m.group("after") or "").strip()
        if after[:1].isupper() or after.lower() in ("control", "the"):
            continue  # active voice: the name hands something over
        return _Place(name, start, start + len(name))
    return None


# --------------------------------------------------------------------------------------------
# Description, aliases

_DIRECTIONS = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_DESC = re.compile(
    rf"(?:located\s+|situated\s+|based\s+|lying\s+)?(?:on|in|inside|near|outside(?:\s+of)?|"
    rf"along|within|close\s+to|next\s+to|just\s+(?:north|south|east|west)\s+of|"
    rf"{_DIRECTIONS}\s+of)\b",
    re.IGNORECASE,
)
_DESC_STOP = {
    "to", "during", "after", "as", "and", "which", "where", "following", "since", "for", "when",
    "while", "amid", "under", "in", "on", "at", "from", "by", "near", "inside", "part", "before",
    "until", "that", "because", "but", "who", "was", "were", "is", "are", "has", "had", "have",
    "said", "says", "according", "over", "into", "earlier", "later", "today", "yesterday",
}
_MONTH_START = re.compile(r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
                          re.IGNORECASE)
_REGION = re.compile(
    r",\s+(?P<d>(?:[A-Z][\w'-]*\s+){1,3}(?:province|district|region|governorate|county|state))\b"
)


_BRACKETED = re.compile(r"\s*\(([^()]{1,120})\)")
_COMMA_GAP = re.compile(r"\s*,?\s*")
_DESC_TOKEN = re.compile(r"[^\s,.;:()]+|[,.;:()]")


def _description(text: str, end: int) -> str | None:
    """The phrase that situates the place: "on the border with Syria", "north of Kabul"."""
    rest = text[end: end + 200]
    m = _BRACKETED.match(rest)
    bracketed = None
    if m:
        inner = m.group(1).strip()
        if _DESC.match(inner):
            return _desc_words(inner, 0, limit=14) or None
        if re.fullmatch(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:\s+(?:province|district|region))?",
                        inner) and not _all_places(inner):
            bracketed = inner  # "(Helmand)": a region, unless it reads as another name
        rest = rest[m.end():]
    region = _REGION.match(rest)
    if region:
        return region.group("d")
    m = _COMMA_GAP.match(rest)
    pos = m.end() if m else 0
    d = _DESC.match(rest, pos)
    if not d:
        return bracketed
    after = rest[d.end():].lstrip()
    if _MONTH_START.match(after) or after.lower().startswith(("the ground", "time")):
        return None
    return _desc_words(rest, pos) or None


def _desc_words(text: str, pos: int, limit: int = 10) -> str:
    lead = _DESC.match(text, pos)
    if not lead:
        return ""
    words = lead.group(0).split()
    for m in _DESC_TOKEN.finditer(text, lead.end()):
        token = m.group(0)
        if token in ",.;:()" or len(words) >= limit:
            break
        low = token.lower()
        if low in _DESC_STOP and len(words) >= 2 and not (low == "with" and words[-1] == "border"):
            break
        if _MONTH_START.match(token) and token[0].isdigit():
            break
        words.append(token)
    while words and words[-1].lower() in _DESC_STOP | {"the", "a", "of"}:
        words.pop()
    return " ".join(words)


_PAREN_AFTER = re.compile(r"\s*\((?:(?:also\s+)?(?:known\s+as|called|aka|a\.k\.a\.?|or)\s+)?"
                          r"(?P<a>[^()]{1,40})\)")
_NAME_BEFORE_PAREN = re.compile(r"(?P<a>(?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*){0,3})\s*\($")


def _looks_like_alias(alias: str, name: str, introduced: bool) -> bool:
    """A bracketed "(Helmand)" is more often a region than a name: take it as an alias when
    introduced ("also known as"), when it is itself a place ("Camp X"), a code or acronym
    ("Q-West", "KAF", "K1"), or shares a word with the name."""
    if introduced or _all_places(alias):
        return True
    if re.search(r"\d|-|^[A-Z]{2,6}$", alias):
        return True
    own = {w for w in re.findall(r"[a-z]{3,}", name.lower())}
    return bool(own & set(re.findall(r"[a-z]{3,}", alias.lower())))


def _aliases(text: str, place: _Place, notes: Sequence[str]) -> tuple[str, ...]:
    """Other names of the place: "(Q-West)", "KAF (Kandahar Airfield)", "known as ..."."""
    found: list[str] = []
    m = _PAREN_AFTER.match(text, place.end)
    if m and not _DESC.match(m.group("a").strip()):
        alias = m.group("a").strip()
        if re.match(r"[A-Z0-9]", alias) and len(alias.split()) <= 4 and not find_dates(alias) \
                and _looks_like_alias(alias, place.name, introduced=m.group(0).count(" ") > 1
                                      and bool(re.search(r"known|called|aka|a\.k\.a|\bor\b",
                                                         m.group(0)))):
            found.append(alias)
    if place.start > 0 and text[place.start - 1] == "(":
        b = _NAME_BEFORE_PAREN.search(text, max(0, place.start - 60), place.start)
        if b:
            found.append(b.group("a"))
    for chunk in (text, *notes):
        found.extend(_names.find_aliases(chunk))
    own = _names.place_key(place.name)
    out: list[str] = []
    seen = {own}
    for alias in found:
        key = _names.place_key(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(_names.clean_name(alias))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Actions and status

_ACTION_FORMS: list[tuple[str, str]] = [
    ("withdrawal", r"withdr[ae]w[ns]?|withdrawing|withdrawal|pull(?:ed|ing|s)?\s+(?:out|back)|"
                   r"pull-?out|left|leav(?:e|es|ing)|vacat(?:e|ed|es|ing)|evacuat(?:e|ed|es|ing)|"
                   r"depart(?:ed|s|ing)?|exit(?:ed|s|ing)?|abandon(?:ed|s|ing)?|"
                   r"redeploy(?:ed|s|ing)?|mov(?:e|ed|ing)\s+out|relocat(?:e|ed|ing)"),
    ("handover", r"hand(?:ed|ing|s)?\s+(?:over|back)|handover|hand-over|turn(?:ed|ing|s)?\s+over|"
                 r"hand(?:ed|ing|s)?(?=(?:\s+[\w'-]+){1,4}?\s+(?:back\s+|over\s+)?to\b)|"
                 r"return(?:ed|ing|s)?|g[ai]ve(?:n)?\s+back|t(?:ook|aken?|aking|akes)\s+over"),
    ("transfer", r"transfer(?:red|ring|s)?"),
    ("closure", r"clos(?:e|ed|es|ing|ure)|shut(?:s|ting)?\s+down|decommission(?:ed|ing|s)?"),
    ("drawdown", r"dr[ae]w(?:n|s|ing)?\s+down|drawdown|draw-down|reduc(?:e|ed|es|ing|tion)"),
]
_VERB = re.compile(
    r"(?=[wplvedarmhtgcsWPLVEDARMHTGCS])"  # the first letters of every form below
    r"\b(?:" + "|".join(f"(?P<{a}>{forms})" for a, forms in _ACTION_FORMS) + r")\b",
    re.IGNORECASE,
)
_NOUNS = {"withdrawal", "handover", "hand-over", "pullout", "pull-out", "closure", "drawdown",
          "draw-down", "reduction"}
_PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|shall|to|plans?\s+to|planned\s+to|set\s+to|due\s+to|expected\s+to|"
    r"scheduled\s+to|agreed\s+to|going\s+to)(?:\s+be)?\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_STARTED_BEFORE = re.compile(
    r"\b(?:began|begun|begins?|started|starts?|is|are|was|were|being|continues?|continued|"
    r"has\s+been|have\s+been|launched|initiated|commenced)(?:\s+to)?\s+(?:\w+ly\s+)?"
    r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_BEING_BEFORE = re.compile(r"\b(?:is|are)\s+being\s+$", re.IGNORECASE)
_DONE_BEFORE = re.compile(
    r"\b(?:completed|finished|concluded|ended|complete|finalised|finalized)\s+"
    r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_NOUN_AFTER_DONE = re.compile(r"^\s+(?:\S+\s+){0,6}?(?:was|is|has\s+been)\s+"
                              r"(?:completed|complete|finished|concluded)\b|^\s+(?:\S+\s+){0,6}?"
                              r"(?:took\s+place|concluded|ended)\b", re.IGNORECASE)
_NOUN_DONE_NOW = re.compile(r"^\s*(?:-\s*)?(?:completed?|done|finished|concluded)\b", re.IGNORECASE)
_NOUN_STARTED_NOW = re.compile(r"^\s*(?:-\s*)?(?:under\s*way|ongoing|in\s+progress|started|begun)\b",
                               re.IGNORECASE)
_NOUN_PLANNED = re.compile(
    r"^\s*(?:-\s*)?(?:expected|planned|scheduled|due|pending|proposed|foreseen)\b|"
    r"^\s+(?:\S+\s+){0,6}?(?:is|was|are|were)\s+(?:now\s+|still\s+)?(?:expected|planned|"
    r"scheduled|due|pending|proposed|foreseen)\b|^\s+(?:will|should|is\s+to)\s+(?:take\s+place|happen|"
    r"follow|be\s+completed)\b", re.IGNORECASE)
_NOUN_AFTER_START = re.compile(r"^\s+(?:\S+\s+){0,6}?(?:began|started|begins|starts|is\s+under\s*way|"
                               r"is\s+ongoing|continues)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Verb:
    action: str
    status: str | None
    start: int
    end: int


def _verb_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every action word of a text in one pass. A verb never spans a sentence end, so the
    matches inside a sentence are exactly what a search limited to it would find."""
    return tuple(_VERB.finditer(text))


def _verbs(text: str, start: int, end: int,
           found: Sequence[re.Match[str]] | None = None) -> list[_Verb]:
    out = []
    matches = _VERB.finditer(text, start, end) if found is None else \
        [m for m in found if start <= m.start() and m.end() <= end]
    for m in matches:
        action = m.lastgroup or "withdrawal"
        out.append(_Verb(action, _status(text, m), m.start(), m.end()))
    return out


def _status(text: str, m: re.Match[str]) -> str | None:
    word = m.group(0).lower()
    before = text[max(0, m.start() - 40): m.start()]
    if word.replace(" ", "") in _NOUNS or word in _NOUNS:
        after = text[m.end(): m.end() + 80]
        if _DONE_BEFORE.search(before) or _NOUN_AFTER_DONE.match(after) \
                or _NOUN_DONE_NOW.match(after):
            return "completed"
        if _NOUN_PLANNED.match(after) or _PLANNED_BEFORE.search(before):
            return "planned"
        if _STARTED_BEFORE.search(before) or _NOUN_AFTER_START.match(after) \
                or _NOUN_STARTED_NOW.match(after):
            return "started"
        return None
    if _BEING_BEFORE.search(before):
        return "started"
    if _PLANNED_BEFORE.search(before):
        return "planned"
    first = word.split()[0]
    if first.endswith("ing"):
        return "started"
    if re.match(r"(?:began|started|begun)", before.split()[-1] if before.split() else "", re.I):
        return "started"
    if first.endswith(("ed", "wn", "ew")) or first in {"left", "shut", "gave", "given", "drew",
                                                       "drawn", "took", "taken"}:
        return "completed"
    if _STARTED_BEFORE.search(before) and re.search(r"\b(?:began|started|begun|begins?|starts?)"
                                                     r"\s+(?:to\s+)?$", before, re.I):
        return "started"
    return "started"


def _main_verb(text: str, sentence: tuple[int, int], place: _Place,
               found: Sequence[re.Match[str]] | None = None) -> _Verb | None:
    """The action of the sentence about the place: the last before it, else the first after."""
    verbs = _verbs(text, *sentence, found)
    before = [v for v in verbs if v.end <= place.start]
    if before:
        return before[-1]
    after = [v for v in verbs if v.start >= place.end]
    if after:
        return after[0]
    return None


# --------------------------------------------------------------------------------------------
# Nations and actors

_NATIONS: dict[str, tuple[str, ...]] = {
    "United States": ("United States", "U.S.A.", "U.S.", "USA", "US", "America", "American",
                      "Americans", "U.S"),
    "United Kingdom": ("United Kingdom", "Britain", "British", "UK", "U.K."),
    "France": ("France", "French"), "Italy": ("Italy", "Italian", "Italians"),
    "Canada": ("Canada", "Canadian", "Canadians"), "Spain": ("Spain", "Spanish"),
    "Germany": ("Germany", "German", "Germans"), "Australia": ("Australia", "Australian"),
    "Netherlands": ("Netherlands", "Dutch"), "Denmark": ("Denmark", "Danish"),
    "Norway": ("Norway", "Norwegian"), "Sweden": ("Sweden", "Swedish"),
    "Finland": ("Finland", "Finnish"), "Poland": ("Poland", "Polish"),
    "Belgium": ("Belgium", "Belgian"), "Portugal": ("Portugal", "Portuguese"),
    "New Zealand": ("New Zealand", "New Zealander"), "Turkey": ("Turkey", "Turkish"),
    "Iraq": ("Iraq", "Iraqi", "Iraqis"), "Iran": ("Iran", "Iranian"), "Syria": ("Syria", "Syrian"),
    "Afghanistan": ("Afghanistan", "Afghan", "Afghans"), "Pakistan": ("Pakistan", "Pakistani"),
    "Kuwait": ("Kuwait", "Kuwaiti"), "Jordan": ("Jordan", "Jordanian"),
    "Saudi Arabia": ("Saudi Arabia", "Saudi"), "Qatar": ("Qatar", "Qatari"),
    "United Arab Emirates": ("United Arab Emirates", "UAE", "Emirati"),
    "Egypt": ("Egypt", "Egyptian"), "Israel": ("Israel", "Israeli"),
    "Russia": ("Russia", "Russian"), "China": ("China", "Chinese"),
    "Japan": ("Japan", "Japanese"), "South Korea": ("South Korea", "South Korean"),
    "Romania": ("Romania", "Romanian"), "Hungary": ("Hungary", "Hungarian"),
    "Czech Republic": ("Czech Republic", "Czech"), "Slovakia": ("Slovakia", "Slovak"),
    "Estonia": ("Estonia", "Estonian"), "Latvia": ("Latvia", "Latvian"),
    "Lithuania": ("Lithuania", "Lithuanian"), "Bulgaria": ("Bulgaria", "Bulgarian"),
    "Greece": ("Greece", "Greek"), "Ireland": ("Ireland", "Irish"),
    "Austria": ("Austria", "Austrian"), "Switzerland": ("Switzerland", "Swiss"),
    "Ukraine": ("Ukraine", "Ukrainian"), "Georgia": ("Georgian",),
    "Mali": ("Mali", "Malian"), "Niger": ("Niger", "Nigerien"), "Chad": ("Chadian",),
    "Somalia": ("Somalia", "Somali"), "Kenya": ("Kenya", "Kenyan"), "India": ("India", "Indian"),
    "Mongolia": ("Mongolia", "Mongolian"), "Lebanon": ("Lebanon", "Lebanese"),
    "Yemen": ("Yemen", "Yemeni"), "Libya": ("Libya", "Libyan"), "Albania": ("Albania", "Albanian"),
    "Croatia": ("Croatia", "Croatian"), "Slovenia": ("Slovenia", "Slovenian"),
    "Azerbaijan": ("Azerbaijan", "Azerbaijani"), "Armenia": ("Armenia", "Armenian"),
    "Ethiopia": ("Ethiopia", "Ethiopian"), "Sudan": ("Sudan", "Sudanese"),
    "Burkina Faso": ("Burkina Faso", "Burkinabe"), "Nigeria": ("Nigeria", "Nigerian"),
    "Vietnam": ("Vietnam", "Vietnamese"), "Philippines": ("Philippines", "Filipino"),
    "Bosnia and Herzegovina": ("Bosnia", "Bosnian"), "Serbia": ("Serbia", "Serbian"),
    "Kosovo": ("Kosovo",), "Montenegro": ("Montenegro",), "North Macedonia": ("North Macedonia",),
    "Luxembourg": ("Luxembourg",), "Iceland": ("Iceland", "Icelandic"),
    "Singapore": ("Singapore", "Singaporean"), "Malaysia": ("Malaysia", "Malaysian"),
    "Bahrain": ("Bahrain", "Bahraini"), "Oman": ("Oman", "Omani"),
}
_FORM_TO_NATION = {form: nation for nation, forms in _NATIONS.items() for form in forms}
_MULTIWORD: dict[str, list[str]] = {}
for _form in sorted(_FORM_TO_NATION, key=len, reverse=True):
    if " " in _form:
        _MULTIWORD.setdefault(_form.split()[0], []).append(_form)
# Capitalised words and dotted initials; looked up in the table (one dict probe per word is far
# cheaper than a 200-way alternation tried at every position).
_CAPITAL = re.compile(r"(?=[A-Z])(?<![\w.])(?:(?:[A-Z]\.){2,3}|[A-Z][A-Za-z]*)")
_FORCE_NOUNS = (r"troops|forces|soldiers|marines|personnel|contingents?|trainers|advisers|advisors|"
                r"units|servicemembers|service\s+members|military|army|navy|air\s+force|jets|"
                r"aircraft|special\s+forces|contractors|staff|officers|instructors|commandos")
_FORCE_AFTER = re.compile(rf"\s+(?:(?:and\s+)?(?-i:[a-z][\w-]*)\s+){{0,2}}(?:{_FORCE_NOUNS})\b")
_FORCE_FROM_BEFORE = re.compile(rf"\b(?:{_FORCE_NOUNS})\s+from\s+$")
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+")
_RECIPIENT_BEFORE = re.compile(r"\b(?:to|back\s+to|over\s+to)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    nation: str


@lru_cache(maxsize=2048)
def _mentions(text: str) -> tuple[_Mention, ...]:
    """Nation names and adjectives in a text ("U.S.", "Italian", "New Zealand"); cached: the
    same actor phrases and texts are asked about several times per item."""
    return tuple(_find_mentions(text))


def _find_mentions(text: str) -> list[_Mention]:
    out = []
    for m in _CAPITAL.finditer(text):
        start, word = m.start(), m.group(0)
        end, nation = None, None
        for form in _MULTIWORD.get(word.rstrip("."), ()):
            if text.startswith(form, start) and not text[start + len(form): start + len(form) + 1].isalnum():
                end, nation = start + len(form), _FORM_TO_NATION[form]
                break
        if nation is None:
            nation = _FORM_TO_NATION.get(word)
            if nation is None and word.endswith("."):
                nation = _FORM_TO_NATION.get(word[:-1])
                word = word[:-1]
            end = start + len(word)
        if nation is not None and not text[end:end + 1].isalnum():
            out.append(_Mention(start, end, nation))
    return out


def _nation_of(word: str) -> str | None:
    return _FORM_TO_NATION.get(word.strip())


def _lead_and_host(blocks: Iterable[Any], seen: dict[str, tuple[_Mention, ...]] | None = None
                   ) -> tuple[set[str], str | None]:
    """Who leads ("U.S.-led") and who hosts (receives the bases, else is named most)."""
    lead: set[str] = set()
    recipients: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for b in blocks:
        text = b.text or ""
        found = _find_mentions(text) if seen is None else seen.setdefault(
            text, tuple(_find_mentions(text)))
        for m in found:
            mentions[m.nation] += 1
            if text.startswith("-led", m.end):
                lead.add(m.nation)
            elif _RECIPIENT_BEFORE.search(text, max(0, m.start - 16), m.start):
                recipients[m.nation] += 1
    for counter in (recipients, mentions):
        for nation, _ in counter.most_common():
            if nation not in lead:
                return lead, nation
    return lead, None


def _chains(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Runs of nations written as a list: "Italy, Canada, and Spain"."""
    chains: list[list[_Mention]] = []
    for m in mentions:
        if chains:
            last = chains[-1][-1]
            gap = _LIST_SEP.fullmatch(text, last.end, m.start)
            if gap:
                chains[-1].append(m)
                continue
        chains.append([m])
    return chains


def _nations(text: str, actors: Sequence[str], ctx: _Context) -> tuple[str, ...]:
    """Contributing nations named next to forces; host and leader only when they act."""
    acting = {m.nation for a in actors for m in _mentions(a) if not a.startswith("-led", m.end)}
    out: list[str] = []
    found = ctx.seen.get(text)
    for chain in _chains(text, found if found is not None else _mentions(text)):
        before = _FORCE_FROM_BEFORE.search(text, max(0, chain[0].start - 40), chain[0].start)
        after = _FORCE_AFTER.match(text, chain[-1].end)
        if not (before or after) or text.startswith("-led", chain[-1].end):
            continue
        for m in chain:
            if m.nation in out:
                continue
            if (m.nation == ctx.host or m.nation in ctx.lead) and m.nation not in acting:
                continue
            out.append(m.nation)
    return tuple(out)


# Possessive: a modifier must be followed by a separator, so giving letters back never helps.
_ACTOR_MOD = (rf"(?:[A-Z][\w.]*+-led|(?:[A-Z]\.){{2,3}}+|[A-Z][A-Za-z]++|(?i:coalition|international|"
              rf"multinational|allied|foreign|western|partner|special|last|remaining))")
_ACTOR_HEAD = (r"(?i:coalition\s+(?:forces|troops|personnel|soldiers)|coalition|troops|forces|"
               r"soldiers|marines|personnel|servicemembers|service\s+members|contingents?|"
               r"military|army)")
_ACTOR = re.compile(
    rf"(?=[A-Zacfilmprstw])(?<![\w.-])(?P<a>(?:{_ACTOR_MOD}(?:,?\s+and\s+|,\s+|\s+)){{0,4}}{_ACTOR_HEAD})\b")
_PASSIVE_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_ACTOR_NOT = re.compile(r"\b(?:to|with|against|of|from|for|into|toward|towards|over)\s+"
                        r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_COMMON = {"coalition", "forces", "troops", "soldiers", "personnel", "marines", "military",
           "army", "international", "multinational", "allied", "foreign", "western", "partner",
           "special", "servicemembers", "contingent", "contingents", "service", "members",
           "last", "remaining"}


def _actors(text: str, sentence: tuple[int, int], verb: _Verb | None) -> tuple[str, ...]:
    """Who acts: force phrases in subject position (before the verb) or after a passive "by"."""
    start, end = sentence
    out: list[str] = []
    for m in _ACTOR.finditer(text, start, end):
        before = text[max(start, m.start() - 25): m.start()]
        passive = _PASSIVE_BY.search(before)
        if verb is not None and m.start() >= verb.start and not passive:
            continue
        if _ACTOR_NOT.search(before) and not passive:
            continue
        phrase = _normalise_actor(m.group("a"))
        if phrase and phrase.lower() not in (a.lower() for a in out) \
                and phrase.lower() not in {"military", "army", "last", "remaining"}:
            out.append(phrase)
    return tuple(out)


_ACTOR_NOISE = {"the", "a", "an", "on", "in", "at", "meanwhile", "yesterday", "today", "then",
                "also", "and", "but", "after", "before", "when", "while", "last", "remaining",
                "finally", "later", "earlier", "now", "some", "all", "most", "many", "several"}


def _normalise_actor(phrase: str) -> str:
    words = [w.lower() if w.lower() in _COMMON else w for w in phrase.split()]
    while len(words) > 1 and (words[0] in {"last", "remaining"}
                              or words[0].lower() in _ACTOR_NOISE):
        words.pop(0)
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Events


def _events(candidates: Sequence[tuple[str, str | None]], ctx: _Context) -> list[Event]:
    events, used = [], _Keys()
    for index, (raw, marker) in enumerate(candidates, 1):
        try:
            event = _event(raw, ctx, index, table=marker == TABLE_MARKER)
        except RecursionError:  # pragma: no cover - defensive: never let one item sink a parse
            event = None
        if event is None:
            continue
        key = used.claim(event.key)
        if key != event.key:
            ctx.warnings.append(f"item {index}: {event.name!r} repeats key {event.key!r}; "
                                f"kept as {key!r}")
            event = Event(**{**event.__dict__, "key": key})
        events.append(event)
    return events


def _event(raw: str, ctx: _Context, index: int, table: bool = False) -> Event | None:
    markers = list(dict.fromkeys(_MARKER.findall(raw or "")))
    text = _clean(raw)
    if not text:
        return None
    spans = _sentences(text)
    found = _verb_matches(text)
    place = _table_place(text) if table else _find_place(text, spans, found)
    if place is None:
        return None
    sentence = _sentence_at(spans, place.start)
    verb = _main_verb(text, sentence, place, found)
    dates = find_dates(text, as_of=ctx.as_of)
    for d in dates:
        if d.warning:
            ctx.warnings.append(f"item {index}: {d.warning}")
    date = _event_date(dates, sentence)
    if verb is None and date is None and not (table and _cell_status(text)):
        return None
    notes = tuple(ctx.footnotes[m] for m in markers if m in ctx.footnotes)
    name = _names.clean_name(place.name)
    key = _names.place_key(name) or _names.slugify(name) or "event"
    actors = _actors(text, sentence, verb)
    return Event(
        key=key,
        name=name,
        date=date,
        action=verb.action if verb else None,
        status=verb.status if verb else (_cell_status(text) if table else None),
        place=_description(text, place.end),
        actors=actors,
        nations=_nations(text, actors, ctx),
        personnel=find_personnel(text, [(d.start, d.end) for d in dates]),
        notes=notes,
        aliases=_aliases(text, place, notes),
        text=text,
    )


def _event_date(dates: Sequence[DateMatch], sentence: tuple[int, int]) -> str | None:
    """The first complete date in the place's sentence, else the first in the item."""
    full = [d for d in dates if d.iso]
    for d in full:
        if sentence[0] <= d.start < sentence[1]:
            return d.iso
    return full[0].iso if full else None


# --------------------------------------------------------------------------------------------
# Counts

_SUBJECT = r"(?P<subj>[a-z][a-z-]{2,})"
_MOD = (r"(?:(?:(?-i:[A-Z][\w.-]*)|(?i:coalition|military|more|other|foreign|former|major|key|"
        r"remaining|additional|large|small|main|strategic|regional|allied|joint|army|air|"
        r"forward|operating|combat|training|logistics|support))\s+){0,2}")
_PARTICIPLE = (r"(?P<pred>(?:handed|turned|given|passed)\s+(?:over|back)|pulled\s+out|shut\s+down|"
               r"drawn\s+down|(?!been\b)[a-z]+(?:ed|wn|en)|left|shut|withdrew|gave|closed)")
_ADV = r"(?:(?:now|so\s+far|already|also|officially|formally|fully|successfully)\s+)?"
_COUNT_PASSIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}\s+"
    rf"(?:(?:have|has|had)\s+{_ADV}been\s+|(?:were|was|are|is)\s+{_ADV}(?:being\s+)?|"
    rf"(?:have|has|had)\s+{_ADV})?{_ADV}{_PARTICIPLE}\b",
    re.IGNORECASE,
)
_COUNT_ACTIVE = re.compile(
    rf"\b{_PARTICIPLE}\s+(?:from\s+|out\s+of\s+|over\s+|back\s+|control\s+of\s+)?"
    rf"(?:a\s+total\s+of\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}\b",
    re.IGNORECASE,
)
_COUNT_LIST = re.compile(
    rf"\b(?:list|total|tally|number|all)\s+(?:of\s+)?(?:the\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"{_MOD}{_SUBJECT}\b",
    re.IGNORECASE,
)
_PRED_LEMMA = {
    "transferred": "transferred", "handed over": "transferred", "handed back": "transferred",
    "turned over": "transferred", "given back": "transferred", "passed over": "transferred",
    "returned": "transferred", "gave": "transferred",
    "withdrawn": "withdrawn", "withdrew": "withdrawn", "vacated": "withdrawn",
    "left": "withdrawn", "evacuated": "withdrawn", "pulled out": "withdrawn",
    "abandoned": "withdrawn", "exited": "withdrawn", "departed": "withdrawn",
    "closed": "closed", "shut": "closed", "shut down": "closed", "decommissioned": "closed",
}
_NOT_SUBJECTS = {"percent", "per", "years", "year", "months", "month", "weeks", "week", "days",
                 "day", "hours", "times", "miles", "kilometres", "kilometers", "km", "and", "of",
                 "the"}
_NOT_PREDICATES = {"need", "used", "based", "expected", "scheduled", "planned", "set",
                   "reported", "said", "stated", "thought", "believed", "estimated", "located",
                   "stationed", "deployed", "hosted", "seen", "been"}
_PLACE_SUBJECTS = {"bases", "camps", "airfields", "airbases", "sites", "installations",
                   "facilities", "outposts", "positions", "locations", "garrisons", "posts",
                   "compounds", "stations", "airports"}


@dataclass
class _CountDraft:
    subject: str
    predicate: str | None
    value: int
    as_of: str | None
    text: str


def _plural(word: str) -> str:
    word = word.lower()
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _counts(texts: Sequence[str], ctx: _Context) -> list[Count]:
    drafts: list[_CountDraft] = []
    for text in texts:
        for s, e in _sentences(text):
            drafts.extend(_sentence_counts(text[s:e].strip(), ctx))
    return _merge_counts(drafts)


def _sentence_counts(sentence: str, ctx: _Context) -> list[_CountDraft]:
    if len(sentence) > 2000 or not re.search(r"\d|[a-z]", sentence):
        return []
    dates = find_dates(sentence, as_of=ctx.as_of)
    spans = [(d.start, d.end) for d in dates]
    stated = next((d.iso for d in dates if d.iso and _AS_OF.search(
        sentence[max(0, d.start - 20): d.start])), None)
    out = []
    for pattern in (_COUNT_PASSIVE, _COUNT_ACTIVE, _COUNT_LIST):
        for m in pattern.finditer(sentence):
            num_start = m.start("num")
            if any(s <= num_start < e for s, e in spans):
                continue
            value = parse_number(m.group("num"))
            subject = m.group("subj").lower()
            if value is None or subject in _NOT_SUBJECTS or value > 1_000_000:
                continue
            if value != 1 and not subject.endswith("s"):
                continue
            raw = m.group("num")
            if re.fullmatch(r"(?:19|20)\d\d", raw.strip()):
                continue  # a year, never a count
            pred = m.groupdict().get("pred")
            pred = _SPACES.sub(" ", pred.lower()) if pred else None
            if pred in _NOT_PREDICATES:
                continue
            out.append(_CountDraft(_plural(subject), _PRED_LEMMA.get(pred, pred) if pred else None,
                                   value, stated or ctx.as_of, sentence))
    return out


def _merge_counts(drafts: Sequence[_CountDraft]) -> list[Count]:
    """One count per claim: a list-style mention ("the list of six bases") joins the stated
    claim with the same subject and value."""
    counts: dict[str, _CountDraft] = {}
    for d in drafts:
        if d.predicate is None:
            continue
        key = _names.slugify(f"{d.subject} {d.predicate}")
        counts.setdefault(key, d)
    for d in drafts:
        if d.predicate is not None:
            continue
        if any(c.subject == d.subject and c.value == d.value for c in counts.values()):
            continue
        same_subject = [k for k, c in counts.items() if c.subject == d.subject]
        if same_subject:
            continue
        counts.setdefault(_names.slugify(f"{d.subject} listed"), d)
    return [Count(key=k, subject=c.subject, value=c.value, as_of=c.as_of, text=c.text)
            for k, c in counts.items()]


def _count_warnings(counts: Sequence[Count], events: Sequence[Event]) -> list[str]:
    out = []
    if not events:
        return out
    done = sum(1 for e in events if e.status == "completed")
    for c in counts:
        if c.subject in _PLACE_SUBJECTS and c.value not in (len(events), done):
            out.append(f"count {c.key!r} says {c.value} but {len(events)} "
                       f"{'item is' if len(events) == 1 else 'items are'} listed")
    return out
