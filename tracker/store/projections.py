"""The projections read and rebuilt: the rows the views (history, timeline, export, names)
read instead of walking every stored snapshot.

`entity_versions` (one row per event or count per edition, of its newest reading),
`event_revisions` (each event's distinct successive versions, see `revisions`), `identities`
(identity -> key, first wins) and `fold_states` (a cumulative brief's state after each report)
are derived from the record and can be rebuilt from it at any time (`verify --repair`). They
are written with each edition by `ingest` and `derivations`. This module reads them and
rebuilds them with the application's rules (identities, folds) handed in: it must not parse,
settle identity, fold or diff itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, select, text

from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.records import EditionInfo, ModeInfo
from tracker.store.writer import projection_rows, state_rows


def expected_projections(conn: Connection, brief: str,
                         identities_of: Callable[[Snapshot], dict[str, str]]
                         ) -> tuple[list[dict], dict[str, str]]:
    """entity_versions rows and identities of `brief`, recomputed from the stored snapshots."""
    versions: list[dict] = []
    identities: dict[str, str] = {}
    for number, as_of, snap_dict in q.newest_snapshot_dicts(conn, brief):
        versions += projection_rows(brief, number, as_of, snap_dict)
        for identity, key in identities_of(Snapshot.from_dict(snap_dict)).items():
            identities.setdefault(identity, key)
    return versions, identities


class Projections(Database):
    """The projections, read for the views and rebuilt from the record."""

    def entity_rows(self, brief: str, key: str | Iterable[str] | None, *,
                    decode: bool = True, include_retracted: bool = False) -> list[dict[str, Any]]:
        """entity_versions rows for one key, several (e.g. keys merged by an alias) or all
        (None), in as-of order: edition, as_of, kind, key, name, date, data (a dict, shared by
        the rows holding the same version, so read-only; with `decode=False` rows that unpack
        as tuples in that order, data the stored JSON text, for callers that decode only what
        changed); the newest reading of each edition, retracted editions left out unless asked
        for."""
        self.ready()
        ev = t.entity_versions.c
        query = select(ev.edition, ev.as_of, ev.kind, ev.key, ev.name, ev.date, ev.data).where(
            ev.brief == brief)
        if key is not None:
            query = query.where(ev.key.in_([key] if isinstance(key, str) else list(key)))
        decoded: dict[str, Any] = {}  # an entity repeated unchanged is decoded once
        out = []
        with self.read() as conn:
            withdrawn = {} if include_retracted else q.retracted(conn, brief)
            if withdrawn:
                query = query.where(ev.edition.not_in(sorted(withdrawn)))
            first = (ev.edition,) if q.in_number_order(conn, brief) else (ev.as_of, ev.edition)
            rows = conn.execute(query.order_by(*first, ev.kind, ev.key))
            if not decode:  # rows as they come: a dict (or even a tuple) each costs more than the query
                return rows.fetchall()
            for edition, as_of, kind, key_, name, date, data in rows:
                parsed = decoded.get(data)
                if parsed is None:
                    parsed = decoded[data] = json.loads(data)
                out.append({"edition": edition, "as_of": as_of, "kind": kind, "key": key_,
                            "name": name, "date": date, "data": parsed})
        return out

    def event_revisions(self, brief: str) -> list[dict[str, Any]]:
        """The brief's event_revisions rows by key, then in as-of order: each event's distinct
        successive versions (key, first_edition, first_as_of, last_edition, last_as_of, and
        data as JSON text), one row per run of identical versions."""
        self.ready()
        r = t.event_revisions.c
        query = (select(r.key, r.first_edition, r.first_as_of, r.last_edition, r.last_as_of, r.data)
                 .where(r.brief == brief).order_by(r.key, r.last_as_of, r.last_edition))
        with self.read() as conn:
            return [row._asdict() for row in conn.execute(query)]

    # -- streams for export: one read transaction, rows in as-of order (ties: edition number)

    def entity_stream(self, brief: str, kind: str) -> Iterator[tuple[int, str]]:
        """(edition, data as canonical JSON text) of every `kind` ("event" or "count") row of
        the entity_versions projection, in as-of order, each edition's in snapshot order."""
        self.ready()
        ev = t.entity_versions.c
        query = select(ev.edition, ev.data).where(ev.brief == brief, ev.kind == kind)
        with self.read() as conn:
            order = (ev.edition, ev.id) if q.in_number_order(conn, brief) else (ev.as_of, ev.edition, ev.id)
            yield from (tuple(row) for row in q.stream(conn, query.order_by(*order)))

    def paragraph_stream(self, brief: str) -> Iterator[tuple[int, int, str, str, str]]:
        """(edition, position, key, title, text) of every paragraph, in as-of order, read
        through the `paragraphs` view (the engine's JSON functions, no parsing here)."""
        self.ready()
        query = text("SELECT edition, position, key, title, text FROM paragraphs WHERE brief = :b "
                     "ORDER BY as_of, edition, position")
        with self.read() as conn:
            yield from (tuple(row) for row in q.stream(conn, query.bindparams(b=brief)))

    def snapshot_stream(self, brief: str) -> Iterator[tuple[int, str]]:
        """(edition, snapshot of its newest reading as canonical JSON text) of every edition,
        in as-of order."""
        self.ready()
        e = t.editions.c
        query = select(e.number, e.snapshot).where(e.brief == brief).order_by(e.as_of, e.number)
        with self.read() as conn:
            newer = q.newest_snapshots(conn, brief)
            for number, snapshot in q.stream(conn, query):
                yield number, newer.get(number, snapshot)

    def event_spans(self, brief: str) -> dict[str, tuple[int, str, int, str]]:
        """key -> (first edition, its as-of, last edition, its as-of) in which each event was
        reported, in as-of order, from the event_revisions projection."""
        self.ready()
        r = t.event_revisions.c
        spans: dict[str, tuple[int, str, int, str]] = {}
        query = (select(r.key, r.first_edition, r.first_as_of, r.last_edition, r.last_as_of)
                 .where(r.brief == brief).order_by(r.key, r.last_as_of, r.last_edition))
        with self.read() as conn:
            for key, first, first_as_of, last, last_as_of in conn.execute(query):
                held = spans.get(key)
                spans[key] = (held[0], held[1], last, last_as_of) if held else (first, first_as_of, last, last_as_of)
        return spans

    def names_seen(self, brief: str) -> list[tuple[str, str | None]]:
        """Distinct (key, name) pairs of the brief's events and counts (name: a count's subject)."""
        self.ready()
        ev = t.entity_versions.c
        with self.read() as conn:
            return [(r.key, r.name) for r in conn.execute(
                select(ev.key, ev.name).where(ev.brief == brief).distinct())]

    def identities(self, brief: str) -> dict[str, str]:
        """identity -> key as the projection holds them (aliases not applied)."""
        self.ready()
        with self.read() as conn:
            return q.derived_identities(conn, brief)

    # -- rebuilding

    def rebuild_projections(self, identities_of: Callable[[Snapshot], dict[str, str]],
                            states: Callable[[list[tuple[EditionInfo, Snapshot]], list[ModeInfo]],
                                             list[tuple[int, str, str]]] | None = None) -> int:
        """Recompute entity_versions, identities and fold_states from the stored snapshots
        (identities by `identities_of`, folds by `states`: the application's rules), then
        event_revisions from entity_versions; returns the rows written."""
        self.ready()
        self.cache.forget()  # the identities it remembers are rebuilt

        def work(conn: Connection) -> int:
            conn.execute(t.entity_versions.delete())
            conn.execute(t.identities.delete())
            conn.execute(t.fold_states.delete())
            total = 0
            modes = q.modes_by_brief(conn)
            for brief in q.all_briefs(conn):
                if states is not None and brief in modes:
                    rows = states(q.editions_after(conn, brief, None), modes[brief])
                    if rows:
                        conn.execute(q.INSERT_STATES, state_rows(brief, rows))
                    total += len(rows)
                versions, idents = expected_projections(conn, brief, identities_of)
                if versions:
                    conn.execute(t.entity_versions.insert(), versions)
                if idents:
                    conn.execute(t.identities.insert(), [
                        {"brief": brief, "identity": i, "key": k} for i, k in sorted(idents.items())
                    ])
                total += len(versions) + len(idents)
            return total + revisions.rebuild(conn)

        return self.retrying("projections", work)
