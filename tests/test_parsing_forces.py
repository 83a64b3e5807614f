"""An acting force is never a site (issue 26): told by its role in the text ("Operation
Kestrel", "Kestrel troops", "Kestrel hands over ...", "Kestrel's camps"), or listed in the
vocabulary file of force names (`tracker/vocabulary/forces.txt`) that users extend. Invented
names throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.parse import site_names
from tracker.parse.forces import forces_among
from tracker.parse.parser import parse_text
from tracker.vocabulary import forces

AS_OF = "2031-04-18"


def names(text: str) -> set[str]:
    return {e.name for e in parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF).events}


@pytest.mark.parametrize("sentence", [
    "The general who commands Operation Kestrel spoke at the ceremony.",
    "Kestrel troops lowered their flag for the last time.",
    "The Kestrel mission said the handover went well.",
    "Kestrel hands over Dorran field camp to the national army.",
    "Dorran is the second site that Kestrel has given up this year.",
    "Kestrel's large field camps will all close by the summer.",
    "Kestrel's field camp in Dorran was the first to go.",
])
def test_a_name_in_a_force_role_is_a_force(sentence: str) -> None:
    assert forces_among([sentence], ["Kestrel", "Dorran"]) == {"Kestrel"}


@pytest.mark.parametrize("sentence", [
    "El Brava troops left the town on Monday.",  # the troops at El Brava: a place's last word
    "The camp at Dorran was handed over.",
    "Dorran was handed over to the army.",
    "The army left Tessalit. Dorran was handed over next.",
])
def test_a_place_is_no_force(sentence: str) -> None:
    assert forces_among([sentence], ["Brava", "Dorran", "Tessalit"]) == frozenset()


def test_the_camp_named_after_the_force_is_no_site() -> None:
    text = ("Soldiers lowered the flag over the Kestrel camp at Dorran on Tuesday, when the "
            "officers handed the base to the national army.\n\n"
            "The commander of Operation Kestrel gave the new camp commander a key.")
    assert "Kestrel camp" not in names(text)
    assert "Kestrel camp" in names(text.split("\n\n")[0])  # no role told: read as written


def test_listed_force_names_come_from_the_vocabulary_file() -> None:
    shipped = forces.read_names(forces.FORCES_FILE.read_text(encoding="utf-8"))
    assert {"barkhane", "wagner", "takuba", "bundeswehr"} <= shipped
    assert shipped <= forces.FORCE_NAMES
    assert forces.FORCE_NAMES <= site_names.NOT_NAMES
    assert not site_names.is_place_name("Barkhane")
    assert not site_names.is_place_name("Bundeswehr camp", facility=True)


def test_a_users_file_extends_the_names(tmp_path: Path) -> None:
    extra = tmp_path / "more-forces.txt"
    extra.write_text("# our own\nGriffon\n\n  Sable  \n", encoding="utf-8")
    loaded = forces.load_force_names(str(extra))
    assert {"griffon", "sable"} <= loaded and "# our own" not in loaded
    assert forces.load_force_names(str(tmp_path / "missing.txt")) == forces.load_force_names("")
    assert forces.extra_file_problem(str(extra)) is None and forces.extra_file_problem("") is None


def test_an_unreadable_users_file_is_one_warning_line_where_editions_are_parsed(tmp_path: Path) -> None:
    from clihelpers import invoke

    sample = str(Path(__file__).parent.parent / "snapshots/iraq-coalition-withdrawal/2020-04-04.txt")
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"Op\xe9ration Sable\n")
    cases = {str(tmp_path / "missing.txt"): "no such file", str(tmp_path): "a folder, not a file",
             str(bad): "not UTF-8 text"}
    for path, problem in cases.items():
        result = invoke("parse", sample, env={"TRACKER_FORCE_NAMES": path})
        assert result.stderr.splitlines() == [
            f"warning: TRACKER_FORCE_NAMES={path}: {problem}; its force names are not used"]
        assert "al-Qaim base" in result.stdout  # parsed all the same
    missing = {"TRACKER_FORCE_NAMES": str(tmp_path / "missing.txt")}
    assert "no such file" in invoke("diff", "--no-index", sample, sample, env=missing).stderr
    assert invoke("parse", "--help", env=missing).stderr == ""  # help parses nothing
    assert invoke("--db", str(tmp_path / "none.db"), "init", env=missing).stderr == ""  # no parse
    readable = tmp_path / "forces.txt"
    readable.write_text("Sable\n", encoding="utf-8")
    assert invoke("parse", sample, env={"TRACKER_FORCE_NAMES": str(readable)}).stderr == ""


def test_no_force_name_sits_in_parser_code() -> None:
    parse_dir = Path(site_names.__file__).parent
    for path in parse_dir.glob("*.py"):
        code = path.read_text(encoding="utf-8").lower()
        for name in ("wagner", "barkhane", "takuba", "bundeswehr"):
            assert f'"{name}"' not in code, f"{path.name} lists {name!r}: it belongs in forces.txt"
