"""Export every edition's facts with their three times (event date, as-of, ingestion).

Two shapes. Without a table: JSON is one document of editions with their snapshots, NDJSON one
line per fact (event, count, paragraph) of every edition, CSV the events table. With a table
(`events`, `counts`, `paragraphs`, `changes`): one row per item per edition, the same columns in
every format; CSV writes a list cell as `a; b` for spreadsheets, JSON and NDJSON keep lists as
lists. The events table carries the columns event datasets use: event date and its precision,
location, actors, nations, notes, source, and the editions that first and last reported it.

Rows are streamed from the projections in as-of order, and each distinct version of an entity
is decoded once and its cells reused for every edition that repeats it: an export costs its
rows, not a parse of every snapshot. Output goes to a temporary file beside the target and is
renamed into place, so a reader never sees half an export; an existing file (or a link) is
replaced only with --force, and the link itself is replaced, never the file it points to. A
device or a pipe (/dev/null, a FIFO, /dev/stdout) is written into, never replaced.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tracker.app.marks import notes_by_edition, reading_mark
from tracker.app.output import check_target, write_output
from tracker.errors import InputError

HEAD = ("brief", "edition", "as_of", "ingested_at", "source", "sha256")
TABLES: dict[str, tuple[str, ...]] = {
    "events": HEAD + ("key", "name", "event_date", "date_precision", "action", "status", "location",
                      "actors", "nations", "personnel", "notes", "aliases", "text",
                      "first_reported", "first_reported_edition", "last_reported",
                      "last_reported_edition", "reading", "corrections"),
    "counts": HEAD + ("key", "subject", "value", "stated_as_of", "text", "reading", "corrections"),
    "paragraphs": HEAD + ("position", "key", "title", "text"),
    "changes": HEAD + ("compared_with", "kind", "entity", "key", "label", "field", "before", "after"),
    # an analyst's corrections of one fact (`tracker fact`), one row per record; the head is
    # the edition it was made at
    "corrections": HEAD + ("id", "op", "entity", "key", "field", "before", "after", "event", "anchor",
                           "reason", "by", "at", "status", "revoked", "detail"),
}
PARSER = (("reading", "parser"), ("corrections", []))
LIST_SEPARATOR = "; "
FORMATS = ("json", "ndjson", "csv")

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# -- editions ---------------------------------------------------------------------------------

def _heads(store: Any, brief: str, include_retracted: bool) -> dict[int, dict[str, Any]]:
    """edition number -> the edition's head columns, in as-of order: the editions exported
    (retracted ones only when asked for)."""
    return {info.number: {"brief": brief, "edition": info.number, "as_of": info.as_of,
                          "ingested_at": info.ingested_at, "source": info.source, "sha256": info.sha256}
            for info in store.editions(brief, include_retracted=include_retracted)}


def _of(heads: dict[int, Any], rows: Iterable[tuple]) -> Iterator[tuple]:
    """The rows (edition number first) of the editions exported."""
    return (row for row in rows if row[0] in heads)


def _without_source_order(head: dict[str, Any]) -> dict[str, Any]:
    """The edition's fields in the order the editions document has always given them."""
    return {k: head[k] for k in ("brief", "edition", "as_of", "ingested_at", "sha256", "source")}


def write_document(out: TextIO, store: Any, briefs: list[str], include_retracted: bool = False) -> None:
    """`{"editions": [...]}`: each edition's record on its own line, its snapshot spliced in
    as stored (canonical JSON), never decoded and encoded again."""
    out.write('{"editions": [')
    first = True
    for brief in briefs:
        heads = _heads(store, brief, include_retracted)
        for number, snapshot in _of(heads, store.snapshot_stream(brief)):
            head = _dumps(_without_source_order(heads[number]))
            out.write(("\n" if first else ",\n") + head[:-1] + ',"snapshot":' + snapshot + "}")
            first = False
    out.write("\n]")
    folded = _folded(store, briefs)
    if folded:  # cumulative briefs: every fact with the reports behind it
        out.write(', "cumulative": ' + json.dumps(folded, ensure_ascii=False))
    out.write("}\n")


def _folded(store: Any, briefs: list[str]) -> list[dict[str, Any]]:
    """The facts of the cumulative briefs among `briefs`, with their provenance."""
    from tracker.app.folded import export_facts

    return [f for f in (export_facts(store, b) for b in briefs) if f is not None]


# -- facts (NDJSON without a table) -----------------------------------------------------------

