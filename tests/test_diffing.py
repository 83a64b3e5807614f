"""The diff engine on hand-built snapshot pairs, with exact expected change lists."""

from __future__ import annotations

import json
from pathlib import Path
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff import compare, diff_document, normalise_text, summarize, summary_line
from tracker.model import Change, Count, Event, Section, Snapshot

QAIM = Event(key="al-qaim", name="al-Qaim base", date="2020-03-17", action="withdrawal",
             status="completed", place="on the border with Syria", actors=("coalition troops",),
             text="On 17 March 20, coalition troops withdrew from the al-Qaim[1] base.")
TAJI = Event(key="taji", name="Taji base", date="2020-04-10", action="withdrawal", status="started",
             personnel=500, nations=("Italy", "Canada"), text="Coalition started leaving Taji base.")
SQOOR = Event(key="al-sqoor", name="Al-Sqoor base", date="2020-03-30", action="withdrawal",
              status="completed", text="On 30 March 20, US troops withdrew from Al-Sqoor base.")
BASES = Count(key="bases-transferred", subject="bases", value=5, as_of="2020-04-04",
              text="As of April 4, 2020, five bases have been transferred.")
BACKGROUND = Section(key="background", title="Background",
                     text="The presence of U.S. troops in Iraq was the result of an agreement.")


def snap(events=(), counts=(), sections=(), **kw) -> Snapshot:
    return Snapshot(title="Brief", as_of="2020-04-04", events=tuple(events), counts=tuple(counts),
                    sections=tuple(sections), **kw)


BEFORE = snap([QAIM, TAJI, SQOOR], [BASES], [BACKGROUND])


def as_dict(event: Event) -> dict:
    return Snapshot(events=(event,)).to_dict()["events"][0]


# -- no changes ---------------------------------------------------------------------------------

def test_identical_snapshots_have_no_changes():
    assert compare(BEFORE, BEFORE) == []


def test_reordered_lists_are_no_change():
    after = snap([SQOOR, QAIM, replace(TAJI, nations=("Canada", "Italy"))], [BASES], [BACKGROUND])
    assert compare(BEFORE, after) == []


def test_formatting_only_section_change_is_no_change():
    reformatted = replace(BACKGROUND, text="The  presence of U.S.\u00a0troops in Iraq was the result "
                                             "of an\nagreement[3].")
    assert compare(snap(sections=[BACKGROUND]), snap(sections=[reformatted])) == []


def test_quote_and_dash_only_change_is_no_change():
    a = Section("s", "S", 'He said "go" - then Iraq\'s forces left 2014-2015.')
    b = Section("s", "S", "He said \u201cgo\u201d \u2014 then Iraq\u2019s forces left 2014\u20132015.")
    assert compare(snap(sections=[a]), snap(sections=[b])) == []


def test_event_footnote_and_spacing_differences_are_no_change():
    b = replace(QAIM, text="On 17 March 20,  coalition troops withdrew from the al-Qaim base.",
                notes=("Al-Qaim in Iraq\u2019s Anbar province.",))
    a = replace(QAIM, notes=("Al-Qaim in Iraq's Anbar  province.",))
    assert compare(snap([a]), snap([b])) == []


def test_count_text_alone_is_no_change():
    assert compare(snap(counts=[BASES]), snap(counts=[replace(BASES, text="Five bases so far.")])) == []


# -- added / removed / changed per entity kind ----------------------------------------------------

def test_added_and_removed_event_carry_the_whole_entity():
    changes = compare(snap([QAIM, SQOOR]), snap([QAIM, TAJI]))
    assert changes == [
        Change("added", "event", "taji", "Taji base", None, None, as_dict(TAJI)),
        Change("removed", "event", "al-sqoor", "Al-Sqoor base", None, as_dict(SQOOR), None),
    ]
    assert changes[0].after["nations"] == ["Italy", "Canada"]


