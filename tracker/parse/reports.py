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

This module only walks the blocks (and what the report takes back); the stages are modules of
their own, in the order a sentence meets them: `triggers` (action words), `sites` (find
sites) with `lists` (lists and locations, areas) over `site_names` (what can name a site),
`tense` (status), `mention_dates` (dates), all tied together per sentence by `mentions`, then
`gathering` (one event per place). Headline tallies are `tallies`'s, read from the same prose.

Input: the blocks of an edition, its title and context (as-of date, retractions so far).
Output: `Event`s of the places the prose tells, and `Retraction`s of what it takes back. It
must not read list items as items (that is `events`) nor settle identity across editions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from tracker import identity as _names
from tracker.memo import remembered
from tracker.model import Event
from tracker.parse.areas import areas, towns_of_named_sites
from tracker.parse.events import retracted
from tracker.parse.gathering import gather
from tracker.parse.lists import lists_more, named_also
from tracker.parse.mention_dates import action_day, only_day, reference_offset, shifted
from tracker.parse.mentions import (Mention, anaphora, colon_lead, keys_acted_on, listed_under, named_site,
                                    plural_anaphora, sentence_mentions)
from tracker.parse.retractions import (MAY_TAKE_BACK, blanked, marked, retraction, struck_names, taken_back,
                                      taken_back_next)
from tracker.parse.sentences import DATELINE_PREFIX, clean_text, sentence_spans
from tracker.parse.site_names import NAME, is_place_name
from tracker.parse.state import Context
from tracker.parse.triggers import MORE_VERBS
from tracker.vocabulary.verbs import VERB


