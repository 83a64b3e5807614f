"""What can name a site in running prose: the base words ("camp", "airfield", "team site"), the
shape of a name ("Tessalit", "al-Sqoor", "Air Base 101") and of a run of names, and whether a
name can be a site at all (not a force, a nation, a count or a month).

The vocabulary the prose stages share (`sites`, `lists`, `mentions`, `tense`, `gathering`):
patterns and one judgment, `is_place_name`, and `Spot`, the reading of a site in a sentence.
It finds nothing by itself and must not grow a stage: a new way to find a site goes in
`sites`, a new shape of list in `lists`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.parse.nations import nation_of
from tracker.identity import MODIFIER_WORDS
from tracker.parse.places import only_generic
from tracker.vocabulary.countries import is_country as is_country_name, is_demonym
from tracker.vocabulary.forces import FORCE_NAMES

HEAD = (r"(?:air\s*bases?|airbases?|air\s*fields?|airfields?|airstrips?|airports?|bases?|camps?|"
        r"outposts?|(?:observation\s+)?posts?|positions?|(?:team\s+)?sites?|installations?|"
        r"facilit(?:y|ies)|compounds?|garrisons?|barracks|headquarters|hubs?|stations?|"
        r"premises|locations?|super-?camps?|cantonments?|FOBs?|MOBs?|FOLs?|cent(?:re|er)s?|areas?|"
        r"offices?|complex(?:es)?|ranges?|heliports?|depots?|kasernes?|ports?|quarters?|"
        r"(?:observation|control)\s+points?|checkpoints?|parcels?|hospitals?|"
        # plural only: "the other properties returned are ...", "the establishments handed over
        # were ..."; one "property" or "establishment" is as often a holding or a body as a site
        r"properties|establishments)")
_ART = r"(?:(?:al|el|an|ar|as|at|ad|ash|az|adh|ath)-)"
_WORD = r"(?:[A-ZÀ-ÖØ-Þ](?:\w|['’](?!s\b))*(?:-(?:\w|['’](?!s\b))+)*)"  # "Mali's": Mali
NAME = (rf"(?:{_ART}?{_WORD}(?:[ ](?:(?:al|el|de|du|des|la|le|di|bin|ibn|pod|nad|am|im|sur|del|da|dos|das|van|von|der|den)[ -])?{_ART}?{_WORD}){{0,3}}"
        r"(?:[ ]\d{1,3}(?![\d,.]\d))?)")
ASIDE = r"(?:\s*\([^()]{1,40}\))?"  # "Faya-Largeau (26 December 2024)"
NAMES = (rf"(?P<names>{NAME}{ASIDE}(?:\s*,\s*(?!and\b){NAME}{ASIDE}){{0,8}}"
         rf"(?:\s*,?\s+(?:and|&)\s+{NAME}{ASIDE})?)")
PREPOSITION_BEFORE = re.compile(r"\b(?:of|in|at|near|from|to|outside|inside|by|with|for)\s+$",
                                re.IGNORECASE)
_COMPASS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern",
            "western", "upper", "lower", "greater"}
NOT_NAMES = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "it", "they", "he", "she", "we", "i", "you", "there", "here", "then", "now", "today",
    "yesterday", "tomorrow", "government", "army", "forces", "force", "troops", "soldiers",
    "mission", "ministry", "command", "police", "military", "authorities", "officials",
    "united", "nations", "un", "u.n", "u.n.", "state", "states", "council", "security",
    "president", "minister", "general", "spokesman", "spokeswoman", "spokesperson", "reuters",
    "ap", "afp", "operation", "task", "battalion", "brigade", "regiment", "division", "corps",
    "company", "unit", "units", "contingent", "coalition", "alliance", "nato", "headquarters",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "oct",
    "nov", "dec", "in", "on", "at", "after", "before", "during", "since", "following", "when",
    "from", "to", "of", "into", "by", "for", "out", "off", "up", "down", "back", "over",
    "while", "as", "but", "and", "or", "with", "without", "under", "over", "last", "first",
    "second", "third", "both", "all", "some", "several", "many", "most", "each", "other",
    "another", "former", "armed", "republic", "democratic", "federal", "national",
    "transitional", "interim", "ceremony", "flag", "phase", "update", "statement", "press",
    "below", "above", "here", "following", "list", "table", "map", "photo", "video", "source",
    "release", "bulletin", "report", "home", "europe", "africa", "asia", "sahel", "west",
    "east", "north", "south", "more", "fewer", "only", "also", "even", "just", "still", "yet",
    "french", "american", "british", "german", "russian", "malian", "nigerien", "chadian",
    "sudanese", "congolese", "afghan", "iraqi", "somali", "syrian", "kurdish", "turkish",
    "italian", "canadian", "spanish", "dutch", "belgian", "swedish", "norwegian", "danish",
    "australian", "african", "european", "western", "eastern", "northern", "southern",
    "peacekeepers", "peacekeeping", "blue", "helmets",
    "what", "which", "who", "whom", "whose", "where", "when", "why", "how",  # a question's opener
} | FORCE_NAMES  # forces written like places: data, in vocabulary/forces.txt
_COUNTING = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "twenty", "dozens", "dozen",
             "hundreds", "several", "many", "few", "all", "both", "some", "most", "no", "first",
             "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "last", "final", "remaining", "other", "another", "these", "those", "its", "their"}
_ACTORISH = {"forces", "force", "army", "troops", "mission", "ministry", "command", "police",
             "government", "authorities", "council", "operation", "brigade", "battalion",
             "regiment", "division", "corps", "contingent", "coalition", "company", "unit",
             "units", "group", "groups", "rebels", "militia", "militias", "office", "agency",
             "military", *FORCE_NAMES,
             "nations", "union", "staff", "service", "services", "guard", "gendarmerie",
             # a government named by its seat: who decides, not a base left
             "pentagon", "kremlin", "élysée", "elysee", "whitehall", "department",
             "congress", "senate", "cabinet", "presidency",
             # a service by its arm: "the Royal Navy's station" is whose, not which
             "navy", "navies", "marines", "fleet"}


_DIVISIONS = {"sector", "sectors", "zone", "zones", "province", "provinces", "governorate",
              "governorates", "region", "regions", "district", "districts", "county", "prefecture"}


@dataclass(frozen=True)
class Spot:
    """A place named in a sentence, and the names listed with it (one list, one group)."""

    name: str
    start: int
    end: int
    group: int
    core: str = ""  # a name that may be an area (no base word vouches for it): checked as one
    role: str = ""  # "earlier": told as done before ("after Kidal"); "colon": listed after a colon


def at_heads(pattern: re.Pattern[str], sentence: str, heads: list[tuple[int, int]],
             back: int = 0, needs: tuple[str, ...] = ()) -> list[re.Match[str]]:
    """The matches of a pattern that starts at a base word (`back` 0) or ends on one (found
    within `back` characters before it, where one of `needs` must stand): tried only where
    base words are, not everywhere."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for start, end in heads:
        if back and not any(need in sentence[max(0, start - back):start] for need in needs):
            continue  # no "'s" (no ", the") before this base word: the pattern cannot match
        m = pattern.match(sentence, start) if not back else \
            pattern.search(sentence, max(0, start - back), end)
        if m is not None:
            found.setdefault(m.span(), m)
    return [found[k] for k in sorted(found)]


