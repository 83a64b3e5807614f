"""Page furniture as far as the edition's date is concerned: the parts of a page that are not
its own text and carry other pages' dates.

A page copied as text keeps its related-article lists, "more from this series" and archive
boxes, video widgets and sidebars; the reader drops the ones a heading announces in Markdown or
HTML, but in plain text they are paragraphs like any other. What marks them:
- a cue line: a short line that only names such a box ("Related", "More from Reuters",
  "Watch", "From the archive", "Latest news"); the box runs from there over the short lines
  after it, up to the next heading or a paragraph of real prose;
- a widget line: a short line that opens on such a word and a colon ("VIDEO: ...", "Read
  more: ...");
- a run of dated entries: two or more short lines in a row, each holding a date (a list of
  links with their days, a table's rows). An edition's own date stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.vocabulary.dates import find_dates

_BOX = (r"related(?:\s+(?:articles?|posts?|stories|news|content|coverage|links?|reading|videos?))?|"
        r"more\s+(?:from|on|in|about|stories|news|videos?|coverage)\b[^.!?]{0,40}|"
        r"read\s+(?:more|also|next)|also\s+(?:read|see|on|in)\b[^.!?]{0,40}|see\s+also|"
        r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in|want\s+to\s+read)|"
        r"recommended(?:\s+for\s+you|\s+reading|\s+stories)?|(?:the\s+)?latest(?:\s+(?:news|stories|"
        r"updates|headlines|videos?|releases|press\s+releases))?|most\s+(?:read|popular|viewed|shared)|"
        r"popular(?:\s+(?:posts|stories|now))?|trending(?:\s+now)?|top\s+stories|editor'?s\s+picks?|"
        r"(?:from\s+(?:the|our)\s+)?archives?(?:\s+\w+){0,2}|videos?(?:\s+\w+){0,2}|watch(?:\s+\w+){0,3}|"
        r"in\s+pictures|photos?|galler(?:y|ies)|listen(?:\s+\w+){0,3}|podcasts?|"
        r"(?:previous|next|older|newer)(?:\s+(?:articles?|posts?|stories|releases?|updates?|entries))?|"
        r"other\s+(?:news|stories|releases|updates)|further\s+reading|in\s+(?:this|the)\s+series|"
        r"(?:also\s+)?in\s+this\s+section|share\s+this")
_CUE = re.compile(rf"[\W_]*(?:{_BOX})[\W_]*", re.IGNORECASE)
# a clip's running time: "VIDEO 2:31 Convoy leaves Camp X"
_CLIP = r"[\W_]*(?:video|watch|listen|audio|podcast)\s+\(?\d{1,2}:\d{2}\b"
_WIDGET = re.compile(r"[\W_]*(?:(?:from|in)\s+(?:the|our)\s+)?(?:video|watch|listen|audio|podcast|photos?|gallery|related|read\s+more|"
                     r"read\s+also|see\s+also|also\s+read|more|latest|archive|live)\s*[:|»>]|" + _CLIP,
                     re.IGNORECASE)
# a media or link widget's line ("VIDEO: Convoy leaves Camp X, 27 Feb", "Read more: ..."): never
# the page's own report, so neither its date nor its event
_MEDIA_WIDGET = re.compile(r"[\W_]*(?:video|watch|listen|audio|podcast|photos?|gallery|in\s+pictures|"
                           r"read\s+(?:more|also|next)|see\s+also|also\s+read|related)\s*[:|»>]|" + _CLIP,
                           re.IGNORECASE)
_SHORT = 200  # a box's entries are short lines; a longer paragraph is the page's own text again
_ENTRY = 160  # the longest line a run of dated entries is made of
_ENTRY_DAY = 40  # a link's day under its title: the day and little else
_LABEL = re.compile(r"\b(?:updated|published|posted|issued|released|dated|as\s+(?:of|at|on)|"
                    r"edited|modified|release\s+date|date\s+of\s+(?:issue|publication))\b",
                    re.IGNORECASE)

_OWN = re.compile(r"\s*(?:[Bb][Yy]\s+[A-Z]|(?i:(?:last\s+)?(?:updated|published|posted|issued|released)\b))")


def furniture(kinds: Sequence[str], texts: Sequence[str]) -> set[int]:
    """The indexes of the blocks (given by kind and clean text) that are page furniture."""
    out: set[int] = set()
    inside = False
    for i, (kind, text) in enumerate(zip(kinds, texts)):
        if len(text) <= 60 and _CUE.fullmatch(text):
            out.add(i)
            inside = True
            continue
        if inside and kind == "heading" and i + 1 < len(texts) and _entry_day(texts[i + 1]):
            out.add(i)  # a link's title over its day ("Camp X closed" / "14 February 2021"),
            continue    # which a plain-text page shows as a heading: still the box
        if kind == "heading" or len(text) > _SHORT or _OWN.match(text):
            inside = False  # the page's own text again: a heading, prose, a byline or date label
        if inside or (len(text) <= _SHORT and _WIDGET.match(text)):
            out.add(i)
    return out


def _entry_day(text: str) -> bool:
    """A short line holding a day, neither labelled as the page's ("Updated: ...") nor prose."""
    return len(text) <= _ENTRY and not _LABEL.search(text) and not is_prose(text) \
        and any(d.iso or d.day for d in find_dates(text))