def report_events(blocks: Sequence[Any], title: str | None, ctx: Context,
                  taken: Iterable[str] = (), read_items: Iterable[str] = ()) -> list[Event]:
    """The events the prose tells (headline, headings, paragraphs, and list items the item
    reader made nothing of), one per place, apart from places already in `taken`. Of an item
    the item reader did read (`read_items`, by its text) only a place named "together with"
    its own is taken: the rest of it is that item's event and its context."""
    read = set(read_items)
    mentions: list[Mention] = []
    order = 0
    if title:
        mentions += _told_or_taken_back(clean_text(title), ctx, order, headline=True)
        order += 1
    last: Mention | None = None
    previous = ""  # the sentence before, whose sites "Both are ..." means
    lede: tuple[str, list[Mention]] | None = None  # the first sentence of the body, and its mentions
    lead = True  # before the first paragraph: a heading there is the headline (the page's
    # title may be a breadcrumb or a date line), and tells what was done on the edition's date
    colon: tuple[Any, str] | None = None  # "... will go back to the government:": the items' action
    titled: Mention | None = None  # a heading naming only a site, right above this block
    for block in blocks:
        if block.kind not in ("paragraph", "heading", "item"):
            continue
        if block.kind != "item":
            colon = None
        if retracted(block.text):
            _marked_back(block.text, ctx, order)
            continue
        text = clean_text(block.text)
        if block.kind == "heading" or len(text) <= 40 and not text.endswith("."):
            found = sentence_mentions(text, ctx.as_of if lead else None, order, headline=True)
            if not found and block.kind == "item" and colon is not None and text not in read:
                found = listed_under(text, colon[0], colon[1], ctx.as_of, order)  # "- Varn Barracks;"
            mentions += found
            titled = _named_heading(text, order) if not found and block.kind == "heading" else None
            last = found[-1] if found else titled or last
            order += 1
            if block.kind == "heading" and not found:  # "Sites to be handed over": its items'
                heading_action = colon_lead(text.rstrip(":") + ":")
                colon = (heading_action, text) if heading_action is not None else None
            continue
        lead = lead and len(text) <= 120  # a byline or date line keeps the headline ahead
        text = DATELINE_PREFIX.sub("", text, count=1)  # its date is the report's, no event's
        only_also = block.kind == "item" and text in read and not _lists_places(text)
        if only_also and not lists_more(text):
            continue  # an item its reader already told, naming no place beside its own
        named = _lead_in_place(text, order)
        if named is not None:  # "Timbuktu: French forces handed their base ...": the base there
            last = named
        told = len(mentions)
        spans = sentence_spans(text)
        for i, (s, e) in enumerate(spans):
            sentence = text[s:e].strip()
            following = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
            if only_also:
                found = _told_also(sentence, ctx, order, following)
            else:
                found = _told_or_taken_back(sentence, ctx, order, following=following)
            if lede is None and not lead and block.kind == "paragraph":
                lede = (sentence, found)
            order += 1
            if not found:  # "Harlow: closed on 14 April.", "Penmore: closure under way."
                found = _labelled(sentence, ctx.as_of, order)
            if not found and titled is not None:  # "## Camp Kilo" over "Handed over on 3 May."
                found = _labelled(_under_title(titled.name, sentence), ctx.as_of, order)
            found = _dated_by_reference(found, sentence, previous, ctx.as_of)
            found = _day_by_reference(found, sentence, mentions, previous, ctx.as_of)
            found = _named_as(found, sentence, last)
            both = [] if found else plural_anaphora(sentence, previous, ctx.as_of, order)
            previous = sentence
            if found or both:
                mentions.extend(found or both)
                last = (found or both)[-1]
            elif last is not None or _AT_PLACE.match(sentence):
                here = _AT_PLACE.match(sentence)  # "At Guiglo, dismantling of the camp started":
                opener = _named_heading(here.group("name"), order) if here else None  # Guiglo's
                echo = anaphora(sentence, opener or last, ctx.as_of, order)
                if echo is not None:
                    mentions.append(echo)
            else:  # a site named, no action told yet: what a later "the base" means
                last = named_site(sentence, order)
        titled = None  # only the first block under a site's heading tells its status so
        if block.kind == "item" and colon is not None and len(mentions) == told and text not in read:
            mentions += listed_under(text, colon[0], colon[1], ctx.as_of, order)
        elif block.kind == "paragraph" and text.endswith(":"):
            spans = sentence_spans(text)
            last_sentence = text[spans[-1][0]:].strip() if spans else text
            lead_action = colon_lead(last_sentence)
            colon = (lead_action, last_sentence) if lead_action is not None else None
    mentions = _followers([m for m in mentions if m.action])
    if lede is not None:
        mentions = _dated_by_lede(mentions, *lede, ctx.as_of)
    whole = " ".join([title or ""] + [b.text for b in blocks if b.kind != "footnote"])
    cores = {m.core for m in mentions if m.core}
    in_areas = areas(cores, whole) | towns_of_named_sites(cores, {m.name for m in mentions if not m.core}, whole)
    return gather([m for m in mentions if m.core not in in_areas], set(taken))


@remembered(4096)
def _lists_places(text: str) -> bool:
    """Whether a numbered paragraph of several sentences lists places in one of them ("2. On 3
    May the commission accepted the last group. The sites handed over were: A, B and C."):
    prose, whose places are all told, where the item reader would take the first alone.
    Remembered: every item the item reader took is asked about, and the next edition repeats
    them."""
    spans = sentence_spans(text)
    if len(spans) < 2:
        return False
    return any(len(keys_acted_on(text[s:e].strip())) > 1 for s, e in spans)


def _dated_by_lede(mentions: list[Mention], lede: str, told: list[Mention],
                   as_of: str | None) -> list[Mention]:
    """ "Coalition hands al-Qaim base to Iraqi army" over "The coalition handed over a base in
    the far west of Iraq yesterday, ...": the headline's action, dated only by the edition,
    happened on the day the first sentence of the body tells it, when that sentence dates
    no place of its own."""
    if not any(m.implied for m in mentions) or any(m.date for m in told):
        return mentions
    day = action_day(lede, as_of)
    if day is None:
        return mentions
    return [replace(m, date=day, implied=False) if m.implied else m for m in mentions]


