"""Audit views over the store: log, diff by reference, show, history and timeline.

Each view returns plain data (what `--format json` prints); `tracker.present.views` renders
it as text. Views read stored snapshots and the `entity_versions` projection; none of them
re-parses raw editions, and `diff`/`show` load exactly the editions they name.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tracker.app import refs
from tracker.errors import NotFoundError
from tracker.model import Snapshot
from tracker.app.names import alias_folding, alias_map, find_key, merged_keys


def edition_ref(info: Any) -> dict[str, Any]:
    """The short description of an edition used inside diff and history documents."""
    return {"edition": info.number, "as_of": info.as_of, "sha256": info.sha256}


def edition_header(info: Any) -> dict[str, Any]:
    return {**edition_ref(info), "ingested_at": info.ingested_at, "source": info.source}


# --- log -------------------------------------------------------------------------------

def log_rows(store: Any, brief: str, *, with_changes: bool = False,
             numbers: Any = None, include_retracted: bool = False, since: str | None = None,
             until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Editions in as-of order, each with its change summary against the edition before it
    (and, `with_changes`, the changes themselves, as Change dicts); only the editions
    `numbers` when given; only those as of `since`..`until` (inclusive), and of those the
    `limit` latest.

    The changes are the logged ones, unless a correction has since changed what they
    compare: the edition or the one it was compared with read again (`tracker reparse`), or
    that one retracted, or the edition read in another mode since (`brief set-mode --from`).
    Then they are recomputed by the diff engine between the readings in force, against the
    edition in force before it among those not retracted."""
    from tracker.diff import reconfirmed, summarize, summary_line
    from tracker.model import Change

    entries = store.log(brief, numbers, include_retracted=include_retracted)
    withdrawn = store.retracted(brief) if any(e["previous"] for e in entries) else {}
    reading_of = {e["number"]: e["reading"] for e in entries}
    everything = entries if numbers is None else None  # the editions a previous is chosen from
    shown = [e for e in entries if _within(e["as_of"], since, until)]
    if limit is not None:
        shown = shown[max(len(shown) - limit, 0):] if limit else []
    from tracker.store.records import mode_at

    modes = store.modes(brief)
    reread = {n for m in modes for n in m.reread}  # logged in another mode (`brief set-mode --from`)
    above = _listed_before(store, brief, entries if numbers is None else None)
    rows = []
    for entry in shown:
        previous, changes = entry["previous"], reconfirmed(Change.from_dict(c) for c in entry["changes"])
        if entry["retracted"] is None and (previous in withdrawn or entry["reading"] > 1 or entry["number"] in reread
                                           or _reading_of(reading_of, store, brief, previous) > 1):
            if everything is None:
                everything = [{"number": i.number, "as_of": i.as_of} for i in store.editions(brief)]
            previous = _in_force_before(everything, entry, withdrawn)
            changes, marks, notes = _recomputed(store, brief, previous, entry["number"])
        else:
            marks, notes = {}, ((), ())
        line = summary_line(changes)
        if marks.get("superseded"):
            named = ", ".join(f"correction #{s['id']} superseded" for s in marks["superseded"])
            line = named if line == "no changes" else f"{line}, {named}"
        row = {"brief": brief, "edition": entry["number"], "as_of": entry["as_of"],
               "sha256": entry["sha256"], "ingested_at": entry["ingested_at"],
               "source": entry["source"], "compared_with": previous,
               "follows": above.get(entry["number"]),
               "mode": mode_at(modes, entry["number"]),
               "summary": summarize(changes), "summary_line": line,
               "reading": entry["reading"], "parser_version": entry["parser_version"],
               "retracted": entry["retracted"], **marks}
        if with_changes:
            from tracker.app.marks import explain_corrected

            row["changes"] = explain_corrected([c.to_dict() for c in changes], *notes)
        rows.append(row)
    return rows


def _listed_before(store: Any, brief: str, entries: list[dict[str, Any]] | None) -> dict[int, int | None]:
    """Each edition's predecessor in as-of order among those not retracted (`follows`: the
    line a reader of `log` sees above it), from the log `entries` when they are all of them.
    After a backfill it is not the edition a later one was compared with at ingest
    (`compared_with`), and `log` says so."""
    order = ([e["number"] for e in entries if e["retracted"] is None] if entries is not None
             else [info.number for info in store.editions(brief)])
    return dict(zip(order, [None, *order]))


def _reading_of(known: dict[int, int], store: Any, brief: str, number: int | None) -> int:
    """Which reading of an edition is in force: from the log entries read (`known`), else
    from the store (one query, only for an edition the entries leave out)."""
    reading = known.get(number) if number is not None else None
    return reading if reading is not None else _reading(store, brief, number)


