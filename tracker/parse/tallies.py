"""Tallies: headline figures stated in prose ("six bases have been transferred", "the fourth
camp returned so far", "handed over 494 of the 505 bases", "bringing to five the number of
positions vacated", "Locations transferred ...: 14") -> one `Count` per claim.

Input: the title and prose paragraphs of an edition, and its context (as-of date). Output:
`Count`s, each with its subject (a plural: "bases"), predicate (transferred, withdrawn, closed,
or None for a mere list: "the list of six bases") and value. Only counts of places are read,
by the site nouns of `tracker.vocabulary.site_nouns` (any kind of site: "six FOBs", "the third
observation point"): troops, casualties, vehicles or attacks never are, nor a date's or a year's
number. Two claims never merge under one key unless they tell one running total. It must
not compare counts with the items listed (that is `counts`); the sentence shapes it reads by
are `tally_shapes`'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker import identity as _names
from tracker.memo import remembered
from tracker.model import PLANNED_TALLY, Count
from tracker.parse import tally_shapes as shapes
from tracker.parse.sections import AS_OF
from tracker.parse.sentences import SPACES, sentence_spans
from tracker.parse.state import Context
from tracker.vocabulary.dates import find_dates
from tracker.vocabulary.numbers import NUMBER_RE_SOURCE, ORDINAL_RE_SOURCE, parse_number, parse_ordinal
from tracker.vocabulary.site_nouns import SITE_NOUN_RE_SOURCE, SITE_NOUNS
from tracker.vocabulary.site_nouns import is_plural_only
from tracker.vocabulary.site_nouns import plural as _plural
from tracker.vocabulary.verbs import VERB


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
_PLURAL_PLACE = re.compile(rf"(?=[{''.join(sorted({w[0] for w in SITE_NOUNS}))}])\b(?:"
                           + "|".join(sorted(SITE_NOUNS)) + r")\b")
_NUMBER_WORD = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|all)\b")


@remembered(4096)
def _may_tally(item: str) -> bool:
    """A cheap test for a list item: a number a few words before or after a plural place noun
    ("nine sites in the north", "Locations transferred since 1 May: 14")."""
    low = item.lower()
    return any(_NUMBER_WORD.search(low, max(0, m.start() - 40), m.end() + 60)
               for m in _PLURAL_PLACE.finditer(low)) or _ONE_LEFT.search(low) is not None


# an item that counts one place still held: "One site remains open", "one post is left"
_ONE_LEFT = re.compile(r"\bone\s+(?:[a-z-]+\s+){0,2}?[a-z]+\s+(?:still\s+)?(?:remains|is\s+left)\b")

_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
_OWNED = re.compile(r"\b(?:the|its|their)\b", re.IGNORECASE)
# "one of the four installations": a share of a whole the text counts, a tally of one
_OF_COUNTED = re.compile(rf"\s+of\s+(?:the|its|their)\s+(?:[a-z]+\s+)?{shapes.BARE_NUMBER}", re.IGNORECASE)
# the whole a rank is of: "the fifth of seven sites returned so far" tallies five, not seven
_RANK_OF = re.compile(rf"\b{ORDINAL_RE_SOURCE}\s+of\s+(?:(?:the|its|their)\s+)?(?:[\w.'’-]+['’]s\s+)?$",
                      re.IGNORECASE)
_ALL_BUT = re.compile(r"\ball\s+but\s+$", re.IGNORECASE)
# a part of the whole told by a word, not a number: "Half of the 20 bases", "most of its 12 posts"
# (half is read as its number; the others count nothing)
_SHARE_WORD = re.compile(r"\b(?P<part>half|most|some|many|several|none|few|part|majority|(?:a|one|two)\s+"
                         r"(?:third|quarter|fifth)s?|(?:two|three)\s+(?:thirds|quarters))\s+of\s+"
                         r"(?:the|its|their|these|those)\s+$", re.IGNORECASE)


def read_tallies(texts: Sequence[str], ctx: Context, items: Sequence[str] = (),
                 headings: Sequence[str] = ()) -> list[Count]:
    """The counts of places the texts state, one per claim, each as of the date its sentence
    gives ("as of 3 May") or the edition's; list items state them too ("- Nine sites have been
    handed over since March 2020"), read only when they name places in the plural (a cheap test:
    most items tell one place)."""
    drafts: list[_CountDraft] = []
    for text in [*texts, *(_row_figure(i) for i in items if _may_tally(i))]:
        before = ""
        for s, e in sentence_spans(text):
            sentence = text[s:e].strip()
            read = _fill_ellipsis(sentence, before)
            drafts.extend(_sentence_counts(read, ctx, _antecedent(sentence, before), shown=sentence))
            before = sentence
    for heading in (h for h in headings if len(h) <= 120 and _may_tally(h)):
        drafts.extend(_sentence_counts(heading, ctx) or _heading_count(heading, ctx))
    return _merge_counts(drafts)


# a heading that names a number of places: "The four sites and what happened to them"
_HEADING_COUNT = re.compile(rf"^\W*(?:the\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+{shapes.MOD}{shapes.SUBJECT}\b",
                            re.IGNORECASE)


def _heading_count(heading: str, ctx: Context) -> list[_CountDraft]:
    """A section heading that only names a number of places counts them, as a list's count
    does (no action): a heading that tells an action is read as a sentence."""
    m = _HEADING_COUNT.match(heading)
    value = parse_number(m.group("num")) if m else None
    subject = _plural(m.group("subj")) if m else ""
    if value is None or subject not in SITE_NOUNS:
        return []
    return [_CountDraft(subject, None, value, ctx.as_of, heading, own=True)]


# a row of a figures table, as the table reader gives it: its label, then the figure under its
# column's header ("Sites handed over. Figure: 12", "Posts vacated. Total: 9")
_ROW_FIGURE = re.compile(r"^(?P<label>[^.:;]{3,80})\.\s+(?-i:[A-Z])[\w ()/-]{0,30}:\s*(?P<num>\d[\d,]*)\s*$",
                         re.IGNORECASE)


def _row_figure(item: str) -> str:
    """A figures table's row read as a label and its figure ("Sites handed over: 12")."""
    m = _ROW_FIGURE.match(item)
    return f"{m.group('label')}: {m.group('num')}" if m else item


