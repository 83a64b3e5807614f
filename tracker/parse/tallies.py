"""Tallies: headline figures stated in prose ("six bases have been transferred", "the fourth
camp returned so far", "handed over 494 of the 505 bases", "bringing to five the number of
positions vacated", "Locations transferred ...: 14") -> one `Count` per claim.

Input: the title and prose paragraphs of an edition, and its context (as-of date). Output:
`Count`s, each with its subject (a plural: "bases"), predicate (transferred, withdrawn, closed,
or None for a mere list: "the list of six bases") and value. Only counts of places are read,
by the site nouns of `tracker.vocabulary.site_nouns` (any kind of site: "six FOBs", "the third
observation point"): troops, casualties, vehicles or attacks never are, nor a date's or a year's
number. Two claims never merge under one key unless they tell one running total. It must
not compare counts with the items listed (that is `counts`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker import identity as _names
from tracker.memo import remembered
from tracker.model import PLANNED_TALLY, Count
from tracker.parse.sections import AS_OF
from tracker.parse.sentences import SPACES, sentence_spans
from tracker.parse.state import Context
from tracker.vocabulary.caseless import CaselessPattern
from tracker.vocabulary.dates import find_dates
from tracker.vocabulary.numbers import NUMBER_RE_SOURCE, ORDINAL_RE_SOURCE, ORDINALS, parse_number, parse_ordinal
from tracker.vocabulary.site_nouns import SITE_NOUN_RE_SOURCE, SITE_NOUNS
from tracker.vocabulary.site_nouns import plural as _plural
from tracker.vocabulary.verbs import VERB

_SUBJECT = r"(?P<subj>[a-z][a-z-]{2,})"
# a number with no named group, for a look-ahead beside a named one
_BARE_NUMBER = re.sub(r"\(\?P<\w+>", "(?:", NUMBER_RE_SOURCE)
_MOD = (rf"(?:(?:(?!(?i:{SITE_NOUN_RE_SOURCE}))(?-i:[A-Z][\w.-]*)|"
        r"(?i:coalition|military|more|other|foreign|former|major|key|"
        r"remaining|additional|large|small|main|strategic|regional|allied|joint|army|air|"
        r"forward|operating|combat|training|logistics|support|observation|team|temporary|"
        r"protection|field|patrol|border|company|battalion|outlying|smaller|larger|"
        # any adjective by its ending: "provincial", "northern", "overseas", "strategic"
        r"[a-z-]{2,}(?:al|ern|ary|ian|ic|ive|ese|ish|seas)|[a-z]{3,}ing|[a-z]{3,}ment))\s+){0,2}")
_PARTICIPLE = (r"(?!(?:scheduled|expected|planned|set|due|slated)\s+to\b)"  # "are scheduled to be handed"
               r"(?P<pred>(?:handed|turned|given|passed)\s+(?:over|back)|(?:gave|giving|given)\s+up|"
               r"handing\s+(?:over|back)|pulled\s+out|shut\s+down|took\s+over|took(?=\s+control\s+of)|"
               r"drawn\s+down|(?!been\b)[a-z]+(?:-[a-z]+)?(?:ed|wn|en)|left|shut|withdrew|gave|closed)")
_ADV = (r"(?:(?:now|so\s+far|already|also|officially|formally|fully|successfully|later|since|"
        r"subsequently|recently|eventually|finally|gradually|progressively)\s+)?")
# "seven of those bases", "41 of the 52 facilities": the part is the count
_OF_WHOLE = (r"(?:\s+of\s+(?:(?:the\s+)?[\w-]+['’]s|the|those|these|its|their)"
             r"(?:\s+(?:\d[\d,]*|(?:two|three|four|five|six|seven|"
             r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
             r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?))?)?")
# "137 British bases across the province were closed": where they are, between noun and verb
_WHERE_PHRASE = r"(?:\s+(?:in|across|at|on|along|inside|throughout)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
# whose they are, a participle and its agent: "the six sites used by the EFS have been returned"
_WHOSE_PHRASE = (r"(?:\s+(?:used|held|operated|occupied|run|leased|managed|manned)\s+by\s+"
                 r"(?:[\w'’-]+\s+){0,2}?[\w'’-]+)?")
# what a unit of land is of: "five parcels of land have been returned" counts parcels
_OF_LAND = r"(?:\s+of\s+(?:land|ground|terrain|property))?"
# what the counted places were meant for, between them and their verb: "All four parcels
# designated for immediate return have now been returned"
_MEANT_FOR = (r"(?:\s+(?:designated|earmarked|slated|identified|listed|marked|scheduled|set\s+aside|proposed)\s+for\s+"
              r"(?:[\w-]+\s+){0,2}?(?:return|handover|hand-over|transfer|closure|release)(?:\s+to\s+[\w-]+)?)?")
# what sets the counted places off before the verb: "Three more sites - A, B and C - are to
# follow", "the four centres, in A, B and C, will be handed over", "six sites (see below)"
_APPOSITION = (r"(?:\s*[-–—]\s+[^.;:()–—]{1,120}?\s+[-–—]|\s*\([^()]{1,120}\)|"
               r",\s+(?:in|at|near|along|across|including|namely|among\s+them)\s+[^.;:()]{1,120}?,)?")
# one more place named beside the counted ones: "four positions and the headquarters camp given up"
_AND_ONE = (rf"(?:\s+and\s+(?!{_BARE_NUMBER}\s)(?:(?:the|its|their|a|an)\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}?{SITE_NOUN_RE_SOURCE})?")
_COUNT_PASSIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}{_OF_LAND}{_AND_ONE}{_MEANT_FOR}{_WHOSE_PHRASE}{_WHERE_PHRASE}"
    rf"{_APPOSITION}\s+"
    rf"(?:(?:have|has|had)\s+{_ADV}been\s+|(?:were|was|are|is)\s+{_ADV}(?:being\s+)?|"
    rf"(?:are|is|were|was)\s+(?:due\s+|set\s+|scheduled\s+|expected\s+|planned\s+)?to\s+be\s+|"
    rf"(?:remain|remains|remained)\s+to\s+be\s+|"  # "ten sites remain to be handed over"
    rf"(?:will|would|should|could|must|may)\s+{_ADV}be\s+|"
    # "FOBs Closed: 3" is a label; "have been returned: Korat, Udorn" is a claim and its list
    rf"(?:have|has|had)\s+{_ADV})?{_ADV}{_PARTICIPLE}\b(?!\s*:\s*\**\d)",
    re.IGNORECASE,
)
# qualified: "9 vacated and closed sites ready for return"
_COUNT_QUALIFIED = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+(?P<pred>vacated|closed|returned|transferred|evacuated|"
    rf"abandoned|decommissioned)(?:\s+(?:and|or)\s+[a-z]+ed)?\s+{_MOD}{_SUBJECT}\b", re.IGNORECASE)
# planned in the active voice: "it will return 21 sites", "agreed to hand over six FOBs"
# what makes a stated count a plan, not a tally of what was done
_PLANNED_WORDS = re.compile(r"\b(?:to\s+be|will|would|shall|should|must|may)\b", re.IGNORECASE)
_COUNT_PLANNED = re.compile(
    rf"\b(?:will|to)\s+(?:\w+ly\s+)?(?P<pred>return|hand\s+over|hand\s+back|give\s+back|give\s+up|"
    rf"close|vacate|transfer|leave|withdraw\s+from|pull\s+out\s+of|evacuate|abandon|quit|dismantle|"
    rf"shut(?:\s+down)?|depart(?:\s+from)?)\s+(?:a\s+total\s+of\s+|some\s+|about\s+|another\s+|a\s+further\s+|all\s+|"
    rf"(?:the|its|their)\s+(?:last|remaining|final|other)\s+)?"
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}\b", re.IGNORECASE)
# "was forced to leave all 33 of its sites", "had to close six bases": done, not planned
_DONE_TO = re.compile(r"\b(?:(?:was|were|been)\s+(?:forced|compelled|obliged|made|able)|had|managed|"
                      r"began|started|went\s+on|continued)\s+$", re.IGNORECASE)
# the places that go, told without an object: "two of the five camps are to close in June",
# "Three more sites ... are to follow", "all six sites will go back to the state"
_COUNT_INTRANSITIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}{_WHERE_PHRASE}{_APPOSITION}\s+"
    rf"(?:(?P<when>(?:are|is|were|was)\s+(?:(?:now\s+)?(?:due|set|scheduled|expected|planned|slated)\s+)?to|"
    rf"will|would|shall|should)\s+)?{_ADV}"
    rf"(?P<pred>close[ds]?|shut|follow(?:ed)?|go\s+back|went\s+back|revert(?:ed)?)\b"
    # "will follow the same procedure", "will close their gates": a verb with an object
    rf"(?!\s+(?:the|a|an|their|its|this|that|these|those|his|her|our|up)\b)",
    re.IGNORECASE)
# the places meant for an action: "some 500 facilities for return", "30 installations are slated
# for return", "nine sites ready for handover"
_COUNT_FOR = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}{_WHERE_PHRASE}\s+(?:(?:are|is|were|was|have\s+been|"
    rf"had\s+been)\s+)?(?:(?:now\s+)?(?:ready|readied|prepared|cleared|earmarked|slated|scheduled|set\s+aside|"
    rf"designated|marked|listed|identified|proposed|due|up)\s+)?for\s+(?:(?:their|its)\s+)?"
    rf"(?P<pred>return|handover|hand-over|transfer|closure|release)\b", re.IGNORECASE)
# places readied for an action, which the action names: "30 installations are slated for return"
_READIED = frozenset({"slated", "earmarked", "designated", "identified", "proposed", "marked", "listed",
                      "readied", "prepared", "cleared", "scheduled", "set"})
_FOR_ACTION = re.compile(r"\s+for\s+(?:(?:their|its)\s+)?(?:[a-z]+\s+)?(?:return|handover|hand-over|transfer|closure|"
                         r"release)\b", re.IGNORECASE)
# the places a plan names, its verb in a clause after them: "the 80 facilities that the two
# governments agreed in 2002 to return", "the 12 sites it plans to hand over"
_COUNT_RELATIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}\s+(?:that\s+|which\s+)?(?:[\w'’-]+\s+){{1,4}}?"
    rf"(?:agreed|agree|agrees|plans?|planned|decided|promised|pledged|undertook|intends?|intended|"
    rf"is\s+(?:due|set)|are\s+(?:due|set))\s+(?:(?:in|on|by|at)\s+[\w,]+(?:\s+\d{{4}})?\s+)?to\s+"
    rf"(?P<pred>return|hand\s+over|hand\s+back|give\s+back|close|vacate|transfer|leave)\b", re.IGNORECASE)
# the count a sentence adds to its tally: "all 33 sites have been vacated, including ten team sites"
_INCLUDING = re.compile(rf"[^.;:]{{0,40}}?,?\s+including\s+(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}\b",
                        re.IGNORECASE)
# counted places joined before the counted ones that carry the verb: "Six helipads and four
# airstrips were closed"
_AND_BEFORE = re.compile(rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT},?\s+and\s+$",
                         re.IGNORECASE)
# a count told as more of the same: its own tally beside the running total ("three more sites")
_MORE_BEFORE = re.compile(r"\b(?:another|a\s+further|further|an\s+additional|additional)\s+$", re.IGNORECASE)
_MORE_AFTER = re.compile(r"\s+(?:more|further|additional)\b", re.IGNORECASE)
# a second count joined to the first: "vacated 60 army camps and 10 air bases"
_AND_MORE = re.compile(rf"\s*(?:,?\s+and|,)\s+(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}\b", re.IGNORECASE)
# what may stand between a verb and its count: "a total of", "all", "the last", "some", "a further"
_HOW_MANY = (r"(?:a\s+total\s+of\s+|all\s+|(?:its|their|the|his|her|our)\s+(?:last|final|remaining)\s+|"
             r"(?:the|its|their)\s+|(?:some|about|around|nearly|almost|roughly|approximately|more\s+than|"
             r"over|at\s+least|up\s+to|another|a\s+further)\s+)?")
# places left as they are: "it leaves four bases open", "left two posts manned"
_KEPT = (r"(?!\s+(?:open|intact|in\s+place|behind|standing|operational|manned|running|active)\b"
         # "cleared 500 facilities for return": readied for the action, which `_COUNT_FOR` reads
         r"|\s+for\s+(?:(?:their|its)\s+)?(?:return|handover|hand-over|transfer|closure|release)\b)")
_COUNT_ACTIVE = re.compile(
    rf"\b{_PARTICIPLE}\s+(?:from\s+|out\s+of\s+|over\s+|back\s+|control\s+of\s+|in\s+)?"
    rf"{_HOW_MANY}(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}\b{_KEPT}",
    re.IGNORECASE,
)
# a headline's present: "Mission hands over 5 more camps", "UN closes 3 bases in the north"
_COUNT_PRESENT = re.compile(
    rf"\b(?P<pred>hands\s+(?:over|back)|returns|closes|vacates|transfers|leaves|quits|evacuates|abandons|"
    rf"gives\s+(?:up|back)|pulls\s+out\s+of|withdraws\s+from|shuts(?:\s+down)?|takes\s+over|dismantles)\s+"
    rf"{_HOW_MANY}(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}\b{_KEPT}", re.IGNORECASE)
# an action told by its noun: "the closure of all 61 of its field offices", "the handover of six bases"
_COUNT_NOUN = re.compile(
    rf"\b(?P<pred>closure|handover|hand-over|transfer|return|withdrawal|evacuation|pull-?out|departure|"
    rf"relocation|retrocession|restitution|reversion|dismantling|decommissioning|demolition|abandonment|"
    rf"pullback|pull-back)\s+(?:of|(?P<from>from))\s+"
    rf"(?:all\s+|(?:the|its|their)\s+(?:last\s+|remaining\s+|final\s+|other\s+)?|a\s+further\s+|another\s+)?"
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{_MOD}{_SUBJECT}\b",
    re.IGNORECASE,
)
# a second count under the first count's noun: "seven bases transferred, two closed", "... to the
# government and two others were closed"
_THEN_MORE = re.compile(
    rf"[^.;:,()]{{0,60}}?(?:,\s*(?:and\s+|while\s+)?|\s+(?:and|while)\s+)(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"(?:others?\s+|more\s+)?(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|"
    rf"(?:will|would|should)\s+be|(?:are|is)\s+(?:(?:due|set|scheduled|expected|planned)\s+)?to\s+be|"
    rf"remain\s+to\s+be)\s+)?{_PARTICIPLE}\b(?!\s*:)", re.IGNORECASE)
# a plan for more of the same told after a count: "has closed nine team sites and plans to close
# four more by June"
_PLANS_MORE = re.compile(
    rf"[^.;:()]{{0,40}}?\b(?:and|while|but)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:plans|intends|aims|expects|is\s+(?:due|set|expected)|"
    rf"will|hopes)\s+(?:to\s+)?(?P<pred>close|vacate|hand\s+over|return|transfer|leave|withdraw\s+from)\s+"
    rf"(?:a\s+further\s+|another\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+(?:more|others?|further)\b", re.IGNORECASE)
# an action noun's plan told after it: "the handover of the last three outposts is due in May"
_NOUN_DUE = re.compile(r"[^.;:]{0,40}?\b(?:is|are)\s+(?:now\s+)?(?:due|scheduled|expected|planned|set)\b"
                       r"|[^.;:]{0,40}?\b(?:will|would|shall)\b", re.IGNORECASE)
# an action noun a plan names before it: "the plan foresees the closure of 20 bases" (not "the
# committee agreed the return of three sites": agreeing the return is returning them)
_NOUN_PLANNED = re.compile(r"\b(?:plans?|planned|calls?\s+for|called\s+for|foresees?|foresaw|envisag\w+|"
                           r"propos\w+|agreement\s+on|schedules?|scheduled|timetable\s+for|"
                           r"expects?|expected)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# the whole told first: "Of the 30 installations, 22 have been transferred"
_WHOLE_FIRST = re.compile(
    rf"\b[Oo]f\s+(?:the|its|their|(?:the\s+)?[\w-]+['’]s)\s+(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+{_MOD}{_SUBJECT}\s*,\s*(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"(?:(?:have|has|had)\s+{_ADV}been\s+|(?:were|was|are|is)\s+{_ADV}|(?:are|is)\s+(?:due\s+|set\s+|scheduled\s+)?"
    rf"to\s+be\s+|(?:will|would)\s+be\s+)?{_ADV}{_PARTICIPLE}\b", re.IGNORECASE)
_COUNT_LIST = re.compile(
    # the whole a last one belongs to: "Batumi was the last of the four Soviet-era bases"
    rf"\b(?:(?:list|total|tally|number|all)\s+(?:of\s+)?(?:the\s+)?|last\s+of\s+(?:(?:the|its|their)\s+)?)"
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"{_MOD}{_SUBJECT}\b",
    re.IGNORECASE,
)
# every number of the sentence, where the counts' own numbers start (`_LABELLED`'s digits too)
_NUMBER = CaselessPattern(re.compile(NUMBER_RE_SOURCE, re.IGNORECASE), NUMBER_RE_SOURCE)
_PART_OF = re.compile(rf"(?<![\w,.])(?P<part>{NUMBER_RE_SOURCE})\s+(?:out\s+)?of\s+(?:(?:the|its|their)\s+)?"
                      r"(?:(?:remaining|other|last|original)\s+)?$",
                      re.IGNORECASE)
_PRED_LEMMA = {
    "transferred": "transferred", "handed over": "transferred", "handed back": "transferred",
    "turned over": "transferred", "given back": "transferred", "passed over": "transferred",
    "returned": "transferred", "gave": "transferred",
    "withdrawn": "withdrawn", "withdrew": "withdrawn", "vacated": "withdrawn",
    "left": "withdrawn", "evacuated": "withdrawn", "pulled out": "withdrawn",
    "abandoned": "withdrawn", "exited": "withdrawn", "departed": "withdrawn",
    "pulled": "withdrawn", "emptied": "withdrawn", "changed": "transferred", "relinquished": "withdrawn",
    "ceded": "transferred", "released": "transferred", "removed": "closed", "demolished": "closed",
    "razed": "closed", "deactivated": "closed", "inactivated": "closed", "mothballed": "closed",
    "closed": "closed", "shut": "closed", "shut down": "closed", "decommissioned": "closed",
    "gave up": "withdrawn", "giving up": "withdrawn", "given up": "withdrawn",
    "handing over": "transferred", "handing back": "transferred", "handed": "transferred", "given": "transferred",
    "took over": "transferred", "taken over": "transferred", "dismantled": "closed",
    "return": "transferred", "hand over": "transferred", "hand back": "transferred",
    "give back": "transferred", "give up": "withdrawn", "close": "closed", "vacate": "withdrawn",
    "transfer": "transferred", "leave": "withdrawn", "withdraw": "withdrawn", "pull out": "withdrawn",
    "evacuate": "withdrawn", "abandon": "withdrawn", "quit": "withdrawn", "depart": "withdrawn",
    "dismantle": "closed", "take over": "transferred", "took": "transferred",
    "closure": "closed", "handover": "transferred", "hand-over": "transferred",
    "withdrawal": "withdrawn", "evacuation": "withdrawn", "pullout": "withdrawn",
    "pull-out": "withdrawn", "departure": "withdrawn", "relocation": "withdrawn",
    "retrocession": "transferred", "restitution": "transferred", "reversion": "transferred",
    "dismantling": "closed", "decommissioning": "closed", "demolition": "closed",
    "abandonment": "withdrawn", "pullback": "withdrawn", "pull-back": "withdrawn",
    "retroceded": "transferred", "restituted": "transferred", "reverted": "transferred",
}
_NOT_SUBJECTS = {"percent", "per", "years", "year", "months", "month", "weeks", "week", "days",
                 "day", "hours", "times", "miles", "kilometres", "kilometers", "km", "and", "of",
                 "the"}
_POSTED_IN = re.compile(r"\b(?:stationed|based|deployed|garrisoned|spread|housed)\s+(?:in|at|across|"
                        r"over|among)\s+(?:some\s+|about\s+|around\s+|nearly\s+)?$", re.IGNORECASE)
_NOT_PREDICATES = {"need", "used", "based", "expected", "scheduled", "planned", "set",
                   "reported", "said", "stated", "thought", "believed", "estimated", "located",
                   "stationed", "deployed", "hosted", "seen", "been",
                   "open",
                   # who holds a place is unchanged: "Turkey was allotted 12 posts", "80 posts are
                   # affected" (posts as jobs)
                   "affected", "allotted", "allocated", "assigned", "involved", "concerned",
                   "included", "visited", "inspected", "surrounded", "besieged", "escaped",
                   # posts made stronger, or taken by force, are no drawdown either
                   "reinforced", "strengthened", "expanded", "upgraded", "renovated", "refurbished",
                   "modernised", "modernized", "enlarged", "fortified", "protected", "defended",
                   "secured", "guarded", "patrolled", "captured", "seized", "stormed", "mentioned",
                   "injured", "wounded", "killed", "damaged", "hit",
                   # "the closure of 12 sites was completed": the action's progress, told by its noun
                   "completed", "finished", "concluded",
                   # posts set up are no tally of a drawdown
                   "established", "built", "opened", "created", "manned", "occupied", "held",
                   "erected", "constructed", "installed", "added", "maintained", "kept",
                   # posts under fire are not given up
                   "attacked", "shelled", "targeted", "raided", "struck", "overrun"}
# the subjects that count places: a count of anything else (troops, vehicles) is no tally
PLACE_SUBJECTS = SITE_NOUNS
# "the fourth camp returned", "the second of its nine bases", "its second outpost"
_PLACE_NOUN = rf"(?P<subj>(?:team\s+)?{SITE_NOUN_RE_SOURCE})"
# a site noun that only qualifies the noun after it: "the first base commander", "its second
# camp guard" (a rank of the action, "the third base closure", is `_ORDINAL_ACTION`'s)
_NOUN_AFTER = (r"(?!\s+(?:commanders?|chiefs?|staff|personnel|workers|employees|residents|closures?|"
               r"handovers?|security|perimeter|gates?|guards?|agreements?|budget|police|defen[cs]e|clinic)\b)")
_ORDINAL = re.compile(
    rf"(?:\b(?:the|its|their)\s+|(?:^|[,:;(]\s*))(?P<ord>{ORDINAL_RE_SOURCE})(?!\s+{_BARE_NUMBER})"
    rf"(?:\s+and\s+(?:last|final))?\s+"
    rf"(?:of\s+(?:the\s+|its\s+|their\s+)?(?:[\w.'’-]+['’]s\s+)?(?:{NUMBER_RE_SOURCE}\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?|(?:[\w'’-]+\s+){{0,2}}?)(?i:{_PLACE_NOUN})\b{_NOUN_AFTER}",
    re.IGNORECASE,
)
# a rank told of the action, not the place: "the second land return carried out under the plan",
# "the first handover of a team site": a kind of site or land before the noun, or a site after it
_ACTION_NOUNS = (r"handovers?|hand-overs?|returns?|transfers?|closures?|withdrawals?|evacuations?|"
                 r"pull-?outs?|departures?|reversions?")
_ORDINAL_ACTION = re.compile(
    rf"(?:\b(?:the|its|their)\s+|(?:^|[,:;(]\s*))(?P<ord>{ORDINAL_RE_SOURCE})(?!\s+{_BARE_NUMBER})\s+"
    rf"(?:(?P<kind>(?:[\w-]+\s+){{0,2}}?(?:{SITE_NOUN_RE_SOURCE}|land|such))\s+(?P<act>{_ACTION_NOUNS})\b"
    rf"|(?P<act2>{_ACTION_NOUNS})\s+of\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_PLACE_NOUN})(?![\w-])",
    re.IGNORECASE)
# a rank whose noun the sentence's site gives: "Camp Kilo is the third to be handed over",
# "Post Amber became the fifth to close"
_ORDINAL_ELIDED = re.compile(
    rf"\bthe\s+(?P<ord>{ORDINAL_RE_SOURCE})(?:\s+and\s+(?:last|final))?\s+(?:one\s+)?to\s+(?:be\s+)?(?:{_ADV})"
    rf"(?P<pred>handed\s+(?:over|back)|returned|transferred|closed|close|shut|vacated|evacuated|abandoned|"
    rf"withdrawn|leave|left|change\s+hands|revert|go\s+back)\b", re.IGNORECASE)
_SITE_HEAD = re.compile(rf"\b(?-i:[A-Z][a-z]+\s+)?(?P<head>{SITE_NOUN_RE_SOURCE})", re.IGNORECASE)
_SHARE = (  # "handed over 494 of the 505 bases", "135 of the 137 bases ... have now been closed"
    re.compile(rf"\b{_PARTICIPLE}\s+(?:\w+\s+){{0,2}}?(?P<num>{NUMBER_RE_SOURCE})\s+of\s+"
               rf"(?:the|its|their)\s+[\d,]+\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b",
               re.IGNORECASE),
    re.compile(rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE})\s+of\s+(?:the|its|their)\s+[\d,]+\s+"
               rf"(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b[^.;]{{0,80}}?\b(?:have|has)\s+"
               rf"(?:now\s+|already\s+)?been\s+{_PARTICIPLE}", re.IGNORECASE),
)
# a label and its figure: "Handed over: 20 FOBs"
_LABELLED = re.compile(
    rf"\b(?P<pred>handed\s+over|handed\s+back|transferred|closed|returned|vacated|withdrawn|handovers?|"
    rf"hand-overs?|closures?|returns|transfers|withdrawals)(?:\s+(?![\d-])[\w()]+){{0,3}}?\s*(?::|\s[-–—])\s*"
    rf"(?P<num>\d{{1,5}})(?:\s+(?:out\s+)?of\s+\d{{1,5}})?\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b", re.IGNORECASE)
_MORE_ACTIONS = re.compile(r"\b(?:(?:gave|giv(?:e|es|en|ing))\s+up|surrender(?:ed|s)?|handed|"
                           r"change[sd]?\s+hands|pass(?:ed|es)?\s+to|ced(?:e|ed|es))\b", re.IGNORECASE)
# a cheap test for a rank ("fourth", "12th"), searched case-sensitively in lower-cased text
_ORDINAL_WORD = CaselessPattern(
    re.compile(rf"\b{ORDINAL_RE_SOURCE}\b", re.IGNORECASE),
    rf"(?=[{''.join(sorted({w[0] for w in ORDINALS}))}0-9])\b{ORDINAL_RE_SOURCE}\b")
_SHARE_HINT = re.compile(r"\bof\s+(?:the|its|their)\s+\d")
_FIGURE = re.compile(  # "Locations transferred to the Government since 1 January 2021: 14"
    rf"(?i:{_PLACE_NOUN})\s+(?:[\w-]+\s+){{0,2}}?{_PARTICIPLE}\b[^:.;]{{0,60}}:\s*\**"
    rf"(?P<num>\d{{1,4}})\b", re.IGNORECASE)
_BRINGING = (
    re.compile(  # "bringing to five the number of positions vacated"
        rf"\b(?:bring(?:s|ing)?|brought)\s+(?:the\s+(?:total|number|tally|count)\s+)?to\s+(?P<num>{NUMBER_RE_SOURCE})"
        rf"(?:\s+the\s+(?:total\s+)?(?:number|total|tally)\s+of\s+(?:[\w-]+\s+){{0,2}}?"
        rf"(?i:{_PLACE_NOUN}))?", re.IGNORECASE),
    re.compile(  # "the number of facilities handed over ... remains five"
        rf"\b(?:number|total|tally)\s+of\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\s+"
        rf"[^.;]{{0,80}}?\b(?:remains|stands\s+at|rose\s+to|reached|is\s+now|is|to)\s+"
        rf"(?P<num>{NUMBER_RE_SOURCE})\b", re.IGNORECASE),
)


@dataclass
class _CountDraft:
    subject: str
    predicate: str | None
    value: int
    as_of: str | None
    text: str
    own: bool = False  # a tally of its own beside a running total: "three more sites"


# in lower-cased text, a plural place noun (the first-letter test skips most positions) and a
# number near it
_PLURAL_PLACE = re.compile(rf"(?=[{''.join(sorted({w[0] for w in PLACE_SUBJECTS}))}])\b(?:"
                           + "|".join(sorted(PLACE_SUBJECTS)) + r")\b")
_NUMBER_WORD = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|all)\b")


@remembered(4096)
def _may_tally(item: str) -> bool:
    """A cheap test for a list item: a number a few words before or after a plural place noun
    ("nine sites in the north", "Locations transferred since 1 May: 14")."""
    low = item.lower()
    return any(_NUMBER_WORD.search(low, max(0, m.start() - 40), m.end() + 60)
               for m in _PLURAL_PLACE.finditer(low))

_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
_OWNED = re.compile(r"\b(?:the|its|their)\b", re.IGNORECASE)
# "one of the four installations": a share of a whole the text counts, a tally of one
_OF_COUNTED = re.compile(rf"\s+of\s+(?:the|its|their)\s+(?:[a-z]+\s+)?{_BARE_NUMBER}", re.IGNORECASE)
# the whole a rank is of: "the fifth of seven sites returned so far" tallies five, not seven
_RANK_OF = re.compile(rf"\b{ORDINAL_RE_SOURCE}\s+of\s+(?:(?:the|its|their)\s+)?(?:[\w.'’-]+['’]s\s+)?$",
                      re.IGNORECASE)
_ALL_BUT = re.compile(r"\ball\s+but\s+$", re.IGNORECASE)


def read_tallies(texts: Sequence[str], ctx: Context, items: Sequence[str] = ()) -> list[Count]:
    """The counts of places the texts state, one per claim, each as of the date its sentence
    gives ("as of 3 May") or the edition's; list items state them too ("- Nine sites have been
    handed over since March 2020"), read only when they name places in the plural (a cheap test:
    most items tell one place)."""
    drafts: list[_CountDraft] = []
    for text in [*texts, *(i for i in items if _may_tally(i))]:
        before = ""
        for s, e in sentence_spans(text):
            sentence = text[s:e].strip()
            drafts.extend(_sentence_counts(sentence, ctx, _antecedent(sentence, before)))
            before = sentence
    return _merge_counts(drafts)


def _antecedent(sentence: str, before: str) -> str:
    """The places "them" stands for in "closed nine of them", named in the sentence before
    ("The mission had 13 camps."); none when the sentence names places itself."""
    if " of them" not in sentence or not before or _PLURAL_PLACE.search(sentence.lower()):
        return ""
    found = _PLURAL_PLACE.findall(before.lower())
    return found[-1] if found else ""


def _sentence_counts(sentence: str, ctx: Context, antecedent: str = "") -> list[_CountDraft]:
    """The claims of one sentence, with the date they are stated as of."""
    if len(sentence) > 2000 or not re.search(r"\d|[a-z]", sentence):
        return []
    dates = find_dates(sentence, as_of=ctx.as_of)
    claims = _claims(sentence, tuple((d.start, d.end) for d in dates), antecedent)
    if not claims:
        return []
    stated = next((d.iso for d in dates if d.iso and AS_OF.search(
        sentence[max(0, d.start - 20): d.start])), None)
    return [_CountDraft(subject, predicate, value, stated or ctx.as_of, sentence, own)
            for subject, predicate, value, own in claims]


def _ranked_tallies(sentence: str, spans: tuple[tuple[int, int], ...] = ()) -> list[tuple[str, str | None, int]]:
    """Base tallies told by rank or by a running total: "the fourth camp returned so far",
    "the second of its nine bases", "bringing to five the number of positions vacated" (only
    in a sentence that tells an action, so "the first camp built" counts nothing)."""
    verb = VERB.search(sentence)
    if verb is None and _ORDINAL_WORD.search(sentence):  # "the second base ... to change hands"
        verb = _MORE_ACTIONS.search(sentence)  # "gave up", "passed to Iraqi control" tell one too
    if verb is None:
        return []
    word = SPACES.sub(" ", verb.group(0).lower())
    pred = _PRED_LEMMA.get(word, "withdrawn" if word.endswith(" up") or word.startswith("surr")
                           else "transferred")
    out = []
    if _ORDINAL_WORD.search(sentence):  # cheap tests first: most sentences tell no tally
        for m in _ORDINAL.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            if value is not None:
                out.append((_plural(m.group("subj").split()[-1]), pred, value))
        for m in _ORDINAL_ELIDED.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            head = _SITE_HEAD.search(sentence, 0, m.start())
            own = SPACES.sub(" ", m.group("pred").lower())
            lemma = _INTRANSITIVE_LEMMA.get(own) or _PRED_LEMMA.get(own, pred)
            if value is not None and head is not None:  # "the first to leave the room": no site
                out.append((_plural(head.group("head")), lemma, value))
        for m in _ORDINAL_ACTION.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            act = (m.group("act") or m.group("act2")).lower().rstrip("s").replace("-", "")
            noun = m.group("subj") or m.group("kind").split()[-1]
            if value is not None:
                out.append((_plural(noun) if _plural(noun) in PLACE_SUBJECTS else "sites",
                            _PRED_LEMMA.get(act, "transferred"), value))
    low = sentence.lower()
    patterns = [*(_BRINGING if ("bring" in low or "brought" in low or "number of" in low or "total of" in low
                                or "tally of" in low) else ()),
                *(_SHARE if _SHARE_HINT.search(sentence) else ()),
                *((_FIGURE,) if ":" in sentence else ())]
    for m in (m for pattern in patterns for m in pattern.finditer(sentence)):
        if any(s <= m.start("num") < e for s, e in spans):
            continue  # "Posted on: 29 April": a date's number
        value = parse_number(m.group("num"))
        subject = m.group("subj") or "bases"
        own = SPACES.sub(" ", (m.groupdict().get("pred") or "").lower())  # "FOBs closed: 3"
        if value is not None and value < 10_000:
            out.append((_plural(subject.split()[-1]), _PRED_LEMMA.get(own, pred), value))
    return out


# the places a copula names: "The four properties are A, B, C and D", "The six sites in the
# city are ...": a count of places, no action
_COUNT_COPULA = re.compile(
    rf"^\W*(?:the|these|those)\s+(?P<num>{NUMBER_RE_SOURCE})\s+{_MOD}{_SUBJECT}{_WHERE_PHRASE}\s+"
    rf"(?:are|were|include|included|comprise|comprised)\s*(?=(?-i:[A-Z])|the\b|what\b|:)", re.IGNORECASE)
# a count of places the sentence names by a pronoun: "it had closed nine of them, including
# the camps at A and B" counts camps
_COUNT_OF_THEM = (
    re.compile(rf"\b{_PARTICIPLE}\s+(?:(?:all|only|just)\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+of\s+them\b",
               re.IGNORECASE),
    re.compile(rf"(?P<num>{NUMBER_RE_SOURCE})\s+of\s+them\s+(?:(?:have|has|had)\s+{_ADV}been\s+|"
               rf"(?:were|was|are|is)\s+{_ADV})?{_ADV}{_PARTICIPLE}\b", re.IGNORECASE))
_PATTERNS = (_LABELLED, _COUNT_PASSIVE, _COUNT_ACTIVE, _COUNT_PRESENT, _COUNT_LIST, _COUNT_PLANNED, _COUNT_QUALIFIED,
             _COUNT_NOUN, _WHOLE_FIRST, _COUNT_INTRANSITIVE, _COUNT_FOR, _COUNT_RELATIVE, _COUNT_COPULA)
# what a count of places that go without an object says they do
_INTRANSITIVE_LEMMA = {"close": "closed", "closes": "closed", "closed": "closed", "shut": "closed",
                       "go back": "transferred", "went back": "transferred", "revert": "transferred",
                       "reverted": "transferred"}
_FOR_LEMMA = {"release": "transferred"}
# "the places that follow" do what the sentence's other verb says
_FOLLOW = frozenset({"follow", "followed"})


def _matches(sentence: str, antecedent: str = "") -> list[tuple[re.Match[str], re.Pattern[str], str | None, str, bool]]:
    """Every candidate count of the sentence: its match, pattern, predicate, subject and whether
    it is a tally of its own beside any running total (joined by "including")."""
    out = []
    for pattern in _PATTERNS:
        found = [(m, pattern, m.groupdict().get("pred"), m.group("subj"), False)
                 for m in pattern.finditer(sentence)]
        if pattern in (_COUNT_ACTIVE, _COUNT_PLANNED, _COUNT_PRESENT):  # "vacated 60 army camps and 10 air bases"
            found += [(more, pattern, m.group("pred"), more.group("subj"), False) for m, *_ in found
                      if (more := _AND_MORE.match(sentence, m.end())) is not None]
            found += [(more, _COUNT_PLANNED, more.group("pred"), subj, True) for m, _, _, subj, _ in found
                      if (more := _PLANS_MORE.match(sentence, m.end())) is not None]
        elif pattern is _COUNT_PASSIVE:  # "seven bases transferred, two closed": the same noun
            found += [(more, pattern, more.group("pred"), subj, False) for m, _, _, subj, _ in found
                      if (more := _THEN_MORE.match(sentence, m.end())) is not None]
            # "Six helipads and four airstrips were closed": the first shares the verb
            found += [(before, pattern, m.group("pred"), before.group("subj"), False) for m, _, _, subj, _ in found
                      if _plural(subj) in PLACE_SUBJECTS
                      and (before := _AND_BEFORE.search(sentence, max(0, m.start() - 60), m.start()))]
        if pattern in (_COUNT_PASSIVE, _COUNT_ACTIVE, _COUNT_PRESENT):  # "..., including ten team sites"
            found += [(inc, pattern, pred, inc.group("subj"), True) for m, _, pred, _, _ in found
                      if (inc := _INCLUDING.match(sentence, m.end())) is not None]
        out.extend(found)
    if " of them" in sentence:
        noun = _PLURAL_PLACE.search(sentence.lower())
        noun_text = noun.group(0) if noun else antecedent
        out.extend((m, _COUNT_ACTIVE, m.group("pred"), noun_text, False)
                   for pattern in (_COUNT_OF_THEM if noun_text else ()) for m in pattern.finditer(sentence))
    return out


def _lemma(m: re.Match[str], pattern: re.Pattern[str], pred: str | None, sentence: str) -> str | None:
    """The predicate of a count, "to be ..." when it is planned; None for a list's count."""
    pred = SPACES.sub(" ", pred.lower()) if pred else None
    if pred is not None and pattern in (_COUNT_PRESENT, _COUNT_PLANNED):  # "hands over", "withdraw from"
        first, _, rest = pred.partition(" ")
        pred = " ".join([first[:-1] if pattern is _COUNT_PRESENT else first,
                         *(w for w in rest.split() if w not in ("from", "of"))])
    if pred is None or pred in _NOT_PREDICATES:
        return None if pred is None else ""
    if pattern is _COUNT_INTRANSITIVE and pred in _FOLLOW:
        verb = next((v for v in VERB.finditer(sentence) if not v.group(0).lower().startswith("follow")), None)
        pred = SPACES.sub(" ", verb.group(0).lower()) if verb else "transferred"
        lemma = _PRED_LEMMA.get(pred, "transferred")
    else:
        lemma = (_INTRANSITIVE_LEMMA.get(pred) or _FOR_LEMMA.get(pred) or _PRED_LEMMA.get(pred)
                 or _PRED_LEMMA.get(pred.rstrip("s"), pred))  # "Handovers completed: 7 sites"
    planned = (pattern in (_COUNT_FOR, _COUNT_RELATIVE)
               or pattern is _COUNT_PLANNED and not _DONE_TO.search(sentence, max(0, m.start() - 40), m.start())
               or pattern is _COUNT_INTRANSITIVE and m.group("when") is not None
               or pattern not in (_COUNT_PLANNED, _COUNT_INTRANSITIVE) and _PLANNED_WORDS.search(m.group(0))
               or pattern is _COUNT_NOUN and (_NOUN_DUE.match(sentence, m.end()) is not None
                                              or _NOUN_PLANNED.search(sentence, max(0, m.start() - 60), m.start())))
    return f"{PLANNED_TALLY} {lemma}" if planned else lemma


