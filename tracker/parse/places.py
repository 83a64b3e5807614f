"""Places: the place an item is about, as a capitalised name next to a generic word ("K-1
airbase", "Camp Taji"), the first cell of a table row, or a bare name next to a handover verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker import identity as _names
from tracker.vocabulary.dates import find_dates
from tracker.vocabulary.verbs import VERB
from tracker.parse.nations import nation_of
from tracker.vocabulary.countries import is_country, is_demonym
from tracker.memo import remembered
from tracker.parse.sentences import sentence_spans


# The article of an Arabic name: al-, el-, an-, ar-, as-, at-, ad-, ash-, az-, adh-, ath-, or
# "al"/"el" and a space. Written letter by letter (no two alternatives start alike, at most one
# matches at a place) and made optional by an empty alternative rather than `?`: the regex
# engine rejects a branch on its first letter, while an optional group runs its repeat
# machinery at every word of a name (the place pattern twice as fast, the same matches).
_ART = r"(?:(?:a(?:[lnrstdz]|sh|dh|th)|el)-|[AaEe]l\s)"
# Possessive: giving letters back can never let a space, colon or generic word follow.
_CAPWORD = r"[A-ZÀ-ÖØ-Þ][\w'’]*+(?:-[\w'’]++)*+"
_NAMEWORD = rf"(?:(?:{_ART}|){_CAPWORD})"
_NAME = rf"{_NAMEWORD}(?:[ ]{_NAMEWORD}){{0,4}}"
# Sites that are not called "base" or "camp": training and housing areas, firing ranges,
# heliports, depots, radio sites, ports ... (written after a name: "the Grafenwoehr training
# area"); and tails that make a capitalised name a site only as part of it ("Old State
# Building", "Patrick Henry Village", "Kilbourne Kaserne", "Stanley Fort").
_MORE_SITES = (
    r"(?:(?:training|manoeuvre|maneuver|impact|housing|service|storage|ammunition|exercise|"
    r"support|recreation(?:al)?|family\s+housing)\s+areas?|"
    r"(?:firing|skeet|rifle|bombing|artillery|tank|gunnery|missile|weapons)\s+ranges?|"
    r"(?:army\s+)?heliports?|(?:supply\s+|fuel\s+|ammunition\s+)?depots?|"
    r"(?:radio|relay|radar|transmitter|transmission|communications?)\s+(?:sites?|stations?)|"
    r"quarters?|"  # a garrison's quarter ("the Contre-Amiral Protet quarter", "quartier")
    r"(?:observation|control)\s+points?|(?:land\s+)?parcels?(?:\s+of\s+land)?|"
    r"(?:recreation|training|logistics|support|community)\s+cent(?:re|er)s?|"
    r"(?:family\s+)?housing|ports?|harbou?rs?|kasernes?|annex(?:es)?)"
)
_CAPITAL_TAILS = r"(?:Building|Hotel|Village|Palace|Fort|Kaserne|Hospital|Depot|Annex|Heliport)"
_GENERIC = rf"(?:{_names.GENERIC_RE_SOURCE}|{_MORE_SITES})"
# A short code in brackets between a name and its generic word: "Al Taqaddum (TQ) Air Base".
_CODE = r"\((?P<code>[A-Z0-9][A-Za-z0-9-]{0,9})\)"
_INNER_CODE = re.compile(r"\s*\([A-Z0-9][A-Za-z0-9-]{0,9}\)")
_PREFIX_GENERIC = (
    r"(?:(?:Forward|Contingency|Temporary|Main)\s+Operating\s+(?:Base|Site)|Combat\s+Outpost|"
    r"Joint\s+Security\s+Station|Joint\s+Base|Naval\s+Air\s+Station|Marine\s+Corps\s+Air\s+Station|"
    r"Air\s+Station|Air\s+Base|"
    # a base word after its kind, before the name: "Forward Base Duma", "Naval Base Kelso"
    r"(?:Forward|Advance|Naval|Logistics|Support|Supply|Fire|Patrol|Rear|Main)\s+(?:Base|Camp)|"
    r"Camp|FOB|COB|COS|COP|MOB|JSS|Firebase|Base|Fort|Patrol\s+Base|Outpost|Garrison|"
    r"Observation\s+Post|OP|Contingency\s+Location|Team\s+Site|Position|"
    # a service's own prefix for its stations: "RAF Muharraq", "HMS Terror" (a shore
    # establishment), "CFB Lahr", "NAS Keflavik"
    r"RAF|RAAF|RNZAF|RNAS|HMS|HMAS|HMCS|HMNZS|CFB|NAS|MCAS)"
    r"(?:\s+\([A-Z]{2,5}\))?"  # "Contingency Operating Base (COB) Speicher": its abbreviation
)
# what a base word's purpose may stand between a name and it: "the Manta anti-drug post", "the
# Lourdes listening post" (a hyphenated compound, a gerund or a kind of work), never a verb
_NOUN_MODIFIERS = (r"(?:(?:[a-z]+-[a-z]+|(?!(?:during|bring|being|having|leaving|handing|closing|"
                   r"turning|taking|giving)\s)[a-z]{3,}ing|surveillance|intelligence|signals|radar|"
                   r"listening|counterdrug|counternarcotics|peacekeeping|logistics|supply|joint)\s+){0,2}")
_PLACE = re.compile(
    # a capital or an article ("al-", "el ", "ash-"): one test rejects every other position, for
    # both alternatives (the group around them: a look-ahead before `|` guards only the first)
    r"(?=[A-ZÀ-ÖØ-Þ]|[ae]l[\s-]|a(?:[nrstdz]|[sdt]h)-)(?:"
    rf"(?P<pre>{_PREFIX_GENERIC})\s+(?P<pname>{_NAMEWORD}(?:[ ]{_NAMEWORD}){{0,3}}|\d{{1,3}})"
    rf"(?:\s+(?i:{_GENERIC})\b)?"
    rf"|(?P<name>{_NAME}(?:[ ]\d{{1,3}}(?![\d,.]\d))?)(?:\s+{_CODE})?\s+{_NOUN_MODIFIERS}"
    r"(?=[abcdefghijklmnopqrstvwABCDEFGHIJKLMNOPQRSTVW])"
    rf"(?P<gen>(?i:{_GENERIC})|{_CAPITAL_TAILS})(?![\w-])"
    r"(?:\s+(?:North|South|East|West|Central|Main|I{1,3}|\d{1,3})(?![\w-]))?)"
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
class Place:
    """A place an item names, and where the name stands in the item's text."""

    name: str
    start: int
    end: int



