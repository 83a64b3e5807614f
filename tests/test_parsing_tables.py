"""Status tables of serial updates, whatever their wording (invented places): each row of a
re-issued table is an event of the edition. The column naming the site is found by its cells
(site names: "Camp Kilo", "Post Amber") and its header, a site's header ("Installation")
before one that only locates it ("Location"); the date column by its cells (dates, quarters,
"TBD") whatever its header says ("Completed", "As of"); the status column by its cells
("Handed over", "Pending", "In progress"). Empty cells ("-", "n/a") add nothing to a row."""

from __future__ import annotations

from tracker.parse.parser import parse_text
from tracker.read.reader import read_text

AS_OF = "2009-06-14"

ROWS = [("Townsville", "Camp Kilo", "Handed over", "12 Mar 2009"),
        ("Ridgeway", "Post Amber", "Vacated", "Mar 2009"),
        ("Townsville", "Townsville office", "Pending", "Q3"),
        ("Lakeside", "Hilltop Station", "In progress", "TBD"),
        ("Lakeside", "Camp Juliet", "Scheduled Q3", "-")]
HEADER = ("Location", "Installation", "Progress", "Completed")


def _markdown() -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in ROWS]
    return "# Consolidation bulletin No. 7\n\nIssued: 14 June 2009\n\n" + "\n".join(lines) + "\n"


def _html() -> str:
    head = "".join(f"<th>{h}</th>" for h in ("No.", "Name", "Current state", "As of"))
    body = "".join(f"<tr><td>{i}</td><td>{r[1]}</td><td>{r[2]}</td><td>{r[3]}</td></tr>"
                   for i, r in enumerate(ROWS, 1))
    return (f"<html><body><h1>Consolidation bulletin No. 7</h1><p>Issued: 14 June 2009</p>"
            f"<table><tr>{head}</tr>{body}</table></body></html>")


def _events(text: str, fmt: str, as_of: str | None = AS_OF) -> dict[str, tuple[str | None, str | None, str | None]]:
    snap = parse_text(text, fmt, as_of=as_of)
    return {e.name: (e.date, e.action, e.status) for e in snap.events}


def test_the_site_column_is_found_by_its_cells_not_the_locating_column() -> None:
    items = [b.text for b in read_text(_markdown(), "markdown").blocks if b.kind == "item"]
    assert items[0] == "Camp Kilo - 12 Mar 2009 - Handed over. Location: Townsville"
    assert items[4] == "Camp Juliet - Scheduled Q3. Location: Lakeside"  # "-" adds nothing


def test_rows_of_a_markdown_table_are_events() -> None:
    found = _events(_markdown(), "markdown")
    assert set(found) == {r[1] for r in ROWS}
    assert found["Camp Kilo"] == ("2009-03-12", "handover", "completed")
    assert found["Post Amber"][1:] == ("withdrawal", "completed")
    assert found["Townsville office"][2] == found["Camp Juliet"][2] == "planned"
    assert found["Hilltop Station"][2] == "started"


def test_rows_of_an_html_table_with_other_headers_are_events() -> None:
    items = [b.text for b in read_text(_html(), "html").blocks if b.kind == "item"]
    assert items[0].startswith("Camp Kilo - 12 Mar 2009 - Handed over")
    found = _events(_html(), "html")
    assert len(found) == 5
    statuses = sorted(v[2] for v in found.values())
    assert statuses == ["completed", "completed", "planned", "planned", "started"]


def test_a_column_of_statuses_is_the_action_column_whatever_its_header() -> None:
    text = ("| Post | Remarks | Day |\n|---|---|---|\n| Post Amber | Closed | 3 Apr 2009 |\n"
            "| Post Coral | Pending | Q3 |\n")
    items = [b.text for b in read_text(text, "markdown").blocks if b.kind == "item"]
    assert items == ["Post Amber - 3 Apr 2009 - Closed", "Post Coral - Q3 - Pending"]


ALIGNED = """BULLETIN No. 8
Issued: 28 June 2009

STATUS OF POSITIONS
Position            Sector     Status           Date
------------------  ---------  ---------------  -----------
Camp Kilo           North      Handed over      12 Mar 2009
Post Amber          North      Vacated          Mar 2009
Townsville office   East       Pending          Q3
Hilltop Station     East       In progress      TBD

Date of issue:   30 April 2009
Distribution:    Country team
Contact:         Press office
"""


def test_a_text_table_in_aligned_columns_gives_one_item_a_row() -> None:
    blocks = read_text(ALIGNED, "text").blocks
    assert [b.text for b in blocks if b.kind == "heading"][-1] == "STATUS OF POSITIONS"
    items = [b.text for b in blocks if b.kind == "item"]
    assert items == ["Camp Kilo - 12 Mar 2009 - Handed over. Sector: North",
                     "Post Amber - Mar 2009 - Vacated. Sector: North",
                     "Townsville office - Q3 - Pending. Sector: East",
                     "Hilltop Station - TBD - In progress. Sector: East"]
    found = _events(ALIGNED, "text")
    assert found["Camp Kilo"] == ("2009-03-12", "handover", "completed")
    assert found["Hilltop Station"][2] == "started"


