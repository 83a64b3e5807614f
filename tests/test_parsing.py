"""Whole editions and parser rules: the reference brief, every sample edition, the same edition
in three formats, and a property test that arbitrary text never breaks the parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datafiles import repo_file

from tracker.errors import InputError
from tracker.model import Snapshot
from tracker.parse.parser import parse_bytes, parse_document, parse_text
from tracker.read.reader import Block, Document

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "snapshots"
DATA = Path(__file__).resolve().parent / "data" / "parsing"
REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "2020-04-11.txt"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_file(path: Path, **kw) -> Snapshot:
    return parse_bytes(path.read_bytes(), path.name, **kw)


def by_key(snapshot: Snapshot) -> dict:
    return {e.key: e for e in snapshot.events}


def facts(snapshot: Snapshot) -> list[tuple]:
    return [(e.key, e.date, e.action, e.status) for e in snapshot.events]


def assert_valid(snapshot: Snapshot) -> None:
    keys = [e.key for e in snapshot.events]
    assert len(keys) == len(set(keys)) and all(keys)
    assert len({c.key for c in snapshot.counts}) == len(snapshot.counts)
    assert len({s.key for s in snapshot.sections}) == len(snapshot.sections)
    for e in snapshot.events:
        assert e.date is None or ISO.match(e.date)
        assert e.personnel is None or isinstance(e.personnel, int)
    for c in snapshot.counts:
        assert c.as_of is None or ISO.match(c.as_of)
    assert snapshot.as_of is None or ISO.match(snapshot.as_of)
    assert Snapshot.from_dict(snapshot.to_dict()) == snapshot


# --------------------------------------------------------------------------------------------
# The reference edition


@pytest.fixture(scope="module")
def reference() -> Snapshot:
    return parse_file(repo_file(REFERENCE))


def test_reference_title_and_as_of(reference):
    assert reference.title == "TIC Brief l"
    assert reference.as_of == "2020-04-11"


def test_reference_six_events_with_dates(reference):
    assert facts(reference) == [
        ("qaim", "2020-03-17", "withdrawal", "completed"),
        ("qayara", "2020-03-26", "withdrawal", "started"),
        ("k1", "2020-03-29", "withdrawal", "completed"),
        ("sqor", "2020-03-30", "withdrawal", "completed"),
        ("taqadum", "2020-04-04", "handover", "completed"),
        ("abu-ghraib", "2020-04-06", "withdrawal", "completed"),
    ]
    assert [e.name for e in reference.events] == [
        "al-Qaim base", "Qayara airfield", "K-1 airbase", "Al-Sqoor base",
        "Al-Taqaddum Air Base", "Abu Ghraib base"]


def test_reference_event_details(reference):
    ev = by_key(reference)
    assert ev["qaim"].place == "on the border with Syria"
    assert ev["qaim"].actors == ("coalition troops",)
    assert ev["qaim"].nations == ()
    assert ev["qaim"].notes[0].startswith("Al-Qaim, in Iraq's Anbar province")
    assert ev["qayara"].place == "in northern Iraq"
    assert ev["qayara"].aliases == ("Q-West",)
    assert ev["sqor"].place == "inside Nineveh"
    assert ev["abu-ghraib"].place == "located west of the capital Baghdad"
    assert ev["abu-ghraib"].nations == ("France",)
    assert ev["abu-ghraib"].notes == ()
    taq = ev["taqadum"]
    assert taq.personnel == 500
    assert taq.nations == ("Italy", "Canada", "Spain")
    assert taq.notes and taq.notes[0].startswith("Run mostly by Marines")
    assert all(e.personnel is None for e in reference.events if e.key != "taqadum")
    assert [len(e.notes) for e in reference.events] == [1, 1, 1, 0, 1, 0]
    for e in reference.events:
        assert "[" not in e.text and "[" not in e.name


def test_reference_count(reference):
    assert [(c.key, c.subject, c.value, c.as_of) for c in reference.counts] == [
        ("bases-transferred", "bases", 6, "2020-04-11")]
    assert reference.counts[0].text == "As of April 11, 2020, six bases have been transferred."
    assert reference.warnings == ()


def test_reference_sections_and_no_comment_form(reference):
    keys = [s.key for s in reference.sections]
    assert keys == ["background", "recent-developments",
                    "us-led-coalition-withdrawal-from-iraqi-bases",
                    "where-will-these-withdrawing-troops-go"]
    dump = str(reference.to_dict())
    assert "Please enter" not in dump


def test_reference_caller_as_of_overrides(reference):
    snap = parse_bytes(REFERENCE.read_bytes(), REFERENCE.name, as_of="2020-04-12")
    assert snap.as_of == "2020-04-12"
    assert facts(snap) == facts(reference)


# --------------------------------------------------------------------------------------------
# Sample editions (snapshots/): each parses to the facts it states

IRAQ = SNAPSHOTS / "iraq-coalition-withdrawal"
AFGHAN = SNAPSHOTS / "afghanistan-drawdown"

IRAQ_BASE = [
    ("qaim", "al-Qaim base", "2020-03-17", "withdrawal", "completed"),
    ("qayara", "Qayara airfield", "2020-03-26", "withdrawal", "started"),
    ("k1", "K-1 airbase", "2020-03-29", "withdrawal", "completed"),
    ("sqor", "Al-Sqoor base", "2020-03-30", "withdrawal", "completed"),
    ("taqadum", "Al-Taqaddum Air Base", "2020-04-04", "handover", "completed"),
]
ABU = ("abu-ghraib", "Abu Ghraib base", "2020-04-06", "withdrawal", "completed")
QAYYARAH = ("qayara", "Qayyarah airfield", "2020-03-26", "handover", "completed")
TAJI = ("taji", "Camp Taji", "2020-08-23", "handover", "completed")

SAMPLES = {
    "iraq-coalition-withdrawal/2020-04-04.txt": (
        "2020-04-04", IRAQ_BASE, [("bases-transferred", 5, "2020-04-04")]),
    "iraq-coalition-withdrawal/2020-04-11.md": (
        "2020-04-11", IRAQ_BASE + [ABU], [("bases-transferred", 6, "2020-04-11")]),
    "iraq-coalition-withdrawal/2020-08-23.html": (
        "2020-08-23", [IRAQ_BASE[0], QAYYARAH, *IRAQ_BASE[2:], ABU, TAJI],
        [("bases-transferred", 7, "2020-08-23")]),
    "iraq-coalition-withdrawal/2020-08-30.txt": (
        "2020-08-30",
        [TAJI, ABU, IRAQ_BASE[4], ("k1", "K1 Air Base", "2020-03-29", "withdrawal", "completed"),
         QAYYARAH, IRAQ_BASE[0]],
        [("bases-transferred", 6, "2020-08-30")]),
    "afghanistan-drawdown/2021-05-15.txt": (
        "2021-05-15",
        [("antonik", "Camp Antonik", "2021-05-01", "handover", "completed"),
         ("kandahar", "Kandahar Airfield", "2021-05-12", "withdrawal", "started")],
        [("bases-transferred", 1, "2021-05-15")]),
    "afghanistan-drawdown/2021-07-05.txt": (
        "2021-07-05",
        [("antonik", "Camp Antonik", "2021-05-02", "handover", "completed"),
         ("kandahar", "Kandahar Airfield", "2021-05-13", "withdrawal", "completed"),
         ("bagram", "Bagram Airfield", "2021-07-02", "withdrawal", "completed")],
        [("bases-transferred", 3, "2021-07-05")]),
}


def _sample(rel: str) -> Path:
    return repo_file(SNAPSHOTS / rel)


@pytest.mark.parametrize("rel", sorted(SAMPLES))
def test_sample_edition_facts(rel):
    as_of, events, counts = SAMPLES[rel]
    snap = parse_file(_sample(rel))
    assert_valid(snap)
    assert snap.title
    assert snap.as_of == as_of
    assert [(e.key, e.name, e.date, e.action, e.status) for e in snap.events] == events
    assert [(c.key, c.value, c.as_of) for c in snap.counts] == counts
    assert snap.warnings == ()
    assert "Please enter" not in str(snap.to_dict())


# sample series of reports that do not restate (cumulative briefs): one of them may tell no
# event (a correction, a digest of what is known), the series as a whole tells them
REPORT_SERIES = {"barkhane-mali"}


def test_every_sample_edition_is_covered():
    present = {str(p.relative_to(SNAPSHOTS)) for p in SNAPSHOTS.glob("*/*.*")}
    missing = present - set(SAMPLES)
    told: dict[str, int] = {}
    for rel in sorted(missing):  # editions added later still have to parse to something sane
        snap = parse_file(SNAPSHOTS / rel)
        assert_valid(snap)
        assert snap.as_of
        folder = rel.split("/")[0]
        if folder in REPORT_SERIES:
            told[folder] = told.get(folder, 0) + len(snap.events)
        else:
            assert snap.events
    assert all(told.values())


def test_sample_details_iraq():
    snap = parse_file(_sample("iraq-coalition-withdrawal/2020-08-23.html"))
    ev = by_key(snap)
    assert ev["taqadum"].personnel == 500
    assert ev["taqadum"].nations == ("Italy", "Canada", "Spain")
    assert ev["abu-ghraib"].nations == ("France",)
    assert ev["qayara"].aliases == ("Q-West",)
    assert ev["taji"].place == "north of Baghdad"
    assert ev["qaim"].notes == (
        "Al-Qaim, in Anbar province near the Syrian border, has hosted coalition trainers "
        "since 2017.",)


def test_sample_details_afghanistan():
    snap = parse_file(_sample("afghanistan-drawdown/2021-07-05.txt"))
    ev = by_key(snap)
    assert ev["kandahar"].aliases == ("KAF",)
    assert ev["bagram"].place == "north of Kabul"
    assert ev["antonik"].place == "Helmand province"
    assert [s.key for s in snap.sections] == ["background", "current-situation", "what-comes-next"]


def test_respelled_base_keeps_its_key_across_samples():
    a = by_key(parse_file(_sample("iraq-coalition-withdrawal/2020-04-11.md")))
    b = by_key(parse_file(_sample("iraq-coalition-withdrawal/2020-08-30.txt")))
    assert a["k1"].name == "K-1 airbase" and b["k1"].name == "K1 Air Base"
    assert a["qayara"].name == "Qayara airfield" and b["qayara"].name == "Qayyarah airfield"


# --------------------------------------------------------------------------------------------
# The same edition as text, Markdown and HTML


def _triple(stem: str) -> list[Snapshot]:
    return [parse_file(DATA / f"{stem}.{ext}") for ext in ("txt", "md", "html")]


def test_same_edition_three_formats_same_facts():
    txt, md, html = _triple("sahel-2022-08-20")
    for snap in (txt, md, html):
        assert_valid(snap)
    assert txt.events == md.events == html.events
    assert txt.counts == md.counts == html.counts
    assert txt.sections == md.sections == html.sections
    assert txt.title == md.title == html.title == "Sahel Drawdown Brief"
    assert txt.as_of == md.as_of == html.as_of == "2022-08-20"


def test_sahel_edition_facts():
    snap = _triple("sahel-2022-08-20")[0]
    assert [(e.key, e.name, e.date, e.action, e.status) for e in snap.events] == [
        ("kidal", "Camp Kidal", "2021-08-16", "handover", "completed"),
        ("tesalit", "Tessalit base", "2021-10-11", "withdrawal", "completed"),
        ("gao", "Gao Air Base", "2022-08-15", "withdrawal", "completed"),
        ("menaka", "Menaka camp", "2022-08-01", "withdrawal", "started"),
    ]
    ev = by_key(snap)
    assert ev["gao"].personnel == 450
    assert ev["gao"].aliases == ("Camp Firhoun",)
    assert ev["menaka"].nations == ("Estonia", "Czech Republic")
    assert ev["menaka"].actors == ("Estonian and Czech troops",)
    assert ev["kidal"].place == "in northern Mali"
    assert ev["kidal"].personnel is None  # 300 troops is in the footnote, not the item
    assert ev["tesalit"].place == "on the border with Algeria"
    assert [(c.key, c.value) for c in snap.counts] == [("bases-transferred", 3)]
    assert [s.key for s in snap.sections] == ["background", "latest", "outlook"]
    dump = str(snap.to_dict())
    assert "Camp Fake" not in dump and "Camp Other" not in dump and "Please enter" not in dump


def test_same_sample_edition_text_and_html():
    html = parse_file(_sample("iraq-coalition-withdrawal/2020-08-23.html"))
    text_path = Path(__file__).resolve().parent / "data" / "iraq-coalition-withdrawal-2020-08-23.txt"
    txt = parse_file(repo_file(text_path))
    assert txt.events == html.events
    assert txt.counts == html.counts


# --------------------------------------------------------------------------------------------
# Another conflict's brief in the same style (no knowledge of the reference brief)

AFGHANISTAN_2021 = """Afghanistan Withdrawal Tracker

