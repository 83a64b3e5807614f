"""`verify`: the projections, the indexes derived from the stored snapshots, are exactly what
the snapshots give.

- entity_versions: per edition, its rows' JSON joined in insertion order must be the
  snapshot's canonical events and counts arrays byte for byte (the newest reading's, for an
  edition read again), and each row's key/name/date columns those of its own JSON; rows for
  an edition that is not stored are reported;
- identities: replayed from the distinct (key, name, aliases) events, in the order editions
  first show them, and equal to the table exactly;
- event_revisions: against entity_versions (itself proved against the snapshots).

entity_versions is checked in the editions' pass (`BriefProjection` watches it, see
`tracker.audit.editions.check_editions`): its aggregate rows, read by `tracker.audit.aggregate`,
are merged with the editions in number order, with no per-edition query.

A difference is a projection to rebuild (`tracker verify --repair`, `tracker.audit.repair`);
this module never writes, and does not re-hash the snapshots it compares with (the edition
verifier does).
"""

from __future__ import annotations

from collections.abc import Iterator
import json
from typing import Any

from sqlalchemy import Connection, text

from tracker.audit.aggregate import TwinGroups, aggregate_sql
from tracker.audit.editions import Edition
from tracker.audit.problems import Problems, rows
from tracker.model import Event, Snapshot
from tracker.store.queries import newest_snapshots


class ProjectionCheck:
    """The projections of every brief, checked brief by brief in the editions' pass; the
    identities replayed on the way, by (brief, identity), for `check_identities`."""

    def __init__(self, conn: Connection, problems: Problems, groups: TwinGroups | None) -> None:
        self.conn, self.problems, self.groups = conn, problems, groups
        self.identities: dict[tuple[str, str], str] = {}

    def brief(self, brief: str) -> BriefProjection:
        """The watcher of one brief's editions (asked for in the order of `groups`' briefs)."""
        if self.groups is not None:  # read on another thread, while this one hashes
            groups = self.groups.rows(brief)
        else:
            groups = iter(rows(self.conn, aggregate_sql(self.conn.dialect.name), brief=brief))
        return BriefProjection(self.conn, brief, groups, self.problems, self.identities)


class BriefProjection:
    """One brief's entity_versions aggregate rows, merged with its editions as they stream by
    in number order (`see`), then the rows left over and the brief's identities (`finish`)."""

    def __init__(self, conn: Connection, brief: str, groups: Iterator[Any], problems: Problems,
                 into: dict[tuple[str, str], str]) -> None:
        self.conn, self.brief, self.problems, self.into = conn, brief, problems, into
        self.groups = _numbered(groups, brief, problems)
        self.pending = next(self.groups, None)
        self.identities: dict[str, str] = {}
        self.idents = IdentityReplay(self.identities)
        self.newer = newest_snapshots(conn, brief)  # editions read again: the projection follows the newest

    def see(self, row: Edition) -> None:
        """The edition's projection rows against its snapshot in force; rows of missing
        editions before it are reported (and fed to the identities all the same)."""
        number, group = row.number, None
        while self.pending is not None and self.pending[0] <= number:
            if self.pending[0] < number:
                self._missing(self.pending)
            else:
                group = self.pending
            self.pending = next(self.groups, None)
        joined, low, high, bad, records, events = group[1:] if group else ("", row.as_of, row.as_of, 0, None, 0)
        in_force = self.newer.get(number, row.snapshot)
        same = same_arrays(in_force, joined) or joined == entity_arrays(in_force)
        if not same or low != row.as_of or high != row.as_of or bad:
            self.problems.add("projection entity_versions differs from the stored snapshot "
                              "(rebuild with `tracker verify --repair`)", self.brief, number)
        self.idents.feed(records, events)

    def finish(self) -> None:
        """Rows after the last edition; then the brief's identities, the exact (slow) way if
        the fast records could not be read."""
        while self.pending is not None:
            self._missing(self.pending)
            self.pending = next(self.groups, None)
        if self.idents.unreadable:
            self.identities.clear()
            replay_identities(self.conn, self.brief, self.identities)  # one grouped query
        self.into.update({(self.brief, i): k for i, k in self.identities.items()})

    def _missing(self, group: Any) -> None:
        self.problems.add("projection entity_versions has rows for a missing edition", self.brief, group[0])
        self.idents.feed(group[5], group[6])


def _numbered(groups: Iterator[Any], brief: str, problems: Problems) -> Iterator[Any]:
    """Projection groups whose edition is a number; any other (a tampered row, since the
    column is declared an integer) is a problem, not a crash."""
    for group in groups:
        if isinstance(group[0], int) and not isinstance(group[0], bool):
            yield group
        else:
            problems.add(f"projection entity_versions of brief {brief} has rows for edition "
                         f"{group[0]!r}, which is not a number (rebuild with `tracker verify --repair`)")


def entity_arrays(snapshot: str) -> str | None:
    """The snapshot's events array then counts array, as the projection's rows join up."""
    i = snapshot.find('"counts":[')
    j = snapshot.find('],"events":[', i)
    k = snapshot.find('],"sections":[', j) if j >= 0 else -1  # always there, after the events
    if i < 0 or j < 0 or k < 0:
        return None
    # the arrays that sort between: an analyst's corrections, what the report takes back (each
    # looked for before the sections only: they are most often absent, and the sections long)
    for after in ('],"fact_corrections":[', '],"retractions":['):
        found = snapshot.find(after, j, k)
        if found >= 0:
            k = found
            break
    counts, events = snapshot[i + 10:j], snapshot[j + 12:k]
    return f"{events},{counts}" if events and counts else events or counts