# any site noun, searched in lower-cased text (the first-letter test skips most positions)
_ANY_SITE_NOUN = re.compile(rf"(?=[{''.join(sorted({w[0] for w in SITE_NOUNS}))}])\b{SITE_NOUN_RE_SOURCE}")


@remembered(4096)
def _claims(sentence: str, spans: tuple[tuple[int, int], ...],
            antecedent: str = "") -> tuple[tuple[str, str | None, int, bool], ...]:
    """(subject, predicate, value, own) of each count of places the sentence states, its dates'
    numbers aside: troops, casualties, vehicles or attacks are never a count of bases; `own`
    marks a count that is a tally of its own beside a running total ("three more sites",
    "including ten team sites"). One number is one count: the first pattern that reads it wins.
    Cached: successive editions repeat their sentences, with other as-of dates."""
    out = [(subject, pred, value, False) for subject, pred, value in _ranked_tallies(sentence, spans)]
    if all(any(s <= n.start() and n.end() <= e for s, e in spans) for n in _NUMBER.finditer(sentence)):
        return tuple(out)  # a cheap test first: every count below needs a number not in a date
    if not antecedent and _ANY_SITE_NOUN.search(sentence.lower()) is None:
        return tuple(out)  # and a site noun: "12 vehicles" counts nothing
    read: set[int] = set()
    for m, pattern, pred, subject, own in _matches(sentence, antecedent):
        if m.groupdict().get("from") and pred.lower() not in _LEAVING_NOUNS:
            continue  # "the handover from 12 bases": from whom, not of what
        num_start = m.start("num")
        if num_start in read:
            continue
        if any(s <= num_start < e for s, e in spans) or _ALL_BUT.search(sentence, 0, num_start):
            continue  # a date's number, or "all but two bases": the two are the ones left
        if _RANK_OF.search(sentence, max(0, num_start - 40), num_start):
            continue  # the whole of a rank: the rank is the tally (`_ranked_tallies`)
        if _POSTED_IN.search(sentence, max(0, num_start - 40), num_start):
            continue  # "troops were stationed in 59 garrisons": where they were, no drawdown
        value = parse_number(m.group("num"))
        part = _PART_OF.search(sentence[:num_start])
        if part is not None and value is not None:
            if pattern is _COUNT_RELATIVE:
                continue  # "69 of the 80 facilities they agreed to return have been returned"
            if parse_number(part.group("part")) == 1 and not _OWNED.search(part.group(0)):
                continue  # "one of two border posts": which one, no tally ("one of the four": a share)
            whole, value = value, parse_number(part.group("part"))
            if value is None or value > whole:
                continue  # "7 of 8 bases have been handed over": the count is 7, not 8
        elif value == 1 and _OF_NEXT.match(sentence, m.end("num")) and not _OF_COUNTED.match(sentence, m.end("num")):
            continue  # "gave up one of its sites": which one, no tally ("one of the four": a share)
        subject = subject.lower()
        if value is None or subject in _NOT_SUBJECTS or value > 1_000_000:
            continue
        if value != 1 and not subject.endswith("s"):
            continue
        if _plural(subject) not in PLACE_SUBJECTS:
            continue  # troops, peacekeepers, vehicles, attacks: never a count of bases
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num").strip()):
            continue  # a year, never a count
        if pattern is not _COUNT_FOR and (pred or "").lower() in _READIED and _FOR_ACTION.match(sentence, m.end()):
            continue  # "slated for return": what they are meant for says the action (`_COUNT_FOR`)
        lemma = _lemma(m, pattern, pred, sentence)
        if lemma == "":
            continue  # posts established, built, manned: no drawdown
        if lemma is not None:
            read.add(num_start)  # a list's count ("a total of 12") leaves the number to a claim
        own = own or pattern is _COUNT_COPULA or bool(_MORE_BEFORE.search(sentence, max(0, num_start - 20), num_start)
                          or _MORE_AFTER.match(sentence, m.end("num")))
        out.append((_plural(subject), lemma, value, own))
    return tuple(out)


