"""The log read back per edition: what `tracker log` shows.

For each edition, in as-of order: the edition it was compared with when it was written, the
changes then logged (as the application computed them), the reading in force and its
retraction if any. Corrections (new readings, retractions, alias revocations) are log records
too, read by `corrections.Corrections.corrections`; the log's hash chain is appended to by
`writer.append_log` and checked by `tracker.audit`. This module only reads: it must not
recompute a change or write anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.writer import CORRECTIONS, EDITION_RECORDED


class EditionLog(Database):
    """Each edition's log entries, as logged."""

    def log(self, brief: str, numbers: Iterable[int] | None = None, *,
            include_retracted: bool = False) -> list[dict[str, Any]]:
        """Per edition, in as-of order: its identity, the edition it was compared with
        (`previous`, a number or None), its change events (Change dicts, as logged), the
        reading in force (`reading`, `parser_version`) and its retraction (or None); only
        the editions `numbers` when given. Retracted editions are left out unless
        `include_retracted`."""
        self.ready()
        lg, d = t.log.c, t.derivations.c
        by_edition: dict[int, dict[str, Any]] = {}
        with self.read() as conn:
            infos = {i.number: i for i in q.editions_in(conn, brief, include_retracted)}
            withdrawn = q.retracted(conn, brief)
            newest = {r.edition: (r.derivation, r.parser_version) for r in conn.execute(
                select(d.edition, d.derivation, d.parser_version).where(d.brief == brief)
                .order_by(d.edition, d.derivation))}
            query = select(lg.edition, lg.type, lg.payload).where(lg.brief == brief, lg.edition.is_not(None))
            if numbers is not None:
                wanted = set(numbers)
                infos = {n: i for n, i in infos.items() if n in wanted}
                query = query.where(lg.edition.in_(sorted(wanted)))
            rows = conn.execute(query.order_by(lg.seq))
            for row in rows:
                if row.type in CORRECTIONS:
                    continue
                entry = by_edition.setdefault(row.edition, {"previous": None, "changes": []})
                payload = json.loads(row.payload)
                if row.type == EDITION_RECORDED:
                    entry["previous"] = payload.get("previous")
                    entry["recorded_parser_version"] = payload.get("parser_version")
                else:
                    entry["changes"].append(payload)
        out = []
        for info in sorted(infos.values(), key=lambda i: (i.as_of, i.number)):
            entry = dict(by_edition.get(info.number, {"previous": None, "changes": []}))
            first_version = entry.pop("recorded_parser_version", None)
            reading, version = newest.get(info.number, (1, first_version))
            retraction = withdrawn.get(info.number)
            out.append({**info.to_dict(), **entry, "reading": reading, "parser_version": version,
                        "retracted": {k: v for k, v in retraction.items() if k != "seq"} if retraction else None})
        return out