def test_event_field_changes_one_entry_per_field_in_fixed_order():
    after = replace(TAJI, name="Camp Taji", date="2020-04-11", status="completed", personnel=600,
                    nations=("Italy", "Canada", "Spain"), place="north of Baghdad")
    assert compare(snap([TAJI]), snap([after])) == [
        Change("changed", "event", "taji", "Camp Taji", "date", "2020-04-10", "2020-04-11"),
        Change("changed", "event", "taji", "Camp Taji", "status", "started", "completed"),
        Change("changed", "event", "taji", "Camp Taji", "personnel", 500, 600),
        Change("changed", "event", "taji", "Camp Taji", "nations", ["Italy", "Canada"],
               ["Italy", "Canada", "Spain"]),
        Change("changed", "event", "taji", "Camp Taji", "place", None, "north of Baghdad"),
        Change("changed", "event", "taji", "Camp Taji", "name", "Taji base", "Camp Taji"),
    ]


def test_item_text_reported_only_when_nothing_else_changed():
    reworded = replace(TAJI, text="The coalition began to leave Taji base.")
    assert compare(snap([TAJI]), snap([reworded])) == [
        Change("changed", "event", "taji", "Taji base", "text", TAJI.text, reworded.text)]
    both = replace(reworded, status="completed")
    assert [c.field for c in compare(snap([TAJI]), snap([both]))] == ["status"]


def test_count_changes():
    after = replace(BASES, value=6, as_of="2020-04-11")
    assert compare(snap(counts=[BASES]), snap(counts=[after])) == [
        Change("changed", "count", "bases-transferred", "bases transferred", "value", 5, 6),
        Change("changed", "count", "bases-transferred", "bases transferred", "as_of",
               "2020-04-04", "2020-04-11"),
    ]


def test_count_added_and_removed():
    troops = Count(key="troops-withdrawn", subject="troops", value=2500)
    assert compare(snap(counts=[BASES]), snap(counts=[troops])) == [
        Change("added", "count", "troops-withdrawn", "troops withdrawn", None, None,
               {"key": "troops-withdrawn", "subject": "troops", "value": 2500, "as_of": None,
                "text": ""}),
        Change("removed", "count", "bases-transferred", "bases transferred", None,
               {"key": "bases-transferred", "subject": "bases", "value": 5, "as_of": "2020-04-04",
                "text": BASES.text}, None),
    ]


def test_section_changes():
    rewritten = replace(BACKGROUND, text="U.S. troops came to Iraq under an agreement of June 2014.")
    new = Section("outlook", "Outlook", "More handovers are expected.")
    old = Section("where", "Where will these troops go", "Syria or Kuwait.")
    changes = compare(snap(sections=[BACKGROUND, old]), snap(sections=[rewritten, new]))
    assert changes == [
        Change("added", "section", "outlook", "Outlook", None, None,
               {"key": "outlook", "title": "Outlook", "text": "More handovers are expected."}),
        Change("changed", "section", "background", "Background", "text", BACKGROUND.text,
               rewritten.text),
        Change("removed", "section", "where", "Where will these troops go", None,
               {"key": "where", "title": "Where will these troops go", "text": "Syria or Kuwait."},
               None),
    ]


def test_section_title_change_under_same_key():
    after = replace(BACKGROUND, title="BACKGROUND")
    assert compare(snap(sections=[BACKGROUND]), snap(sections=[after])) == [
        Change("changed", "section", "background", "BACKGROUND", "title", "Background", "BACKGROUND")]


# -- respelled names --------------------------------------------------------------------------------

def test_respelled_name_under_same_key_is_one_name_change():
    after = replace(QAIM, name="Al Qaim airbase")
    assert compare(snap([QAIM]), snap([after])) == [
        Change("changed", "event", "al-qaim", "Al Qaim airbase", "name", "al-Qaim base",
               "Al Qaim airbase")]


def test_respelled_under_another_key_with_shared_identity_is_one_change():
    before = Event(key="k-1", name="K-1 airbase", date="2020-03-29", aliases=("K1",))
    after = Event(key="k1-air-base", name="K1 Air Base", date="2020-03-29", aliases=("K-1 airbase",))
    changes = compare(snap([before, QAIM]), snap([QAIM, after]))
    assert changes == [
        Change("changed", "event", "k-1", "K1 Air Base", "name", "K-1 airbase", "K1 Air Base"),
        Change("changed", "event", "k-1", "K1 Air Base", "aliases", ["K1"], ["K-1 airbase"]),
    ]
    assert not any(c.kind in ("added", "removed") for c in changes)