# "The positions abandoned were ...", "These sites include ...": a definite plural that lists
_BACK_PLURAL = re.compile(r"(?:The|These|Those|All\s+the|Both)\s+(?:[a-z-]+\s+){0,2}?"
                          r"(?P<head>[a-z]+s)\b(?:\s+[a-z-]+){0,3}?\s+(?:were|are|included?|comprised?)\b")


def _dated_by_reference(found: list[Mention], sentence: str, previous: str,
                        as_of: str | None) -> list[Mention]:
    """ "The IDF evacuated its final nine positions on Tuesday night. The positions abandoned
    were A, B and C.": a list under a definite plural, dated nowhere in its own sentence, tells
    the places of the sentence before it that acted on that plural, and on its day."""
    if not found or not previous or any(m.date for m in found):
        return found
    m = _BACK_PLURAL.match(sentence)
    if m is None or not re.search(rf"\b{m.group('head')}\b", previous, re.IGNORECASE):
        return found
    day = action_day(previous, as_of)
    if day is None:
        return found
    return [replace(x, date=day) for x in found]


_LABELLED = re.compile(
    r"(?P<name>[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){0,3}):\s+"
    r"(?:(?P<plan>(?:scheduled|due|expected|planned|set|slated)\b|to\s+be\b|being\b)"
    r"|(?P<noun>closure|handover|hand-over|transfer|withdrawal|return|evacuation|departure)\b"
    r"|(?P<done>[a-z]+(?:ed|wn|en)\b|left\b|shut\b))")


_STATUS_LABEL = re.compile(r"(?:status|progress|state|update)\s*:\s*", re.IGNORECASE)


def _under_title(name: str, sentence: str) -> str:
    """A sentence with no subject under a heading that names a site ("Handed over on 3 May.",
    "Status: closure scheduled for Q3") as the status line of that site ("Camp Kilo: handed
    over on 3 May."), for `_labelled` to read; a sentence with a subject reads as it is."""
    label = _STATUS_LABEL.match(sentence)
    rest = sentence[label.end():] if label else sentence
    return f"{name}: {rest[:1].lower()}{rest[1:]}" if rest[:1].isupper() else sentence


def _labelled(sentence: str, as_of: str | None, order: int) -> list[Mention]:
    """A place's name and a colon before what happened to it, as status lists write ("Harlow:
    closed on 14 April.", "Penmore: closure under way.", "Quist: scheduled for closure in
    May."): read as the sentence it stands for ("Harlow was closed on 14 April")."""
    m = _LABELLED.match(sentence)
    if m is None or m.group("name").split()[0].lower().strip(".") in _LABELS \
            or not is_place_name(m.group("name")):
        return []
    name, rest = m.group("name"), sentence[m.end("name") + 1:].strip()
    if m.group("noun"):
        noun, after = m.group("noun"), rest[len(m.group("noun")):]
        state = "is" if re.match(r"\s+(?:under\s*way|ongoing|in\s+progress|complete|pending)\b", after) else ""
        told = f"The {noun} of {name}{' ' + state if state else ''}{after}"
    else:
        told = f"{name} {'is' if m.group('plan') else 'was'} {rest}"
    return [replace(x, text=sentence) for x in sentence_mentions(told, as_of, order)]


def _day_by_reference(found: list[Mention], sentence: str, told: list[Mention],
                      previous: str = "", as_of: str | None = None) -> list[Mention]:
    """ "The army handed over Camp A on 3 March. Camp B followed the next day.": a sentence
    dated only by reference takes the day of the last place dated before it, moved by the
    days it names; the sentence just before may tell that day of an action naming no site
    ("Forces completed their departure yesterday. Post A and Post B were vacated in the
    course of the day.")."""
    if not found or any(m.date for m in found):
        return found
    offset = reference_offset(sentence)
    if offset is None:
        return found
    dated = [m for m in told if m.date and len(m.date) == 10 and not m.implied]
    base = dated[-1].date if dated and dated[-1].text == previous else None  # its last place's day
    base = base or (action_day(previous, as_of) or only_day(previous, as_of) if previous else None) \
        or (dated[-1].date if dated else None)
    if base is None:
        return found
    day = shifted(base, offset)
    return [replace(m, date=day) for m in found]


