"""The held-out sets stay blind (rules in benchmarks/README.md): nothing the parser or its tests
carry may come from them.

- No place a held-out gold file names (nor a "Camp X" its documents name) appears in `tracker/`
  or `tests/` unless development data
  (benchmarks/corpus, benchmarks/holdout-blind-2 and -3, snapshots/, tests/data) names it too: a
  docstring quoting a held-out place, or a test sentence built on one, tells the parser's
  writers what the held-out set holds.
- No word of the nationality lists (`DEMONYMS`, the forms `nation_of` knows that are not country
  names) is found in `benchmarks/holdout/` alone: such a word was learned from it.

Failures name the word found in the code, never a held-out document.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pin_parser

from tracker.parse.nations import nation_of
from tracker.vocabulary.countries import COUNTRIES, DEMONYMS

ROOT = pin_parser.ROOT
CODE = ("tracker", "tests")
DEVELOPMENT = (*pin_parser.DEVELOPMENT.values(), ROOT / "tests" / "data")
TEXT = {".txt", ".md", ".html", ".htm", ".json", ".text", ".markdown"}
# Scanned as code, not development data: the pins (digests only) and this file.
NOT_CODE = {"parser_pins.json", Path(__file__).name}


def _texts(folders: tuple[Path, ...], suffixes: set[str]) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8", errors="replace") for folder in folders
                 for path in sorted(folder.rglob("*"))
                 if path.is_file() and path.suffix.lower() in suffixes and "__pycache__" not in path.parts
                 and path.name not in NOT_CODE)


@functools.cache
def development_text() -> str:
    return "\n".join(_texts(DEVELOPMENT, TEXT))


@functools.cache
def code_files() -> dict[str, str]:
    found = {}
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".txt", ".json", ".md"} \
                    and "__pycache__" not in path.parts and path.name not in NOT_CODE \
                    and not any(path.is_relative_to(folder) for folder in DEVELOPMENT):
                found[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return found


SITE_NAME = re.compile(r"\b(?:Camp|Fort|Base|Outpost|Airfield|Garrison) [A-Z][\w'-]+")


def held_out_places(folder: Path) -> set[str]:
    """Every name the gold files of a set give a place ("place" and "also"), and every site its
    documents name after a site word ("Camp X"), an event of the set or not."""
    names = set()
    for gold in folder.rglob("*.gold.json"):
        for event in json.loads(gold.read_text(encoding="utf-8")).get("events", ()):
            names |= {event["place"], *(event.get("also") or ())}
    for text in _texts((folder,), TEXT - {".json"}):
        names |= set(SITE_NAME.findall(text))
    return names


def _mentions(text: str, name: str, case: bool) -> bool:
    flags = 0 if case else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def leaked_places(held_out: Path, code: dict[str, str], development: str) -> list[str]:
    """'file: name' for each held-out place that code names as written (a proper noun) and
    development data names in no case ("Annex" is a common word there)."""
    everything = "\n".join(code.values())
    named = [name for name in sorted(held_out_places(held_out))
             if name in everything and _mentions(everything, name, case=True)
             and not _mentions(development, name, case=False)]
    return [f"{path}: {name}" for name in named for path, text in code.items()
            if _mentions(text, name, case=True)]




def learned_words(held_out_text: str, development: str) -> list[str]:
    """Nationality words found in the held-out text and nowhere in development data or tests."""
    words = {w for w in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b", held_out_text)
             if w.lower() in DEMONYMS or (nation_of(w) and w not in COUNTRIES)}
    return sorted(w for w in words if not _mentions(development, w, case=False))


def test_no_held_out_place_is_named_in_code_or_tests():
    leaked = [line for folder in pin_parser.HELD_OUT.values()
              for line in leaked_places(folder, code_files(), development_text())]
    assert leaked == [], "a place found only in a held-out set: replace it with a made-up name"


def test_no_nationality_word_is_learned_from_the_holdout():
    holdout = "\n".join(_texts((pin_parser.HELD_OUT["benchmarks/holdout"],), TEXT - {".json"}))
    tests_source = "\n".join(code_files()[p] for p in code_files() if p.startswith("tests/"))
    learned = learned_words(holdout, development_text() + "\n" + tests_source)
    assert learned == [], "a nationality word found only in benchmarks/holdout: remove it from the list"


def test_the_checks_catch_the_shapes_they_are_for(tmp_path):
    """What the review found: a docstring quoting a held-out place; a nationality word only the
    held-out set uses. A place development data also names is no leak."""
    held = tmp_path / "held" / "series"
    held.mkdir(parents=True)
    (held / "01.gold.json").write_text(json.dumps({"events": [
        {"place": "Qoryale", "also": ["Camp Qoryale"]}, {"place": "Kidal"}]}), encoding="utf-8")
    (held / "01.txt").write_text("Troops left Qoryale; an attack hit Camp Marwa in 2019.", encoding="utf-8")
    code = {"tracker/parse/x.py": '"""An item ("18 August 2013 - Qoryale") takes its heading."""',
            "tests/test_y.py": '("Camp Marwa was handed over.", [("marwa", None)])',
            "tests/test_z.py": '("Troops left Kidal.", [("kidal", None)])'}
    assert leaked_places(held.parent, code, "Kidal camp was closed.") == [
        "tests/test_y.py: Camp Marwa", "tracker/parse/x.py: Qoryale"]
    assert learned_words("About 200 Fijian troops left the camp.", "Italian troops left.") == ["Fijian"]
    assert learned_words("About 200 Fijian troops left.", "the Fijian contingent") == []


def test_the_scorer_gives_a_held_out_set_in_totals_only(tmp_path, capsys):
    """No per-document table, error list or per-document JSON for a held-out set, nor for a
    folder that holds one; the same options work on development data."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import extraction
    from held_out import held_out_in

    bench = ROOT / "benchmarks"
    assert held_out_in([bench / "corpus"]) == []
    assert held_out_in([bench]) == list(pin_parser.HELD_OUT)
    assert held_out_in([bench / "holdout" / "kfor-camps"]) == ["benchmarks/holdout"]
    for option in ("--errors", "--per-doc"):
        assert extraction.main([str(bench / "holdout"), option]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and "held out" in err
    figures = tmp_path / "figures.json"
    assert extraction.main([str(bench / "holdout"), "--json", str(figures)]) == 0
    assert list(json.loads(figures.read_text(encoding="utf-8"))) == ["overall"]
    out, _ = capsys.readouterr()
    assert "strict" in out and ".txt" not in out and ".html" not in out