# What may follow a snapshot's events array (the keys sort so): an analyst's corrections, what
# the report takes back, the sections (always there). No entity object has such a key, and a
# `,"` cannot occur inside a JSON string, so each occurs once in a snapshot, where it is.
_AFTER_EVENTS = ('],"fact_corrections":[', '],"retractions":[', '],"sections":[')


def same_arrays(snapshot: str, joined: str | None) -> bool:
    """True when `joined` is the snapshot's events then counts arrays (`entity_arrays`),
    found without scanning the events: the counts array (short, near the start) tells
    where the events part of `joined` ends, which must then be the snapshot's text from
    the events' start up to one of the keys that may follow them. False may also mean
    "not sure" (an empty array, no counts): the caller then compares with `entity_arrays`."""
    if not joined:
        return False
    i = snapshot.find('"counts":[')
    j = snapshot.find('],"events":[', i) if i >= 0 else -1
    if j < 0 or j == i + 10:  # no counts array, or an empty one
        return False
    counts = snapshot[i + 10:j]
    size = len(joined) - len(counts) - 1
    if size <= 0 or not joined.endswith(counts) or joined[size] != ",":
        return False
    start = j + 12
    return (snapshot.startswith(joined[:size], start)
            and snapshot.startswith(_AFTER_EVENTS, start + size))


class IdentityReplay:
    """First-wins identities, fed each edition's identity records in edition order: only the
    records not seen before are parsed and passed to `identities_of` (an event's identities
    depend only on its key, name and aliases, so a repeated one adds nothing; names repeat
    from edition to edition). Equal to replaying every snapshot, the projection rows having
    been checked against the snapshots."""

    def __init__(self, identities: dict[str, str]) -> None:
        from tracker.identity import identities_of

        self.identities = identities
        self.seen: set[str] = set()
        self.unreadable = False
        self.last: tuple[str | None, int] | None = None
        self.identities_of = identities_of

    def feed(self, records: str | None, events: int) -> None:
        if self.unreadable or (records, events) == self.last:
            return  # the same records as the edition before (often): read, all seen
        self.last = (records, events)
        split = records.split("\x1e") if records else []
        if len(split) != events:
            self.unreadable = True  # a separator in a key or name: use the exact grouped query
            return
        seen, batch = self.seen, []
        for record in split:
            if record in seen:
                continue
            seen.add(record)
            fields = record.split("\x1f")
            if len(fields) != 3:
                self.unreadable = True
                return
            key, name, aliases = fields
            try:
                parsed = json.loads(aliases) if aliases else ()
                names = tuple(parsed) if parsed else ()
            except (ValueError, TypeError):
                names = ()
            batch.append(Event(key=key, name=name, aliases=names))
        if batch:
            _add(self.identities, self.identities_of(Snapshot(events=tuple(batch))))


def replay_identities(conn: Connection, brief: str, identities: dict[str, str]) -> None:
    """First-wins identities from each distinct (key, name, aliases) event, fed to
    `identities_of` grouped by the edition that first showed it, in edition order.

    An event's identities depend only on those three; an event seen before adds nothing, so
    this equals replaying every snapshot (the projection rows were checked against the
    snapshots above). Reads one row per distinct event, not one per edition."""
    from tracker.identity import identities_of

    if conn.dialect.name == "postgresql":
        aliases = "(data::jsonb -> 'aliases')::text"
    else:
        aliases = "json_extract(data, '$.aliases')"
    found = conn.execute(text(
        f"SELECT key, name, {aliases} AS aliases, min(edition) AS first_edition, min(id) AS first_id "
        "FROM entity_versions WHERE brief = :brief AND kind = 'event' "
        f"GROUP BY key, name, {aliases} ORDER BY first_edition, first_id"
    ).bindparams(brief=brief))
    batch: list[Event] = []
    current = None
    for row in found:
        if row.first_edition != current and batch:
            _add(identities, identities_of(Snapshot(events=tuple(batch))))
            batch = []
        current = row.first_edition
        try:
            names = tuple(json.loads(row.aliases)) if row.aliases else ()
        except (ValueError, TypeError):
            names = ()
        batch.append(Event(key=row.key, name=row.name or "", aliases=names))
    if batch:
        _add(identities, identities_of(Snapshot(events=tuple(batch))))


def _add(identities: dict[str, str], found: dict[str, str]) -> None:
    for identity, key in found.items():
        identities.setdefault(identity, key)


def check_identities(conn: Connection, expected: dict[tuple[str, str], str], problems: Problems) -> None:
    """The identities table against the replay (`ProjectionCheck.identities`)."""
    actual = {(brief, identity): key for brief, identity, key in
              rows(conn, "SELECT brief, identity, key FROM identities")}
    if actual != expected:
        wrong = sorted(set(actual.items()) ^ set(expected.items()))
        brief, identity = wrong[0][0]
        problems.add(f"projection identities differs ({len(wrong)} rows, e.g. {identity!r} in "
                     f"{brief}; rebuild with `tracker verify --repair`)")


def check_revisions(conn: Connection, problems: Problems, found: tuple[str | None] | None = None) -> None:
    """event_revisions against entity_versions (itself checked against the snapshots above);
    `found`: what `revisions_on` gave, when it ran on a second connection, else run here."""
    from tracker.store import revisions

    wrong = found[0] if found is not None else revisions.first_difference(conn)
    if wrong:
        problems.add(f"projection event_revisions differs: {wrong}; rebuild with `tracker verify --repair`")


def revisions_on(twin: Any) -> tuple[str | None]:
    """The revisions check on a plain sqlite3 connection (verify's second one, which sees the
    same snapshot): why event_revisions differs, or None, as a one-tuple."""
    from tracker.store import revisions

    return (revisions.first_difference_by(twin.execute),)
