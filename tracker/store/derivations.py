"""New readings of stored editions: the store's side of `tracker reparse`.

A reading (a derivation) is appended, never replaces one: the edition row keeps its first
reading, `derivations` holds the later ones, each chained to the reading before it and logged
as `EditionReparsed` (a correction, see `corrections`). The newest reading is the one in force,
so the projections are pointed at it in the same transaction, and the identities of the briefs
touched are recomputed with the application's rule. The snapshots come read and settled by
the application: this module must not parse, settle identity or diff.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from tracker.canonical import derivation_hash, reparsed_payload, sha256_hex, snapshot_dict, snapshot_json, sorted_json
from tracker.errors import InputError, NotFoundError, StoreError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.briefs import States, refold_in
from tracker.store.batch import Pending
from tracker.store.database import Database
from tracker.store.records import Reading
from tracker.store.writer import EDITION_REPARSED, RowView, append_log, now_utc, projection_rows


if TYPE_CHECKING:
    from tracker.store.inputs import NewDerivation


def replayed_identities(conn: Connection, brief: str,
                        identities_of: Callable[[Snapshot], dict[str, str]],
                        known: dict[tuple[str, int], Snapshot] | None = None) -> dict[str, str]:
    """The identities projection of `brief`: first wins, over its newest readings in edition
    order (`known`: newest readings already in hand, by (brief, edition), not read again)."""
    identities: dict[str, str] = {}
    known = known or {}
    e = t.editions.c
    numbers = conn.scalars(select(e.number).where(e.brief == brief).order_by(e.number)).all()
    if all((brief, n) in known for n in numbers):
        snapshots: Iterable[Snapshot] = (known[(brief, n)] for n in numbers)
    else:
        snapshots = (known.get((brief, n)) or Snapshot.from_dict(d)
                     for n, _, d in q.newest_snapshot_dicts(conn, brief))
    for snapshot in snapshots:
        for identity, key in identities_of(snapshot).items():
            identities.setdefault(identity, key)
    return identities


def refresh_identities(conn: Connection, items: Sequence[NewDerivation],
                       identities_of: Callable[[Snapshot], dict[str, str]]) -> None:
    """Recompute the identities projection of the briefs `items` touch, over their newest
    readings (those of `items` already in hand), with the application's rule."""
    known = {(item.brief, item.edition): item.snapshot for item in items}
    for brief in sorted({item.brief for item in items}):
        conn.execute(t.identities.delete().where(t.identities.c.brief == brief))
        idents = replayed_identities(conn, brief, identities_of, known)
        if idents:
            conn.execute(q.INSERT_IDENTITIES, [
                {"brief": brief, "identity": i, "key": k} for i, k in sorted(idents.items())])


class Derivations(Database):
    """Appending new readings of stored editions."""

    def write_derivations(self, items: Sequence[NewDerivation],
                          identities_of: Callable[[Snapshot], dict[str, str]],
                          states: States | None = None) -> list[Reading]:
        """Append each new reading (chained to the edition's last one, logged as
        EditionReparsed) in one transaction, point the projections at it, and recompute the
        identities of the briefs touched with `identities_of` (the application's rule), and
        with `states` (the application's fold) their fold_states, all in that transaction.
        Refuses, writing nothing, when an edition was read again since `follows`."""
        self.ready()
        if not items:
            return []

        def work(conn: Connection) -> list[Reading]:
            out = write_readings(conn, items)
            refresh_identities(conn, items, identities_of)
            if states is not None:
                for brief in sorted({item.brief for item in items}):
                    refold_in(conn, brief, states)
            return out

        try:
            return self.retrying(f"{len(items)} readings", work)
        finally:
            self.cache.forget()


def write_readings(conn: Connection, items: Sequence[NewDerivation]) -> list[Reading]:
    """`write_reading` for many readings in the open write transaction, their rows written
    together (`batch.Pending`): the editions' first and newest readings and their event keys
    read in a few queries, each edition's old projection rows deleted at once, and the
    revisions of every touched event recomputed once per brief, over the final versions."""
    editions = sorted({(item.brief, item.edition) for item in items})
    first, last, keys = _reading_state(conn, editions)
    pending = Pending(conn)
    versions: dict[tuple[str, int], list[dict]] = {}
    out = []
    for item in items:
        where, snap_dict = (item.brief, item.edition), snapshot_dict(item.snapshot)
        snap_json, encoded = snapshot_json(snap_dict)  # each event and count encoded once
        row, previous_version = _next_reading(item, first.get(where), last.get(where), now_utc(),
                                              snap_json)
        stamp = row["recorded_at"]
        pending.add("derivations", [row])
        payload = reparsed_payload(RowView(row), previous_version, item.summary)
        pending.append_log(item.brief, item.edition, [(EDITION_REPARSED, sorted_json(payload))], stamp)
        last[where] = RowView(row)
        versions[where] = projection_rows(item.brief, item.edition, first[where].as_of, snap_dict, encoded)
        keys.setdefault(item.brief, set()).update(r["key"] for r in versions[where] if r["kind"] == "event")
        out.append(Reading(item.brief, item.edition, row["derivation"], item.parser_version, stamp,
                           row["snapshot_sha256"], row["chain_hash"], item.snapshot))
    for brief in sorted({b for b, _ in editions}):  # the old projection rows of those editions
        numbers = [n for b, n in editions if b == brief]
        for at in range(0, len(numbers), 500):
            conn.execute(t.entity_versions.delete().where(t.entity_versions.c.brief == brief,
                                                          t.entity_versions.c.edition.in_(numbers[at:at + 500])))
    for rows in versions.values():
        pending.add("entity_versions", rows)
    pending.flush()
    for brief, touched in sorted(keys.items()):
        revisions.refresh(conn, brief, touched)
    return out


