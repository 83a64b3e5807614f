"""Nations: the countries named in a text ("U.S.", "Italian", "New Zealand"), who leads and who
hosts across the edition, and which nations contribute the forces an item is about."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.memo import remembered
from tracker.parse.state import Context


_NATIONS: dict[str, tuple[str, ...]] = {
    "United States": ("United States", "U.S.A.", "U.S.", "USA", "US", "America", "American",
                      "Americans", "U.S"),
    "United Kingdom": ("United Kingdom", "Britain", "British", "UK", "U.K."),
    "France": ("France", "French"), "Italy": ("Italy", "Italian", "Italians"),
    "Canada": ("Canada", "Canadian", "Canadians"), "Spain": ("Spain", "Spanish"),
    "Germany": ("Germany", "German", "Germans"), "Australia": ("Australia", "Australian"),
    "Netherlands": ("Netherlands", "Dutch"), "Denmark": ("Denmark", "Danish"),
    "Norway": ("Norway", "Norwegian"), "Sweden": ("Sweden", "Swedish"),
    "Finland": ("Finland", "Finnish"), "Poland": ("Poland", "Polish"),
    "Belgium": ("Belgium", "Belgian"), "Portugal": ("Portugal", "Portuguese"),
    "New Zealand": ("New Zealand", "New Zealander"), "Turkey": ("Turkey", "Turkish"),
    "Iraq": ("Iraq", "Iraqi", "Iraqis"), "Iran": ("Iran", "Iranian"), "Syria": ("Syria", "Syrian"),
    "Afghanistan": ("Afghanistan", "Afghan"), "Pakistan": ("Pakistan", "Pakistani"),
    "Kuwait": ("Kuwait", "Kuwaiti"), "Jordan": ("Jordan", "Jordanian"),
    "Saudi Arabia": ("Saudi Arabia", "Saudi"), "Qatar": ("Qatar", "Qatari"),
    "United Arab Emirates": ("United Arab Emirates", "UAE", "Emirati"),
    "Egypt": ("Egypt", "Egyptian"), "Israel": ("Israel", "Israeli"),
    "Russia": ("Russia", "Russian"), "China": ("China", "Chinese"),
    "Japan": ("Japan", "Japanese"), "South Korea": ("South Korea", "South Korean"),
    "Romania": ("Romania", "Romanian"), "Hungary": ("Hungary", "Hungarian"),
    "Czech Republic": ("Czech Republic", "Czech"), "Slovakia": ("Slovakia", "Slovak"),
    "Estonia": ("Estonia", "Estonian"), "Latvia": ("Latvia", "Latvian"),
    "Lithuania": ("Lithuania",), "Bulgaria": ("Bulgaria", "Bulgarian"),
    "Greece": ("Greece", "Greek"), "Ireland": ("Ireland", "Irish"),
    "Austria": ("Austria",), "Switzerland": ("Switzerland",),
    "Ukraine": ("Ukraine", "Ukrainian"), "Georgia": ("Georgian",),
    "Mali": ("Mali", "Malian"), "Niger": ("Niger", "Nigerien"), "Chad": ("Chadian",),
    "Somalia": ("Somalia", "Somali"), "Kenya": ("Kenya", "Kenyan"), "India": ("India", "Indian"),
    "Mongolia": ("Mongolia", "Mongolian"), "Lebanon": ("Lebanon", "Lebanese"),
    "Yemen": ("Yemen", "Yemeni"), "Libya": ("Libya", "Libyan"), "Albania": ("Albania", "Albanian"),
    "Croatia": ("Croatia", "Croatian"), "Slovenia": ("Slovenia", "Slovenian"),
    "Azerbaijan": ("Azerbaijan", "Azerbaijani"), "Armenia": ("Armenia", "Armenian"),
    "Ethiopia": ("Ethiopia", "Ethiopian"), "Sudan": ("Sudan", "Sudanese"),
    "Burkina Faso": ("Burkina Faso", "Burkinabe"), "Nigeria": ("Nigeria",),
    "Vietnam": ("Vietnam", "Vietnamese"), "Philippines": ("Philippines", "Filipino"),
    "Bosnia and Herzegovina": ("Bosnia", "Bosnian"), "Serbia": ("Serbia", "Serbian"),
    "Kosovo": ("Kosovo",), "Montenegro": ("Montenegro",), "North Macedonia": ("North Macedonia",),
    "Luxembourg": ("Luxembourg",), "Iceland": ("Iceland", "Icelandic"),
    "Singapore": ("Singapore", "Singaporean"), "Malaysia": ("Malaysia", "Malaysian"),
    "Bahrain": ("Bahrain", "Bahraini"), "Oman": ("Oman", "Omani"),
}
_FORM_TO_NATION = {form: nation for nation, forms in _NATIONS.items() for form in forms}
_MULTIWORD: dict[str, list[str]] = {}
for _form in sorted(_FORM_TO_NATION, key=len, reverse=True):
    if " " in _form:
        _MULTIWORD.setdefault(_form.split()[0], []).append(_form)
# Every capitalised word that can open a nation's name, with and without a final dot (the
# table's lookups strip one): one set probe turns away the rest.
_OPENERS = frozenset(w + dot for w in (*_FORM_TO_NATION, *_MULTIWORD) for dot in ("", "."))
# Capitalised words and dotted initials; looked up in the table (one dict probe per word is far
# cheaper than a 200-way alternation tried at every position).
_CAPITAL = re.compile(r"(?=[A-Z])(?<![\w.])(?:(?:[A-Z]\.){2,3}|[A-Z][A-Za-z]*)")
_FORCE_NOUNS = (r"troops|forces|soldiers|marines?|personnel|contingents?|trainers|advisers|advisors|"
                r"units|servicemembers|service\s+members|military|army|navy|air\s+force|jets|"
                r"aircraft|special\s+forces|contractors|staff|officers|instructors|commandos|"
                r"peacekeepers|paratroopers|battalions?|brigades?|detachments?|crews|pilots|engineers")
# "Russian peacekeepers", "U.S. Marine units", "Uruguayan aviation personnel": any case
_FORCE_AFTER = re.compile(rf"\s+(?:(?:and\s+)?(?-i:[a-z][\w-]*)\s+){{0,2}}(?i:{_FORCE_NOUNS})\b")
_FORCE_FROM_BEFORE = re.compile(rf"\b(?i:{_FORCE_NOUNS})\s+from\s+$")
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+")
_RECIPIENT_BEFORE = re.compile(r"\b(?:to|back\s+to|over\s+to)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class NationMention:
    """A nation named in a text ("U.S.", "Italian"), and where."""

    start: int
    end: int
    nation: str


@remembered(2048)
def _mentions(text: str) -> tuple[NationMention, ...]:
    """Nation names and adjectives in a text ("U.S.", "Italian", "New Zealand"); cached: the
    same actor phrases and texts are asked about several times per item."""
    return tuple(_find_mentions(text))


def _find_mentions(text: str) -> list[NationMention]:
    out = []
    for m in _CAPITAL.finditer(text):
        word = m.group(0)
        if word not in _OPENERS:
            continue
        start = m.start()
        end, nation = None, None
        for form in _MULTIWORD.get(word.rstrip("."), ()):
            if text.startswith(form, start) and not text[start + len(form): start + len(form) + 1].isalnum():
                end, nation = start + len(form), _FORM_TO_NATION[form]
                break
        if nation is None:
            nation = _FORM_TO_NATION.get(word)
            if nation is None and word.endswith("."):
                nation = _FORM_TO_NATION.get(word[:-1])
                word = word[:-1]
            end = start + len(word)
        if nation is not None and not text[end:end + 1].isalnum():
            out.append(NationMention(start, end, nation))
    return out


def nation_of(word: str) -> str | None:
    """The nation a word or name is a form of ("Italian" -> "Italy"), else None."""
    return _FORM_TO_NATION.get(word.strip())


def lead_and_host(blocks: Iterable[Any], seen: dict[str, tuple[NationMention, ...]] | None = None
                  ) -> tuple[set[str], str | None]:
    """Who leads ("U.S.-led") and who hosts (receives the bases, else is named most)."""
    lead: set[str] = set()
    recipients: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for b in blocks:
        text = b.text or ""
        found = _mentions(text)
        if seen is not None:
            seen.setdefault(text, found)
        for m in found:
            mentions[m.nation] += 1
            if text.startswith("-led", m.end):
                lead.add(m.nation)
            elif _RECIPIENT_BEFORE.search(text, max(0, m.start - 16), m.start):
                recipients[m.nation] += 1
    for counter in (recipients, mentions):
        for nation, _ in counter.most_common():
            if nation not in lead:
                return lead, nation
    return lead, None


def _chains(text: str, mentions: list[NationMention]) -> list[list[NationMention]]:
    """Runs of nations written as a list: "Italy, Canada, and Spain"."""
    chains: list[list[NationMention]] = []
    for m in mentions:
        if chains:
            last = chains[-1][-1]
            gap = _LIST_SEP.fullmatch(text, last.end, m.start)
            if gap:
                chains[-1].append(m)
                continue
        chains.append([m])
    return chains


def contributing_nations(text: str, actors: Sequence[str], ctx: Context) -> tuple[str, ...]:
    """Contributing nations named next to forces; host and leader only when they act."""
    acting = {m.nation for a in actors for m in _mentions(a) if not a.startswith("-led", m.end)}
    out: list[str] = []
    found = ctx.seen.get(text)
    if found is None:
        found = _mentions(text)
    for chain in _chains(text, found):
        before = _FORCE_FROM_BEFORE.search(text, max(0, chain[0].start - 40), chain[0].start)
        after = _FORCE_AFTER.match(text, chain[-1].end)
        if not (before or after) or text.startswith("-led", chain[-1].end):
            continue
        for m in chain:
            if m.nation in out:
                continue
            if (m.nation == ctx.host or m.nation in ctx.lead) and m.nation not in acting:
                continue
            out.append(m.nation)
    return tuple(out)