_LEAVING_NOUNS = frozenset({"withdrawal", "pullout", "pull-out", "departure", "relocation", "pullback",
                            "pull-back"})


_KIND_BEFORE = re.compile(r"\b([a-z]{3,})\s+$")
_NOT_KINDS = frozenset({"the", "its", "their", "all", "more", "other", "remaining", "last", "final",
                        "additional", "former", "those", "these", "some", "about", "another", "further"})


def _kinds(d: _CountDraft) -> set[str]:
    """The lower-case words right before the count's noun in its sentence ("team" of "the 11
    team sites"): the kind of place it counts, numbers and determiners aside."""
    low = d.text.lower()
    out = set()
    for m in re.finditer(rf"\b{re.escape(d.subject)}\b", low):
        word = _KIND_BEFORE.search(low, max(0, m.start() - 20), m.start())
        if word and word.group(1) not in _NOT_KINDS and not _NUMBER_WORD.fullmatch(word.group(1)):
            out.add(word.group(1))
    return out


def _kinds_differ(a: _CountDraft, b: _CountDraft) -> bool:
    """Two counts of one noun that name different kinds of it (team sites, deployment sites)."""
    ka, kb = _kinds(a), _kinds(b)
    return bool(ka) and bool(kb) and not ka & kb


def _planned(d: _CountDraft) -> bool:
    return bool(d.predicate) and d.predicate.startswith(f"{PLANNED_TALLY} ")


