"""Normalisation: the characters of a block's text as the parser matches them (spaces, quotes,
dashes, zero-width characters, white space), so typography never changes what is parsed."""

from __future__ import annotations

import re
import unicodedata

from tracker.memo import remembered
from tracker.read.decoding import CONTROL_RE


_CHAR_MAP = {
    **{c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"},
    "\t": "    ",
    **{c: "" for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2212\ufe63\uff0d"},
    **{c: "\n" for c in "\r\x0b\x0c\u2028\u2029\x85"},
}
_CHAR_RE = re.compile("[" + "".join(_CHAR_MAP) + r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_DASH_RE = re.compile(r" *([\u2012\u2013\u2014\u2015]) *")
_WS_RE = re.compile(r"\s+")


def _char(m: re.Match[str]) -> str:
    return _CHAR_MAP.get(m.group(), " ")


def _dash(m: re.Match[str]) -> str:
    """En/em dash: "-" inside ranges and compounds, " - " between words, "- " opening a line."""
    s, i, j = m.string, m.start(), m.end()
    before = s[i - 1] if i > 0 else "\n"
    after = s[j] if j < len(s) else "\n"
    if before == "\n":
        return "- " if after != "\n" else "-"
    if after == "\n":
        return " -"
    spaced = len(m.group(0)) > 1
    if not spaced and before.isalnum() and after.isalnum():
        if m.group(1) in "\u2012\u2013" or (before.isdigit() and after.isdigit()):
            return "-"
        return " - "
    return " - " if spaced else "-"


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RE = re.compile(f"[{_SUPERSCRIPTS}]{{1,3}}(?![{_SUPERSCRIPTS}])")
_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")
_UNIT_BEFORE = re.compile(r"(?:^|[\d\s(])(?:k?m|cm|mm|ft|mi|in|sq)$")


def _superscript(m: re.Match[str]) -> str:
    """ "Air Base 101¹" -> "Air Base 101[1]": a superscript number is a footnote marker,
    unless it is the power of a unit ("12 km²")."""
    before = m.string[max(0, m.start() - 4): m.start()]
    if _UNIT_BEFORE.search(before):
        return m.group(0)
    return f"[{m.group(0).translate(_DIGITS)}]"


def normalise_chars(text: str) -> str:
    """Character-level normalisation that keeps line breaks (\\r\\n and friends become \\n)."""
    text = text.replace("\r\n", "\n")
    if text.isascii() and not CONTROL_RE.search(text) and "\t" not in text and "\r" not in text:
        return text
    if any(c in text for c in _SUPERSCRIPTS):
        text = _SUPERSCRIPT_RE.sub(_superscript, text)
    text = _CHAR_RE.sub(_char, text)
    if "\u2012" in text or "\u2013" in text or "\u2014" in text or "\u2015" in text:
        text = _DASH_RE.sub(_dash, text)
    return text


def _collapse(text: str, piece: int = 1 << 20) -> str:
    """Collapse white space runs to one space and strip. Huge blocks are done a slice at a
    time (cut at white space) so the temporary word list stays small."""
    if len(text) <= piece:
        return " ".join(text.split())
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + piece, len(text))
        m = _WS_RE.search(text, end) if end < len(text) else None
        end = m.start() if m else len(text)
        chunk = " ".join(text[start:end].split())
        if chunk:
            parts.append(chunk)
        start = end
    return " ".join(parts)


@remembered(8192)
def normalise(text: str) -> str:
    """One block's text as the parser matches it: unicode spaces -> space, curly quotes ->
    straight, dashes -> '-' or ' - ', zero-width characters removed, white space collapsed.
    Remembered: the next edition repeats most of its blocks."""
    if not (text.isascii() and not CONTROL_RE.search(text)):
        if not unicodedata.is_normalized("NFC", text):
            # First, so a character that composes to one the map rewrites ("\u1ffd" is an
            # acute accent) is rewritten too, and a second pass changes nothing.
            text = unicodedata.normalize("NFC", text)
        text = normalise_chars(text)
    text = _collapse(text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