def write_facts(out: TextIO, store: Any, briefs: list[str], include_retracted: bool = False) -> None:
    """One line per fact of every edition: its type, the edition's fields, the fact's own
    (a count's as-of date as `count_as_of`); events, then counts, then paragraphs."""
    for brief in briefs:
        heads = _heads(store, brief, include_retracted)
        events = _by_edition(_of(heads, store.entity_stream(brief, "event")))
        counts = _by_edition(_of(heads, store.entity_stream(brief, "count")))
        paragraphs = _by_edition(_of(heads, store.paragraph_stream(brief)))
        count_cells: dict[str, str] = {}
        section_cells: dict[tuple, str] = {}
        notes = notes_by_edition(store, brief)  # an analyst's corrections: {} for most briefs
        for number, head in heads.items():
            prefix = _dumps(_without_source_order(head))[1:-1]
            mine = notes.get(number)
            lines = [f'{{"type":"event",{prefix},{_reading(data, mine, "event")}'
                     for _, data in events.take(number)]
            for _, data in counts.take(number):
                cells = count_cells.get(data)
                if cells is None:
                    count = json.loads(data)
                    count["count_as_of"] = count.pop("as_of", None)
                    cells = count_cells[data] = _dumps(count)[1:]
                lines.append(f'{{"type":"count",{prefix},{_reading(cells, mine, "count", True)}')
            for row in paragraphs.take(number):
                cells = section_cells.get(row[2:])
                if cells is None:
                    cells = section_cells[row[2:]] = _dumps(
                        {"key": row[2], "title": row[3], "text": row[4]})[1:]
                lines.append(f'{{"type":"section",{prefix},{cells}')
            if lines:
                out.write("\n".join(lines) + "\n")
    for brief in _folded(store, briefs):  # cumulative briefs: one line per fact, with its provenance
        for fact in brief["facts"]:
            line = {"type": "fact", "brief": brief["brief"], "mode": brief["mode"], **fact}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