Updated: 12 July 2021

Overview: The United States and its NATO allies agreed to leave Afghanistan by September 2021.
As of July 12, 2021, 4 bases have been handed over to Afghan security forces.

Bases handed over:

* Camp Antonik (Helmand) was handed over to the Afghan army on 2 May 2021.
* On 13 May 2021, U.S. forces completed their withdrawal from Kandahar Airfield in southern Afghanistan.
* Some 1,000 US and coalition troops pulled out of Bagram Air Base, north of Kabul, on July 2, 2021.
* Forward Operating Base Fenty (FOB Fenty) near Jalalabad: German and Norwegian trainers are leaving; handover expected on 20/07/2021.

Outlook: About 650 troops will stay in Kabul.
"""


def test_other_conflict_brief():
    snap = parse_text(AFGHANISTAN_2021)
    assert_valid(snap)
    assert snap.title == "Afghanistan Withdrawal Tracker"
    assert snap.as_of == "2021-07-12"
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("antonik", "2021-05-02", "handover", "completed"),
        ("kandahar", "2021-05-13", "withdrawal", "completed"),
        ("bagram", "2021-07-02", "withdrawal", "completed"),
        ("fenty", "2021-07-20", "withdrawal", "started"),
    ]
    ev = by_key(snap)
    assert ev["bagram"].personnel == 1000
    assert ev["bagram"].place == "north of Kabul"
    assert ev["kandahar"].place == "in southern Afghanistan"
    assert ev["fenty"].aliases == ("FOB Fenty",) or "FOB Fenty" not in ev["fenty"].aliases
    assert ev["fenty"].nations == ("Germany", "Norway")
    assert ev["antonik"].nations == ()
    assert [(c.key, c.value) for c in snap.counts] == [("bases-transferred", 4)]
    assert snap.warnings == ()


# --------------------------------------------------------------------------------------------
# Rules, one at a time, on documents built by hand


def doc(*blocks: tuple, fmt: str = "text") -> Document:
    made = []
    for b in blocks:
        kind, text, *rest = b
        made.append(Block(kind, text, *rest))
    return Document(tuple(made), fmt, "utf-8", ())


def test_parse_document_on_built_blocks():
    snap = parse_document(doc(
        ("heading", "Brief", 1),
        ("paragraph", "Summary: As at 3 June 2021, two camps have been closed."),
        ("item", "Troops left Camp Alpha[1] on 1 June 2021.", 0, "1."),
        ("item", "The garrison at Bravo base was closed on 2 June 2021.", 0, "2."),
        ("footnote", "Camp Alpha, also known as Camp A1, was small.", 0, "1"),
    ))
    assert snap.title == "Brief" and snap.as_of == "2021-06-03"
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("alpha", "2021-06-01", "withdrawal", "completed"),
        ("bravo", "2021-06-02", "closure", "completed"),
    ]
    assert snap.events[0].notes == ("Camp Alpha, also known as Camp A1, was small.",)
    assert snap.events[0].aliases == ("Camp A1",)
    assert [(c.key, c.subject, c.value) for c in snap.counts] == [("camps-closed", "camps", 2)]


@pytest.mark.parametrize(
    "sentence,key,value",
    [
        ("As of April 11, 2020, six bases have been transferred.", "bases-transferred", 6),
        ("8 bases have been transferred to Iraqi control.", "bases-transferred", 8),
        ("So far twelve camps were handed over.", "camps-transferred", 12),
        ("The coalition has withdrawn from 5 bases.", "bases-withdrawn", 5),
        ("A dozen outposts have now been closed.", "outposts-closed", 12),
        ("Below is the list of six bases:", "bases-listed", 6),
    ],
)
def test_count_forms(sentence, key, value):
    snap = parse_text(f"Brief\n\nStatus: {sentence}\n")
    assert [(c.key, c.value) for c in snap.counts] == [(key, value)]


def test_repeated_claim_is_one_count_and_mismatch_warns():
    text = ("Brief\n\nStatus: As of 1 May 2020, three bases have been transferred. Below is the "
            "list of three bases:\n\n1. Troops left Alpha base on 1 April 2020.\n"
            "2. Troops left Bravo base on 2 April 2020.\n")
    snap = parse_text(text)
    assert [(c.key, c.value, c.as_of) for c in snap.counts] == [
        ("bases-transferred", 3, "2020-05-01")]
    assert any("3" in w and "2" in w for w in snap.warnings)


def test_a_report_in_prose_lists_nothing_its_tally_is_not_checked_against():
    """A report in prose (no list) tells its places in sentences; a dated line among them is
    no list its tally counts: "says 3 but 1 item is listed" beside three events was wrong."""
    snap = parse_file(_sample("barkhane-mali/2021-12-15-niger-river-courier.txt"))
    assert [(c.key, c.value) for c in snap.counts] == [("bases-withdrawn", 3)]
    assert len(snap.events) == 3
    assert not [w for w in snap.warnings if w.startswith("count ")]
    listed = parse_text("Brief\n\nAs of 1 May 2020, three bases have been transferred.\n\n"
                        "1. Troops left Alpha base on 1 April 2020.\n")
    assert listed.warnings == ("count 'bases-transferred' says 3 but 1 item is listed",)


def test_years_and_dates_are_not_counts():
    snap = parse_text("Brief\n\nStatus: In 2015 bases were built. On 4 April 20 bases closed.\n")
    assert snap.counts == ()


@pytest.mark.parametrize(
    "line,as_of",
    [
        ("As of April 11, 2020, the situation is calm.", "2020-04-11"),
        ("Situation as at 3 May 2021.", "2021-05-03"),
        ("Updated 5 July 2021", "2021-07-05"),
        ("Last updated: 2021-07-06", "2021-07-06"),
        ("7 July 2021", "2021-07-07"),
        ("Nothing dated here.", None),
    ],
)
def test_edition_as_of(line, as_of):
    snap = parse_text(f"Brief\n\n{line}\n\nBody: text here.\n")
    assert snap.as_of == as_of


def test_year_less_dates_take_the_as_of_year():
    text = "Brief\n\nAs of 10 January 2021, nothing.\n\n1. Troops left Alpha base on 20 December.\n2. Troops left Bravo base on 5 January.\n"
    snap = parse_text(text)
    assert [e.date for e in snap.events] == ["2020-12-20", "2021-01-05"]
    undated = parse_text("Brief\n\n1. Troops left Alpha base on 20 December.\n")
    assert undated.events[0].date is None


def test_impossible_date_is_a_warning_not_an_error():
    snap = parse_text("Brief\n\n1. Troops withdrew from Alpha base on 31 February 20.\n")
    assert snap.events[0].date is None
    assert any("31 February 20" in w for w in snap.warnings)


def test_undated_item_keeps_a_null_date_and_status():
    snap = parse_text("Brief\n\n- Coalition troops are withdrawing from Camp Delta.\n")
    (e,) = snap.events
    assert (e.key, e.date, e.action, e.status) == ("delta", None, "withdrawal", "started")


def test_dated_paragraph_lines_are_events():
    text = ("Brief\n\nOn 3 March 2021, coalition troops handed over Camp Echo to local forces.\n\n"
            "On 9 March 2021, troops withdrew from Foxtrot airfield.\n")
    snap = parse_text(text)
    assert [(e.key, e.date) for e in snap.events] == [("echo", "2021-03-03"), ("foxtrot", "2021-03-09")]


def test_same_base_twice_gets_unique_keys_and_a_warning():
    text = ("Brief\n\n1. Troops began withdrawing from Alpha base on 1 May 2021.\n"
            "2. Troops withdrew from Alpha Air Base on 9 May 2021.\n")
    snap = parse_text(text)
    assert [e.key for e in snap.events] == ["alpha", "alpha-2"]
    assert snap.warnings


@pytest.mark.parametrize(
    "item,status",
    [
        ("Troops withdrew from Alpha base on 1 May 2021.", "completed"),
        ("Troops began withdrawing from Alpha base on 1 May 2021.", "started"),
        ("Troops are pulling out of Alpha base.", "started"),
        ("Alpha base was handed over on 1 May 2021.", "completed"),
        ("Alpha base is being handed over.", "started"),
        ("Alpha base will be handed over on 1 May 2021.", "planned"),
        ("The withdrawal from Alpha base was completed on 1 May 2021.", "completed"),
        ("Troops started the withdrawal from Alpha base on 1 May 2021.", "started"),
    ],
)
def test_status(item, status):
    (e,) = parse_text(f"Brief\n\n- {item}\n").events
    assert e.status == status


def test_section_keys_from_titles():
    text = ("Brief\n\nWhere Will The Troops Go (update): Home.\n\n**Bold lead:** text.\n")
    snap = parse_text(text)
    assert [(s.key, s.title, s.text) for s in snap.sections] == [
        ("where-will-the-troops-go", "Where Will The Troops Go (update)", "Home."),
    ] or snap.sections[0].key == "where-will-the-troops-go"


def test_markdown_bold_lead_in_sections():
    snap = parse_text("# Brief\n\n**Background:** Some text.\n\n## Next Steps\n\nMore text.\n",
                      "markdown")
    assert [(s.key, s.text) for s in snap.sections] == [
        ("background", "Some text."), ("next-steps", "More text.")]


# --------------------------------------------------------------------------------------------
# Robustness


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600), st.sampled_from(["text", "markdown", "html"]))
def test_arbitrary_text_never_raises(text, fmt):
    try:
        snap = parse_text(text, fmt)
    except InputError:
        return
    assert_valid(snap)


WORDS = st.sampled_from([
    "On", "17", "March", "20", "2020", "base", "Camp", "Taji", "al-Qaim", "withdrew", "from",
    "[1]", "six", "bases", "have", "been", "transferred", "troops", "Five-hundred", ",", ".",
    "\n", "\n\n", "1.", "-", "As", "of", "April", "11,", "K-1", "airbase", "31", "February",
    "handed", "over", "(", ")", "known", "as", "Q-West", ":", "Air", "Base", "French", "Italy",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=80))
def test_brief_like_text_never_raises(words):
    try:
        snap = parse_text(" ".join(words))
    except InputError:
        return
    assert_valid(snap)


def test_large_input_parses():
    data = repo_file(REFERENCE).read_bytes() * 40
    snap = parse_bytes(data, "big.txt")
    assert_valid(snap)
    # the same happenings told forty times over are told once
    assert [e.key for e in snap.events] == [e.key for e in parse_bytes(repo_file(REFERENCE).read_bytes(),
                                                                       "big.txt").events]


def test_pathological_inputs():
    for text in ["A " * 5000 + "base", "Al-" * 3000, "1/" * 4000, "(" * 3000 + "Camp X",
                 "K-1 " * 3000 + "airbase", "On " + "17 March 20, " * 2000]:
        snap = parse_text(text)
        assert_valid(snap)


def test_harder_item_shapes():
    text = (
        "Iraq Brief\nAs at 2 May 2020\n\n"
        "1) March 17, 2020: Coalition forces withdrew from al-Qaim base near the Syrian border.\n"
        "2) The coalition began pulling out of Qayyarah Airfield West (Q-West) on 26 March.\n"
        "3) The withdrawal from the H-3 airfield began on 2020-04-20; about 200 Australian troops remain.\n"
        "4) Tajiyat: handed back 24 April 2020.\n"
        "5) The Iraqi army took over al-Asad Air Base on 30 April.\n"
    )
    snap = parse_text(text)
    assert snap.as_of == "2020-05-02"
    assert [(e.key, e.name, e.date, e.action, e.status) for e in snap.events] == [
        ("qaim", "al-Qaim base", "2020-03-17", "withdrawal", "completed"),
        ("qayara-west", "Qayyarah Airfield West", "2020-03-26", "withdrawal", "started"),
        ("h3", "H-3 airfield", "2020-04-20", "withdrawal", "started"),
        ("tajiyat", "Tajiyat", "2020-04-24", "handover", "completed"),
        ("asad", "al-Asad Air Base", "2020-04-30", "handover", "completed"),
    ]
    ev = by_key(snap)
    assert ev["qayara-west"].aliases == ("Q-West",)
    assert ev["qaim"].place == "near the Syrian border"
    assert ev["h3"].personnel == 200 and ev["h3"].nations == ("Australia",)
