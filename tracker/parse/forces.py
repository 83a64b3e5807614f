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

Input: the edition's texts (title, paragraphs, items) and the names its events carry. Output:
those names that act as forces in it, which no event of the edition may be named after.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_HANDS = (r"(?:(?:has|have|had)\s+)?(?:hands?|handed|turns?|turned|transferr?(?:s|ed)|"
          r"returns?|returned|gives?|gave|given|cedes?|ceded|vacate[sd]?|leaves|left|quits?)")
_OBJECT = r"(?:(?:over|up|back)\s+)?(?:the|its|their|a|an|[A-Z][\w’'-]+)\b"
_PLURAL_SITES = r"(?:(?:\w+\s+){0,2}(?:bases|camps|sites|posts|outposts|garrisons))"
_ONE_SITE = r"(?:(?:\w+\s+){0,2}(?:base|camp|site|post|outpost|garrison|compound))"
_BODY = (r"(?:forces|troops|soldiers|mission|operations?|contingent|task\s+force|"
         r"Operations\s+Command)\b")
_LONGER = re.compile(r"(?:\b(?!(?:The|A|An)\s)[A-ZÀ-Þ][\w’'-]*|\b(?:al|el|de|la|le)|-)\s*$")
_BACK = 60  # how far before a name a longer name's words are looked for


# around one place where a name is written: the words before it and after it
_OPERATION_BEFORE = re.compile(r"\bOperation\s+$")
_SUBJECT_BEFORE = re.compile(r"(?:[.;:!?]\s+|\n\s*|\bthe\s+)$")  # a sentence's, a text's start
_THAT_BEFORE = re.compile(r"\bthat\s+(?:the\s+)?$")
_BODY_AFTER = re.compile(rf"(?:['’]s)?\s+{_BODY}")
_OWNING_AFTER = re.compile(rf"['’]s\s+(?:{_PLURAL_SITES}\b|{_ONE_SITE}\s+(?:in|at|near|outside)\s+[A-Z])")
_HANDING_AFTER = re.compile(rf"\s+{_HANDS}\s+{_OBJECT}")
_HANDED_AFTER = re.compile(rf"\s+{_HANDS}\b")


def _in_role(text: str, start: int, end: int) -> bool:
    """Whether the name written at text[start:end] stands in a force's role (the module doc's
    list), and is not the last word of a longer name ("El Ali troops"). The words after the
    name are tried first: anchored there, they rule out most names at once, while the tests
    of the words before search back from the name's start."""
    before = text[max(0, start - _BACK):start]
    operation = _OPERATION_BEFORE.search(before) if "Operation" in before else None
    if operation is not None:
        return not _LONGER.search(before[:operation.start()])
    if start and (text[start - 1].isalnum() or text[start - 1] in "’'-"):
        return False
    return _role_after(text, start, end, before) and not _LONGER.search(before)


def _role_after(text: str, start: int, end: int, before: str) -> bool:
    """A body of troops or owned bases after the name, or a handover with the subject's or a
    "that" clause's words before it."""
    return bool(_BODY_AFTER.match(text, end) or _OWNING_AFTER.match(text, end)
                or _HANDING_AFTER.match(text, end) and (start == 0 or _SUBJECT_BEFORE.search(before))
                or _HANDED_AFTER.match(text, end) and _THAT_BEFORE.search(before))


def forces_among(texts: Sequence[str], words: Iterable[str]) -> frozenset[str]:
    """Those of `words` (names as written: "Kestrel") that the texts show in a force's role
    somewhere. The text is walked once, word by word, so the cost follows its length and the
    names its events carry, not their product (a 10 MB brief carries thousands of names)."""
    whole = "\n".join(texts)
    wanted = set(words)
    out = set()
    for word, starts in _written_at(whole, wanted).items():
        if any(_in_role(whole, at, at + len(word)) for at in starts):
            out.add(word)
    return frozenset(out)


_RUN = re.compile(r"[\w’'-]+")  # a run of letters, digits, apostrophes and hyphens
_INNER_END = re.compile(r"[’'_-]")  # where a name may end inside a run ("Kestrel's")


# names x characters below which searching for each name is cheaper than walking every word
_FIND_BUDGET = 2_000_000
_RUN_CHAR = re.compile(r"[\w’'-]")
_GOES_ON = re.compile(r"[^\W_]")  # a letter or digit: the word would go on in the same run


def _found_one_by_one(whole: str, plain: set[str]) -> dict[str, list[int]]:
    """`_written_at` for plain words, each looked for with `str.find`: the same places (a run's
    start, ending where the run does or before an apostrophe, underscore or hyphen)."""
    found: dict[str, list[int]] = {}
    for word in plain:
        at = whole.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _RUN_CHAR.match(whole, at - 1)) and not _GOES_ON.match(whole, end):
                found.setdefault(word, []).append(at)
            at = whole.find(word, end)
    return found


def _written_at(whole: str, words: set[str]) -> dict[str, list[int]]:
    """Where each word is written as a whole word: at the start of a run, ending at the run's
    end or before an apostrophe or hyphen inside it. Words of other characters ("(K1)") are
    looked for one by one."""
    plain = {w for w in words if _RUN.fullmatch(w)}
    found: dict[str, list[int]] = {}
    firsts = {w[0] for w in plain}
    if plain and len(plain) * len(whole) <= _FIND_BUDGET:
        found = _found_one_by_one(whole, plain)  # an edition's few names: a C search each
    elif plain:
        for run in _RUN.finditer(whole):
            token = run.group()
            if token[0] not in firsts:
                continue
            for end in [m.start() for m in _INNER_END.finditer(token)] + [len(token)]:
                if token[:end] in plain:
                    found.setdefault(token[:end], []).append(run.start())
    for word in words - plain:
        at = whole.find(word)
        while at >= 0:
            end = at + len(word)
            if end == len(whole) or not whole[end].isalnum():
                found.setdefault(word, []).append(at)
            at = whole.find(word, end)
    return found
