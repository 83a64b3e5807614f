"""The sentence shapes a tally is told in: the patterns `tallies` reads headline figures by.

A shape is a passive count ("six bases have been transferred"), an active one ("it handed over
21 sites"), a plan ("six FOBs are to be handed over"), a share ("41 of the 52 facilities"), a
rank ("the fourth camp returned"), a label ("Handed over: 20 FOBs") or a running total
("bringing to five the number of positions vacated"), with the words that may stand between a
number, its noun and its verb. Kept apart from the reading so that the reader's steps stay
short and a new shape is added in one place; every noun comes from
`tracker.vocabulary.site_nouns`, so a shape counts any kind of site.
"""

from __future__ import annotations

import re

from tracker.vocabulary.caseless import CaselessPattern
from tracker.vocabulary.numbers import NUMBER_RE_SOURCE, ORDINAL_RE_SOURCE, ORDINALS
from tracker.vocabulary.site_nouns import SITE_NOUN_RE_SOURCE

SUBJECT = r"(?P<subj>[a-z][a-z-]{2,})"
# a number with no named group, for a look-ahead beside a named one
BARE_NUMBER = re.sub(r"\(\?P<\w+>", "(?:", NUMBER_RE_SOURCE)
MOD = (rf"(?:(?:(?!(?i:{SITE_NOUN_RE_SOURCE}))(?-i:[A-Z][\w.-]*)|"
        r"(?i:coalition|military|more|other|further|foreign|former|major|key|"
        r"remaining|additional|large|small|main|strategic|regional|allied|joint|army|air|"
        r"forward|operating|combat|training|logistics|support|observation|team|temporary|"
        r"protection|field|patrol|border|company|battalion|outlying|smaller|larger|"
        # any adjective by its ending: "provincial", "northern", "overseas", "strategic"
        r"[a-z-]{2,}(?:al|ern|ary|ian|ic|ive|ese|ish|seas)|[a-z]{3,}ing|[a-z]{3,}ment|"
        # any noun that qualifies the site noun after it: "two region headquarters", "six
        # police stations" (the place noun still ends the phrase)
        rf"(?i:[a-z]{{3,}})(?=\s+(?i:{SITE_NOUN_RE_SOURCE}))))\s+){{0,2}}")
PARTICIPLE = (r"(?!(?:scheduled|expected|planned|set|due|slated)\s+to\b)"  # "are scheduled to be handed"
               r"(?P<pred>(?:handed|turned|given|passed)\s+(?:over|back)|(?:gave|giving|given)\s+up|"
               r"handing\s+(?:over|back)|pulled\s+out|shut\s+down|took\s+over|took(?=\s+control\s+of)|"
               r"drawn\s+down|pulled\s+back|(?:phased|stood|torn|wound)\s+(?:out|down)|(?!been\b)[a-z]+(?:-[a-z]+)?(?:ed|wn|en)|left|shut|withdrew|gave|closed)")
ADV = (r"(?:(?:now|so\s+far|already|also|officially|formally|fully|successfully|later|since|"
        r"subsequently|recently|eventually|finally|gradually|progressively|still|yet)\s+)?")
# "seven of those bases", "41 of the 52 facilities": the part is the count
_WHOLE_NUMBER = (r"(?:\d[\d,]*|(?:two|three|four|five|six|seven|"
                 r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                 r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)")
# the whole bare too: "closed 10 of 14 sites"
_OF_WHOLE = (rf"(?:\s+of\s+(?:(?:(?:the\s+)?[\w-]+['’]s|the|those|these|its|their)"
             rf"(?:\s+{_WHOLE_NUMBER})?|{_WHOLE_NUMBER}(?=\s)))?")
# "137 British bases across the province were closed": where they are, between noun and verb
WHERE_PHRASE = r"(?:\s+(?:in|across|at|on|along|inside|throughout)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
# whose they are, a participle and its agent: "the six sites used by the EFS have been returned"
_WHOSE_PHRASE = (r"(?:\s+(?:once\s+|formerly\s+|previously\s+|originally\s+|long\s+)?"
                 r"(?:used|held|operated|occupied|run|leased|managed|manned)\s+by\s+"
                 r"(?:[\w.'’-]+\s+){0,2}?[\w'’-]+"
                 # and where and since when: "operated by U.S. forces in Iraq since 2003"
                 r"(?:\s+(?:in|at|across|throughout)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)?"
                 r"(?:\s+(?:since|from|until|during)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)?)?")