def _reading_state(conn: Connection, editions: list[tuple[str, int]]) -> tuple[dict, dict, dict]:
    """For (brief, edition) pairs: their first readings (editions rows), their newest later
    readings, and per brief the keys of their events in the projection now."""
    first: dict[tuple[str, int], Any] = {}
    last: dict[tuple[str, int], Any] = {}
    keys: dict[str, set[str]] = {}
    e, d, v = t.editions.c, t.derivations.c, t.entity_versions.c
    for brief in sorted({b for b, _ in editions}):
        numbers = [n for b, n in editions if b == brief]
        for at in range(0, len(numbers), 500):
            chunk = numbers[at:at + 500]
            for row in conn.execute(select(*q.FIRST_READING.selected_columns)
                                    .where(e.brief == brief, e.number.in_(chunk))):
                first[(brief, row.edition)] = row
            for row in conn.execute(select(*q.READING_COLS).where(d.brief == brief, d.edition.in_(chunk))
                                    .order_by(d.edition, d.derivation)):
                last[(brief, row.edition)] = row
            keys.setdefault(brief, set()).update(conn.scalars(
                select(v.key).where(v.brief == brief, v.kind == "event", v.edition.in_(chunk))))
    return first, last, keys


def _next_reading(item: NewDerivation, first: Any, last: Any, stamp: str,
                  snap_json: str | None = None) -> tuple[dict, str]:
    """The derivations row of `item` after the edition's newest reading (`last`, else its
    `first`), and the parser version of that reading (`snap_json`: the snapshot's JSON when
    made already); refused as `write_reading` refuses."""
    brief, number = item.brief, item.edition
    if first is None:
        raise NotFoundError(f"brief {brief!r} has no edition {number}")
    last = last or first
    current = getattr(last, "derivation", 1)
    if current != item.follows:
        raise StoreError(f"edition {number} of {brief!r} was read again meanwhile (reading "
                         f"{current}); run `tracker reparse` again")
    if item.snapshot.as_of != first.as_of:
        raise InputError(f"a new reading of edition {number} of {brief!r} must keep its as-of "
                         f"date {first.as_of}, not {item.snapshot.as_of}")
    if snap_json is None:
        snap_json = sorted_json(snapshot_dict(item.snapshot))
    row = {"brief": brief, "edition": number, "derivation": current + 1, "recorded_at": stamp,
           "parser_version": item.parser_version, "snapshot": snap_json,
           "snapshot_sha256": sha256_hex(snap_json), "prev_chain_hash": last.chain_hash}
    row["chain_hash"] = derivation_hash(last.chain_hash, brief, number, current + 1, stamp,
                                        item.parser_version, row["snapshot_sha256"])
    return row, last.parser_version


def write_reading(conn: Connection, item: NewDerivation) -> Reading:
    """Append one new reading in the open write transaction: chained to the edition's last
    reading, logged as EditionReparsed, the projections pointed at it. Refuses when the
    edition was read again since `item.follows`."""
    brief, number = item.brief, item.edition
    first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
    last = conn.execute(q.NEWEST_READING, {"brief": brief, "number": number}).first() if first else None
    row, previous_version = _next_reading(item, first, last, now_utc())
    stamp = row["recorded_at"]
    conn.execute(q.INSERT_DERIVATION, row)
    payload = reparsed_payload(RowView(row), previous_version, item.summary)
    append_log(conn, brief, number, [(EDITION_REPARSED, sorted_json(payload))], stamp)
    keys = {key for key, _ in conn.execute(revisions.EVENTS_OF_EDITION, {"brief": brief, "edition": number})}
    conn.execute(q.DELETE_VERSIONS_OF, {"b": brief, "n": number})
    rows = projection_rows(brief, number, first.as_of, snapshot_dict(item.snapshot))
    if rows:
        conn.execute(q.INSERT_VERSIONS, rows)
    revisions.refresh(conn, brief, keys | {r["key"] for r in rows if r["kind"] == "event"})
    return Reading(brief, number, row["derivation"], item.parser_version, stamp, row["snapshot_sha256"],
                   row["chain_hash"], item.snapshot)
