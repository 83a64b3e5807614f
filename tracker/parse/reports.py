"""Events told in running prose, as news reports, press releases and situation updates tell
them: "French soldiers have handed their camp at Tessalit to the Malian army on Saturday",
"earlier handovers of Saraf Umra, Kutum and Shangil Tobaya", "Tessalit follows Kidal, where
French forces turned over their base last month".

Where the item reader (`events`) takes one list item or dated line for one event, this reads
every sentence of the prose and the headline, finds the action words and the places they act
on, and gathers the mentions of one place into one event:

- a place is a named facility ("Camp Castor", "Air Base 101", "the Zinder air base"), a facility
  word with the town it stands in ("its team site in Kutum", "the base of Douentza", "camps in
  Beni, Butembo and Bunia"), or a bare name that an action acts on ("handed over Gossi", "the
  withdrawal from Kidal", "Kidal was handed over"); whoever acts (a force, a mission, a country)
  is never the place;
- a place takes the date written with it in its clause ("left Camp Bastion on 26 October and Camp
  Nathan Smith on 4 November" are two dates), a day named relatively ("on Saturday", "today")
  resolved against the edition's date, else no date: most mentions carry none;
- the status comes from tense and modality ("is to be handed", "will", "began"), a present-tense
  headline tells what was completed on the edition's date, and a later "the base in X" without
  a name ("the camp", "the base") fills in what an earlier mention of X left open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tracker import identity as _names
from tracker.memo import remembered
from tracker.model import Event
from tracker.parse.actions import _status
from tracker.parse.events import _MAY_TAKE_BACK, retracted
from tracker.parse.nations import _nation_of
from tracker.parse.places import _all_places, _only_generic
from tracker.parse.retractions import blanked, marked, retraction, struck_names, taken_back
from tracker.parse.sentences import _clean, _sentences
from tracker.parse.state import _Context
from tracker.vocabulary.countries import is_country, is_demonym
from tracker.vocabulary.dates import find_dates, to_iso
from tracker.vocabulary.relative import find_relative
from tracker.vocabulary.verbs import VERB

# -- the words ---------------------------------------------------------------------------------

_MORE_VERBS = re.compile(
    r"(?=[gsqcdpwefrthGSQCDPWEFRTH])"  # the first letters of every form below: a cheap filter
    r"\b(?:(?P<withdrawal>gave\s+up|gives?\s+up|giving\s+up|given\s+up|surrender(?:ed|s|ing)?|"
    r"quit(?:s|ting)?|ced(?:e|ed|es|ing)|dismantl(?:e|ed|es|ing)|pull-?out|wound\s+down|"
    r"winds?\s+down|withdrawals|departures|"
    r"end(?:ed|s|ing)?\s+(?:its|their|the)\s+(?:\w+\s+)?(?:mission|presence|deployment|operations)|"
    r"fl(?:ew|own|ies|y|ying)\s+(?:[\w-]+\s+){0,4}?out\s+of|"
    r"(?:stay|remain)(?:s|ed|ing)?(?=\s+(?:[\w'’.-]+\s+){0,7}?until\b)|"
    r"(?:drove|driven|drives|rolled|rolls|marched|pulled)\s+out\s+of)"
    r"|(?P<handover>redesignat(?:e|ed|es|ing|ion)|retroced(?:e|ed|es|ing)|retrocession|"
    r"transition(?:ed)?\s+to|pass(?:ed|es|ing)?\s+(?:under\s+(?:the\s+)?control\s+of|"
    r"to\s+the\s+control\s+of)|c(?:ame|omes?)\s+under\s+(?:the\s+)?control\s+of|"
    r"(?<!other\s)(?<!\bon\s)(?<!\bat\s)(?<!\bin\s)hand(?:ed|s|ing)?(?!\s+(?:out|down|in|over)\b)(?![\w-])|"
    r"(?:went|passed|fell|goes|go)\s+to\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,4}?(?:army|forces|government|"
    r"authorities|police|military|troops|corps|ministry|state)\b|"
    r"sign(?:ed|s|ing)?\s+over|relinquish(?:ed|es|ing)?|handovers|hand-overs|returns|transfers|chang(?:e|ed|es|ing)\s+hands|"
    r"flags?\s+(?:came|comes|come|was|were|is|are)\s+(?:down|lowered)|"
    r"(?:took|taken|takes?|taking|assumed?|assumes|assuming)\s+(?:over\s+)?(?:full\s+)?control\s+of|"
    r"lower(?:ed|s|ing)?\s+(?:its|their|the)\s+(?:\w+\s+){0,2}?flag|"
    r"pass(?:ed|es|ing)?\s+(?:\w+\s+)?to\s+(?:[\w.]+\s+){0,3}?control)"
    r"|(?P<closure>shutter(?:ed|s|ing)?|shut(?:s|ting)?(?!\s+down)|closures|"
    r"(?:de|in)activat(?:e|ed|es|ing|ion)|ceas(?:e|ed|es|ing)\s+(?:all\s+)?operations\s+(?:at|in)|"
    r"wr(?:apped|aps?|apping)\s+up\s+(?:its\s+|their\s+)?operations\s+(?:at|in)))\b",
    re.IGNORECASE,
)
_NOUN_FORMS = {"withdrawal", "handover", "handovers", "hand-over", "pullout", "pull-out",
               "closure", "closures", "drawdown", "draw-down", "evacuation", "departure",
               "turnover", "turn-over", "transfer", "transfers", "exit", "retrocession",
               "redesignation", "reduction"}
_HEAD = (r"(?:air\s*bases?|airbases?|air\s*fields?|airfields?|airstrips?|airports?|bases?|camps?|"
         r"outposts?|(?:observation\s+)?posts?|positions?|(?:team\s+)?sites?|installations?|"
         r"facilit(?:y|ies)|compounds?|garrisons?|barracks|headquarters|hubs?|stations?|"
         r"premises|locations?|super-?camps?|cantonments?|FOBs?|MOBs?|cent(?:re|er)s?|areas?|"
         r"offices?|complex(?:es)?)")
_LEAD_WORDS = r"(?:(?:the|its|their|his|her|a|an|this|that|these|those|our|two|three|four|five|six)\s+)?"
_ART = r"(?:(?:al|el|an|ar|as|at|ad|ash|az|adh|ath)-)"
_WORD = r"(?:[A-ZÀ-ÖØ-Þ](?:\w|['’](?!s\b))*(?:-(?:\w|['’](?!s\b))+)*)"  # "Mali's": Mali
_NAME = (rf"(?:{_ART}?{_WORD}(?:[ ](?:(?:al|el|de|du|des|la|le|di|bin|ibn)[ -])?{_ART}?{_WORD}){{0,3}}"
         r"(?:[ ]\d{1,3}(?![\d,.]\d))?)")
_ASIDE = r"(?:\s*\([^()]{1,40}\))?"  # "Faya-Largeau (26 December 2024)"
_NAMES = (rf"(?P<names>{_NAME}{_ASIDE}(?:\s*,\s*(?!and\b){_NAME}{_ASIDE}){{0,8}}"
          rf"(?:\s*,?\s+(?:and|&)\s+{_NAME}{_ASIDE})?)")
_TOWN_OF = r"(?:the\s+(?:town|city|village|locality|settlement|area|district)\s+of\s+)?"
_HEADED_NAMES = re.compile(  # case matters for the names: "bases" may be any case, names not
    rf"(?=[abcfghilmopsABCFGHILMOPS])(?i:\b(?P<head>{_HEAD})\s+(?:in|at|of|on)\s+{_TOWN_OF}(?:the\s+)?){_NAMES}")
_APPOSED = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{_NAME}),\s+(?:the|its|their|a|an)\s+(?:[\w'’-]+\s+){{0,5}}?"
                      rf"(?i:{_HEAD})\b")
_NTH_SUBJECT = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{_NAME})\s+(?:is|was|becomes|became|will\s+be|"
                          rf"would\s+be)\s+(?:now\s+)?the\s+(?:(?!of\b)[\w-]+\s+){{0,3}}?(?i:{_HEAD})\b")
_APPOSED_LIST = re.compile(rf"(?=[abcfghilmopsABCFGHILMOPS])(?i:\b{_HEAD})\b[^,;:()]{{0,60}},\s+{_NAMES}(?=\s*,)")
_SITUATING = re.compile(r"\b(?:near|outside|next\s+to|close\s+to|(?:south|north|east|west)"
                        r"(?:-?(?:east|west))?\s+of|on\s+the\s+(?:edge|outskirts)\s+of|towards?)\s+"
                        r"(?:the\s+)?$", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|in|at|near|from|to|outside|inside|by|with|for)\s+$",
                                 re.IGNORECASE)
_OWNED = re.compile(rf"(?=[A-ZÀ-ÖØ-Þae])(?P<names>{_NAME})['’]s\s+(?:\w+\s+){{0,2}}?(?P<head>(?i:{_HEAD}))\b")
_ITEM = rf"{_NAME}(?:\s+(?:in|near|at)\s+{_NAME})?{_ASIDE}"  # "al-Sqoor in Mosul (30 March)"
_COLON_LIST = re.compile(rf":\s+(?:the\s+)?(?P<names>{_ITEM}(?:\s*,\s*(?!and\b){_ITEM}){{1,12}}"
                         rf"(?:\s*,?\s+(?:and|&)\s+{_ITEM})?)(?=\s*(?:[.;]|$))")
_QUALIFIER = re.compile(r"\s+(?:in|near|at)\s+.*$")
_LISTED = re.compile(rf"(?=[abcfghilmopsABCFGHILMOPS])(?i:\b{_HEAD})\b[^()]{{0,60}}\(\s*(?=[^()]*(?:,|\band\b)){_NAMES}\s*\)")
_ALSO = re.compile(rf"\b(?:includ(?:e|es|ed|ing)|such\s+as|namely|together\s+with|along\s+with|"
                   rf"as\s+well\s+as|(?:followed|joined)\s+by\s+(?:those|that)\s+(?:in|at|of))\s*:?\s+(?:the\s+)?(?:adjoining\s+|neighbouring\s+|nearby\s+)?"
                   rf"(?:[A-Z]{{2,3}}\s+)?{_NAMES}")
_EARLIER = re.compile(rf"\b(?:after|following|like|joining)\s+(?:(?:those|that|the\s+ones?)\s+(?:of|in|at)\s+)?"
                      rf"{_NAMES}")
_NUMBERED = re.compile(r"(?=[OoPp])\b(?P<names>(?:[Oo]bservation\s+)?[Pp]osts?\s+(?:[Nn]o\.?|[Nn]umber|#)\s*\d{1,3}"
                       r"|(?:[Oo]bservation\s+)?[Pp]ost\s+\d{1,3})\b")
_GAP = re.compile(r"(?:\s+(?:over|back|out|up|of|from|control|the|its|their|his|her|after|"
                  r"following|including|also|both|remaining|former|last|final))*\s+", re.IGNORECASE)
_PASSIVE_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:,[^,;:]{1,90},\s*)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:was|were|is|are|be|been|being|gets?|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_NTH = re.compile(rf"^\s+(?:is|was|becomes|became|will\s+be|would\s+be)\s+(?:now\s+)?the\s+"
                  rf"(?:[\w-]+\s+){{0,3}}?(?i:{_HEAD})\s+(?:to\s+(?:be|have\s+been)\s+|being\s+|"
                  rf"(?:that|which)\s+(?:\w+\s+){{0,3}}?(?:has|have|had|was|were)\s+(?:been\s+)?)?$",
                  re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]*\)")
_OTHER_VERB = re.compile(r"\b(?:and|then)\s+(?:then\s+)?(?:[a-z]+ed|went|flew|came|moved|"
                         r"arrived|landed|returned\s+home|headed)\b(?!\s+(?:over|to\s+the))")
_RELATIVE_PASSIVE = re.compile(r"^\s*,?\s*(?:which|that)\s+(?:[\w'’-]+\s+){0,4}?"
                               r"(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_WHERE = re.compile(r"^,\s+where\s+[^,;.]{0,70}$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;()\[\]]|\s[-–—]\s|,\s+(?:which|who|while|but|whereas|although|"
                           r"according|said|says)\b|\b(?:said|says|told|announced)\b",
                           re.IGNORECASE)
_COMPASS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern",
            "western", "upper", "lower", "greater"}
_NOT_NAMES = {
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
    "peacekeepers", "peacekeeping", "blue", "helmets", "wagner", "barkhane", "takuba",
}
_COUNTING = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "twenty", "dozens", "dozen",
             "hundreds", "several", "many", "few", "all", "both", "some", "most", "no", "first",
             "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "last", "final", "remaining", "other", "another", "these", "those", "its", "their"}
_SECTION_WORDS = {"background", "context", "overview", "summary", "introduction", "personnel",
                  "health", "education", "nutrition", "protection", "humanitarian", "access",
                  "politics", "economy", "recommendations", "analysis", "comment", "reaction",
                  "contact", "contacts", "notes", "key figures", "next update", "timeline",
                  "security", "logistics", "outlook", "annex", "sources", "about", "media"}
_ACTORISH = {"forces", "force", "army", "troops", "mission", "ministry", "command", "police",
             "government", "authorities", "council", "operation", "brigade", "battalion",
             "regiment", "division", "corps", "contingent", "coalition", "company", "unit",
             "units", "group", "groups", "rebels", "militia", "militias", "office", "agency",
             "bundeswehr", "military",
             "nations", "union", "staff", "service", "services", "guard", "gendarmerie",
             # a government named by its seat: who decides, not a base left
             "pentagon", "kremlin", "élysée", "elysee", "whitehall", "department",
             "congress", "senate", "cabinet", "presidency"}
_REPORTING = re.compile(r"\b(?:said|says|announced|told|confirmed|stated|reported|added|declared|"
                        r"statement|communiqu[ée]|briefing|conference|tweeted|posted|wrote)\b"
                        r"[^.;]{0,40}$", re.IGNORECASE)
_NOT_EVENT_DATE = re.compile(
    r"(?:\b(?:since|agreement|accord|resolution|decision|decree|deal|memorandum|mandate|treaty|"
    r"letter|order|law|ended|expired|adopted|signed|agreed|voted|approved|killed|attacked|"
    r"founded|built|established|opened|set\s+up|created|elected|born|died)\b[^.;,]{0,25}"
    r"|\b(?:of|dated)\s+)$", re.IGNORECASE)
_RANKED_BEFORE = re.compile(rf"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                            rf"tenth|eleventh|twelfth|\d+(?:st|nd|rd|th)|last|latest)\s+"
                            rf"(?:[\w-]+\s+){{0,2}}?(?i:{_HEAD})\s+to\s+(?:be|have\s+been)\s+$",
                            re.IGNORECASE)
_MUST_BEFORE = re.compile(r"\b(?:must|should|has\s+to|have\s+to|needs?\s+to|is\s+to|are\s+to|"
                          r"is\s+due\s+to|are\s+due\s+to)(?:\s+be)?\s+(?:\w+ly\s+)?$",
                          re.IGNORECASE)
_DENIED = re.compile(r"\b(?:no\s+(?:sign|plans?|intention|indication|decision)|denied|rejected|"
                     r"ruled\s+out|refused)\b[^.;]{0,60}$", re.IGNORECASE)
_PROGRESSIVE = re.compile(r"\b(?:am|is|are|was|were|be|been|being|continues?\s+to|continued\s+to|"
                          r"(?:in\s+the\s+)?process\s+of|"
                          r"began|begun|started|starts?|begins?|keeps?|kept)\s+(?:\w+ly\s+)?$",
                          re.IGNORECASE)
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|would|plans?\s+to|planned\s+to|intends?\s+to|"
                            r"is\s+to|are\s+to|expected\s+to|due\s+to|set\s+to|scheduled\s+to|"
                            r"going\s+to|aims?\s+to|prepar(?:es|ing)\s+to)\b", re.IGNORECASE)
_PLANNED_ADJ = re.compile(r"\b(?:planned|scheduled|expected|upcoming|forthcoming|proposed|future|"
                          r"imminent|eventual|possible)\s+(?:\w+\s+)?$", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
_HEADLINE_PRESENT = re.compile(r"^(?:hands|closes|leaves|quits?|returns|transfers|gives|vacates|"
                               r"exits|pulls|withdraws|completes|ends|shuts|cedes|surrenders|"
                               r"turns|evacuates|abandons|departs)\b", re.IGNORECASE)


# -- what one sentence says --------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    action: str
    start: int
    end: int
    status: str | None
    noun: bool
    match: Any = field(default=None, compare=False, repr=False)  # until the status is read
    headline: bool = False


@dataclass(frozen=True)
class _Spot:
    """A place named in a sentence, and the names listed with it (one list, one group)."""

    name: str
    start: int
    end: int
    group: int
    core: str = ""  # a name that may be an area (no base word vouches for it): checked as one
    role: str = ""  # "earlier": told as done before ("after Kidal"); "colon": listed after a colon


@dataclass(frozen=True)
class Mention:
    """One place acted on in one sentence."""

    name: str
    key: str
    action: str
    status: str
    date: str | None
    text: str
    order: int
    headline: bool = False
    core: str = ""  # a town named without a base word: an area if the text calls it one


def report_events(blocks: Sequence[Any], title: str | None, ctx: _Context,
                  taken: Iterable[str] = (), read_items: Iterable[str] = ()) -> list[Event]:
    """The events the prose tells (headline, headings, paragraphs, and list items the item
    reader made nothing of), one per place, apart from places already in `taken`. Of an item
    the item reader did read (`read_items`, by its text) only a place named "together with"
    its own is taken: the rest of it is that item's event and its context."""
    read = set(read_items)
    mentions: list[Mention] = []
    order = 0
    if title:
        mentions += _told_or_taken_back(_clean(title), ctx, order, headline=True)
        order += 1
    last: Mention | None = None
    lead = True  # before the first paragraph: a heading there is the headline (the page's
    # title may be a breadcrumb or a date line), and tells what was done on the edition's date
    for block in blocks:
        if block.kind not in ("paragraph", "heading", "item"):
            continue
        if retracted(block.text):
            _marked_back(block.text, ctx, order)
            continue
        text = _clean(block.text)
        if block.kind == "heading" or len(text) <= 40 and not text.endswith("."):
            found = _sentence_mentions(text, ctx.as_of if lead else None, order, headline=True)
            mentions += found
            last = found[-1] if found else _named_heading(text, order) or last
            order += 1
            continue
        lead = lead and len(text) <= 120  # a byline or date line keeps the headline ahead
        text = _DATELINE_PREFIX.sub("", text, count=1)  # its date is the report's, no event's
        only_also = block.kind == "item" and text in read
        low = text.lower()
        if only_also and not (any(w in low for w in _LIST_WORDS[_ALSO]) and _ALSO.search(text)):
            continue  # an item its reader already told, naming no place beside its own
        named = _lead_in_place(text, order)
        if named is not None:  # "Timbuktu: French forces handed their base ...": the base there
            last = named
        for s, e in _sentences(text):
            sentence = text[s:e].strip()
            found = _told_or_taken_back(sentence, ctx, order)
            if only_also:
                found = [m for m in found if _named_also(sentence, m.name)]
            order += 1
            if found:
                mentions.extend(found)
                last = found[-1]
            elif last is not None:
                echo = _anaphora(sentence, last, ctx.as_of, order)
                if echo is not None:
                    mentions.append(echo)
    mentions = [m for m in mentions if m.action]
    areas = _areas({m.core for m in mentions if m.core},
                   " ".join([title or ""] + [b.text for b in blocks if b.kind != "footnote"]))
    return _gather([m for m in mentions if m.core not in areas], set(taken))