# what a unit of land is of: "five parcels of land have been returned" counts parcels
_OF_LAND = r"(?:\s+of\s+(?:land|ground|terrain|property))?"
# what the counted places were meant for, between them and their verb: "All four parcels
# designated for immediate return have now been returned"
_MEANT_FOR = (r"(?:\s+(?:designated|earmarked|slated|identified|listed|marked|scheduled|set\s+aside|proposed)\s+for\s+"
              r"(?:[\w-]+\s+){0,2}?(?:return|handover|hand-over|transfer|closure|release)(?:\s+to\s+[\w-]+)?)?")
# a capitalised name of one to three words ("Zvornik", "Banja Luka", "Camp des Loges")
_NAME = r"(?-i:[A-Z])[\w'’.-]*(?:\s+(?:(?-i:[A-Z])[\w'’.-]*|de|des|du|la|le|al|el)){0,3}"
# what sets the counted places off before the verb: "Three more sites - A, B and C - are to
# follow", "the four centres, in A, B and C, will be handed over", "six sites (see below)"
_APPOSITION = (r"(?:\s*[-–—]\s+[^.;:()–—]{1,120}?\s+[-–—]|\s*\([^()]{1,120}\)|"
               r",\s+(?:in|at|near|along|across|including|namely|among\s+them|(?:together|along)\s+with|with|"
               # what the counted places mostly are: "the remaining 11, mostly small parcels, will follow"
               r"as\s+well\s+as|mostly|mainly|largely|chiefly|most\s+of\s+them|all\s+of\s+them)\s+[^.;:()]{1,120}?,|"
               # the counted places named, set off by commas: "Two more stations, A and B, are to close"
               rf",\s+{_NAME}(?:,\s+{_NAME}){{0,8}},?\s+and\s+{_NAME},)?")
# one more place named beside the counted ones: "four positions and the headquarters camp given up"
_AND_ONE = (rf"(?:\s+and\s+(?!{BARE_NUMBER}\s)(?:(?:the|its|their|a|an)\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}?{SITE_NOUN_RE_SOURCE})?")
COUNT_PASSIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}{_OF_LAND}{_AND_ONE}{_MEANT_FOR}{_WHOSE_PHRASE}{WHERE_PHRASE}"
    rf"{_APPOSITION}\s+"
    rf"(?:(?:have|has|had)\s+{ADV}been\s+|(?:were|was|are|is)\s+{ADV}(?:being\s+)?|"
    rf"(?:are|is|were|was)\s+{ADV}(?:due\s+|set\s+|scheduled\s+|expected\s+|planned\s+)?to\s+be\s+|"
    rf"(?:remain|remains|remained)\s+{ADV}to\s+be\s+|"  # "ten sites remain to be handed over"
    rf"(?:will|would|should|could|must|may)\s+{ADV}be\s+|"
    # "FOBs Closed: 3" is a label; "have been returned: Korat, Udorn" is a claim and its list
    rf"(?:have|has|had)\s+{ADV})?{ADV}{PARTICIPLE}\b(?!\s*:\s*\**\d)",
    re.IGNORECASE,
)
# places told by whose hands they are in now: "Five of the eight installations are now back in
# French hands", "four camps were under Iraqi control by June" (a cheap test first: `HELD_HINT`)
COUNT_HELD = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}{WHERE_PHRASE}{_APPOSITION}\s+"
    rf"(?:are|is|were|was|(?:will|would|should)\s+be|(?:have|has|had)\s+been)\s+{ADV}"
    rf"(?P<pred>(?:back\s+)?(?:in|under))\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:hands|control|ownership)\b",
    re.IGNORECASE)
