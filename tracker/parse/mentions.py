"""What one sentence of prose says: the sites acted on in it, each with its action, status and
date (a `Mention`), and the site a later sentence means by "the camp" (`anaphora`).

It ties the stages together for one sentence: action words (`triggers`), sites (`sites`),
which action each site undergoes (here: the nearest before it in its clause, else one right
after it in the passive), its status (`tense`) and its date (`mention_dates`).

Input: one sentence, the edition's as-of date, its order in the document, whether it is a
headline. Output: `Mention`s. It must not gather mentions into events (that is `gathering`)
nor look beyond the sentence, except the one place `anaphora` is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker import identity as _names
from tracker.memo import remembered
from tracker.parse.lists import dashes_opening_a_list, unit_subject
from tracker.parse.mention_dates import action_day, date_for, days_named
from tracker.parse.nations import nation_of
from tracker.parse.sentences import CLAUSE_BREAK, sentence_spans
from tracker.parse.site_names import HEAD, HEAD_ANY, NAME, NOT_NAMES, Spot, is_place_name
from tracker.parse.sites import find_sites
from tracker.parse.tense import trigger_status
from tracker.parse.triggers import Trigger, find_triggers
from tracker.vocabulary.countries import is_country

_SITUATING = re.compile(r"\b(?:near|outside|next\s+to|close\s+to|(?:south|north|east|west)"
                        r"(?:-?(?:east|west))?\s+of|on\s+the\s+(?:edge|outskirts)\s+of|towards?)\s+"
                        r"(?:the\s+)?$", re.IGNORECASE)
# "left aboard HMS Kilo": a ship the people leave on, no site
_ABOARD = re.compile(r"\b(?:aboard|on\s+board|onboard)\s+(?:the\s+)?$", re.IGNORECASE)
# "in northern Amberia", "in Ruritania's Amberia": a part of a country or of a region, no site
_IN_A_REGION = re.compile(r"\bin\s+(?:(?:the\s+)?(?:(?:far|extreme)\s+)?(?:(?:north|south)(?:-?(?:east|west))?ern|eastern|"
                          r"western|central|northern|southern)|(?P<owner>[A-ZÀ-Þ][\w-]+(?:\s+[A-Z][\w-]+)?)['’]s)\s+$",
                          re.IGNORECASE)
_PASSIVE_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:,[^,;:]{1,90},\s*|,\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:was|were|is|are|be|been|being|gets?|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_NTH = re.compile(rf"^\s+(?:is|was|becomes|became|will\s+be|would\s+be)\s+(?:now\s+)?the\s+"
                  rf"(?:[\w-]+\s+){{0,3}}?(?i:{HEAD})\s+(?:to\s+(?:be|have\s+been)\s+|being\s+|"
                  rf"(?:that|which)\s+(?:\w+\s+){{0,3}}?(?:has|have|had|was|were)\s+(?:been\s+)?)?$",
                  re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]*\)")
_OTHER_VERB = re.compile(r"\b(?:and|then)\s+(?:then\s+)?(?:[a-z]+ed|went|flew|came|moved|"
                         r"arrived|landed|returned\s+home|headed)\b(?!\s+(?:over|to\s+the))")
_RELATIVE_PASSIVE = re.compile(r"^\s*,?\s*(?:which|that)\s+(?:[\w'’-]+\s+){0,4}?"
                               r"(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_COORDINATED = re.compile(  # what situates a name may stand between: "A in X, B near Y and C"
    r"(?:\s+(?:in|near|at|off|outside|on\s+the\s+(?:[\w-]+\s+){1,2}of|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?=,))?)?"
    r"\s*(?:\([^()]*\))?\s*(?:,|,?\s+(?:and|&|as\s+well\s+as))\s+(?:then\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?:(?:neighbou?ring|nearby|adjacent|adjoining|smaller|larger|former)\s+)?"
    rf"(?:(?:[\w-]+\s+){{0,2}}?(?i:{HEAD})\s+(?:at|in|of)\s+)?", re.IGNORECASE)
# "Quist is scheduled for closure in May": a place due for an action told by its noun
_DUE_FOR = re.compile(r"\s+(?:is|are|was|were)\s+(?:now\s+|also\s+)?(?:scheduled|due|set|slated|earmarked|"
                      r"proposed|planned|listed|next\s+in\s+line)\s+for\s+(?:the\s+|its\s+|their\s+)?",
                      re.IGNORECASE)
_CEREMONY = re.compile(r"\s+(?:ceremon(?:y|ies)|celebrations?|parades?|events?)\b", re.IGNORECASE)
_VENUE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_WHERE = re.compile(r"^,\s+where\s+[^,;.]{0,70}$", re.IGNORECASE)


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
    implied: bool = False  # a headline's date that is only the edition's: any day the body gives wins


def _by_its_town(spot: Spot) -> bool:
    """Whether a spot is a base word named by the town it stands near ("the firing range near
    Townsville": "Townsville firing range"): the town locates the very site acted on."""
    return bool(spot.core) and spot.name != spot.core and spot.name.startswith(spot.core + " ")


@remembered(4096, longest=1500)
def _acted_on(sentence: str, headline: bool) -> tuple[tuple, tuple, tuple]:
    """(triggers, spots, (spot, trigger, key) for each place acted on): what a sentence says
    apart from its dates, remembered, since the next edition repeats most sentences."""
    if len(sentence) > 1500:
        return (), (), ()
    triggers = find_triggers(sentence, headline)
    if not triggers or not _may_name_a_place(sentence):
        return (), (), ()
    spots = [s for s in find_sites(sentence, not (headline and _title_case(sentence)), triggers)
             if not is_country(s.core or s.name)
             and not (_SITUATING.search(sentence, 0, s.start) and not _by_its_town(s))
             and not _ABOARD.search(sentence, max(0, s.start - 20), s.start)
             and not _in_a_region(sentence, s)]
    spots = [s for i, s in enumerate(spots) if not (i and _locates(sentence, spots[i - 1], s))]
    acted = []
    by_group: dict[int, Trigger] = {}
    governed = [_governing(sentence, spot, triggers) for spot in spots]
    for i in range(len(spots) - 2, -1, -1):  # "A and the B were handed over": A is too
        after = governed[i + 1]
        if governed[i] is None and after is not None and after.start >= spots[i + 1].end \
                and _COORDINATED.fullmatch(sentence, spots[i].end, spots[i + 1].start):
            governed[i] = after
    for i in range(1, len(spots)):  # "handed over A in X, B near Y and the base at C": all three
        before = governed[i - 1]
        if governed[i] is None and before is not None and (
                before.end <= spots[i - 1].start or before.start >= spots[i].end) \
                and _COORDINATED.fullmatch(sentence, spots[i - 1].end, spots[i].start):
            governed[i] = before  # or "A and the neighbouring B reverted": both, as A
    governed = _without_venues(sentence, spots, governed)
    for spot, trigger in zip(spots, governed):
        trigger = trigger or by_group.get(spot.group)
        if trigger is None:
            continue
        by_group.setdefault(spot.group, trigger)  # the names listed with it undergo the same
        key = _names.place_key(spot.name)
        if key:
            acted.append((spot, trigger, key))
    read = {t.start: trigger_status(sentence, t) for _, t, _ in acted}  # once per action
    acted = [(s, read[t.start], k) for s, t, k in acted]
    return tuple(triggers), tuple(spots), tuple(acted)


def _in_a_region(sentence: str, spot: Spot) -> bool:
    """A bare name after "in northern" or after a country's possessive ("the post in the town
    of Kilo in northern Amberia", "Kilo post in Ruritania's Amberia") names the region a site
    stands in: no site itself. A name with its base word is a site all the same."""
    if spot.core != spot.name or spot.start < 4:
        return False
    m = _IN_A_REGION.search(sentence, max(0, spot.start - 60), spot.start)
    return m is not None and (m.group("owner") is None or is_country(m.group("owner")))


# "the headquarters at Sebroko, Abidjan": a town set off by commas; "parcels of Camp Kilo in
# Bravoton, Amberton, and ...": the larger place after a site's own town
_APPOSED = re.compile(rf",\s*|\s+(?:in|at|near)\s+(?:the\s+)?{NAME},\s*")
_AFTER_APPOSED = re.compile(r"\s*(?:,\s*(?!and\b|or\b)[a-z]|\)|$)")


def _locates(sentence: str, site: Spot, town: Spot) -> bool:
    """ "the headquarters at Sebroko, Abidjan, is to close": a bare town set off by commas
    right after a site, the sentence going on in lower case, says where the site is; it is
    no second site (a list would go on with a name or "and"). After the site's own town
    ("Camp Kilo in Bravoton, Amberton, and ..."), a name closed off by a comma is the larger
    place, even before "and"."""
    if town.name[:1].islower() or len(town.name.split()) > 3 or town.core != town.name:
        return False
    apposed = _APPOSED.fullmatch(sentence, site.end, town.start)
    if apposed is None:
        return False
    return _AFTER_APPOSED.match(sentence, town.end) is not None or (
        apposed.group(0).strip() != "," and _CLOSED_BEFORE_AND.match(sentence, town.end) is not None)


_CLOSED_BEFORE_AND = re.compile(r",\s+(?:and|or)\s")


def _without_venues(sentence: str, spots: list[Spot], governed: list[Trigger | None]) -> list[Trigger | None]:
    """The actions of the places, but none for a town that only says where another site's
    action happened: "the ceremony was held in Ostry, where the army handed over Camp Kilo"
    (the action has its own object) or "the handover ceremony was held in Ostry as the army
    left Camp Kilo". A lone "handover ceremony in Kidal", or one at a named site ("at Camp
    Kilo"), still tells the site."""
    out = list(governed)
    for i, (spot, trigger) in enumerate(zip(spots, governed)):
        if trigger is None:
            continue
        own_object = any(g is trigger and s.start >= trigger.end for s, g in zip(spots, governed))
        if trigger.start >= spot.end and _WHERE.match(sentence[spot.end:trigger.start]) and own_object:
            out[i] = None
        elif trigger.noun and _CEREMONY.match(sentence, trigger.end) \
                and _VENUE.search(sentence, max(0, spot.start - 40), spot.start) \
                and not HEAD_ANY.search(spot.name) \
                and any(g is not None and not g.noun for j, g in enumerate(governed) if j != i):
            out[i] = None
    return out


def keys_acted_on(sentence: str) -> set[str]:
    """The keys of the places `sentence_mentions` finds in a sentence (not a headline), without
    dating them (`days_named`, `date_for`): what a count of the places it tells needs."""
    return {key for _, _, key in _acted_on(sentence, False)[2]}


def sentence_mentions(sentence: str, as_of: str | None, order: int,
                      headline: bool = False) -> list[Mention]:
    """The places a sentence tells an action of, each with its action, status and date:
    what `_acted_on` remembers, dated against the edition's as-of date."""
    triggers, spots, acted = _acted_on(sentence, headline)
    if not acted:
        return []
    days = days_named(sentence, as_of)
    spots = _sharing_groups(spots, acted)
    pairs = _respectively(sentence, acted, days)
    out = []
    for spot, trigger, key in acted:
        date = pairs.get(spot.start) or date_for(sentence, next(s for s in spots if s.start == spot.start),
                                                 trigger, list(spots), list(triggers), days)
        status = trigger.status or "completed"
        if spot.role == "earlier":
            status = "completed"  # "after Kidal and Tessalit": told as done before this one
        if status == "planned" and date:
            date = next((d.ahead for d in days if d.iso == date and d.ahead), date)
        implied = headline and date is None and status == "completed" and as_of is not None
        if implied:
            date = as_of
        if date and as_of and date > as_of and status == "completed":
            status = "planned"
        elif date and as_of and date <= as_of and status == "planned" and \
                sentence[trigger.start:trigger.end].lower().startswith(("stay", "remain")):
            status = "completed"  # "stayed until 30 June", told after it
        out.append(Mention(spot.name, key, trigger.action, status, date, sentence, order, headline,
                           spot.core, implied))
    return out


def _sharing_groups(spots: tuple[Spot, ...], acted: tuple) -> tuple[Spot, ...]:
    """Sites named one after another and acted on by one action are one list for their date
    ("took back A and the adjoining B from the U.S. forces on 29 May": both on 29 May)."""
    if len(acted) < 2:
        return spots
    by_start = {s.start: t.start for s, t, _ in acted}
    out = list(spots)
    groups: dict[int, int] = {}
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if by_start.get(cur.start) is not None and by_start.get(cur.start) == by_start.get(prev.start):
            groups[cur.group] = groups.get(prev.group, prev.group)
    return tuple(replace(s, group=groups.get(s.group, s.group)) for s in out)


def colon_lead(sentence: str) -> Trigger | None:
    """A sentence ending on a colon that tells an action ("All six remaining sites will go back
    to the federal government:", "The following camps were handed over last week:"): the
    action the items under it undergo, with its status."""
    if not sentence.rstrip().endswith(":"):
        return None
    triggers = find_triggers(sentence, False)
    return trigger_status(sentence, triggers[-1]) if triggers else None


_ITEM_LABEL = re.compile(rf"\s*(?P<name>{NAME})\s*(?:\([^()]*\)\s*)?(?::|\s[-–—]\s)")
_OPENING = re.compile(r"\W*(?:(?:the|its|their|a|an)\s+)?", re.IGNORECASE)


def listed_under(item: str, lead: Trigger, lead_sentence: str, as_of: str | None,
                 order: int) -> list[Mention]:
    """An item under a colon lead-in that tells no action of its own ("- the Askren Manor and
    Yorktown Village housing areas;"): the sites its first sentence names (not the places that
    situate them) undergo the lead-in's action, on its day."""
    label = _ITEM_LABEL.match(item)  # "Gossi: forward base in the Gourma": Gossi
    if label is not None:
        spots = [Spot(label.group("name"), 0, label.end("name"), 0)] \
            if is_place_name(label.group("name")) else []
    else:  # the sites the item opens with: "the A and B housing areas", "Varn Barracks, near X"
        spans = sentence_spans(item)
        first = item[:spans[0][1]] if spans else item
        spots = find_sites(first, False, ())
        spots = _listed_run(first, spots) if spots and _OPENING.fullmatch(first, 0, spots[0].start) else []
    status = lead.status or "completed"
    own = next((d.iso for d in days_named(item, as_of) if d.iso), None) if as_of else None
    date = own or (action_day(lead_sentence, as_of) if as_of else None)  # "- Quist: end of April"
    return [Mention(s.name, key, lead.action, status, date, item, order, core=s.core)
            for s in spots if (key := _names.place_key(s.name))]


_ITEM_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+)?|,?\s+(?:and|&)\s+)(?:(?:part|parts|most|some)\s+of\s+)?"
                         r"(?:the\s+)?")