class _by_edition:
    """A stream of rows whose first item is the edition number, in the editions' order,
    taken edition by edition."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self._rows = iter(rows)
        self._held: tuple | None = next(self._rows, None)

    def take(self, number: int) -> list[tuple]:
        out = []
        while self._held is not None and self._held[0] == number:
            out.append(self._held)
            self._held = next(self._rows, None)
        return out


def _reading(cells: str, notes: Any, entity: str, opened: bool = False) -> str:
    """An entity's JSON object (`cells`; `opened`: without its "{") with its reading marked
    at the end: "parser", or "analyst" with the corrections applied to it in this edition."""
    body = cells[:-1] if opened else cells[1:-1]
    if notes:
        mark = reading_mark(notes, entity, json.loads(cells if not opened else "{" + cells)["key"])
        if mark["reading"] == "analyst":
            return f'{body},"reading":"analyst","corrections":{_dumps(mark["corrections"])}}}'
    return body + ',"reading":"parser"}'


# -- tables -----------------------------------------------------------------------------------

def table_rows(store: Any, brief: str, table: str, include_retracted: bool = False
               ) -> Iterator[tuple[dict[str, Any], list[tuple[str, Any]]]]:
    """(edition head, the row's own (column, value) pairs) of `table`, in as-of order."""
    heads = _heads(store, brief, include_retracted)
    if table == "events":
        spans = store.event_spans(brief) if include_retracted or not store.retracted(brief) else \
            _spans(store.entity_stream(brief, "event"), heads)
        cells: dict[str, list[tuple[str, Any]]] = {}
        notes = notes_by_edition(store, brief)
        for number, data in store.entity_stream(brief, "event"):
            head = heads.get(number)
            if head is None:  # an edition not exported
                continue
            row = cells.get(data)
            if row is None:
                row = cells[data] = _event_cells(json.loads(data), spans) + list(PARSER)
            yield head, _marked(row, notes.get(number), "event") if notes else row
    elif table == "counts":
        notes = notes_by_edition(store, brief)
        for number, data in _of(heads, store.entity_stream(brief, "count")):
            c = json.loads(data)
            yield heads[number], _marked([("key", c["key"]), ("subject", c.get("subject")), ("value", c.get("value")),
                                          ("stated_as_of", c.get("as_of")), ("text", c.get("text")),
                                          *PARSER], notes.get(number), "count")
    elif table == "corrections":
        yield from _correction_rows(store, brief)
    elif table == "paragraphs":
        for number, position, key, title, text in _of(heads, store.paragraph_stream(brief)):
            yield heads[number], [("position", position), ("key", key), ("title", title), ("text", text)]
    else:  # as `log` gives them: recomputed where a correction changed what they compare
        from tracker.app.views import log_rows

        for entry in log_rows(store, brief, with_changes=True, include_retracted=include_retracted):
            head = heads[entry["edition"]]
            for c in entry["changes"]:
                yield head, [("compared_with", entry["compared_with"]), ("kind", c["kind"]),
                             ("entity", c["entity"]), ("key", c["key"]), ("label", c.get("label")),
                             ("field", c.get("field")), ("before", c.get("before")), ("after", c.get("after"))]


def _marked(cells: list[tuple[str, Any]], notes: Any, entity: str) -> list[tuple[str, Any]]:
    """An entity's cells with its reading marked: the parser's (as `cells` end) unless an
    analyst's correction applies to it in this edition (`notes`: the reading's corrections)."""
    if not notes:
        return cells
    mark = reading_mark(notes, entity, cells[0][1])
    if mark["reading"] == "parser":
        return cells
    return cells[:-2] + [("reading", "analyst"), ("corrections", mark["corrections"])]


def _correction_rows(store: Any, brief: str) -> Iterator[tuple[dict[str, Any], list[tuple[str, Any]]]]:
    """One row per correction record of `brief` (`tracker fact`), oldest first, under the head
    of the edition it was made at; its status "in force", "moot", "superseded at N",
    "revoked" or "not in force" (its edition retracted), and where it holds in words (`detail`:
    "in force at 1–3; moot from 4")."""
    from tracker.app.facts import list_corrections

    heads = _heads(store, brief, True)
    for row in list_corrections(store, brief):
        status = row["status"]
        if status == "superseded":
            status = f"superseded at {row['superseded_at']}"
        yield heads[row["edition"]], [(c, row.get(c)) for c in ("id", "op", "entity", "key", "field", "before",
                                                               "after", "event", "anchor", "reason", "by", "at")] \
            + [("status", status), ("revoked", row.get("revoked")), ("detail", row.get("detail"))]


def _spans(rows: Iterable[tuple[int, str]], heads: dict[int, dict[str, Any]]) -> dict[str, tuple]:
    """key -> (first edition, its as-of, last edition, its as-of) among the editions exported
    (when some are retracted, the event_revisions projection spans them too)."""
    spans: dict[str, tuple] = {}
    seen: dict[str, str] = {}
    for number, data in _of(heads, rows):
        key = seen.get(data)
        if key is None:
            key = seen[data] = json.loads(data)["key"]
        head = heads[number]
        first = spans.get(key)
        spans[key] = (first[0], first[1]) if first else (number, head["as_of"])
        spans[key] += (number, head["as_of"])
    return spans


def _event_cells(event: dict[str, Any], spans: dict[str, tuple]) -> list[tuple[str, Any]]:
    first, first_as_of, last, last_as_of = spans.get(event["key"], (None, None, None, None))
    date = event.get("date")
    return [("key", event["key"]), ("name", event.get("name")), ("event_date", date),
            ("date_precision", date_precision(date, event.get("date_precision"))),
            ("action", event.get("action")),
            ("status", event.get("status")), ("location", event.get("place")),
            ("actors", event.get("actors") or []), ("nations", event.get("nations") or []),
            ("personnel", event.get("personnel")), ("notes", event.get("notes") or []),
            ("aliases", event.get("aliases") or []), ("text", event.get("text")),
            ("first_reported", first_as_of), ("first_reported_edition", first),
            ("last_reported", last_as_of), ("last_reported_edition", last)]


def date_precision(date: str | None, precision: str | None = None) -> str | None:
    """How precisely the event date is known: the event's `date_precision` ("week",
    "part-month", "month", "quarter", "half-year", "year"; `event_date` is then the period's
    first day), else "day" for an ISO day ("month" / "year" for a partial ISO form); None
    without a date."""
    if not date:
        return None
    if precision:
        return precision
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "day")


def write_table_csv(out: TextIO, rows: Iterator[tuple[dict, list]], columns: tuple[str, ...]) -> None:
    """A header, then one line per row; a list cell as `a; b`, an object as JSON text."""
    out.write(csv_line(columns))
    heads = _Encoded(lambda head: csv_line([head[c] for c in HEAD])[:-1])
    cells = _Encoded(lambda own: csv_line([csv_cell(v) for _, v in own]))
    lines: list[str] = []
    last_head, head_text = None, ""
    for head, own in rows:
        if head is not last_head:  # rows come edition by edition
            last_head, head_text = head, heads(head)
        lines.append(f"{head_text},{cells(own)}")
        if len(lines) == _LINES_PER_WRITE:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


_line_buffer = io.StringIO()
_line_writer = csv.writer(_line_buffer, lineterminator="\n")


def csv_line(cells: Iterable[Any]) -> str:
    """One CSV record, newline included (the pieces of a row, encoded apart, join with ",")."""
    _line_buffer.seek(0)
    _line_buffer.truncate()
    _line_writer.writerow(cells)
    return _line_buffer.getvalue()


