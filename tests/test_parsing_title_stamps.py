"""The edition's date stamped on its title (issue 21): opening it before a separator, or in
brackets closing a title that tells no action. A bracketed day after an action dates the
action, so the text still states no date of its own. Invented names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

BODY = "\n\nThe mission handed over Camp Tarvo to the national army on Monday.\n"


@pytest.mark.parametrize("title", [
    "Situation Report #7 (14 May 2031)",
    "14.05.2031 - Mission closes Camp Tarvo",
    "14 May 2031 | Mission closes Camp Tarvo",
])
def test_a_title_stamped_with_its_day(title: str) -> None:
    assert parse_text(title + BODY).as_of == "2031-05-14"


def test_a_bracketed_day_after_an_action_is_the_actions() -> None:
    snap = parse_text("Camp Tarvo handed over (12 May 2031)" + BODY)
    assert snap.as_of is None
    assert any("no as-of date" in w for w in snap.warnings)
