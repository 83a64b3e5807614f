"""Editions in other styles and about other conflicts: bold-date bullets, bare place names
(no generic word), tables (Markdown, HTML, plain pipes), planned handovers, and two-edition
briefs whose diff must be exactly the expected change list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.diff import compare
from tracker.identity import place_key
from tracker.parse.parser import parse_bytes, parse_text

DATA = Path(__file__).resolve().parent / "data" / "parsing"


def parse(name: str):
    return parse_bytes((DATA / name).read_bytes(), name)


def facts(snapshot) -> list[tuple]:
    """(key, name, date, action, status); a date less precise than a day as (date, precision)."""
    return [(e.key, e.name, (e.date, e.date_precision) if e.date_precision else e.date, e.action,
             e.status) for e in snapshot.events]


def test_bold_date_bullets_and_bare_names():
    snap = parse("styles-2020-04-12.md")
    assert snap.as_of == "2020-04-12"
    assert facts(snap) == [
        ("qaim", "Al Qaim Air Base", "2020-03-17", "handover", "completed"),
        ("abu-ghraib", "Abu Ghraib", "2020-04-06", "handover", "completed"),
        ("sinjar", "Sinjar", "2020-03-29", "withdrawal", "completed"),
        ("k1", "K1 Air Base", None, "withdrawal", "completed"),
        ("nineve", "Nineveh", ("2021-10-01", "month"), "withdrawal", "completed"),  # month-year only: no day
        ("habaniya", "Habbaniyah", ("2020-04-01", "month"), "handover", "planned"),
        ("qayara-west", "Qayyarah Airfield West", "2020-03-26", "transfer", "completed"),
        ("taji", "Camp Taji", "2020-04-04", "withdrawal", "started"),
        ("taqadum", "al-Taqaddum", None, None, "planned"),
    ]
    assert snap.events[0].place == "Anbar"
    assert snap.events[6].aliases == ("Q-West",)


TABLE_FACTS = [
    ("qayara-west", "Qayyarah Airfield West", "2020-03-26", "transfer", "completed"),
    ("taji", "Camp Taji", "2020-04-04", "withdrawal", "started"),
    ("taqadum", "al-Taqaddum", None, None, "planned"),
]


@pytest.mark.parametrize("name", ["table-2020-04-12.html", "table-2020-04-12.txt"])
def test_tables_give_one_event_per_row(name):
    snap = parse(name)
    assert facts(snap) == TABLE_FACTS
    assert snap.events[0].aliases == ("Q-West",)


def test_table_columns_in_any_order_and_without_place_column():
    md = ("# T\n\n| Status | Date | Base |\n|---|---|---|\n"
          "| Handed over | 17 March 2020 | al-Qaim |\n| Vacated | 6 April 2020 | Abu Ghraib |\n")
    assert facts(parse_text(md, "markdown")) == [
        ("qaim", "al-Qaim", "2020-03-17", "handover", "completed"),
        ("abu-ghraib", "Abu Ghraib", "2020-04-06", "withdrawal", "completed"),
    ]
    other = "# T\n\n| Year | Troops |\n|---|---|\n| 2019 | 5,000 |\n| 2020 | 2,500 |\n"
    snap = parse_text(other, "markdown")
    assert snap.events == () and "2019 | 5,000" in snap.sections[0].text


@pytest.mark.parametrize("item, expected", [
    ("- **6 April 2020** - Abu Ghraib handed back to the Iraqi army.",
     ("abu-ghraib", "Abu Ghraib", "2020-04-06", "handover", "completed")),
    ("- French troops withdrew from Ménaka on 2 May 2022.",
     ("menaka", "Ménaka", "2022-05-02", "withdrawal", "completed")),
    ("- The last soldiers left Kidal on 13 June 2022.",
     ("kidal", "Kidal", "2022-06-13", "withdrawal", "completed")),
    ("- Ménaka: French troops left the base on 13 June 2022 after nine years.",
     ("menaka", "Ménaka", "2022-06-13", "withdrawal", "completed")),
    ("- Barkhane handed over Gossi to the Malian army on 19 April 2022.",
     ("gosi", "Gossi", "2022-04-19", "handover", "completed")),
    ("- Tessalit: the French withdrew in October 2021.",
     ("tesalit", "Tessalit", ("2021-10-01", "month"), "withdrawal", "completed")),
    ("- Gao: the handover is expected later this month.",
     ("gao", "Gao", None, "handover", "planned")),
    ("- **1 May 2022** - Iraqi Security Forces took over Abu Ghraib.",
     ("abu-ghraib", "Abu Ghraib", "2022-05-01", "handover", "completed")),
])
def test_bare_place_names(item, expected):
    snap = parse_text(f"# B\n\n{item}\n", "markdown")
    assert facts(snap) == [expected]


def changes(before, after) -> list[tuple]:
    return sorted((c.kind, c.entity, c.key, c.field) for c in compare(before, after))


def test_mali_two_editions():
    first, second = parse("mali-2022-06-20.txt"), parse("mali-2022-08-20.md")
    assert facts(first) == [
        ("gosi", "Gossi", "2022-04-19", "handover", "completed"),
        ("menaka", "Menaka", "2022-06-13", "withdrawal", "completed"),
        ("timbuktu", "Timbuktu base", "2021-12-14", "handover", "completed"),
        ("kidal", "Camp Kidal", "2021-10-17", "withdrawal", "completed"),
        ("tesalit", "Tessalit", ("2021-10-01", "month"), "withdrawal", "completed"),
    ]
    assert facts(second) == [
        ("gosi", "Gossi", "2022-04-19", "handover", "completed"),
        ("menaka", "Ménaka", "2022-06-13", "withdrawal", "completed"),
        ("timbuktu", "Timbuktu base", "2021-12-13", "handover", "completed"),
        ("kidal", "Camp Kidal", "2021-10-17", "withdrawal", "completed"),
        ("gao", "Gao Air Base", "2022-08-15", "handover", "completed"),
        ("ansongo", "Ansongo", ("2022-08-01", "month"), "handover", "planned"),
    ]
    assert [(c.key, c.value, c.as_of) for c in first.counts] == [("bases-transferred", 5, "2022-06-20")]
    assert [(c.key, c.value, c.as_of) for c in second.counts] == [("bases-transferred", 5, "2022-08-20")]
    assert first.warnings == () and second.warnings == ()
    assert first.events[0].nations == ("France",)
    assert changes(first, second) == sorted([
        ("added", "event", "ansongo", None),
        ("added", "event", "gao", None),
        ("changed", "event", "gosi", "text"),
        ("changed", "event", "kidal", "text"),
        ("changed", "event", "menaka", "name"),          # respelled, same key
        ("changed", "event", "timbuktu", "date"),        # corrected date
        ("removed", "event", "tesalit", None),           # retracted
        ("reconfirmed", "count", "bases-transferred", "as_of"),  # same figure, later as-of
        ("changed", "section", "status", "text"),
    ])
    timbuktu = [c for c in compare(first, second) if c.key == "timbuktu"][0]
    assert (timbuktu.before, timbuktu.after) == ("2021-12-14", "2021-12-13")


def test_syria_two_editions():
    first, second = parse("syria-2019-10-20.txt"), parse("syria-2019-11-15.html")
    assert facts(first) == [
        ("manbij", "Manbij", "2019-10-15", "withdrawal", "completed"),
        ("kobani", "Kobani Landing Zone", "2019-10-16", "withdrawal", "completed"),
        ("lafarge-cement", "Lafarge cement factory", "2019-10-18", "withdrawal", "completed"),
        ("raqa", "Raqqa", "2019-10-19", "withdrawal", "completed"),
        ("tabqa", "Tabqa Air Base", ("2019-10-01", "month"), "handover", "planned"),
    ]
    assert first.events[2].personnel == 200
    assert first.events[0].nations == ("United States",)
    assert facts(second) == [
        ("manbij", "Manbij", "2019-10-15", "withdrawal", "completed"),
        ("kobani", "Kobani LZ", "2019-10-16", "withdrawal", "completed"),
        ("lafarge-cement", "Lafarge Cement Factory", "2019-10-17", "withdrawal", "completed"),
        ("tabqa", "Tabqa airbase", "2019-11-13", "handover", "completed"),
    ]
    assert [(c.key, c.value) for c in first.counts] == [("sites-withdrawn", 4)]
    assert [(c.key, c.value, c.as_of) for c in second.counts] == [("sites-withdrawn", 4, "2019-11-15")]
    assert changes(first, second) == sorted([
        ("changed", "event", "kobani", "name"),
        ("changed", "event", "kobani", "actors"),
        ("changed", "event", "kobani", "nations"),
        ("changed", "event", "lafarge-cement", "name"),
        ("changed", "event", "lafarge-cement", "date"),
        ("changed", "event", "lafarge-cement", "personnel"),
        ("changed", "event", "lafarge-cement", "actors"),
        ("changed", "event", "lafarge-cement", "nations"),
        ("changed", "event", "manbij", "text"),
        ("changed", "event", "tabqa", "name"),
        ("changed", "event", "tabqa", "date"),
        ("changed", "event", "tabqa", "status"),
        ("removed", "event", "raqa", None),
        ("reconfirmed", "count", "sites-withdrawn", "as_of"),  # same figure, later as-of
        ("changed", "section", "situation", "text"),
    ])


@pytest.mark.parametrize("names", [
    ("Al Asad Airbase", "Al-Asad", "Al Asad air base"),
    ("Camp Taji", "Taji base", "Taji Military Complex"),
    ("K-1", "K1", "K 1 Air Base"),
    ("Al-Taqaddum", "Taqaddum Air Base", "Al Taqadum airbase"),
    ("Kobani Landing Zone", "Kobani LZ", "Kobani"),
    ("Lafarge cement factory", "Lafarge Cement Factory"),
])
def test_spellings_share_a_key(names):
    assert len({place_key(n) for n in names}) == 1


@pytest.mark.parametrize("a, b", [
    # Same real base, but only a "known as" or a user alias may join them: no fuzzy merging.
    ("Ain al-Asad Air Base", "Al Asad Airbase"),
    # Vowel variants of transliteration are not folded (it would merge e.g. Basra and Busra).
    ("Abu Ghraib", "Abu Ghuraib"),
    ("Rasul camp", "Rasulba base"),
    ("Qayyarah Airfield West", "Q-West"),
])
def test_spellings_kept_apart_without_an_alias(a, b):
    assert place_key(a) != place_key(b)


def test_known_as_joins_q_west():
    snap = parse_text("# B\n\n1. Coalition forces handed over Qayyarah Airfield West "
                      "(known as Q-West) on 26 March 2020.\n", "markdown")
    assert snap.events[0].aliases == ("Q-West",)


def test_numbered_items_past_999_stay_separate():
    from tracker.read.reader import read_document

    lines = [f"{n}. Troops left Camp N{n} on 1 May 2020." for n in range(997, 1003)]
    text = "Brief\n\n" + "\n".join(lines) + "\n\n2020. A line that starts with a year.\n"
    blocks = read_document(text.encode(), "b.txt").blocks
    items = [b for b in blocks if b.kind == "item"]
    assert [b.marker for b in items] == [f"{n}." for n in range(997, 1003)]
    assert all(b.kind != "item" or "year" not in b.text for b in blocks)
