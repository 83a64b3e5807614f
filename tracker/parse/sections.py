"""The edition's outline: its title, footnotes and as-of date, and its sections with their prose,
sorting each block into section text, an event candidate, or prose that may state counts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tracker import identity as _names
from tracker.vocabulary.verbs import VERB
from tracker.vocabulary.dates import find_dates, is_dateline
from tracker.memo import remembered
from tracker.model import Section
from tracker.parse.furniture import dated_runs, furniture, linked_entries
from tracker.parse.state import Context, Keys
from tracker.parse.places import find_place
from tracker.parse.sentences import DATELINE_PREFIX, clean_text, sentence_spans


def split_title(blocks: list[Any]) -> tuple[str | None, list[Any]]:
    """The first heading (or a short first line) is the title, not a section."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    text = clean_text(first.text)
    if first.kind == "heading":
        return text, blocks[1:]
    if first.kind == "paragraph" and len(text) <= 120 and not text.endswith(".") \
            and _split_heading(text) is None and "\n" not in text:
        return text, blocks[1:]
    return None, blocks


def footnotes(blocks: Iterable[Any]) -> dict[str, str]:
    """Footnote marker -> its note ("1" -> "Source: ..."), the first note of a marker kept."""
    notes: dict[str, str] = {}
    for b in blocks:
        if b.kind == "footnote" and b.marker:
            notes.setdefault(str(b.marker).strip("[]^.) "), clean_text(b.text))
    return notes


_CLOCK = (r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"  # a weekday, a time of day and its zone
          r"|\d{1,2}(?:[:.h]\d{2})?\s*(?:hrs|hours|h|[ap]\.?\s?m\.?)?"
          r"(?:\s*\(?(?:local(?:\s+time)?|[a-z]+\s+time|gmt|utc|bst|cet|cest|est|edt|pst|pdt|eat|"
          r"wat|cat|msk|ast)\)?)?)")
_BETWEEN = rf"(?:\s+on)?\s*[:,-]?(?:\s*(?:on|at)?\s*{_CLOCK}\s*[:,-]?){{0,3}}\s*$"
_UPDATED = re.compile(r"\b(?:(?:last\s+)?(?:updated|revised|published|dated|issued|released|posted|edited|"
                      r"modified)|date\s+of\s+(?:issue|publication)|release\s+date|publication\s+date|"
                      r"date\s*:)" + _BETWEEN, re.IGNORECASE)
AS_OF = re.compile(r"\bas\s+(?:of|at|on)\s*[:,]?\s*$", re.IGNORECASE)
_AS_OF_SAID = re.compile(r"\bas\s+(?:of|at|on)" + _BETWEEN, re.IGNORECASE)
_AHEAD_OF_LABEL = re.compile(r"\b(?:will|shall|next|to\s+be|due|expected|scheduled|until|till|before|"
                             r"effective|from|deadline)\b[^.;]{0,30}$", re.IGNORECASE)
_PLAIN_WORD = re.compile(r"\s*(?:dated|date\s*:)", re.IGNORECASE)  # "a letter dated ...": no label in prose


def _mentions_as_of(text: str) -> bool:
    """Whether `text` holds any word _UPDATED or _AS_OF_SAID look for (spaces are collapsed)."""
    low = text.lower()
    return "dated" in low or "revised" in low or "published" in low or "as of" in low \
        or "issue" in low or "release" in low or "publication date" in low \
        or "as at" in low or "as on" in low or "edited" in low or "modified" in low \
        or "posted" in low or "date:" in low