_PLACE_LEAD = re.compile(r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ .'’-]+\s+[—–-]\s+)?(?P<name>[A-ZÀ-Þ][\w'’ .-]{1,40}?):\s")


def _lead_in_place(text: str, order: int) -> Mention | None:
    """A paragraph led by a place's name and a colon, as situation updates write them
    ("Kidal: The French force began ...", "MALI — Timbuktu: French forces handed their base
    ..."): the place its sentences mean by "the camp", "their base"."""
    m = _PLACE_LEAD.match(text)
    if m is None or m.group("name").split()[0].lower().strip(".") in _LABELS:
        return None
    return _named_heading(m.group("name"), order)


# words that lead a line as a label, not as a place ("Published: 3 May", "Update: ...")
_LABELS = frozenset({"published", "updated", "update", "posted", "date", "dated", "dateline",
                     "source", "sources", "note", "notes", "background", "summary", "context",
                     "analysis", "assessment", "comment", "editor", "by", "filed", "location",
                     "status", "time", "timeline", "correction", "clarification", "latest",
                     "breaking", "read", "see", "photo", "video", "watch", "listen", "category",
                     "tags", "topics", "related", "contact", "distribution", "next", "previous",
                     "subject", "re", "from", "to", "attention", "urgent", "flash", "update"})


