"""Place keys: which spellings are one place, the key an event keeps under another spelling.

`place_key` is a pure, deterministic normalisation (no fuzzy matching): two spellings share
a key only when they normalise to the same core name. That is what lets editions be diffed
by key without ever merging two different bases ("Rasul camp" vs "Rasulba base", "Taji" vs
"Tajiyat"). Fuzzy matching (difflib) is only used by `closest`, to suggest names to a user.

The key is a readable slug of the normalised core name:
  - accents, case, quotes and footnote markers dropped; anything in parentheses dropped
    (a parenthesised name is an alias, see `find_aliases`);
  - descriptive tails cut ("near Mosul", "in northern Iraq", "south of Mosul", ", Anbar");
  - the Arabic article dropped ("al-", "Al ", "el-", and assimilated "ash-", "as-", "at-" ...
    when hyphenated);
  - the generic word dropped wherever it stands, with its modifiers ("Air Base", "airfield",
    "Camp", "Forward Operating Base", "military base", "range complex" ...) and the words
    that say whose it is before them ("Udorn Royal Thai Air Force Base" -> udorn);
  - transliteration noise folded: doubled letters single ("Taqaddum" -> "taqadum"), a final
    "h" after a vowel dropped ("Qayyarah" -> "qayara");
  - words joined with "-", except single letters and numbers, which are glued ("K-1" -> "k1").

Deliberately NOT folded (a "known as" in the text or footnotes, or `tracker alias`, joins them):
  - a different leading word: "Ain al-Asad Air Base" (ain-asad) vs "Al Asad Airbase" (asad) are
    the same real base, but dropping a word is how "Rasul" and "Rasulba" would merge;
  - transliteration vowels: "Abu Ghraib" vs "Abu Ghuraib", "Basra" vs "Busra" (two places);
  - codes vs names: "Q-West" vs "Qayyarah Airfield West".

Reports from several outlets transliterate one name several ways ("Aguelhok", "Aguelhoc"):
`match_reported` pairs such spellings for a cumulative brief, on stricter evidence than a key.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace

from tracker.memo import remembered
from tracker.model import Event, Snapshot
from tracker.vocabulary.countries import DEMONYMS

# Words that say what kind of place it is, not which one.
GENERIC_WORDS = {
    "base", "bases", "airbase", "airbases", "airfield", "airfields", "airport", "airstrip",
    "aerodrome", "airstation", "camp", "range", "complex", "outpost", "station", "garrison", "compound",
    "fob", "fobs", "cop", "cob", "cos", "mob", "jss", "post", "posts", "checkpoint", "checkpoints",
    "facility", "installation", "barracks", "site", "sites", "cantonment", "camps",
    "facilities", "installations", "location", "locations", "position", "positions", "premises",
    "headquarters", "hq", "firebase", "zone", "lz", "factory",
}
# Words that only qualify a generic word next to them ("Air Base", "Forward Operating Base").
MODIFIER_WORDS = {
    "air", "military", "forward", "operating", "army", "naval", "navy", "joint", "combat",
    "main", "logistics", "support", "coalition", "training", "operations", "field", "force",
    "former", "patrol", "contingency", "operational", "marine", "corps", "us", "u", "s",
    "american", "iraqi", "afghan", "allied", "landing", "temporary", "security", "observation",
    "border", "command", "team", "protection",
}
# Words that say whose the generic word after them is ("Royal Thai Air Force Base", "British
# Army camp"): dropped with it when they lead into its modifiers, else kept ("Camp Korean
# Village", "Princess Royal Barracks").
OWNER_WORDS = frozenset({"royal", *(w for w in DEMONYMS if w.isalpha())}) - MODIFIER_WORDS
_ARTICLES = {"al", "el"}
_ASSIMILATED = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ud", "ul", "es",
                "et", "ez", "er", "en", "ed"}
_DROP = {"the", "a", "an"}

# Regex source for the generic words as briefs write them (used by the parser to find places).
GENERIC_RE_SOURCE = (
    r"(?:(?:forward|temporary|main|contingency)\s+operating\s+(?:base|site)|operating\s+base|"
    r"patrol\s+base|combat\s+outpost|(?:military|forward|logistics|support|supply|naval|army|training)\s+base|"
    r"air\s*base|"
    r"air\s*field|air\s+station|airport|airstrip|range\s+complex|training\s+complex|"
    r"military\s+complex|firebase|base|camp|range|complex|outpost|station|garrison|"
    r"compound|fob|cop|barracks|cantonment|landing\s+zone|lz|(?:cement\s+)?factory|"
    r"(?:observation\s+|border\s+|command\s+)?post|checkpoint|(?:team\s+|protection\s+)?sites?|"
    r"bases|camps|airfields)"
)

_MARKER = re.compile(r"\[\^?(?:\d{1,3}|[a-z])\]")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TAIL = re.compile(
    r"(?:\s*[,;:]|\s+-\s|\s+(?:near|in|inside|outside|on|at|by|along|within|close\s+to|"
    r"located|situated|next\s+to|from|which|that|where|who|northeast|northwest|southeast|"
    r"southwest|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\b)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W_]+")
_ALIAS_INTRO = re.compile(
    r"\b(?:(?:also|commonly|locally|formerly|widely|better|previously)\s+)?"
    r"(?:known\s+as|called|referred\s+to\s+as|dubbed|nicknamed|a\.k\.a\.?|aka|formerly)\s+"
    r"(?:the\s+)?['\"]?(?P<name>(?:(?:al|el|as|ar|at|an|ash|ad)[-\s])?[A-Z0-9][\w'-]*"
    r"(?:\s+(?:(?:al|el|as|ar|at|an|ash|ad)-)?[A-Z0-9][\w'-]*){0,4})",
)


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_name(name: str) -> str:
    """A name as written, minus footnote markers and surplus spaces."""
    name = _MARKER.sub("", name) if name and "[" in name else name or ""
    return " ".join(name.split()).strip(" ,;:")  # as re.sub(r"\s+", " ", ...), then the strip


def slugify(text: str) -> str:
    """Lower-case words joined by '-' (section keys, count keys)."""
    return "-".join(t.lower() for t in _TOKEN.findall(_ascii(text or "").replace("'", "")))


_AIR_WORD = re.compile(r"\bair[\s-]*(field|base|strip|port|station)\b")
_DOUBLED = re.compile(r"([a-z])\1+")


def _core(name: str) -> str:
    text = _ascii(name or "").lower()
    text = text.replace("\u2019", "").replace("'", "").replace("`", "")
    if "[" in text or "(" in text:  # each pattern needs its bracket: skip them when none
        text = _PARENS.sub(" ", _MARKER.sub(" ", text))
    if "air" in text:
        text = _AIR_WORD.sub(r"air\1", text)
    text = " ".join(text.split())  # as re.sub(r"\s+", " ", text).strip(): the same spaces
    m = _TAIL.search(text, 1)
    if m and text[: m.start()].strip():
        text = text[: m.start()]
    return text


def _tokens(text: str) -> list[str]:
    """Words with the article dropped ("al-", "Al ", hyphenated assimilated forms)."""
    found = list(_TOKEN.finditer(text))
    out = []
    for i, m in enumerate(found):
        word = m.group(0)
        has_next = i + 1 < len(found)
        hyphen = text[m.end(): m.end() + 1] == "-"
        if has_next and (word in _ARTICLES or (word in _ASSIMILATED and (
                hyphen or _assimilates(word, found[i + 1].group(0))))):
            continue
        if word in _DROP and has_next:
            continue
        out.append(word)
    return out


def _assimilates(article: str, following: str) -> bool:
    """ "Ash Shuaiba", "At Tanf", "As Sahra": the article written apart is the assimilated
    "al" when the next word opens on its consonant ("ash" before "sh", "at" before "t")."""
    return len(following) > len(article) - 1 and following.startswith(article[1:])


def _drop_generic(tokens: list[str]) -> list[str]:
    """Drop every run of generic words and their modifiers, with the owner words that lead
    into a modifier of it ("Royal Thai Air Force Base", not "Princess Royal Barracks"),
    unless nothing would be left."""
    keep = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and (tokens[j] in GENERIC_WORDS or tokens[j] in MODIFIER_WORDS
                                   or tokens[j] in OWNER_WORDS):
            j += 1
        if j == i:
            keep.append(tokens[i])
            i += 1
            continue
        if any(tokens[n] in GENERIC_WORDS for n in range(i, j)):
            keep.extend(tokens[n] for n in range(i, j) if tokens[n] in OWNER_WORDS
                        and not _leads_into(tokens, n + 1, j))
        else:
            keep.extend(tokens[i:j])
        i = j
    if not keep or all(t.isdigit() for t in keep):
        return tokens  # "Camp 1": the generic word is all that tells it from "Base 1"
    return keep


def _leads_into(tokens: list[str], start: int, end: int) -> bool:
    """Whether a modifier, then a generic word, follow (before `end`): "Thai [Air Force Base]"."""
    for n in range(start, end):
        if tokens[n] in GENERIC_WORDS:
            return False
        if tokens[n] in MODIFIER_WORDS:
            return any(t in GENERIC_WORDS for t in tokens[n + 1:end])
    return False


def fold_word(word: str) -> str:
    """Transliteration noise folded: doubled letters, a final 'h' after a vowel."""
    if word.isdigit():
        return word
    if _DOUBLED.search(word) is not None:  # a search is cheaper than a sub that changes nothing
        word = _DOUBLED.sub(r"\1", word)
    if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    return word


def _join(words: list[str]) -> str:
    out = ""
    prev = ""
    for word in words:
        if not out:
            out = word
        elif len(prev) == 1 or len(word) == 1 or (prev.isdigit() != word.isdigit()
                                                   and min(len(prev), len(word)) <= 2):
            out += word
        else:
            out += "-" + word
        prev = word
    return out


@remembered(4096, longest=None)
def place_key(name: str) -> str:
    """The identity slug of a place name: equal for re-spellings, different for other places."""
    core = _core(name)
    words = _tokens(core)
    if not words:
        return slugify(name)
    return _join([fold_word(w) for w in _drop_generic(words)])


_ALIAS_WORDS = ("known", "called", "referred", "dubbed", "nicknamed", "a.k.a", "aka", "formerly")


def find_aliases(text: str) -> list[str]:
    """Names introduced by "known as", "also called", "a.k.a." ... in a text."""
    if not text or not any(w in text for w in _ALIAS_WORDS):
        return []  # the introducing words are required (the pattern is case-sensitive)
    out = []
    for m in _ALIAS_INTRO.finditer(_MARKER.sub("", text or "")):
        name = m.group("name").strip(" '\"-")
        if name and name not in out:
            out.append(name)
    return out


def event_identities(event: Event) -> set[str]:
    """Every identity of an event: the key of its name, of each alias, and its key."""
    found = {place_key(n) for n in (event.name, *event.aliases)}
    found.add(event.key)
    found.discard("")
    return found


def identities_of(snapshot: Snapshot) -> dict[str, str]:
    """identity -> key for every event; a name's identity wins over another event's alias."""
    out: dict[str, str] = {}
    for event in snapshot.events:
        out.setdefault(event.key, event.key)
        name_key = place_key(event.name)
        if name_key:
            out.setdefault(name_key, event.key)
    for event in snapshot.events:
        for ident in sorted(event_identities(event)):
            out.setdefault(ident, event.key)
    return out


def rekey(snapshot: Snapshot, known: Mapping[str, str]) -> Snapshot:
    """Give events the established keys of their identities; never two events one key.

    Direct name matches are served first, then alias and key matches; an event whose
    established key is already taken in this snapshot keeps (a unique form of) its own key.
    """
    events = snapshot.events
    assigned: list[str | None] = [None] * len(events)
    used: set[str] = set()
    for i, event in enumerate(events):
        target = known.get(place_key(event.name))
        if target and target not in used:
            assigned[i] = target
            used.add(target)
    for i, event in enumerate(events):
        if assigned[i] is not None:
            continue
        for ident in [*(place_key(a) for a in event.aliases), event.key]:
            target = known.get(ident)
            if target and target not in used:
                assigned[i] = target
                used.add(target)
                break
    for i, event in enumerate(events):
        if assigned[i] is None:
            key = _unique(event.key or "event", used)
            assigned[i] = key
            used.add(key)
    new = tuple(e if e.key == k else replace(e, key=k) for e, k in zip(events, assigned))
    return replace(snapshot, events=new)


def keep_respelled(before: Snapshot, after: Snapshot) -> Snapshot:
    """`after` with each respelled event under its old key.

    An event new in `after` takes the key of the one event gone from `before` that has the
    same date and either the same consonants ("Ayn al-Asad" for "Ain al-Asad", "Abu Ghuraib"
    for "Abu Ghraib"), told alike, or another name in an item worded the same apart from it
    ("KAF: U.S. forces handed over KAF on May 13" for the same of "Kandahar Airfield"). No
    other event, gone or new, may share what matched them. Two bases dated the same day,
    one vanishing as the other appears, told in the same words, do not happen."""
    old_keys = {e.key for e in before.events}
    new_keys = {e.key for e in after.events}
    gone_events = [e for e in before.events if e.key not in new_keys]
    fresh_events = [e for e in after.events if e.key not in old_keys]
    renamed = _one_to_one(_by_signature(gone_events), _by_signature(fresh_events), 0.75,
                          words_needed=False)
    gone_events = [e for e in gone_events if e.key not in renamed.values()]
    fresh_events = [e for e in fresh_events if id(e) not in renamed]
    renamed |= _one_to_one(_by_date(gone_events), _by_date(fresh_events), 0.9,
                           words_needed=True)  # another name: only the words can vouch
    if not renamed:
        return after
    events = tuple(replace(e, key=renamed[id(e)]) if id(e) in renamed else e for e in after.events)
    return replace(after, events=events)


_VOWELS = re.compile(r"[aeiouyw]+")


def _one_to_one(gone: dict, fresh: dict, alike: float, words_needed: bool) -> dict[int, str]:
    """id(new event) -> old key, for each signature one gone and one new event share."""
    return {id(new[0]): old[0].key for sig, old in gone.items()
            if len(old) == 1 and len(fresh.get(sig, ())) == 1 for new in [fresh[sig]]
            if _told_alike(old[0], new[0], alike, words_needed)}


def _told_alike(old: Event, new: Event, alike: float, words_needed: bool) -> bool:
    """The same action, and items worded alike apart from the name: a ratio of at least
    `alike`. Without the items' words, only if `words_needed` is false."""
    if old.action and new.action and old.action != new.action:
        return False
    if not (old.text and new.text):
        return not words_needed
    texts = [e.text.replace(e.name, " ") for e in (old, new)]
    return difflib.SequenceMatcher(None, *texts).ratio() >= alike


