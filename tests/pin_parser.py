"""Pin what the parser reads in every stored sample and test-corpus document, per PARSER_VERSION.

A stored edition records the parser version that read it, and `tracker reparse` reads every
edition again when that version is not the current one. So the version must change whenever
the parser reads any known document differently. `tests/test_parser_version.py` parses every
document and compares the digest of its snapshot with the one pinned in
`tests/data/parser_pins.json`; a difference without a new version fails.

    python tests/pin_parser.py --bump "what reads differently"   # parser changed: new version
    python tests/pin_parser.py                                    # only new documents: re-pin

Development documents are pinned one a line, sorted, so two people pinning different documents
merge without a conflict. A held-out set (benchmarks/held_out.py; rules in benchmarks/README.md) is pinned as
ONE digest over all its documents, under the set's own name: a change says that the set reads
differently, never which document, and nothing here prints a held-out document's reading.
Two people who both bump from N to N+1 conflict on the `versions` line of N+1 (different
digests): take main's file and run `--bump` again, which makes N+2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python tests/pin_parser.py`
    sys.path.insert(0, str(ROOT))

from benchmarks.held_out import HELD_OUT  # noqa: E402  (one list for every tool)
PINS = ROOT / "tests" / "data" / "parser_pins.json"
MODEL = ROOT / "tracker" / "model.py"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".text", ".markdown"}
VERSION_LINE = re.compile(r'^PARSER_VERSION = "([^"]+)".*$', re.M)


# Development data: read, tuned on, pinned document by document.
DEVELOPMENT = {"snapshots": ROOT / "snapshots", "benchmarks/corpus": ROOT / "benchmarks" / "corpus",
               "benchmarks/holdout-blind-2": ROOT / "benchmarks" / "holdout-blind-2",
               "benchmarks/holdout-blind-3": ROOT / "benchmarks" / "holdout-blind-3",
               "benchmarks/holdout-blind-4": ROOT / "benchmarks" / "holdout-blind-4",
               "benchmarks/holdout-blind-5": ROOT / "benchmarks" / "holdout-blind-5",
               "tests/data/cumulative": ROOT / "tests" / "data" / "cumulative"}


def document_sets() -> dict[str, Path]:
    """Label -> folder of every development set (shared briefs only when present)."""
    sets = dict(DEVELOPMENT)
    shared = ROOT.parent / "shared" / "briefs"
    if shared.is_dir():
        sets["shared/briefs"] = shared
    return sets


def files_of(folder: Path) -> list[Path]:
    """The documents a parser reads in `folder` (no gold files, no READMEs), sorted."""
    return [path for path in sorted(folder.rglob("*"))
            if path.is_file() and path.suffix.lower() in SUFFIXES and path.name.lower() != "readme.md"]


def _required(label: str, folder: Path) -> Path:
    """A set the repository holds: missing is a broken checkout, never an empty set."""
    if not folder.is_dir() and label != "shared/briefs":
        raise FileNotFoundError(f"{folder} is missing: it is part of the repository")
    return folder


def documents() -> dict[str, Path]:
    """Label/relative path -> file, for every development document (never a held-out one)."""
    found = {}
    for label, folder in document_sets().items():
        for path in files_of(_required(label, folder)):
            found[f"{label}/{path.relative_to(folder).as_posix()}"] = path
    return found


def reading_digest(path: Path) -> str:
    """sha256 of what ingest would store for the file: its snapshot's canonical JSON (or the
    error it is refused with)."""
    from tracker.app.ingest import dated_snapshot
    from tracker.canonical import canonical_json
    from tracker.errors import TrackerError

    try:
        text = canonical_json(dated_snapshot(path.read_bytes(), path.name, None).to_dict())
    except TrackerError as exc:
        text = f"error: {exc}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_digest(digests: dict[str, str]) -> str:
    """One digest over a held-out set's per-document digests (relative path -> digest): any
    document read differently, added or removed changes it, and it tells none of them."""
    lines = "".join(f"{name} {digest}\n" for name, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def held_out_digests() -> dict[str, str]:
    """Set label -> its one digest, for every held-out set."""
    return {label: set_digest({path.relative_to(folder).as_posix(): reading_digest(path)
                               for path in files_of(_required(label, folder))})
            for label, folder in HELD_OUT.items()}


def current_digests() -> dict[str, str]:
    """Label -> digest: a development document each, a held-out set each."""
    from tracker.parse.parser import clear_caches

    clear_caches()  # a first parse of each, as a fresh process makes it
    found = {label: reading_digest(path) for label, path in documents().items()}
    clear_caches()
    return {**found, **held_out_digests()}


def is_held_out(label: str) -> bool:
    """Whether a pin label is a held-out set or (an old pin) a document inside one."""
    return any(label == held or label.startswith(f"{held}/") for held in HELD_OUT)


def combined(digests: dict[str, str]) -> str:
    lines = "".join(f"{label} {digest}\n" for label, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def load() -> dict:
    return json.loads(PINS.read_text(encoding="utf-8"))


def write(version: str, versions: dict[str, dict], docs: dict[str, str]) -> None:
    """One document a line, sorted: small, and friendly to merges."""
    lines = ["{", f'  "version": {json.dumps(version)},', '  "versions": {']
    items = sorted(versions.items(), key=lambda kv: (len(kv[0]), kv[0]))
    lines += [f"    {json.dumps(v)}: {json.dumps(info, sort_keys=True)}" + ("," if i < len(items) - 1 else "")
              for i, (v, info) in enumerate(items)]
    lines += ["  },", '  "documents": {']
    docs_sorted = sorted(docs.items())
    lines += [f"    {json.dumps(label)}: {json.dumps(digest)}" + ("," if i < len(docs_sorted) - 1 else "")
              for i, (label, digest) in enumerate(docs_sorted)]
    lines += ["  }", "}"]
    PINS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def code_version() -> str:
    return VERSION_LINE.search(MODEL.read_text(encoding="utf-8")).group(1)


def set_code_version(version: str, note: str) -> None:
    text = MODEL.read_text(encoding="utf-8")
    line = f'PARSER_VERSION = "{version}"  # what each version reads differently: tests/data/parser_pins.json'
    MODEL.write_text(VERSION_LINE.sub(lambda _: line, text, count=1), encoding="utf-8")


def pin(bump_note: str | None) -> str:
    """Re-pin every document; with `bump_note`, under a new version (the highest known + 1)."""
    old = load() if PINS.exists() else {"version": code_version(), "versions": {}, "documents": {}}
    kept = {label: digest for label, digest in old["documents"].items() if not is_held_out(label)}
    docs = {**kept, **current_digests()}  # documents not here now (shared) keep theirs
    version = old["version"]
    versions = dict(old["versions"])
    if bump_note is not None:
        version = str(max([int(v) for v in versions if v.isdigit()] + [int(code_version())]) + 1)
        set_code_version(version, bump_note)
        versions[version] = {"note": bump_note}
    versions.setdefault(version, {"note": ""})
    versions[version] = {**versions[version], "digest": combined(docs)}
    write(version, versions, docs)
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bump", metavar="NOTE", help="the parser reads documents differently: "
                        "make a new PARSER_VERSION, noting what reads differently")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    version = pin(args.bump)
    print(f"pinned {len(load()['documents'])} documents for PARSER_VERSION {version} in "
          f"{PINS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
