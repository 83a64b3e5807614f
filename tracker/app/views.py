"""Audit views over the store: log, diff by reference, show, history and timeline.

Each view returns plain data (what `--format json` prints) and has a `*_text` renderer
beside it. Views read stored snapshots and the `entity_versions` projection; none of them
re-parses raw editions, and `diff`/`show` load exactly the editions they name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.errors import NotFoundError
from tracker.model import Snapshot
from tracker.present.text import written_date


def edition_ref(info: Any) -> dict[str, Any]:
    """The short description of an edition used inside diff and history documents."""
    return {"edition": info.number, "as_of": info.as_of, "sha256": info.sha256}


def edition_header(info: Any) -> dict[str, Any]:
    return {**edition_ref(info), "ingested_at": info.ingested_at, "source": info.source}


# --- log -------------------------------------------------------------------------------

def log_rows(store: Any, brief: str) -> list[dict[str, Any]]:
    """Editions in as-of order, each with its change summary against the edition before it."""
    from tracker.diff import summarize, summary_line
    from tracker.model import Change

    rows = []
    for entry in store.log(brief):
        changes = [Change.from_dict(c) for c in entry["changes"]]
        rows.append({"brief": brief, "edition": entry["number"], "as_of": entry["as_of"],
                     "sha256": entry["sha256"], "ingested_at": entry["ingested_at"],
                     "source": entry["source"], "compared_with": entry["previous"],
                     "summary": summarize(changes), "summary_line": summary_line(changes)})
    return rows


def log_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no editions stored\n"
    lines = [f"#{r['edition']:<4} {r['as_of']}  {r['sha256'][:12]}  ingested {r['ingested_at'][:19]}  "
             f"{r['summary_line']}" for r in rows]
    return "\n".join(lines) + "\n"


# --- diff ------------------------------------------------------------------------------

def diff_refs(store: Any, brief: str, from_ref: str, to_ref: str | None) -> dict[str, Any]:
    """The Diff JSON between two references; loads the two snapshots and nothing else."""
    from tracker.diff import compare, diff_document

    before_info = store.resolve(brief, from_ref)
    after_info = store.resolve(brief, to_ref)
    aliases = alias_map(store, brief)
    before = apply_aliases(store.snapshot(brief, before_info.number), aliases)
    after = apply_aliases(store.snapshot(brief, after_info.number), aliases)
    changes = compare(before, after)
    return diff_document(brief, edition_ref(before_info), edition_ref(after_info), changes)


def alias_map(store: Any, brief: str) -> dict[str, str]:
    """identity -> canonical key from the hand-made aliases, applied at read time too."""
    from tracker.identity import place_key

    return {place_key(alias.name): alias.key for alias in store.aliases(brief)}


def apply_aliases(snapshot: Snapshot, aliases: dict[str, str]) -> Snapshot:
    if not aliases:
        return snapshot
    from tracker.identity import rekey

    return rekey(snapshot, aliases)


# --- show ------------------------------------------------------------------------------

def show_document(store: Any, brief: str, ref: str | None) -> dict[str, Any]:
    """The snapshot in force at REF (or the newest), with the edition it comes from."""
    info = store.resolve(brief, ref)
    snapshot = store.snapshot(brief, info.number)
    return {"brief": brief, "edition": edition_header(info), **snapshot.to_dict()}


# --- history ---------------------------------------------------------------------------

def find_key(store: Any, brief: str, name: str) -> str:
    """NAME matched through keys, every spelling seen and aliases, case-insensitively."""
    from tracker.identity import closest, place_key

    names = store.known_names(brief)  # spelling or key -> key
    aliases = alias_map(store, brief)  # a hand-made alias wins over the spelling it renames
    if place_key(name) in aliases:
        return aliases[place_key(name)]
    wanted = name.strip().lower()
    for spelling, key in names.items():
        if spelling.lower() == wanted or key == wanted:
            return key
    identity = place_key(name)
    for spelling, key in names.items():
        if identity and (place_key(spelling) == identity or key == identity):
            return key
    suggestions = closest(name, names.keys())
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no base, count or place called {name!r} in brief {brief!r}{hint}")


def history(store: Any, brief: str, name: str) -> dict[str, Any]:
    """One entity across editions: added, changed (fields), unchanged or removed, per edition."""
    key = find_key(store, brief, name)
    versions = {row["edition"]: row for row in store.entity_rows(brief, merged_keys(store, brief, key))}
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for info in store.editions(brief):
        row = versions.get(info.number)
        entry = {**edition_ref(info), "ingested_at": info.ingested_at}
        if row is None:
            if previous is not None:
                rows.append({**entry, "status": "removed", "name": previous["name"], "text": None, "changes": []})
            previous = None
            continue
        changes = entity_changes(previous, row)
        status = "added" if previous is None else ("changed" if changes else "unchanged")
        rows.append({**entry, "status": status, "name": row["name"], "kind": row["kind"],
                     "text": row["data"].get("text"), "data": row["data"], "changes": changes})
        previous = row
    if not rows:
        raise NotFoundError(f"{name!r} appears in no stored edition of {brief!r}")
    from tracker.diff import count_label

    last = versions[max(versions)] if versions else None
    label = count_label(_as_snapshot(last).counts[0]) if last and last["kind"] == "count" else rows[-1]["name"]
    return {"brief": brief, "key": key, "name": label, "editions": rows}


def alias_folding(store: Any, brief: str) -> dict[str, str]:
    """Stored key -> the key a hand-made alias folds it into (entries stored before the alias)."""
    from tracker.identity import place_key

    targets = {place_key(a.name): a.key for a in store.aliases(brief)}
    if not targets:
        return {}
    folded = {}
    for spelling, key in store.known_names(brief).items():
        target = targets.get(place_key(spelling))
        if target and target != key:
            folded[key] = target
    return folded


def merged_keys(store: Any, brief: str, key: str) -> list[str]:
    """The key plus the keys that hand-made aliases fold into it."""
    return sorted({key} | {old for old, new in alias_folding(store, brief).items() if new == key})


def entity_changes(previous: dict[str, Any] | None, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Field changes of one entity between two of its versions, via the diff engine."""
    if previous is None:
        return []
    from tracker.diff import compare

    before, after = _as_snapshot(previous), _as_snapshot(row)
    return [{"field": c.field, "before": c.before, "after": c.after}
            for c in compare(before, after) if c.kind == "changed"]


