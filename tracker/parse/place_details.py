"""What an item says about its place beyond the name: the phrase that situates it ("north of
Kabul") and its other names ("(Q-West)", "also known as ...")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker import identity as _names
from tracker.vocabulary.dates import find_dates
from tracker.parse.nations import nation_of
from tracker.parse.places import all_places, only_generic, Place


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
# a time, not a place: "in 2020", "in March", "in late March", "in the third quarter"
_MONTH_START = re.compile(r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                          r"(?:early|mid|late)\b|(?:the\s+)?(?:end|beginning|start|middle|"
                          r"(?:first|second|third|fourth|last|final)\s+(?:quarter|half|week|days))\b|"
                          r"(?:last|this|next|the\s+coming)\s+(?:week|month|year)\b)",
                          re.IGNORECASE)
_REGION = re.compile(
    r",\s+(?P<d>(?:[A-Z][\w'-]*\s+){1,3}(?:province|district|region|governorate|county|state))\b"
)
# "Camp Victory, Baghdad - handed over", "FOB Salerno, Khost: ...": a town between the name
# and the separator that ends the item's head
_TOWN = re.compile(r",\s+(?P<d>[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+){0,2})\s*(?::|\s-\s)")


_BRACKETED = re.compile(r"\s*\(([^()]{1,120})\)")
_COMMA_GAP = re.compile(r"\s*,?\s*")
_DESC_TOKEN = re.compile(r"[^\s,.;:()]+|[,.;:()]")


def place_description(text: str, end: int) -> str | None:
    """The phrase that situates the place: "on the border with Syria", "north of Kabul"."""
    rest = text[end: end + 200]
    m = _BRACKETED.match(rest)
    bracketed = None
    if m:
        inner = m.group(1).strip()
        if _DESC.match(inner):
            return _desc_words(inner, 0, limit=14) or None
        if re.fullmatch(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:\s+(?:province|district|region))?",
                        inner) and not all_places(inner):
            bracketed = inner  # "(Helmand)": a region, unless it reads as another name
        rest = rest[m.end():]
    region = _REGION.match(rest) or _TOWN.match(rest)
    if region and not nation_of(region.group("d")):
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
    if introduced or all_places(alias):
        return True
    if re.search(r"\d|-|^[A-Z]{2,6}$", alias):
        return True
    own = {w for w in re.findall(r"[a-z]{3,}", name.lower())}
    if re.fullmatch(r"[A-Z][a-z]+", alias) and alias.lower() in own:
        return False  # "Baghdad Operations Command (Baghdad)": the city, not another name
    return bool(own & set(re.findall(r"[a-z]{3,}", alias.lower())))


def place_aliases(text: str, place: Place, notes: Sequence[str]) -> tuple[str, ...]:
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
    inner = re.search(r"\(([A-Z0-9][A-Za-z0-9-]{0,9})\)", text[place.start:place.end])
    if inner:  # "Al Taqaddum (TQ) Air Base": the bracketed code inside the name
        found.append(inner.group(1))
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
        if only_generic(alias):
            continue  # "(COB)" after "Contingency Operating Base" names the kind, not the place
        if key and key not in seen:
            seen.add(key)
            out.append(_names.clean_name(alias))
    return tuple(out)
