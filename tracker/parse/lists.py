"""Read lists and locations: the runs of names a sentence lists as sites.

- lists under a base word: "the bases at Tessalit, Kidal and Aguelhok,", "its remaining camps
  (Tessalit and Kidal)", a list after a colon ("...: al-Qaim (17 March), K-1 and Taji");
- locations, a base word with the town it stands in: "its team site in Kutum", "camps in Beni,
  Butembo and Bunia", "Mali's outpost";
- bare names an action acts on: "handed over Gossi, Ménaka and Tessalit", "Kidal was handed
  over", "after Kidal and Tessalit", "including Bunia", "Kidal, where ... turned over their base".

Which names a document uses only to say where a site is (areas, the towns of named sites) is
`areas`.

Input: one sentence (with its base words' spans and action words). Output: `Spot`s numbered
by group (names listed together share one), which `sites.find_sites` runs in its order of
strength. It must not choose between overlapping readings (that is `sites`), nor read actions, status or dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.parse.enumerations import those_of
from tracker.parse.places import LABEL_WORDS
from tracker.parse.site_names import (ASIDE, HEAD, HEAD_ANY, NAME, NAMES, PREPOSITION_BEFORE, Spot, at_heads,
                                      is_place_name)
from tracker.parse.triggers import MORE_VERBS, Trigger
from tracker.parse.nations import nation_of
from tracker.vocabulary.verbs import VERB

_TOWN_OF = (r"(?:the\s+(?:town|city|village|locality|settlement|area|district)\s+of\s+|"
            r"the\s+(?:(?:provincial|regional|national|state)\s+)?(?:capital|city|town|port|village)\s+(?=[A-Z]))?")
_HEADED_NAMES = re.compile(  # case matters for the names: "bases" may be any case, names not
    rf"(?=[abcdfghiklmopqrsABCDFGHIKLMOPQRS])(?i:\b(?P<head>{HEAD})(?:\s+(?-i:\([A-Z]{{2,6}}\)))?(?:,(?=\s+(?:in|at)\s))?\s+(?:in|at|of|on|near)\s+{_TOWN_OF}(?:the\s+)?){NAMES}")
_APPOSED_LIST = re.compile(rf"(?=[abcdfghiklmopqrsABCDFGHIKLMOPQRS])(?i:\b{HEAD})\b[^,;:()]{{0,60}},\s+{NAMES}(?=\s*,)")
_RANKED = re.compile(r"\b(?:the|its|their|his|her|our)\s+(?:only|last|final|first|largest|biggest|"
                     r"sole|remaining)\s+(?:[\w-]+\s+){0,2}?$",
                     re.IGNORECASE)
_OWNED = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{NAME})['’]s\s+(?:\w+\s+){{0,2}}?(?P<head>(?i:{HEAD}))\b")
# "al-Sqoor in Mosul (30 March)", "Bahai, in the Ennedi-Est region,": an item and what situates it
_ITEM = (rf"{NAME}(?:\s+(?:in|near|at)\s+(?:the\s+)?{NAME})?{ASIDE}"
         rf"(?:\s*,\s*(?:in|near|at)\s+(?:the\s+)?{NAME}(?:\s+[a-z]+)?(?=\s*(?:,|$|[.;])))?")
_COLON_LIST = re.compile(rf":\s+(?:the\s+)?(?P<names>{_ITEM}(?:(?:\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+)"
                         rf"{_ITEM}){{1,12}})(?=\s*(?:[.;]|$))")
_QUALIFIER = re.compile(r"\s+(?:in|near|at)\s+.*$")
_LISTED = re.compile(rf"(?=[abcdfghiklmopqrsABCDFGHIKLMOPQRS])(?i:\b{HEAD})\b[^()]{{0,60}}\(\s*(?=[^()]*(?:,|\band\b)){NAMES}\s*\)")
_PLURAL_HEAD = (r"(?:air\s*bases|airbases|air\s*fields|airfields|airstrips|bases|camps|outposts|"
                r"(?:observation\s+|border\s+)?posts|positions|(?:team\s+|protection\s+)?sites|"
                r"installations|facilities|compounds|garrisons|barracks|stations|kasernes|depots|"
                r"heliports|(?:training\s+)?areas|ranges|headquarters|quarters|offices|cent(?:re|er)s|hubs|"
                r"airports|ports|checkpoints|parcels|locations|FOBs|properties|establishments)")
_HEADS_AFTER = re.compile(  # kind words may stand between: "the A and B housing areas"
    rf"(?<![\w'’-]){NAMES}\s+(?:(?!(?:the|an?|to|of|in|at|on|for|from|and|or|its|their|his|her|with|by|as|"
    rf"into|onto|were|was|are|is|be|been|have|has|had|will)\s)[a-z][a-z-]*\s+){{0,2}}$")
_LOCATING_BEFORE = re.compile(r"\b(?:in|near|at|off)\s+$")
_PLURAL_AT = re.compile(rf"(?i:{_PLURAL_HEAD})\b")
_ITEM_NO = r"(?:(?:[Nn]o\.?\s*|[Nn]umber\s+|#)?\d{1,3}(?![\d,.]\d))"
_PREFIX_ITEMS = (rf"(?P<items>(?:{_ITEM_NO}|{NAME})(?:\s*,\s*(?!and\b)(?:{_ITEM_NO}|{NAME})){{0,8}}"
                 rf"\s*,?\s+(?:and|&)\s+(?:{_ITEM_NO}|{NAME}))")
_PREFIXED = re.compile(  # "Camps Hawk and Short", "observation posts No. 7 and No. 8"
    rf"(?=[bcfopstBCFOPST])\b(?P<pre>Camps|Forts|Bases|Air\s+Bases|Patrol\s+Bases|Observation\s+Posts|"
    rf"Posts|Positions|Team\s+Sites|Sites|Outposts|(?i:(?:observation\s+|border\s+)?posts|positions|"
    rf"bases|camps|sites)(?=\s+{_ITEM_NO}))\s+{_PREFIX_ITEMS}")
# "Areas 3 and 13", "the hospital": a kind word with numbers, a site named by its kind alone
_KIND_TAIL = r"(?:\s+(?!(?:and|or|in|at|near|on|of|to|by|for|with|from|were|are|was|is)\b)[a-z]+){0,3}"
_UNNAMED_ITEM = rf"(?:Areas\s+\d{{1,3}}\s+and\s+\d{{1,3}}|the\s+(?!(?:other|remaining)\b)[a-z]+{_KIND_TAIL})"
_LONG_ITEM = rf"(?:(?:the\s+)?{NAME}{ASIDE}|the\s+{NAME}{_KIND_TAIL}|{_UNNAMED_ITEM})"
# "... and, in the western sector, Karkum": where the last item stands, set off by commas
_INSET = r"(?:\s*,\s*(?:in|on|at|near)\s+(?:the\s+)?[a-z][a-z -]{1,30}?\s*,)?"
_COPULA_END = (r"(?=\s*(?:[.;]|$|,\s*(?:along\s+with|as\s+well\s+as|together\s+with|plus|"
               r"all\s+of\s+them|each)\b))")  # "... and Karkum, along with the headquarters in M"
_COPULA_LIST = re.compile(  # "the other camps handed over are Alpha, Bravo and Charlie"
    rf"\s+(?:are|were|include[sd]?|comprised?|comprises)\s*:?\s+(?P<names>{_LONG_ITEM}"
    rf"(?:\s*,\s*(?!and\b){_LONG_ITEM}){{1,14}}(?:\s*,?\s+(?:and|&){_INSET}\s+{_LONG_ITEM})?"
    rf"|{_LONG_ITEM}\s*,?\s+(?:and|&){_INSET}\s+{_LONG_ITEM}){_COPULA_END}")
_COPULA_GAP = re.compile(r"[^.;:!?()]{0,80}?(?=\s+(?:are|were|include[sd]?|comprised?|comprises)\b)")
_AREA_AFTER = re.compile(r"\s+(?i:province|region|district|state|territory|county|governorate|"
                         r"prefecture|department|valley)\b")


def apposed_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                  group: int) -> tuple[list[Spot], int]:
    """ "the bases at Tessalit, Kidal,": names listed after a base word and a comma."""
    spots = []
    for m in at_heads(_APPOSED_LIST, sentence, heads):
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            if is_place_name(name):
                spots.append(Spot(name, start, end, group, name))
        group += 1
    return spots, group


_SITUATED_BY = re.compile(r"(?:\s*,)?\s+(?:(?:located|situated|lying|standing)\s+)?"
                          r"(?:in|on|at|near|by|beside|next\s+to|inside|within)\s+(?:the\s+)?$")


def _locates_a_site(sentence: str, start: int, named: list[tuple[int, int]]) -> bool:
    """Whether the words at `start` follow a named site and a preposition ("the Kilo quarter on
    the port of Townsville"): they say where that site stands, they name no second one."""
    at = _SITUATED_BY.search(sentence, max(0, start - 32), start)
    return at is not None and any(0 <= at.start() - b <= 1 for _, b in named)


# a base word set off by a comma after a name: "Camp Kilo, the field camp outside Townsville"
_APPOSED_HEAD = re.compile(r",\s+(?:the|its|their|a|an)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# an apposition closed by a comma, no list going on: "HMS Kilo, the navy's station near X, was"
_CLOSED = re.compile(r",\s+(?!and\b|or\b|(?-i:[A-Z]))", re.IGNORECASE)
# a number right before a plural base word (a modifier between, no article: "in 2008 the bases")
_COUNTED_HEAD = re.compile(r"(?<![\w,.])(?!(?:1[5-9]|20)\d\d\b)(?:\d[\d,]*|two|three|four|five|six|seven|eight|"
                           r"nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|several|many)\s+"
                           r"(?:(?!(?:the|a|an|its|their|this|these|those)\s)[\w-]+\s+)?$", re.IGNORECASE)


def _not_one_site(sentence: str, m: re.Match[str], named: list[tuple[int, int]]) -> bool:
    """Whether a base word and its town are no site named by that town: said of a named site
    ("Camp Kilo, the field camp outside Townsville") or a count of sites around one town ("its
    nine positions outside Townsville")."""
    at = m.start("head")
    apposed = _APPOSED_HEAD.search(sentence, max(0, at - 40), at)
    if apposed is not None and any(0 <= apposed.start() - b <= 1 and (
            _singular(m.group("head")) in sentence[a:b].lower() or _CLOSED.match(sentence, m.end()))
            for a, b in named):
        return True  # its own kind said again ("Camp Kilo, the field camp"); "Camp Kilo, the
        # base in Townsville and Post Amber" may list three
    return m.group("head")[-1:].lower() == "s" and m.group("head").lower() not in ("barracks", "headquarters", "premises") \
        and _COUNTED_HEAD.search(sentence, max(0, at - 30), at) is not None and re.search(r"\s(?:and|&)\s|,", m.group("names")) is None


def located_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                  group: int) -> tuple[list[Spot], int]:
    """ "camps in Beni, Butembo and Bunia", "Mali's outpost": a base word and the towns it
    stands in, each a site named by town and base word, unless a named site (in `earlier`)
    holds the base word or the town is a region."""
    spots = []
    named = [(s.start, s.end) for s in earlier if s.core == ""]
    for pattern, back, needs in ((_HEADED_NAMES, 0, ()), (_OWNED, 80, ("'s", "’s"))):
        for m in at_heads(pattern, sentence, heads, back, needs):
            if any(a <= m.start("head") < b for a, b in named) or _AREA_AFTER.match(sentence, m.end()):
                continue  # "al-Taqaddum air base in Anbar", "a base in Gedo region": where it is
            if _locates_a_site(sentence, m.start(), named) or back == 0 and _not_one_site(sentence, m, named):
                continue  # "the Kilo quarter on the port of Townsville": where Kilo stands
            if back == 0 and re.match(r"\s+in\s", sentence[m.end("head"):]) and \
                    _RANKED.search(sentence, max(0, m.start("head") - 60), m.start("head")):
                continue  # "its last base in Puerto Rico": a rank among a region's bases, not one
            if m.group("head").lower().startswith("office") and \
                    not re.match(r"\s+(?:in|at)\b", sentence[m.end("head"):], re.IGNORECASE):
                continue  # "the Office of the Special Envoy": a body, not a building
            head = _singular(m.group("head"))
            kind = _kind_before(sentence, m.start("head")) if back == 0 else ""
            if kind:  # "the weapons storage area at Stollhofen": "Stollhofen weapons storage area";
                # "married quarters", "living quarters" are lodgings, plural only
                head = kind + (m.group("head").lower() if head == "quarter" else head)
            names = _split_names(m.group("names"), m.start("names"))
            if not re.search(r"\s(?:and|&)\s", m.group("names")):
                names = names[:1]  # "the base in Townsville, Capital City": where Townsville is
            for name, start, end in names:
                if is_place_name(name):
                    spots.append(Spot(f"{name} {head}", start, end, group, name))
            group += 1
    return spots, group


def headed_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                 group: int) -> tuple[list[Spot], int]:
    """A plural base word over a list of names, after it ("Camps Hawk and Short", "observation
    posts No. 7 and No. 8") or before it ("the Lafayette and Rochambeau sites"): each name is
    a site of that kind ("Camp Hawk", "Rochambeau site")."""
    spots = []
    if " and " in sentence or "&" in sentence:
        for start, end in heads:
            if not _PLURAL_AT.match(sentence, start):
                continue
            m = _HEADS_AFTER.search(sentence, max(0, start - 160), start)
            if m is None or not re.search(r"\s(?:and|&)\s", m.group("names")):
                continue
            if sentence[start].isupper() and _LOCATING_BEFORE.search(sentence, 0, m.start("names")):
                continue  # "Osborn Barracks in Kowloon Tong and Gun Club Hill Barracks": a town, then a name
            kind = " ".join(sentence[m.end("names"):start].split())  # "housing" of "housing areas"
            head = " ".join((kind, _singular(_PLURAL_AT.match(sentence, start).group(0)))).strip()
            names = _split_names(m.group("names"), m.start("names"))
            if names and names[0][0].startswith("The "):  # "The Pell Park and Cobb Hill areas"
                names[0] = (names[0][0][4:], names[0][1] + 4, names[0][2])
            for i, (name, a, b) in enumerate(names):
                if is_place_name(name) and nation_of(name) is None:  # "the UK and US bases": whose
                    # the last name ends at the base word
                    spots.append(Spot(f"{name} {head}", a, end if i == len(names) - 1 else b, group))
            group += 1
        for m in _PREFIXED.finditer(sentence):
            pre = _singular(m.group("pre"))
            pre = pre[0].upper() + pre[1:] if m.group("pre")[0].isupper() else pre
            for name, a, b in _split_names(m.group("items"), m.start("items")):
                if is_place_name(name) or re.fullmatch(_ITEM_NO, name):
                    spots.append(Spot(f"{pre} {name}", a, b, group))
            group += 1
    return spots, group