def test_leftovers_without_shared_identity_stay_added_and_removed():
    before = Event(key="rasul-camp", name="Rasul camp")
    after = Event(key="rasulba-base", name="Rasulba base")
    assert [c.kind for c in compare(snap([before]), snap([after]))] == ["added", "removed"]


# -- order ------------------------------------------------------------------------------------------

def test_order_is_events_counts_sections_then_added_changed_removed_by_key():
    after = snap([replace(QAIM, status="started"), Event("abu-ghraib", "Abu Ghraib base"),
                  Event("a-new", "A new base")],
                 [replace(BASES, value=6)], [replace(BACKGROUND, text="Rewritten.")])
    got = [(c.entity, c.kind, c.key, c.field) for c in compare(BEFORE, after)]
    assert got == [
        ("event", "added", "a-new", None),
        ("event", "added", "abu-ghraib", None),
        ("event", "changed", "al-qaim", "status"),
        ("event", "removed", "al-sqoor", None),
        ("event", "removed", "taji", None),
        ("count", "changed", "bases-transferred", "value"),
        ("section", "changed", "background", "text"),
    ]


def test_result_does_not_depend_on_list_order():
    after = snap([replace(QAIM, status="started"), Event("abu-ghraib", "Abu Ghraib base")],
                 [replace(BASES, value=6)])
    flipped = replace(after, events=after.events[::-1])
    assert compare(BEFORE, after) == compare(replace(BEFORE, events=BEFORE.events[::-1]), flipped)


# -- summaries and the JSON document ------------------------------------------------------------------

def test_summarize_and_summary_line():
    after = snap([replace(QAIM, date="2020-03-18"), TAJI, Event("abu-ghraib", "Abu Ghraib base")],
                 [replace(BASES, value=6, as_of="2020-04-11")],
                 [replace(BACKGROUND, text="Rewritten.")])
    changes = compare(BEFORE, after)
    assert summarize(changes) == {"added": 1, "removed": 1, "changed": 4}
    assert summary_line(changes) == ("+1 event, 1 count revised, 1 date corrected, 1 event retracted, "
                                     "1 paragraph rewritten")
    assert summary_line([]) == "no changes"
    assert summarize([]) == {"added": 0, "removed": 0, "changed": 0}


def test_summary_line_plurals_and_other_fields():
    after = snap([replace(QAIM, status="started", name="Qaim"), replace(TAJI, status="completed",
                                                                        personnel=600)])
    assert summary_line(compare(snap([QAIM, TAJI]), after)) == (
        "2 statuses updated, 1 name respelled, 1 event revised")


def test_summary_counts_what_is_listed():
    """A count's value and as-of moving together is one revision; a cumulative diff over
    several reports lists the same field twice ("3 -> 4", then "4 -> 5"): so does its summary."""
    both = [Change("changed", "count", "sites", "sites", "value", 3, 4),
            Change("changed", "count", "sites", "sites", "as_of", "2024-03-05", "2024-03-19")]
    assert summary_line(both) == "1 count revised"
    twice = [Change("changed", "count", "sites", "sites", "value", 3, 4),
             Change("changed", "count", "sites", "sites", "value", 4, 5)]
    assert summary_line(twice) == "1 count revised twice"
    dates = [Change("changed", "event", k, k, "date", "2024-02-20", d)
             for k, d in (("orsk", "2024-02-21"), ("orsk", "2024-02-22"), ("orsk", "2024-02-23"), ("lunga", "2024-02-27"))]
    assert summary_line(dates) == "2 dates corrected 4 times"