def _by_date(events: Iterable[Event]) -> dict[tuple[str, str | None], list[Event]]:
    """Dated events by (date, action)."""
    out: dict[tuple[str, str | None], list[Event]] = {}
    for event in events:
        if event.date:
            out.setdefault((event.date, event.action), []).append(event)
    return out


def _by_signature(events: Iterable[Event]) -> dict[tuple[str, str], list[Event]]:
    """Dated events by (consonant skeleton of the name's key, date); a skeleton of one
    consonant says too little to match on."""
    out: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        skeleton = _VOWELS.sub("", place_key(event.name) or event.key)
        if event.date and sum(c.isalnum() for c in skeleton) >= 2:
            out.setdefault((skeleton, event.date), []).append(event)
    return out


def _unique(key: str, used: set[str]) -> str:
    if key not in used:
        return key
    n = 2
    while f"{key}-{n}" in used:
        n += 1
    return f"{key}-{n}"


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to n candidates that look like `name` (difflib), best first: suggestions only. A
    candidate that holds the name's words in a run ('Port Selim' in 'Port Selim logistics
    hub') is suggested too: a user types the words of a name they remember, not all of it."""
    target_raw, target_key = (name or "").lower(), place_key(name or "")
    words = re.findall(r"\w+", target_raw)
    scored = []
    for cand in dict.fromkeys(candidates):
        ratio = max(
            difflib.SequenceMatcher(None, target_raw, cand.lower()).ratio(),
            difflib.SequenceMatcher(None, target_key, place_key(cand)).ratio(),
            0.6 if words and _holds_run(re.findall(r"\w+", cand.lower()), words) else 0.0,
        )
        if ratio >= 0.6:
            scored.append((-ratio, cand))
    return [c for _, c in sorted(scored)[:n]]


