"""Markdown (markdown-it-py) -> blocks. markdown_it is imported inside `markdown_blocks` and
this module is imported by the reading dispatcher only for Markdown, so start-up stays cheap."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.errors import InputError
from tracker.read.finishing import finish
from tracker.read.leftovers import MAX_LEFTOVER, is_leftover
from tracker.read.normalising import normalise, normalise_chars
from tracker.read.tables import table_blocks
from tracker.read.text import text_blocks


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
    lines = normalise_chars(text.replace(_PUA, "").replace("\t", "    ")).split("\n")
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
        if s and len(s) <= MAX_LEFTOVER and is_leftover(_strip_md(s)):
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


def markdown_blocks(text: str, struck: list[str] | None = None) -> list[Block]:
    from markdown_it import MarkdownIt

    chunks, notes = _md_prepare(text)
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    walker = _MdWalker(notes)
    if struck is not None:
        walker.struck = struck
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
    real = {b.marker for b in finish(blocks) if b.kind == "footnote" and b.text not in urls}
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
        self.struck: list[str] = []  # struck-out spans, in reading order

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
        self.blocks.extend(text_blocks(normalise_chars(tok.content).split("\n"), title=False))

    _fence = _code_block

    def _inline(self, tok) -> None:
        text = _md_inline(tok.children or [], self.struck)
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


def _md_inline(children, struck_out: list[str] | None = None) -> str:
    """Inline tokens -> text. Emphasis markup vanishes ("**Background:** x" -> "Background: x");
    a link whose text is a number is a footnote marker kept as "[n]"; <sup>n</sup> likewise;
    struck-out text ("~~4 May~~ 5 May", a retracted item) is taken back, so it is not read."""
    out: list[str] = []
    link_start: list[int] = []
    sup_start: list[int] = []
    struck = 0
    span: list[str] = []
    for c in children:
        t = c.type
        if t in ("s_open", "s_close"):
            struck += 1 if t == "s_open" else -1
            if struck == 0 and span and struck_out is not None:
                struck_out.append(normalise(" ".join(span)))
                span = []
        elif struck > 0:
            if t in ("text", "code_inline"):
                span.append(c.content)
            continue
        elif t in ("text", "code_inline"):
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