# "the post, known as", "its base, also called": a name given to a place meant by its kind word
_NAMED_AS = re.compile(r"\b(?:the|its|their|this|that)\s+(?P<head>[a-z]+),?\s+(?:(?:also|now|locally|"
                       r"formerly|officially)\s+)?(?:known\s+as|called|referred\s+to\s+as|dubbed)\s+"
                       r"(?:the\s+)?$")


def _named_as(found: list[Mention], sentence: str, last: Mention | None) -> list[Mention]:
    """ "Turkish forces left the observation post at Morek. Convoys left the post, known as
    observation post No. 9, on Monday": a name given to what the sentence means by "the post"
    is another name of the place last told, when that is a post too, not a place of its own."""
    if last is None or not last.key or not found or " as " not in sentence and "called" not in sentence:
        return found
    out = []
    for m in found:
        at = sentence.find(m.name)
        named = _NAMED_AS.search(sentence, max(0, at - 80), at) if at > 0 and m.key != last.key else None
        if named is not None and named.group("head") in last.name.lower().split():
            m = replace(m, name=last.name, key=last.key, core=last.core)
        out.append(m)
    return out


def _followers(mentions: list[Mention]) -> list[Mention]:
    """ "Three more sites are to follow", "Patton Barracks followed in January": a place said
    to follow undergoes the action told of the places before it (else after it); with none
    told, the sentence is no event."""
    if not any(m.action == "follow" for m in mentions):
        return mentions
    out = []
    for i, m in enumerate(mentions):
        if m.action == "follow":
            told = next((o.action for o in reversed(mentions[:i]) if o.action != "follow"), None) \
                or next((o.action for o in mentions[i + 1:] if o.action != "follow"), None)
            if told is None:
                continue
            same = next((o for o in reversed(mentions[:i]) if o.order == m.order and o.action != "follow"),
                        None)  # "the handover of A in the coming weeks, followed by B": as A
            status = same.status if same else "planned" if m.status == "planned" else "completed"
            m = replace(m, action=told, status=status)
        out.append(m)
    return out


_PLACE_LEAD = re.compile(r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ .'’-]+\s+[—–-]\s+)?(?P<name>[A-ZÀ-Þ][\w'’ .-]{1,40}?):\s")


def _lead_in_place(text: str, order: int) -> Mention | None:
    """A paragraph led by a place's name and a colon, as situation updates write them
    ("Kidal: The French force began ...", "MALI — Timbuktu: French forces handed their base
    ..."): the place its sentences mean by "the camp", "their base"."""
    m = _PLACE_LEAD.match(text)
    if m is None or m.group("name").split()[0].lower().strip(".") in _LABELS:
        return None
    return _named_heading(m.group("name"), order)


_AT_PLACE = re.compile(r"(?:At|In)\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2}),\s")


# words that lead a line as a label, not as a place ("Published: 3 May", "Update: ...")
_LABELS = frozenset({"published", "updated", "update", "posted", "date", "dated", "dateline",
                     "source", "sources", "note", "notes", "background", "summary", "context",
                     "analysis", "assessment", "comment", "editor", "by", "filed", "location",
                     "status", "time", "timeline", "correction", "clarification", "latest",
                     "breaking", "read", "see", "photo", "video", "watch", "listen", "category",
                     "tags", "topics", "related", "contact", "distribution", "next", "previous",
                     "subject", "re", "from", "to", "attention", "urgent", "flash", "update"})