def _reading(store: Any, brief: str, number: int | None) -> int:
    """Which reading of an edition is in force (1 when it was never read again)."""
    return 1 if number is None else store.reading(brief, number).derivation


def _in_force_before(entries: list[dict[str, Any]], entry: dict[str, Any],
                     withdrawn: dict[int, Any]) -> int | None:
    """The edition in force at `entry`'s as-of among those stored before it and not
    retracted: what ingest would compare it with today."""
    best = None
    for other in entries:
        if (other["number"] < entry["number"] and other["number"] not in withdrawn
                and other["as_of"] <= entry["as_of"]):
            if best is None or (other["as_of"], other["number"]) > (best["as_of"], best["number"]):
                best = other
    return best["number"] if best else None


def _recomputed(store: Any, brief: str, previous: int | None, number: int) -> tuple[list[Any], dict[str, Any], tuple]:
    """The changes between the readings in force of `previous` and `number`, the marks of
    an analyst's corrections on the row (the corrections its reading applies, `corrected_by`:
    their ids, and those the source supersedes there, `superseded`), and the two readings'
    corrections."""
    from tracker.app.marks import analyst_changes, superseded_here

    before = store.snapshot(brief, previous) if previous is not None else Snapshot()
    after = store.snapshot(brief, number)
    marks: dict[str, Any] = {}
    if after.fact_corrections:
        marks["corrected_by"] = sorted({n.id for n in after.fact_corrections if n.outcome == "applied"})
        lifted = superseded_here(before, after)
        if lifted:
            marks["superseded"] = lifted
    folded = folding(store, brief)
    if folded is not None:  # a report's changes are against the folded state, as at ingest
        return folded.report_changes(store, brief, previous, number), marks, ((), ())
    return analyst_changes(before, after), marks, (before.fact_corrections, after.fact_corrections)


def corrections(store: Any, brief: str) -> list[dict[str, Any]]:
    """What was corrected in `brief`'s record, oldest first: editions read again, editions
    retracted (with the reason), aliases revoked (with the reason) and stored editions read in
    another mode (`mode-set`: from `edition` to `until`, with the reason)."""
    from tracker.store.writer import ALIAS_REVOKED, EDITION_REPARSED, EDITION_RETRACTED

    from tracker.store.writer import FACT_CORRECTED, FACT_REVOKED

    from tracker.store.writer import MODE_SET

    kinds = {EDITION_REPARSED: "reread", EDITION_RETRACTED: "retracted", ALIAS_REVOKED: "alias-revoked",
             FACT_CORRECTED: "fact-corrected", FACT_REVOKED: "fact-revoked", MODE_SET: "mode-set"}
    out = []
    for record in store.corrections(brief):
        row = {"kind": kinds[record["type"]], "brief": brief, "edition": record["edition"],
               "recorded_at": record["recorded_at"]}
        if record["type"] == MODE_SET:  # stored editions read in another mode from an edition on
            row.update(edition=record["from_edition"], mode=record["mode"], until=record["stored"],
                       reason=record["reason"])
        elif record["type"] in (FACT_CORRECTED, FACT_REVOKED):  # an analyst's (tracker.app.facts)
            row.update({k: v for k, v in record.items() if k not in row and k not in ("type", "seq")})
            row.setdefault("id", record["seq"])
        elif record["type"] == EDITION_REPARSED:
            row.update(reading=record["derivation"], parser_version=record["parser_version"],
                       previous_parser_version=record["previous_parser_version"],
                       summary=record.get("reading"))
            if "applied" in (record.get("reading") or {}):  # a reading an analyst's corrections made
                row["by_analyst"] = True
        elif record["type"] == EDITION_RETRACTED:
            row.update(as_of=record["as_of"], sha256=record["sha256"], reason=record["reason"])
        else:
            row.update(alias=record["name"], canonical=record["canonical"],
                       alias_brief=record["brief"], reason=record["reason"])
        out.append(row)
    return out


