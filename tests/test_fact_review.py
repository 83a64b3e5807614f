"""Findings of the review of issue 22 (fact corrections), one test each, on both engines where
the store is involved: reparse names the corrections a new reading makes moot (2); a quote
copied from tracker's output matches the stored text, footnote markers and all, and must be
long enough to anchor (3, 13); where a correction holds, edition by edition (4); `tracker edit`
with a deleted field line or an emptied form (10); the errors that misled (12); loose checks
(13); corrections of a retracted edition (14)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from clihelpers import error_line, run
from tracker.app import facts, views
from tracker.app.corrections import retract
from tracker.app.editing import open_form, save_form
from tracker.app.ingest import ingest
from tracker.app.reparse import reparse
from tracker.audit import verify
from tracker.cli.corrections import correction_lines
from tracker.errors import InputError
from tracker.present.text import terminal_safe

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"
BRIEF = "iraq"
FIRST = (DATA / "2020-04-04.txt").read_text()
WITHOUT_TAJI = (DATA / "2020-04-11.txt").read_text().replace("April 11", "April 18").replace(
    "On 2 April 2020 coalition troops also handed over Camp Taji, officials said.\n", "")


def put(store, name: str, text: str | None = None):  # noqa: ANN001, ANN201
    data = text.encode() if text is not None else (DATA / name).read_bytes()
    return ingest(store, data, source=name, brief=BRIEF, filename=name)


def row(store, cid: int) -> dict:  # noqa: ANN001
    return next(r for r in facts.list_corrections(store, BRIEF) if r["id"] == cid)


def events(store, number: int) -> dict:  # noqa: ANN001
    return {e["key"]: e for e in views.show_document(store, BRIEF, str(number))["events"]}


def test_2_reparse_and_its_dry_run_name_the_corrections_made_moot(store, monkeypatch):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    put(store, "2020-04-11.txt")
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    from tracker.app import reparse as module

    real = module._parse_one  # a changed parser that no longer reads al-Qaim
    monkeypatch.setattr(module, "_parse_one", lambda item: dataclasses.replace(
        real(item), events=tuple(e for e in real(item).events if e.key != "qaim")))
    for dry in (True, False):
        doc = reparse(store, [BRIEF], dry_run=dry, parser_version="7")
        [change] = doc["corrections"]
        assert (change["id"], change["was"], change["outcome"], change["editions"]) == \
            (rejected["id"], "applied", "moot", [1, 2])
        text = correction_lines(doc)
        assert f"iraq #{rejected['id']} reject event qaim: applied -> moot at editions 1-2" in text
        assert ("would change" if dry else "changed") in text
    assert row(store, rejected["id"])["status"] == "moot"
    assert not reparse(store, [BRIEF], dry_run=True, parser_version="7").get("corrections")
    assert verify(store).ok


def test_3_a_quote_as_shown_matches_text_with_footnote_markers(store):  # noqa: ANN001
    text = FIRST.replace("the Sqoor position", "the Sqoor[2] position").replace(
        "al-Qaim base", "al-Qaim[1] base") + "\n[1] A border post.\n[2] Near Mosul.\n"
    put(store, "2020-04-04.txt", text)
    added = facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                    status="completed", quote="the last soldiers are  gone from the Sqoor position",
                                    reason="missed", by="ana")
    assert added["status"] == "in force" and "sqor" in events(store, 1)
    with pytest.raises(InputError, match="does not occur in edition 1"):  # the anchor stays honest
        facts.record_correction(store, BRIEF, "1", "add", place="Camp X", action="withdrawal", status="completed",
                                quote="the last soldiers are gone from Camp X", reason="x")
    with pytest.raises(InputError, match=r"too short to anchor the event: .*at least 12 characters"):
        facts.record_correction(store, BRIEF, "1", "add", place="Camp Y", action="withdrawal", status="completed",
                                quote="a", reason="x")
    assert verify(store).ok


def test_4_where_a_correction_holds_edition_by_edition(store):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    put(store, "2020-04-11.txt")
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="taji", reason="officials said", by="ana")
    assert row(store, rejected["id"])["detail"] == "in force from 1"
    put(store, "2020-04-18.txt", WITHOUT_TAJI)  # the parser no longer reads Taji: moot there
    got = row(store, rejected["id"])
    assert got["status"] == "in force" and got["detail"] == "in force at 1\u20132; moot from 3"
    assert [o["outcome"] for o in got["outcomes"]] == ["applied", "applied", "moot"]
    from tracker.app.export import table_rows

    [(_, cells)] = list(table_rows(store, BRIEF, "corrections"))
    assert dict(cells)["detail"] == "in force at 1\u20132; moot from 3" and dict(cells)["status"] == "in force"


def test_10_edit_deleted_field_line_and_emptied_form(store):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    opened = open_form(store, BRIEF, "1")
    no_date = opened.text.replace("  date: 2020-03-26\n", "", 1)
    assert no_date != opened.text
    done = save_form(store, opened, no_date, reason="the day is not certain", by="ana")
    [fixed] = done["corrections"]
    assert (fixed["key"], fixed["field"], fixed["after"]) == ("qayara", "date", None)
    assert events(store, 1)["qayara"]["date"] is None
    opened = open_form(store, BRIEF, "1")
    no_action = opened.text.replace("  action: withdrawal\n", "", 1)
    with pytest.raises(InputError, match=r"^line \d+: the 'action:' line of event \w+ was deleted; .*cannot be none"):
        save_form(store, opened, no_action, reason="x", by="ana")
    with pytest.raises(InputError, match="^empty form, nothing recorded$"):
        save_form(store, opened, "# all gone\n\n", reason="x", by="ana")


def test_10_cli_an_emptied_form_aborts(tmp_path):
    db = str(tmp_path / "t.db")
    run(db, "ingest", "-q", "--brief", BRIEF, str(DATA / "2020-04-04.txt"))
    script = tmp_path / "empty.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').close()\n")
    import os
    import sys

    os.environ["EDITOR"] = f"{sys.executable} {script}"
    try:
        done = run(db, "edit", "1", "--reason", "x", code=2)
    finally:
        del os.environ["EDITOR"]
    assert error_line(done) == "error: empty form, nothing recorded"


def test_12_errors_that_said_the_wrong_thing(store):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    undated = facts.record_correction(store, BRIEF, "1", "set", key="qaim", field="date", value="none", reason="x")
    with pytest.raises(InputError, match=rf"^correction {undated['id']} already sets event qaim date \(to none\) "
                                         rf".*revoke it first \(`tracker fact revoke {undated['id']}"):
        facts.record_correction(store, BRIEF, "1", "set", key="qaim", field="date", value="2020-03-18", reason="x")
    turned = facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="action", value="handover",
                                     reason="x")
    with pytest.raises(InputError, match=rf"shows qayara action = handover because of correction {turned['id']}; "
                                         rf"the parser reads withdrawal: .*`tracker fact revoke {turned['id']}"):
        facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="action", value="withdrawal",
                                reason="x")
    with pytest.raises(InputError, match="^name must not hold control characters"):
        facts.record_correction(store, BRIEF, "1", "set", key="k1", field="name", value="K-1\x1b[31m", reason="x")


def test_13_loose_checks_made_tight(store):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    nations = facts.record_correction(store, BRIEF, "1", "set", key="qaim", field="nations",
                                      value="France, ,France; france", reason="x")
    assert nations["after"] == ["France"]
    with pytest.raises(InputError, match=r"^--reason is 10000 characters long; keep it to 500"):
        facts.record_correction(store, BRIEF, "1", "reject", key="taji", reason="x" * 10_000)
    for bidi in ("\u202e", "\u2067"):
        with pytest.raises(InputError, match="^--place must not hold control characters or bidirectional"):
            facts.record_correction(store, BRIEF, "1", "add", place=f"Evil{bidi}esab", action="withdrawal",
                                    status="completed", quote="the last soldiers are gone from the Sqoor position",
                                    reason="x")
        with pytest.raises(InputError, match="^name must not hold control characters or bidirectional"):
            facts.record_correction(store, BRIEF, "1", "set", key="k1", field="name", value=f"K{bidi}1", reason="x")
    assert terminal_safe("a\u202eb\u2066c\u2069") == "a\\u202eb\\u2066c\\u2069"


def test_14_corrections_of_a_retracted_edition_are_not_in_force(store):  # noqa: ANN001
    put(store, "2020-04-04.txt")
    put(store, "2020-04-11.txt")
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="taji", reason="officials said", by="ana")
    assert "taji" not in events(store, 2)
    retract(store, BRIEF, "1", "sent by mistake")
    got = row(store, rejected["id"])
    assert (got["status"], got["retracted"], got["outcomes"]) == ("not in force", 1, [])
    assert got["detail"] == "not in force (edition 1 retracted)"
    assert "taji" in events(store, 2) and events(store, 2)["taji"]["reading"] == "parser"
    assert not [i.number for i in store.editions(BRIEF) if store.reading(BRIEF, i.number).snapshot.fact_corrections]
    assert verify(store).ok
