"""Numbered paragraphs of prose (press statements number theirs), the bracket after a site and
the short name prose gives a site a table lists in full. The documents are short and written
for these tests; the places are invented."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def _read(text: str, as_of: str | None = "2031-04-18") -> dict[str, tuple]:
    snap = parse_text(text, as_of=as_of)
    return {e.name: (e.action, e.status, e.date) for e in snap.events}


def test_a_numbered_paragraph_that_lists_sites_tells_every_one_of_them() -> None:
    for lead in ("The sites handed over on that day were: ", "The sites handed over that day were ",
                 "The establishments returned were "):
        found = _read("PRESS STATEMENT\n\n1. The run-down is proceeding to plan.\n\n"
                      "2. On 3 April 2031 the joint commission accepted the last installations. "
                      f"{lead}Kilo depot, Townsville, Amber airfield and the Brelford housing area.\n\n"
                      "3. The Ministry thanks the inhabitants.\n")
        assert {"Kilo depot", "Townsville", "Brelford housing area"} <= set(found), (lead, found)
        assert any(name.startswith("Amber") for name in found), (lead, found)


def test_a_numbered_paragraph_telling_one_site_reads_as_before() -> None:
    # its second sentence means the same base by the province it stands in: no second site
    found = _read("Update\n\n1. Coalition forces handed over Camp Kilo to the army on 4 April 2031. "
                  "Five hundred soldiers are withdrawing from the Oster base, which they held since 2025.\n")
    assert set(found) == {"Camp Kilo"}, found


def test_a_bracket_after_a_site_locates_it_and_names_no_second_site() -> None:
    for bracket in ("(Townsville, Northern Province)", "(Lakeside Region, 3rd Brigade)", "(Townsville)"):
        found = _read(f"Update\n\nCamp Kilo {bracket} was handed over to the army on 3 April.\n")
        assert set(found) == {"Camp Kilo"}, (bracket, found)
    found = _read("Update\n\nThe army handed over its remaining camps (Tessalit and Kidal) on 3 April.\n")
    assert {"Tessalit", "Kidal"} <= set(found), found


def test_prose_naming_a_listed_office_by_its_town_is_that_office() -> None:
    found = _read("Closure bulletin\n\nOn 2 April the liaison office in Townsville was vacated.\n\n"
                  "| Site | Status | Date |\n|---|---|---|\n"
                  "| Townsville Liaison Office | Vacated | 2 April 2031 |\n"
                  "| Team Base Kilo | Closed | 1 April 2031 |\n", as_of="2031-04-18")
    assert "Townsville office" not in found and "Townsville Liaison Office" in found, found


def test_a_site_named_by_its_town_keeps_the_words_that_say_what_kind_it_is() -> None:
    found = _read("Update\n\nThe married quarters at Kilo and the weapons storage area at Amber were "
                  "handed over on 2 April. The naval fuel depot at Oster followed on 3 April.\n")
    assert {"Kilo married quarters", "Amber weapons storage area", "Oster fuel depot"} <= set(found), found
    # a verb before the base word is no kind of site
    found = _read("Update\n\nThe army handed over bases in Kilo and Amber on 2 April.\n")
    assert set(found) == {"Kilo base", "Amber base"}, found


def test_a_listed_site_prose_names_by_its_town_and_kind_is_that_item() -> None:
    found = _read("Update\n\nThe army handed over the company operating base at Kilo on 2 April.\n\n"
                  "- Kilo: handed over on 2 April 2031\n- Camp Amber: handed over on 1 April 2031\n")
    assert len([n for n in found if "Kilo" in n]) == 1, found


def test_an_aligned_table_whose_header_names_a_quarter_column_is_read() -> None:
    text = ("Garrison fact sheet\n\nReturn of the properties\n\n"
            "  Property                     Quarter returned\n"
            "  ---------------------------  ----------------\n"
            "  Kilo radar site              Q2 2031\n"
            "  Amber training area          Q3 2031\n"
            "  Oster range                  to be returned in Q4 2031\n")
    found = _read(text, as_of="2031-08-01")
    assert {"Kilo radar site", "Amber training area", "Oster range"} <= set(found), found
    assert "Property Quarter" not in found


def test_a_copula_list_after_properties_may_mix_names_numbers_and_unnamed_sites() -> None:
    found = _read("Garrison news\n\nThe other properties returned in March are Areas 3 and 13, the Kilo "
                  "training area, the hospital, Amber and the fuel depot.\n")
    assert {"Area 3", "Area 13", "Kilo training area", "Amber"} <= set(found), found
    assert not any(n.lower().startswith(("hospital", "fuel", "propert")) for n in found), found