def _names_a_kind(word: str, following: str) -> bool:
    """ "Air Base 101", "Army Base Bravo": the modifier belongs to the base word after it."""
    return word.lower() in ("air", "naval", "army", "military") and \
        following.lower().rstrip(".,") in _names.GENERIC_WORDS


_COMPASS_WORDS = frozenset({"northern", "southern", "eastern", "western", "central"})


def _names_a_compass_site(word: str, rest: list[str]) -> bool:
    """ "the Northern Training Area": a capitalised compass word before kind words only is the
    name itself (without it nothing would name the site)."""
    return word[:1].isupper() and word.lower() in _COMPASS_WORDS and len(rest) >= 2 \
        and all(w[:1].isupper() for w in rest) and only_generic(" ".join(rest))


_ARTICLE_NOISE = frozenset({"the", "a", "an", "on", "in", "at", "from", "of", "to", "by", "for",
                            "with", "and", "or", "after", "before", "since", "during", "when",
                            "while", "this", "that", "its", "their", "his", "her", "meanwhile",
                            "yesterday", "today", "also", "then", "later", "earlier"})


def _trim_name(text: str, start: int, proper: bool = False) -> tuple[str, int] | None:
    """Drop leading sentence words ("On", "The", "Meanwhile", nation adjectives) from a name;
    of a `proper` name (one a capitalised tail makes a site: "Old State Building") only the
    articles and prepositions."""
    words = text.split()
    noise = _ARTICLE_NOISE if proper else _LEADING_NOISE
    i, offset = 0, 0
    while i < len(words) - 1 and words[i].lower().rstrip(".,") in noise \
            and not _names_a_kind(words[i], words[i + 1]) \
            and not _names_a_compass_site(words[i], words[i + 1:]):
        offset = text.index(words[i], offset) + len(words[i])
        i += 1
    offset = text.index(words[i], offset) if words else 0
    rest = text[offset:]
    if not rest or _names.place_key(rest) in ("", "base", "airbase", "airfield", "camp"):
        return None
    if words[i].lower() in _LEADING_NOISE and len(words) - i <= 1:
        return None
    return rest, start + offset


