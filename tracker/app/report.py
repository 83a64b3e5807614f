"""The data behind `tracker report`: one plain document for the HTML page.

It is put together from the audit views (`tracker.app.views`: log, timeline) so that whatever
they learn (faster queries, brief modes, retracted editions) reaches the page too, plus one pass
over the stored entity versions for what the views do not give: each base's versions field by
field, the sentence behind every mark, and the headline counts beside the items each edition
listed. Nothing here re-parses an edition or runs the diff engine again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tracker.app import views
from tracker.app.facts import list_corrections
from tracker.app.foldbases import HISTORY_FIELDS, base_histories, folded_states
from tracker.app.marks import Notes, applied, note_json, notes_by_edition
from tracker.app.names import alias_folding
from tracker.app.output import write_output
from tracker.model import restates
from tracker.parse.counts import disagrees
from tracker.vocabulary.periods import date_value, narrows, split_value

MAX_CARDS = 500  # newest first; older editions stay one `tracker diff` away, the page stays light


def report_data(store: Any, brief: str, *, cards: int = MAX_CARDS) -> dict[str, Any]:
    """Everything the report shows, as plain data (lists and dicts, JSON-ready): the editions
    in as-of order, the change cards of the newest `cards` of them (newest first), the
    timeline with its marks, the count series and each base's history."""
    editions = [views.edition_header(info) for info in store.editions(brief)]
    numbers = [row["edition"] for row in editions]
    as_of = {row["edition"]: row["as_of"] for row in editions}
    newest = numbers[::-1][:cards]
    logged = {row["edition"]: row for row in views.log_rows(store, brief, with_changes=True, numbers=newest)}
    position = {n: i for i, n in enumerate(numbers)}
    versions, counts, listed = _entity_pass(store, brief, numbers)
    compiled = _compiled_tallies(store, brief, counts)
    timeline = views.timeline(store, brief)
    folded = _folded_bases(store, brief, timeline)
    notes = notes_by_edition(store, brief)  # an analyst's corrections: {} for most briefs
    return {
        "brief": brief,
        "editions": editions,
        "cards": [logged[n] for n in newest if n in logged],
        "timeline": [_with_marks(row, versions.get(row["key"], [])) for row in timeline],
        "counts": _mark_counts(_count_series(counts, listed, numbers, compiled), notes),
        "listed": [{"edition": n, **listed.get(n, {"listed": 0, "completed": 0})} for n in numbers],
        "corrections": views.corrections(store, brief),
        "facts": list_corrections(store, brief) if store.fact_records(brief) else [],
        "bases": folded if folded is not None else _mark_bases(
            [_base_history(key, rows, numbers, position, as_of)
             for key, rows in _in_timeline_order(versions, timeline)], notes),
        "bases_folded": folded is not None,
    }