def _antecedent(sentence: str, before: str) -> str:
    """The places "them" stands for in "closed nine of them", named in the sentence before
    ("The mission had 13 camps."); none when the sentence names places itself."""
    if " of them" not in sentence or not before or _PLURAL_PLACE.search(sentence.lower()):
        return ""
    found = _PLURAL_PLACE.findall(before.lower())
    return found[-1] if found else ""


@remembered(4096)
def _fill_ellipsis(sentence: str, before: str) -> str:
    """The sentence with the noun put back where a number stands for places a count just named
    ("41 of the 52 properties ... The remaining 11 will follow" reads "the remaining 11
    properties"): the noun of the last count before the number, in the sentence or the one
    before it, and only when the number is smaller than that count's largest (so "the
    remaining 300" after "six bases" is no count of bases)."""
    gaps = sorted((m for pattern in (shapes.ELLIPSIS, shapes.ELLIPSIS_REST) for m in pattern.finditer(sentence)
                   if _ANY_SITE_NOUN.match(sentence.lower(), m.end("num") + 1) is None),
                  key=lambda m: m.start("num"))
    gaps = [m for i, m in enumerate(gaps) if not i or m.start("num") != gaps[i - 1].start("num")]
    out = sentence
    for gap in reversed(gaps):
        value = parse_number(gap.group("num"))
        counted = (list(shapes.COUNTED_NOUN.finditer(sentence, 0, gap.start("num")))
                   or list(shapes.COUNTED_NOUN.finditer(before)))
        if value is None or not counted:
            continue
        last = counted[-1]
        bound = max((parse_number(n.group(0)) or 0 for n in shapes.NUMBER.finditer(last.group(0))), default=0)
        if value <= bound:
            noun = _plural(SPACES.sub(" ", last.group("subj")))
            out = f"{out[:gap.end('num')]} {noun}{out[gap.end('num'):]}"
    return out