class _Encoded:
    """`encode(value)`, remembered for the very object last seen: table rows share one head
    object per edition and one cells object per distinct entity version, so each is encoded
    once however many rows repeat it (the object is held, so its id is never reused)."""

    def __init__(self, encode: Callable[[Any], Any]) -> None:
        self._encode = encode
        self._seen: dict[int, tuple[Any, Any]] = {}

    def __call__(self, value: Any) -> Any:
        held = self._seen.get(id(value))
        if held is None or held[0] is not value:
            if len(self._seen) > 100_000:
                self._seen.clear()
            held = self._seen[id(value)] = (value, self._encode(value))
        return held[1]


def csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float)) for v in value):
            return LIST_SEPARATOR.join(map(str, value))
        return _dumps(list(value))
    if isinstance(value, dict):
        return _dumps(value)
    return value


def write_table_lines(out: TextIO, rows: Iterator[tuple[dict, list]], *, document: str | None = None) -> None:
    """One JSON object per row (NDJSON), or with `document` the rows as `{document: [...]}`;
    each distinct head and each distinct entity's cells are encoded once."""
    heads = _Encoded(lambda head: _dumps({c: head[c] for c in HEAD})[:-1])
    cells = _Encoded(lambda own: _dumps(dict(own))[1:])
    if document is not None:
        out.write("{" + _dumps(document) + ": [")
    lines: list[str] = []
    written = False
    last_head, head_text = None, ""
    for head, own in rows:
        if head is not last_head:  # rows come edition by edition
            last_head, head_text = head, heads(head)
        lines.append(f"{head_text},{cells(own)}")
        if len(lines) == _LINES_PER_WRITE:
            written = _write_lines(out, lines, document is None, written)
    _write_lines(out, lines, document is None, written)
    if document is not None:
        out.write("\n]}\n")


_LINES_PER_WRITE = 1024


def _write_lines(out: TextIO, lines: list[str], ndjson: bool, written: bool) -> bool:
    """Write and clear a batch of rows: NDJSON lines each ending in a newline, or a document's
    items each after ",\n" (the first after "\n"); whether any row is written so far."""
    if not lines:
        return written
    if ndjson:
        out.write("\n".join(lines) + "\n")
    else:
        out.write(("\n" if not written else ",\n") + ",\n".join(lines))
    lines.clear()
    return True


# -- reading a CSV export back ----------------------------------------------------------------

LIST_COLUMNS = ("actors", "nations", "notes", "aliases")
INT_COLUMNS = ("edition", "personnel", "first_reported_edition", "last_reported_edition")


def read_csv_events(text: str) -> list[dict[str, Any]]:
    """The events table of a CSV export read back: numbers as numbers, empty cells as None,
    list cells split at `; ` (a value holding `; ` itself does not come back whole: use JSON
    or NDJSON for exact lists)."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        event: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        for name in INT_COLUMNS:
            event[name] = int(row[name]) if row.get(name) else None
        for name in LIST_COLUMNS:
            event[name] = row[name].split(LIST_SEPARATOR) if row.get(name) else []
        rows.append(event)
    return rows


# -- the command ------------------------------------------------------------------------------

def writer_for(store: Any, briefs: list[str], fmt: str, table: str | None,
               include_retracted: bool = False) -> Callable[[TextIO], None]:
    """What writes the export of `briefs` in `fmt`, of `table` or (None) of everything."""
    if table is None and fmt == "json":
        return lambda out: write_document(out, store, briefs, include_retracted)
    if table is None and fmt == "ndjson":
        return lambda out: write_facts(out, store, briefs, include_retracted)
    table = table or "events"
    if table not in TABLES:
        raise InputError(f"no table {table!r} to export (tables: {', '.join(TABLES)})")

    def rows() -> Iterator[tuple[dict, list]]:
        for brief in briefs:
            yield from table_rows(store, brief, table, include_retracted)

    if fmt == "csv":
        return lambda out: write_table_csv(out, rows(), TABLES[table])
    if fmt == "ndjson":
        return lambda out: write_table_lines(out, rows())
    return lambda out: write_table_lines(out, rows(), document=table)


def export(store: Any, briefs: list[str], fmt: str, output: Path | None, *, force: bool = False,
           table: str | None = None, include_retracted: bool = False) -> None:
    """Write the export to `output` (see `tracker.app.output`: atomically over a file, straight
    into a device or a pipe), or to standard output (retracted editions only when
    `include_retracted`)."""
    write = writer_for(store, briefs, fmt, table, include_retracted)
    if output is None:
        write(sys.stdout)
        return
    write_output(check_target(output, force), write)
