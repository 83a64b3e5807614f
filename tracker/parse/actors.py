"""Actors: who acts in an item's sentence, as force phrases ("coalition forces", "Italian
troops") in subject position or after a passive "by"."""

from __future__ import annotations

import re

from tracker.parse.actions import Verb


# Possessive: a modifier must be followed by a separator, so giving letters back never helps.
_ACTOR_MOD = (r"(?:[A-Z][\w.]*+-led|(?:[A-Z]\.){2,3}+|[A-Z][A-Za-z]++|(?i:coalition|international|"
              r"multinational|allied|foreign|western|partner|special|last|remaining))")
_ACTOR_HEAD = (r"(?i:coalition\s+(?:forces|troops|personnel|soldiers)|coalition|troops|forces|"
               r"soldiers|marines|personnel|servicemembers|service\s+members|contingents?|"
               r"military|army)")
_ACTOR = re.compile(
    rf"(?=[A-Zacfilmprstw])(?<![\w.-])(?P<a>(?:{_ACTOR_MOD}(?:,?\s+and\s+|,\s+|\s+)){{0,4}}{_ACTOR_HEAD})\b")
_PASSIVE_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_ACTOR_NOT = re.compile(r"\b(?:to|with|against|of|from|for|into|toward|towards|over)\s+"
                        r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_COMMON = {"coalition", "forces", "troops", "soldiers", "personnel", "marines", "military",
           "army", "international", "multinational", "allied", "foreign", "western", "partner",
           "special", "servicemembers", "contingent", "contingents", "service", "members",
           "last", "remaining"}


def find_actors(text: str, sentence: tuple[int, int], verb: Verb | None) -> tuple[str, ...]:
    """Who acts: force phrases in subject position (before the verb) or after a passive "by"."""
    start, end = sentence
    out: list[str] = []
    for m in _ACTOR.finditer(text, start, end):
        before = text[max(start, m.start() - 25): m.start()]
        passive = _PASSIVE_BY.search(before)
        if verb is not None and m.start() >= verb.start and not passive:
            continue
        if _ACTOR_NOT.search(before) and not passive:
            continue
        phrase = _normalise_actor(m.group("a"))
        if phrase and phrase.lower() not in (a.lower() for a in out) \
                and phrase.lower() not in {"military", "army", "last", "remaining"}:
            out.append(phrase)
    return tuple(out)


_ACTOR_NOISE = {"the", "a", "an", "on", "in", "at", "meanwhile", "yesterday", "today", "then",
                "also", "and", "but", "after", "before", "when", "while", "last", "remaining",
                "finally", "later", "earlier", "now", "some", "all", "most", "many", "several"}


def _normalise_actor(phrase: str) -> str:
    words = [w.lower() if w.lower() in _COMMON else w for w in phrase.split()]
    while len(words) > 1 and (words[0] in {"last", "remaining"}
                              or words[0].lower() in _ACTOR_NOISE):
        words.pop(0)
    return " ".join(words)