def with_corrections(rows: list[dict[str, Any]], fixes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Log rows (`log_rows`) each with the analyst's corrections recorded at its edition
    (`corrections`: as `corrections` lists them) and, as detail, the readings they made of it
    (`analyst_readings`: reading, recorded_at and the applied / moot / superseded counts)."""
    facts: dict[int, list[dict[str, Any]]] = {}
    readings: dict[int, list[dict[str, Any]]] = {}
    for c in fixes:
        if c["kind"] in ("fact-corrected", "fact-revoked"):
            facts.setdefault(c["edition"], []).append(c)
        elif c.get("by_analyst"):
            readings.setdefault(c["edition"], []).append(
                {"reading": c["reading"], "recorded_at": c["recorded_at"], **(c.get("summary") or {})})
    return [{**row, "corrections": facts.get(row["edition"], []),
             "analyst_readings": readings.get(row["edition"], [])} for row in rows]


# --- diff ------------------------------------------------------------------------------

def folding(store: Any, brief: str) -> Any:
    """`tracker.app.folded` when `brief` folds its reports (cumulative), else None: the fold
    machinery is imported only for a brief that needs it, so a restating brief's views start
    without it."""
    from tracker.fold import folds

    if not folds(store.modes(brief)):
        return None
    from tracker.app import folded

    return folded


def diff_refs(store: Any, brief: str, from_ref: str | None, to_ref: str | None, *,
              include_retracted: bool = False) -> dict[str, Any]:
    """The Diff JSON between two references (see `refs`: `A..B`, `latest~1`; none at all is
    the edition before the latest against the latest); loads the two snapshots and nothing else."""
    from tracker.diff import diff_document

    from_ref, to_ref = refs.diff_pair(from_ref, to_ref)
    before_info = refs.resolve(store, brief, from_ref, include_retracted=include_retracted)
    after_info = refs.resolve(store, brief, to_ref, include_retracted=include_retracted)
    folded = folding(store, brief)
    if folded is not None:
        return folded.diff_document(store, brief, before_info, after_info,
                                    (edition_ref(before_info), edition_ref(after_info)))
    aliases = alias_map(store, brief)
    before_reading = store.reading(brief, before_info.number)
    after_reading = store.reading(brief, after_info.number)
    before = apply_aliases(before_reading.snapshot, aliases)
    after = apply_aliases(after_reading.snapshot, aliases)
    from tracker.app.marks import analyst_changes, explain_corrected, superseded_here

    doc = diff_document(brief, reading_ref(before_info, before_reading),
                        reading_ref(after_info, after_reading), analyst_changes(before, after))
    explain_corrected(doc["changes"], before.fact_corrections, after.fact_corrections)
    lifted = superseded_here(before, after)
    if lifted:
        doc["superseded"] = lifted
    note = parser_note(doc["from"], doc["to"])
    if note:
        doc["notes"] = [note]
    return doc


def reading_ref(info: Any, reading: Any) -> dict[str, Any]:
    """`edition_ref` plus which reading of it, by which parser version."""
    return {**edition_ref(info), "reading": reading.derivation,
            "parser_version": reading.parser_version}


def parser_note(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """A diff between readings of two parser versions says so: some of its changes may be
    the parser's, not the brief's."""
    if before.get("parser_version") == after.get("parser_version"):
        return None
    return (f"edition {before['edition']} was read by parser version {before['parser_version']} and "
            f"edition {after['edition']} by version {after['parser_version']}: some changes may come "
            "from the parser, not the brief (`tracker reparse` reads both with the current parser)")


def apply_aliases(snapshot: Snapshot, aliases: dict[str, str]) -> Snapshot:
    if not aliases:
        return snapshot
    from tracker.identity import rekey

    return rekey(snapshot, aliases)


# --- show ------------------------------------------------------------------------------

def show_document(store: Any, brief: str, ref: str | None,
                  derivation: int | None = None, *, include_retracted: bool = False) -> dict[str, Any]:
    """The snapshot in force at REF (or the newest; see `refs` for latest~N), with the edition
    it comes from; its newest reading, or reading `derivation` (1: the one stored at ingest)."""
    info = refs.resolve(store, brief, ref, include_retracted=include_retracted)
    folded = folding(store, brief)
    if folded is not None:
        return folded.show(store, brief, info, edition_header(info))
    reading = store.reading(brief, info.number, derivation)
    header = {**edition_header(info), "reading": reading.derivation,
              "parser_version": reading.parser_version}
    from tracker.app.correcting import marked

    return {"brief": brief, "mode": "restating", "edition": header, **marked(reading.snapshot)}


# --- history ---------------------------------------------------------------------------

def history(store: Any, brief: str, name: str, *, include_retracted: bool = False) -> dict[str, Any]:
    """One entity across editions: added, changed (fields), unchanged or removed, per edition."""
    key = find_key(store, brief, name)
    folded = folding(store, brief)
    if folded is not None:
        return folded.history(store, brief, key, merged_keys(store, brief, key))
    versions = {row["edition"]: row for row in store.entity_rows(
        brief, merged_keys(store, brief, key), include_retracted=include_retracted)}
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for info in store.editions(brief, include_retracted=include_retracted):
        row = versions.get(info.number)
        entry = {**edition_ref(info), "ingested_at": info.ingested_at}
        if row is None:
            if previous is not None:
                rows.append({**entry, "status": "removed", "name": previous["name"], "text": None, "changes": []})
            previous = None
            continue
        changes = entity_changes(previous, row)
        status = "added" if previous is None else "unchanged" if not changes else _status(changes)
        rows.append({**entry, "status": status, "name": row["name"], "kind": row["kind"],
                     "text": row["data"].get("text"), "data": row["data"], "changes": changes})
        previous = row
    if not rows:
        raise NotFoundError(f"{name!r} appears in no stored edition of {brief!r}")
    from tracker.diff import count_label

    last = versions[max(versions)] if versions else None
    label = count_label(_as_snapshot(last).counts[0]) if last and last["kind"] == "count" else rows[-1]["name"]
    from tracker.app.marks import mark_history, notes_by_edition

    return mark_history({"brief": brief, "key": key, "name": label, "editions": rows},
                        notes_by_edition(store, brief))


def _status(changes: list[dict[str, Any]]) -> str:
    """"refined" or "reconfirmed" when every change of an entity's version is of that kind,
    else "changed"."""
    kinds = {c.get("kind") for c in changes}
    return kinds.pop() if len(kinds) == 1 and kinds <= {"refined", "reconfirmed"} else "changed"


def entity_changes(previous: dict[str, Any] | None, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Field changes of one entity between two of its versions, via the diff engine; a date
    made more precise ("March 2020" -> "17 March 2020") says so ("kind": "refined")."""
    if previous is None:
        return []
    from tracker.diff import compare

    before, after = _as_snapshot(previous), _as_snapshot(row)
    return [field_change(c) for c in compare(before, after) if c.kind in ("changed", "refined", "reconfirmed")]


def field_change(c: Any) -> dict[str, Any]:
    """A `Change` of one field as history and timeline give it; a date made more precise and
    a count's figure stated again as of a later day say so (`kind`)."""
    out = {"field": c.field, "before": c.before, "after": c.after}
    return {**out, "kind": c.kind} if c.kind in ("refined", "reconfirmed") else out


def _as_snapshot(row: dict[str, Any]) -> Snapshot:
    data = dict(row["data"], key=row["key"])
    if row["kind"] == "count":
        return Snapshot.from_dict({"counts": [data]})
    return Snapshot.from_dict({"events": [data]})


# --- timeline --------------------------------------------------------------------------

def timeline(store: Any, brief: str, *, since: str | None = None, until: str | None = None,
             include_retracted: bool = False) -> list[dict[str, Any]]:
    """Events by event date, each with the edition that first reported it and later revisions.

    Read from the event_revisions projection (each event's distinct successive versions), so
    it costs what the events and their revisions cost, not editions x events. Events that a
    hand-made alias folds together, and every event of a brief with a retracted edition
    (the projection spans all stored editions), are folded edition by edition from their
    versions instead."""
    folded = folding(store, brief)
    if folded is not None:
        return folded.timeline(store, brief, since, until)
    with paused_gc():
        rows = _timeline(store, brief, since, until, include_retracted)
    from tracker.app.marks import mark_timeline, notes_by_edition

    notes = notes_by_edition(store, brief)
    if not notes:
        return [{**row, "reading": "parser"} for row in rows]
    numbers = [info.number for info in store.editions(brief, include_retracted=include_retracted)]
    return mark_timeline(rows, numbers, notes)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a view builds many small objects, none of them in
    cycles: on 10,000 editions the collector's passes cost a third of a timeline."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _timeline(store: Any, brief: str, since: str | None, until: str | None,
              include_retracted: bool) -> list[dict[str, Any]]:
    editions = store.editions(brief, include_retracted=include_retracted)
    if not editions:
        return []
    position = {info.number: i for i, info in enumerate(editions)}
    folded = alias_folding(store, brief)
    if not include_retracted and store.retracted(brief):
        rows = _rows_from_versions(store, brief, folded, editions, position, None, include_retracted)
    else:
        merged = set(folded) | set(folded.values())
        by_key: dict[str, list[dict[str, Any]]] = {}
        for row in store.event_revisions(brief):
            if row["key"] not in merged:
                by_key.setdefault(row["key"], []).append(row)
        loaded = {key: _loaded(runs) for key, runs in by_key.items()}
        changes = revision_changes(loaded)
        rows = [_timeline_row(key, runs, editions, position, changes[key]) for key, runs in loaded.items()]
        if merged:
            rows += _rows_from_versions(store, brief, folded, editions, position, sorted(merged),
                                        include_retracted)
    rows = [r for r in rows if _within(r["date"], since, until)]
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["key"]))