def test_labels_and_values_in_aligned_columns_are_no_table() -> None:
    paragraphs = [b.text for b in read_text(ALIGNED, "text").blocks if b.kind == "paragraph"]
    assert paragraphs[-1].startswith("Date of issue: 30 April 2009")


def test_prose_with_double_spaces_is_no_table() -> None:
    prose = ("The mission left Camp Kilo.  It then closed Post Amber.\n"
             "Troops moved to Townsville.  The office stays open.\n"
             "Hilltop Station was vacated.  Nothing else changed.\n")
    assert not [b for b in read_text(prose, "text").blocks if b.kind == "item"]


LETTERED = """STATUS REPORT NO. 3

Date of issue: 30 April 2009

3. Schedule for the remaining sites:
   a. Camp Kilo: handover on 21 May 2009.
   b. Post Amber: handover on 12 June 2009, after the last convoy has left.
   c. Hilltop Station: closure by 20 July 2009.

4. Done: Camp Juliet, closed on 2 April 2009.

(c) Townsville Wire Agency
"""


def test_lettered_sub_items_are_items_of_their_own() -> None:
    items = [(b.marker, b.text) for b in read_text(LETTERED, "text").blocks if b.kind == "item"]
    assert items[:4] == [("3.", "Schedule for the remaining sites:"),
                         ("a.", "Camp Kilo: handover on 21 May 2009."),
                         ("b.", "Post Amber: handover on 12 June 2009, after the last convoy has left."),
                         ("c.", "Hilltop Station: closure by 20 July 2009.")]
    assert not any(t.startswith("Townsville Wire") for _, t in items)  # "(c)" opens no list
    found = _events(LETTERED, "text", as_of=None)  # the edition's own date: 30 April
    assert found["Camp Kilo"] == ("2009-05-21", "handover", "planned")
    assert found["Hilltop Station"][1:] == ("closure", "planned")
    assert found["Camp Juliet"] == ("2009-04-02", "closure", "completed")


def test_a_tenseless_action_takes_the_year_nearest_the_edition() -> None:
    def dated(edition: str, line: str) -> tuple[str | None, str | None]:
        text = f"STATUS REPORT\n\nDate of issue: {edition}\n\n- {line}\n- Post Amber: closed on 2 January.\n"
        event = next(e for e in parse_text(text, "text").events if e.name == "Camp Kilo")
        return event.date, event.status

    assert dated("30 April 2009", "Camp Kilo: handover in late May.") == ("2009-05-21", "planned")
    assert dated("10 January 2010", "Camp Kilo: handover on 20 December.") == ("2009-12-20", "completed")


TITLED_HTML = """<html><body><h1>Bulletin No. 9</h1><p>Issued: 14 June 2009</p>
<table><thead><tr><td colspan="3">Sector North</td></tr>
<tr><td><b>Team site</b></td><td><b>Status</b></td><td><b>Date</b></td></tr></thead>
<tbody><tr><th>Camp Kilo</th><td>Closed</td><td>12 Mar 2009</td></tr>
<tr><td colspan="3">Sector East</td></tr>
<tr><th>Hilltop Station</th><td>Pending</td><td>TBD</td></tr></tbody></table>
<table><tr><td>Camp Lima</td><td>Vacated</td><td>4 May 2009</td></tr>
<tr><td>Post Coral</td><td>Handed over</td><td>5 May 2009</td></tr></table>
</body></html>"""


def test_title_rows_are_skipped_and_a_table_without_header_keeps_its_first_row() -> None:
    items = [b.text for b in read_text(TITLED_HTML, "html").blocks if b.kind == "item"]
    assert items == ["Camp Kilo - 12 Mar 2009 - Closed", "Hilltop Station - TBD - Pending",
                     "Camp Lima - 4 May 2009 - Vacated", "Post Coral - 5 May 2009 - Handed over"]


SITE_HEADINGS = """# Consolidation update No. 4

Issued: 14 June 2009

## Camp Kilo

Handed over to the national army on 12 March 2009. The last convoy left the day before.

## Post Amber

Vacated on 20 May 2009; handover to the district authorities is pending.

## Background

Closed talks were held in Townsville.
"""


def test_a_status_line_under_a_site_heading_is_that_site_s() -> None:
    found = _events(SITE_HEADINGS, "markdown", as_of=None)
    assert found["Camp Kilo"] == ("2009-03-12", "handover", "completed")
    assert found["Post Amber"][:2] == ("2009-05-20", "withdrawal")
    assert set(found) == {"Camp Kilo", "Post Amber"}
    text = SITE_HEADINGS.replace("## ", "").replace("# ", "")
    assert set(_events(text, "text", as_of=None)) == {"Camp Kilo", "Post Amber"}


