"""Areas and the towns of named sites: which bare names a document uses to say WHERE a site is,
never as a site of their own.

- an area: a name the document calls a province, region, district or state ("Helmand
  province", "the region of Kidal") and never names with a base word ("the base in Kidal");
- a town of a named site: a name the document gives as the place of a named site also acted
  on ("Camp Castor in Gao", "Niamey's Air Base 101"), so that "the pull-out from Gao" is Camp
  Castor's, one place, unless the town names a base of its own ("their base at Tessalit").

Input: the names in question and the whole document's text; each question is one pass over
the text whatever the number of names. Output: a set of names. `reports` asks both before it
gathers a document's events; it must not read sentences (that is `lists` and `sites`).
"""

from __future__ import annotations

import re
from typing import Any

from tracker.parse.site_names import HEAD, HEAD_ANY, NAME

_REGION_WORDS = (r"(?:province|region|district|state|territory|county|governorate|prefecture|"
                 r"department|oblast|valley|area|zone|sector|corridor|border)")
_AREA_WORD = re.compile(rf"(?i:\b{_REGION_WORDS}s?\b)")
_NAME_ENDING = re.compile(rf"(?<![\w'’-])(?P<name>{NAME})(?:['’]s)?\s+$")
_NAME_OPENING = re.compile(rf"\s+of\s+(?P<name>{NAME})")


def _names_around(whole: str, words: re.Pattern[str], after: Any) -> set[str]:
    """Every name right before one of `words` in the text, and the one `after(match)` finds
    right after it: one pass over the text."""
    found = set()
    for word in words.finditer(whole):
        before = _NAME_ENDING.search(whole, max(0, word.start() - 60), word.start())
        if before:
            found.add(before.group("name"))
        following = after(word)
        if following:
            found.add(following.group("name"))
    return found


def _called_areas(whole: str) -> set[str]:
    """Every name the text calls an area: "Helmand province", "the region of Kidal"; a
    name's last words too ("the Kidal region" is read as "Kidal")."""
    names = _names_around(whole, _AREA_WORD, lambda w: _NAME_OPENING.match(whole, w.end()))
    return names | {n.split()[-1] for n in names if " " in n}


def areas(names: set[str], whole: str) -> set[str]:
    """Those of `names` the document calls a province, region, district or state ("Helmand
    province", "the region of Kidal") and never names with a base word ("the base in Kidal",
    "Kidal camp"): an area, not a base. Asked only of the names that need it."""
    if not names:
        return set()
    called = _called_areas(whole) & names  # one pass over the text each, not one a name
    return called - _based(whole) if called else set()


def towns_of_named_sites(towns: set[str], sites: set[str], whole: str) -> set[str]:
    """Those of `towns` (bare names told as acted on) the document gives as the town of a named
    site also acted on ("Camp Castor in Gao", "Air Base 101 in Niamey", "Niamey's Air Base 101"):
    "the pull-out from Gao" then is Camp Castor's, one place, not a second site. One pass over
    the text for all the towns."""
    sites = {s for s in sites if HEAD_ANY.search(s) and s[:1].isupper()}
    if not towns or not sites:
        return set()
    alternatives = "|".join(re.escape(t) for t in sorted(towns, key=len, reverse=True))
    found, unnamed = set(), set()
    for m in re.finditer(rf"(?<![\w'’-])(?P<town>{alternatives})(?![\w-])(?P<owner>['’]s\s+)?", whole):
        town = m.group("town")
        if m.group("owner"):  # "Niamey's Air Base 101"
            if any(whole.startswith(site, m.end()) for site in sites):
                found.add(town)
            continue
        before = _TOWN_PREPOSITION.search(whole, max(0, m.start() - 80), m.start())
        if before and _UNNAMED_BASE.search(whole, max(0, before.start() - 30), before.start()):
            # "their base at Tessalit": a base the town names, its own site
            unnamed.add(town)
        elif before and any(whole.endswith(site, 0, before.start()) for site in sites):
            found.add(town)  # "Camp Castor in Gao"
    return found - unnamed


_UNNAMED_BASE = re.compile(rf"(?<![A-Za-z])(?:the|its|their|a|an|his|her)\s+(?:[a-z-]+\s+){{0,2}}(?-i:{HEAD})$")
_TOWN_PREPOSITION = re.compile(r"\s+(?:in|at|near|outside)\s+(?:the\s+(?:town|city|village)\s+of\s+)?$")


_NAME_AFTER = re.compile(rf"\s+(?P<name>{NAME})")
_NAME_NEXT = re.compile(rf"\s+(?:in|at|of)\s+(?:the\s+)?(?P<name>{NAME})")


def _based(whole: str) -> set[str]:
    """Every name the text gives a base word: "the base in Kidal", "Kidal camp", "Camp X"."""
    return _names_around(whole, HEAD_ANY, lambda head: _NAME_NEXT.match(whole, head.end()) or (
        _NAME_AFTER.match(whole, head.end()) if whole[head.start()].isupper() else None))
