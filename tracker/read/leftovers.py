"""Web-page leftovers: comment forms, share buttons, cookie notices and the like, recognised as
whole short lines only, so real sentences are never dropped."""

from __future__ import annotations

import re

from tracker.memo import remembered


_SHARE_WORDS = (
    r"facebook|twitter|x|linkedin|whatsapp|telegram|pinterest|reddit|email|e-mail|print|tweet|"
    r"share|pocket|tumblr|skype|messenger|viber|vk|copy link|mail|line"
)
_LEFTOVER_PATTERNS = (
    r"please enter your (?:comment|name|email(?: address)?|website)(?: here)?\W*",
    r"you have entered an incorrect email address\W*",
    r"leave a (?:reply|comment|response)\W*(?:cancel reply)?\W*",
    r"cancel reply|post (?:a )?comment|submit comment|add (?:a )?comment|reply|log ?in to (?:reply|comment)",
    r"save my name,? email,? and website in this browser.{0,60}",
    r"notify me of (?:follow-up comments|new posts|new comments) by email\W*",
    r"(?:\d+ |no )?comments?(?: \(\d+\))?\W*|(?:name|email|website|comment)\s*\*?:?",
    r"share(?: this| this article| this post| this story| this page| the article)?\W*|"
    r"share (?:on|via|to) (?:\w+ ?){1,2}\W*|sharing is caring\W*",
    r"click to (?:share|print|email) (?:on |this )?(?:\w+ ?){0,3}(?:\(opens in new window\))?\W*",
    rf"(?:(?:{_SHARE_WORDS})\W*){{1,12}}",
    r"like this:?|like loading\W*|loading\W*",
    r"follow us(?: on (?:\w+ ?){1,3})?\W*|subscribe(?: now| today| to (?:our|the) (?:\w+ ?){1,3})?\W*|"
    r"sign up (?:for|to) (?:our|the) newsletter\W*|newsletter\W*",
    r"related(?: posts| articles| stories| news| content)?\W*|read (?:more|next)(?:\W*|: .{1,100})",
    r"you (?:may|might) also (?:like|be interested in)\W*|more (?:from(?: \w+){1,3}|stories|news)\W*|"
    r"recommended(?: for you)?\W*|popular posts\W*|trending(?: now)?\W*|most read\W*",
    r"(?:previous|next) (?:article|post|story)(?:\W*|: .{1,100})",
    r"advertisements?|sponsored(?: content)?|ad|skip to (?:main )?content|back to top\W*|tags?: .{1,100}",
    r".{0,300}\bcookies?\b.{0,300}\b(?:accept|consent|agree|privacy|policy|settings|preferences|continu).{0,200}",
    r"(?:accept|reject|manage)(?: all)? cookies\W*|cookie (?:settings|policy|preferences)\W*",
    r"(?:copyright|\(c\)|©) .{0,160}|.{0,120}all rights reserved\W*",
)
_LEFTOVER_RE = re.compile("|".join(f"(?:{p})" for p in _LEFTOVER_PATTERNS[:-3]), re.I)
_LONG_LEFTOVER_RE = re.compile("|".join(f"(?:{p})" for p in _LEFTOVER_PATTERNS[-3:]), re.I)
MAX_LEFTOVER = 700
"""A line longer than this is never a leftover; the readers test the length before they
normalise a line, to spare the work."""


def is_leftover(line: str) -> bool:
    """True for a whole short line that is web-page furniture (comment form, share bar ...)."""
    return len(line) <= MAX_LEFTOVER and _short_leftover(line)


@remembered(8192)
def _short_leftover(line: str) -> bool:
    """Remembered: the lines of one edition come back in the next."""
    line = line.strip(" \t*_#>|")
    if not line:
        return False
    if len(line) <= 140 and _LEFTOVER_RE.fullmatch(line) is not None:
        return True
    lower = line.lower()
    if "cookie" in lower or "copyright" in lower or "(c)" in lower or "\u00a9" in line or "reserved" in lower:
        return _LONG_LEFTOVER_RE.fullmatch(line) is not None and _STAMPED.search(line) is None
    return False


# a page's own publication stamp in its copyright line ("(c) 2022 Plain Wire. Published 12 May
# 2022."): the line is kept, so that the edition's date it states is not dropped with it
_STAMPED = re.compile(r"\b(?:published|posted|updated|issued|released|dated)\s*:?\s*(?:on\s+)?"
                      r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
                      r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s)", re.IGNORECASE)