def _holds_run(words: list[str], run: list[str]) -> bool:
    return any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


# -- reports that do not restate: one place told by several outlets ----------------------------

_SOUNDS = (("ph", "f"), ("ck", "k"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"),
           ("sh", "s"), ("ch", "s"), ("ou", "u"), ("oo", "u"), ("c", "k"), ("q", "k"), ("x", "ks"),
           ("z", "s"), ("j", "g"), ("y", "i"), ("w", "u"), ("'", ""), ("-", ""))


def sounds_like(key: str) -> str:
    """A place key's consonants, as outlets transliterate them: "aguelhok", "aguel-hoc" and
    "aguelhoc" give "glk"; vowels, doubled letters and the spelling of a sound are dropped.
    A skeleton of fewer than three consonants says too little to match on."""
    text = key.lower()
    for spelled, sound in _SOUNDS:
        text = text.replace(spelled, sound)
    text = "".join(c for c in text if c.isalnum() and c not in "aeiouh")
    return _DOUBLED.sub(r"\1", text)


_LEAVING = frozenset({"withdrawal", "handover", "transfer"})  # outlets tell one departure each way


def _compatible(old: Event, new: Event) -> bool:
    """Nothing a report gives says they are two places: not another kind of action (leaving a
    base, told as a withdrawal, a handover or a transfer, is one kind). A date is no test:
    outlets disagreeing on a day is a dispute about one place, not two places."""
    if old.action and new.action and old.action != new.action:
        return {old.action, new.action} <= _LEAVING
    return True


def match_reported(standing: Iterable[Event], fresh: Iterable[Event]) -> dict[str, str]:
    """new key -> standing key, for places a report spells in another way than the reports
    before it ("Aguelhoc" for "Aguelhok", "Tessalit" for "Tesalit camp"): the same consonants
    as outlets transliterate them (`sounds_like`, at least three), the same first letter, and
    nothing the reports give telling them apart (`_compatible`). One for one: a skeleton two
    standing places share, or two new ones, matches nothing."""
    old_by: dict[str, list[Event]] = {}
    for event in standing:
        for name in {event.key, place_key(event.name), *(place_key(a) for a in event.aliases)}:
            sound = sounds_like(name)
            if len(sound) >= 3 and event not in old_by.setdefault(sound, []):
                old_by[sound].append(event)
    new_by: dict[str, list[Event]] = {}
    for event in fresh:
        new_by.setdefault(sounds_like(event.key), []).append(event)
    found: dict[str, str] = {}
    for sound, news in new_by.items():
        olds = old_by.get(sound, [])
        if len(news) != 1 or len(olds) != 1:
            continue
        old, new = olds[0], news[0]
        if old.key[:1] == new.key[:1] and _compatible(old, new):
            found[new.key] = old.key
    standing = list(standing)
    for new in fresh:
        if new.key in found:
            continue
        same = [old for old in standing if _numbered_alike(old, new)]
        if len(same) == 1 and sum(_numbered_alike(same[0], other) for other in fresh) == 1:
            found[new.key] = same[0].key
    return found


_NUMBER = re.compile(r"\b\d{1,4}\b")


def _numbered_alike(old: Event, new: Event) -> bool:
    """A facility named by a number, told with the same number and words one name abbreviates
    or leaves out of the other: "AB 101", "Base 101", "Air Base 101", "Base Aerienne 101"."""
    def parts(name: str) -> tuple[tuple[str, ...], list[str]]:
        text = _ascii(name or "").lower()
        return tuple(_NUMBER.findall(text)), [w for w in re.findall(r"[a-z]+", text) if w not in _DROP]

    for a in (old.name, *old.aliases):
        numbers_a, words_a = parts(a)
        if not numbers_a:
            continue
        for b in (new.name, *new.aliases):
            numbers_b, words_b = parts(b)
            if numbers_a != numbers_b:
                continue
            short, long_ = sorted((words_a, words_b), key=len)
            initials = "".join(w[0] for w in long_)
            if set(short) <= set(long_) or "".join(short) in (initials, initials[::-1]):
                return True
    return False