HELD_HINT = re.compile(r"\b(?:hands|control|ownership)\b")
# qualified: "9 vacated and closed sites ready for return"
COUNT_QUALIFIED = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+(?P<pred>vacated|closed|returned|transferred|evacuated|"
    rf"abandoned|decommissioned)(?:\s+(?:and|or)\s+[a-z]+ed)?\s+{MOD}{SUBJECT}\b", re.IGNORECASE)
# planned in the active voice: "it will return 21 sites", "agreed to hand over six FOBs"
# what makes a stated count a plan, not a tally of what was done
PLANNED_WORDS = re.compile(r"\b(?:to\s+be|will|would|shall|should|must|(?-i:may))\b", re.IGNORECASE)  # not "in May"
COUNT_PLANNED = re.compile(
    rf"\b(?:will|to)\s+(?:\w+ly\s+)?(?P<pred>return|hand\s+over|hand\s+back|give\s+back|give\s+up|"
    rf"close|vacate|transfer|leave|withdraw\s+from|pull\s+out\s+of|evacuate|abandon|quit|dismantle|"
    rf"shut(?:\s+down)?|depart(?:\s+from)?)\s+(?:a\s+total\s+of\s+|some\s+|about\s+|another\s+|a\s+further\s+|all\s+|"
    rf"(?:the|its|their)\s+(?:last|remaining|final|other)\s+)?"
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}\b", re.IGNORECASE)
# "was forced to leave all 33 of its sites", "had to close six bases": done, not planned
DONE_TO = re.compile(r"\b(?:(?:was|were|been)\s+(?:forced|compelled|obliged|made|able)|had|managed|"
                      r"began|started|went\s+on|continued)\s+$", re.IGNORECASE)
# the places that go, told without an object: "two of the five camps are to close in June",
# "Three more sites ... are to follow", "all six sites will go back to the state"
COUNT_INTRANSITIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}{WHERE_PHRASE}{_APPOSITION}\s+"
    rf"(?:(?P<when>(?:are|is|were|was)\s+(?:(?:now\s+)?(?:due|set|scheduled|expected|planned|slated)\s+)?to|"
    rf"will|would|shall|should)\s+)?{ADV}"
    rf"(?P<pred>close[ds]?|shut|follow(?:ed)?|go\s+back|went\s+back|revert(?:ed)?)\b"
    # "will follow the same procedure", "will close their gates": a verb with an object
    rf"(?!\s+(?:the|a|an|their|its|this|that|these|those|his|her|our|up)\b)",
    re.IGNORECASE)