def _listed_run(item: str, spots: list[Spot]) -> list[Spot]:
    """The sites an item opens with: the first name's list, and the names joined to it one
    after another ("the A Housing Area, part of the B Housing Area and ..."), not a place
    that situates them (", all at Camp Z")."""
    out = [s for s in spots if s.group == spots[0].group]
    for spot in spots:
        if spot.start >= out[-1].end and _ITEM_JOINT.fullmatch(item, out[-1].end, spot.start):
            out.append(spot)
    return out


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _respectively(sentence: str, acted: tuple, days: list) -> dict[int, str]:
    """ "Posts No. 2 and No. 3 followed on Sunday and Monday respectively": as many days as
    sites, in order."""
    if not days or len(acted) < 2:
        return {}
    sites = [s for s, _, _ in acted]
    after = [d for d in days if d.start > sites[-1].end and d.iso]
    if _RESPECTIVELY.search(sentence) is None:  # "A and B ... on 6 and 16 November": as listed
        after = _day_list(sentence, after)
    if len(after) != len(sites):
        return {}
    return {s.start: d.iso for s, d in zip(sites, after)}


_DAY_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+)?|,?\s+(?:and|&)\s+)")


def _day_list(sentence: str, days: list) -> list:
    """The first days after the sites when they are listed together ("6 and 16 November"),
    else none."""
    run = days[:1]
    for d in days[1:]:
        if not _DAY_JOINT.fullmatch(sentence, run[-1].end, d.start):
            break
        run.append(d)
    return run if len(run) > 1 else []


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
        if word.isdigit() or not (low in NOT_NAMES or nation_of(word) or is_country(word)):
            return True
    return False


