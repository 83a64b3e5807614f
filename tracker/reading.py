"""Reading: the bytes of one edition (plain text, Markdown or HTML) -> a `Document` of blocks.

Why a separate stage: the parser should see one simple shape whatever the source looked like.
Every format ends as the same sequence of headings, paragraphs, list items and footnotes, with
the text normalised (spaces, quotes, dashes) and web-page leftovers (comment forms, share
buttons, cookie notices) gone, so the same brief as .txt, .md or .html parses to the same facts.

Heavy libraries (selectolax, markdown_it) are imported inside the functions that need them so
that importing this module, and therefore `tracker --help`, stays cheap.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tracker.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
"""Default size limit: far larger than any brief, small enough to refuse a stray dump or video."""

BlockKind = Literal["heading", "paragraph", "item", "footnote"]


@dataclass(frozen=True)
class Block:
    """One unit of the edition's text, in reading order. A row of a table whose header names a
    place column is an "item" with marker "|" and text "place - date - action. Header: value"
    (see `table_blocks`); the parser takes its first cell as the place."""

    kind: BlockKind
    text: str
    level: int = 0
    marker: str | None = None


@dataclass(frozen=True)
class Document:
    """An edition as read: its blocks, the format and encoding found, and reading warnings."""

    blocks: tuple[Block, ...]
    format: str
    encoding: str
    warnings: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Size limit and messages


def max_bytes_limit(max_bytes: int | None = None) -> int:
    """The size limit in force: the explicit argument, else env TRACKER_MAX_BYTES, else MAX_BYTES."""
    if max_bytes is not None:
        if max_bytes <= 0:
            raise InputError(f"the size limit must be a positive number of bytes, not {max_bytes}")
        return max_bytes
    raw = os.environ.get("TRACKER_MAX_BYTES", "").strip()
    if not raw:
        return MAX_BYTES
    m = re.fullmatch(r"(\d+)\s*([kmg]?)i?b?", raw, re.I)
    if not m or int(m.group(1)) == 0:
        shown = raw[:40]
        raise InputError(f"TRACKER_MAX_BYTES must be a positive size such as 20000000 or 20M, not {shown!r}")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    return int(m.group(1)) * factor


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _fail(problem: str, filename: str | None) -> InputError:
    """A one-line InputError naming the file (control characters and long names tamed)."""
    if not filename:
        return InputError(problem)
    shown = re.sub(r"[\x00-\x1f\x7f]", "?", str(filename))
    if len(shown) > 200:
        shown = "..." + shown[-197:]
    return InputError(f"{shown}: {problem}")


def _check_size(size: int, limit: int, filename: str | None) -> None:
    if size > limit:
        raise _fail(
            f"file is {_size(size)}, over the {_size(limit)} limit for an edition "
            "(set TRACKER_MAX_BYTES to allow larger files)",
            filename,
        )


# --------------------------------------------------------------------------------------------
# Decoding

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_VISIBLE_RE = re.compile(r"[^\s\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_SAMPLE = 1 << 20


def decode(data: bytes, *, max_bytes: int | None = None, filename: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding, warnings). Raises InputError for empty, blank, binary, undecodable
    or oversized input. Tries BOMs, then UTF-8, then legacy single-byte encodings (with a warning)."""
    _check_size(len(data), max_bytes_limit(max_bytes), filename)
    if not data:
        raise _fail("file is empty", filename)
    text, encoding, warnings = _decode_bytes(data, filename)
    _check_text(text, filename)
    return text, encoding, warnings


def _decode_bytes(data: bytes, filename: str | None) -> tuple[str, str, list[str]]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode("utf-8" if codec == "utf-8-sig" else codec), codec, []
            except UnicodeDecodeError:
                raise _fail(
                    f"cannot be decoded: it starts with a {label} byte-order mark but is not valid {label}",
                    filename,
                ) from None
    if b"\x00" in data:
        return _decode_with_nuls(data, filename)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        return _decode_fallback(data, err)


def _decode_with_nuls(data: bytes, filename: str | None) -> tuple[str, str, list[str]]:
    """NUL bytes mean binary, unless the bytes look like UTF-16 text without a byte-order mark."""
    sample = data[: 8192 - 8192 % 2]
    if len(data) % 2 == 0 and len(sample) >= 4:
        half = len(sample) // 2
        odd = sample[1::2].count(0) / half
        even = sample[0::2].count(0) / half
        codec = "utf-16-le" if odd > 0.6 and even < 0.1 else "utf-16-be" if even > 0.6 and odd < 0.1 else None
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and "\x00" not in text:
                return text, codec, [f"no byte-order mark; read as {codec.upper()}"]
    raise _fail("looks like a binary file (it contains NUL bytes), not a text document", filename)