def _told_or_taken_back(sentence: str, ctx: Context, order: int,
                        headline: bool = False, following: str = "") -> list[Mention]:
    """A sentence's mentions; of a sentence taking an earlier report back (or reporting a claim
    the next sentence says was wrong), its places are retractions, and only those outside the
    claim it takes back are told (the correction)."""
    found = sentence_mentions(sentence, ctx.as_of, order, headline=headline)
    cue = taken_back(sentence) if MAY_TAKE_BACK.search(sentence) else None
    if cue is None:
        after = taken_back_next(sentence, following) if found and following else None
        if after is None:
            return found
        cue = (None, after)
    _, claim = cue
    if claim is not None:  # a denial names no action of its own: the claim's places are taken back
        claimed = sentence_mentions(sentence[claim[0]:claim[1]], ctx.as_of, order, headline=headline)
        found = found + [m for m in claimed if all(m.key != f.key for f in found)]
    ctx.retractions += [retraction(m.name, m.key, sentence) for m in found]
    if claim is None:
        if _DENIED_HERE.search(sentence) and not _STILL_AHEAD.search(sentence):
            return [m for m in found if m.status != "planned"]  # "contrary to reports, it has not left X"
        return found
    return sentence_mentions(blanked(sentence, claim), ctx.as_of, order, headline=headline)


def _told_also(sentence: str, ctx: Context, order: int, following: str) -> list[Mention]:
    """Of an item the item reader told, the places named "together with" its own. A sentence
    with no such phrase (`named_also` of no name: whether there is one) that takes nothing
    back keeps none of its mentions and adds no retraction: it is not read, nor its places
    dated."""
    if not named_also(sentence, "") and not MAY_TAKE_BACK.search(sentence) \
            and taken_back_next(sentence, following) is None:
        return []
    return [m for m in _told_or_taken_back(sentence, ctx, order, following=following)
            if named_also(sentence, m.name)]


# a correction that says what did not happen ("has not withdrawn", "never left"), unless it
# says it is still to come ("has not yet", "will")
_DENIED_HERE = re.compile(r"\b(?:not|never)\b(?!\s+yet)|n[’']t\b(?!\s+yet)", re.IGNORECASE)
_STILL_AHEAD = re.compile(r"\b(?:will|shall|yet|expected|scheduled|planned|due|is\s+to|are\s+to)\b",
                          re.IGNORECASE)


def _marked_back(text: str, ctx: Context, order: int) -> None:
    """A block marked as withdrawn: its places are retractions."""
    rest = clean_text(marked(text) or "")
    for s, e in sentence_spans(rest):
        sentence = rest[s:e].strip()
        ctx.retractions += [retraction(m.name, m.key, text) for m in
                            sentence_mentions(sentence, ctx.as_of, order)]


def struck_retractions(struck: Iterable[str], ctx: Context) -> list[Any]:
    """Struck-out text: the places it tells of (or names alone) are retractions."""
    out = []
    for span in struck:
        text = clean_text(span)
        found = [retraction(m.name, m.key, text) for s, e in sentence_spans(text)
                 for m in sentence_mentions(text[s:e].strip(), ctx.as_of, 0)]
        out += found or [retraction(name, None, text) for name in struck_names(text)]
    return out


_SECTION_WORDS = {"background", "context", "overview", "summary", "introduction", "personnel",
                  "health", "education", "nutrition", "protection", "humanitarian", "access",
                  "politics", "economy", "recommendations", "analysis", "comment", "reaction",
                  "contact", "contacts", "notes", "key figures", "next update", "timeline",
                  "security", "logistics", "outlook", "annex", "sources", "about", "media"}


def _named_heading(text: str, order: int) -> Mention | None:
    """A heading that is only a place's name ("Ménaka") is what the sentences under it
    mean by "the camp"."""
    name = text.strip(" :.-")
    if not re.fullmatch(NAME, name) or not is_place_name(name) or name.lower() in _SECTION_WORDS \
            or (name.isupper() and len(name) > 4) \
            or VERB.search(name) or MORE_VERBS.search(name):
        return None
    key = _names.place_key(name)
    return Mention(name, key, "", "", None, text, order) if key else None

