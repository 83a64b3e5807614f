"""`tracker report`: the data behind the page (both engines), the page itself (escaping, CSP,
no scripts), and the page as a real browser renders it (headless Chromium over DevTools).

The browser tests skip with the reason when no Chromium is installed, except in CI
(CI=true), where `.ci/run` installs it and a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tracker.app import views
from tracker.app.sources import ingest_paths
from tracker.app.report import report_data
from tracker.present.report import CSP, report_html
from tracker.present.report import legend as report_legend

HERE = Path(__file__).resolve().parent
IRAQ = HERE.parent / "snapshots" / "iraq-coalition-withdrawal"
HOSTILE = HERE / "data" / "hostile-brief"
SHOTS = Path(os.environ.get("TRACKER_TEST_SCREENSHOTS", "")) if os.environ.get("TRACKER_TEST_SCREENSHOTS") else None


def _ingest(store, folder: Path) -> str:
    outcomes = ingest_paths(lambda: store, sorted(folder.iterdir()), brief=folder.name, as_of=None, source=None)
    assert all(o["status"] == "stored" for o in outcomes), outcomes
    return folder.name


# --- the data ----------------------------------------------------------------------------------

def test_report_data_follows_the_views(store):
    brief = _ingest(store, IRAQ)
    data = report_data(store, brief)
    timeline = views.timeline(store, brief)
    assert [r["key"] for r in data["timeline"]] == [r["key"] for r in timeline]
    assert [e["edition"] for e in data["editions"]] == [r["edition"] for r in views.log_rows(store, brief)]
    (bases,) = [s for s in data["counts"] if s["key"] == "bases-transferred"]
    assert [p["value"] for p in bases["points"]] == [5, 6, 7, 6]
    assert [p["listed"] for p in bases["points"]] == [5, 6, 7, 6]
    assert not any(p["disagrees"] for p in bases["points"])
    for row in data["timeline"]:  # one event mark when dated, one first-report mark, then the rest
        kinds = [m["kind"] for m in row["marks"]]
        assert kinds.count("reported") == 1
        assert kinds.count("revised") == len(row["revisions"])
        assert kinds.count("retracted") == (1 if row["retracted"] else 0)
        assert all(m["text"] for m in row["marks"]), row["key"]  # every mark has its sentence
    sqoor = next(r for r in data["timeline"] if "Sqoor" in r["name"])
    assert sqoor["marks"][-1]["kind"] == "retracted" and sqoor["marks"][-1]["edition"] == 4
    k1 = next(b for b in data["bases"] if any("K-1" in n for n in b["names"]))
    assert len(k1["names"]) == 2  # "K-1 airbase" then "K1 Air Base"
    assert [r["state"] for r in k1["rows"]] == ["added", "changed"] and k1["rows"][1]["changed"] == ["name"]
    assert [c["edition"] for c in data["cards"]] == [4, 3, 2, 1]  # newest first, every edition
    few = report_data(store, brief, cards=2)
    assert [c["edition"] for c in few["cards"]] == [4, 3] and [c["compared_with"] for c in few["cards"]] == [3, 2]
    assert "the 2 older ones are one" in report_html(few)
    sqoor_history = next(b for b in data["bases"] if b["key"] == sqoor["key"])
    assert sqoor_history["rows"][-1]["state"] == "removed" and sqoor_history["rows"][-1]["edition"] == 4


BARKHANE = HERE.parent / "snapshots" / "barkhane-mali"


def _ingest_cumulative(store, folder: Path) -> str:
    outcomes = ingest_paths(lambda: store, sorted(folder.iterdir()), brief=folder.name, as_of=None,
                            source=None, mode="cumulative")
    assert all(o["status"] == "stored" for o in outcomes), outcomes
    return folder.name


def test_a_cumulative_card_groups_changes_as_the_cumulative_diff(store):
    from tracker.present.cumulative import GROUPS
    from tracker.present.report import card

    brief = _ingest_cumulative(store, BARKHANE)
    data = report_data(store, brief)
    titles = {title for _, title in GROUPS}
    for row in data["cards"]:
        doc = views.diff_refs(store, brief, str(row["compared_with"]), str(row["edition"])) \
            if row["compared_with"] else None
        groups = card(row)["groups"]
        assert {g["name"] for g in groups} <= titles, (row["edition"], [g["name"] for g in groups])
        assert "Corrections" not in {g["name"] for g in groups}
        if doc is not None:  # the same kinds, in the same groups, as `tracker diff A B`
            expected = [title for kind, title in GROUPS if any(c["kind"] == kind for c in doc["changes"])]
            assert [g["name"] for g in groups] == expected, row["edition"]
    html = report_html(data)
    card_html = html[html.index('id="edition-12"'):html.index('id="edition-11"')]
    assert "<h4>Progress</h4>" in card_html and "<h4>Disputes settled</h4>" in card_html
    assert "Corrections" not in card_html
    seven = html[html.index('id="edition-7"'):html.index('id="edition-6"')]
    assert "<h4>Disputes</h4>" in seven and "disputed:" in seven


def test_a_retracted_edition_leaves_the_page_and_is_listed_with_its_reason(store):
    from tracker.app.corrections import retract

    brief = _ingest(store, IRAQ)
    retract(store, brief, "3", "a draft <b>sent by mistake</b>")
    data = report_data(store, brief)
    assert [c["edition"] for c in data["cards"]] == [4, 2, 1]
    assert data["cards"][0]["compared_with"] == 2  # as the log has it now
    (bases,) = [s for s in data["counts"] if s["key"] == "bases-transferred"]
    assert [p["edition"] for p in bases["points"]] == [1, 2, 4]
    html = report_html(data)
    assert 'id="edition-3"' not in html and "a draft &lt;b&gt;sent by mistake&lt;/b&gt;" in html


def test_a_count_that_disagrees_with_the_list_is_flagged(store, tmp_path):
    folder = tmp_path / "short-list"
    folder.mkdir()
    (folder / "2020-04-04.txt").write_text(
        "Brief\n\nAs of April 4, 2020, three bases have been transferred.\n\n"
        "1. On 17 March 2020, coalition troops withdrew from al-Qaim base.\n"
        "2. On 20 March 2020, coalition troops withdrew from Camp Taji.\n", encoding="utf-8")
    data = report_data(store, _ingest(store, folder))
    (point,) = data["counts"][0]["points"]
    assert (point["value"], point["listed"], point["disagrees"]) == (3, 2, True)
    html = report_html(data)
    assert "1 disagreement" in html and 'class="count-point disagrees"' in html


def test_a_brief_without_events_still_makes_a_page(store, tmp_path):
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "2020-01-01.txt").write_text("A brief\n\nNothing happened here at all.\n", encoding="utf-8")
    data = report_data(store, _ingest(store, folder))
    html = report_html(data)
    assert data["timeline"] == [] and len(data["cards"]) == 1
    assert "No edition lists an event yet." in html and 'id="edition-1"' in html


def test_a_long_flat_series_draws_only_its_steps():
    from tracker.present.svg import corner_points

    points = [{"edition": n, "value": 6 if n < 8 else 7, "listed": 6, "disagrees": n == 3} for n in range(1, 11)]
    assert [p["edition"] for p in corner_points(points)] == [1, 3, 8, 10]


# --- the page ------------------------------------------------------------------------------------

class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


def test_the_page_is_self_contained_and_script_free(store):
    html = report_html(report_data(store, _ingest(store, HOSTILE)))
    page = _parsed(html)
    names = [t for t, _ in page.tags]
    assert "script" not in names and "iframe" not in names and "img" not in names
    assert not [(t, a) for t, a in page.tags if any(k.startswith("on") for k in a)]
    hrefs = [a.get("href") or "" for _, a in page.tags if "href" in a]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # in-page anchors only: nothing to fetch
    assert not [a for _, a in page.tags if "src" in a]
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in page.tags
    assert names.count("style") == 1  # the page's own; a brief's "</style>" did not open or close one
    text = "".join(page.text)
    for hostile in ('<script>alert("event")</script>', "</style>", 'onerror=alert("k1")', "javascript:alert(1)"):
        assert hostile in text  # shown as text, where the brief had it


def test_report_command_writes_the_file(tmp_path):
    db = tmp_path / "t.db"
    tracker = [sys.executable, "-m", "tracker.cli", "--db", str(db)]
    subprocess.run(tracker + ["ingest", *map(str, sorted(IRAQ.iterdir()))], check=True, capture_output=True)
    out = tmp_path / "page.html"
    done = subprocess.run(tracker + ["report", "-o", str(out), "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["editions"] == 4 and summary["bases"] == 7 and summary["bytes"] == out.stat().st_size
    again = subprocess.run(tracker + ["report", "-o", str(out)], capture_output=True, text=True)
    assert again.returncode != 0 and again.stderr.count("\n") == 1 and "--force" in again.stderr, again.stderr
    assert subprocess.run(tracker + ["report", "-o", str(out), "--force"], capture_output=True).returncode == 0
    piped = subprocess.run(tracker + ["report", "-o", "-"], capture_output=True, text=True)
    assert piped.stdout.startswith("<!doctype html>")


# --- in a real browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sys.path.insert(0, str(HERE))
    from browser import Browser, chromium_or_skip

    executable = chromium_or_skip()
    with Browser(executable, timeout=60) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path):
    """The browser tests check the page, not the engine: one SQLite store is enough."""
    from tracker.store.store import open_store

    opened = open_store(str(tmp_path / "browser.db"), create=True)
    yield opened
    opened.close()


COUNT_JS = """({rows: document.querySelectorAll('svg.timeline .tl-row').length,
 marks: document.querySelectorAll('svg.timeline .mark').length,
 cards: [...document.querySelectorAll('article.card')].map(c => c.id),
 points: [...document.querySelectorAll('svg.counts .count-point')].length,
 steps: document.querySelector('svg.counts desc') && document.querySelector('svg.counts desc').textContent,
 width: document.documentElement.scrollWidth,
 scripts: document.scripts.length})"""


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = page.screenshot(folder / f"{name}.png")
    assert path.stat().st_size > 10_000 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def test_report_renders_in_chromium(browser, sqlite_store, tmp_path):
    data = report_data(sqlite_store, _ingest(sqlite_store, IRAQ))
    page_file = tmp_path / "report.html"
    page_file.write_text(report_html(data), encoding="utf-8")
    for name, width, mobile in (("desktop", 1280, False), ("phone", 390, True)):
        page = browser.open(page_file.as_uri(), width=width, mobile=mobile)
        seen = page.evaluate(COUNT_JS)
        assert seen["rows"] == len(data["timeline"]) == 7
        assert seen["marks"] == sum(len(r["marks"]) for r in data["timeline"])
        assert seen["cards"] == [f"edition-{e['edition']}" for e in reversed(data["editions"])]
        assert seen["points"] == 4  # one mark per step of 5 -> 6 -> 7 -> 6
        assert seen["steps"].startswith("bases: 5 \u2192 6 \u2192 7 \u2192 6")
        assert seen["scripts"] == 0
        assert seen["width"] <= width  # nothing wider than the screen: wide charts scroll in their box
        assert page.problems() == []
        _shot(page, tmp_path, f"report-{name}")
    assert page.pdf().startswith(b"%PDF")
    page.emulate_media("print")  # the print CSS: no navigation, charts fit the paper
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
    assert page.evaluate("document.querySelector('svg.timeline').getBoundingClientRect().width") <= width


def test_nothing_from_a_brief_runs_in_chromium(browser, sqlite_store, tmp_path):
    page_file = tmp_path / "hostile.html"
    page_file.write_text(report_html(report_data(sqlite_store, _ingest(sqlite_store, HOSTILE))), encoding="utf-8")
    page = browser.open(page_file.as_uri())
    seen = page.evaluate("""({scripts: document.scripts.length,
      embeds: document.querySelectorAll('iframe, img, object, embed, base, form').length,
      handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
      js: [...document.querySelectorAll('[href]')].filter(e => !e.getAttribute('href').startsWith('#')).length,
      text: document.body.textContent})""")
    assert (seen["scripts"], seen["embeds"], seen["handlers"], seen["js"]) == (0, 0, 0, 0)
    for hostile in ('<script>alert("event")</script>', "</style>", 'onerror=alert("k1")'):
        assert hostile in seen["text"]
    assert page.problems() == []  # no dialog opened, no console error, no CSP report
    _shot(page, tmp_path, "report-hostile")


# --- an analyst's corrections on the page ------------------------------------------------------------

FACTS = HERE / "data" / "fact-corrections"
MARKUP_REASON = 'the order was given on the 25th <img src=x onerror="alert(1)"><script>alert(2)</script>'


def _corrected(store) -> tuple[str, dict[str, int]]:
    from tracker.app import facts

    brief = _ingest(store, FACTS)
    ids = {"qayara": facts.record_correction(store, brief, "1", "set", key="qayara", field="date", value="2020-03-25",
                                             reason=MARKUP_REASON, by="ana")["id"],
           "qaim": facts.record_correction(store, brief, "2", "reject", key="qaim", reason="not a base", by="bob")["id"]}
    return brief, ids


def test_history_tables_mark_corrected_rows_with_the_reason(store):
    brief, ids = _corrected(store)
    bases = {b["key"]: b for b in report_data(store, brief)["bases"]}
    first = bases["qayara"]["rows"][0]
    assert first["fields"]["date"] == "2020-03-25"
    assert [(c["id"], c["field"], c["before"], c["after"], c["by"]) for c in first["corrections"]] \
        == [(ids["qayara"], "date", "2020-03-26", "2020-03-25", "ana")]
    gone = bases["qaim"]["rows"][-1]
    assert (gone["edition"], gone["state"], gone["rejected"]["id"]) == (2, "removed", ids["qaim"])
    assert "corrections" not in bases["k1"]["rows"][0]
    page = report_html(report_data(store, brief))
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert f"Corrected by ana (#{ids['qayara']})</span>: date 26 March 2020 \u2192 25 March 2020" in page
    assert "rejected by the analyst" in page


def test_a_corrected_fact_shows_in_chromium_and_its_reason_stays_text(browser, sqlite_store, tmp_path):
    brief, ids = _corrected(sqlite_store)
    page_file = tmp_path / "corrected.html"
    page_file.write_text(report_html(report_data(sqlite_store, brief)), encoding="utf-8")
    page = browser.open(page_file.as_uri(), width=1280)
    seen = page.evaluate("""(() => {
      const section = document.getElementById('analyst');
      const box = section.getBoundingClientRect();
      const rows = [...section.querySelectorAll('tr.fact-correction')].map(r => r.textContent);
      const base = document.getElementById('base-qayara');
      return {visible: box.width > 0 && box.height > 0 && getComputedStyle(section).visibility === 'visible',
        rows, reasons: [...section.querySelectorAll('td.reason')].map(td => td.textContent),
        history: [...base.querySelectorAll('tr.analyst-row')].map(r => r.textContent),
        marked: [...base.querySelectorAll('.state .analyst-mark')].length,
        rejected: document.getElementById('base-qaim').textContent.includes('rejected by the analyst'),
        nav: [...document.querySelectorAll('nav a')].some(a => a.getAttribute('href') === '#analyst'),
        scripts: document.scripts.length, imgs: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length};
    })()""")
    assert seen["visible"] and seen["nav"]
    assert sorted(seen["reasons"]) == sorted([MARKUP_REASON, "not a base"])  # the markup as text, whole
    assert any(f"{ids['qayara']}" in r and "ana" in r for r in seen["rows"])
    assert seen["history"] == [f"Corrected by ana (#{ids['qayara']}): date 26 March 2020 \u2192 25 March 2020 "
                               f"\u2014 {MARKUP_REASON}"]
    assert seen["marked"] == 1 and seen["rejected"]
    assert (seen["scripts"], seen["imgs"], seen["handlers"]) == (0, 0, 0)
    assert page.problems() == []  # no dialog opened, no console error
    _shot(page, tmp_path, "report-corrected")


# --- undated events, and the timeline on a phone -------------------------------------------------------

RECONFIRMED = HERE / "data" / "reconfirmed"  # #2 lists Camp Taji, planned, with no date


def _undated_page(store, tmp_path: Path) -> tuple[dict, Path]:
    files = sorted(RECONFIRMED.iterdir())[:2]
    outcomes = ingest_paths(lambda: store, files, brief="bases", as_of=None, source=None)
    assert [o["status"] for o in outcomes] == ["stored", "stored"]
    data = report_data(store, "bases")
    page_file = tmp_path / "undated.html"
    page_file.write_text(report_html(data), encoding="utf-8")
    return data, page_file


def test_an_undated_event_shows_its_status_at_its_first_report(store, tmp_path):
    data, page_file = _undated_page(store, tmp_path)
    taji = next(r for r in data["timeline"] if r["key"] == "taji")
    (event,) = [m for m in taji["marks"] if m["kind"] == "event"]
    assert (event["date"], event["edition"], event["status"], event["undated"]) == ("2020-04-11", 2, "planned", True)
    html = page_file.read_text(encoding="utf-8")
    assert "Camp Taji: handover planned, date not stated (shown at its first report, edition 2, as of 11 April 2020)" in html
    assert 'class="mark mark-event st-planned undated"' in html
    # the legend draws "?" as the chart does: in the status's shape and colour, once per status flagged
    assert [item["text"] for item in report_legend(data["timeline"]) if "date not stated:" in item["text"]] == [
        "planned, date not stated: shown at the first report"]
    assert 'class="icon st-planned"' in html and 'class="icon st-unknown" width="26"' not in html


UNDATED_JS = """(() => {
  const look = g => { const s = g.querySelector('circle, polygon, path, rect, line');
                      const css = getComputedStyle(s);
                      return [s.tagName, s.getAttribute('r'), css.fill, css.stroke,
                              g.querySelector('.undated-flag').textContent]; };
  const item = [...document.querySelectorAll('.legend li')].find(li => li.textContent.includes('date not stated:'));
  return {chart: look(document.querySelector('svg.timeline g.undated')), legend: look(item.querySelector('svg'))};
})()"""


def test_the_legend_draws_an_undated_event_as_the_chart_does(browser, sqlite_store, tmp_path):
    _, page_file = _undated_page(sqlite_store, tmp_path)
    page = browser.open(page_file.as_uri(), width=1280)
    seen = page.evaluate(UNDATED_JS)
    assert seen["chart"] == seen["legend"] and seen["chart"][-1] == "?"
    page.evaluate("document.querySelector('.legend').scrollIntoView()")
    _shot(page, tmp_path, "report-undated-legend")


def test_on_a_phone_the_timeline_names_stay_in_view_while_the_chart_scrolls(browser, sqlite_store, tmp_path):
    _, page_file = _undated_page(sqlite_store, tmp_path)
    page = browser.open(page_file.as_uri(), width=390, mobile=True)
    seen = page.evaluate("""(() => {
      const box = document.querySelector('#timeline .scroll');
      box.scrollIntoView(); box.scrollLeft = box.scrollWidth;
      const names = [...document.querySelectorAll('.tl-labels li')];
      const rules = [...document.querySelectorAll('svg.timeline .row-rule')];
      const last = document.querySelector('svg.timeline .undated').getBoundingClientRect();
      return {scrolled: box.scrollLeft > 0,
              names: names.map(li => { const r = li.getBoundingClientRect(); return [li.textContent, r.left, r.right]; }),
              bottoms: names.map(li => Math.round(li.getBoundingClientRect().bottom)),
              rules: rules.map(r => Math.round(r.getBoundingClientRect().top)),
              undated: last.left >= 0 && last.right <= 390,
              width: document.documentElement.scrollWidth}; })()""")
    assert seen["scrolled"] and seen["width"] <= 390
    assert [n[0] for n in seen["names"]] == ["al-Qaim base", "K-1 airbase", "Camp Taji"]
    assert all(0 <= left and right <= 390 for _, left, right in seen["names"])  # in view, scrolled
    assert seen["bottoms"] == seen["rules"]  # each name on its row
    assert seen["undated"]  # the chart's far end, beside the names
    assert page.problems() == []
    _shot(page, tmp_path, "report-phone-scrolled")


def test_a_card_names_what_it_was_compared_with_after_a_backfill(store):
    """11 April stored first, 4 April backfilled: the later edition's card compares with none."""
    files = [IRAQ / "2020-04-11.md", IRAQ / "2020-04-04.txt"]
    assert [o["status"] for o in ingest_paths(lambda: store, files, brief="iraq", as_of=None, source=None)] == [
        "stored", "stored"]
    page = report_html(report_data(store, "iraq"))
    assert "+6 events, +1 count, +4 paragraphs; compared with no edition (stored first)." in page
    assert "+5 events, +1 count, +4 paragraphs; first edition." in page


def test_axis_labels_at_the_charts_edges_are_not_cut() -> None:
    """The first month's label sits a few pixels from the timeline's left edge (the Mali
    sample: July 2021, as of 10 July): it is set against the edge, not centred past it."""
    import re

    from tracker.present import svg

    marks = [{"kind": "reported", "date": "2021-07-10", "edition": 1},
             {"kind": "event", "date": "2022-08-15", "edition": 12, "status": "completed"}]
    drawn = str(svg.timeline_svg([{"key": "gao", "name": "Gao", "marks": marks}], "Timeline"))
    ticks = re.findall(r'<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">([^<]+)<', drawn)
    assert ticks[0][1:] == ("start", "Jul 2021")
    for x, anchor, label in ticks:
        width = len(label) * svg.TICK_CHAR_WIDTH
        left = float(x) - {"start": 0, "middle": width / 2, "end": width}[anchor]
        assert 0 <= left and left + width <= svg.CHART_WIDTH, (x, anchor, label)