def _told_or_taken_back(sentence: str, ctx: _Context, order: int,
                        headline: bool = False) -> list[Mention]:
    """A sentence's mentions; of a sentence taking an earlier report back, its places are
    retractions, and only those outside the claim it takes back are told (the correction)."""
    found = _sentence_mentions(sentence, ctx.as_of, order, headline=headline)
    cue = taken_back(sentence) if _MAY_TAKE_BACK.search(sentence) else None
    if cue is None:
        return found
    _, claim = cue
    ctx.retractions += [retraction(m.name, m.key, sentence) for m in found]
    if claim is None:
        return found
    return _sentence_mentions(blanked(sentence, claim), ctx.as_of, order, headline=headline)



def _marked_back(text: str, ctx: _Context, order: int) -> None:
    """A block marked as withdrawn: its places are retractions."""
    rest = _clean(marked(text) or "")
    for s, e in _sentences(rest):
        sentence = rest[s:e].strip()
        ctx.retractions += [retraction(m.name, m.key, text) for m in
                            _sentence_mentions(sentence, ctx.as_of, order)]


def struck_retractions(struck: Iterable[str], ctx: _Context) -> list[Any]:
    """Struck-out text: the places it tells of (or names alone) are retractions."""
    out = []
    for span in struck:
        text = _clean(span)
        found = [retraction(m.name, m.key, text) for s, e in _sentences(text)
                 for m in _sentence_mentions(text[s:e].strip(), ctx.as_of, 0)]
        out += found or [retraction(name, None, text) for name in struck_names(text)]
    return out


