"""The statements the store runs, built once, and small helpers over one connection.

Built at import so SQLAlchemy finds their compiled form by a cheap cache key instead of building
and keying a new construct per edition. Every function takes an open connection: the caller
chooses the transaction (a read view, or the writer's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, CursorResult, bindparam, select, text
from sqlalchemy.exc import DBAPIError

from tracker.errors import AmbiguousError, NotFoundError
from tracker.store import schema as t
from tracker.model import Snapshot
from tracker.store.records import AliasInfo, EditionInfo, ModeInfo

STREAM = {"stream_results": True, "yield_per": 256}

INFO_COLS = tuple(
    getattr(t.editions.c, name)
    for name in ("brief", "number", "as_of", "ingested_at", "source", "sha256",
                 "snapshot_sha256", "chain_hash")
)

_E = t.editions.c
BY_SHA = select(*INFO_COLS).where(_E.brief == bindparam("brief"), _E.sha256 == bindparam("sha")).limit(1)
BRIEF_EXISTS = select(t.briefs.c.slug).where(t.briefs.c.slug == bindparam("brief"))
LAST_NUMBER = (select(_E.number, _E.chain_hash).where(_E.brief == bindparam("brief"))
               .order_by(_E.number.desc()).limit(1))
IN_FORCE = (select(*INFO_COLS).where(_E.brief == bindparam("brief"), _E.as_of <= bindparam("as_of"))
            .order_by(_E.as_of.desc(), _E.number.desc()).limit(1))
SNAPSHOT_OF = select(_E.snapshot).where(_E.brief == bindparam("brief"), _E.number == bindparam("number"))
INSERT_VERSIONS = t.entity_versions.insert()
INSERT_IDENTITIES = t.identities.insert()
INSERT_LOG = t.log.insert()
INSERT_STATES = t.fold_states.insert()
STATE_OF = select(t.fold_states.c.state).where(t.fold_states.c.brief == bindparam("brief"),
                                                t.fold_states.c.edition == bindparam("number"))
MODES_OF = (select(t.log.c.brief, t.log.c.payload, t.log.c.recorded_at, t.log.c.seq)
            .where(t.log.c.type == "BriefModeSet").order_by(t.log.c.seq))
ALIASES_FOR = (select(t.aliases).where((t.aliases.c.brief == bindparam("brief")) | t.aliases.c.brief.is_(None))
               .order_by(t.aliases.c.id))
IDENTITIES_OF = select(t.identities.c.identity, t.identities.c.key).where(
    t.identities.c.brief == bindparam("brief"))
IDENTITIES_IN = IDENTITIES_OF.where(t.identities.c.identity.in_(bindparam("ids", expanding=True)))
LOG_HEAD = select(t.log.c.seq, t.log.c.hash).order_by(t.log.c.seq.desc()).limit(1)
_D = t.derivations.c
READING_COLS = (_D.edition, _D.derivation, _D.parser_version, _D.recorded_at, _D.snapshot_sha256,
                _D.chain_hash, _D.snapshot)
NEWEST_READING = (select(*READING_COLS).where(_D.brief == bindparam("brief"), _D.edition == bindparam("number"))
                  .order_by(_D.derivation.desc()).limit(1))
FIRST_READING = select(_E.number.label("edition"), _E.as_of, _E.parser_version, _E.ingested_at.label("recorded_at"),
                       _E.snapshot_sha256, _E.chain_hash, _E.snapshot).where(
    _E.brief == bindparam("brief"), _E.number == bindparam("number"))
INSERT_DERIVATION = t.derivations.insert()
_L = t.log.c
_NOT_IN = _E.number.not_in(bindparam("skip", expanding=True))
BY_SHA_KEPT = select(*INFO_COLS).where(_E.brief == bindparam("brief"), _E.sha256 == bindparam("sha"),
                                       _NOT_IN).limit(1)
IN_FORCE_KEPT = (select(*INFO_COLS).where(_E.brief == bindparam("brief"), _E.as_of <= bindparam("as_of"), _NOT_IN)
                 .order_by(_E.as_of.desc(), _E.number.desc()).limit(1))
RETRACTED_IN = (select(_L.edition, _L.payload, _L.recorded_at, _L.seq)
                .where(_L.type == "EditionRetracted", _L.brief == bindparam("brief")).order_by(_L.seq))
REVOKED_ALIASES = select(_L.payload).where(_L.type == "AliasRevoked").order_by(_L.seq)


def retracted(conn: Connection, brief: str) -> dict[int, dict[str, Any]]:
    """edition -> its retraction (reason, recorded_at, seq), for the retracted editions of `brief`."""
    out = {}
    for row in conn.execute(RETRACTED_IN, {"brief": brief}):
        out[row.edition] = {"reason": _payload(row.payload).get("reason"), "recorded_at": row.recorded_at,
                            "seq": row.seq}
    return out


def _payload(text: str) -> dict[str, Any]:
    """A log record's payload, or {} when it is not a JSON object: only a damaged record reads
    so, which `verify` names by its hash; a reader of the record (a retraction's edition is
    its `edition` column) must not fail on it first."""
    import json

    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def revoked_aliases(conn: Connection) -> dict[int, dict[str, Any]]:
    """alias id -> its revocation payload (reason, ...), for every revoked alias."""
    import json

    out = {}
    for row in conn.execute(REVOKED_ALIASES):
        payload = json.loads(row.payload)
        out[int(payload["id"])] = payload
    return out
DELETE_VERSIONS_OF = t.entity_versions.delete().where(
    t.entity_versions.c.brief == bindparam("b"), t.entity_versions.c.edition == bindparam("n"))


def newest_snapshots(conn: Connection, brief: str) -> dict[int, str]:
    """edition -> the snapshot JSON of its newest later reading, for the editions of `brief`
    that were read again (usually none: one small query)."""
    d = t.derivations.c
    rows = conn.execute(select(d.edition, d.snapshot).where(d.brief == brief)
                        .order_by(d.edition, d.derivation))
    return {r.edition: r.snapshot for r in rows}


def newest_snapshot_dicts(conn: Connection, brief: str) -> Iterator[tuple[int, str, dict]]:
    """(number, as_of, snapshot dict) of each edition's newest reading, in number order."""
    newer = newest_snapshots(conn, brief)
    e = t.editions.c
    rows = stream(conn, select(e.number, e.as_of, e.snapshot).where(e.brief == brief).order_by(e.number))
    for row in list(rows) if newer else rows:
        yield row.number, row.as_of, json.loads(newer.get(row.number, row.snapshot))