_NUMBERED_KIND = re.compile(r"(?P<kind>Areas)\s+(?P<n>\d{1,3})\s+and\s+(?P<m>\d{1,3})")


def copula_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                 group: int) -> tuple[list[Spot], int]:
    """ "The other camps handed over are Alpha, Bravo and Charlie", "Training areas handed back
    include: A, B and C": names a plural base word is said to be, each a site though none
    carries a base word of its own."""
    spots = []
    for start, end in heads:
        if not _PLURAL_AT.match(sentence, start):
            continue
        gap = _COPULA_GAP.match(sentence, end)
        m = _COPULA_LIST.match(sentence, gap.end()) if gap else None
        if m is None:
            continue
        kinds = list(_NUMBERED_KIND.finditer(sentence, m.start("names"), m.end("names")))
        numbered = [(n.start(), n.end()) for n in kinds]
        for n in kinds:
            kind = _singular(n.group("kind")).title()  # "Areas 3 and 13": Area 3 and Area 13
            spots += [Spot(f"{kind} {n.group(g)}", n.start(g), n.end(g), group, role="colon") for g in ("n", "m")]
        for name, a, b in _split_names(m.group("names"), m.start("names")):
            if any(x <= a < y for x, y in numbered):
                continue
            if name.lower().startswith("the "):
                name, a = name[4:], a + 4
            if name[:1].islower():
                continue  # "the hospital": a site the list names by its kind alone, no name
            if is_place_name(name) or is_place_name(name, facility=True) and (" " in name or name.isupper()):
                spots.append(Spot(name, a, b, group, role="colon"))  # "... are Taylor and STEM"
        spots.append(Spot("", start, end, group, role="kind"))  # the plural it lists: no site
        group += 1
    return spots, group