def _sentence_counts(sentence: str, ctx: Context, antecedent: str = "", shown: str = "") -> list[_CountDraft]:
    """The claims of one sentence, with the date they are stated as of (`shown`: the sentence
    as written, when `sentence` has an elided noun put back)."""
    if len(sentence) > 2000 or not re.search(r"\d|[a-z]", sentence):
        return []
    dates = find_dates(sentence, as_of=ctx.as_of)
    claims = _claims(sentence, tuple((d.start, d.end) for d in dates), antecedent)
    if not claims:
        return []
    stated = next((d.iso for d in dates if d.iso and AS_OF.search(
        sentence[max(0, d.start - 20): d.start])), None)
    return [_CountDraft(subject, predicate, value, stated or ctx.as_of, shown or sentence, own)
            for subject, predicate, value, own in claims]


_OF_IN = re.compile(r"\sof\s", re.IGNORECASE)


def _ranked_tallies(sentence: str, spans: tuple[tuple[int, int], ...] = ()) -> list[tuple[str, str | None, int]]:
    """Base tallies told by rank or by a running total: "the fourth camp returned so far",
    "the second of its nine bases", "bringing to five the number of positions vacated" (only
    in a sentence that tells an action, so "the first camp built" counts nothing)."""
    verb = VERB.search(sentence)
    if verb is None and shapes.ORDINAL_WORD.search(sentence):  # "the second base ... to change hands"
        verb = shapes.MORE_ACTIONS.search(sentence)  # "gave up", "passed to Iraqi control" tell one too
    if verb is None:
        return []
    word = SPACES.sub(" ", verb.group(0).lower())
    pred = shapes.PRED_LEMMA.get(word, "withdrawn" if word.endswith(" up") or word.startswith("surr")
                           else "transferred")
    out = []
    if shapes.ORDINAL_WORD.search(sentence):  # cheap tests first: most sentences tell no tally
        for m in shapes.ORDINAL.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            if is_plural_only(m.group("subj")) and not _OF_IN.search(m.group(0)):
                continue  # "the first positions to be given up": a batch, not the first one
            if value is not None:
                out.append((_noun(m.group("subj")), pred, value))
        for m in shapes.ORDINAL_ELIDED.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            head = shapes.SITE_HEAD.search(sentence, 0, m.start())
            own = SPACES.sub(" ", m.group("pred").lower())
            lemma = _INTRANSITIVE_LEMMA.get(own) or shapes.PRED_LEMMA.get(own, pred)
            if value is not None and head is not None:  # "the first to leave the room": no site
                out.append((_plural(head.group("head")), lemma, value))
        for m in shapes.ORDINAL_ACTION.finditer(sentence):
            value = parse_ordinal(m.group("ord"))
            act = (m.group("act") or m.group("act2")).lower().rstrip("s").replace("-", "")
            noun = m.group("subj") or m.group("kind").split()[-1]
            if value is not None:
                out.append((_plural(noun) if _plural(noun) in SITE_NOUNS else "sites",
                            shapes.PRED_LEMMA.get(act, "transferred"), value))
    low = sentence.lower()
    patterns = [*(shapes.BRINGING if ("bring" in low or "brought" in low or "number of" in low or "total of" in low
                                or "tally of" in low) else ()),
                *(shapes.SHARE if shapes.SHARE_HINT.search(sentence) else ()),
                *((shapes.FIGURE, shapes.FIGURE_WORD) if shapes.FIGURE_HINT.search(sentence) else ())]
    for m in (m for pattern in patterns for m in pattern.finditer(sentence)):
        if any(s <= m.start("num") < e for s, e in spans):
            continue  # "Posted on: 29 April": a date's number
        value = parse_number(m.group("num"))
        subject = m.group("subj") or "bases"
        own = SPACES.sub(" ", (m.groupdict().get("pred") or "").lower())  # "FOBs closed: 3"
        if value is not None and value < 10_000:
            lemma = "remaining" if own == "left" and m.re in (shapes.FIGURE, shapes.FIGURE_WORD) \
                else shapes.PRED_LEMMA.get(own, pred)  # "Posts left: 4": the ones still held
            out.append((_noun(subject), lemma, value))
    return out