def find_as_of(blocks: Iterable[Any]) -> str | None:
    """The edition's as-of date as the text states it: an "updated" (published, issued, last
    edited ...) line, else the latest "as of"/"as at", else a dateline (a short line near the
    top that is a date). A label may stand before a weekday and a time ("Issued: Wednesday 25
    April 2007, 1600 hrs", "as of 20:00 Moscow time, 11 April 2024"). Never a date the text
    looks ahead to ("the next update will be issued on ..."), one a sentence quotes ("a letter
    dated ..."), nor one in page furniture (`furniture`: related articles, archive boxes)."""
    blocks = [b for b in blocks if b.kind != "footnote"]
    texts = [clean_text(b.text) for b in blocks]
    aside = furniture([b.kind for b in blocks], texts)
    listed = dated_runs(texts[:3]) | linked_entries(texts[:6]) | _timeline_rows(texts[:8])
    updated, stated, dateline = None, [], None
    for index, (b, text) in enumerate(zip(blocks, texts)):
        if index in aside or (index >= 3 and not _mentions_as_of(text)):
            continue  # only a stated or updated date counts past the top: skip the date scan
        for d in find_dates(text):
            if not d.iso:
                continue
            before = text[max(0, d.start - 60): d.start]
            prose = index >= 3 and len(text) > 100
            label = _UPDATED.search(before)
            said = _AS_OF_SAID.search(before)
            ahead = (label or said) and _AHEAD_OF_LABEL.search(
                text, max(0, d.start - 100), d.start - len(before) + (label or said).start())
            if ahead:
                continue
            if label and updated is None and (not prose or d.start <= 60) \
                    and not (prose and _PLAIN_WORD.match(label.group(0))) \
                    and stands_as_label(text, d.start - len(before) + label.start()):
                updated = d.iso
            elif not label and not said and updated is None and index < 3 and index not in listed \
                    and d.start <= 25 \
                    and _AFTER_UPDATE.search(text, d.end, d.end + 40) and not _AFTER_UPDATE.search(text, 0, d.start):
                updated = d.iso  # "Thursday, July 16, 2009 | Updated: July 17": the day the
                # page was published, the update a later stamp of the same page
            elif said and not label:
                stated.append(d.iso)
            elif dateline is None and index < 3 and index not in listed \
                    and len(text) <= len(d.text) + 40 and d.start <= 25 and b.kind != "item" \
                    and not _AHEAD_OF_LABEL.search(text, 0, d.start) \
                    and not _EVENT_ON.search(text[max(0, d.start - 30): d.start]) \
                    and not OTHER_EVENTS_DAY.search(text[:d.start] + " " + text[d.end:]):
                dateline = d.iso  # not an item's "On 2 April 2020 troops withdrew from ..."
    return updated or (max(stated) if stated else None) or dateline


# where a label stops: a line's start, a separator, a sentence's end
_LABEL_START = re.compile(r"[|·•:()\[\]]|\s[-–—]{1,2}\s|[.!?]\s")
# words a label may carry before it: "Page last updated", "This statement was issued on", "Press
# release issued"
_LABEL_LEAD = {"first", "last", "originally", "was", "is", "were", "been", "has", "have", "page",
               "article", "story", "report", "statement", "release", "bulletin", "update", "document",
               "note", "brief", "sheet", "sitrep", "notice", "communique", "communiqué", "post"}
_NOT_A_NAME = {"a", "an", "the", "in", "on", "at", "for", "from", "under", "after", "before", "with",
               "according", "as", "when", "while", "its", "their", "his", "her", "our", "that", "which"}


def stands_as_label(text: str, at: int) -> bool:
    """Whether the publication word at `at` labels the page's date ("Published 12 May", "| Updated:
    ...", "This statement was issued on ...", "Press release issued 12 May"), not a participle a
    sentence gives some other paper ("In a statement issued on 10 May", "a report published on
    ...", "the plan, updated on ..."): the word is capitalised (a header line's start, lines
    run together), or what stands before it since a separator or a sentence's start is nothing,
    a page's own words, or a name (capitalised words, "This")."""
    if text[at:at + 1].isupper():
        return True  # "Posted on: ...", "Date of issue: ...": a header line's own start, run together
    start = max(0, at - 80)
    for m in _LABEL_START.finditer(text, start, at):
        start = m.end()
    words = text[start:at].strip(" -–—").split()
    while words and words[-1].lower().strip(",") in _LABEL_LEAD:
        words.pop()
    if not words:
        return True
    if words[0].lower() in ("this", "these") and len(words) <= 3:
        return True
    return words[0].lower() not in _NOT_A_NAME and all(
        w[0].isupper() or w in ("of", "and", "for", "the", "de") for w in words) and not words[-1].endswith(",")


