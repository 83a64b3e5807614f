"""Who acts, told by a name's role in the text: the force that leaves or hands over is never a
site, even where a report writes its name like one ("the Barkhane camp", "the Kestrel base").

A name is taken for a force anywhere in an edition when some sentence of it gives the name a
force's role:
- followed by a word for a body of troops: "Kestrel forces", "Kestrel troops", "the Kestrel
  mission", "Kestrel Operations Command";
- after "Operation": "Operation Kestrel", "who commands Operation Kestrel";
- the subject of a handover that has an object: "Kestrel hands over Dorran camp", "Kestrel has
  handed the base to ...", "the third site that Kestrel has given up";
- the owner of bases: "Kestrel's large field camps", "Kestrel's field camp in Dorran".
The names a brief writes alone, in no such role, are data: `tracker.vocabulary.forces`.

Input: the edition's texts (title, paragraphs, items). Output: the place keys of the names
acting in it, which no event of the edition may have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.identity import place_key
from tracker.memo import remembered

_NAME = r"([A-ZÀ-Þ][\w’'-]+)"  # one word, captured: a longer name is told by its words
_HANDS = (r"(?:(?:has|have|had)\s+)?(?:hands?|handed|turns?|turned|transferr?(?:s|ed)|"
          r"returns?|returned|gives?|gave|given|cedes?|ceded|vacate[sd]?|leaves|left|quits?)")
_OBJECT = r"(?:(?:over|up|back)\s+)?(?:the|its|their|a|an|[A-Z][\w’'-]+)\b"
_PLURAL_SITES = r"(?:(?:\w+\s+){0,2}(?:bases|camps|sites|posts|outposts|garrisons))"
_ONE_SITE = r"(?:(?:\w+\s+){0,2}(?:base|camp|site|post|outpost|garrison|compound))"
# Each role is found from a word that must stand in it (fast to search), then the name is read
# back from just before that word.
_OPERATION = re.compile(rf"\bOperation\s+{_NAME}")
_BODY = re.compile(r"(?=[ftsmocTO])\b(?:forces|troops|soldiers|mission|operations?|contingent|"
                   r"task\s+force|Operations\s+Command)\b")
_HANDING = re.compile(rf"(?=[hgtrclvqd])\b{_HANDS}\s+{_OBJECT}")
_HANDED = re.compile(rf"(?=[hgtrclvqd])\b{_HANDS}\b")
_OWNING = re.compile(rf"['’]s\s+(?:{_PLURAL_SITES}\b|{_ONE_SITE}\s+(?:in|at|near|outside)\s+[A-Z])")
_NAME_BEFORE = re.compile(rf"{_NAME}(?:['’]s)?\s+$")
_SUBJECT_BEFORE = re.compile(rf"(?:^|[.;:!?]\s+|\bthe\s+){_NAME}\s+$")
_THAT_BEFORE = re.compile(rf"\bthat\s+(?:the\s+)?{_NAME}\s+$")
_OWNER_BEFORE = re.compile(rf"{_NAME}$")
_LONGER = re.compile(r"(?:\b(?!(?:The|A|An)\s)[A-ZÀ-Þ][\w’'-]*|\b(?:al|el|de|la|le)|-)\s*$")
_BACK = 60  # how far before a role word its name is looked for


def acting_forces(texts: Iterable[str]) -> frozenset[str]:
    """The place keys of the names that act as forces in these texts (see the module doc)."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(_forces_in(text))
    return frozenset(found)


@remembered(4096, longest=6000)
def _forces_in(text: str) -> frozenset[str]:
    """The keys of the names one text shows acting as forces (remembered: the next edition
    repeats most paragraphs)."""
    names = [(m.group(1), m.start()) for m in _OPERATION.finditer(text)]
    for pattern, before in ((_BODY, _NAME_BEFORE), (_OWNING, _OWNER_BEFORE),
                            (_HANDING, _SUBJECT_BEFORE), (_HANDED, _THAT_BEFORE)):
        for m in pattern.finditer(text):
            lead = before.search(text, max(0, m.start() - _BACK), m.start())
            if lead is not None:
                names.append((lead.group(1), lead.start(1)))
    out = set()
    for name, start in names:
        if _LONGER.search(text, max(0, start - _BACK), start):
            continue  # "El Ali troops": the last word of a longer name, the troops there
        key = place_key(name)
        if key:
            out.add(key)
    return frozenset(out)
