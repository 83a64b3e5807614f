"""Reading: the bytes of one edition (plain text, Markdown or HTML) -> a `Document` of blocks.

Why a separate stage: the parser should see one simple shape whatever the source looked like.
Every format ends as the same sequence of headings, paragraphs, list items and footnotes, with
the text normalised (spaces, quotes, dashes) and web-page leftovers (comment forms, share
buttons, cookie notices) gone, so the same brief as .txt, .md or .html parses to the same facts.

This module is the entry point and dispatcher; the stages live in their own modules:
`decoding` (bytes -> text), `normalising` (characters), `leftovers` (web-page furniture),
`text`, `markdown` and `html` (one format each -> blocks), `tables` (table rows -> blocks) and
`finishing` (footnotes and leftover sections, shared by every format). The public names other
packages use are exported by `tracker.read`.

Heavy libraries (selectolax, markdown_it) are imported inside the functions that need them, and
the Markdown and HTML readers only when a document of that format is read, so that importing
this module, and therefore `tracker --help`, stays cheap.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from tracker.read.decoding import MAX_BYTES, check_size, decode, input_error, max_bytes_limit
from tracker.read.document import Block, BlockKind, Document
from tracker.errors import InputError
from tracker.read.finishing import finish
from tracker.read.leftovers import is_leftover
from tracker.read.normalising import normalise, normalise_chars
from tracker.read.tables import table_blocks
from tracker.read.text import text_blocks

__all__ = [
    "MAX_BYTES", "Block", "BlockKind", "Document", "decode", "is_leftover", "max_bytes_limit",
    "normalise", "read_document", "read_path", "file_bytes", "stream_bytes", "read_text", "sniff_format", "table_blocks",
]


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
    encoding: str | None = None,
) -> Document:
    """Bytes of one edition -> Document. The format comes from `fmt`, else the file extension,
    else the content. `encoding`: the charset the bytes are in, when known (see `decode`).
    Raises InputError (one line, naming the file) for unusable input."""
    text, encoding, warnings = decode(data, max_bytes=max_bytes, filename=filename, encoding=encoding)
    fmt = _choose_format(text, filename, fmt)
    try:
        blocks, dated, struck = _read_blocks(text, fmt)
    except RecursionError:
        raise input_error("is nested too deeply to read", filename) from None
    if not blocks:
        what = "an HTML page with only scripts, navigation or markup" if fmt == "html" else "only web-page leftovers"
        raise input_error(f"has no readable text ({what})", filename)
    return Document(blocks=tuple(blocks), format=fmt, encoding=encoding, warnings=tuple(warnings),
                    dated=tuple(dated), struck=tuple(dict.fromkeys(s for s in struck if s.strip())))


def read_text(text: str, fmt: str = "text") -> Document:
    """An already decoded string -> Document (for callers that hold text, e.g. parse_text)."""
    return read_document(text.encode("utf-8", errors="surrogatepass"), fmt=fmt)


def read_path(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """A file -> Document (see `file_bytes` for what is refused before reading)."""
    return read_document(file_bytes(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)


def file_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """The raw bytes of an edition, refusing a missing path, a directory or an oversized file
    before reading it (a 50 MB file costs one stat, not 50 MB of memory)."""
    shown = str(path)
    limit = max_bytes_limit(max_bytes)
    p = Path(path)
    try:
        if p.is_dir():
            raise input_error("is a directory, not a file", shown)
        size = p.stat().st_size
        check_size(size, limit, shown)
        with p.open("rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise input_error("no such file", shown) from None
    except PermissionError:
        raise input_error("permission denied", shown) from None
    except OSError as err:
        raise input_error(f"cannot be read ({err.strerror or type(err).__name__})", shown) from None


def stream_bytes(stream: BinaryIO, *, name: str = "standard input", max_bytes: int | None = None) -> bytes:
    """The bytes of an edition piped in (`tracker ingest -`), refused as soon as they pass the
    size limit rather than read whole."""
    limit = max_bytes_limit(max_bytes)
    data = stream.read(limit + 1)
    check_size(len(data), limit, name)
    return data


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
# Every alternative of _MD_SNIFF holds one of these: a text without any cannot match it and is
# not searched (tried at every position, the pattern cost a twentieth of parsing a plain 5 KB edition)
_MD_SIGNS = ("#", "[^", "**", "__", "](", "```")


def sniff_format(text: str) -> str:
    """Guess the format from the content: HTML markup, Markdown signals, else plain text."""
    head = text[:4096]
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<") and re.match(r"<[!a-zA-Z?]", stripped) or _HTML_SNIFF.search(head):
        return "html"
    if len(_HTML_TAGS.findall(head)) >= 2 and not markdown_signs(head):
        return "html"
    if markdown_signs(text[:65536]):
        return "markdown"
    return "text"


def markdown_signs(text: str) -> bool:
    """Whether `text` shows Markdown (`_MD_SNIFF`), looked for only where it may."""
    return any(sign in text for sign in _MD_SIGNS) and _MD_SNIFF.search(text) is not None


def _read_blocks(text: str, fmt: str) -> tuple[list[Block], list[str], list[str]]:
    """Dispatch to the reader for `fmt`, with what the page says of its date (HTML only) and
    the text it strikes out (Markdown and HTML); the Markdown and HTML readers are imported
    here, on first use, so importing this module stays light."""
    dated: list[str] = []
    struck: list[str] = []
    if fmt == "html":
        from tracker.read.html import html_blocks

        blocks = html_blocks(text, dated, struck)
    elif fmt == "markdown":
        from tracker.read.markdown import markdown_blocks

        blocks = markdown_blocks(text, struck)
    else:
        blocks = text_blocks(normalise_chars(text).split("\n"), title=True)
    return finish(blocks), dated, struck
