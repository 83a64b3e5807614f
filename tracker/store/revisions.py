"""The `event_revisions` projection: each event's distinct successive versions.

`entity_versions` holds one row per entity per edition, so anything that walks an event's
past through it costs editions x events. `event_revisions` folds each event's versions, in
as-of order (ties: edition number), into runs of identical data: one row per run, with the
first and last edition (and their as-of dates) it spans. An event's history is then its
revisions: a timeline over 10,000 editions reads one row per base and per revision of it.

Derived from `entity_versions` alone (never from the record directly), so it follows whatever
that projection holds: written with each edition, recomputed for the keys an edition touches
when the edition slots in before others (a backfill), rebuilt by `verify --repair`, and checked
by `verify` against entity_versions. Editions without the event are skipped, as `timeline`
always did: a base missing from one edition and back in the next with the same data stays one
run. Counts are left out: a headline figure changes with nearly every edition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from tracker.store import schema as t

_R = t.event_revisions.c
_V = t.entity_versions.c
_E = t.editions.c

COLUMNS = ("brief", "key", "first_edition", "first_as_of", "last_edition", "last_as_of", "data")

LATER_EDITION = select(_E.number).where(_E.brief == bindparam("brief"),
                                        _E.as_of > bindparam("as_of")).limit(1)
# The stored edition just before a new last one in as-of order, retracted or not: the
# projection holds every stored edition's versions.
BEFORE_LAST = (select(_E.number, _E.as_of)
               .where(_E.brief == bindparam("brief"), _E.number != bindparam("number"),
                      _E.as_of <= bindparam("as_of"))
               .order_by(_E.as_of.desc(), _E.number.desc()).limit(1))
EVENTS_OF_EDITION = select(_V.key, _V.data).where(
    _V.brief == bindparam("brief"), _V.edition == bindparam("edition"), _V.kind == "event")
EXTEND = (t.event_revisions.update()
          .where(_R.brief == bindparam("b_brief"), _R.key == bindparam("b_key"),
                 _R.last_as_of == bindparam("b_last_as_of"),
                 _R.last_edition == bindparam("b_last_edition"))
          .values(last_edition=bindparam("last_edition"), last_as_of=bindparam("last_as_of")))
EXTEND_ID = (t.event_revisions.update().where(_R.id == bindparam("b_id"))
             .values(last_edition=bindparam("last_edition"), last_as_of=bindparam("last_as_of")))
LATEST_OF_KEY = (select(_R.id, _R.data)
                 .where(_R.brief == bindparam("brief"), _R.key == bindparam("key"))
                 .order_by(_R.last_as_of.desc(), _R.last_edition.desc()).limit(1))
INSERT = t.event_revisions.insert()


# The revisions of some keys of a brief, each key's latest last (as `LATEST_OF_KEY` picks it):
# a batch of editions reads the keys an edition touches at once, not one query per key.
OF_KEYS = (select(_R.brief, _R.key, _R.first_edition, _R.first_as_of, _R.last_edition, _R.last_as_of,
                  _R.data)
           .where(_R.brief == bindparam("brief"), _R.key.in_(bindparam("keys", expanding=True)))
           .order_by(_R.key, _R.last_as_of, _R.last_edition))


def runs(rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Revision rows from event rows of entity_versions sorted by (brief, key, as_of,
    edition, id), each with brief, key, edition, as_of, data. Within one edition the last row
    of a key stands (as reading the snapshot by key would have it)."""
    current: dict[str, Any] | None = None
    for brief, key, edition, as_of, data in _last_per_edition(rows):
        if current is not None and current["key"] == key and current["brief"] == brief \
                and current["data"] == data:
            current["last_edition"], current["last_as_of"] = edition, as_of
            continue
        if current is not None:
            yield current
        current = {"brief": brief, "key": key, "first_edition": edition, "first_as_of": as_of,
                   "last_edition": edition, "last_as_of": as_of, "data": data}
    if current is not None:
        yield current


def _last_per_edition(rows: Iterable[Any]) -> Iterator[tuple]:
    held: tuple | None = None
    for row in rows:
        item = (row.brief, row.key, row.edition, row.as_of, row.data)
        if held is not None and held[:3] != item[:3]:
            yield held
        held = item
    if held is not None:
        yield held


def versions_query(brief: str | None = None, keys: Iterable[str] | None = None) -> Any:
    """Event rows of entity_versions in the order `runs` takes them: all, a brief's, or some
    keys' of a brief."""
    query = select(_V.brief, _V.key, _V.edition, _V.as_of, _V.data).where(_V.kind == "event")
    if brief is not None:
        query = query.where(_V.brief == brief)
    if keys is not None:
        query = query.where(_V.key.in_(sorted(keys)))
    return query.order_by(_V.brief, _V.key, _V.as_of, _V.edition, _V.id)