@remembered(4096)
def all_places(text: str) -> tuple[Place, ...]:
    """Every place named in `text` by a base word, left to right. Remembered: an item is asked
    about by several stages (its place, its side-by-side split, the prose reader), and the
    next edition repeats it."""
    return tuple(_find_all_places(text))


def _find_all_places(text: str) -> list[Place]:
    out = []
    # 'the "Manbij" outpost': quotation marks around a name hide nothing of it (each becomes a
    # space, so the places found keep their positions in `text`)
    for m in _PLACE.finditer(text.replace('"', " ") if '"' in text else text):
        after = _named_after(text, m)
        trimmed = _trim_name(m.group(0) + after, m.start(), (m.group("gen") or "")[:1].isupper()
                             and re.fullmatch(_CAPITAL_TAILS, m.group("gen")) is not None)
        if trimmed is None:
            continue
        name, start = trimmed
        if m.group("code") or m.group("pre"):
            # the code is an alias, not the name; after a base word it abbreviates that word
            name = _INNER_CODE.sub("", name, count=1)
        if only_generic(name) or _message_post(name) or _whose_or_how_many(m):
            continue
        of = _OF_BEFORE.search(text, max(0, start - 40), start) if not m.group("pre") else None
        if of is not None:  # "Prince of Wales Barracks": the name goes on before "of"
            name, start = text[of.start():start] + name, of.start()
        if after:  # "IPTF Station Drvar" is the Drvar station, as prose names it
            name = _town_first(name, after)
        out.append(Place(name, start, m.end() + len(after)))
    return out


# the name a capitalised base word stands before: "IPTF Station Drvar", "Police Station Kilo"
# (a title's order: whose or which kind, the base word, then the town)
_SERVICE = re.compile(r"\b(?:Forces|Force|Army|Navy)\b")
_ONE_IN_PLURAL = frozenset({"Headquarters", "Barracks", "Premises"})
_NAME_AFTER = re.compile(rf"[ ]{_NAMEWORD}(?:[ ]{_NAMEWORD}){{0,2}}(?![\w'’-]|[ ](?:No\b|\d|[A-Z]))")
_NOT_AFTER = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                        "september", "october", "november", "december", "monday", "tuesday",
                        "wednesday", "thursday", "friday", "saturday", "sunday", "the", "and", "in", "on",
                        "at", "commander", "command", "chief", "staff"})


def _town_first(name: str, after: str) -> str:
    """A title-order name in the order prose gives it, the town first, an acronym of whoever
    runs it dropped: "IPTF Station Drvar" -> "Drvar station", "Police Station Kilo" -> "Kilo
    police station"."""
    kind = [w if w.isupper() and len(w) > 1 else w.lower() for w in name[: len(name) - len(after)].split()]
    kind = [w for w in kind if not w.isupper()]
    return " ".join([after.strip(), *kind])


def _named_after(text: str, m: re.Match[str]) -> str:
    """The town a capitalised base word goes on to name, as written after it (empty when none)."""
    gen = m.group("gen") or ""
    if not gen[:1].isupper() or m.group("pre") or " " in gen or gen.endswith("s") and gen not in _ONE_IN_PLURAL:
        return ""
    after = _NAME_AFTER.match(text, m.end())
    if after is None or any(w.lower() in _NOT_AFTER for w in after.group(0).split()) \
            or _SERVICE.search(m.group(0)):
        return ""  # "Canadian Forces Station Bermuda": a service's name for its post in a country
    return after.group(0)


# a capitalised word and "of" before a name ("Prince of Wales Barracks", "Duke of York camp")
_OF_BEFORE = re.compile(r"(?<![\w'’-])[A-ZÀ-Þ][\w'’-]+\s+of\s+$")
_COUNT_WORDS = frozenset("no one two three four five six seven eight nine ten eleven twelve "
                         "dozens several many few all both some most every each".split())


def _whose_or_how_many(m: re.Match[str]) -> bool:
    """ "Filipino base", "Soviet garrison", "UK base", "IDP camp", "Nine sites", "No base": a
    nation, a people, an acronym or a count before a lowercase base word says whose base, for
    whom, or how many, not which."""
    name, gen = m.group("name"), m.group("gen")
    if not name or not gen or not gen[:1].islower():
        return False
    words = name.replace("’", "'").split()
    while len(words) > 1 and words[0].lower() in _ARTICLE_NOISE:
        words = words[1:]  # "The Cuban listening post": whose, after the article
    if words[0].lower() in _COUNT_WORDS:
        return True
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,4}", words[0]):
        return True
    return all(is_demonym(w) or nation_of(w) or is_country(w) for w in words)