_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_WHEN_SAID = (rf"(?:\s+(?:in|on|by|during)\s+(?:(?:early|mid|late)[\s-]+)?(?:the\s+)?(?:\d{{1,2}}\s+)?"
              rf"(?:{_MONTHS}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|\d{{4}}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))?")
_THEN = re.compile(r"(?:\s*\([^()]{1,40}\))?\s*,?\s+(?:and\s+)?then\s+(?:(?:the|its|their)\s+)?")
_THEN_ITEM = re.compile(rf"(?P<name>{NAME}){_WHEN_SAID}(?P<sep>\s*,\s*(?:and\s+)?(?=[A-ZÀ-Þ])|\s*,?\s+and\s+)?")


def then_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
               group: int) -> tuple[list[Spot], int]:
    """ "its bases at Kidal, Tessalit and Timbuktu, then Gossi in April and Ménaka in June": an
    enumeration that goes on after "then", each name with its own time, is the same list."""
    spots: list[Spot] = []
    if " then " not in sentence or not earlier:
        return spots, group
    for spot in sorted(earlier, key=lambda s: s.end):
        m = _THEN.match(sentence, spot.end)
        if m is None or any(o.start >= spot.end and o.start < m.end() + 1 for o in earlier):
            continue
        at = m.end()
        while (item := _THEN_ITEM.match(sentence, at)) is not None:
            if is_place_name(item.group("name")):
                spots.append(Spot(item.group("name"), item.start("name"), item.end("name"), spot.group))
            if not item.group("sep"):
                break
            at = item.end()
    return spots, group