# the places a copula names: "The four properties are A, B, C and D", "The six sites in the
# city are ...": a count of places, no action
_COUNT_COPULA = re.compile(
    rf"^\W*(?:the|these|those)\s+(?P<num>{NUMBER_RE_SOURCE})\s+{shapes.MOD}{shapes.SUBJECT}{shapes.WHERE_PHRASE}\s+"
    rf"(?:are|were|include|included|comprise|comprised)\s*(?=(?-i:[A-Z])|the\b|what\b|:)", re.IGNORECASE)
# a count of places the sentence names by a pronoun: "it had closed nine of them, including
# the camps at A and B" counts camps
_COUNT_OF_THEM = (
    re.compile(rf"\b{shapes.PARTICIPLE}\s+(?:(?:all|only|just)\s+)?(?P<num>{NUMBER_RE_SOURCE})\s+of\s+them\b",
               re.IGNORECASE),
    re.compile(rf"(?P<num>{NUMBER_RE_SOURCE})\s+of\s+them\s+(?:(?:have|has|had)\s+{shapes.ADV}been\s+|"
               rf"(?:were|was|are|is)\s+{shapes.ADV})?{shapes.ADV}{shapes.PARTICIPLE}\b", re.IGNORECASE))
_PATTERNS = (shapes.LABELLED, shapes.COUNT_PASSIVE, shapes.COUNT_ACTIVE, shapes.COUNT_PRESENT, shapes.COUNT_LIST, shapes.COUNT_PLANNED, shapes.COUNT_QUALIFIED,
             shapes.COUNT_NOUN, shapes.WHOLE_FIRST, shapes.COUNT_INTRANSITIVE, shapes.COUNT_FOR, shapes.COUNT_RELATIVE, _COUNT_COPULA,
             shapes.COUNT_HELD, *shapes.REMAINING)
# A word each pattern cannot match without (one of them, in the sentence folded to lower case):
# a test in C before the pattern's search, which tries its number at every letter. Folding maps
# each character the caseless patterns take for an ASCII letter to that letter ("K", the Kelvin
# sign, "ſ", the long s, and both Turkish i), so a sentence a pattern matches always passes.
_FOLD = str.maketrans({"\u212a": "k", "\u017f": "s", "\u0130": "i", "\u0131": "i"})
_NEEDS = {
    shapes.LABELLED: ("hand", "transfer", "clos", "return", "vacated", "withdraw"),
    shapes.COUNT_QUALIFIED: ("vacated", "closed", "returned", "transferred", "abandoned", "decommissioned"),
    shapes.COUNT_PLANNED: ("will", "to"),
    shapes.COUNT_NOUN: ("closure", "hand", "transfer", "return", "withdrawal", "evacuation", "pull", "departure",
                        "relocation", "retrocession", "restitution", "reversion", "dismantling",
                        "decommissioning", "demolition", "abandonment"),
    shapes.WHOLE_FIRST: ("of",),
    shapes.COUNT_INTRANSITIVE: ("clos", "shut", "follow", "back", "revert"),
    shapes.COUNT_FOR: ("for",),
    shapes.COUNT_RELATIVE: ("to",),
    shapes.COUNT_LIST: ("list", "total", "tally", "number", "all", "last"),
    shapes.COUNT_PRESENT: ("hands", "returns", "closes", "vacates", "transfers", "leaves", "quits", "abandons",
                           "gives", "pulls", "withdraws", "shuts", "takes", "dismantles"),
    shapes.REMAINING[0]: ("remain",),
    shapes.REMAINING[1]: ("remaining",),
    shapes.REMAINING[2]: ("remaining", "left", "outstanding"),
    shapes.REMAINING[3]: ("remaining", "outstanding"),
}
# paired once: a pattern's hash is computed afresh from its whole program at every lookup
_PATTERN_NEEDS = tuple((pattern, _NEEDS.get(pattern)) for pattern in _PATTERNS)
# what a count of places that go without an object says they do
_INTRANSITIVE_LEMMA = {"close": "closed", "closes": "closed", "closed": "closed", "shut": "closed",
                       "go back": "transferred", "went back": "transferred", "revert": "transferred",
                       "reverted": "transferred"}
