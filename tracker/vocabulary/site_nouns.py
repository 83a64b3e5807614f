"""Site nouns: the words a text uses for a kind of place a force can hold and hand back ("base",
"observation post", "parcel", "FOB"), singular and plural. Vocabulary only: the tally reader
counts places by these nouns ("six FOBs", "the third observation point"), and any reader that
asks whether a noun names a kind of site asks here, so that a noun added once is a site noun
everywhere. Troops, vehicles, buildings in general or towns are never site nouns.
"""

from __future__ import annotations

import re

__all__ = ["SITE_NOUNS", "SITE_NOUN_RE_SOURCE", "plural", "is_site_noun", "is_plural_only"]

# (singular, plural); a noun with one form ("barracks") gives it twice
_FORMS: tuple[tuple[str, str], ...] = (
    ("base", "bases"), ("airbase", "airbases"), ("firebase", "firebases"), ("camp", "camps"),
    ("airfield", "airfields"), ("airstrip", "airstrips"), ("airport", "airports"),
    ("aerodrome", "aerodromes"), ("heliport", "heliports"), ("helipad", "helipads"),
    ("site", "sites"), ("installation", "installations"), ("facility", "facilities"),
    ("outpost", "outposts"), ("position", "positions"), ("location", "locations"),
    ("garrison", "garrisons"), ("post", "posts"), ("checkpoint", "checkpoints"),
    ("compound", "compounds"), ("station", "stations"), ("premises", "premises"),
    ("centre", "centres"), ("center", "centers"), ("barracks", "barracks"),
    ("headquarters", "headquarters"), ("hub", "hubs"), ("fob", "fobs"), ("mob", "mobs"),
    ("fol", "fols"), ("cantonment", "cantonments"), ("property", "properties"),
    ("parcel", "parcels"), ("area", "areas"), ("office", "offices"), ("kaserne", "kasernes"),
    ("depot", "depots"), ("range", "ranges"), ("point", "points"), ("village", "villages"),
    ("fort", "forts"), ("enclave", "enclaves"), ("complex", "complexes"), ("annex", "annexes"),
    ("port", "ports"), ("harbour", "harbours"), ("harbor", "harbors"), ("seaport", "seaports"),
    ("tract", "tracts"), ("plot", "plots"), ("strongpoint", "strongpoints"), ("blockpost", "blockposts"),
    ("roadblock", "roadblocks"), ("watchtower", "watchtowers"),
    # what a service calls its stations ("RAF establishments"), what a pull-out empties of its
    # people ("the four settlements evacuated")
    ("establishment", "establishments"), ("settlement", "settlements"),
    # a head that is no site alone but is one under its qualifier: the Soviet "military town"
    # (a garrison with its housing) is a site, a town is only a locator
    ("military town", "military towns"), ("training ground", "training grounds"),
    ("proving ground", "proving grounds"), ("firing ground", "firing grounds"),
    ("married quarters", "married quarters"), ("ammunition dump", "ammunition dumps"),
    # parts of a base a force hands back on their own
    ("dockyard", "dockyards"), ("hangar", "hangars"), ("bunker", "bunkers"), ("hospital", "hospitals"),
    # the acronyms of kinds of base: temporary, company, joint security, forward operating sites
    ("tob", "tobs"), ("cob", "cobs"), ("jss", "jsss"), ("fos", "foss"), ("lsa", "lsas"),
)
# every plural: what a tally counts ("bases", "observation points" by their last word)
SITE_NOUNS: frozenset[str] = frozenset(p for _, p in _FORMS)
# singulars that name no one place as often as they name one ("an army's worth of property")
_MASS = frozenset({"property"})
_ALL_FORMS = sorted({w for pair in _FORMS for w in pair} - _MASS, key=lambda w: (-len(w), w))
# a site noun as written, either number, and never the first part of a compound ("post-war")
SITE_NOUN_RE_SOURCE = r"(?:" + "|".join(w.replace(" ", r"\s+") for w in _ALL_FORMS) + r")(?![\w-])"
_SINGULAR = {s: p for s, p in _FORMS}
_WORD = re.compile(r"[a-z]+")


def plural(word: str) -> str:
    """The plural of a site noun, or of any noun by the usual ending ("facility" -> "facilities")."""
    word = " ".join(word.lower().split())
    if word in _SINGULAR:
        return _SINGULAR[word]
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("x", "ch", "sh")) else "s")


def is_site_noun(word: str) -> bool:
    """Whether a word (either number, any case) names a kind of site."""
    found = _WORD.findall(word.lower())
    return bool(found) and (plural(found[-1]) in SITE_NOUNS or plural(" ".join(found[-2:])) in SITE_NOUNS)


def is_plural_only(word: str) -> bool:
    """Whether a site noun as written is a plural that is no singular too ("positions", not
    "headquarters"): "the first positions to be given up" is a batch, not a rank."""
    word = " ".join(word.lower().split())
    return word in SITE_NOUNS and word not in _SINGULAR