# any base word: the patterns that need one are tried only where one stands
HEAD_ANY = re.compile(rf"(?=[abcdfghiklmopqrsABCDFGHIKLMOPQRS])(?i:\b{HEAD}\b)")


def compass_named(core: str) -> bool:
    """ "Northern Training", "West Futenma Housing": a facility's name that opens with a compass
    word and goes on in capitals (a bare "Northern" or "Western" is a direction, no name; a
    compass word before a country or a region says where, as in "Southern Lebanon")."""
    words = core.split()
    if len(words) < 2 or words[0].lower() not in _COMPASS or not all(w[:1].isupper() for w in words):
        return False
    rest = " ".join(words[1:])
    low = [w.lower() for w in words[1:]]
    return nation_of(rest) is None and not is_country_name(core) and not is_country_name(rest) \
        and not any(w in _DIVISIONS or w in NOT_NAMES or w in _ACTORISH for w in low)


def is_place_name(name: str, facility: bool = False) -> bool:
    """Whether a name can be a site, not whose it is ("British", "Kenyan-held"), how many
    ("Six"), a force or a nation. Without a base word (`facility` False) also not a common
    word, a month, a compass point or an acronym ("FARDC"): a bare name must look like a town."""
    if len(re.sub(r"[^A-Za-z0-9]", "", name)) < 2:
        return False  # "U" of "U.S."
    if name.isdigit() or re.fullmatch(r"\d{1,3}|[A-Z]{1,3}\d{0,3}|No\.? ?\d+", name):
        return True  # "Air Base 101", "Post 4": a number names the facility
    words = name.replace("’", "'").split()
    if not words or only_generic(name):
        return False
    low = [w.lower().strip(".,'") for w in words]
    if all(is_demonym(w) or w.lower() in ("al", "el", "the") for w in words):
        return False  # "British", "al Somali", "Filipino": whose, not which
    if re.search(r"-(?:held|run|led|built|owned|controlled|manned|operated|partnered|occupied|backed|"
                 r"funded|supported|used|administered)$", low[0]):
        return False  # "a Kenyan-held base": whose, not which
    if low[0] in _COUNTING or low[0].isdigit():
        return False  # "Six bases", "12 camps": how many, not which
    if facility:  # "Camp Kilo military base": a word that qualifies the base word is no actor
        return not any(w in _ACTORISH and w not in MODIFIER_WORDS for w in low) \
            and nation_of(name) is None
    if low[0] in NOT_NAMES or low[0] in _COMPASS and len(low) > 1 or low[0] in _DIVISIONS:
        return False  # "Sector Six", "Zone 3", "Governorate of X": an area forces are in, no site
    if any(w in _ACTORISH for w in low) or nation_of(name) or nation_of(words[0]):
        return False
    if all(w in NOT_NAMES for w in low):
        return False
    letters = re.sub(r"[^A-Za-z]", "", name)
    if len(words) == 1 and len(letters) >= 3 and sum(c.isupper() for c in letters) * 2 >= len(letters):
        return False  # an acronym ("FARDC", "FAMa"): a mission, an army, not a town
    return len(name) >= 3

