"""Find sites: every place a sentence of prose names as a site, read in several ways, the
strongest first ("Camp Castor", "Niamey's Air Base 101", "Kandahar is the fourth base", "Gao,
the largest base", then the lists of `lists`, numbered posts, and bare names an action acts on).

Input: one sentence, whether bare names count (not in a title-case headline), and its action
words. Output: `Spot`s, left to right, none overlapping: where two readings overlap, the
stronger is kept; names listed together share a group. It must not decide which action a site
undergoes, its date or status (that is `mentions`), nor whether the document calls a name an
area (`areas.areas`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from tracker.parse.enumerations import elliptic_lists
from tracker.parse.lists import (apposed_lists, bare_names, bracketed_lists, colon_lists, copula_lists,
                                 headed_lists, located_lists, then_lists)
from tracker.parse.places import all_places
from tracker.parse.site_names import (HEAD, HEAD_ANY, NAME, PREPOSITION_BEFORE, Spot, at_heads, compass_named,
                                      is_place_name)
from tracker.parse.triggers import Trigger, find_triggers

_APPOSED = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{NAME}),\s+(?:the|its|their|a|an)\s+(?:[\w'’-]+\s+){{0,5}}?"
                      rf"(?i:{HEAD})\b")
_NTH_SUBJECT = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{NAME})\s+(?:is|was|becomes|became|will\s+be|"
                          rf"would\s+be)\s+(?:now\s+)?the\s+(?:(?!of\b)[\w-]+\s+){{0,3}}?(?i:{HEAD})\b")
_NUMBERED = re.compile(r"(?=[OoPp])\b(?P<names>(?:[Oo]bservation\s+)?[Pp]osts?\s+(?:[Nn]o\.?|[Nn]umber|#)\s*\d{1,3}"
                       r"|(?:[Oo]bservation\s+)?[Pp]ost\s+\d{1,3})\b")
# a plural base word over numbers: "Parcels 4 and 5", "sites 12, 13 and 14": one lot told together
_NUMBERED_LOT = re.compile(rf"(?P<names>(?i:{HEAD})\s+\d{{1,3}}(?:\s*,\s*\d{{1,3}})*,?\s+(?:and|&)\s+\d{{1,3}})"
                           r"(?![\d,.]?\d)")
_OF_BEFORE = re.compile(r"(?<![\w'’-])[A-ZÀ-Þ][\w'’-]+\s+of\s+$")
_OWNER = re.compile(r"^[A-ZÀ-Þ][\w'’-]*['’]s\s+(?=\S)")
_KIND_WORDS = re.compile(rf"['’]s\b|\b(?i:{HEAD}|air\s+force|marine\s+corps|air|military|forward|operating|main|joint|"
                         r"logistics|support|patrol|contingency|naval|army|combat|temporary|"
                         r"observation|team|protection|former)\b")

# A reading: (sentence, base words' spans, spots the stronger readings found, next group number)
# -> (its spots, the next group number after them)
Reading = Callable[[str, list[tuple[int, int]], list[Spot], int], tuple[list[Spot], int]]


def find_sites(sentence: str, bare: bool = True, triggers: Sequence[Trigger] | None = None) -> list[Spot]:
    """Every place named in the sentence, strongest reading first when two overlap; bare
    names (without a facility word) only when `bare`."""
    spots: list[Spot] = []
    group = 0
    heads = [h.span() for h in HEAD_ANY.finditer(sentence)]  # most readings need one
    for read in _READINGS:
        found, group = read(sentence, heads, spots, group)
        spots += found
    if triggers is None:
        triggers = find_triggers(sentence, False)
    if bare:
        spots += bare_names(sentence, group, triggers)
    kinds = [s for s in spots if s.role == "kind"]
    if kinds:  # "The other Mannheim barracks returned are A, B and C": the plural is no site
        spots = [s for s in spots if s.role != "kind" and
                 not any(s.start < k.end and k.start < s.end for k in kinds)]
    return _not_bracketed_after(sentence, _without_overlaps(spots))


_OPENS_BRACKET = re.compile(r"\s*\(\s*")


def _not_bracketed_after(sentence: str, spots: list[Spot]) -> list[Spot]:
    """The spots but a name in brackets right after a site ("Camp Kilo (Townsville, Northern
    Province)", "Post Amber (Lakeside region, 3rd Brigade)"): the bracket says where the site
    stands or who holds it, it names no second site."""
    if "(" not in sentence or len(spots) < 2:
        return spots
    out = [spots[0]]
    for before, spot in zip(spots, spots[1:]):
        if _OPENS_BRACKET.fullmatch(sentence, before.end, spot.start) and before.group != spot.group:
            continue
        out.append(spot)
    return out


def _named_facilities(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                      group: int) -> tuple[list[Spot], int]:
    """Sites named with their base word ("Camp Castor", "the Zinder air base"), unless the
    name only says whose the base is."""
    spots = []
    for place in all_places(sentence):
        if _plural_over_towns(sentence, place.name, place.end):
            continue  # "the Regional Support Centres in A and B": a kind, its towns the sites
        core = _core_of(place.name)
        if not core or not (is_place_name(core) or compass_named(core)):
            continue  # "the Kestrel camp", "Mali's outpost", "UK base": whose, not which
        owner = _OWNER.match(place.name)  # "Niamey's Air Base 101": Air Base 101
        name, start = (place.name[owner.end():], place.start + owner.end()) if owner else \
            (place.name, place.start)
        of = _OF_BEFORE.search(sentence, max(0, start - 40), start)  # "Prince of Wales Barracks"
        if of and not owner:
            name, start = sentence[of.start():place.end], of.start()
        if is_place_name(name, facility=True):
            spots.append(Spot(name, start, place.end, group))
            group += 1
    return spots, group


_TOWNS_AFTER = re.compile(r",?\s+(?:in|at)\s+(?:the\s+)?[A-ZÀ-Þ]")
_HEAD_WORD = re.compile(HEAD, re.IGNORECASE)
_SINGULAR_PLURALS = frozenset({"barracks", "headquarters", "quarters", "premises"})


def _plural_over_towns(sentence: str, name: str, end: int) -> bool:
    """Whether a capitalised name ends in a plural base word that the towns after it say where
    ("the Regional Support Centres in Oecusse and Suai"): a kind of site, not one site."""
    if not name.endswith("s") or _TOWNS_AFTER.match(sentence, end) is None:
        return False  # most names: no plural, or no towns after it
    last = name.split()[-1].lower()
    return last not in _SINGULAR_PLURALS and _HEAD_WORD.fullmatch(last) is not None


def _said_a_base(pattern: re.Pattern[str], back: int, needs: tuple[str, ...], sentence: str,
                 heads: list[tuple[int, int]], earlier: list[Spot], group: int) -> tuple[list[Spot], int]:
    """A name a base word is said of, before it: "Kandahar is the fourth base" (`_NTH_SUBJECT`),
    "Gao, the largest base, ..." (`_APPOSED`), found within `back` characters of the base word
    where one of `needs` stands."""
    spots = []
    for m in at_heads(pattern, sentence, heads, back, needs):
        name = m.group("names")
        if PREPOSITION_BEFORE.search(sentence, 0, m.start()):
            continue  # "south of Mosul, the K-1 base": Mosul situates something else
        if is_place_name(name):
            spots.append(Spot(name, m.start("names"), m.end("names"), group, name))
            group += 1
    return spots, group


def _numbered_posts(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                    group: int) -> tuple[list[Spot], int]:
    """ "Post 4", "observation posts No. 12": a post named by its number; "Parcels 4 and 5":
    numbered lots told together, one site."""
    spots = []
    for m in _NUMBERED.finditer(sentence):
        spots.append(Spot(m.group("names"), m.start(), m.end(), group))
        group += 1
    for m in at_heads(_NUMBERED_LOT, sentence, heads):
        if sentence[m.start():m.end()].split()[0].lower().endswith("s"):
            spots.append(Spot(m.group("names"), m.start(), m.end(), group))
            group += 1
    return spots, group


# Strongest first: where two readings overlap, the one read earlier is kept.
_READINGS: tuple[Reading, ...] = (
    headed_lists, _named_facilities, copula_lists, apposed_lists, partial(_said_a_base, _NTH_SUBJECT, 120, (" the ",)),
    partial(_said_a_base, _APPOSED, 160, (", ",)), located_lists, colon_lists, bracketed_lists,
    _numbered_posts, then_lists, elliptic_lists)


def _core_of(name: str) -> str:
    """A facility's name without its kind words: "Kestrel camp" -> "Kestrel",
    "Camp Marmal" -> "Marmal", "Air Base 101" -> "101"."""
    words = _KIND_WORDS.sub(" ", name).split()
    while words and words[0].lower() in ("the", "a", "an", "its", "their", "this", "that"):
        words = words[1:]
    return " ".join(words)


def _without_overlaps(spots: list[Spot]) -> list[Spot]:
    """The stronger of two overlapping readings; of two readings of the very same name, the
    one that says it was told as done before ("follows those of ... and Al-Taqaddum Air
    Base"), since that role is what dates it."""
    kept: list[Spot] = []
    for spot in spots:
        same = next((i for i, k in enumerate(kept) if (k.start, k.end) == (spot.start, spot.end)), None)
        if same is not None and spot.role == "earlier" and not kept[same].role:
            kept[same] = Spot(kept[same].name, spot.start, spot.end, spot.group,
                              kept[same].core, "earlier")  # and its list: one action for all
            continue
        if any(spot.start < k.end and k.start < spot.end for k in kept):
            continue
        kept.append(spot)
    return sorted(kept, key=lambda s: s.start)