_FOR_LEMMA = {"release": "transferred",
              # in whose hands the places are now: "are back in French hands"
              "in": "transferred", "under": "transferred", "back in": "transferred", "back under": "transferred"}
# "the places that follow" do what the sentence's other verb says
_FOLLOW = frozenset({"follow", "followed"})


def _matches(sentence: str, antecedent: str = "") -> list[tuple[re.Match[str], re.Pattern[str], str | None, str, bool]]:
    """Every candidate count of the sentence: its match, pattern, predicate, subject and whether
    it is a tally of its own beside any running total (joined by "including")."""
    out = []
    folded = sentence.lower() if sentence.isascii() else sentence.translate(_FOLD).lower()
    for pattern, needs in _PATTERN_NEEDS:
        if pattern is shapes.COUNT_HELD and not shapes.HELD_HINT.search(sentence):
            continue
        if needs is not None and not any(word in folded for word in needs):
            continue
        found = [(m, pattern, m.groupdict().get("pred"), m.group("subj"), False)
                 for m in pattern.finditer(sentence)]
        if pattern in (shapes.COUNT_ACTIVE, shapes.COUNT_PLANNED, shapes.COUNT_PRESENT, shapes.COUNT_NOUN):  # "vacated 60 army camps and 10 air bases"
            found += _chained(sentence, found, pattern)
            found += [(more, shapes.COUNT_PLANNED, more.group("pred"), subj, True) for m, _, _, subj, _ in found
                      if (more := shapes.PLANS_MORE.match(sentence, m.end())) is not None]
        elif pattern is shapes.COUNT_PASSIVE:  # "seven bases transferred, two closed": the same noun
            found += [(more, pattern, more.group("pred"), subj, False) for m, _, _, subj, _ in found
                      if (more := shapes.THEN_MORE.match(sentence, m.end())) is not None]
            found += [(more, pattern, pred, more.group("subj"), True) for m, _, pred, _, _ in found
                      if (more := shapes.AND_ALSO.match(sentence, m.end())) is not None]
            # "Six helipads and four airstrips were closed": the first shares the verb
            found += [(before, pattern, m.group("pred"), before.group("subj"), False) for m, _, _, subj, _ in found
                      if _plural(subj) in SITE_NOUNS
                      and (before := shapes.AND_BEFORE.search(sentence, max(0, m.start() - 60), m.start()))]
        if pattern in (shapes.COUNT_PASSIVE, shapes.COUNT_ACTIVE, shapes.COUNT_PRESENT):  # "..., including ten team sites"
            found += [(inc, pattern, pred, inc.group("subj"), True) for m, _, pred, _, _ in found
                      if (inc := shapes.INCLUDING.match(sentence, m.end())) is not None]
            # "Twelve sites, including four team sites, have been vacated": set off before the verb
            found += [(inc, pattern, pred, inc.group("subj"), True) for m, _, pred, _, _ in found
                      if pattern is shapes.COUNT_PASSIVE and "including" in m.group(0)
                      and (inc := shapes.INCLUDING_SET_OFF.search(sentence, m.start(), m.end())) is not None]
        out.extend(found)
    if " of them" in sentence:
        noun = _PLURAL_PLACE.search(sentence.lower())
        noun_text = noun.group(0) if noun else antecedent
        out.extend((m, shapes.COUNT_ACTIVE, m.group("pred"), noun_text, False)
                   for pattern in (_COUNT_OF_THEM if noun_text else ()) for m in pattern.finditer(sentence))
    return out


def _chained(sentence: str, found: list, pattern: re.Pattern[str]) -> list:
    """The counts joined after each found one, as many as follow: "returned 9 posts in May, 4
    in June and 2 in July" (the nouns put back by `_fill_ellipsis`)."""
    out = []
    for m, *_ in found:
        end = m.end()
        while (more := shapes.AND_MORE.match(sentence, end)) is not None:
            out.append((more, pattern, m.group("pred"), more.group("subj"), False))
            end = more.end()
    return out