def dated_runs(texts: Sequence[str]) -> set[int]:
    """The indexes of short lines that stand in a run of two or more dated lines (a list of
    links with their days), and of a table's rows (lines with as many "|" as a neighbour):
    none of them is the edition's own date line. A line that labels its date ("Updated: ..."),
    and a sentence ("GAO, 14 June 2023 - The mission left Ber."), is no entry of such a run."""
    dated = [_entry_day(t) for t in texts]
    pipes = [t.count("|") for t in texts]
    return linked_entries(texts, dated) | {i for i, d in enumerate(dated)
                    if d and ((i > 0 and dated[i - 1]) or (i + 1 < len(dated) and dated[i + 1]))} | \
        {i for i, n in enumerate(pipes)
         if n and ((i > 0 and pipes[i - 1] == n) or (i + 1 < len(pipes) and pipes[i + 1] == n))}


def widget_line(text: str) -> bool:
    """A short line of a media or link widget ("Watch: Camp X handover, 27 Feb 2023")."""
    return len(text) <= _SHORT and _MEDIA_WIDGET.match(text) is not None


def linked_entries(texts: Sequence[str], dated: Sequence[bool] | None = None) -> set[int]:
    """The indexes of links listed with their days, a title over each day, two or more in a
    row ("Camp X closed" / "14 February 2021" / "Troops leave Y" / "3 May 2020"): a related
    list whose cue line the reader dropped. A page's own title over its date stands alone."""
    dated = [_entry_day(t) for t in texts] if dated is None else dated
    paired = [i > 0 and d and len(texts[i]) <= _ENTRY_DAY and not dated[i - 1]
              and len(texts[i - 1]) <= _ENTRY and not is_prose(texts[i - 1]) for i, d in enumerate(dated)]
    return {j for i, p in enumerate(paired) if p and ((i >= 2 and paired[i - 2])
                                                       or (i + 2 < len(paired) and paired[i + 2]))
            for j in (i - 1, i)}


_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
_WORD = re.compile(r"\b[A-Za-zÀ-ÿ][\w'’-]*\b")


def is_prose(text: str) -> bool:
    """A sentence of running text, not a header line or a link's title: long, or ending in a
    full stop with its words mostly in lower case ("Troops must leave by 31 December 2023.")."""
    if len(text) > 200:
        return True
    words = _WORD.findall(text)
    return len(words) >= 6 and text.rstrip(" \"'”’)").endswith((".", "!", "?")) \
        and 2 * len(_LOWER_WORD.findall(text)) > len(words)