# the places meant for an action: "some 500 facilities for return", "30 installations are slated
# for return", "nine sites ready for handover"
COUNT_FOR = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}{WHERE_PHRASE}\s+(?:(?:are|is|were|was|have\s+been|"
    rf"had\s+been)\s+)?(?:(?:now\s+)?(?:ready|readied|prepared|cleared|earmarked|slated|scheduled|set\s+aside|"
    rf"designated|marked|listed|identified|proposed|due|up)\s+)?for\s+(?:(?:their|its)\s+)?"
    rf"(?P<pred>return|handover|hand-over|transfer|closure|release)\b", re.IGNORECASE)
# places readied for an action, which the action names: "30 installations are slated for return"
READIED = frozenset({"slated", "earmarked", "designated", "identified", "proposed", "marked", "listed",
                      "readied", "prepared", "cleared", "scheduled", "set"})
FOR_ACTION = re.compile(r"\s+for\s+(?:(?:their|its)\s+)?(?:[a-z]+\s+)?(?:return|handover|hand-over|transfer|closure|"
                         r"release)\b", re.IGNORECASE)
# the places a plan names, its verb in a clause after them: "the 80 facilities that the two
# governments agreed in 2002 to return", "the 12 sites it plans to hand over"
COUNT_RELATIVE = re.compile(
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}\s+(?:that\s+|which\s+)?(?:[\w'’-]+\s+){{1,4}}?"
    rf"(?:agreed|agree|agrees|plans?|planned|decided|promised|pledged|undertook|intends?|intended|"
    rf"is\s+(?:due|set)|are\s+(?:due|set))\s+(?:(?:in|on|by|at)\s+[\w,]+(?:\s+\d{{4}})?\s+)?to\s+"
    rf"(?P<pred>return|hand\s+over|hand\s+back|give\s+back|close|vacate|transfer|leave)\b", re.IGNORECASE)
# the count a sentence adds to its tally: "all 33 sites have been vacated, including ten team sites"
INCLUDING = re.compile(rf"[^.;:]{{0,40}}?,?\s+including\s+(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}\b",
                        re.IGNORECASE)
# the same, set off between the count and its verb
INCLUDING_SET_OFF = re.compile(rf",\s+including\s+(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}\b", re.IGNORECASE)
# counted places joined before the counted ones that carry the verb: "Six helipads and four
# airstrips were closed"
AND_BEFORE = re.compile(rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT},?\s+and\s+$",
                         re.IGNORECASE)
# a count told as more of the same: its own tally beside the running total ("three more sites")
MORE_BEFORE = re.compile(r"\b(?:another|a\s+further|further|an\s+additional|additional)\s+$", re.IGNORECASE)
MORE_AFTER = re.compile(r"\s+(?:more|further|additional)\b", re.IGNORECASE)
# a second count that shares the first one's verb, told after it and ending its clause: "Nine
# sites were vacated in March and a further four sites in April"
AND_ALSO = re.compile(
    rf"{WHERE_PHRASE}\s*,?\s+and\s+(?:(?:a\s+further|another|an?\s+additional|then)\s+)?"
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}(?={WHERE_PHRASE}\s*(?:[.;,)]|$))", re.IGNORECASE)
# a second count joined to the first: "vacated 60 army camps and 10 air bases"
AND_MORE = re.compile(rf"{WHERE_PHRASE}\s*(?:,?\s+and|,)\s+(?:(?:another|a\s+further|an?\s+additional)\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}\b", re.IGNORECASE)
# what may stand between a verb and its count: "a total of", "all", "the last", "some", "a further"
_HOW_MANY = (r"(?:a\s+total\s+of\s+|all\s+|(?:its|their|the|his|her|our)\s+(?:last|final|remaining)\s+|"
             r"(?:the|its|their)\s+|(?:some|about|around|nearly|almost|roughly|approximately|more\s+than|"
             r"over|at\s+least|up\s+to|another|a\s+further)\s+)?")
# places left as they are: "it leaves four bases open", "left two posts manned"
_KEPT = (r"(?!\s+(?:open|intact|in\s+place|behind|standing|operational|manned|running|active)\b"
         # "cleared 500 facilities for return": readied for the action, which `COUNT_FOR` reads
         r"|\s+for\s+(?:(?:their|its)\s+)?(?:return|handover|hand-over|transfer|closure|release)\b)")
COUNT_ACTIVE = re.compile(
    rf"\b{PARTICIPLE}\s+(?:from\s+|out\s+of\s+|over\s+|back\s+|control\s+of\s+|in\s+)?"
    rf"{_HOW_MANY}(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}\b{_KEPT}",
    re.IGNORECASE,
)
# a headline's present: "Mission hands over 5 more camps", "UN closes 3 bases in the north"
COUNT_PRESENT = re.compile(
    rf"\b(?P<pred>hands\s+(?:over|back)|returns|closes|vacates|transfers|leaves|quits|evacuates|abandons|"
    rf"gives\s+(?:up|back)|pulls\s+out\s+of|withdraws\s+from|shuts(?:\s+down)?|takes\s+over|dismantles)\s+"
    rf"{_HOW_MANY}(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}\b{_KEPT}", re.IGNORECASE)
