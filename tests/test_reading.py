"""Reading: bytes of an edition -> Document of blocks (formats, encodings, bad input, leftovers)."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from datafiles import repo_file

from tracker.errors import InputError
from tracker.read.reader import (
    Block,
    Document,
    decode,
    is_leftover,
    normalise,
    read_document,
    read_path,
    read_text,
    sniff_format,
)

DATA = Path(__file__).parent / "data" / "reading"
REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "2020-04-11.txt"
COMMENT_FORM = ("Please enter your comment", "Please enter your name", "Leave a Reply", "incorrect email",
                "Save my name", "Post Comment")


def read(name: str) -> Document:
    return read_document((DATA / name).read_bytes(), name)


def kinds(doc: Document, kind: str) -> list[Block]:
    return [b for b in doc.blocks if b.kind == kind]


def all_text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)


# --- the reference edition ---------------------------------------------------------------------


def test_reference_edition():
    doc = read_document(repo_file(REFERENCE).read_bytes(), REFERENCE.name)
    assert doc.format == "text" and doc.encoding == "utf-8" and doc.warnings == ()
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1
    items = kinds(doc, "item")
    assert [b.marker for b in items] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert all(b.level == 0 for b in items)
    notes = kinds(doc, "footnote")
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    assert all(not b.text.startswith("[") for b in notes)
    leads = [b.text.split(":", 1)[0] for b in kinds(doc, "paragraph") if ":" in b.text[:60]]
    assert len(leads) >= 3
    assert sum("[1]" in b.text for b in items) == 1  # marker kept inside the item text
    text = all_text(doc)
    assert not any(bad in text for bad in COMMENT_FORM)
    assert "\u00a0" not in text and "\u2019" not in text and "  " not in text


# --- one brief as text, Markdown and HTML ------------------------------------------------------


def test_same_brief_in_three_formats_reads_the_same():
    docs = {name: read(name) for name in ("sahel.txt", "sahel.md", "sahel.html")}
    assert [d.format for d in docs.values()] == ["text", "markdown", "html"]
    base = docs["sahel.txt"]
    assert len(kinds(base, "item")) == 5 and len(kinds(base, "footnote")) == 4
    for name, doc in docs.items():
        assert [(b.marker, b.text) for b in kinds(doc, "item")] == [(b.marker, b.text) for b in kinds(base, "item")], name
        assert [(b.marker, b.text) for b in kinds(doc, "footnote")] == [
            (b.marker, b.text) for b in kinds(base, "footnote")
        ], name
        assert doc.blocks == base.blocks, name
        assert not any(bad in all_text(doc) for bad in COMMENT_FORM), name


def test_sample_brief_shape():
    doc = read("sahel.txt")
    assert doc.blocks[0] == Block("heading", "Sahel Watch Brief 3", 1)
    paragraphs = kinds(doc, "paragraph")
    assert [p.text.split(":")[0] for p in paragraphs] == [
        "Background", "Recent Developments", "French Withdrawal From Malian Bases", "Where are the departing troops going",
    ]
    assert "Kidal camp[1]" in kinds(doc, "item")[0].text
    assert 'as "orderly" and "irreversible".' in paragraphs[1].text
    assert "officers - the last flag" in kinds(doc, "item")[2].text
    assert "2022-2023 winter" in paragraphs[3].text


# --- HTML --------------------------------------------------------------------------------------


def test_html_keeps_only_the_article():
    doc = read("sahel.html")
    text = all_text(doc)
    for junk in ("Home", "About us", "cookies", "Share on Facebook", "Tweet", "Advertisement", "Niger asks",
                 "Chad after", "Leave a Reply", "Drought in the Sahel", "Copyright", "dataLayer", "Related"):
        assert junk not in text, junk
    notes = kinds(doc, "footnote")
    assert notes[0].text.endswith("since early 2013.")  # back-link arrow dropped


def test_html_without_semantic_markup_uses_the_densest_block():
    doc = read("furniture.html")
    assert doc.blocks[0] == Block("heading", "Border Posts Update", 1)
    assert [b.kind for b in doc.blocks[1:]] == ["paragraph"] * 3
    text = all_text(doc)
    for junk in ("Home", "Follow us", "river crossing", "Great article", "Please enter", "weekly briefing", "JavaScript"):
        assert junk not in text, junk


def test_html_details():
    html = b"""<html><head><title>Brief | Site</title></head><body><article>
    <p><b>Status:</b> the camp<sup>[7]</sup> closed<br>on 3 May 2023.</p>
    <ol start="3"><li>First<ul><li>inner</li></ul></li><li>Second</li></ol>
    <ol class="references"><li>[7] A note.</li></ol></article></body></html>"""
    doc = read_document(html, "x.html")
    assert doc.blocks == (
        Block("heading", "Brief", 1),
        Block("paragraph", "Status: the camp[7] closed on 3 May 2023."),
        Block("item", "First", 0, "3."),
        Block("item", "inner", 1, "-"),
        Block("item", "Second", 0, "4."),
        Block("footnote", "A note.", 0, "7"),
    )


def test_html_br_separated_list_in_one_paragraph():
    html = b"<html><body><p>Handovers:<br>1. On 2 May, the camp.<br>2. On 9 May, the airfield.</p></body></html>"
    doc = read_document(html, "x.html")
    assert [(b.kind, b.marker) for b in doc.blocks] == [("paragraph", None), ("item", "1."), ("item", "2.")]


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_link_definitions_do_not_eat_markers():
    doc = read("sahel-refs.md")
    items = kinds(doc, "item")
    assert items[0].text.endswith("Kidal camp[1] in the far north.")
    assert "Tessalit base[2]" in items[1].text
    assert items[2] == Block("item", "Malian units moved in the same afternoon.", 1, "-")
    assert [(b.marker, b.text[:5]) for b in kinds(doc, "footnote")] == [("1", "Kidal"), ("2", "Tessa")]
    assert "http" not in all_text(doc)
    assert doc.blocks[0] == Block("heading", "Sahel Watch Brief 3", 1)
    assert kinds(doc, "paragraph")[0].text.startswith("Background: French")


def test_markdown_only_headings_is_not_an_error():
    doc = read_document(b"# One\n\n## Two\n", "x.md")
    assert [b.kind for b in doc.blocks] == ["heading", "heading"]


# --- plain text layout -------------------------------------------------------------------------


def test_plain_text_layout():
    doc = read("wrapped.txt")
    assert doc.blocks[0] == Block("heading", "Drawdown Monitor", 1)
    assert doc.blocks[1].text.startswith("Background: This paragraph was hard-wrapped by an old mail client, so each line")
    assert Block("heading", "Timeline", 2) in doc.blocks
    assert Block("heading", "Outlook", 2) in doc.blocks
    assert [(b.level, b.marker, b.text[:12]) for b in kinds(doc, "item")] == [
        (0, "-", "On 2 May 202"), (0, "-", "On 9 May 202"), (1, "-", "Equipment we"), (1, "-", "Fuel went by"),
        (0, "-", "On 30 May 20"),
    ]
    assert kinds(doc, "item")[-1].text.endswith("handed over in a short ceremony.")
    assert [(b.marker, b.text) for b in kinds(doc, "footnote")] == [
        ("1", "Ministry statement, 3 May 2023."), ("2", "Local radio report, 10 May 2023."),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Title\n\n1. a\n2) b\n(3) c\n* d\n- e\n\u2022 f\n", [("item", "1."), ("item", "2."), ("item", "3."),
                                                          ("item", "-"), ("item", "-"), ("item", "-")]),
        ("Title\n\nBody text.\n\nNotes\n1. first\n2. second\n", [("paragraph", None), ("heading", None),
                                                                 ("footnote", "1"), ("footnote", "2")]),
        ("Title\n\nBody.\n\n[1]: first\n[^2]: second\n", [("paragraph", None), ("footnote", "1"), ("footnote", "2")]),
        ("Title\n\n## Part\n\nBody.\n", [("heading", None), ("paragraph", None)]),
        ("Title\n\nBackground: short.\n", [("paragraph", None)]),
    ],
)
def test_plain_text_block_kinds(text, expected):
    doc = read_document(text.encode(), "x.txt")
    assert doc.blocks[0] == Block("heading", "Title", 1)
    assert [(b.kind, b.marker) for b in doc.blocks[1:]] == expected


# --- encodings ---------------------------------------------------------------------------------

SAHEL = (DATA / "sahel.txt").read_text(encoding="utf-8")
LEGACY = "Caf\u00e9 \u201cbrief\u201d\n\nThe na\u00efve plan \u2013 on 3 May \u2013 went ahead.\n"


@pytest.mark.parametrize(
    "data, encoding, warning",
    [
        (SAHEL.encode("utf-8"), "utf-8", None),
        (codecs.BOM_UTF8 + SAHEL.encode("utf-8"), "utf-8-sig", None),
        (codecs.BOM_UTF16_LE + SAHEL.encode("utf-16-le"), "utf-16-le", None),
        (codecs.BOM_UTF16_BE + SAHEL.encode("utf-16-be"), "utf-16-be", None),
        (SAHEL.encode("utf-16-le"), "utf-16-le", "byte-order mark"),
        (SAHEL.encode("cp1252"), "cp1252", "cp1252"),
        (SAHEL.encode("utf-8") + "\u00e9".encode("utf-8")[:1], "utf-8", "middle of a UTF-8 character"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-no-bom", "cp1252", "truncated-utf8"],
)
def test_encodings_give_the_same_blocks(data, encoding, warning):
    doc = read_document(data, "sahel.txt")
    assert doc.encoding == encoding
    if warning is None:
        assert doc.warnings == ()
    else:
        assert any(warning in w for w in doc.warnings)
    assert doc.blocks == read("sahel.txt").blocks


def test_legacy_encodings():
    text, enc, warnings = decode(LEGACY.encode("cp1252"))
    assert (text, enc) == (LEGACY, "cp1252") and "cp1252" in warnings[0]
    latin = "Caf\u00e9 \x81 na\u00efve plan.\n".encode("latin-1")  # 0x81 is undefined in cp1252
    text, enc, warnings = decode(latin)
    assert enc == "latin-1" and text.startswith("Caf\u00e9") and warnings
    doc = read_document(LEGACY.encode("cp1252"), "x.txt")
    assert doc.blocks[1].text == "The naive plan - on 3 May - went ahead.".replace("naive", "na\u00efve")


def test_utf8_with_a_stray_byte_is_still_utf8():
    data = "R\u00e9sum\u00e9 \u00e9t\u00e9 d\u00e9j\u00e0 vu caf\u00e9 na\u00efve.".encode() + b" \x92 end.\n"
    text, enc, warnings = decode(data)
    assert enc == "utf-8" and "\ufffd" in text and "replaced" in warnings[0]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "a.txt", "empty"),
        (codecs.BOM_UTF8, "a.txt", "empty"),
        (b" \n\t\r\n  \n", "a.txt", "white space"),
        ("\u00a0\u200b\n\u3000".encode(), "a.txt", "white space"),
        (bytes(range(256)) * 8, "a.bin", "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 65]) * 40, None, "binary"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b", "a.txt", "cannot be decoded"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd" * 30, "a.txt", "cannot be decoded"),
        ((DATA / "scripts-only.html").read_bytes(), "scripts-only.html", "no readable text"),
        (b"Please enter your comment!\nLeave a Reply\nShare this:\n", "a.txt", "no readable text"),
    ],
    ids=["empty", "bom-only", "whitespace", "unicode-blanks", "binary-nul", "binary-controls", "bad-utf16",
         "bad-utf8-bom", "html-scripts-only", "only-leftovers"],
)
def test_bad_input_raises_a_one_line_input_error(data, filename, message):
    with pytest.raises(InputError) as info:
        read_document(data, filename)
    text = str(info.value)
    assert message in text
    assert "\n" not in text and "Traceback" not in text and len(text) < 300
    if filename:
        assert text.startswith(filename + ": ")


def test_size_limit_by_parameter_and_environment(monkeypatch):
    with pytest.raises(InputError, match="over the 100 bytes limit"):
        read_document(b"x" * 101, "big.txt", max_bytes=100)
    monkeypatch.setenv("TRACKER_MAX_BYTES", "1K")
    with pytest.raises(InputError, match="limit"):
        read_document(b"word " * 300, "big.txt")
    assert read_document(b"Title\n\nword " * 10, "ok.txt").blocks
    monkeypatch.setenv("TRACKER_MAX_BYTES", "lots")
    with pytest.raises(InputError, match="TRACKER_MAX_BYTES"):
        read_document(b"text", "x.txt")


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs nothing to create
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"50\.0 MiB, over the 20\.0 MiB limit"):
            read_path(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


@pytest.mark.parametrize(
    "make, message",
    [(lambda p: p / "missing.txt", "no such file"), (lambda p: p, "is a directory")],
    ids=["missing", "directory"],
)
def test_read_path_errors(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        read_path(make(tmp_path))


def test_read_path_reads_a_file():
    assert read_path(DATA / "sahel.md").blocks == read("sahel.md").blocks


_TEN_MB = """
import sys
from tracker.read.reader import read_document
one = open(sys.argv[1], "rb").read()
data = one * (10_000_000 // len(one))
doc = read_document(data, "big.txt")
items = sum(b.kind == "item" for b in doc.blocks)
# VmHWM is this process's own peak; ru_maxrss would also count the parent it was forked from.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(items, 5 * (10_000_000 // len(one)), peak_kb // 1024)
"""


@pytest.mark.slow
def test_ten_megabyte_text_stays_under_200_mb():
    """Peak resident memory of a whole process reading a 10 MB edition (interpreter included)."""
    out = subprocess.run([sys.executable, "-c", _TEN_MB, str(DATA / "sahel.txt")], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1], env={**os.environ, "PYTHONPATH": "."})
    items, expected, peak_mb = map(int, out.stdout.split())
    assert items == expected
    assert peak_mb < 200


# --- normalisation and leftovers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\u00a0b\u202fc\u2009d\u3000e", "a b c d e"),
        ("\u201cquoted\u201d and \u2018single\u2019 Iraq\u2019s", "\"quoted\" and 'single' Iraq's"),
        ("Baghdad \u2013 Erbil", "Baghdad - Erbil"),
        ("the base\u2014known as Q-West\u2014was", "the base - known as Q-West - was"),
        ("2019\u20132020", "2019-2020"),
        ("pages 10\u201312", "pages 10-12"),
        ("U.S.\u2013Iraq talks", "U.S.-Iraq talks"),
        ("Iraq\u2013Syria border", "Iraq-Syria border"),
        ("\u2013 item", "- item"),
        ("zero\u200bwidth\u200d\ufeffjoin\u00ad", "zerowidthjoin"),
        ("  many   spaces\n\tand\r\nlines  ", "many spaces and lines"),
        ("non\u2011breaking hyphen \u2212 minus", "non-breaking hyphen - minus"),
        ("e\u0301", "\u00e9"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "line",
    ["Please enter your comment!", "Please enter your name here", "You have entered an incorrect email address!",
     "Leave a Reply", "Leave a comment", "Post Comment", "Save my name, email, and website in this browser for the "
     "next time I comment.", "Share this:", "Share on Facebook", "Tweet", "WhatsApp", "Facebook Twitter WhatsApp",
     "Subscribe", "Related posts", "Read more", "You may also like", "Advertisement",
     "We use cookies to improve your experience. By continuing you accept our cookie policy.",
     "Copyright 2022 Example Monitor. All rights reserved.", "\u00a9 2020 Example", "**Share this:**"],
)
def test_leftover_lines(line):
    assert is_leftover(line)


@pytest.mark.parametrize(
    "line",
    ["Share this information with the local commanders.", "Read more about the handover in the annex.",
     "More news is expected on Monday.", "Please enter your comment if you saw the convoy.",
     "Subscribers were told the base closed on 3 May.", "Twitter users said the base was handed over on 3 May.",
     "Advertisement boards were removed from the base.", "Related talks continued in Baghdad."],
)
def test_real_sentences_are_not_leftovers(line):
    assert not is_leftover(line)


def test_leftovers_dropped_in_every_format():
    junk = "Share this:\nPlease enter your comment!\nPlease enter your name here\n"
    for name, data in [
        ("x.txt", f"Title\n\nThe camp closed on 3 May.\n\n{junk}"),
        ("x.md", f"# Title\n\nThe camp closed on 3 May.\n\n{junk}"),
        ("x.html", "<h1>Title</h1><p>The camp closed on 3 May.</p>"
                   + "".join(f"<p>{line}</p>" for line in junk.splitlines())),
    ]:
        doc = read_document(data.encode(), name)
        assert [b.text for b in doc.blocks] == ["Title", "The camp closed on 3 May."], name


# --- format choice -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("  <html><p>x</p></html>", "html"),
        ("<p>one</p>\n<p>two</p>", "html"),
        ("# Title\n\ntext", "markdown"),
        ("Title\n\n**Background:** text", "markdown"),
        ("Title\n\nText[^1]\n\n[^1]: note", "markdown"),
        ("Title\n\nPlain text: with a colon.\n\n1. item", "text"),
        ("Costs < 5 and > 3", "text"),
    ],
)
def test_sniff_format(text, expected):
    assert sniff_format(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="#[^]*_()`:/ ab1\n", max_size=40))
def test_markdown_is_looked_for_only_where_it_may_be(text):
    """The cheap check before the Markdown pattern never skips a text the pattern matches."""
    from tracker.read.reader import _MD_SNIFF, markdown_signs

    assert markdown_signs(text) == (_MD_SNIFF.search(text) is not None)


@pytest.mark.parametrize(
    "filename, expected",
    [("a.txt", "text"), ("a.TEXT", "text"), ("a.md", "markdown"), ("a.markdown", "markdown"), ("a.htm", "html"),
     ("a.HTML", "html"), ("a.dat", "markdown"), (None, "markdown")],
)
def test_format_by_extension_then_content(filename, expected):
    assert read_document(b"# Title\n\n**Lead:** text\n", filename).format == expected


def test_read_text_helper():
    assert read_text("# T\n\nBody.", "md").blocks == (Block("heading", "T", 1), Block("paragraph", "Body."))


def test_import_does_not_load_heavy_libraries():
    code = "import sys, tracker.read.reader; print('selectolax' in sys.modules, 'markdown_it' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1], env={**os.environ, "PYTHONPATH": "."})
    assert out.stdout.split() == ["False", "False"]


# --- properties --------------------------------------------------------------------------------

_FILENAMES = st.sampled_from([None, "x.txt", "x.md", "x.html", "x.bin"])
_BRIEFISH = st.lists(
    st.sampled_from(["Title", "", "1. On 3 May 20, troops left the camp[1].", "- bullet", "[1] A note.",
                     "Background: text.", "## Head", "<p>para</p>", "<li>x</li>", "**Bold:** y", "[1]: http://x",
                     "Please enter your comment!", "\u00a0", "\u2014", "====", "> quote", "```", "    code"]),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), filename=_FILENAMES)
def test_any_bytes_give_a_document_or_input_error(data, filename):
    _document_or_input_error(data, filename)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=2000), _BRIEFISH), filename=_FILENAMES,
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_text_gives_a_document_or_input_error(text, filename, encoding):
    _document_or_input_error(text.encode(encoding, errors="surrogatepass"), filename)


def _document_or_input_error(data: bytes, filename: str | None) -> None:
    try:
        doc = read_document(data, filename)
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert isinstance(doc, Document) and doc.blocks
    for block in doc.blocks:
        assert block.kind in ("heading", "paragraph", "item", "footnote")
        assert block.text and block.text == normalise(block.text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("\u1ffd")  # composes to an acute accent, which the character map turns into "'"
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
    assert "\u00a0" not in once and "\u201c" not in once and "  " not in once


def test_article_class_mentioning_comments_is_not_dropped():
    html = b"""<html><body><div id="page"><div class="entry-content post-9 has-comments-open">
    <p>On 3 May 2023, the river camp was handed over to the provincial police.</p>
    <p>On 9 May 2023, the hill outpost closed after eight years.</p></div>
    <div class="comments"><p>A reader's comment that must go.</p></div></div></body></html>"""
    doc = read_document(html, "x.html")
    assert [b.text[:12] for b in doc.blocks] == ["On 3 May 202", "On 9 May 202"]


def test_markdown_bracket_flood_is_read_as_text():
    doc = read_document(b"Title\n\n" + b"[" * 50_000 + b"\n", "x.md")
    assert doc.blocks[-1].text == "[" * 50_000
