"""Export every edition's facts with their three times (event date, as-of, ingestion).

Output goes to a temporary file beside the target and is renamed into place, so a reader
never sees half an export; an existing file (or a link) is replaced only with --force, and
the link itself is replaced, never the file it points to.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tracker.errors import InputError

CSV_FIELDS = ("brief", "edition", "as_of", "ingested_at", "sha256", "source", "key", "name", "date",
              "action", "status", "place", "actors", "nations", "personnel", "notes", "aliases", "text")
LIST_FIELDS = ("actors", "nations", "notes", "aliases")


def editions(store: Any, briefs: list[str], include_retracted: bool = False) -> Iterator[dict[str, Any]]:
    """Each stored edition with its snapshot (its newest reading), brief by brief, in as-of
    order; retracted editions only when asked for."""
    for brief in briefs:
        for info in store.editions(brief, include_retracted=include_retracted):
            snapshot = store.snapshot(brief, info.number).to_dict()
            yield {"brief": brief, "edition": info.number, "as_of": info.as_of,
                   "ingested_at": info.ingested_at, "sha256": info.sha256, "source": info.source,
                   "snapshot": snapshot}


def facts(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One flat dict per event, count and section of an edition, carrying the edition's times."""
    head = {k: record[k] for k in ("brief", "edition", "as_of", "ingested_at", "sha256", "source")}
    snapshot = record["snapshot"]
    for kind, plural in (("event", "events"), ("count", "counts"), ("section", "sections")):
        for item in snapshot.get(plural, []):
            yield {"type": kind, **head, **{f"{kind}_as_of" if k == "as_of" else k: v for k, v in item.items()}}


def write_json(out: TextIO, records: Iterator[dict[str, Any]]) -> None:
    json.dump({"editions": list(records)}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_ndjson(out: TextIO, records: Iterator[dict[str, Any]]) -> None:
    for record in records:
        for fact in facts(record):
            out.write(json.dumps(fact, ensure_ascii=False, sort_keys=True) + "\n")


def write_csv(out: TextIO, records: Iterator[dict[str, Any]]) -> None:
    """One row per event per edition; list cells hold JSON arrays so they read back exactly."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        head = {k: record[k] for k in ("brief", "edition", "as_of", "ingested_at", "sha256", "source")}
        for event in record["snapshot"].get("events", []):
            row = {**head, **{k: event.get(k) for k in CSV_FIELDS if k in event}}
            for name in LIST_FIELDS:
                row[name] = json.dumps(event.get(name) or [], ensure_ascii=False)
            writer.writerow(row)


def read_csv_events(text: str) -> list[dict[str, Any]]:
    """The inverse of write_csv, for tools and tests that read an export back."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        event: dict[str, Any] = dict(row)
        event["edition"] = int(row["edition"])
        event["personnel"] = int(row["personnel"]) if row["personnel"] else None
        for name in ("date", "action", "status", "place"):
            event[name] = row[name] or None
        for name in LIST_FIELDS:
            event[name] = json.loads(row[name])
        rows.append(event)
    return rows


WRITERS = {"json": write_json, "ndjson": write_ndjson, "csv": write_csv}


def export(store: Any, briefs: list[str], fmt: str, output: Path | None, *, force: bool = False,
           include_retracted: bool = False) -> None:
    """Write the export to `output` atomically, or to standard output."""
    writer = WRITERS[fmt]
    if output is None:
        writer(sys.stdout, editions(store, briefs, include_retracted))
        return
    target = check_target(output, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer(out, editions(store, briefs, include_retracted))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_target(output: Path, force: bool) -> Path:
    """The file the user named, refused when it exists (unless --force) or cannot be written."""
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{output}: folder {parent} does not exist")
    if output.is_dir():
        raise InputError(f"{output}: is a directory")
    if (output.exists() or output.is_symlink()) and not force:
        raise InputError(f"{output}: already exists; add --force to overwrite it")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{output}: folder {parent} is not writable")
    return output