_DATELINE_PREFIX = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:[ /][A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3}(?:,\s*[A-Z][\w .'’-]{1,30}?)?"
    r"(?:,\s*[^-–—()]{3,25}?)?\s*(?:\([^()]{1,25}\)\s*)?[-–—]+\s+")
_REGION_WORDS = (r"(?:province|region|district|state|territory|county|governorate|prefecture|"
                 r"department|oblast|valley|area|zone|sector|corridor|border)")



_AREA_WORD = re.compile(rf"(?i:\b{_REGION_WORDS}s?\b)")
_NAME_ENDING = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})(?:['’]s)?\s+$")
_NAME_OPENING = re.compile(rf"\s+of\s+(?P<name>{_NAME})")


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


def _areas(names: set[str], whole: str) -> set[str]:
    """Those of `names` the document calls a province, region, district or state ("Helmand
    province", "the region of Kidal") and never names with a base word ("the base in Kidal",
    "Kidal camp"): an area, not a base. Asked only of the names that need it."""
    if not names:
        return set()
    called = _called_areas(whole) & names  # one pass over the text each, not one a name
    return called - _based(whole) if called else set()


_NAME_AFTER = re.compile(rf"\s+(?P<name>{_NAME})")
_NAME_NEXT = re.compile(rf"\s+(?:in|at|of)\s+(?:the\s+)?(?P<name>{_NAME})")


def _based(whole: str) -> set[str]:
    """Every name the text gives a base word: "the base in Kidal", "Kidal camp", "Camp X"."""
    return _names_around(whole, _HEAD_ANY, lambda head: _NAME_NEXT.match(whole, head.end()) or (
        _NAME_AFTER.match(whole, head.end()) if whole[head.start()].isupper() else None))


def _named_also(sentence: str, name: str) -> bool:
    """Whether `name` is named "together with", "along with" or "as well as" another place."""
    return any(name in m.group("names") for m in _ALSO.finditer(sentence))


def _named_heading(text: str, order: int) -> Mention | None:
    """A heading that is only a place's name ("Ménaka") is what the sentences under it
    mean by "the camp"."""
    name = text.strip(" :.-")
    if not re.fullmatch(_NAME, name) or not _is_place_name(name) or name.lower() in _SECTION_WORDS \
            or (name.isupper() and len(name) > 4) \
            or VERB.search(name) or _MORE_VERBS.search(name):
        return None
    key = _names.place_key(name)
    return Mention(name, key, "", "", None, text, order) if key else None


@remembered(4096, longest=1500)
def _acted_on(sentence: str, headline: bool) -> tuple[tuple, tuple, tuple]:
    """(triggers, spots, (spot, trigger, key) for each place acted on): what a sentence says
    apart from its dates, remembered, since the next edition repeats most sentences."""
    if len(sentence) > 1500:
        return (), (), ()
    triggers = _triggers(sentence, headline)
    if not triggers or not _may_name_a_place(sentence):
        return (), (), ()
    spots = [s for s in _spots(sentence, not (headline and _title_case(sentence)), triggers)
             if not is_country(s.core or s.name) and not _SITUATING.search(sentence, 0, s.start)]
    acted = []
    by_group: dict[int, _Trigger] = {}
    for spot in spots:
        trigger = _governing(sentence, spot, triggers) or by_group.get(spot.group)
        if trigger is None:
            continue
        by_group.setdefault(spot.group, trigger)  # the names listed with it undergo the same
        key = _names.place_key(spot.name)
        if key:
            acted.append((spot, trigger, key))
    read = {t.start: _with_status(sentence, t) for _, t, _ in acted}  # once per action
    acted = [(s, read[t.start], k) for s, t, k in acted]
    return tuple(triggers), tuple(spots), tuple(acted)


def _sentence_mentions(sentence: str, as_of: str | None, order: int,
                       headline: bool = False) -> list[Mention]:
    triggers, spots, acted = _acted_on(sentence, headline)
    if not acted:
        return []
    days = _days(sentence, as_of)
    out = []
    for spot, trigger, key in acted:
        date = _date_for(sentence, spot, trigger, list(spots), list(triggers), days)
        status = trigger.status or "completed"
        if spot.role == "earlier":
            status = "completed"  # "after Kidal and Tessalit": told as done before this one
        if status == "planned" and date:
            date = next((d.ahead for d in days if d.iso == date and d.ahead), date)
        if headline and date is None and status == "completed" and as_of:
            date = as_of
        if date and as_of and date > as_of and status == "completed":
            status = "planned"
        elif date and as_of and date <= as_of and status == "planned" and \
                sentence[trigger.start:trigger.end].lower().startswith(("stay", "remain")):
            status = "completed"  # "stayed until 30 June", told after it
        out.append(Mention(spot.name, key, trigger.action, status, date, sentence, order, headline,
                           spot.core))
    return out


_CAPITALISED = re.compile(r"(?<![\w'’-])(?:(?:al|el|an|ar|as|at|ad|ash|az)-)?[A-ZÀ-ÖØ-Þ][\w'’-]*|"
                          r"(?i:\b(?:post|base|no\.?|camp|site|op|fob|pb)\s+)\d{1,3}\b")
_LEAD_IN = re.compile(r"^[A-Z][\w'’ ,.-]{0,60}?:\s")  # "Recent Developments: ..."


def _may_name_a_place(sentence: str) -> bool:
    """Whether a word could name a place: capitalised and not the sentence's first word, a
    month, a weekday, a nation or a word that never names one (every reading of a place
    needs such a word, or a post's number); most sentences fail here, cheaply."""
    lead = _LEAD_IN.match(sentence)
    for m in _CAPITALISED.finditer(sentence, lead.end() if lead else 0):
        word = m.group(0)
        if word[-1].isdigit():
            return True  # "Post 4", "Air Base 101"
        low = word.lower().strip("'’")
        if word.isdigit() or not (low in _NOT_NAMES or _nation_of(word) or is_country(word)):
            return True
    return False


@remembered(4096, longest=1500)
def _triggers(sentence: str, headline: bool) -> tuple[_Trigger, ...]:
    """The action words of a sentence, in order (remembered: the next edition repeats it)."""
    found = []
    for m in VERB.finditer(sentence):
        found.append(_trigger(sentence, m, m.lastgroup or "withdrawal", headline))
    for m in _MORE_VERBS.finditer(sentence):
        found.append(_trigger(sentence, m, m.lastgroup or "withdrawal", headline))
    return tuple(sorted((t for t in found if t is not None), key=lambda t: t.start))


def _trigger(sentence: str, m: re.Match[str], action: str, headline: bool) -> _Trigger | None:
    """An action word, its tense and modality left to `_with_status` (asked only of the
    actions that act on a place)."""
    word = m.group(0).lower()
    noun = word in _NOUN_FORMS
    before = sentence[max(0, m.start() - 40): m.start()]
    if noun and re.search(r"\b(?:no|without)\s+(?:\w+\s+)?$", before, re.IGNORECASE):
        return None  # "where no withdrawal date has been fixed"
    if _DENIED.search(sentence[max(0, m.start() - 70): m.start()]):
        return None  # "there was no sign that the Russians intended to leave Qamishli"
    if word == "left" and re.search(r"\b(?:the|on\s+the|to\s+the)\s+$", before, re.IGNORECASE):
        return None  # "the left bank"
    return _Trigger(action, m.start(), m.end(), None, noun, m, headline)


def _with_status(sentence: str, t: _Trigger) -> _Trigger:
    """The action with its status: completed, started or planned, from tense and modality."""
    if t.match is None:
        return t
    m, noun, headline = t.match, t.noun, t.headline
    word = m.group(0).lower()
    before = sentence[max(0, m.start() - 40): m.start()]
    status = _status(sentence, m)
    if word.startswith(("stay", "remain")):
        status = "planned"  # "is expected to stay until 30 November": leaves then
    elif status == "started" and word.split()[0] in ("went", "fell", "passed", "gave", "took",
                                                      "came", "flew", "ended", "signed", "changed"):
        status = "completed"  # a past tense the verb table does not know
    if noun and (status is None or word.endswith("s") and word[:-1] in _NOUN_FORMS):
        status = "planned" if _PLANNED_ADJ.search(before) else None
    if _NOT_BEFORE.search(before) or _MUST_BEFORE.search(before):
        status = "planned"
    if status == "planned" and _RANKED_BEFORE.search(before):
        status = "completed"  # "the fourth base to be handed over": a rank among those done
    if headline and _HEADLINE_PRESENT.match(word) and status in (None, "started"):
        status = "completed"
    if status == "started" and word.split()[0].endswith("ing") and not _PROGRESSIVE.search(before):
        status = "completed"  # "after handing over the camp", ", handing the camp to": no progress
    if status in (None, "completed", "started") and word.split()[0].endswith("ing") \
            and _FUTURE_BEFORE.search(_CLAUSE_BREAK.split(sentence[:m.start()])[-1]):
        status = "planned"  # "will now concentrate on closing", "plans to start handing over"
    return replace(t, status=status, match=None)


def _at_heads(pattern: re.Pattern[str], sentence: str, heads: list[tuple[int, int]],
              back: int = 0) -> list[re.Match[str]]:
    """The matches of a pattern that starts at a base word (`back` 0) or ends on one (found
    within `back` characters before it): tried only where base words are, not everywhere."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for start, end in heads:
        if back and not any(need in sentence[max(0, start - back):start] for need in _NEEDS[pattern]):
            continue  # no "'s" (no ", the") before this base word: the pattern cannot match
        m = pattern.match(sentence, start) if not back else \
            pattern.search(sentence, max(0, start - back), end)
        if m is not None:
            found.setdefault(m.span(), m)
    return [found[k] for k in sorted(found)]


_NEEDS = {_OWNED: ("'s", "’s"), _APPOSED: (", ",), _NTH_SUBJECT: (" the ",)}


def _title_case(text: str) -> bool:
    """ "U.S.-Led Coalition Withdrawal From Iraqi Bases": every word capitalised, so a
    capital tells no name."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _spots(sentence: str, bare: bool = True, triggers: Sequence[_Trigger] | None = None) -> list[_Spot]:
    """Every place named in the sentence, strongest reading first when two overlap; bare
    names (without a facility word) only when `bare`."""
    spots: list[_Spot] = []
    group = 0
    for place in _all_places(sentence):
        core = _core_of(place.name)
        if not core or not _is_place_name(core):
            continue  # "the Bundeswehr camp", "Mali's outpost", "UK base": whose, not which
        owner = _OWNER.match(place.name)  # "Niamey's Air Base 101": Air Base 101
        name, start = (place.name[owner.end():], place.start + owner.end()) if owner else \
            (place.name, place.start)
        of = _OF_BEFORE.search(sentence, max(0, start - 40), start)  # "Prince of Wales Barracks"
        if of and not owner:
            name, start = sentence[of.start():place.end], of.start()
        if _is_place_name(name, facility=True):
            spots.append(_Spot(name, start, place.end, group))
            group += 1
    heads = [h.span() for h in _HEAD_ANY.finditer(sentence)]  # the patterns below need one
    for m in _at_heads(_APPOSED_LIST, sentence, heads):
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            if _is_place_name(name):
                spots.append(_Spot(name, start, end, group, name))
        group += 1
    for m in _at_heads(_NTH_SUBJECT, sentence, heads, back=120):  # "Kandahar is the fourth base"
        if _is_place_name(m.group("names")) and not _PREPOSITION_BEFORE.search(sentence, 0, m.start()):
            spots.append(_Spot(m.group("names"), m.start("names"), m.end("names"), group,
                               m.group("names")))
            group += 1
    for m in _at_heads(_APPOSED, sentence, heads, back=160):  # "Gao, the largest base, ..."
        name = m.group("names")
        if _PREPOSITION_BEFORE.search(sentence, 0, m.start()):
            continue  # "south of Mosul, the K-1 base": Mosul situates something else
        if _is_place_name(name):
            spots.append(_Spot(name, m.start("names"), m.end("names"), group, name))
            group += 1
    named = [(s.start, s.end) for s in spots if s.core == ""]
    for pattern, back in ((_HEADED_NAMES, 0), (_OWNED, 80)):
        for m in _at_heads(pattern, sentence, heads, back):
            if any(a <= m.start("head") < b for a, b in named) or _AREA_AFTER.match(sentence, m.end()):
                continue  # "al-Taqaddum air base in Anbar", "a base in Gedo region": where it is
            if m.group("head").lower().startswith("office") and \
                    not re.match(r"\s+(?:in|at)\b", sentence[m.end("head"):], re.IGNORECASE):
                continue  # "the Office of the Special Envoy": a body, not a building
            head = _singular(m.group("head"))
            for name, start, end in _split_names(m.group("names"), m.start("names")):
                if _is_place_name(name):
                    spots.append(_Spot(f"{name} {head}", start, end, group, name))
            group += 1
    for m in _COLON_LIST.finditer(sentence):  # "The spring transfers ...: al-Qaim (17 March), ..."
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            name = _QUALIFIER.sub("", name)
            if _is_place_name(name):
                spots.append(_Spot(name, start, start + len(name), group, name, role="colon"))
        group += 1
    for m in _at_heads(_LISTED, sentence, heads):  # "its remaining camps (Tessalit and Kidal)"
        for name, start, end in _split_names(m.group("names"), m.start("names")):
            if _is_place_name(name):  # listed under a base word: bases, whatever else they name
                spots.append(_Spot(name, start, end, group))
        group += 1
    for m in _NUMBERED.finditer(sentence):
        spots.append(_Spot(m.group("names"), m.start(), m.end(), group))
        group += 1
    if triggers is None:
        triggers = _triggers(sentence, False)
    for name, start, end, grp, role in (_bare_objects(sentence, group, triggers) if bare else ()):
        # told with a base word of its own ("where ... turned over their base"): never an area
        spots.append(_Spot(name, start, end, grp, "" if role == "based" else name,
                           "earlier" if role == "earlier" else ""))
    return _without_overlaps(spots)


_BARE = re.compile(_NAMES)
_LIST_WORDS = {_EARLIER: ("after", "following", "like", "joining"),
               _ALSO: ("includ", "such as", "namely", "together", "along with", "as well as",
                       "followed by", "joined by")}
_HEAD_ANY = re.compile(rf"(?=[abcfghilmopsABCFGHILMOPS])(?i:\b{_HEAD}\b)")
_PASSIVE_MARK = re.compile(r"(?:['’]s)?\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|"
                           r"are\s+being|is\s+to\s+be|are\s+to\s+be|will\s+be|would\s+be)\s+"
                           r"(?:\w+ly\s+)?(?:handed|turned|transferred|returned|closed|vacated|"
                           r"evacuated|abandoned|given|shut|decommissioned|dismantled|redesignated|"
                           r"ceded|surrendered|taken\s+over|withdrawn))\b")
_NAMES_BEFORE = re.compile(rf"(?<![\w'’-]){_NAMES}$")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<names>{_NAME})$")
_OF_BEFORE = re.compile(r"(?<![\w'’-])[A-ZÀ-Þ][\w'’-]+\s+of\s+$")
_OWNER = re.compile(r"^[A-ZÀ-Þ][\w'’-]*['’]s\s+(?=\S)")
_AREA_AFTER = re.compile(r"\s+(?i:province|region|district|state|territory|county|governorate|"
                         r"prefecture|department|valley)\b")
_CONTINUED = re.compile(  # "... Tessalit on 21 October and Aguelhok on 23 October"
    rf"\s+(?:on|in|by)\s+(?:[\w.]+\s+){{0,2}}?[\w.]+(?:\s*,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+)"
    rf"(?:then\s+)?(?P<name>{_NAME})(?=\s+(?:on|in|by|last|this|earlier)\b|\s*[,.;)]|$)")
_KIND_WORDS = re.compile(rf"['’]s\b|\b(?i:{_HEAD}|air|military|forward|operating|main|joint|"
                         r"logistics|support|patrol|contingency|naval|army|combat|temporary|"
                         r"observation|team|protection|former)\b")


def _core_of(name: str) -> str:
    """A facility's name without its kind words: "Bundeswehr camp" -> "Bundeswehr",
    "Camp Marmal" -> "Marmal", "Air Base 101" -> "101"."""
    words = _KIND_WORDS.sub(" ", name).split()
    while words and words[0].lower() in ("the", "a", "an", "its", "their", "this", "that"):
        words = words[1:]
    return " ".join(words)


def _bare_objects(sentence: str, group: int,
                  triggers: Sequence[_Trigger] = ()) -> list[tuple[str, int, int, int, str]]:
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
        for name, start, end in names:
            if _is_place_name(name):
                out.append((name, start, end, group, ""))
        group += 1
        at = m.end()
        while (more := _CONTINUED.match(sentence, at)) is not None:
            if _is_place_name(more.group("name")):
                out.append((more.group("name"), more.start("name"), more.end("name"), group, ""))
            group += 1
            at = more.end()
    passive = " be" in sentence or " was " in sentence or " were " in sentence
    for mark in _PASSIVE_MARK.finditer(sentence) if passive else ():
        m = _NAMES_BEFORE.search(sentence, max(0, mark.start() - 200), mark.start())
        if m is None:
            continue
        if _PREPOSITION_BEFORE.search(sentence, 0, m.start()):
            continue  # "the base in Anbar would be handed over": Anbar situates the base
        for name, start, end in _split_names(m.group("names"), m.start()):
            if _is_place_name(name):
                out.append((name, start, end, group, ""))
        group += 1
    low = sentence.lower()
    for pattern, earlier in ((_EARLIER, True), (_ALSO, False)):
        if not any(word in low for word in _LIST_WORDS[pattern]):
            continue
        for m in pattern.finditer(sentence):  # "the fourth, after Kidal and Tessalit", "including X"
            if not (VERB.search(sentence, 0, m.start()) or _MORE_VERBS.search(sentence, 0, m.start())):
                continue
            names = _split_names(m.group("names"), m.start("names"))
            if not _ends_a_name(sentence, m.end()):
                names = names[:-1]  # "after Washington decided ...": not a place
            for name, start, end in names:
                if _is_place_name(name):
                    # told as earlier ("after Kidal"), so the sentence's day is not theirs
                    out.append((name, start, end, group, "earlier" if earlier else ""))
            group += 1
    for mark in re.finditer(r",\s+where\b", sentence) if "where" in sentence else ():
        m = _NAME_BEFORE.search(sentence, max(0, mark.start() - 80), mark.start())
        if m and _is_place_name(m.group("names")):
            # "Kidal, where French forces turned over their base": a base, not the region
            based = _HEAD_ANY.search(sentence, mark.end(), mark.end() + 90) is not None
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


_SPLIT = re.compile(r"\s*\([^()]*\)|\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


def _split_names(names: str, offset: int) -> list[tuple[str, int, int]]:
    out, at = [], 0
    for part in _SPLIT.split(names):
        at = names.find(part, at)
        if part:
            out.append((part, offset + at, offset + at + len(part)))
        at += len(part)
    return out


def _is_place_name(name: str, facility: bool = False) -> bool:
    if len(re.sub(r"[^A-Za-z0-9]", "", name)) < 2:
        return False  # "U" of "U.S."
    if name.isdigit() or re.fullmatch(r"\d{1,3}|[A-Z]{1,3}\d{0,3}|No\.? ?\d+", name):
        return True  # "Air Base 101", "Post 4": a number names the facility
    words = name.replace("’", "'").split()
    if not words or _only_generic(name):
        return False
    low = [w.lower().strip(".,'") for w in words]
    if all(is_demonym(w) or w.lower() in ("al", "el", "the") for w in words):
        return False  # "British", "al Somali", "Filipino": whose, not which
    if re.search(r"-(?:held|run|led|built|owned|controlled|manned|operated)$", low[0]):
        return False  # "a Kenyan-held base": whose, not which
    if low[0] in _COUNTING or low[0].isdigit():
        return False  # "Six bases", "12 camps": how many, not which
    if facility:
        return not any(w in _ACTORISH for w in low) and _nation_of(name) is None
    if low[0] in _NOT_NAMES or low[0] in _COMPASS and len(low) > 1:
        return False
    if any(w in _ACTORISH for w in low) or _nation_of(name) or _nation_of(words[0]):
        return False
    if all(w in _NOT_NAMES for w in low):
        return False
    letters = re.sub(r"[^A-Za-z]", "", name)
    if len(words) == 1 and len(letters) >= 3 and sum(c.isupper() for c in letters) * 2 >= len(letters):
        return False  # an acronym ("FARDC", "FAMa"): a mission, an army, not a town
    return len(name) >= 3


def _singular(head: str) -> str:
    head = " ".join(head.lower().split())
    if head.endswith("ies"):
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith(("ss", "barracks", "headquarters", "premises")):
        return head[:-1]
    return head


def _without_overlaps(spots: list[_Spot]) -> list[_Spot]:
    kept: list[_Spot] = []
    for spot in spots:
        if any(spot.start < k.end and k.start < spot.end for k in kept):
            continue
        kept.append(spot)
    return sorted(kept, key=lambda s: s.start)


_PARTICIPLE_WORD = re.compile(r"(?:handed|turned|transferred|returned|closed|vacated|evacuated|"
                              r"abandoned|given|shut|decommissioned|dismantled|redesignated|ceded|"
                              r"surrendered|taken|withdrawn|signed|passed|emptied)\b")
_SUBJECT_TAIL = re.compile(r"\b(?:be|been|being|to|was|were|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_REDUCED = re.compile(r"^\s*,[^,;]{1,80},\s*$")


def _subject_of(sentence: str, spot: _Spot, t: _Trigger, between: str) -> bool:
    """The place opens the sentence and the first action after it is said of it, however
    long the description between ("Bagram Airfield, the largest base, is expected to be
    among the last to be handed over"; "the base at Ogossagou, in the Bandiagara region,
    closed earlier this month")."""
    if len(sentence[:spot.start].split()) > 8 or len(between) > 160 or ";" in between:
        return False
    if re.search(r"\b(?:said|says|told|announced)\b", between, re.IGNORECASE):
        return False
    word = sentence[t.start:t.end].lower()
    if re.fullmatch(r"\s*,?\s*", between) and _PARTICIPLE_WORD.match(word) and \
            not re.match(r"\s+(?:the|a|an|its|their|his|her)\b", sentence[t.end:]):
        return True  # "Camp Castor handed over to UN mission", "the airfield, turned over last week"
    if _SUBJECT_TAIL.search(between) or (
            _REDUCED.match(between) is not None and word.endswith(("ed", "shut", "left", "given"))):
        return True
    if word.startswith(("went ", "passed ", "fell ", "goes ", "go ")):
        return len(between) <= 90 and ";" not in between  # "Camp Antonik ... went to the army"
    # "the office in Maimana, the capital of Faryab province, closed its doors on Sunday"
    return t.action == "closure" and not t.noun and word.endswith(("ed", "shut")) and \
        len(between) <= 90 and not re.search(r"\b(?:it|they|he|she|we|who|which|that)\b|"
                                             r"\b(?:forces|troops|mission|army)\b", between, re.IGNORECASE)


def _governing(sentence: str, spot: _Spot, triggers: list[_Trigger]) -> _Trigger | None:
    """The action the place undergoes: the nearest before it in its clause (the place is its
    object), else one right after it in the passive, after ", where", or a noun; a list after
    a colon undergoes the action named before the colon."""
    before = [t for t in triggers if t.end <= spot.start]
    if spot.role == "colon" and before:
        colon = sentence.rfind(":", 0, spot.start)
        listed = [t for t in before if t.end <= colon]
        if listed:
            return listed[-1]
    if before:
        t = before[-1]
        between = _ASIDES.sub("", sentence[t.end:spot.start]).rstrip(" (")
        if len(between) <= 140 and not _CLAUSE_BREAK.search(between) \
                and not _OTHER_VERB.search(between) \
                and not re.search(r"\bto\s+(?:the\s+)?$", between, re.IGNORECASE):
            return t
    after = [t for t in triggers if t.start >= spot.end]
    if after:
        t = after[0]
        between = sentence[spot.end:t.start]
        if _subject_of(sentence, spot, t, between):
            return t
        if (_PASSIVE_AFTER.match(between) and not _CLAUSE_BREAK.search(between)) \
                or _RELATIVE_PASSIVE.match(between) \
                or _WHERE.match(between) or _NTH.match(between) \
                or (t.noun and re.fullmatch(r"(?:['’]s)?\s*", between)):
            return t
    return None


@dataclass(frozen=True)
class _Day:
    start: int
    end: int
    iso: str | None
    ahead: str | None = None  # the same day and month in the year ahead, when the year was guessed


def _days(sentence: str, as_of: str | None) -> list[_Day]:
    """Days named in the sentence that can be an event's date (not the day something was said,
    nor the date of an agreement or since when)."""
    found = [_Day(d.start, d.end, d.iso, _year_ahead(d, as_of)) for d in find_dates(sentence, as_of=as_of)
             if d.iso or d.partial]
    for r in find_relative(sentence, as_of):
        if not any(d.start <= r.start < d.end or r.start <= d.start < r.end for d in found):
            found.append(_Day(r.start, r.end, r.iso))
    kept = []
    for d in sorted(found, key=lambda d: d.start):
        before = sentence[max(0, d.start - 45): d.start]
        if _REPORTING.search(before) or _NOT_EVENT_DATE.search(before):
            continue
        kept.append(d)
    return _merge_adjacent(kept)


def _year_ahead(d: Any, as_of: str | None) -> str | None:
    """ "by 31 December" in a May edition: this December, if what it dates lies ahead."""
    if not (d.iso and d.year_inferred and as_of) or d.iso > as_of:
        return None
    return to_iso(d.year + 1, d.month, d.day)


def _merge_adjacent(days: list[_Day]) -> list[_Day]:
    """ "on Thursday, 20 May": one day, the one the date gives."""
    out: list[_Day] = []
    for d in days:
        if out and d.start - out[-1].end <= 3 and (out[-1].iso is None or d.iso is None
                                                   or out[-1].iso != d.iso):
            prev = out.pop()
            d = _Day(prev.start, d.end, d.iso or prev.iso) if d.iso else _Day(prev.start, d.end, prev.iso)
        out.append(d)
    return out


def _date_for(sentence: str, spot: _Spot, trigger: _Trigger, spots: list[_Spot],
              triggers: list[_Trigger], days: list[_Day]) -> str | None:
    if not days or spot.role == "earlier":  # "after Kidal and Tessalit": their day is not told
        return None
    following = [s for s in spots if s.start > spot.end and s.group != spot.group]
    next_trigger = [t for t in triggers if t.start > max(spot.end, trigger.end)]
    stop = min([s.start for s in following] + [t.start for t in next_trigger] + [len(sentence)])
    mine = [d for d in days if spot.end <= d.start < stop]
    if trigger.start > spot.end:  # passive: the date after the verb
        mine = [d for d in days if trigger.end <= d.start < stop] or mine
    # a vague day past a comma ("..., completing a restructuring that began last year") is
    # another clause's; a dated one there still tells when ("..., on 4 April")
    mine = [d for d in mine if d.iso or "," not in sentence[max(spot.end, trigger.end):d.start]]
    if mine:
        return mine[0].iso
    mates = [s for s in spots if s.group == spot.group]
    if mates and mates[-1].end > spot.end:  # a list: the date after the last of it
        last = mates[-1]
        after = [d for d in days if last.end <= d.start < stop]
        if after:
            return after[0].iso
    gap = [d for d in days if trigger.end <= d.start < spot.start]
    if gap:
        return gap[-1].iso
    return _opening_day(sentence, min(trigger.start, spot.start), triggers, days)


_OPENS_CLAUSE = re.compile(r"(?:^|[,;]\s*|\b(?:and|then|while|but)\s+)(?:(?:on|in|by|from|early|"
                           r"late|since|until)\s+)?$", re.IGNORECASE)


def _opening_day(sentence: str, lo: int, triggers: list[_Trigger], days: list[_Day]) -> str | None:
    """ "On 19 March, it handed over ...", "..., and on 4 April the base was transferred": the
    day that opens the clause of the action (not one said of another verb: "began on 2 May")."""
    for d in reversed([d for d in days if d.end <= lo]):
        if any(d.end <= t.start < lo for t in triggers):
            return None
        if 0 <= lo - d.end <= 2:
            return d.iso  # "UNAMA today closed its office", "the army yesterday took over"
        if len(sentence[d.end:lo].split()) <= 2 and (re.search(r"\b(?:on|in)\s+$", sentence[:d.start])
                                                     or sentence[d.start:d.end].lower().startswith("on ")):
            return d.iso  # "the coalition on 25 September started pulling out of ..."
        if len(sentence[d.end:lo].split()) <= 8 and _OPENS_CLAUSE.search(sentence[:d.start]):
            return d.iso
        comma = sentence.find(",", d.end)
        if 0 <= comma < lo and "," not in sentence[:d.start] and not any(
                t.start < comma for t in triggers):
            return d.iso  # "At a ceremony held in the camp on Friday, the governor ... returned"
        return None
    return None


_ANAPHORS = re.compile(rf"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){{0,4}}?(?P<head>{_HEAD})\b|"
                       rf"^It(?=\s+(?:was|has\s+been|had\s+been|will\s+be|is\s+to\s+be|is\s+due\s+to\s+be)\s)",
                       re.IGNORECASE)


def _anaphora(sentence: str, last: Mention, as_of: str | None, order: int) -> Mention | None:
    """ "The Barkhane force transferred the camp ... on Saturday": a place word without a name,
    acted on, right after a sentence that named one place: that place again."""
    triggers = _triggers(sentence, False)
    if not triggers:
        return None
    for m in _ANAPHORS.finditer(sentence):
        head = (m.group("head") or "").lower()
        if head.endswith("s") and not head.endswith("ss"):
            continue
        spot = _Spot(last.name, m.start(), m.end(), -1)
        trigger = _governing(sentence, spot, triggers)
        if trigger is not None:
            trigger = _with_status(sentence, trigger)
            break
    else:
        return None
    days = _days(sentence, as_of)
    date = _date_for(sentence, spot, trigger, [spot], triggers, days)
    status = trigger.status or "completed"
    if date and as_of and date > as_of and status == "completed":
        status = "planned"
    return Mention(last.name, last.key, trigger.action, status, date, sentence, order)


# -- one event per place -----------------------------------------------------------------------

_RANK = {"completed": 3, "started": 2, "planned": 1}
# a base left and handed over on the same day was handed over: the handover says more
_ACTION_RANK = {"handover": 0, "transfer": 0, "closure": 1, "withdrawal": 2, "drawdown": 3}


def _gather(mentions: list[Mention], taken: set[str]) -> list[Event]:
    by_key: dict[str, list[Mention]] = {}
    prefixes: dict[str, str] = {}  # every "-"-prefix of a key met -> that key
    for m in mentions:
        if m.key in taken and not m.date:
            continue
        key = _merge_key(m.key, by_key, prefixes)
        by_key.setdefault(key, []).append(m)
        parts = key.split("-")
        for n in range(1, len(parts)):
            prefixes.setdefault("-".join(parts[:n]), key)
    events = []
    for key, group in by_key.items():
        events.append(_event(key, group))
    return events


def _merge_key(key: str, known: dict[str, list[Mention]], prefixes: dict[str, str]) -> str:
    """The key of a place already met under a longer or shorter form of its name
    ("Timbuktu" and "Timbuktu camp" share "timbuktu"; "Kandahar Airfield" and "Kandahar")."""
    if key in known:
        return key
    if key in prefixes:  # met before under a longer name
        return prefixes[key]
    parts = key.split("-")
    for n in range(len(parts) - 1, 0, -1):  # met before under a shorter one
        shorter = "-".join(parts[:n])
        if shorter in known:
            return shorter
    return key


def _event(key: str, group: list[Mention]) -> Event:
    status = max((m.status for m in group), key=lambda s: _RANK.get(s, 0))
    same = [m for m in group if m.status == status]
    body = [m for m in same if not m.headline]
    dated = [m for m in body if m.date] or [m for m in same if m.date]
    pool = dated or body or same
    best = min(pool, key=lambda m: (_ACTION_RANK.get(m.action, 9), m.order))
    name = max((m.name for m in group), key=_name_weight)
    event = Event(key=key, name=name, date=best.date, action=best.action, status=status,
                  text=best.text)
    return replace(event, aliases=tuple(sorted({m.name for m in group} - {name}))[:0])


def _name_weight(name: str) -> tuple[int, int]:
    """The fullest name a place was given: with its facility word, then the longest."""
    facility = bool(re.search(_HEAD, name, re.IGNORECASE))
    return (facility, len(name))