_DASH_OPENS_LIST = re.compile(rf"(?i:\b{_PLURAL_HEAD})\b[^;:()\[\]—–]{{0,60}}?(?P<dash>\s[—–]\s|\s-\s)")


def dashes_opening_a_list(between: str) -> str:
    """The words between an action and a site, with the dash that sets off a list after a
    plural site word made a comma ("the handover of other bases in the city — the Old Kilo
    Building, the Amber Hotel and ... — to the army"): the list names those bases, so the
    dash breaks no clause."""
    m = _DASH_OPENS_LIST.search(between)
    if m is None or re.search(r"\s[—–-]\s", between[m.end():]):
        return between
    return between[:m.start("dash")] + ", " + between[m.end():]


def heads_a_list(text: str, start: int, end: int) -> bool:
    """Whether the plural base word in text[start:end] stands over a list of names: said to be
    one ("The other Mannheim barracks returned are Taylor and STEM"), after them ("the Pell Park
    and Cobb Hill housing areas") or before them ("Camps Hawk and Short"). The phrase is then
    a kind of site, each name one of them, not one site."""
    if _PREFIXED.match(text, start):
        return True
    for h in HEAD_ANY.finditer(text, start, end):
        if not _PLURAL_AT.match(text, h.start()):
            continue
        gap = _COPULA_GAP.match(text, h.end())
        if gap and _COPULA_LIST.match(text, gap.end()):
            return True
        m = _HEADS_AFTER.search(text, max(0, h.start() - 160), h.start())
        if m is not None and re.search(r"\s(?:and|&)\s", m.group("names")):
            return True
    return False