def _merge_counts(drafts: Sequence[_CountDraft]) -> list[Count]:
    """One count per claim: a list-style mention ("the list of six bases") joins the stated
    claim with the same subject and value."""
    counts: dict[str, _CountDraft] = {}
    for d in drafts:
        if d.predicate is None or d.own:
            continue
        if any(c.value == d.value and c.subject != d.subject and c.predicate == d.predicate
               for c in counts.values()):
            continue  # one figure told again under another noun ("seven bases" ... "the seven sites")
        if _planned(d) and any(_planned(c) and c.subject == d.subject and c.value == d.value
                               for c in counts.values()):
            continue  # one plan told again with another verb ("to close three bases" ... "the
            # pullout from the three bases"): an edition states a plan once
        key = _names.slugify(f"{d.subject} {d.predicate}")
        same = counts.get(key)
        if same is not None and same.text == d.text and same.value != d.value:
            # two tallies of one sentence ("six observation posts and 15 temporary posts
            # closed") never merge under one key
            key = _names.slugify(f"{d.subject} {d.predicate} {d.value}")
        if same is not None and same.text != d.text and _kinds_differ(same, d):
            key = _names.slugify(f"{d.subject} {d.predicate} {d.value}")  # "ten of the 11 team
            same = counts.get(key)  # sites" and "its 33 deployment sites": two kinds of site
        if same is not None and same.text != d.text and d.value > same.value:
            counts[key] = d  # "returned its last two sites ... all six sites have been returned":
            continue  # within one edition a running total only grows; the larger is the tally
        counts.setdefault(key, d)
    done = {(c.subject, c.predicate, c.value) for c in counts.values() if not _planned(c)}
    for key in [k for k, c in counts.items() if _planned(c)
                and (c.subject, c.predicate.removeprefix(f"{PLANNED_TALLY} "), c.value) in done]:
        del counts[key]  # "four parcels were designated for return ... all four have been returned"
    for d in drafts:  # "three more sites": a tally of its own, never the running total
        if d.predicate is None or not d.own:
            continue
        key = _names.slugify(f"{d.subject} {d.predicate}")
        if key in counts:
            key = _names.slugify(f"{d.subject} {d.predicate} {d.value}")
        counts.setdefault(key, d)
    for d in drafts:
        if d.predicate is not None:
            continue
        if any(c.subject == d.subject and c.value == d.value for c in counts.values()):
            continue
        if not d.own and any(c.subject == d.subject for c in counts.values()):
            continue  # "the list of bases" beside "six bases transferred": one tally
        counts.setdefault(_names.slugify(f"{d.subject} listed"), d)
    return [Count(key=k, subject=c.subject, value=c.value, as_of=c.as_of, text=c.text)
            for k, c in counts.items()]