def _timeline_rows(texts: list[str]) -> set[int]:
    """The indexes of lines that open with a day, two or more in a row ("6 June 2004 Cabinet
    approves the plan." / "16 February 2005 Parliament passes the law."): a timeline's rows,
    each the day of what it tells, none the page's own date."""
    opens = [any(d.start == 0 and (d.iso or d.day) for d in find_dates(t[:30])) for t in texts]
    return {i for i, o in enumerate(opens)
            if o and ((i > 0 and opens[i - 1]) or (i + 1 < len(opens) and opens[i + 1]))}


# "Updated: July 17", "updated on 17 July", "Updated December 18, 1963": a later stamp of the page
_AFTER_UPDATE = re.compile(r"\b(?:updated|revised|modified|edited)\s*(?::|on\b|at\b|\d|"
                           r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
                           re.IGNORECASE)


# a short line that gives another event's day, not the page's: "Ceasefire agreed 12 March 2019",
# "Mandate end: 31 December 2023", "Handover: 12 March 2019", "Signed in X, 12 March 2019"
OTHER_EVENTS_DAY = re.compile(
    r"\b(?:ceasefire|truce|mandate|agreement|accord|treaty|deal|resolution|deadline|handover|"
    r"hand-over|transfer|withdrawal|closure|departure|election|vote|signed|agreed|expires?|expired|"
    r"handed|returned|vacated|evacuated|withdrawn|withdrew|"
    r"ends?|ended|begins?|began|starts?|started|holds?|due|planned|scheduled|opened|closed|"
    r"founded|established|built|killed|attack\w*)\b", re.IGNORECASE)
_EVENT_ON = re.compile(r"(?:^|[\s,;(])(?:on|since|from|until|by)\s*$", re.IGNORECASE)
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
    from_heading: bool = False  # opened by a real heading block, not a "Heading: text" lead-in


def walk(blocks: list[Any], ctx: Context) -> tuple[list[Section], list[tuple[str, str | None]],
                                                   list[str]]:
    """Sections (with their prose), event candidates (items, dated lines), and prose texts."""
    drafts: list[_SectionDraft] = []
    current: _SectionDraft | None = None
    candidates: list[tuple[str, str | None]] = []
    prose: list[str] = []
    notes_title: str | None = None
    parent: str | None = None  # an undated top-level item whose sub-items give its dates
    for b in blocks:
        text = (b.text or "").strip()
        if b.kind == "footnote":
            continue
        if b.kind == "heading":
            title = clean_text(text).rstrip(":").strip()
            current = None if title.lower() in _NOTES_TITLES else _SectionDraft(title, from_heading=True)
            if current is not None:
                drafts.append(current)
            notes_title = title if current is None else None
            continue
        if b.kind == "item":
            if b.level == 0:
                parent = len(candidates) if not find_dates(text) and len(text) <= 80 else None
            elif parent is not None and _detail_of_parent(text):
                # "- Camp X" with sub-items "started 3 Jan", "completed 20 Jan": one item
                head, marker = candidates[parent]
                sep = "; " if find_dates(head) else ": "
                candidates[parent] = (f"{head.rstrip(':;., ').strip()}{sep}{text}", marker)
                continue
            candidates.append((text, b.marker))
            if current is not None:
                current.from_heading = False  # a lead-in after the list opens a section of its own
            continue
        clean = clean_text(text)
        if len(clean) <= 60 and (_ASOF_LINE.match(clean) or is_dateline(clean) or _only_date(clean)):
            prose.append(clean)
            continue  # an "Updated 5 July" line changes every edition; it is not prose
        split = _split_heading(clean)
        told = _events_told_in_prose(clean)
        if told:
            candidates.extend((sentence, None) for sentence in told)  # and the paragraph stays prose
        elif _is_event_line(clean, split):
            candidates.append((text, None))
            prose.append(clean)  # its figures are read as tallies ("the fifth base handed over")
            if current is not None:
                current.from_heading = False  # as after a list: a lead-in opens its own section
            continue
        whole = clean  # tallies read a lead-in with its figure: "Sites handed over to date: 14"
        if split is not None and not _opens_under_heading(current):
            current = _SectionDraft(split[0])
            drafts.append(current)
            clean = split[1]
        if not clean:
            continue
        prose.append(whole)
        if current is None:
            # prose under a "Notes" heading (no footnote list) is that section, not an intro
            current = _SectionDraft(notes_title or "Introduction")
            drafts.append(current)
        current.parts.append(clean)
    sections, used = [], Keys()
    for d in drafts:
        body = "\n\n".join(d.parts)
        if not body:
            continue
        key = used.claim(_section_key(d.title))
        sections.append(Section(key=key, title=d.title, text=body))
    return sections, candidates, prose