_LABEL_BEFORE = re.compile(r"([A-Za-z]+)\s*$")


def colon_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                group: int) -> tuple[list[Spot], int]:
    """ "The spring transfers ...: al-Qaim (17 March), K-1 and Taji": names listed after a
    colon, each without what situates it ("al-Sqoor in Mosul")."""
    spots = []
    for m in _COLON_LIST.finditer(sentence):
        label = _LABEL_BEFORE.search(sentence, max(0, m.start() - 30), m.start())
        if label is not None and label.group(1).lower() in LABEL_WORDS:
            continue  # "Category: Accommodation, Overseas": a page's labels, no sites
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            name = _QUALIFIER.sub("", name)
            if re.match(r"(?:in|near|at)\s", name):
                continue  # ", in the Ennedi-Est region,": where the item before is
            if is_place_name(name):
                spots.append(Spot(name, start, start + len(name), group, name, role="colon"))
        group += 1
    return spots, group


def bracketed_lists(sentence: str, heads: list[tuple[int, int]], earlier: list[Spot],
                    group: int) -> tuple[list[Spot], int]:
    """ "its remaining camps (Tessalit and Kidal)": names in brackets after a base word."""
    spots = []
    for m in at_heads(_LISTED, sentence, heads):
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            if is_place_name(name):  # listed under a base word: bases, whatever else they name
                spots.append(Spot(name, start, end, group))
        group += 1
    return spots, group


_ALSO = re.compile(rf"\b(?:includ(?:e|es|ed|ing)|such\s+as|namely|together\s+with|along\s+with|"
                   rf"as\s+well\s+as|(?:followed|joined)\s+by\s+(?:those|that)\s+(?:in|at|of))\s*:?\s+(?:the\s+)?(?:adjoining\s+|neighbouring\s+|nearby\s+)?"
                   rf"(?:[A-Z]{{2,3}}\s+)?{NAMES}")
_EARLIER = re.compile(rf"\b(?:after|following|like|joining)\s+(?:(?:those|that|the\s+ones?)\s+(?:of|in|at)\s+)?"
                      rf"{NAMES}")
_GAP = re.compile(r"(?:\s+(?:over|back|out|up|of|from|control|the|its|their|his|her|after|"
                  r"following|including|also|both|remaining|former|last|final))*\s+", re.IGNORECASE)
_BARE = re.compile(NAMES)
_LIST_WORDS = {_EARLIER: ("after", "following", "like", "joining"),
               _ALSO: ("includ", "such as", "namely", "together", "along with", "as well as",
                       "followed by", "joined by")}