_ALNUM = re.compile(r"[A-Za-z0-9]+")
_MEDIA = {"facebook", "twitter", "instagram", "telegram", "blog", "x", "vk", "linkedin", "social",
          "media", "news", "web", "online", "tiktok", "youtube", "reddit", "weibo", "truth"}


def _message_post(name: str) -> bool:
    """ "a Facebook post", "a Telegram post": a message, not an observation post."""
    words = _ALNUM.findall(name.lower())
    return len(words) >= 2 and words[-1] in ("post", "posts") and words[-2] in _MEDIA


# the words of `_MORE_SITES`: kinds of site too ("the training area" names none)
_MORE_SITE_WORDS = frozenset(
    "area areas range ranges heliport heliports depot depots housing family training impact "
    "manoeuvre maneuver service storage ammunition exercise recreation recreational firing skeet "
    "rifle bombing artillery tank gunnery missile weapons radio relay radar transmitter "
    "communication communications centre center centres centers community port ports harbour "
    "harbor harbours harbors kaserne kasernes annex annexes supply fuel building hotel village "
    "palace fort hospital".split())


def only_generic(name: str) -> bool:
    """Whether a name holds nothing but base words, their modifiers and sentence words
    ("the main air base", "the training area"): a kind of place, not a place."""
    first, _, rest = name.partition(" ")
    if rest and _names_a_compass_site(first, rest.split()):
        return False  # "Northern Training Area": the compass word names it
    words = _ALNUM.findall(name.lower())
    return all(w in _names.GENERIC_WORDS or w in _names.MODIFIER_WORDS or w in _LEADING_NOISE
               or w in _MORE_SITE_WORDS for w in words)


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
_SUBJECT_PLACE = re.compile(rf"(?P<name>{_NAME})(?:\[\d+\])?(?:\s+\([^()]{{1,40}}\))?\s+"
                            rf"{_SUBJECT_VERB}(?P<after>\s+\S+)?")
_ACTOR_WORDS = {"forces", "force", "troops", "army", "military", "coalition", "government",
                "ministry", "command", "police", "units", "soldiers", "personnel", "marines",
                "security", "authorities", "officials", "contingent", "mission", "operation"}
# Last words that make a name a facility even without a base word ("Nineveh Operations
# Command", "Baghdad Embassy"): such a name may hold actor words, but not only those.
_FACILITY_TAIL = {"command", "headquarters", "hq", "embassy", "consulate", "compound",
                  "facility", "site", "installation", "station", "port", "harbour", "harbor"}
# "Ber:", "Ber (Timbuktu region):" or "Ber - ": a name heading an item, a remark in brackets aside
# (a number may end it, "Aljazeera 1"; a second name after a slash is the same site's:
# "State House / Villa Somalia (Mogadishu) - handed over ...")
_LEAD_NAME = re.compile(rf"(?P<name>{_NAME}(?:[ ](?:city|town|village|port))?(?:[ ]\d{{1,3}}(?![\d,.:]\d))?)"
                        rf"(?:\s*/\s*{_NAME}(?:[ ]\d{{1,3}})?)?(?:\s*\([^()]{{1,40}}\))?"
                        rf"\s*(?::|\s[-–—]\s)\s*")


TABLE_MARKER = "|"  # reading's marker for a table row: "place - date - action. Header: value"
_CELL_STATUS = (
    # not yet, awaited or still to be set: "Not started", "Awaiting handover", "TBC"
    ("planned", re.compile(r"\bnot\s+(?:yet\s+)?(?:started|begun|done|completed?|closed|vacated|handed|"
                           r"returned)\b|\bawaiting\b|\bto\s+be\b|\bunder\s+negotiation\b",
                           re.I)),
    ("completed", re.compile(r"\b(?:completed?|done|finished|concluded|closed|relinquished|released|"
                             r"reverted|ceded|deactivated|inactivated|shut|dismantled|signed\s+over|"
                             r"disposed|divested)\b", re.I)),
    ("started", re.compile(r"\b(?:under\s*way|ongoing|in\s+progress|started|begun|partial(?:ly)?)\b",
                           re.I)),
    ("planned", re.compile(r"\b(?:planned|expected|scheduled|pending|due|proposed|TB[CDA])\b", re.I)),
)


