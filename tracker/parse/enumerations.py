"""Sites enumerated apart from a base word of their own, set off in the sentence: after a
number or rank that stands for them ("the last two, A in the north and B near the coast,"),
or as the earlier handovers a new one follows ("follows those of A in X, B near Y and C").

A reading for `sites` (`elliptic_lists`) and a helper for `lists` (`those_of`): each finds
names and what situates them, and gives the names alone.
"""

from __future__ import annotations

import re

from tracker.parse.site_names import HEAD_ANY, NAME, Spot, is_place_name

# "the last two, A in the north and B near the coast, began ...", "the last, in Baucau, will
# be handed over": names set off after a number or rank that stands for the sites
_ELLIPTIC_ITEM = rf"{NAME}(?:\s+(?:in|near|at|on)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){{0,3}}?)?"
_ELLIPTIC = re.compile(
    r"\b(?i:the)\s+(?:last|final|remaining|other)(?:\s+(?:two|three|four|five|six|one))?\s*,\s+"
    rf"(?:(?P<town>(?:in|at)\s+{NAME})|(?P<items>{_ELLIPTIC_ITEM}(?:\s*,\s*(?!and\b){_ELLIPTIC_ITEM})*"
    rf"\s*,?\s+and\s+{_ELLIPTIC_ITEM}))\s*,")


def elliptic_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                   group: int) -> tuple[list[Spot], int]:
    """ "the last two, A in the north and B near the coast, began to be evacuated", "the last,
    in Baucau, will be handed over": a number or rank standing for the sites, then the sites
    set off by commas (each name without what situates it)."""
    if "he " not in sentence or "," not in sentence:
        return [], group
    spots = []
    for m in _ELLIPTIC.finditer(sentence):
        if m.group("town"):
            name = re.sub(r"^(?:in|at)\s+", "", m.group("town"))
            start = m.end("town") - len(name)
            if is_place_name(name):
                spots.append(Spot(name, start, m.end("town"), group, name))
        else:
            items = m.group("items")
            for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", items):
                n = re.match(NAME, part)
                if n is None:
                    continue
                start = m.start("items") + items.find(part)
                if is_place_name(n.group(0)):
                    spots.append(Spot(n.group(0), start, start + n.end(), group, n.group(0)))
        group += 1
    return spots, group


# "The handover follows, in quick succession, those of K-1 in Kirkuk, al-Qaim near the border
# and ...": the earlier handovers, each a name and what situates it
_THOSE_OF = re.compile(r"\b(?:follows?|followed|comes?\s+after|came\s+after)(?:\s*,\s*[^,.;]{1,40},)?"
                       r"\s+(?:those|that)\s+of\s+")
_THOSE_ITEM = re.compile(
    rf"(?:the\s+)?(?P<name>{NAME})(?:\s+(?:site|base|camp|air\s+base|airfield))?"
    r"(?:\s+(?:in|near|at|inside|outside|on|(?:north|south|east|west)\s+of)\s+[^,.;]{1,60}?)?"
    r"(?P<sep>\s*,\s*(?:and\s+)?|\s+and\s+|(?=\s*[.;]|\s*$))")


def those_of(sentence: str) -> list[tuple[str, int, int]]:
    """The names listed after "follows those of" (a noun of action before it), in order."""
    out = []
    for m in _THOSE_OF.finditer(sentence):
        at = m.end()
        while (item := _THOSE_ITEM.match(sentence, at)) is not None and item.end() > at:
            name = item.group("name")
            if is_place_name(name) or HEAD_ANY.search(name) and is_place_name(name, facility=True):
                out.append((name, item.start("name"), item.end("name")))
            at = item.end()
            if "," not in item.group("sep") and "and" not in item.group("sep"):
                break  # the sentence ends: the list with it
    return out