def _loaded(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Revision rows as the versions `_timeline_row` compares (first and last edition each)."""
    import json

    return [{"key": r["key"], "kind": "event", "edition": r["first_edition"],
             "last_edition": r["last_edition"], "data": json.loads(r["data"])} for r in runs]


def _rows_from_versions(store: Any, brief: str, folded: dict[str, str], editions: list[Any],
                        position: dict[int, int], keys: list[str] | None,
                        include_retracted: bool) -> list[dict[str, Any]]:
    """Timeline rows of the events `keys` (None: all) from their versions in the editions
    shown, aliased keys folded (the aliased key's own row wins an edition both appear in),
    each event's versions folded into runs of identical data."""
    by_key: dict[str, dict[int, dict[str, Any]]] = {}
    for row in store.entity_rows(brief, keys, include_retracted=include_retracted):
        if row["kind"] != "event" or row["edition"] not in position:
            continue
        key = folded.get(row["key"], row["key"])
        versions = by_key.setdefault(key, {})
        if row["key"] == key or row["edition"] not in versions:
            versions[row["edition"]] = row
    runs_of: dict[str, list[dict[str, Any]]] = {}
    for key, versions in by_key.items():
        runs: list[dict[str, Any]] = []
        for row in sorted(versions.values(), key=lambda r: position[r["edition"]]):
            if runs and runs[-1]["key"] == row["key"] and runs[-1]["data"] == row["data"]:
                runs[-1]["last_edition"] = row["edition"]
            else:
                runs.append({"key": row["key"], "kind": "event", "edition": row["edition"],
                             "last_edition": row["edition"], "data": row["data"]})
        runs_of[key] = runs
    plain = {key: runs for key, runs in runs_of.items() if all(r["key"] == key for r in runs)}
    changes = revision_changes(plain)  # the rest compare under two keys: one pair at a time
    return [_timeline_row(key, runs, editions, position, changes.get(key)) for key, runs in runs_of.items()]


def revision_changes(runs_by_key: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[dict[str, Any]]]]:
    """Per key, the field changes from each of its runs to the next (as `entity_changes` gives
    them), computed in rounds: the n-th revision of every key in one call of the diff engine,
    whose set-up is most of its cost."""
    from tracker.diff import compare

    out: dict[str, list[list[dict[str, Any]]]] = {key: [] for key in runs_by_key}
    events = {key: [Snapshot.from_dict({"events": [dict(run["data"], key=key)]}).events[0] for run in runs]
              for key, runs in runs_by_key.items() if len(runs) > 1}
    depth = max((len(runs) for runs in events.values()), default=0)
    for n in range(1, depth):
        keys = [key for key, versions in events.items() if len(versions) > n]
        before: Snapshot = Snapshot(events=tuple(events[k][n - 1] for k in keys))
        after: Snapshot = Snapshot(events=tuple(events[k][n] for k in keys))
        found: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
        for c in compare(before, after):
            if c.kind in ("changed", "refined"):
                found[c.key].append(field_change(c))
        for key in keys:
            out[key].append(found[key])
    return out


def _timeline_row(key: str, runs: list[dict[str, Any]], editions: list[Any],
                  position: dict[int, int], changed: list[list[dict[str, Any]]] | None = None
                  ) -> dict[str, Any]:
    """One event: its runs of identical versions in as-of order, each a dict with edition (its
    first), last_edition and data. A revision is where one run gives way to the next;
    `changed` gives its field changes when already computed (see `revision_changes`)."""
    first, last = runs[0], runs[-1]
    revisions = []
    for n, (before, after) in enumerate(zip(runs, runs[1:])):
        changes = changed[n] if changed is not None else entity_changes(before, after)
        if changes:
            revisions.append({**edition_ref(editions[position[after["edition"]]]), "changes": changes})
    end = position[last["last_edition"]]
    retracted = None if end == len(editions) - 1 else edition_ref(editions[end + 1])
    first_info = editions[position[first["edition"]]]
    data = last["data"]
    precision = {"date_precision": data["date_precision"]} if data.get("date_precision") else {}
    return {"key": key, "name": data.get("name"), "date": data.get("date"), **precision,
            "action": data.get("action"), "status": data.get("status"),
            "first_reported": {**edition_ref(first_info), "ingested_at": first_info.ingested_at},
            "revisions": revisions, "retracted": retracted}


def _within(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since) and (until is None or date <= until)