def table_place(text: str) -> Place | None:
    """A table row's place is its first cell, with or without a generic word."""
    cell = text.split(" - ", 1)[0]
    places = all_places(cell)
    if places:
        return places[0]
    name = re.split(r"\s*[(\[]", cell, 1)[0].strip(" .,;:")
    return Place(name, 0, len(name)) if name and _names.place_key(name) else None


def row_status(text: str) -> str | None:
    """The status a table row's cells state ("... - completed"), from the cells after its place."""
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


def find_place(text: str, spans: Sequence[tuple[int, int]] | None = None,
               verbs: Sequence[re.Match[str]] | None = None) -> Place | None:
    """The place an item is about: in the first sentence with an action verb, the first
    place named; else the first place named at all; else a bare name after the verb."""
    places = all_places(text)
    if places:
        spans = spans or sentence_spans(text)
        verbs = tuple(VERB.finditer(text)) if verbs is None else verbs  # as `actions.verb_matches`
        for s, e in spans:
            if any(s <= v.start() and v.end() <= e for v in verbs):
                inside = [p for p in places if s <= p.start < e]
                if inside:
                    return inside[0]
        return places[0]
    lead = _LEAD_NAME.match(text, _after_leading_date(text))
    if lead and VERB.search(text, lead.end()):
        name = lead.group("name")
        first = name.split()[0].lower()
        if not nation_of(name) and not find_dates(name) and first not in LABEL_WORDS and (
                first not in _LEADING_NOISE or (first in _NAME_OPENERS and len(name.split()) > 1)):
            return Place(name, lead.start("name"), lead.end("name"))
    subject = _subject_place(text)
    if subject is not None:
        return subject
    for m in _FALLBACK.finditer(text):
        name = m.group("name")
        if nation_of(name) or name.split()[0].lower() in _LEADING_NOISE or only_generic(name):
            continue  # "took over the Logistics Base at Tarvo": a kind; the town names it
        return Place(name, m.start("name"), m.end("name"))
    return None


# words that head a part of a document, a cable or a page, never a site ("1. SUMMARY: Russia
# handed over ...", "Category: Accommodation, Overseas", "COMMENT: ...")
LABEL_WORDS = frozenset({"summary", "comment", "comments", "note", "notes", "background", "subject",
                         "category", "categories", "tags", "topics", "filed", "posted"})


# descriptive words that may open a site's own name heading an item ("Old Airport (Sector
# Six) - handed over"), though they are dropped before a base word in prose
_NAME_OPENERS = frozenset({"old", "new", "main", "central", "northern", "southern", "eastern",
                           "western"})


def _subject_place(text: str) -> Place | None:
    """A bare name that is the subject of a handover verb ("Abu Ghraib handed back to ..."),
    unless it acts on a named object ("Barkhane handed over Gossi") or is a force."""
    for m in _SUBJECT_PLACE.finditer(text):
        trimmed = _trim_name(m.group("name"), m.start("name"))
        if trimmed is None:
            continue
        name, start = trimmed
        words = name.lower().split()
        if nation_of(name) or words[0] in _LEADING_NOISE or find_dates(name) \
                or only_generic(name) or (any(w in _ACTOR_WORDS for w in words)
                                          and not _facility_name(words)):
            continue
        after = (m.group("after") or "").strip()
        if after[:1].isupper() or after.lower() in _OBJECT_OPENERS:
            continue  # active voice: the name hands something over ("UNAMIX handed over its
            # team site in Dorra": the acting organisation is never the site)
        return Place(name, start, start + len(name))
    return None


# words that open the object of an active verb: the name before the verb is who acts
_OBJECT_OPENERS = frozenset({"control", "the", "its", "their", "his", "her", "our", "a", "an",
                             "all", "both", "two", "three", "four", "five", "six", "several",
                             "some", "most", "this", "these", "those", "another", "responsibility",
                             "authority", "command", "custody", "ownership", "possession"})


def _facility_name(words: list[str]) -> bool:
    """ "nineveh operations command": a facility word last and a word that is not generic."""
    return len(words) >= 2 and words[-1] in _FACILITY_TAIL and any(
        w not in _ACTOR_WORDS and w not in _names.MODIFIER_WORDS and w not in _names.GENERIC_WORDS
        and w not in _FACILITY_TAIL for w in words[:-1])