def _lemma(m: re.Match[str], pattern: re.Pattern[str], pred: str | None, sentence: str) -> str | None:
    """The predicate of a count, "to be ..." when it is planned; None for a list's count."""
    pred = SPACES.sub(" ", pred.lower()) if pred else None
    if pred is not None and pattern in (shapes.COUNT_PRESENT, shapes.COUNT_PLANNED):  # "hands over", "withdraw from"
        first, _, rest = pred.partition(" ")
        pred = " ".join([first[:-1] if pattern is shapes.COUNT_PRESENT else first,
                         *(w for w in rest.split() if w not in ("from", "of"))])
    if pred is None or pred in shapes.NOT_PREDICATES:
        return None if pred is None else ""
    if pattern in shapes.REMAINING:
        return "remaining"  # "One site remains", "Posts left: 4": the places still held
    if pred == "left" and pattern is shapes.COUNT_PASSIVE and _LEFT_OVER.match(sentence, m.end("subj"), m.end()) \
            and not _BY_AGENT.match(sentence, m.end()):
        pred = "remaining"  # "five military towns left": what is left over, not what was left
    if pattern in (shapes.COUNT_INTRANSITIVE, shapes.COUNT_PASSIVE) and pred in _FOLLOW:
        verb = next((v for v in VERB.finditer(sentence) if not v.group(0).lower().startswith("follow")), None)
        pred = SPACES.sub(" ", verb.group(0).lower()) if verb else "transferred"
        lemma = shapes.PRED_LEMMA.get(pred, "transferred")
    else:
        lemma = (_INTRANSITIVE_LEMMA.get(pred) or _FOR_LEMMA.get(pred) or shapes.PRED_LEMMA.get(pred)
                 or shapes.PRED_LEMMA.get(pred.rstrip("s"), pred))  # "Handovers completed: 7 sites"
    planned = (pattern in (shapes.COUNT_FOR, shapes.COUNT_RELATIVE)
               or pattern is shapes.COUNT_PLANNED and not shapes.DONE_TO.search(sentence, max(0, m.start() - 40), m.start())
               or pattern is shapes.COUNT_INTRANSITIVE and m.group("when") is not None
               or pattern not in (shapes.COUNT_PLANNED, shapes.COUNT_INTRANSITIVE) and shapes.PLANNED_WORDS.search(m.group(0))
               or pattern is shapes.COUNT_PASSIVE and shapes.WANTED.search(sentence, max(0, m.start() - 60), m.start())
               or pattern is shapes.COUNT_NOUN and (shapes.NOUN_DUE.match(sentence, m.end()) is not None
                                              or shapes.NOUN_PLANNED.search(sentence, max(0, m.start() - 60), m.start())))
    return f"{PLANNED_TALLY} {lemma}" if planned else lemma


