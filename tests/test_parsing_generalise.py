"""Mechanisms that carry over to unseen text (issue 21, after the second blind round): short
documents written for these tests."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def _events(text: str, name: str = "note.md") -> list[tuple]:
    snap = parse_text(text, name)
    return [(e.name, e.date, e.date_precision, e.action, e.status) for e in snap.events]


def test_a_table_whose_date_column_header_says_what_happened():
    """No column is called "date" or "place": the property column is the place, the column of
    dates is found by its cells, and its header ("Given back to Ruritania") is the action."""
    text = ("# Former garrison properties\n\n"
            "| Property | Former use | Given back to Ruritania |\n|---|---|---|\n"
            "| Fort Amberly | artillery school on the north shore | 4 May 2001 |\n"
            "| Pelham Depot | fuel storage | August 2002 |\n"
            "| Stone Hill Range | firing range, closed in 1990 | 12 June 2003 |\n")
    got = _events(text)
    assert [g[0] for g in got] == ["Fort Amberly", "Pelham Depot", "Stone Hill Range"]
    assert got[0][1:] == ("2001-05-04", None, "handover", "completed")


def test_a_site_reverting_to_a_country_is_handed_over():
    text = "Fort Amberly reverted to Ruritania on 4 May 2001, the army said.\n"
    assert _events(text, "wire-2001-05-05.txt")[0][3:] == ("handover", "completed")
