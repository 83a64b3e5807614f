"""HTML (selectolax / lexbor) -> blocks: find the article, skip page furniture, and walk block
elements in order. selectolax is imported inside `html_blocks` and this module is imported by
the reading dispatcher only for HTML, so start-up stays cheap."""

from __future__ import annotations

import re

from tracker.read.document import Block
from tracker.errors import InputError
from tracker.read.finishing import FOOT_PREFIX, as_footnote
from tracker.read.normalising import normalise
from tracker.read.tables import table_blocks
from tracker.read.text import FOOTLINE_RE, ITEM_RE, text_blocks


_SKIP_TAGS = frozenset(
    "script style noscript nav header footer aside form iframe svg button template select input "
    "textarea label object embed canvas audio video map dialog menu img picture head title meta "
    "link base source track math".split()
)
# Struck-out text is what the edition takes back ("<del>4 May</del> 5 May", a retracted item):
# it is not read at all.
_STRUCK_TAGS = frozenset({"del", "s", "strike"})
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


def html_blocks(html: str, dated: list[str] | None = None,
                 struck: list[str] | None = None) -> list[Block]:
    """The article's blocks; `dated`, when given, receives what the page says of its own
    date (see `_page_dates`)."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(html)
    except Exception as err:  # a parser failure on hostile markup is a reading problem
        raise InputError(f"could not read the HTML ({type(err).__name__})") from None
    if dated is not None:
        dated.extend(_page_dates(tree))
    body = tree.body or tree.root
    if body is None:
        return []
    root = _article_root(body)
    walker = _HtmlWalker(_p_text(root))
    if struck is not None:
        walker.struck = struck
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


_DATE_META = ("article:published_time", "og:published_time", "article:published", "datepublished",
              "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date",
              "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date",
              "parsely-pub-date", "citation_date", "citation_publication_date")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_DATE_ATTR_RE = re.compile(r"date|byline|meta|published|timestamp|posted|time|dateline|post-?info|"
                           r"article-?info|entry-?info|author|top-?bar", re.I)


def _page_dates(tree) -> list[str]:
    """What a page says of when it was published, most trusted first: its metadata
    (article:published_time, JSON-LD datePublished, <time datetime>), then short byline,
    dateline or date elements, which page furniture rules would otherwise drop."""
    found: list[str] = []
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if name in _DATE_META and attrs.get("content"):
            found.append(attrs["content"].strip()[:40])
    for node in tree.css('script[type="application/ld+json"]'):
        found += _LD_PUBLISHED.findall(node.text(deep=True) or "")
    for node in tree.css("time"):
        if _in_furniture(node):
            continue  # a listed link's day, a related box's: another page's date
        stamp = node.attributes.get("datetime")
        found.append((stamp or normalise(node.text(deep=True)) or "")[:40])
    for node in tree.css("[class], [id], [itemprop]"):
        attrs = node.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('itemprop') or ''}"
        if node.tag in ("html", "body", "article", "main") or not _DATE_ATTR_RE.search(marks):
            continue
        text = normalise(node.text(deep=True))
        if text and len(text) <= 160:
            found.append(text)
    return [f for f in dict.fromkeys(found) if f]


_FURNITURE_TAGS = frozenset({"aside", "nav", "figcaption"})
_FURNITURE_HEADING = re.compile(
    r"\s*(?:related|more\b|read\s+(?:more|next|also)|see\s+also|latest|most\s+(?:read|popular)|"
    r"recommended|popular|trending|top\s+stories|(?:from\s+the\s+)?archives?|videos?|watch|"
    r"other\s+(?:news|stories))", re.I)


def _in_furniture(node) -> bool:
    """Whether a node stands in an aside, navigation or caption, or in
    an element marked or headed as page furniture ("related", "More coverage")."""
    parent = node.parent
    while parent is not None and parent.tag not in ("article", "main", "body", "html"):
        attrs = parent.attributes
        if parent.tag in _FURNITURE_TAGS or _JUNK_ATTR_RE.search(
                f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
        heading = next((c for c in parent.iter() if c.tag in _HEADING_TAGS), None)
        if heading is not None and _FURNITURE_HEADING.match(normalise(heading.text(deep=True)) or ""):
            return True
        parent = parent.parent
    return False


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
        self.struck: list[str] = []  # struck-out text, in reading order

    def container(self, node, footnotes: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
                continue
            if tag is None or tag.startswith("-"):
                continue
            kind = _classify(child, self.body_text)
            if tag in _STRUCK_TAGS and kind != "skip":
                self.struck.append(normalise(child.text(deep=True) or ""))
            if kind == "skip" or tag in _STRUCK_TAGS:
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
        elif tag == "dl" and not footnotes:
            self.definitions(node)
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
            m = FOOT_PREFIX.match(text)
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

    def definitions(self, node) -> None:
        """<dl>: each <dd> is one item under the <dt> term it describes ("Camp X: 1 May: left")."""
        term = ""
        for child in node.iter():
            if _classify(child, self.body_text) == "skip":
                continue
            if child.tag == "dt":
                term = normalise(self.inline(child)).rstrip(":").strip()
            elif child.tag == "dd":
                text = normalise(self.inline(child))
                if text:
                    self.blocks.append(Block("item", f"{term}: {text}" if term else text, 0, "-"))
            elif child.tag == "div":
                self.definitions(child)
            elif child.tag and not child.tag.startswith("-"):
                self.block(child, False)

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
            elif tag in _STRUCK_TAGS:
                self.struck.append(normalise(child.text(deep=True) or ""))
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
            1 for line in lines if ITEM_RE.match(line) or FOOTLINE_RE.match(line)
        ) >= 2:
            blocks = text_blocks(lines, title=False, headings=False)
        else:
            blocks = [Block("paragraph", normalise(" ".join(lines)))]
        for b in blocks:
            if footnotes and b.kind != "footnote":
                b = as_footnote(b, True, self._next_note()) or b
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