def newest_readings(conn: Connection, brief: str) -> dict[int, Any]:
    """edition -> the row (READING_COLS) of its newest later reading, for `brief`."""
    d = t.derivations.c
    rows = conn.execute(select(*READING_COLS).where(d.brief == brief).order_by(d.edition, d.derivation))
    return {r.edition: r for r in rows}


def stream(conn: Connection, statement: Any) -> CursorResult[Any]:
    """Rows fetched in batches (a server-side cursor on PostgreSQL), not all at once.
    Per statement: `Connection.execution_options` would change the connection itself."""
    return conn.execute(statement, execution_options=STREAM)


def in_number_order(conn: Connection, brief: str) -> bool:
    """Whether the brief's stored editions (retracted ones too) are in number order when put
    in as-of order, as they are unless one was backfilled: then a projection's rows in
    (edition, id) order are in as-of order too, read along the (brief, edition) index
    without sorting every row (and its JSON) first."""
    e = t.editions.c
    numbers = conn.execute(select(e.number).where(e.brief == brief).order_by(e.as_of, e.number)).scalars().all()
    return all(a < b for a, b in zip(numbers, numbers[1:]))


def edition_info(row: Any) -> EditionInfo:
    m = row if isinstance(row, dict) else row._mapping
    return EditionInfo(m["brief"], m["number"], m["as_of"], m["ingested_at"], m["source"],
                       m["sha256"], m["snapshot_sha256"], m["chain_hash"])


def edition_where(conn: Connection, brief: str, condition: Any, *, latest: bool = False,
                  first: bool = False) -> EditionInfo | None:
    e = t.editions.c
    query = select(*INFO_COLS).where(e.brief == brief)
    if condition is not None:
        query = query.where(condition)
    if latest:
        query = query.order_by(e.as_of.desc(), e.number.desc())
    elif first:
        query = query.order_by(e.as_of, e.number)
    row = conn.execute(query.limit(1)).first()
    return edition_info(row) if row else None


def editions_in(conn: Connection, brief: str, include_retracted: bool = False) -> list[EditionInfo]:
    """The editions of `brief` in as-of order (ties: number), less the retracted ones unless
    `include_retracted`."""
    e = t.editions.c
    withdrawn = {} if include_retracted else retracted(conn, brief)
    rows = conn.execute(select(*INFO_COLS).where(e.brief == brief).order_by(e.as_of, e.number))
    return [EditionInfo(*r) for r in rows if r.number not in withdrawn]  # INFO_COLS: its fields in order