# a bare "left" after the counted places, no auxiliary between ("five bases left", "only two
# posts now left"): the places still held; "were left by the army" tells who left them
_LEFT_OVER = re.compile(r"(?:(?!\b(?:were|was|are|is|been|be|have|has|had)\b)[^.;:])*?\bleft$", re.IGNORECASE)
_BY_AGENT = re.compile(r"\s+by\b", re.IGNORECASE)


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
    if all(any(s <= n.start() and n.end() <= e for s, e in spans) for n in shapes.NUMBER.finditer(sentence)):
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
        if shapes.POSTED_IN.search(sentence, max(0, num_start - 40), num_start):
            continue  # "troops were stationed in 59 garrisons": where they were, no drawdown
        value = parse_number(m.group("num"))
        share = _SHARE_WORD.search(sentence, max(0, num_start - 40), num_start)
        if share is not None:
            if share.group("part").lower() != "half" or value is None or value % 2:
                continue  # "most of its 12 posts": how many is not said
            value //= 2
        part = shapes.PART_OF.search(sentence[:num_start])
        if part is not None and value is not None:
            if pattern is shapes.COUNT_RELATIVE:
                continue  # "69 of the 80 facilities they agreed to return have been returned"
            if parse_number(part.group("part")) == 1 and not _OWNED.search(part.group(0)):
                continue  # "one of two border posts": which one, no tally ("one of the four": a share)
            whole, value = value, parse_number(part.group("part"))
            if value is None or value > whole:
                continue  # "7 of 8 bases have been handed over": the count is 7, not 8
        elif value == 1 and _OF_NEXT.match(sentence, m.end("num")) and not _OF_COUNTED.match(sentence, m.end("num")):
            continue  # "gave up one of its sites": which one, no tally ("one of the four": a share)
        subject = _qualified(sentence, m, subject.lower())
        if value is None or subject in shapes.NOT_SUBJECTS or value > 1_000_000:
            continue
        if value != 1 and not subject.endswith("s"):
            continue
        if _plural(subject) not in SITE_NOUNS:
            continue  # troops, peacekeepers, vehicles, attacks: never a count of bases
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num").strip()):
            continue  # a year, never a count
        if pattern is not shapes.COUNT_FOR and (pred or "").lower() in shapes.READIED and shapes.FOR_ACTION.match(sentence, m.end()):
            continue  # "slated for return": what they are meant for says the action (`shapes.COUNT_FOR`)
        lemma = _lemma(m, pattern, pred, sentence)
        if lemma == "":
            continue  # posts established, built, manned: no drawdown
        if lemma is not None:
            read.add(num_start)  # a list's count ("a total of 12") leaves the number to a claim
        own = own or pattern is _COUNT_COPULA or (pred or "").lower() in _FOLLOW or bool(shapes.MORE_BEFORE.search(sentence, max(0, num_start - 20), num_start)
                          or shapes.MORE_AFTER.match(sentence, m.end("num")))
        out.append((_plural(subject), lemma, value, own))
    return tuple(out)


def _noun(text: str) -> str:
    """The plural site noun a matched noun phrase ends in: "military towns" whole, a noun the
    site nouns know by its last word ("observation points") by that word."""
    whole = _plural(text)
    return whole if whole in SITE_NOUNS else _plural(text.split()[-1])


_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$", re.IGNORECASE)


def _qualified(sentence: str, m: re.Match[str], subject: str) -> str:
    """A count's noun with the word before it when only the two name a kind of site ("34
    military towns": a town alone is a locator, never a site)."""
    if _plural(subject) in SITE_NOUNS or not m.groupdict().get("subj"):
        return subject
    start = m.start("subj")
    word = _WORD_BEFORE.search(sentence, max(0, start - 20), start)
    both = _plural(f"{word.group(1)} {subject}") if word else ""
    return both if both in SITE_NOUNS else subject


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


_RUNNING = re.compile(r"\b(?:all|so\s+far|to\s+date|in\s+total|in\s+all|total|altogether|now|since|bringing|"
                      r"brought|had\s+been|has\s+been|have\s+been|last|remaining|by)\b", re.IGNORECASE)
_BATCH_TIME = re.compile(r"\b(?:in|on|during)\s+(?:(?:early|mid|late)[\s-]+)?(?:19|20)\d\d\b|"
                         r"\b(?:in|on|during)\s+(?:January|February|March|April|May|June|July|August|"
                         r"September|October|November|December)\b", re.IGNORECASE)


def _batches(a: _CountDraft, b: _CountDraft) -> bool:
    """Two counts of one noun and verb told as separate batches, each in its own time and
    neither a running total ("Fifteen posts were handed over in 2019. Three posts were handed
    over in 2021"), unlike "its last two sites ... all six sites have now been returned"."""
    return all(_BATCH_TIME.search(d.text) and not _RUNNING.search(d.text) for d in (a, b))


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
        if same is not None and same.text != d.text and same.value != d.value and _batches(same, d):
            key = _names.slugify(f"{d.subject} {d.predicate} {d.value}")  # "Fifteen posts were
            same = counts.get(key)  # handed over in 2019 ... Three posts in 2021": two batches
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