def _decode_fallback(data: bytes, err: UnicodeDecodeError) -> tuple[str, str, list[str]]:
    """Not valid UTF-8: a truncated end, a few stray bytes in UTF-8 text, or a legacy encoding."""
    if err.start >= len(data) - 3 and "end of data" in err.reason:
        try:
            text = data[: err.start].decode("utf-8")
            return text, "utf-8", ["the file ends in the middle of a UTF-8 character; it was dropped"]
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(re.findall(r"[^\x00-\x7f\ufffd]", text[:_SAMPLE]))
    if good >= 2 * bad and bad <= max(3, len(text) // 100):
        return text, "utf-8", [f"{bad} byte(s) that are not valid UTF-8 were replaced"]
    try:
        return data.decode("cp1252"), "cp1252", ["not valid UTF-8; read as Windows-1252 (cp1252)"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", ["not valid UTF-8 or Windows-1252; read as Latin-1"]


def _check_text(text: str, filename: str | None) -> None:
    if not _VISIBLE_RE.search(text):
        raise _fail("file contains only white space" if text else "file is empty", filename)
    if "\x00" in text:
        raise _fail("looks like a binary file (it contains NUL characters), not a text document", filename)
    sample = text[:_SAMPLE]
    controls = len(_CONTROL_RE.findall(sample))
    if controls * 10 > len(sample):
        raise _fail("looks like a binary file (mostly control characters), not a text document", filename)
    if sample.count("\ufffd") * 10 > len(sample):
        raise _fail("cannot be decoded: most of it is not text in any known encoding", filename)


# --------------------------------------------------------------------------------------------
# Normalisation

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


def _normalise_chars(text: str) -> str:
    """Character-level normalisation that keeps line breaks (\\r\\n and friends become \\n)."""
    text = text.replace("\r\n", "\n")
    if text.isascii() and not _CONTROL_RE.search(text) and "\t" not in text and "\r" not in text:
        return text
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


def normalise(text: str) -> str:
    """One block's text as the parser matches it: unicode spaces -> space, curly quotes ->
    straight, dashes -> '-' or ' - ', zero-width characters removed, white space collapsed."""
    if not (text.isascii() and not _CONTROL_RE.search(text)):
        text = _normalise_chars(text)
    text = _collapse(text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# --------------------------------------------------------------------------------------------
# Web-page leftovers: whole short lines only, so real sentences are never dropped.

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
_MAX_LEFTOVER = 700


def is_leftover(line: str) -> bool:
    """True for a whole short line that is web-page furniture (comment form, share bar ...)."""
    if len(line) > _MAX_LEFTOVER:
        return False
    line = line.strip(" \t*_#>|")
    if not line:
        return False
    if len(line) <= 140 and _LEFTOVER_RE.fullmatch(line) is not None:
        return True
    lower = line.lower()
    if "cookie" in lower or "copyright" in lower or "(c)" in lower or "\u00a9" in line or "reserved" in lower:
        return _LONG_LEFTOVER_RE.fullmatch(line) is not None
    return False


# --------------------------------------------------------------------------------------------
# Entry points


_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
_FORMAT_NAMES = {"text": "text", "txt": "text", "markdown": "markdown", "md": "markdown", "html": "html", "htm": "html"}


def read_document(
    data: bytes,
    filename: str | None = None,
    *,
    max_bytes: int | None = None,
    fmt: str | None = None,
) -> Document:
    """Bytes of one edition -> Document. The format comes from `fmt`, else the file extension,
    else the content. Raises InputError (one line, naming the file) for unusable input."""
    text, encoding, warnings = decode(data, max_bytes=max_bytes, filename=filename)
    fmt = _choose_format(text, filename, fmt)
    try:
        blocks = _read_blocks(text, fmt)
    except RecursionError:
        raise _fail("is nested too deeply to read", filename) from None
    if not blocks:
        what = "an HTML page with only scripts, navigation or markup" if fmt == "html" else "only web-page leftovers"
        raise _fail(f"has no readable text ({what})", filename)
    return Document(blocks=tuple(blocks), format=fmt, encoding=encoding, warnings=tuple(warnings))


def read_text(text: str, fmt: str = "text") -> Document:
    """An already decoded string -> Document (for callers that hold text, e.g. parse_text)."""
    return read_document(text.encode("utf-8", errors="surrogatepass"), fmt=fmt)


def read_path(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """A file -> Document, refusing a missing path, a directory or an oversized file before
    reading it (a 50 MB file costs one stat, not 50 MB of memory)."""
    shown = str(path)
    limit = max_bytes_limit(max_bytes)
    p = Path(path)
    try:
        if p.is_dir():
            raise _fail("is a directory, not a file", shown)
        size = p.stat().st_size
        _check_size(size, limit, shown)
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise _fail("no such file", shown) from None
    except PermissionError:
        raise _fail("permission denied", shown) from None
    except OSError as err:
        raise _fail(f"cannot be read ({err.strerror or type(err).__name__})", shown) from None
    return read_document(data, shown, max_bytes=limit)


def _choose_format(text: str, filename: str | None, fmt: str | None) -> str:
    if fmt:
        chosen = _FORMAT_NAMES.get(fmt.lower())
        if chosen is None:
            raise InputError(f"unknown format {fmt[:20]!r}; use text, markdown or html")
        return chosen
    if filename:
        ext = os.path.splitext(str(filename))[1].lower()
        if ext in _EXTENSIONS:
            return _EXTENSIONS[ext]
    return sniff_format(text)


_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<meta\s", re.I)
_HTML_TAGS = re.compile(r"</(?:p|div|li|h[1-6]|td|section|span|a)>", re.I)
_MD_SNIFF = re.compile(
    r"^ {0,3}#{1,6} \S|^ {0,3}\[\^[^\]\s]+\]:|\*\*[^*\n]+\*\*|__[^_\n]+__|\]\((?:https?://|#|/)|\[\^[^\]\s]+\]|^```",
    re.M,
)


def sniff_format(text: str) -> str:
    """Guess the format from the content: HTML markup, Markdown signals, else plain text."""
    head = text[:4096]
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<") and re.match(r"<[!a-zA-Z?]", stripped) or _HTML_SNIFF.search(head):
        return "html"
    if len(_HTML_TAGS.findall(head)) >= 2 and not _MD_SNIFF.search(head):
        return "html"
    if _MD_SNIFF.search(text[:65536]):
        return "markdown"
    return "text"


def _read_blocks(text: str, fmt: str) -> list[Block]:
    if fmt == "html":
        blocks = _html_blocks(text)
    elif fmt == "markdown":
        blocks = _markdown_blocks(text)
    else:
        blocks = _text_blocks(_normalise_chars(text).split("\n"), title=True)
    return _finish(blocks)


# --------------------------------------------------------------------------------------------
# Shared finishing: notes sections, "[n] text" footnotes, leftovers, empty blocks.

_NOTES_HEADING = re.compile(
    r"(?:foot|end)?notes?|references?|sources?(?: and notes)?|notes and (?:references|sources)|citations?|"
    r"bibliography|works cited",
    re.I,
)
_FOOT_PREFIX = re.compile(r"\[\^?([0-9]{1,4}|[a-zA-Z]|[^\]\s]{1,12}(?=\]:))\]:?\s+(\S.*)", re.S)
_NUMBER_PREFIX = re.compile(r"\(?([0-9]{1,4})[.):\]]\s+(\S.*)", re.S)
_LEFTOVER_SECTIONS = re.compile(
    r"related(?: posts| articles| stories| news| content)?|you (?:may|might) also like|read more|read next|"
    r"more (?:from|stories|news)\b.*|recommended(?: for you)?|popular posts|trending(?: now)?|most read|"
    r"(?:\d+ |no )?comments?(?: \(\d+\))?|leave a (?:reply|comment)|share this(?: article| post| story)?",
    re.I,
)


def _finish(blocks: list[Block]) -> list[Block]:
    """Turn notes sections and "[n] text" blocks into footnotes; drop leftovers and empties.
    A heading that announces page furniture ("Related posts", "Comments") drops its section."""
    out: list[Block] = []
    in_notes = False
    skip_level = 0
    number = 0
    for b in blocks:
        if not b.text:
            continue
        if b.kind == "heading":
            title = b.text.rstrip(":").strip()
            if skip_level and b.level > skip_level:
                continue
            skip_level = 0
            if _LEFTOVER_SECTIONS.fullmatch(title):
                skip_level = b.level or 1
                continue
            in_notes = _NOTES_HEADING.fullmatch(title) is not None
            number = 0
            if not is_leftover(b.text):
                out.append(b)
            continue
        if skip_level or is_leftover(b.text):
            continue
        if b.kind != "footnote":
            b = _as_footnote(b, in_notes, number + 1) or b
        if b.kind == "footnote":
            number = int(b.marker) if b.marker and b.marker.isdigit() else number + 1
        out.append(b)
    return out


def _as_footnote(b: Block, in_notes: bool, next_number: int) -> Block | None:
    m = _FOOT_PREFIX.match(b.text)
    if m:
        return Block("footnote", m.group(2), 0, m.group(1))
    if not in_notes:
        return None
    if b.kind == "item":
        marker = (b.marker or "").rstrip(".)")
        return Block("footnote", b.text, 0, marker if marker.isdigit() else str(next_number))
    m = _NUMBER_PREFIX.match(b.text)
    if m:
        return Block("footnote", m.group(2), 0, m.group(1))
    return None


# --------------------------------------------------------------------------------------------
# Plain text

_ATX_RE = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_UNDERLINE_RE = re.compile(r"(={3,}|-{3,})")
_FOOTLINE_RE = re.compile(r"\[\^?([0-9]{1,4}|[a-zA-Z])\]:?\s+(\S.*)|\[\^([^\]\s]{1,20})\]:\s*(.*)")
_ITEM_RE = re.compile(r"(?:([0-9]{1,5})[.)]|\(([0-9]{1,3})\)|([-*+\u2022\u2023\u25e6\u25aa\u25cf\u00b7]))\s+(\S.*)")
_BOLD_LEAD_RE = re.compile(r"(\*\*|__)([^*_\n]{1,120}?)\1")
_SENTENCE_END = tuple(".!?;,")


def _heading_like(line: str) -> bool:
    """A short line that reads as a title: no sentence punctuation at its end, starts like a
    title, and (if it ends with a colon) is a short label rather than a lead-in sentence."""
    if not line or len(line) > 100 or line.endswith(_SENTENCE_END) or line.endswith("..."):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'("):
        return False
    words = line.split()
    if len(words) > 12 or not any(c.isalpha() for c in line):
        return False
    core = line.rstrip(":").strip()
    if ": " in core:
        return False
    if line.endswith(":"):
        capitalised = sum(1 for w in words if w[:1].isupper())
        return len(words) <= 3 or (len(words) <= 6 and capitalised * 2 > len(words))
    return True


@dataclass
class _Raw:
    kind: str
    parts: list[str]
    level: int = 0
    marker: str | None = None
    indent: int = 0


def _text_blocks(lines: list[str], *, title: bool, headings: bool = True) -> list[Block]:
    """Lines of plain text -> blocks: blank-line paragraphs with wrapped lines joined, one item
    per numbered/bulleted line, "[n] text" footnotes, and headings found from their shape."""
    raws = _text_raws(lines, headings)
    return _raws_to_blocks(raws, title=title, headings=headings)


def _in_sequence(number: str | None, cur: _Raw | None) -> bool:
    """ "1000. text" is an item only right after item 999 (a line may begin with a year)."""
    if not number or len(number) <= 3:
        return True
    return cur is not None and cur.kind == "item" and cur.marker == f"{int(number) - 1}."


def _text_raws(lines: list[str], headings: bool) -> list[_Raw]:
    raws: list[_Raw] = []
    cur: _Raw | None = None
    blank = True
    indents: list[int] = []
    for line in lines:
        s = line.strip()
        if not s:
            blank = True
            continue
        if len(s) <= _MAX_LEFTOVER and is_leftover(" ".join(s.split())):
            continue
        indent = len(line) - len(line.lstrip())
        if _PIPE_ROW.fullmatch(s) and s.count("|") >= 3:
            if cur is None or cur.kind != "table" or blank:
                cur = _Raw("table", [])
                raws.append(cur)
            if not _TABLE_RULE.fullmatch(s):
                cur.parts.append(s)
            blank = False
            continue
        if headings and _UNDERLINE_RE.fullmatch(s) and cur is not None and not blank \
                and cur.kind == "para" and len(cur.parts) == 1:
            cur.kind, cur.level = "heading", 1 if s[0] == "=" else 2
            cur = None
            blank = False
            continue
        m = _ATX_RE.fullmatch(s) if headings and s.startswith("#") else None
        if m:
            cur = _Raw("heading", [m.group(2)], level=len(m.group(1)))
            raws.append(cur)
            cur, indents = None, []
        elif (m := _FOOTLINE_RE.match(s)) is not None:
            marker, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            cur = _Raw("foot", [body], marker=marker, indent=indent)
            raws.append(cur)
        elif (m := _ITEM_RE.match(s)) is not None and _in_sequence(m.group(1), cur):
            number = m.group(1) or m.group(2)
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1] + 1:
                indents.append(indent)
            cur = _Raw("item", [m.group(4)], level=len(indents) - 1,
                       marker=f"{int(number)}." if number else "-", indent=indent)
            raws.append(cur)
        elif cur is not None and cur.kind != "heading" and (
            not blank or (cur.kind in ("item", "foot") and indent > cur.indent)
        ):
            cur.parts.append(s)
        else:
            cur = _Raw("para", [s])
            raws.append(cur)
            indents = []
        blank = False
    return raws


def _raws_to_blocks(raws: list[_Raw], *, title: bool, headings: bool) -> list[Block]:
    blocks: list[Block] = []
    for i, r in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if r.kind == "heading":
            blocks.append(Block("heading", normalise(r.parts[0]).rstrip(":").strip(), r.level))
        elif r.kind == "item":
            blocks.append(Block("item", _join(r.parts), r.level, r.marker))
        elif r.kind == "foot":
            blocks.append(Block("footnote", _join(r.parts), 0, r.marker))
        elif r.kind == "table":
            blocks.extend(table_blocks([_pipe_cells(p) for p in r.parts]))
        elif headings:
            blocks.extend(_para_or_heading(r, nxt, first=title and i == 0))
        else:
            blocks.append(Block("paragraph", _join(r.parts)))
    return blocks


def _para_or_heading(r: _Raw, nxt: _Raw | None, first: bool) -> list[Block]:
    first_line = normalise(r.parts[0])
    if first_line.startswith(("**", "__")):
        first_line = _BOLD_LEAD_RE.sub(r"\2", first_line, count=1)
    level = 1 if first else 2
    if len(r.parts) == 1:
        if first and len(first_line) <= 150 and not first_line.endswith((".", "!", "?")):
            return [Block("heading", first_line.rstrip(":").strip(), 1)]
        if nxt is not None and _heading_like(first_line):
            return [Block("heading", first_line.rstrip(":").strip(), level)]
        return [Block("paragraph", first_line)]
    second = normalise(r.parts[1])
    if _heading_like(first_line) and (len(first_line) < 0.6 * len(second) or first):
        return [Block("heading", first_line.rstrip(":").strip(), level), Block("paragraph", _join(r.parts[1:]))]
    return [Block("paragraph", _join(r.parts))]


def _join(parts: list[str]) -> str:
    text = normalise(" ".join(parts))
    return _BOLD_LEAD_RE.sub(r"\2", text, count=1) if text.startswith(("**", "__")) else text


# --------------------------------------------------------------------------------------------
# Markdown (markdown-it-py)

_PUA = "\ue000"
_MD_FOOTDEF_RE = re.compile(r" {0,3}\[(\^[^\]\s]{1,20}|[0-9]{1,4})\]:\s*(.*)")
_MD_FOOTREF_RE = re.compile(r"\[\^([^\]\s]{1,20})\](?!:)")
_MD_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")
_MD_BLOCK_START_RE = re.compile(r" {0,3}(?:#|>|[-*+] |[0-9]{1,9}[.)] |\[[^\]]+\]:|```|~~~)")
_URL_DEF_RE = re.compile(r"<?(?:https?://|www\.|/|#|mailto:)\S*>?(?:\s+(?:\".*\"|'.*'|\(.*\)))?\s*")
_SENTINEL_RE = re.compile(_PUA + r"([0-9]+)" + _PUA)


_MD_CHUNK = 256 * 1024


def _md_prepare(text: str) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """Before markdown-it: drop leftover lines, lift footnote definitions out (leaving a
    placeholder paragraph where they stood), and write `[^1]` markers as a literal "[1]".
    Large sources are cut into chunks at top-level paragraph starts, so markdown-it's token
    lists stay small (memory) while the result is the same."""
    lines = _normalise_chars(text.replace(_PUA, "").replace("\t", "    ")).split("\n")
    out: list[str] = []
    breaks: list[int] = [0]
    size = 0
    notes: list[tuple[str, str, bool]] = []
    keep_defs: list[str] = []
    fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        fm = _MD_FENCE_RE.match(line)
        if fence is not None:
            out.append(line)
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            continue
        if fm:
            fence = fm.group(1)
            out.append(line)
            continue
        s = line.strip()
        if s and len(s) <= _MAX_LEFTOVER and is_leftover(_strip_md(s)):
            continue
        size += len(line) + 1
        if size > _MD_CHUNK and s and line[0] != " " and out and not out[-1].strip() \
                and not _MD_BLOCK_START_RE.match(line):
            breaks.append(len(out))
            size = 0
        m = _MD_FOOTDEF_RE.match(line)
        if m:
            body = [m.group(2).strip()]
            while i < len(lines) and lines[i].strip() and not _MD_BLOCK_START_RE.match(lines[i]):
                body.append(lines[i].strip())
                i += 1
            while i + 1 < len(lines) and not lines[i].strip() and lines[i + 1].startswith(("    ", "\t")):
                body.append(lines[i + 1].strip())
                i += 2
            label = m.group(1).lstrip("^")
            is_url = m.group(1).isdigit() and _URL_DEF_RE.fullmatch(m.group(2).strip()) is not None
            notes.append((label, " ".join(body), is_url))
            if is_url:
                keep_defs.append(line)
            out.extend(["", f"{_PUA}{len(notes) - 1}{_PUA}", ""])
            continue
        if "[^" in line:
            line = _MD_FOOTREF_RE.sub(r"\\[\1\\]", line)
        if line.count("[") > 200:  # markdown-it's link-label scan crawls on bracket floods
            line = line.replace("[", "\\[")
        out.append(line)
    tail = "\n\n" + "\n".join(keep_defs)
    bounds = breaks + [len(out)]
    return ["\n".join(out[a:b]) + tail for a, b in zip(bounds, bounds[1:])], notes


def _strip_md(s: str) -> str:
    s = re.sub(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+|[0-9]{1,3}[.)]\s+)", "", s)
    return " ".join(s.replace("**", "").replace("__", "").split())


def _markdown_blocks(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    chunks, notes = _md_prepare(text)
    md = MarkdownIt("commonmark").enable("table")
    walker = _MdWalker(notes)
    for chunk in chunks:
        try:
            tokens = md.parse(chunk)
        except RecursionError:
            raise
        except Exception as err:  # markdown-it failing on odd input is a reading problem, not a crash
            raise InputError(f"could not read the Markdown ({type(err).__name__})") from None
        walker.walk(tokens)
    blocks = walker.blocks
    return _drop_shadowed_urls(blocks, notes)


def _drop_shadowed_urls(blocks: list[Block], notes: list[tuple[str, str, bool]]) -> list[Block]:
    """A numeric link definition "[1]: http://..." is a footnote only when no real footnote
    text carries the same marker (a "Notes" list or "[^1]: text" says more than a URL)."""
    urls = {normalise(_md_inline_text(body)) for _, body, is_url in notes if is_url}
    if not urls:
        return blocks
    real = {b.marker for b in _finish(blocks) if b.kind == "footnote" and b.text not in urls}
    return [b for b in blocks if not (b.kind == "footnote" and b.text in urls and b.marker in real)]


class _MdWalker:
    """Walks markdown-it's flat token stream into blocks (headings, paragraphs, items, footnotes)."""

    def __init__(self, notes: list[tuple[str, str, bool]]) -> None:
        self.notes = notes
        self.blocks: list[Block] = []
        self.lists: list[list] = []  # [ordered, next number]
        self.items: list[dict] = []
        self.heading = 0
        self.row: list[str] | None = None
        self.table: list[list[str]] | None = None

    def walk(self, tokens) -> list[Block]:
        for tok in tokens:
            handler = getattr(self, "_" + tok.type, None)
            if handler is not None:
                handler(tok)
        while self.items:
            self._list_item_close(None)
        return self.blocks

    def _heading_open(self, tok) -> None:
        self.heading = int(tok.tag[1])

    def _heading_close(self, tok) -> None:
        self.heading = 0

    def _bullet_list_open(self, tok) -> None:
        self._flush_item()
        self.lists.append([False, 1])

    def _ordered_list_open(self, tok) -> None:
        self._flush_item()
        start = tok.attrs.get("start", 1) if tok.attrs else 1
        self.lists.append([True, int(start) if str(start).isdigit() else 1])

    def _bullet_list_close(self, tok) -> None:
        if self.lists:
            self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, tok) -> None:
        ordered, number = self.lists[-1] if self.lists else (False, 1)
        if ordered:
            info = tok.info if tok.info and tok.info.isdigit() else str(number)
            marker = f"{int(info)}."
            self.lists[-1][1] = int(info) + 1
        else:
            marker = "-"
        self.items.append({"parts": [], "marker": marker, "level": max(len(self.lists) - 1, 0), "done": False})

    def _list_item_close(self, tok) -> None:
        self._flush_item()
        if self.items:
            self.items.pop()

    def _flush_item(self) -> None:
        if self.items and not self.items[-1]["done"]:
            item = self.items[-1]
            item["done"] = True
            text = normalise(" ".join(item["parts"]))
            if text:
                self.blocks.append(Block("item", text, item["level"], item["marker"]))

    def _table_open(self, tok) -> None:
        self.table = []

    def _table_close(self, tok) -> None:
        self.blocks.extend(table_blocks(self.table or []))
        self.table = None

    def _tr_open(self, tok) -> None:
        self.row = []

    def _tr_close(self, tok) -> None:
        if self.row is not None and self.table is not None:
            self.table.append(self.row)
        elif self.row:
            self.blocks.append(Block("paragraph", normalise(" | ".join(c for c in self.row if c))))
        self.row = None

    def _code_block(self, tok) -> None:
        self.blocks.extend(_text_blocks(_normalise_chars(tok.content).split("\n"), title=False))

    _fence = _code_block

    def _inline(self, tok) -> None:
        text = _md_inline(tok.children or [])
        if self.row is not None:
            self.row.append(normalise(text))
            return
        m = _SENTINEL_RE.fullmatch(text.strip())
        if m and int(m.group(1)) < len(self.notes):
            label, body, _ = self.notes[int(m.group(1))]
            self.blocks.append(Block("footnote", normalise(_md_inline_text(body)), 0, label))
            return
        if self.heading:
            self.blocks.append(Block("heading", normalise(text).rstrip(":").strip(), self.heading))
        elif self.items and not self.items[-1]["done"]:
            self.items[-1]["parts"].append(text)
        else:
            self.blocks.append(Block("paragraph", normalise(text)))


def _md_inline(children) -> str:
    """Inline tokens -> text. Emphasis markup vanishes ("**Background:** x" -> "Background: x");
    a link whose text is a number is a footnote marker kept as "[n]"; <sup>n</sup> likewise."""
    out: list[str] = []
    link_start: list[int] = []
    sup_start: list[int] = []
    for c in children:
        t = c.type
        if t in ("text", "code_inline"):
            out.append(c.content)
        elif t in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t == "link_open":
            link_start.append(len(out))
        elif t == "link_close" and link_start:
            _marker_span(out, link_start.pop())
        elif t == "html_inline":
            tag = c.content.lower()
            if tag.startswith("<br"):
                out.append(" ")
            elif tag.startswith("<sup"):
                sup_start.append(len(out))
            elif tag.startswith("</sup") and sup_start:
                _marker_span(out, sup_start.pop())
    return "".join(out)


def _marker_span(out: list[str], start: int) -> None:
    inner = "".join(out[start:]).strip()
    m = re.fullmatch(r"\[?\^?([0-9]{1,4})\]?", inner)
    if m:
        out[start:] = [f"[{m.group(1)}]"]


def _md_inline_text(body: str) -> str:
    """Footnote bodies were lifted out of the Markdown: strip the commonest inline markup."""
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    return body.replace("**", "").replace("__", "").replace("`", "")


# --------------------------------------------------------------------------------------------
# Tables: a table of handovers (a header naming a place column) -> one item per row.

_ROLE_RES = (
    ("date", re.compile(r"\b(?:dates?|when|day|on)\b", re.I)),
    ("place", re.compile(
        r"\b(?:bases?|places?|locations?|sites?|camps?|installations?|facilit(?:y|ies)|names?|"
        r"air\s*fields?|air\s*bases?|garrisons?|posts?|positions?|outposts?|towns?|cit(?:y|ies)|"
        r"localit(?:y|ies))\b", re.I)),
    ("action", re.compile(r"\b(?:status|action|event|what|handover|hand-over|transfer|outcome|"
                          r"state|progress|stage|type|withdrawal)\b", re.I)),
)
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_PIPE_ROW = re.compile(r"\|.*\|")


def _column_roles(header: list[str]) -> dict[int, str]:
    """Column index -> "date" | "place" | "action", each role given to its first column."""
    roles: dict[int, str] = {}
    for role, pattern in _ROLE_RES:
        for i, cell in enumerate(header):
            if i not in roles and len(cell) <= 40 and pattern.search(cell):
                roles[i] = role
                break
    return roles


def table_blocks(rows: list[list[str]]) -> list[Block]:
    """Rows of cells (the first one the header) -> blocks. A table whose header names a place
    column gives one item per row, marker "|", text "place - date - action" then the other
    cells as "Header: value"; any other table gives one "a | b | c" paragraph per row."""
    rows = [[normalise(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = rows[0]
    roles = _column_roles(header)
    if "place" not in roles.values() or len(rows) < 2:
        return [Block("paragraph", " | ".join(c for c in r if c)) for r in rows]
    order = {role: i for i, role in roles.items()}
    blocks = []
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        place = cells[order["place"]]
        if not place:
            continue
        parts = [place] + [cells[order[r]] for r in ("date", "action") if r in order and cells[order[r]]]
        extra = [f"{header[i] or 'Note'}: {c}" for i, c in enumerate(cells)
                 if i not in roles and c and i < len(header)]
        text = " - ".join(parts)
        if extra:
            text += ". " + ". ".join(extra)
        blocks.append(Block("item", text, 0, "|"))
    return blocks


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


# --------------------------------------------------------------------------------------------
# HTML (selectolax / lexbor)

_SKIP_TAGS = frozenset(
    "script style noscript nav header footer aside form iframe svg button template select input "
    "textarea label object embed canvas audio video map dialog menu img picture head title meta "
    "link base source track math".split()
)
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub time tt "
    "u var wbr del ins big nobr".split()
)
_JUNK_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|comment(?!ary)|respond|replies|sidebar|widget|"
    r"menu|breadcrumb|cookie|consent|gdpr|newsletter|subscri|advert|ads?(?=$|[\s_-])|sponsor|promo|"
    r"popup|modal|skip-link|screen-reader|sr-only|visually-hidden|hidden(?=$|[\s_-])|navigation|"
    r"nav(?=$|[\s_-])|navbar|toolbar|masthead|pagination|pager|signup|paywall|disqus|outbrain|taboola|"
    r"jp-relatedposts|sharedaddy|addtoany|a2a)",
    re.I,
)
_FOOT_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:foot|end)notes?|(?:^|[\s_-])(?:notes|references|citations|reflist)(?=$|[\s_-])", re.I
)
_HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
_FN_ID_RE = re.compile(r"([0-9]{1,4})\D*$")
_FN_LEAD_RE = re.compile(r"^\s*(?:\^|\u2191|\u21a9)?\s*")
_BACKREF_RE = re.compile(r"\s*[\u21a9\u2191\ufe0e]+\s*")


def _html_blocks(html: str) -> list[Block]:
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(html)
    except Exception as err:  # a parser failure on hostile markup is a reading problem
        raise InputError(f"could not read the HTML ({type(err).__name__})") from None
    body = tree.body or tree.root
    if body is None:
        return []
    root = _article_root(body)
    walker = _HtmlWalker(_p_text(root))
    walker.container(root, footnotes=False)
    blocks = walker.blocks
    if not any(b.kind != "heading" for b in blocks):
        return []
    if not any(b.kind == "heading" and b.level == 1 for b in blocks):
        title = _page_title(tree)
        first = blocks[0]
        if first.kind == "heading" and title.startswith(first.text):
            blocks[0] = Block("heading", first.text, 1)
        elif title and not any(b.text == title for b in blocks):
            blocks.insert(0, Block("heading", title, 1))
    return blocks


def _page_title(tree) -> str:
    for node in tree.css("h1"):
        text = normalise(node.text(deep=True))
        if text:
            return text
    node = tree.css_first("title")
    if node is None:
        return ""
    text = normalise(node.text(deep=True))
    return re.split(r"\s+(?:\||::)\s+", text)[0] if text else ""


def _classify(node, body_text: int = 0) -> str:
    """'skip' for page furniture, 'notes' for a footnote container, else 'keep'. An element
    whose class merely mentions a junk word ("has-comments") but holds most of the article's
    paragraph text (`body_text`) is kept."""
    tag = node.tag
    attrs = node.attributes
    marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if marks and _FOOT_ATTR_RE.search(marks):
        return "notes"
    if tag in _SKIP_TAGS:
        if tag == "header" and node.css_first("h1, h2, h3") is not None and not (marks and _JUNK_ATTR_RE.search(marks)):
            return "keep"
        return "skip"
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return "skip"
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", attrs.get("style") or "", re.I):
        return "skip"
    if marks and tag not in ("html", "body") and _JUNK_ATTR_RE.search(marks):
        return "keep" if body_text and _p_text(node) * 2 > body_text else "skip"
    return "keep"


def _p_text(node) -> int:
    return sum(len(p.text(deep=True)) for p in node.css("p"))


def _article_root(body):
    """The element holding the article: <article>/<main>/role=main with the most paragraph
    text, else the element whose <p> children carry the most text (widened while it holds less
    than 60 % of the page's paragraph text), else <body>."""
    total = _p_text(body)
    if total == 0:
        return body
    best, best_score = None, 0
    for cand in body.css("article, main, [role=main]"):
        if _classify(cand) == "skip":
            continue
        score = _p_text(cand)
        if score > best_score:
            best, best_score = cand, score
    if best is not None and best_score * 10 >= total * 3:
        return best
    scores: dict[int, list] = {}
    for p in body.css("p"):
        parent = p.parent
        if parent is None:
            continue
        entry = scores.setdefault(parent.mem_id, [parent, 0])
        entry[1] += len(p.text(deep=True))
    node = max(scores.values(), key=lambda e: e[1])[0]
    while node is not None and node.mem_id != body.mem_id and _p_text(node) * 10 < total * 6:
        node = node.parent
    return node if node is not None else body


class _HtmlWalker:
    """Depth-first walk of the article root: block elements become blocks; runs of inline
    content between them become paragraphs."""

    def __init__(self, body_text: int) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.body_text = body_text

    def container(self, node, footnotes: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
                continue
            if tag is None or tag.startswith("-"):
                continue
            kind = _classify(child, self.body_text)
            if kind == "skip":
                continue
            if tag in _INLINE_TAGS or tag in ("br", "sup") and kind != "notes":
                self.buf.append(self.inline(child))
                continue
            self.flush(footnotes)
            self.block(child, footnotes or kind == "notes")
        self.flush(footnotes)

    def block(self, node, footnotes: bool) -> None:
        tag = node.tag
        if tag in _HEADING_TAGS:
            text = normalise(self.inline(node))
            self.blocks.append(Block("heading", text.rstrip(":").strip(), _HEADING_TAGS[tag]))
        elif tag == "p" or tag == "pre":
            self.buf.append(self.inline(node))
            self.flush(footnotes)
        elif tag in ("ul", "ol"):
            self.list(node, footnotes, 0)
        elif tag == "li":
            self.list_item(node, footnotes, "-", 0)
        elif tag == "table":
            rows = [[self.inline(c) for c in tr.iter() if c.tag in ("td", "th")]
                    for tr in node.css("tr")]
            self.blocks.extend(table_blocks(rows))
        elif tag == "tr":
            cells = [normalise(self.inline(c)) for c in node.iter() if c.tag in ("td", "th")]
            text = " | ".join(c for c in cells if c)
            if text:
                self.blocks.append(Block("paragraph", text))
        else:
            self.container(node, footnotes)

    def list(self, node, footnotes: bool, level: int) -> None:
        ordered = node.tag == "ol"
        number = _int_attr(node, "start", 1)
        for li in node.iter():
            kind = _classify(li, self.body_text)
            if kind == "skip":
                continue
            if li.tag in ("ul", "ol"):
                self.list(li, footnotes or kind == "notes", level + 1)
                continue
            if li.tag != "li":
                self.block(li, footnotes or kind == "notes")
                continue
            number = _int_attr(li, "value", number)
            marker = f"{number}." if ordered else "-"
            self.list_item(li, footnotes, marker, level, number if ordered else None)
            number += 1

    def list_item(self, li, footnotes: bool, marker: str, level: int, number: int | None = None) -> None:
        nested: list = []
        text = self.inline(li, nested)
        lines = [normalise(line) for line in text.split("\n")]
        text = " ".join(line for line in lines if line)
        if footnotes:
            text = _BACKREF_RE.sub(" ", _FN_LEAD_RE.sub("", text)).strip()
            m = _FOOT_PREFIX.match(text)
            if m:
                self.blocks.append(Block("footnote", m.group(2), 0, m.group(1)))
            elif text:
                ident = _FN_ID_RE.search(li.attributes.get("id") or "")
                label = ident.group(1) if ident else str(number if number is not None else self._next_note())
                self.blocks.append(Block("footnote", text, 0, label))
        elif text:
            self.blocks.append(Block("item", text, level, marker))
        for sub in nested:
            self.list(sub, footnotes, level + 1)

    def _next_note(self) -> int:
        return 1 + sum(1 for b in self.blocks if b.kind == "footnote")

    def inline(self, node, nested: list | None = None) -> str:
        """Text of an element, with <br> as a line break, <sup>1</sup> as "[1]", and nested
        lists set aside in `nested` (for list items)."""
        out: list[str] = []
        self._inline_into(node, out, nested)
        return "".join(out)

    def _inline_into(self, node, out: list[str], nested: list | None) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                out.append(re.sub(r"[ \t\r\n\f]+", " ", child.text_content or ""))
            elif tag is None or tag.startswith("-") or _classify(child, self.body_text) == "skip":
                continue
            elif tag == "br":
                out.append("\n")
            elif tag == "sup" or (tag == "a" and _is_note_ref(child)):
                out.append(_sup_text(child))
            elif nested is not None and tag in ("ul", "ol"):
                nested.append(child)
            elif tag in _INLINE_TAGS:
                self._inline_into(child, out, nested)
            else:
                out.append(" ")
                self._inline_into(child, out, nested)
                out.append(" ")

    def flush(self, footnotes: bool) -> None:
        text = "".join(self.buf)
        self.buf = []
        if not text.strip():
            return
        lines = [line.strip() for line in text.split("\n")]
        if len([line for line in lines if line]) > 1 and sum(
            1 for line in lines if _ITEM_RE.match(line) or _FOOTLINE_RE.match(line)
        ) >= 2:
            blocks = _text_blocks(lines, title=False, headings=False)
        else:
            blocks = [Block("paragraph", normalise(" ".join(lines)))]
        for b in blocks:
            if footnotes and b.kind != "footnote":
                b = _as_footnote(b, True, self._next_note()) or b
            self.blocks.append(b)


def _int_attr(node, name: str, default: int) -> int:
    raw = (node.attributes.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 7 else default


def _is_note_ref(a) -> bool:
    href = a.attributes.get("href") or ""
    return bool(re.match(r"#(?:fn|cite|note|ref|footnote|endnote)", href, re.I)) and bool(
        re.fullmatch(r"\s*\[?[0-9]{1,4}\]?\s*", a.text(deep=True))
    )


def _sup_text(node) -> str:
    text = node.text(deep=True)
    numbers = re.fullmatch(r"\s*\[?\s*([0-9]{1,4}(?:\s*[,\]\[]\s*[0-9]{1,4})*)\s*\]?\s*", text)
    if numbers:
        return "".join(f"[{n}]" for n in re.findall(r"[0-9]+", numbers.group(1)))
    return text