_PASSIVE_MARK = re.compile(r"(?:['’]s)?\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|"
                           r"are\s+being|is\s+to\s+be|are\s+to\s+be|will\s+be|would\s+be)\s+"
                           r"(?:\w+ly\s+)?(?:handed|turned|transferred|returned|closed|vacated|"
                           r"evacuated|abandoned|given|shut|decommissioned|dismantled|redesignated|"
                           r"ceded|surrendered|taken\s+over|withdrawn)|"
                           # "Quist is scheduled for closure in May": due for an action's noun
                           r"(?:is|are)\s+(?:now\s+)?(?:scheduled|due|set|slated|earmarked)\s+for\s+(?:the\s+)?"
                           r"(?:closure|handover|hand-over|transfer|return|withdrawal|evacuation)\b|"
                           r"(?:\s*\([^()]{1,40}\)\s+)?(?:(?:is|are)\s+(?:also\s+)?(?:expected|due|set|scheduled|"
                           r"likely)\s+to\s+|are\s+to\s+|is\s+to\s+|will\s+)?follow(?:s|ed)?(?=\s+(?:on|in|by|before|"
                           r"after|later|soon|shortly|next)\b|[.,;]|$))\b")
_NAMES_BEFORE = re.compile(rf"(?<![\w'’-]){NAMES}$")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<names>{NAME})$")
_PARTICLE = re.compile(r"\s+(?:over|back|up|down|out)\b")
_CONTINUED = re.compile(  # "... Tessalit on 21 October and Aguelhok on 23 October"
    rf"\s+(?:on|in|by)\s+(?:[\w.-]+\s+){{0,2}}?[\w.-]+(?:\s*,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+)"
    rf"(?:then\s+)?(?P<name>{NAME})(?=\s+(?:on|in|by|last|this|earlier)\b|\s*[,.;)]|$)")


_UNIT_WORDS = (r"(?:troops|soldiers|personnel|detachments?|units?|compan(?:y|ies)|contingents?|teams?|"
               r"forces|peacekeepers|battalions?|platoons?|crews?|elements|advisers|advisors)")
_UNIT_AT = re.compile(rf"\b{_UNIT_WORDS}\s+(?:(?:stationed|based|deployed|still|remaining)\s+)?"
                      r"(?:at|in|of\s+the)\s+(?:the\s+)?$", re.IGNORECASE)
_UNIT_NAMES = re.compile(rf"\b(?i:{_UNIT_WORDS})\s+(?:(?i:stationed|based|deployed|still|remaining)\s+)?"
                         rf"(?:at|in)\s+{NAMES}")
_UNIT_GAP = re.compile(r"(?:\s+(?i:garrison|base|camp))?\s*(?:\([^()]*\))?\s*(?:,[^,;]{1,100},)?\s*"
                       r"(?:(?:has|have|had|is|are|was|were|will|would)\s+)?(?:(?:also|already|now|finally|all|"
                       r"expected\s+to|due\s+to|set\s+to|to|then)\s+)*(?:been\s+)?", re.IGNORECASE)


def unit_subject(sentence: str, start: int, end: int, triggers: Sequence[Trigger]) -> Trigger | None:
    """ "About 35 troops at Position 69, near the village, pulled out": the forces at a place are
    the subject, so the place is left. The withdrawal they undergo, else None."""
    if not _UNIT_AT.search(sentence, max(0, start - 60), start):
        return None
    for t in triggers:
        if t.start >= end and t.action == "withdrawal" and not t.noun \
                and _UNIT_GAP.fullmatch(sentence, end, t.start):
            return t
    return None


# a town left "for" another is a journey's start; "leaving X with Y" tells what X is left with
_JOURNEY = re.compile(r"\s+(?:(?:bound\s+)?for|en\s+route\s+to|with)\s+(?:only\s+)?(?:the\s+|a\s+|an\s+)?"
                      r"(?:[A-ZÀ-Þ]|[a-z]+\s)")


def a_journey(text: str, verb_end: int, start: int, end: int) -> bool:
    """Whether the town text[start:end], right after a leaving verb, is where a journey starts
    ("left Kabul for Termez", "leaving Moscow with only ..."), not a site left: no base word,
    no "from"."""
    return _JOURNEY.match(text, end) is not None and HEAD_ANY.search(text, start, end) is None \
        and not re.search(r"\bfrom\s", text[verb_end:start])


# the kind a list said "after" or "including" compares with is the last one named before it
_KIND_IS_DIVISION = re.compile(rf"\b(?i:provinces?|regions?|governorates?|districts?|counties|county|"
                               rf"prefectures?|sectors?|zones?)\b(?!.*\b(?i:{HEAD})\b)")