# an action told by its noun: "the closure of all 61 of its field offices", "the handover of six bases"
COUNT_NOUN = re.compile(
    rf"\b(?P<pred>closure|handover|hand-over|transfer|return|withdrawal|evacuation|pull-?out|departure|"
    rf"relocation|retrocession|restitution|reversion|dismantling|decommissioning|demolition|abandonment|"
    rf"pullback|pull-back)\s+(?:of|(?P<from>from))\s+"
    rf"(?:all\s+|(?:the|its|their)\s+(?:last\s+|remaining\s+|final\s+|other\s+)?|a\s+further\s+|another\s+)?"
    rf"(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}{SUBJECT}\b",
    re.IGNORECASE,
)
# a second count under the first count's noun: "seven bases transferred, two closed", "... to the
# government and two others were closed"
THEN_MORE = re.compile(
    rf"[^.;:,()]{{0,60}}?(?:,\s*(?:and\s+|while\s+)?|\s+(?:and|while)\s+)(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"(?:others?\s+|more\s+)?(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|"
    rf"(?:will|would|should)\s+be|(?:are|is)\s+(?:(?:due|set|scheduled|expected|planned)\s+)?to\s+be|"
    rf"remain\s+to\s+be)\s+)?{PARTICIPLE}\b(?!\s*:)", re.IGNORECASE)
# a plan for more of the same told after a count: "has closed nine team sites and plans to close
# four more by June"
PLANS_MORE = re.compile(
    rf"[^.;:()]{{0,40}}?\b(?:and|while|but)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:plans|intends|aims|expects|is\s+(?:due|set|expected)|"
    rf"will|hopes)\s+(?:to\s+)?(?P<pred>close|vacate|hand\s+over|return|transfer|leave|withdraw\s+from)\s+"
    rf"(?:a\s+further\s+|another\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+(?:more|others?|further)\b", re.IGNORECASE)
# an action noun's plan told after it: "the handover of the last three outposts is due in May"
NOUN_DUE = re.compile(r"[^.;:]{0,40}?\b(?:is|are)\s+(?:now\s+)?(?:due|scheduled|expected|planned|set)\b"
                       r"|[^.;:]{0,40}?\b(?:will|would|shall)\b", re.IGNORECASE)
# an action noun a plan names before it: "the plan foresees the closure of 20 bases" (not "the
# committee agreed the return of three sites": agreeing the return is returning them)
NOUN_PLANNED = re.compile(r"\b(?:plans?|planned|calls?\s+for|called\s+for|foresees?|foresaw|envisag\w+|"
                           r"propos\w+|agreement\s+on|schedules?|scheduled|timetable\s+for|"
                           r"expects?|expected|provides?\s+for|provided\s+for|providing\s+for|"
                           r"(?:agreement|accord|deal|treaty)\s+(?:on|for))\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# places someone wants done, their participle bare: "The government wants the remaining 14 sites
# returned by June"
WANTED = re.compile(r"\b(?:wants?|wanted|demands?|demanded|asks?|asked|expects?|expected|needs?|needed|"
                    r"requests?|requested|wishes|wished|would\s+like)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# the whole told first: "Of the 30 installations, 22 have been transferred"
WHOLE_FIRST = re.compile(
    rf"\b[Oo]f\s+(?:the|its|their|(?:the\s+)?[\w-]+['’]s)\s+(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+{MOD}{SUBJECT}\s*,\s*(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"(?:(?:have|has|had)\s+{ADV}been\s+|(?:were|was|are|is)\s+{ADV}|(?:are|is)\s+(?:due\s+|set\s+|scheduled\s+)?"
    rf"to\s+be\s+|(?:will|would)\s+be\s+)?{ADV}{PARTICIPLE}\b", re.IGNORECASE)
COUNT_LIST = re.compile(
    # the whole a last one belongs to: "Batumi was the last of the four Soviet-era bases"
    rf"\b(?:(?:list|total|tally|number|all)\s+(?:of\s+)?(?:the\s+)?|last\s+of\s+(?:(?:the|its|their)\s+)?)"
    rf"(?P<num>{NUMBER_RE_SOURCE})\s+"
    rf"{MOD}{SUBJECT}\b",
    re.IGNORECASE,
)
# every number of the sentence, where the counts' own numbers start (`LABELLED`'s digits too)
NUMBER = CaselessPattern(re.compile(NUMBER_RE_SOURCE, re.IGNORECASE), NUMBER_RE_SOURCE)
PART_OF = re.compile(rf"(?<![\w,.])(?P<part>{NUMBER_RE_SOURCE})\s+(?:out\s+)?of\s+(?:(?:the|its|their)\s+)?"
                      r"(?:(?:remaining|other|last|original)\s+)?$",
                      re.IGNORECASE)
PRED_LEMMA = {
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
    "pulled back": "withdrawn", "phased out": "closed", "stood down": "closed", "torn down": "closed",
    "wound down": "closed", "restored": "transferred", "surrendered": "withdrawn", "reclaimed": "transferred",
    "yielded": "transferred", "derequisitioned": "transferred", "de-requisitioned": "transferred",
    "disbanded": "closed", "liquidated": "closed", "bulldozed": "closed",
    "remain": "remaining", "outstanding": "remaining", "remains": "remaining", "remained": "remaining", "remaining": "remaining",
}
NOT_SUBJECTS = {"percent", "per", "years", "year", "months", "month", "weeks", "week", "days",
                 "day", "hours", "times", "miles", "kilometres", "kilometers", "km", "and", "of",
                 "the"}
POSTED_IN = re.compile(r"\b(?:stationed|based|deployed|garrisoned|spread|housed)\s+(?:in|at|across|"
                        r"over|among)\s+(?:some\s+|about\s+|around\s+|nearly\s+)?$", re.IGNORECASE)
NOT_PREDICATES = {"need", "used", "based", "expected", "scheduled", "planned", "set",
                   "reported", "said", "stated", "thought", "believed", "estimated", "located",
                   "stationed", "deployed", "hosted", "seen", "been",
                   "open",
                   # who holds a place is unchanged: "Turkey was allotted 12 posts", "80 posts are
                   # affected" (posts as jobs)
                   # places only talked about: "the cost at the four sites would be settled"
                   "settled", "discussed", "negotiated", "resolved", "reviewed", "examined", "assessed",
                   "surveyed", "studied", "debated", "considered", "cleaned", "decontaminated",
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
                   # who ran them is no drawdown either: "the mission operated 12 camps"
                   "operated", "controlled", "owned", "leased", "rented", "staffed", "garrisoned",
                   # posts under fire are not given up
                   "attacked", "shelled", "targeted", "raided", "struck", "overrun"}
# "the fourth camp returned", "the second of its nine bases", "its second outpost"
_PLACE_NOUN = rf"(?P<subj>(?:team\s+)?{SITE_NOUN_RE_SOURCE})"
# a site noun that only qualifies the noun after it: "the first base commander", "its second
# camp guard" (a rank of the action, "the third base closure", is `ORDINAL_ACTION`'s)
_NOUN_AFTER = (r"(?!\s+(?:commanders?|chiefs?|staff|personnel|workers|employees|residents|closures?|"
               r"handovers?|security|perimeter|gates?|guards?|agreements?|budget|police|defen[cs]e|clinic)\b)")
ORDINAL = re.compile(
    rf"(?:\b(?:the|its|their)\s+|(?:^|[,:;(]\s*))(?P<ord>{ORDINAL_RE_SOURCE})(?!\s+{BARE_NUMBER})"
    rf"(?:\s+and\s+(?:last|final))?\s+"
    rf"(?:of\s+(?:the\s+|its\s+|their\s+)?(?:[\w.'’-]+['’]s\s+)?(?:{NUMBER_RE_SOURCE}\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?|(?:[\w'’-]+\s+){{0,2}}?)(?i:{_PLACE_NOUN})\b{_NOUN_AFTER}",
    re.IGNORECASE,
)
# a rank told of the action, not the place: "the second land return carried out under the plan",
# "the first handover of a team site": a kind of site or land before the noun, or a site after it
_ACTION_NOUNS = (r"handovers?|hand-overs?|returns?|transfers?|closures?|withdrawals?|evacuations?|"
                 r"pull-?outs?|departures?|reversions?")
ORDINAL_ACTION = re.compile(
    rf"(?:\b(?:the|its|their)\s+|(?:^|[,:;(]\s*))(?P<ord>{ORDINAL_RE_SOURCE})(?!\s+{BARE_NUMBER})\s+"
    rf"(?:(?P<kind>(?:[\w-]+\s+){{0,2}}?(?:{SITE_NOUN_RE_SOURCE}|land|such))\s+(?P<act>{_ACTION_NOUNS})\b"
    rf"|(?P<act2>{_ACTION_NOUNS})\s+of\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_PLACE_NOUN})(?![\w-])",
    re.IGNORECASE)
# a rank whose noun the sentence's site gives: "Camp Kilo is the third to be handed over",
# "Post Amber became the fifth to close"
ORDINAL_ELIDED = re.compile(
    rf"\bthe\s+(?P<ord>{ORDINAL_RE_SOURCE})(?:\s+and\s+(?:last|final))?\s+(?:one\s+)?to\s+(?:be\s+)?(?:{ADV})"
    rf"(?P<pred>handed\s+(?:over|back)|returned|transferred|closed|close|shut|vacated|evacuated|abandoned|"
    rf"withdrawn|leave|left|change\s+hands|revert|go\s+back)\b", re.IGNORECASE)
SITE_HEAD = re.compile(rf"\b(?-i:[A-Z][a-z]+\s+)?(?P<head>{SITE_NOUN_RE_SOURCE})", re.IGNORECASE)
SHARE = (  # "handed over 494 of the 505 bases", "135 of the 137 bases ... have now been closed"
    re.compile(rf"\b{PARTICIPLE}\s+(?:\w+\s+){{0,2}}?(?P<num>{NUMBER_RE_SOURCE})\s+of\s+"
               rf"(?:the|its|their)\s+[\d,]+\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b",
               re.IGNORECASE),
    re.compile(rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE})\s+of\s+(?:the|its|their)\s+[\d,]+\s+"
               rf"(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b[^.;]{{0,80}}?\b(?:have|has|had)\s+"
               rf"(?:now\s+|already\s+)?been\s+{PARTICIPLE}", re.IGNORECASE),
)
# a label and its figure: "Handed over: 20 FOBs"
LABELLED = re.compile(
    rf"\b(?P<pred>handed\s+over|handed\s+back|transferred|closed|returned|vacated|withdrawn|handovers?|"
    rf"hand-overs?|closures?|returns|transfers|withdrawals)(?:\s+(?![\d-])[\w()]+){{0,3}}?\s*(?::|\s[-–—])\s*"
    rf"(?P<num>\d{{1,5}})(?:\s+(?:out\s+)?of\s+\d{{1,5}})?\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\b", re.IGNORECASE)
MORE_ACTIONS = re.compile(r"\b(?:(?:gave|giv(?:e|es|en|ing))\s+up|surrender(?:ed|s)?|handed|"
                           r"change[sd]?\s+hands|pass(?:ed|es)?\s+to|ced(?:e|ed|es))\b", re.IGNORECASE)
# a cheap test for a rank ("fourth", "12th"), searched case-sensitively in lower-cased text
ORDINAL_WORD = CaselessPattern(
    re.compile(rf"\b{ORDINAL_RE_SOURCE}\b", re.IGNORECASE),
    rf"(?=[{''.join(sorted({w[0] for w in ORDINALS}))}0-9])\b{ORDINAL_RE_SOURCE}\b")
SHARE_HINT = re.compile(r"\bof\s+(?:the|its|their)\s+\d")
FIGURE = re.compile(  # "Locations transferred to the Government since 1 January 2021: 14"
    rf"(?i:{_PLACE_NOUN})\s+(?:[\w-]+\s+){{0,2}}?{PARTICIPLE}\b[^:.;–—]{{0,60}}?(?::|\s[-–—])\s*\**"
    rf"(?P<num>\d{{1,4}})\b", re.IGNORECASE)
# a cheap test first: a figure after a colon or a dash, digits or one word ending the line
FIGURE_HINT = re.compile(r"(?::|\s[-–—])\s*\**(?:\d|[A-Za-z-]+\**\s*(?:[.;]|$))")
# its figure a word ending the label's line: "Sites vacated so far: six"
FIGURE_WORD = re.compile(
    rf"(?i:{_PLACE_NOUN})\s+(?:[\w-]+\s+){{0,2}}?{PARTICIPLE}\b[^:.;–—]{{0,60}}?(?::|\s[-–—])\s*\**"
    rf"(?P<num>{NUMBER_RE_SOURCE})\**\s*(?:[.;]|$)", re.IGNORECASE)
BRINGING = (
    re.compile(  # "bringing to five the number of positions vacated"
        rf"\b(?:bring(?:s|ing)?|brought)\s+(?:the\s+(?:total|number|tally|count)\s+)?to\s+(?P<num>{NUMBER_RE_SOURCE})"
        rf"(?:\s+the\s+(?:total\s+)?(?:number|total|tally)\s+of\s+(?:[\w-]+\s+){{0,2}}?"
        rf"(?i:{_PLACE_NOUN}))?", re.IGNORECASE),
    re.compile(  # "the number of facilities handed over ... remains five"
        rf"\b(?:number|total|tally)\s+of\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PLACE_NOUN})\s+"
        rf"[^.;]{{0,80}}?\b(?:remains|stands\s+at|rose\s+to|reached|is\s+now|is|to)\s+"
        rf"(?P<num>{NUMBER_RE_SOURCE})\b", re.IGNORECASE),
)

# what is left of a whole: "One site remains open", "two posts remain: A and B", "the remaining
# five sites should be empty before winter" (a count of the places still to go; a verb after them
# that tells what becomes of them is read by the other shapes first)
REMAINING = (
    re.compile(rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}{WHERE_PHRASE}\s+"
               rf"(?:still\s+)?(?P<pred>remains?|remained)\b(?!\s+(?:to\s+be|of)\b)", re.IGNORECASE),
    re.compile(rf"\b(?:the|its|their)\s+(?P<pred>remaining)\s+(?P<num>{NUMBER_RE_SOURCE})\s+{MOD}{SUBJECT}\b",
               re.IGNORECASE),
    # a label: "Sites remaining: 1", "Remaining sites - 3", "Posts still held: 2"
    re.compile(rf"(?:^|[;(]\s*){MOD}{SUBJECT}\s+(?:still\s+)?(?P<pred>remaining|left|outstanding)\s*(?::|\s[-–—])\s*\**"
               rf"(?P<num>\d{{1,4}})\b", re.IGNORECASE),
    re.compile(rf"(?:^|[;(]\s*)(?P<pred>remaining|outstanding)\s+{MOD}{SUBJECT}\s*(?::|\s[-–—])\s*\**"
               rf"(?P<num>\d{{1,4}})\b", re.IGNORECASE),
)
# a number that stands for the places a count just named, its noun left out: "41 of the 52
# properties ... The remaining 11, mostly small parcels, will follow", "13 of the 15 ... The
# remaining two are to follow", "Eight of the nine premises ... One remains", "all 21 settlements
# in the Strip and four in the north"
ELLIPSIS = re.compile(
    rf"(?:\b(?:the|its|their)\s+(?:remaining|other|last|final)\s+|\bof\s+(?:the|its|their)\s+|"
    rf"\bof\s+which\s+|(?:^|[,;]\s+|\band\s+)(?:(?:a\s+further|another|an?\s+additional)\s+)?(?=\S))"
    rf"(?P<num>{NUMBER_RE_SOURCE})(?=\s*,\s|\s*:|\s+(?:are|is|were|was|will|would|should|shall|remains?|"
    rf"remained|have|has|had|in|at|on|along|near|to\s+be)\b)", re.IGNORECASE)
# after "the remaining", "the other": a number with anything but a noun after it ("handed over the
# remaining 5 to the Government")
ELLIPSIS_REST = re.compile(
    rf"\b(?:the|its|their)\s+(?:remaining|other|last|final)\s+(?P<num>{NUMBER_RE_SOURCE})"
    rf"(?=\s+(?:to|from|by|for|with|before|after|until|during|within|as)\b|\s*[.;)]|\s*$)", re.IGNORECASE)
# a count in the sentence before that names the noun an elided number stands for: its largest
# number bounds the elided one ("of the 52 properties ... the remaining 11")
COUNTED_NOUN = re.compile(
    rf"(?<![\w,.])(?P<num>{NUMBER_RE_SOURCE}){_OF_WHOLE}\s+{MOD}(?P<subj>{SITE_NOUN_RE_SOURCE})", re.IGNORECASE)