def by_prefix(conn: Connection, brief: str, prefix: str, prefer_not: Iterable[int] = ()) -> EditionInfo:
    """sha256 prefix lookup as an index range scan on (brief, sha256). Of several editions
    with the same bytes (one retracted, stored again), those not in `prefer_not` win."""
    e = t.editions.c
    rows = conn.execute(
        select(*INFO_COLS)
        .where(e.brief == brief, e.sha256 >= prefix, e.sha256 < prefix + "g")
        .order_by(e.number).limit(6)
    ).all()
    matches = [edition_info(r) for r in rows if r.sha256.startswith(prefix)]
    avoid = set(prefer_not)
    if any(m.number not in avoid for m in matches):
        matches = [m for m in matches if m.number not in avoid]
    if not matches:
        raise NotFoundError(f"no edition of {brief!r} has a sha256 starting {prefix}")
    if len(matches) > 1:
        listing = "; ".join(f"{m.number} ({m.as_of}, {m.sha256[:12]})" for m in matches[:5])
        raise AmbiguousError(f"sha256 prefix {prefix} matches several editions: {listing}")
    return matches[0]


def revision(conn: Connection) -> str | None:
    """The Alembic revision the database is at; None without a tracker schema."""
    try:
        with conn.begin_nested():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def all_briefs(conn: Connection) -> list[str]:
    return list(conn.scalars(select(t.briefs.c.slug).order_by(t.briefs.c.slug)))


def derived_identities(conn: Connection, brief: str,
                       only: Iterable[str] | None = None) -> dict[str, str]:
    """identity -> key from the projection: all of the brief's, or just those in `only`."""
    if only is None:
        return {r[0]: r[1] for r in conn.execute(IDENTITIES_OF, {"brief": brief})}
    found: dict[str, str] = {}
    wanted = sorted(only)
    for at in range(0, len(wanted), 500):
        rows = conn.execute(IDENTITIES_IN, {"brief": brief, "ids": wanted[at:at + 500]})
        found.update({r[0]: r[1] for r in rows})
    return found


def aliases_for(conn: Connection, brief: str) -> list[AliasInfo]:
    """The aliases in force for `brief` (its own and those for every brief, less the revoked
    ones), in order."""
    revoked = revoked_aliases(conn)
    return [AliasInfo(**r._asdict()) for r in conn.execute(ALIASES_FOR, {"brief": brief})
            if r.id not in revoked]


def mode_info(brief: str, payload: str, recorded_at: str) -> ModeInfo:
    """A BriefModeSet payload read back (raises ValueError/KeyError/TypeError if unreadable)."""
    data = json.loads(payload)
    stored = data.get("stored")
    return ModeInfo(brief, data["mode"], int(data["from_edition"]), data.get("reason"), recorded_at,
                    None if stored is None else int(stored))


def modes_of(conn: Connection, brief: str) -> list[ModeInfo]:
    """A brief's BriefModeSet records from the log, in order."""
    rows = conn.execute(MODES_OF.where(t.log.c.brief == brief))
    return [mode_info(brief, r.payload, r.recorded_at) for r in rows]


def modes_by_brief(conn: Connection) -> dict[str, list[ModeInfo]]:
    found: dict[str, list[ModeInfo]] = {}
    for r in conn.execute(MODES_OF):
        found.setdefault(r.brief, []).append(mode_info(r.brief, r.payload, r.recorded_at))
    return found


def state_of(conn: Connection, brief: str, number: int) -> str | None:
    return conn.execute(STATE_OF, {"brief": brief, "number": number}).scalar()


def editions_after(conn: Connection, brief: str, as_of: str | None) -> list[tuple[EditionInfo, Snapshot]]:
    """Editions in force (not retracted) with an as-of date after `as_of` (all of them for
    None), in as-of order, each with its newest reading: what a cumulative brief folds."""
    e = t.editions.c
    query = select(*INFO_COLS, e.snapshot).where(e.brief == brief)
    if as_of is not None:
        query = query.where(e.as_of > as_of)
    withdrawn = retracted(conn, brief)
    newer = newest_snapshots(conn, brief)
    rows = list(stream(conn, query.order_by(e.as_of, e.number)))
    return [(edition_info(r), Snapshot.from_dict(json.loads(newer.get(r.number, r.snapshot))))
            for r in rows if r.number not in withdrawn]