def _folded_bases(store: Any, brief: str, timeline: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """A cumulative brief's history per base, from its folded states (None for a restating
    brief): a report silent about a base never strikes it through."""
    from tracker.app.folded import is_folding

    if not is_folding(store, brief):
        return None
    return base_histories(folded_states(store, brief), [row["key"] for row in timeline])


def write_report(target: Path, html: str) -> None:
    """Write the page atomically (a reader, or a browser refreshing it, never sees half of it),
    or straight into a device or a pipe."""
    write_output(target, lambda out: out.write(html), mode=0o644)


# --- one pass over the stored entity versions ----------------------------------------------

def _entity_pass(store: Any, brief: str, numbers: list[int]) -> tuple[dict, dict, dict]:
    """(event versions by folded key, count versions by key, items listed per edition).

    An event version is a tuple (edition, as_of, name, data): there are editions x events of
    them, so no dict each; rows repeating the version before share its decoded data."""
    folded = alias_folding(store, brief)
    known = set(numbers)
    events: dict[str, dict[int, tuple]] = {}
    counts: dict[str, dict[int, dict[str, Any]]] = {}
    tallies: dict[int, list[int]] = {}
    # key -> (its last JSON text, decoded, whether completed)
    decoded: dict[str, tuple[str, dict[str, Any], bool]] = {}
    for edition, as_of, kind, key, name, _date, text in store.entity_rows(brief, None, decode=False):
        if edition not in known:  # an edition the views leave out (e.g. retracted)
            continue
        last = decoded.get(key)
        if last is None or last[0] != text:
            data = json.loads(text)
            last = decoded[key] = (text, data, data.get("status") == "completed")
        data = last[1]
        if kind == "count":
            counts.setdefault(key, {})[edition] = {"edition": edition, "as_of": as_of, "data": data}
            continue
        if kind != "event":
            continue
        tally = tallies.get(edition)
        if tally is None:
            tally = tallies[edition] = [0, 0]
        tally[0] += 1
        if last[2]:
            tally[1] += 1
        home = folded.get(key, key) if folded else key
        mine = events.get(home)
        if mine is None:
            mine = events[home] = {}
        if key == home or edition not in mine:  # the aliased key's own row wins
            mine[edition] = (edition, as_of, name, data)
    # rows come in as-of order (ties: edition number), the order of `numbers`
    listed = {n: {"listed": t[0], "completed": t[1]} for n, t in tallies.items()}
    return {key: list(rows.values()) for key, rows in events.items()}, counts, listed


def _in_timeline_order(versions: dict[str, list], timeline: list[dict]) -> Iterable[tuple[str, list]]:
    for row in timeline:
        if row["key"] in versions:
            yield row["key"], versions[row["key"]]


# --- timeline marks ----------------------------------------------------------------------------

def _with_marks(row: dict[str, Any], versions: list[tuple]) -> dict[str, Any]:
    """A timeline row plus its marks: the event itself, the edition that first reported it,
    each revision and the retraction, each with the sentence it rests on."""
    text_at: dict[int, str] = {}
    previous = None
    for edition, _as_of, _name, data in versions:  # a revision is where the version changes
        if data is not previous:
            text_at[edition] = data.get("text") or ""
            previous = data
    last_text = versions[-1][3].get("text", "") if versions else ""
    first = row["first_reported"]
    marks = []
    if row.get("date"):
        marks.append({"kind": "event", "date": row["date"], "edition": first["edition"],
                      "status": row.get("status"), "text": last_text})
    else:  # no edition states its date: its status shows at its first report, "date not stated"
        marks.append({"kind": "event", "date": first["as_of"], "edition": first["edition"],
                      "status": row.get("status"), "text": last_text, "undated": True})
    marks.append({"kind": "reported", "date": first["as_of"], "edition": first["edition"],
                  "status": None, "text": text_at.get(first["edition"], "")})
    for rev in row.get("revisions", ()):
        marks.append({"kind": "revised", "date": rev["as_of"], "edition": rev["edition"], "status": None,
                      "text": text_at.get(rev["edition"], ""), "changes": rev["changes"]})
    if row.get("retracted"):
        gone = row["retracted"]
        marks.append({"kind": "retracted", "date": gone["as_of"], "edition": gone["edition"],
                      "status": None, "text": last_text})
    return {**row, "marks": marks}


# --- counts over as-of dates ---------------------------------------------------------------------

def _compiled_tallies(store: Any, brief: str, counts: dict[str, dict[int, dict]]) -> dict[int, dict[str, int]]:
    """For each report of a cumulative brief that states a count: the facts compiled so far
    (standing events, and those completed). Such a report lists only what is new, so its
    counts are compared with these rather than with its own list."""
    from tracker.app.folded import is_folding, state_at
    from tracker.store.records import mode_at

    stated = {n for by_edition in counts.values() for n in by_edition}
    if not stated or not is_folding(store, brief):
        return {}
    modes = store.modes(brief)
    out = {}
    for info in store.editions(brief):
        if info.number in stated and mode_at(modes, info.number) == "cumulative":
            events = state_at(store, brief, info).standing("event")
            out[info.number] = {"listed": len(events), "completed": sum(
                1 for f in events if f.data.get("status") == "completed"), "basis": "compiled"}
    return out


def _count_series(counts: dict[str, dict[int, dict]], listed: dict[int, dict[str, int]],
                  numbers: list[int], compiled: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Per count key, its value in each edition that states it, beside the items that edition
    listed (for a report of a cumulative brief: the facts compiled so far, `compiled`); a
    point disagrees when a count of places matches neither those items nor those completed
    (the parser's own rule)."""
    series = []
    compiled = compiled or {}
    position = {n: i for i, n in enumerate(numbers)}
    for key, by_edition in counts.items():
        points = []
        for number in numbers:
            row = by_edition.get(number)
            if row is None:
                continue
            data = row["data"]
            tally = compiled.get(number) or {**listed.get(number, {"listed": 0, "completed": 0}), "basis": "listed"}
            points.append({"edition": number, "as_of": row["as_of"], "value": data.get("value"),
                           "stated_as_of": data.get("as_of"), "text": data.get("text") or "",
                           **tally, "disagrees": disagrees(data.get("subject"), data.get("value"),
                                                           tally["listed"], tally["completed"])})
        mark_reconfirmed(points)
        last = by_edition[max(by_edition, key=position.__getitem__)]["data"] if by_edition else {}
        series.append({"key": key, "subject": last.get("subject") or key, "points": points})
    return sorted(series, key=lambda s: (-len(s["points"]), s["key"]))


def mark_reconfirmed(points: list[dict[str, Any]]) -> None:
    """Flag each point that states the figure of the point before it again as of a later
    day (`reconfirmed`, as the diff calls it): the chart draws it on the same step."""
    for before, point in zip(points, points[1:]):
        point["reconfirmed"] = restates(before["value"], before.get("stated_as_of"),
                                        point["value"], point.get("stated_as_of"))


def _mark_counts(series: list[dict[str, Any]], notes: dict[int, Notes]) -> list[dict[str, Any]]:
    """Each count's points marked with the analyst's corrections applied to it in that
    edition (`corrections`: id, op, field, before, after, reason, by, at), and each series
    with the points so corrected (`corrected`)."""
    if not notes:
        return series
    for s in series:
        for point in s["points"]:
            mine = applied(notes.get(point["edition"], ()), "count", s["key"])
            if mine:
                point["corrections"] = [note_json(n, op=True) for n in mine]
        s["corrected"] = [p for p in s["points"] if p.get("corrections")]
    return series


# --- history per base ---------------------------------------------------------------------------

def _base_history(key: str, versions: list[dict[str, Any]], numbers: list[int],
                  position: dict[int, int], as_of: dict[int, str]) -> dict[str, Any]:
    """Every name the base had, and its fields in each edition where any of them changed
    (or where it stopped or started being listed)."""
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    previous: dict[str, Any] | None = None
    previous_at = -2
    previous_data = None
    for edition, version_as_of, name, data in versions:
        at = position[edition]
        if data is previous_data and at == previous_at + 1:  # the same version again
            previous_at = at
            continue
        previous_data = data
        fields = {f: data.get(f) for f in HISTORY_FIELDS}
        if data.get("date_precision"):  # "late March 2020", never its first day alone
            fields["date"] = date_value(data.get("date"), data["date_precision"])
        fields["name"] = name or fields["name"]
        if fields["name"] and fields["name"] not in names:
            names.append(fields["name"])
        if previous is not None and at != previous_at + 1:  # not listed in the editions between
            rows.append(_removal(numbers[previous_at + 1], as_of, previous))
            previous = None
        if previous is None or fields != previous:
            changed = [] if previous is None else [f for f in HISTORY_FIELDS if fields[f] != previous[f]]
            refined = changed == ["date"] and narrows(*split_value(previous["date"]),
                                                      *split_value(fields["date"]))
            rows.append({"edition": edition, "as_of": version_as_of,
                         "state": "added" if previous is None else "refined" if refined else "changed",
                         "fields": fields, "changed": changed, "text": data.get("text") or ""})
        previous, previous_at = fields, at
    if previous is not None and previous_at != len(numbers) - 1:
        rows.append(_removal(numbers[previous_at + 1], as_of, previous))
    return {"key": key, "names": names, "rows": rows}


def _mark_bases(bases: list[dict[str, Any]], notes: dict[int, Notes]) -> list[dict[str, Any]]:
    """Each base's history rows marked with the analyst's corrections applied in that edition
    (`corrections`: id, op, field, before, after, reason, by, at), and a row where the base
    is gone because an analyst rejected it there with the rejection (`rejected`)."""
    if not notes:
        return bases
    for base in bases:
        for row in base["rows"]:
            mine = applied(notes.get(row["edition"], ()), "event", base["key"])
            if row["state"] == "removed":
                gone = [n for n in mine if n.op == "reject"]
                if gone:
                    row["rejected"] = note_json(gone[0], op=True)
            elif mine:
                row["corrections"] = [note_json(n, op=True) for n in mine if n.op != "reject"]
    return bases


def _removal(number: int, as_of: dict[int, str], fields: dict[str, Any]) -> dict[str, Any]:
    return {"edition": number, "as_of": as_of[number], "state": "removed", "fields": fields,
            "changed": [], "text": ""}