def _as_snapshot(row: dict[str, Any]) -> Snapshot:
    data = dict(row["data"], key=row["key"])
    if row["kind"] == "count":
        return Snapshot.from_dict({"counts": [data]})
    return Snapshot.from_dict({"events": [data]})


def history_text(doc: dict[str, Any]) -> str:
    from tracker.present.text import field_name

    lines = [f"{doc['name']} ({doc['key']}) in {doc['brief']}:"]
    for row in doc["editions"]:
        when = f"#{row['edition']} ({written_date(row['as_of'])})"
        if row["status"] == "added":
            detail = _event_phrase(row.get("data") or {})
            lines.append(f"  {when}: first reported as {row['name']!r}{detail}.")
        elif row["status"] == "changed":
            what = "; ".join(f"{field_name(c['field'])} {_fmt(c['before'])} -> {_fmt(c['after'])}" for c in row["changes"])
            lines.append(f"  {when}: revised: {what}.")
        elif row["status"] == "unchanged":
            lines.append(f"  {when}: unchanged.")
        else:
            lines.append(f"  {when}: retracted (no longer listed).")
        if row.get("text") and row["status"] in ("added", "changed"):
            lines.append(f"      \"{row['text']}\"")
    return "\n".join(lines) + "\n"


def _event_phrase(data: dict[str, Any]) -> str:
    parts = []
    if data.get("action") or data.get("status"):
        parts.append(" ".join(p for p in (data.get("action"), data.get("status")) if p))
    if "date" in data:
        parts.append(f"on {written_date(data.get('date'))}")
    if data.get("value") is not None:
        parts.append(f"value {data['value']}")
    return f" ({', '.join(parts)})" if parts else ""


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return written_date(value)
    return str(value)


# --- timeline --------------------------------------------------------------------------

def timeline(store: Any, brief: str, *, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Events by event date, each with the edition that first reported it and later revisions."""
    editions = store.editions(brief)
    order = {info.number: i for i, info in enumerate(editions)}
    latest = editions[-1].number if editions else None
    folded = alias_folding(store, brief)
    by_key: dict[str, dict[int, dict[str, Any]]] = {}
    for row in store.entity_rows(brief, None):
        if row["kind"] == "event":
            key = folded.get(row["key"], row["key"])
            versions = by_key.setdefault(key, {})
            if row["key"] == key or row["edition"] not in versions:  # the aliased key's own row wins
                versions[row["edition"]] = row
    info_of = {info.number: info for info in editions}
    rows = [_timeline_row(key, sorted(versions.values(), key=lambda r: order[r["edition"]]), info_of, latest)
            for key, versions in by_key.items()]
    rows = [r for r in rows if _within(r["date"], since, until)]
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["key"]))


def _timeline_row(key: str, versions: list[dict[str, Any]], info_of: dict[int, Any], latest: int | None) -> dict[str, Any]:
    first, last = versions[0], versions[-1]
    revisions = []
    for before, after in zip(versions, versions[1:]):
        changes = entity_changes(before, after)
        if changes:
            revisions.append({**edition_ref(info_of[after["edition"]]), "changes": changes})
    retracted = None if last["edition"] == latest else edition_ref(_next_after(info_of, last["edition"]))
    return {"key": key, "name": last["name"], "date": last["data"].get("date"),
            "action": last["data"].get("action"), "status": last["data"].get("status"),
            "first_reported": {**edition_ref(info_of[first["edition"]]),
                               "ingested_at": info_of[first["edition"]].ingested_at},
            "revisions": revisions, "retracted": retracted}


def _next_after(info_of: dict[int, Any], number: int) -> Any:
    numbers = list(info_of)
    return info_of[numbers[numbers.index(number) + 1]]


def _within(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since) and (until is None or date <= until)


def timeline_text(rows: Iterable[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        first = row["first_reported"]
        state = " ".join(p for p in (row["action"], row["status"]) if p)
        line = f"{written_date(row['date']):>17}  {row['name']}"
        line += f" ({state})" if state else ""
        line += f"  first reported in #{first['edition']} ({written_date(first['as_of'])})"
        for rev in row["revisions"]:
            fields = ", ".join(c["field"] for c in rev["changes"])
            line += f"; revised in #{rev['edition']} ({fields})"
        if row["retracted"]:
            line += f"; retracted in #{row['retracted']['edition']} ({written_date(row['retracted']['as_of'])})"
        lines.append(line)
    return ("\n".join(lines) + "\n") if lines else "no events\n"