def bare_names(sentence: str, group: int, triggers: Sequence[Trigger]) -> list[Spot]:
    """Names without a base word that an action acts on, numbered from `group` (the weakest
    reading: `sites.find_sites` asks for it last)."""
    # told with a base word of its own ("where ... turned over their base"): never an area
    return [Spot(name, start, end, grp, "" if role == "based" else name,
                 role if role in ("earlier", "unit") else "")
            for name, start, end, grp, role in _bare_objects(sentence, group, triggers)]


def _bare_objects(sentence: str, group: int,
                  triggers: Sequence[Trigger] = ()) -> list[tuple[str, int, int, int, str]]:
    """Names right after an action word ("handed over Gossi", "withdrawal from Kidal"), just
    before a passive one ("Kidal was handed over"), or before ", where ... handed over"."""
    out = []
    for v in triggers:
        gap = _GAP.match(sentence, v.end)  # at least a space: "handed over Gossi"
        if gap is None:
            continue
        m = _BARE.match(sentence, gap.end())
        if m is None:
            continue
        names = _split_names(m.group("names"), m.start())
        if not _ends_a_name(sentence, m.end()):
            names = names[:-1]  # "transferred Burahache, and Ethiopian forces": not the last
        if v.action == "withdrawal" and _JOURNEY.match(sentence, m.end()) and \
                not re.search(r"\bfrom\s*$", sentence[v.start:m.start()]):
            continue  # "left Kabul for Termez", "leaving Moscow with": a journey, a state of affairs
        for name, start, end in names:
            if is_place_name(name):
                out.append((name, start, end, group, ""))
        group += 1
        at = m.end()
        while (more := _CONTINUED.match(sentence, at)) is not None:
            if is_place_name(more.group("name")):
                out.append((more.group("name"), more.start("name"), more.end("name"), group, ""))
            group += 1
            at = more.end()
    passive = " be" in sentence or " was " in sentence or " were " in sentence or " follow" in sentence \
        or " for " in sentence  # "is scheduled for closure"
    for mark in _PASSIVE_MARK.finditer(sentence) if passive else ():
        m = _NAMES_BEFORE.search(sentence, max(0, mark.start() - 200), mark.start())
        if m is None:
            continue
        if PREPOSITION_BEFORE.search(sentence, 0, m.start()):
            continue  # "the base in Anbar would be handed over": Anbar situates the base
        for name, start, end in _split_names(m.group("names"), m.start()):
            if is_place_name(name):
                out.append((name, start, end, group, ""))
        group += 1
        at = (_PARTICLE.match(sentence, mark.end()) or mark).end()  # "Kilo was returned in May
        while (more := _CONTINUED.match(sentence, at)) is not None:  # and Lima in June": Lima too
            if is_place_name(more.group("name")):
                out.append((more.group("name"), more.start("name"), more.end("name"), group, ""))
            group += 1
            at = more.end()
    for m in _UNIT_NAMES.finditer(sentence) if any(t.action == "withdrawal" for t in triggers) else ():
        names = _split_names(m.group("names"), m.start("names"))
        if unit_subject(sentence, names[0][1], m.end("names"), triggers) is None:
            continue
        for name, start, end in names:
            if is_place_name(name):
                out.append((name, start, end, group, "unit"))
        group += 1
    low = sentence.lower()
    for pattern, earlier in ((_EARLIER, True), (_ALSO, False)):
        if not any(word in low for word in _LIST_WORDS[pattern]):
            continue
        for m in pattern.finditer(sentence):  # "the fourth, after Kidal and Tessalit", "including X"
            if not (VERB.search(sentence, 0, m.start()) or MORE_VERBS.search(sentence, 0, m.start())):
                continue
            if _KIND_IS_DIVISION.search(sentence, 0, m.start()):
                continue  # "the last of the provinces to be handed over, after A and B": provinces
            names = _split_names(m.group("names"), m.start("names"))
            if not _ends_a_name(sentence, m.end()):
                names = names[:-1]  # "after Washington decided ...": not a place
            for name, start, end in names:
                if is_place_name(name):
                    # told as earlier ("after Kidal"), so the sentence's day is not theirs
                    out.append((name, start, end, group, "earlier" if earlier else ""))
            group += 1
    if "those of" in sentence or "that of" in sentence:
        for name, start, end in those_of(sentence):
            out.append((name, start, end, group, "earlier"))  # told as done before this one
        group += 1
    for mark in re.finditer(r",\s+where\b", sentence) if "where" in sentence else ():
        m = _NAME_BEFORE.search(sentence, max(0, mark.start() - 80), mark.start())
        if m and is_place_name(m.group("names")):
            # "Kidal, where French forces turned over their base": a base, not the region
            based = HEAD_ANY.search(sentence, mark.end(), mark.end() + 90) is not None
            out.append((m.group("names"), m.start(), m.end("names"), group, "based" if based else ""))
            group += 1
    return out


