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

_NAME = r"([A-ZÀ-Þ][\w’'-]+)"  # one word, captured: a longer name is told by its words
_BODY = (r"(?:forces|troops|soldiers|mission|operations?|contingent|task\s+force|"
         r"Operations\s+Command)")
_HANDS = (r"(?:(?:has|have|had)\s+)?(?:hands?|handed|turns?|turned|transferr?(?:s|ed)|"
          r"returns?|returned|gives?|gave|given|cedes?|ceded|vacate[sd]?|leaves|left|quits?)")
_OBJECT = r"(?:(?:over|up|back)\s+)?(?:the|its|their|a|an|[A-Z][\w’'-]+)\b"
_PLURAL_SITES = r"(?:(?:\w+\s+){0,2}(?:bases|camps|sites|posts|outposts|garrisons))"
_ONE_SITE = r"(?:(?:\w+\s+){0,2}(?:base|camp|site|post|outpost|garrison|compound))"
_ROLES = re.compile(
    rf"(?:\bOperation\s+{_NAME})"
    rf"|(?:{_NAME}(?:['’]s)?\s+{_BODY}\b)"
    rf"|(?:(?:^|[.;:!?]\s+|\bthe\s+){_NAME}\s+{_HANDS}\s+{_OBJECT})"
    rf"|(?:\bthat\s+(?:the\s+)?{_NAME}\s+{_HANDS}\b)"
    rf"|(?:{_NAME}['’]s\s+{_PLURAL_SITES}\b)"
    rf"|(?:{_NAME}['’]s\s+{_ONE_SITE}\s+(?:in|at|near|outside)\s+[A-Z])")
_LONGER = re.compile(r"(?:\b(?!(?:The|A|An)\s)[A-ZÀ-Þ][\w’'-]*|\b(?:al|el|de|la|le)|-)\s*$")
_CUE = re.compile(r"Operation|forces|troops|soldiers|mission|operation|contingent|task|"
                  r"hand|turn|transfer|return|give|gave|cede|['’]s\s", re.IGNORECASE)


def acting_forces(texts: Iterable[str]) -> frozenset[str]:
    """The place keys of the names that act as forces in these texts (see the module doc)."""
    found: set[str] = set()
    for text in texts:
        if not text or not _CUE.search(text):
            continue
        for m in _ROLES.finditer(text):
            group = next(i for i, g in enumerate(m.groups(), 1) if g)
            if _LONGER.search(text, 0, m.start()):
                continue  # "El Ali troops": the last word of a longer name, the troops there
            key = place_key(m.group(group))
            if key:
                found.add(key)
    return frozenset(found)