def _only_date(text: str) -> bool:
    """A paragraph that is nothing but a date ("18 December 2011" under the title)."""
    found = find_dates(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.rstrip(" ."))


def _detail_of_parent(text: str) -> bool:
    """A sub-item that only adds a step to its parent item: "started 3 Jan 2021", "20 Jan: left"
    (it opens in lower case or on a date, and names no place of its own)."""
    if not text or find_place(text) is not None:
        return False
    opens_on_date = any(d.start == 0 for d in find_dates(text))
    return text[0].islower() or opens_on_date


def _opens_under_heading(current: _SectionDraft | None) -> bool:
    """A "Correction: ..." lead-in right under a real heading belongs to that heading's section:
    the heading names the section, the lead-in only the paragraph."""
    return (current is not None and current.from_heading and not current.parts
            and not _ASOF_LINE.match(current.title))


def _events_told_in_prose(clean: str) -> list[str]:
    """The sentences of a paragraph that tells several handovers one after another ("On 19
    March, it handed over the al-Qaim base. On 26 March, troops left Qayyarah Airfield."):
    each names a place, an action and a day. Fewer than two such sentences: none."""
    if len(clean) > 4000:
        return []
    return list(_told(clean))


@remembered(2048, longest=2000)
def _told(clean: str) -> tuple[str, ...]:
    """Remembered: the next edition repeats its paragraphs."""
    told = tuple(clean[s:e].strip() for s, e in sentence_spans(clean) if _one_event(clean[s:e]))
    return told if len(told) >= 2 else ()


def _one_event(sentence: str) -> bool:
    return (VERB.search(sentence) is not None
            and any(d.iso or (d.day and d.month) for d in find_dates(sentence))
            and find_place(sentence) is not None)  # the dearest test last


def _is_event_line(clean: str, split: tuple[str, str] | None) -> bool:
    """A paragraph that is one dated handover ("17 March 2020: troops left Camp X")."""
    if len(clean) > 400:
        return False
    if split is not None and not (find_place(split[0]) or find_dates(split[0])):
        return False
    place = find_place(clean)
    if place is None:
        return False
    dateline = DATELINE_PREFIX.match(clean)  # "HANOI, March 27 (Agency) - ": the report's day
    after = dateline.end() if dateline else 0
    if not any((d.iso or (d.day and d.month)) and d.start >= after for d in find_dates(clean)):
        return False
    if not VERB.search(clean):
        return False
    spans = sentence_spans(clean)
    # several sentences that open on something other than a place are prose that mentions one
    # ("... has left two of its three sites. The last soldiers flew out of Gao on 15 December")
    return len(spans) < 2