_FOLLOWERS = {"to", "on", "in", "at", "by", "for", "from", "after", "before", "last", "this",
              "earlier", "with", "as", "and", "or", "but", "was", "were", "is", "are", "has", "have",
              "had", "will", "would", "which", "where", "when", "while", "over", "back", "early",
              "late", "into", "under", "during", "since", "until", "ahead", "within", "without",
              "following", "amid", "so", "the", "that", "near", "yesterday", "today", "too",
              "also", "entirely", "completely", "altogether", "officially", "formally"}
_NEXT_WORD = re.compile(r"\s+([a-z][\w'’-]*)")


def _ends_a_name(sentence: str, end: int) -> bool:
    """A bare name is a place when what follows it is a preposition, a verb or punctuation,
    not a noun it qualifies ("leaves Deir ez-Zor oil fields guarded": the fields)."""
    m = _NEXT_WORD.match(sentence, end)
    return m is None or m.group(1) in _FOLLOWERS or m.group(1).endswith("ly")


def lists_more(text: str) -> bool:
    """Whether a text names a place "together with", "along with", "including" another."""
    low = text.lower()
    return any(w in low for w in _LIST_WORDS[_ALSO]) and _ALSO.search(text) is not None


def named_also(sentence: str, name: str) -> bool:
    """Whether `name` is named "together with", "along with" or "as well as" another place."""
    return any(name in m.group("names") for m in _ALSO.finditer(sentence))


_SPLIT = re.compile(r"\s*\([^()]*\)|\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)(?:\s*,\s*(?:in|on|at|near)\s+"
                    r"(?:the\s+)?[a-z][a-z -]{1,30}?\s*,)?\s+")


def _split_names(names: str, offset: int) -> list[tuple[str, int, int]]:
    out, at = [], 0
    for part in _SPLIT.split(names):
        at = names.find(part, at)
        if part:
            out.append((part, offset + at, offset + at + len(part)))
        at += len(part)
    return out


# what a kind word's modifiers open with: an article or a word that says which, not what kind
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
                          "these", "those", "whose"})
# words before a base word that say which one or what it was, not what kind of site it is
_NOT_KINDS = frozenset({"former", "old", "new", "main", "last", "final", "remaining", "other",
                        "naval", "military", "army", "air", "large", "small", "big", "largest",
                        "biggest", "first", "second", "third", "disused", "abandoned", "nearby",
                        "local", "temporary", "permanent", "joint", "key", "strategic", "only",
                        "two", "three", "four", "five", "six", "several", "many", "some", "all",
                        "both", "each", "every", "same", "own", "few", "vast", "sprawling", "remote",
                        "northern", "southern", "eastern", "western", "central", "north", "south",
                        "east", "west", "nearest", "closest", "latest", "next", "previous"})
_PARTICLES = frozenset({"over", "back", "up", "out", "down", "off", "to", "in", "at", "from", "on",
                        "of", "by", "for", "with", "and", "or", "is", "are", "was", "were"})
_WORDS_BEFORE = re.compile(r"((?:[A-Za-z]+\s+){1,4})$")


def _kind_before(sentence: str, at: int) -> str:
    """The words that say what kind of site a base word names ("married quarters", "weapons
    storage area", "railway depot", "fuel depot" of "the naval fuel depot"), with a space
    after them, or "": at most two lower-case words between a determiner ("the", "its") with
    the words that only say which one ("former", "naval") and the base word."""
    m = _WORDS_BEFORE.search(sentence, max(0, at - 50), at)
    if m is None:
        return ""
    words = m.group(1).split()
    opener = max((i for i, w in enumerate(words) if w.lower() in _DETERMINERS), default=None)
    if opener is None:
        return ""
    kinds = words[opener + 1:]
    while kinds and kinds[0] in _NOT_KINDS:
        kinds = kinds[1:]
    if not kinds or len(kinds) > 2 or any(not w.islower() or w.endswith("ly") or w in _NOT_KINDS
                                          or w in _PARTICLES for w in kinds) \
            or any(w.endswith("ed") for w in kinds[1:]):  # "the army handed over bases in"
        return ""
    return " ".join(kinds) + " "


def _singular(head: str) -> str:
    head = " ".join(head.lower().split())
    if head.endswith("ies"):
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith(("ss", "barracks", "headquarters", "premises")):
        return head[:-1]
    return head