def test_diff_document_shape_and_json_round_trip():
    after = snap([QAIM, TAJI, Event("abu-ghraib", "Abu Ghraib base", date="2020-04-06")],
                 [replace(BASES, value=6)], [BACKGROUND])
    changes = compare(BEFORE, after)
    doc = diff_document("iraq", {"edition": 1, "as_of": "2020-04-04", "sha256": "a" * 64},
                        {"edition": 2, "as_of": "2020-04-11", "sha256": "b" * 64, "extra": 1}, changes)
    assert list(doc) == ["brief", "from", "to", "changes", "summary"]
    assert doc["to"] == {"edition": 2, "as_of": "2020-04-11", "sha256": "b" * 64}
    assert doc["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert doc["changes"][0]["after"]["date"] == "2020-04-06"
    assert json.loads(json.dumps(doc)) == doc
    assert doc["changes"] == [c.to_dict() for c in changes]
    assert [Change.from_dict(c).to_dict() for c in doc["changes"]] == doc["changes"]


def test_normalise_text():
    assert normalise_text("  a\u00a0 b\n[12] \u201cc\u201d \u2013 d ") == 'a b "c"-d'
    assert normalise_text(None) == ""
    assert normalise_text("Keep Case") == "Keep Case"


# -- properties and speed -------------------------------------------------------------------------------

_words = st.text(alphabet="abcdefgh -'\u2019\u2014", min_size=0, max_size=20)
_events = st.builds(
    Event, key=st.sampled_from(["a", "b", "c", "d", "e"]), name=_words,
    date=st.none() | st.sampled_from(["2020-03-17", "2020-04-01"]),
    status=st.none() | st.sampled_from(["started", "completed"]),
    personnel=st.none() | st.integers(0, 5000),
    nations=st.lists(_words, max_size=3).map(tuple), aliases=st.lists(_words, max_size=2).map(tuple),
    text=_words)
_counts = st.builds(Count, key=st.sampled_from(["bases-transferred", "troops-withdrawn"]),
                    subject=_words, value=st.integers(0, 100))
_sections = st.builds(Section, key=st.sampled_from(["background", "outlook"]), title=_words, text=_words)
_snapshots = st.builds(Snapshot, events=st.lists(_events, max_size=6).map(tuple),
                       counts=st.lists(_counts, max_size=3).map(tuple),
                       sections=st.lists(_sections, max_size=3).map(tuple))


@settings(max_examples=150, deadline=None)
@given(_snapshots, st.randoms())
def test_property_a_snapshot_equals_itself_in_any_order(snapshot, rnd):
    assert compare(snapshot, snapshot) == []
    events, counts = list(snapshot.events), list(snapshot.counts)
    rnd.shuffle(events)
    rnd.shuffle(counts)
    assert compare(snapshot, replace(snapshot, events=tuple(events), counts=tuple(counts))) == []


@settings(max_examples=100, deadline=None)
@given(_snapshots, _snapshots)
def test_property_summary_matches_changes(a, b):
    changes = compare(a, b)
    assert sum(summarize(changes).values()) == len(changes)
    assert (summary_line(changes) == "no changes") == (changes == [])
    assert all(c.field is None for c in changes if c.kind != "changed")


def _many(n: int, shift: int = 0) -> Snapshot:
    events = [Event(key=f"base-{i}", name=f"Base {i}", date=f"2020-03-{1 + (i + shift) % 28:02d}",
                    status="completed", nations=("Italy", "Canada"), text=f"Base {i} handed over.")
              for i in range(n)]
    return snap(events, [BASES], [BACKGROUND])


def test_compare_of_100_reordered_events_finds_the_one_status_change():
    """Order is no change; its time per call is a figure in benchmarks/compare_speed.py."""
    a, b = _many(100), _many(100)
    b = replace(b, events=b.events[::-1][:-1] + (replace(b.events[0], status="started"),))
    assert [c.field for c in compare(a, b)] == ["status"]


# -- sample editions through the real parser ------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "snapshots" / "iraq-coalition-withdrawal"
DATA = Path(__file__).resolve().parent / "data"


def _parsed(path: Path) -> Snapshot:
    from tracker.parse.parser import parse_bytes

    return parse_bytes(path.read_bytes(), path.name)


def _edition(name: str) -> Snapshot:
    return _parsed(SAMPLES / name)


def _facts(changes: list[Change]) -> list[tuple]:
    """Event and count changes in full; section changes by key and field (their prose is long)."""
    return [(c.kind, c.entity, c.key, c.field, c.before, c.after) if c.entity != "section"
            else (c.kind, c.entity, c.key, c.field) for c in changes]


def test_sample_added_base_and_count_revised():
    changes = compare(_edition("2020-04-04.txt"), _edition("2020-04-11.md"))
    added = changes[0]
    assert (added.kind, added.key, added.label) == ("added", "abu-ghraib", "Abu Ghraib base")
    assert (added.after["date"], added.after["status"]) == ("2020-04-06", "completed")
    assert _facts(changes[1:]) == [
        ("changed", "count", "bases-transferred", "value", 5, 6),
        ("changed", "count", "bases-transferred", "as_of", "2020-04-04", "2020-04-11"),
        ("changed", "section", "recent-developments", "text"),
        ("changed", "section", "us-led-coalition-withdrawal-from-iraqi-bases", "text"),
    ]
    assert summary_line(changes) == "+1 event, 1 count revised, 2 paragraphs rewritten"


def test_sample_status_completed_and_respelled_base_is_not_removed_and_added():
    changes = compare(_edition("2020-04-11.md"), _edition("2020-08-23.html"))
    assert (changes[0].kind, changes[0].key, changes[0].after["date"]) == ("added", "taji", "2020-08-23")
    assert _facts(changes[1:]) == [
        ("changed", "event", "qayara", "status", "started", "completed"),
        ("changed", "event", "qayara", "action", "withdrawal", "handover"),
        ("changed", "event", "qayara", "actors", ["U.S.-led coalition"], ["coalition"]),
        ("changed", "event", "qayara", "name", "Qayara airfield", "Qayyarah airfield"),
        ("changed", "count", "bases-transferred", "value", 6, 7),
        ("changed", "count", "bases-transferred", "as_of", "2020-04-11", "2020-08-23"),
        ("changed", "section", "recent-developments", "text"),
        ("changed", "section", "us-led-coalition-withdrawal-from-iraqi-bases", "text"),
    ]


def test_sample_retracted_item_respelling_and_rewritten_paragraph():
    changes = compare(_edition("2020-08-23.html"), _edition("2020-08-30.txt"))
    removed = [c for c in changes if c.kind == "removed" and c.entity == "event"]
    assert [(c.key, c.label, c.before["date"]) for c in removed] == [("sqor", "Al-Sqoor base", "2020-03-30")]
    assert _facts(changes) == [
        ("changed", "event", "k1", "name", "K-1 airbase", "K1 Air Base"),
        ("removed", "event", "sqor", None, removed[0].before, None),
        ("changed", "count", "bases-transferred", "value", 7, 6),
        ("changed", "count", "bases-transferred", "as_of", "2020-08-23", "2020-08-30"),
        ("changed", "section", "recent-developments", "text"),
        ("changed", "section", "where-will-these-withdrawing-troops-go", "text"),
        ("removed", "section", "us-led-coalition-withdrawal-from-iraqi-bases", None),
    ]


def test_sample_same_edition_as_text_and_html_has_no_changes():
    assert compare(_parsed(DATA / "iraq-coalition-withdrawal-2020-08-23.txt"),
                   _edition("2020-08-23.html")) == []


def test_sample_each_edition_equals_itself():
    for path in sorted(SAMPLES.iterdir()):
        assert compare(_parsed(path), _parsed(path)) == [], path.name


def test_a_tally_told_in_other_words_is_revised_not_dropped():
    """Reports count the same places as "sites vacated", then "camps returned": one tally,
    revised, not one removed and another added; a troop figure never pairs with it."""
    sites = Count(key="sites-withdrawn", subject="sites", value=3, as_of="2023-08-18")
    camps = Count(key="camps-transferred", subject="camps", value=4, as_of="2023-08-31")
    changes = compare(snap(counts=[sites]), snap(counts=[camps]))
    assert [(c.kind, c.field, c.before, c.after) for c in changes] == [
        ("changed", "value", 3, 4), ("changed", "as_of", "2023-08-18", "2023-08-31"),
        ("changed", "subject", "sites", "camps")]