def _title_case(text: str) -> bool:
    """ "U.S.-Led Coalition Withdrawal From Iraqi Bases": every word capitalised, so a
    capital tells no name."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_CLAUSE_OPENER = re.compile(r"(?:\b(?:that|said|says|confirmed|announced|added)|,)\s+(?:[\w'’-]+\s+){0,5}$",
                            re.IGNORECASE)
_PARTICIPLE_WORD = re.compile(r"(?:handed|turned|transferred|returned|closed|vacated|evacuated|"
                              r"abandoned|given|shut|decommissioned|dismantled|redesignated|ceded|"
                              r"surrendered|taken|withdrawn|signed|passed|emptied)\b")
_SUBJECT_TAIL = re.compile(r"\b(?:be|been|being|to|was|were|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_REDUCED = re.compile(r"^\s*,[^,;]{1,80},\s*$")
_MODAL_TAIL = re.compile(r"\b(?:will|would|shall|should|must|may|might|could|can)\s+(?:\w+ly\s+|also\s+|now\s+|soon\s+)?$",
                         re.IGNORECASE)


def _subject_of(sentence: str, spot: Spot, t: Trigger, between: str) -> bool:
    """The place opens the sentence and the first action after it is said of it, however
    long the description between ("Bagram Airfield, the largest base, is expected to be
    among the last to be handed over"; "the base at Ogossagou, in the Bandiagara region,
    closed earlier this month")."""
    if len(between) > 160 or ";" in between:
        return False
    if len(sentence[:spot.start].split()) > 8:  # or it opens a clause: "... confirmed that the
        opener = _CLAUSE_OPENER.search(sentence, max(0, spot.start - 60), spot.start)  # airfields at X"
        if opener is None:
            return False
    if re.search(r"\b(?:said|says|told|announced)\b", between, re.IGNORECASE):
        return False
    word = sentence[t.start:t.end].lower()
    if re.fullmatch(r"\s*,?\s*(?:all|both|each|since|now|later)?\s*", between) and _PARTICIPLE_WORD.match(word) and \
            not re.match(r"\s+(?:the|a|an|its|their|his|her)\b", sentence[t.end:]):
        return True  # "Camp Castor handed over to UN mission", "the airfield, turned over last week"
    if _SUBJECT_TAIL.search(between) or (
            _REDUCED.match(between) is not None and word.endswith(("ed", "shut", "left", "given"))):
        return True
    if word.startswith(("went ", "passed ", "fell ", "goes ", "go ", "gone ", "revert")):
        return len(between) <= 90 and ";" not in between  # "Camp Antonik ... went to the army",
        # "Fort Kilo and the neighbouring Fort Lima reverted at the start of the month"
    # "the office in Maimana, the capital of Faryab province, closed its doors on Sunday"
    # "Camp Kilo will close in July": closing is what a site does
    return t.action == "closure" and not t.noun and (
        word.endswith(("ed", "shut")) or _MODAL_TAIL.search(between) is not None) and \
        len(between) <= 90 and not re.search(r"\b(?:it|they|he|she|we|who|which|that)\b|"
                                             r"\b(?:forces|troops|mission|army)\b", between, re.IGNORECASE)


def _governing(sentence: str, spot: Spot, triggers: list[Trigger]) -> Trigger | None:
    """The action the place undergoes: the nearest before it in its clause (the place is its
    object), else one right after it in the passive, after ", where", or a noun; a list after
    a colon undergoes the action named before the colon."""
    unit = unit_subject(sentence, spot.start, spot.end, triggers)
    if unit is not None:  # "the troops at Position 69 pulled out"
        return unit
    if spot.role == "unit":  # listed after the forces' word: "the teams at A and B will leave"
        return next((t for t in triggers if t.start >= spot.end and t.action == "withdrawal"
                     and not t.noun), None)
    before = [t for t in triggers if t.end <= spot.start]
    if spot.role == "colon" and before:
        colon = sentence.rfind(":", 0, spot.start)
        listed = [t for t in before if t.end <= colon]
        if listed:
            return listed[-1]
    if before:
        t = before[-1]
        between = dashes_opening_a_list(_ASIDES.sub("", sentence[t.end:spot.start]).rstrip(" ("))
        if len(between) <= 140 and not CLAUSE_BREAK.search(between) \
                and not _OTHER_VERB.search(between) \
                and not re.search(r"\bto\s+(?:the\s+)?$", between, re.IGNORECASE):
            after = next((a for a in triggers if a.start >= spot.end), None)
            if after is not None and after.action == "follow" and _JOINED.search(between) \
                    and _FOLLOWER.fullmatch(sentence, spot.end, after.start):
                return after  # "A was handed over on 20 May and B followed on 27 May": B's own
            if after is not None and _OPENS_WITH_COMMA.search(between) and not after.noun \
                    and _OWN_PASSIVE.fullmatch(sentence, spot.end, after.start):
                return after  # "A pulled back on 29 August, B was evacuated on 30 August": B's own
            if after is None or ", and " not in between or not _PASSIVE_AFTER.match(
                    sentence[spot.end:after.start]):
                return t  # not "... leave in June, and the Rutemba base is to be handed over"
    after = [t for t in triggers if t.start >= spot.end]
    if after:
        t = after[0]
        between = sentence[spot.end:t.start]
        if t.action == "follow":  # "Patton Barracks in Kirchheim followed", "... are to follow"
            return t if _FOLLOWER.fullmatch(between) else None
        if _subject_of(sentence, spot, t, between) or (
                len(between) <= 220 and _TALLY_OF.search(between) and not t.noun):
            return t  # "Together with A, B and C, this brings to seven the number of garrisons
            # vacated": the tally's action is said of the places it counts
        if (_PASSIVE_AFTER.match(between) and not CLAUSE_BREAK.search(between)) \
                or (t.noun and _DUE_FOR.fullmatch(between)) \
                or _RELATIVE_PASSIVE.match(between) \
                or _WHERE.match(between) or _NTH.match(between) \
                or (t.noun and re.fullmatch(r"(?:['’]s)?\s*", between)):
            return t
    return None


_JOINED = re.compile(r"\s(?:and|while)(?:\s+the)?\s*$")  # "... on 20 May and [B followed]"
_OPENS_WITH_COMMA = re.compile(r",\s*(?:and\s+)?(?:then\s+)?(?:the\s+)?$")
_OWN_PASSIVE = re.compile(r"\s+(?:was|were|has\s+been|had\s+been|have\s+been)\s+(?:\w+ly\s+)?")
_TALLY_OF = re.compile(
    rf"\bbring(?:s|ing)?\s+(?:to\s+[\w-]+\s+the|the)\s+(?:total\s+)?number\s+of\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?i:{HEAD})\s+(?:(?:that|which)\s+)?(?:(?:the\s+)?[\w'’-]+\s+)?(?:(?:have|has|had)\s+(?:now\s+)?"
    rf"(?:been\s+)?)?(?:already\s+)?$", re.IGNORECASE)
_FOLLOWER = re.compile(
    r"(?:\s+(?:in|at|near)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?\s*(?:\([^()]*\))?\s*"
    r"(?:,[^,;]{1,90},|\s[-–—]\s|,)?\s*(?:(?:is|are|was|were)\s+(?:also\s+|now\s+)?(?:expected|due|set|"
    r"scheduled|likely|about)\s+to|are\s+to|is\s+to|will|would|should|could|may|has|have|had|soon)?"
    r"(?:\s+(?:also|soon|then|now|next))?\s*")


_ANAPHORS = re.compile(rf"\b(?:the|this|that|its|their)\s+(?:(?!(?:the|this|that|its|their|a|an|at|in|of|on|"
                       rf"to|from|by|with|for)\s)[\w-]+\s+){{0,4}}?(?P<head>{HEAD})\b"
                       # "the base transfers": a base word before a plural noun only qualifies it
                       rf"(?!\s+(?!(?:was|is|has|does|remains|stays)\b)[a-z]+s\b)|"
                       rf"^It(?=\s+(?:was|has\s+been|had\s+been|will\s+be|is\s+to\s+be|is\s+due\s+to\s+be)\s)",
                       re.IGNORECASE)


def anaphora(sentence: str, last: Mention, as_of: str | None, order: int) -> Mention | None:
    """ "The Barkhane force transferred the camp ... on Saturday": a place word without a name,
    acted on, right after a sentence that named one place: that place again."""
    triggers = find_triggers(sentence, False)
    if not triggers:
        return None
    for m in _ANAPHORS.finditer(sentence):
        head = (m.group("head") or "").lower()
        if head.endswith("s") and not head.endswith("ss"):
            continue
        spot = Spot(last.name, m.start(), m.end(), -1)
        trigger = _governing(sentence, spot, triggers)
        if trigger is not None:
            trigger = trigger_status(sentence, trigger)
            break
    else:
        return None
    days = days_named(sentence, as_of)
    date = date_for(sentence, spot, trigger, [spot], triggers, days)
    status = trigger.status or "completed"
    if date and as_of and date > as_of and status == "completed":
        status = "planned"
    return Mention(last.name, last.key, trigger.action, status, date, sentence, order)


@remembered(2048, longest=600)
def named_site(sentence: str, order: int) -> Mention | None:
    """The one site a sentence names by its base word though it tells no action of it ("the
    last flight operated from the Forward Operating Location (FOL) in Manta landed"): what a
    later "the FOL" means. None when it names none, or several."""
    if len(sentence) > 600 or HEAD_ANY.search(sentence) is None:
        return None  # the cheap test first: no base word, no named site
    spots = [s for s in find_sites(sentence, False) if not s.core or s.name != s.core]
    if len(spots) != 1:
        return None
    key = _names.place_key(spots[0].name)
    return Mention(spots[0].name, key, "", "", None, sentence, order) if key else None


_PLURAL_BACK = re.compile(
    rf"^(?:(?P<both>Both)|(?:All|The)\s+(?P<n>two|three|four|five|six)|These(?=\s+(?i:{HEAD})))"
    rf"(?:\s+(?:of\s+them|(?i:{HEAD})))?\s+(?=(?:are|were|will|would|have|had|must|should|also|now|"
    rf"too)\b)")
_HOW_MANY = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def plural_anaphora(sentence: str, previous: str, as_of: str | None, order: int) -> list[Mention]:
    """ "Both are due to be vacated by September", "The two camps will follow": a plural
    subject without names, acted on, right after a sentence that named that many sites (each,
    whether or not that sentence told an action of it)."""
    m = _PLURAL_BACK.match(sentence)
    if m is None or not previous:
        return []
    triggers = find_triggers(sentence, False)
    acting = next((t for t in triggers if t.start >= m.end()), None)
    if acting is None:
        return []
    spots = [s for s in find_sites(previous, True, find_triggers(previous, False))
             if not is_country(s.core or s.name) and not _SITUATING.search(previous, 0, s.start)]
    wanted = 2 if m.group("both") else _HOW_MANY.get((m.group("n") or "").lower())
    if len(spots) < 2 or (wanted is not None and len(spots) != wanted):
        return []
    acting = trigger_status(sentence, acting)
    subject = Spot("", 0, m.end(), -1)
    date = date_for(sentence, subject, acting, [subject], list(triggers), days_named(sentence, as_of))
    status = acting.status or "completed"
    if date and as_of and date > as_of and status == "completed":
        status = "planned"
    return [Mention(s.name, key, acting.action, status, date, sentence, order)
            for s in spots if (key := _names.place_key(s.name))]

