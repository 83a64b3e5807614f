"""Text, coloured text and Markdown renderings of diffs and snapshots."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tracker.diff import compare, diff_document
from tracker.model import Count, Event, Section, Snapshot
from tracker.present.text import (
    diff_markdown,
    diff_text,
    md_escape,
    snapshot_text,
    word_diff,
    written_date,
)

QAIM = Event(key="al-qaim", name="al-Qaim base", date="2020-03-17", action="withdrawal",
             status="completed", personnel=500, nations=("Italy", "Canada"))
TAJI = Event(key="taji", name="Taji base", date="2020-04-10", action="withdrawal", status="started")
SQOOR = Event(key="al-sqoor", name="Al-Sqoor base", date="2020-03-30", action="withdrawal",
              status="completed")
UNDATED = Event(key="k-1", name="K-1 airbase", action="withdrawal")
BASES = Count(key="bases-transferred", subject="bases", value=5, as_of="2020-04-04")
WHERE = Section("where", "Where will these troops go",
                "US officials have stated that some of the troops had been redeployed to Syria.")
FROM = {"edition": 2, "as_of": "2020-04-11", "sha256": "a" * 64}
TO = {"edition": 3, "as_of": "2020-04-18", "sha256": "b" * 64}


def _doc() -> dict:
    before = Snapshot(events=(QAIM, TAJI, SQOOR), counts=(BASES,), sections=(WHERE,))
    after = Snapshot(
        events=(replace(QAIM, date="2020-03-18"), replace(TAJI, status="completed"),
                Event("abu-ghraib", "Abu Ghraib base", date="2020-04-06", action="withdrawal",
                      status="completed")),
        counts=(replace(BASES, value=6),),
        sections=(replace(WHERE, text="US officials have stated that most of the troops had been "
                                       "redeployed to Kuwait."),))
    return diff_document("iraq", FROM, TO, compare(before, after))


def test_diff_text_groups_and_lines():
    text = diff_text(_doc(), color=False)
    lines = text.splitlines()
    assert lines[0] == "iraq: edition 2 (11 April 2020) -> edition 3 (18 April 2020)"
    for heading in ("New events", "Revised figures", "Revised by the source", "Removed", "Rewritten paragraphs"):
        assert heading in lines
    order = [lines.index(h) for h in ("New events", "Revised figures", "Revised by the source", "Removed",
                                      "Rewritten paragraphs")]
    assert order == sorted(order)
    assert "  + 6 April 2020      Abu Ghraib base \u2014 withdrawal, completed" in lines
    assert "  ~ bases transferred: 5 -> 6" in lines
    assert "  ~ Taji base: status started -> completed" in lines
    assert "  ~ al-Qaim base: date 17 March 2020 -> 18 March 2020" in lines
    assert "  - 30 March 2020     Al-Sqoor base \u2014 withdrawal, completed  (retracted)" in lines
    assert "  ~ Where will these troops go:" in lines
    assert ("      US officials have stated that [-some-] {+most+} of the troops had been "
            "redeployed to [-Syria.-] {+Kuwait.+}") in lines
    assert lines[-1] == ("Summary: +1 event, 1 count revised, 1 date corrected, 1 status updated, "
                         "1 event retracted, 1 paragraph rewritten")


def test_no_ansi_codes_without_colour_and_colour_with_it():
    assert "\x1b" not in diff_text(_doc(), color=False)
    coloured = diff_text(_doc(), color=True)
    assert "\x1b[31msome\x1b[0m" in coloured and "\x1b[32mmost\x1b[0m" in coloured
    assert "[-" not in coloured


def test_no_changes():
    doc = diff_document("iraq", FROM, TO, [])
    assert diff_text(doc, color=False).splitlines()[-1] == "No changes."
    assert "\x1b" not in diff_text(doc, color=False)
    assert "No changes." in diff_markdown(doc)


def test_diff_markdown():
    md = diff_markdown(_doc())
    assert md.startswith("## iraq: edition 2 (11 April 2020) \u2192 edition 3 (18 April 2020)\n")
    assert "**Summary:** +1 event, 1 count revised" in md
    assert "### New events" in md and "### Revised by the source" in md
    assert "- **6 April 2020**: Abu Ghraib base \u2014 withdrawal, completed" in md
    assert "| bases transferred | value | 5 | 6 |" in md
    assert "| Taji base | status | started | completed |" in md
    assert "- ~~30 March 2020 Al-Sqoor base \u2014 withdrawal, completed~~ (retracted)" in md
    assert "~~some~~ **most**" in md
    assert "\x1b" not in md


def test_markdown_escapes_values():
    before = Snapshot(events=(Event("x", "Base | *X*", status="a_b"),))
    after = Snapshot(events=(Event("x", "Base | *X*", status="c|d"),))
    md = diff_markdown(diff_document("b", {}, {}, compare(before, after)))
    assert "| Base \\| \\*X\\* | status | a\\_b | c\\|d |" in md
    assert md_escape("a|b*c") == "a\\|b\\*c"


def test_word_diff_elides_long_unchanged_runs():
    words = " ".join(f"w{i}" for i in range(40))
    diff = word_diff(words, words.replace("w20", "new"), mark_del=lambda w: f"[-{w}-]",
                     mark_ins=lambda w: f"{{+{w}+}}")
    assert diff == ("\u2026 w12 w13 w14 w15 w16 w17 w18 w19 [-w20-] {+new+} "
                    "w21 w22 w23 w24 w25 w26 w27 w28 \u2026")


def test_written_date():
    assert written_date("2020-03-17") == "17 March 2020"
    assert written_date("2020-03") == "March 2020"
    assert written_date(None) == "undated"
    assert written_date("late March") == "late March"


def test_snapshot_text():
    snapshot = Snapshot(title="TIC Brief", as_of="2020-04-11", events=(TAJI, UNDATED, QAIM),
                        counts=(replace(BASES, value=6, as_of="2020-04-11"),),
                        sections=(WHERE,), warnings=("no date for K-1 airbase",))
    header = {"edition": 2, "as_of": "2020-04-11", "sha256": "c" * 64,
              "ingested_at": "2020-04-12T08:00:00+00:00"}
    lines = snapshot_text(snapshot, header).splitlines()
    assert lines[:4] == ["Edition:   2", "As of:     11 April 2020", f"sha256:    {'c' * 64}",
                         "Ingested:  2020-04-12T08:00:00+00:00"]
    assert "TIC Brief" in lines and "As of 11 April 2020" in lines
    events = lines[lines.index("Events (3)") + 1:lines.index("Events (3)") + 4]
    assert events == [
        "  17 March 2020     al-Qaim base \u2014 withdrawal, completed (500 personnel; Italy, Canada)",
        "  10 April 2020     Taji base \u2014 withdrawal, started",
        "  undated           K-1 airbase \u2014 withdrawal",
    ]
    assert "  bases transferred: 6 (as of 11 April 2020)" in lines
    assert "  ! no date for K-1 airbase" in lines
    assert snapshot_text(snapshot).splitlines()[0] == "TIC Brief"


# -- sample editions through the real parser ------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "snapshots" / "iraq-coalition-withdrawal"


def _edition(name: str) -> Snapshot:
    from tracker.parse.parser import parse_bytes

    return parse_bytes((SAMPLES / name).read_bytes(), name)


def _sample_doc(a: str, b: str) -> dict:
    before, after = _edition(a), _edition(b)
    return diff_document("iraq-coalition-withdrawal", {"edition": 1, "as_of": before.as_of},
                         {"edition": 2, "as_of": after.as_of}, compare(before, after))


def test_sample_diff_text_new_base_and_revised_figure():
    lines = diff_text(_sample_doc("2020-04-04.txt", "2020-04-11.md"), color=False).splitlines()
    assert lines[0] == ("iraq-coalition-withdrawal: edition 1 (4 April 2020) -> "
                        "edition 2 (11 April 2020)")
    assert any(line.startswith("  + 6 April 2020      Abu Ghraib base \u2014 withdrawal, completed")
               for line in lines)
    assert "  ~ bases transferred: 5 -> 6 (as of 4 April 2020 -> 11 April 2020)" in lines
    assert any("[-five-] {+six+}" in line for line in lines)
    assert lines[-1] == "Summary: +1 event, 1 count revised, 2 paragraphs rewritten"


def test_sample_diff_text_respelling_and_retraction():
    doc = _sample_doc("2020-08-23.html", "2020-08-30.txt")
    lines = diff_text(doc, color=False).splitlines()
    assert "  ~ K1 Air Base: name K-1 airbase -> K1 Air Base" in lines
    retracted = [line for line in lines if "Al-Sqoor base" in line]
    assert len(retracted) == 1
    assert retracted[0].startswith("  - 30 March 2020     Al-Sqoor base") and retracted[0].endswith("(retracted)")
    assert "| K1 Air Base | name | K-1 airbase | K1 Air Base |" in diff_markdown(doc)


def test_sample_snapshot_text_orders_events_by_date():
    lines = snapshot_text(_edition("2020-08-30.txt")).splitlines()
    start = lines.index("Events (6)") + 1
    events = lines[start:start + 6]
    assert events[0].startswith("  17 March 2020     al-Qaim base \u2014 withdrawal, completed")
    assert events[-1].startswith("  23 August 2020    Camp Taji \u2014 handover, completed")
    assert "  bases transferred: 6 (as of 30 August 2020)" in lines


def test_a_new_status_and_the_date_moving_with_it_are_progress_not_corrections():
    """ "Withdrawal started 12 Oct" -> "handed over 19 Oct" is progress; a date that moves
    alone is still a correction."""
    before = Snapshot(events=(Event("t", "Camp T", date="2023-10-12", status="started"),
                              Event("a", "Camp A", date="2023-10-05", status="completed")))
    after = Snapshot(events=(Event("t", "Camp T", date="2023-10-19", status="completed"),
                             Event("a", "Camp A", date="2023-10-06", status="completed")))
    doc = diff_document("b", {}, {}, compare(before, after))
    text = diff_text(doc, color=False)
    progress = text.split("Progress\n", 1)[1].split("\n\n", 1)[0]
    corrections = text.split("Revised by the source\n", 1)[1].split("\n\n", 1)[0]
    assert "Camp T" in progress and "Camp T" not in corrections
    assert "Camp A" in corrections and "Camp A" not in progress
    assert "Summary: 1 date corrected, 1 status updated" in text
    assert "### Progress" in diff_markdown(doc)