def record(conn: Connection, brief: str, number: int, as_of: str, rows: list[dict[str, Any]]) -> None:
    """Fold the projection rows of edition `number` (just written) into the revisions.

    The usual case, an edition after every other in as-of order: a version equal to the one
    the stored edition before it held extends that revision; any other extends the key's
    latest revision when equal to it (the event was left out for a while), else starts one.
    An edition that slots in before others recomputes the revisions of its events."""
    new = {r["key"]: r["data"] for r in rows if r["kind"] == "event"}  # the last row of a key stands
    if not new:
        return
    if conn.execute(LATER_EDITION, {"brief": brief, "as_of": as_of}).first() is not None:
        refresh(conn, brief, set(new))
        return
    previous = conn.execute(BEFORE_LAST, {"brief": brief, "number": number, "as_of": as_of}).first()
    before: dict[str, str] = {}
    if previous is not None:
        before = dict(conn.execute(EVENTS_OF_EDITION, {"brief": brief, "edition": previous.number}).all())
    extend, inserts = [], []
    for key, data in new.items():
        if previous is not None and before.get(key) == data:
            extend.append({"b_brief": brief, "b_key": key, "b_last_as_of": previous.as_of,
                           "b_last_edition": previous.number, "last_edition": number,
                           "last_as_of": as_of})
            continue
        latest = conn.execute(LATEST_OF_KEY, {"brief": brief, "key": key}).first()
        if latest is not None and latest.data == data:
            conn.execute(EXTEND_ID, {"b_id": latest.id, "last_edition": number, "last_as_of": as_of})
        else:
            inserts.append({"brief": brief, "key": key, "first_edition": number, "first_as_of": as_of,
                            "last_edition": number, "last_as_of": as_of, "data": data})
    if extend:
        conn.execute(EXTEND, extend)
    if inserts:
        conn.execute(INSERT, inserts)


def refresh(conn: Connection, brief: str, keys: set[str]) -> None:
    """Recompute the revisions of the events `keys` of `brief` from entity_versions: for
    anything that changes those events' versions other than appending an edition."""
    ordered = sorted(keys)
    for at in range(0, len(ordered), 500):
        chunk = ordered[at:at + 500]
        conn.execute(t.event_revisions.delete().where(_R.brief == brief, _R.key.in_(chunk)))
        fresh = list(runs(conn.execute(versions_query(brief, chunk))))
        if fresh:
            conn.execute(INSERT, fresh)


def rebuild(conn: Connection) -> int:
    """Recompute every revision from entity_versions; returns the rows written."""
    conn.execute(t.event_revisions.delete())
    total = 0
    batch: list[dict[str, Any]] = []
    for row in runs(conn.execute(versions_query())):
        batch.append(row)
        if len(batch) == 2000:
            conn.execute(INSERT, batch)
            total, batch = total + len(batch), []
    if batch:
        conn.execute(INSERT, batch)
        total += len(batch)
    return total


# An event version no revision of its key covers with the same data. The bounds are row values
# (lexicographic on as-of then edition): one index range per version, where the same bounds
# written as ORs were two (about 1.8x slower on 210,000 versions).
UNCOVERED = text("""
SELECT v.brief, v.key, v.edition FROM entity_versions AS v
WHERE v.kind = 'event' AND NOT EXISTS (
  SELECT 1 FROM event_revisions AS r
  WHERE r.brief = v.brief AND r.key = v.key AND r.data = v.data
    AND (r.first_as_of, r.first_edition) <= (v.as_of, v.edition)
    AND (r.last_as_of, r.last_edition) >= (v.as_of, v.edition))
LIMIT 1""")
# A revision whose first or last edition holds no such version of its event.
UNFOUNDED = text("""
SELECT r.brief, r.key, r.first_edition FROM event_revisions AS r
WHERE NOT EXISTS (
  SELECT 1 FROM entity_versions AS v WHERE v.brief = r.brief AND v.edition = r.first_edition
    AND v.kind = 'event' AND v.key = r.key AND v.as_of = r.first_as_of AND v.data = r.data)
  OR NOT EXISTS (
  SELECT 1 FROM entity_versions AS v WHERE v.brief = r.brief AND v.edition = r.last_edition
    AND v.kind = 'event' AND v.key = r.key AND v.as_of = r.last_as_of AND v.data = r.data)
LIMIT 1""")


def first_difference(conn: Connection) -> str | None:
    """Why event_revisions is not what entity_versions gives, or None when it is.

    Equal exactly when every event version lies in a revision of its key with the same data,
    each revision starts and ends on such a version, and a key's revisions follow one another
    without overlap, each with other data than the one before: then the revisions are the
    maximal runs. Checked in SQL, with one pass over the revisions in Python."""
    return first_difference_by(conn.exec_driver_sql)


def first_difference_by(run: Callable[[str], Iterable[Sequence[Any]]]) -> str | None:
    """`first_difference` through `run(sql)`, anything that returns rows as sequences: a
    SQLAlchemy connection's `exec_driver_sql`, or a plain sqlite3 connection's `execute`
    (verify runs it on a second SQLite connection while the main one walks the log)."""
    row = next(iter(run(UNCOVERED.text)), None)
    if row is not None:
        return f"event {row[1]!r} of {row[0]} edition {row[2]} is in no revision with its data"
    row = next(iter(run(UNFOUNDED.text)), None)
    if row is not None:
        return f"a revision of event {row[1]!r} in {row[0]} does not start or end on a version of it"
    held = None
    for row in run(_ORDERED):
        brief, key, first_as_of, first_edition, last_as_of, last_edition, data = row
        if (first_as_of, first_edition) > (last_as_of, last_edition):
            return f"a revision of event {key!r} in {brief} ends before it starts"
        if held is not None and (held[0], held[1]) == (brief, key) and (
                (held[4], held[5]) >= (first_as_of, first_edition) or held[6] == data):
            return f"revisions of event {key!r} in {brief} overlap or repeat one another"
        held = row
    return None


_ORDERED = ("SELECT brief, key, first_as_of, first_edition, last_as_of, last_edition, data "
            "FROM event_revisions ORDER BY brief, key, last_as_of, last_edition")