def test_a_tab_separated_table_gives_one_item_a_row() -> None:
    text = ("BULLETIN No. 5\n\nIssued: 14 June 2009\n\nSite\tStatus\tDate\n"
            "Camp Kilo\tHanded over\t12 Mar 2009\nTownsville logistics office\tVacated\tMar 2009\n"
            "Post Amber\tPending\tQ3\n")
    items = [b.text for b in read_text(text, "text").blocks if b.kind == "item"]
    assert items == ["Camp Kilo - 12 Mar 2009 - Handed over",
                     "Townsville logistics office - Mar 2009 - Vacated", "Post Amber - Q3 - Pending"]


def test_status_cells_in_other_words() -> None:
    text = ("| Site | Status | Date |\n|---|---|---|\n| Camp Kilo | Relinquished | 3 May 2009 |\n"
            "| Post Amber | Not started | Q3 |\n| Camp Lima | Awaiting handover | TBC |\n"
            "| Hilltop Station | Partially vacated | 2 June 2009 |\n")
    found = _events(text, "markdown")
    assert found["Camp Kilo"][::2] == ("2009-05-03", "completed")
    assert found["Post Amber"][2] == found["Camp Lima"][2] == "planned"
    assert found["Hilltop Station"][2] == "started"


def test_of_two_date_columns_the_one_that_tells_the_departure_dates_the_row() -> None:
    text = ("| FOB | Withdrawal agreed | Last troops out |\n|---|---|---|\n"
            "| FOB Kilo | 10 March 2008 | 16 June 2009 |\n| FOB Lima | 26 February 2008 | 21 June 2009 |\n")
    items = [b.text for b in read_text(text, "markdown").blocks if b.kind == "item"]
    assert items[0] == "FOB Kilo - 16 June 2009 - Last troops out. Withdrawal agreed: 10 March 2008"
    assert _events(text, "markdown")["FOB Kilo"][0] == "2009-06-16"
    text = text.replace("Last troops out", "Last convoy")  # neither told: the last, as done
    items = [b.text for b in read_text(text, "markdown").blocks if b.kind == "item"]
    assert items[0].startswith("FOB Kilo - 16 June 2009")


def test_a_site_named_by_its_number_under_a_header_naming_its_kind() -> None:
    text = ("| Position | Status | Date |\n|---|---|---|\n| 60 | Vacated | 29 Aug 2014 |\n"
            "| 68 | Vacated | 31 Aug 2014 |\n| 80 | Manned | - |\n")
    found = _events(text, "markdown", as_of="2014-09-19")
    assert found == {"Position 60": ("2014-08-29", "withdrawal", "completed"),
                     "Position 68": ("2014-08-31", "withdrawal", "completed")}
    text = "| Households | Displaced |\n|---|---|\n| 1,450 | 3 May 2014 |\n| 600 | 4 May 2014 |\n"
    assert not [b for b in read_text(text, "markdown").blocks if b.kind == "item"]  # figures


RECORD_LINES = """UPDATE No. 6

Issued: 14 June 2009
Distribution: Country team

Sites returned this period:
Camp Kilo .............. handed over 12 March 2009
Post Amber ............. vacated 20 May 2009

Status of the remaining sites
Hilltop Station: closure scheduled for the third quarter
Townsville office: pending
"""


def test_dot_leaders_and_status_lines_are_one_record_a_line() -> None:
    paragraphs = [b.text for b in read_text(RECORD_LINES, "text").blocks if b.kind == "paragraph"]
    assert "Camp Kilo - handed over 12 March 2009" in paragraphs
    assert "Post Amber - vacated 20 May 2009" in paragraphs
    assert paragraphs[-2:] == ["Hilltop Station: closure scheduled for the third quarter",
                               "Townsville office: pending"]
    assert paragraphs[0] == "Issued: 14 June 2009 Distribution: Country team"  # labels stay
    found = _events(RECORD_LINES, "text", as_of=None)
    assert found["Camp Kilo"] == ("2009-03-12", "handover", "completed")
    assert found["Post Amber"][:2] == ("2009-05-20", "withdrawal")


UNDER_HEADINGS = """# Update No. 7

Issued: 14 June 2009

## Sites handed over to the national army

| Site | Date |
|---|---|
| Camp Kilo | 12 March 2009 |
| Post Amber | 20 May 2009 |
| Camp Lima | |
"""


def test_a_dated_row_whose_columns_tell_no_action_takes_its_heading_s() -> None:
    found = _events(UNDER_HEADINGS, "markdown", as_of=None)
    assert found["Camp Kilo"] == ("2009-03-12", "handover", "completed")
    assert found["Post Amber"] == ("2009-05-20", "handover", "completed")
    assert found["Camp Lima"][0] is None  # listed under the heading, with no day of its own
