"""Aliases: hand-made identity fixes, recorded and taken back, never edited.

An alias says that NAME is the entity CANONICAL, in one brief or in every brief, under a key
the application works out from the brief's identities (read in the same transaction). Each is
a row of `aliases` plus an `AliasRecorded` log record; a revocation is an `AliasRevoked` log
record (a correction) and the row stays. Stored editions never change. This module must not
decide what an entity's key is, nor settle identity: it is handed the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from tracker.canonical import canonical_json, sorted_json
from tracker.errors import InputError, NotFoundError
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.records import AliasInfo
from tracker.store.writer import ALIAS_RECORDED, ALIAS_REVOKED, append_log, now_utc


def spelled(text: str) -> str:
    """A name as alias lookups compare it: case and runs of spaces aside."""
    return " ".join(text.split()).casefold()


def refuse_a_second_canonical(conn: Connection, revoked: Any, scope: Any, name: str, canonical: str,
                              brief: str | None) -> None:
    """One NAME stands for one entity in a scope: an alias in force for it to another
    canonical must be revoked first, or both would apply (and `--revoke` take back both)."""
    a = t.aliases.c
    for row in conn.execute(select(t.aliases).where(scope).order_by(a.id)):
        if (row.id not in revoked and spelled(row.name) == spelled(name)
                and spelled(row.canonical) != spelled(canonical)):
            where = f"in brief {brief!r}" if brief is not None else "for every brief"
            raise InputError(f"{row.name!r} is already an alias of {row.canonical!r} {where}; revoke it "
                             f"first: tracker alias --revoke {row.name!r} --reason TEXT")


class Aliases(Database):
    """Recording, revoking and listing aliases."""

    def add_alias(self, name: str, canonical: str, brief: str | None,
                  key_for: Callable[[dict[str, str]], str]) -> AliasInfo:
        """Record that `name` is the entity `canonical`, in `brief` or in all, under the key
        `key_for(identities)` gives from the brief's identities (none for every brief), read
        in the same transaction. Stored editions never change."""
        return self.record_alias(name, canonical, brief, key_for)[0]

    def record_alias(self, name: str, canonical: str, brief: str | None,
                     key_for: Callable[[dict[str, str]], str]) -> tuple[AliasInfo, bool]:
        """`add_alias`, and whether it was written: the same alias in force already (same
        name, canonical and scope) is returned as it is, nothing written."""
        self.ready()

        def work(conn: Connection) -> tuple[AliasInfo, bool]:
            revoked = q.revoked_aliases(conn)
            a = t.aliases.c
            scope = a.brief.is_(None) if brief is None else a.brief == brief
            for row in conn.execute(select(t.aliases).where(scope, a.name == name, a.canonical == canonical)
                                    .order_by(a.id)):
                if row.id not in revoked:
                    return AliasInfo(**row._asdict()), False
            refuse_a_second_canonical(conn, revoked, scope, name, canonical, brief)
            key = key_for(q.derived_identities(conn, brief) if brief is not None else {})
            stamp = now_utc()
            new_id = conn.execute(
                t.aliases.insert().values(brief=brief, name=name, canonical=canonical, key=key,
                                          recorded_at=stamp).returning(t.aliases.c.id)
            ).scalar_one()
            alias = AliasInfo(new_id, brief, name, canonical, key, stamp)
            append_log(conn, brief, None, [(ALIAS_RECORDED, canonical_json(alias.to_dict()))], stamp)
            return alias, True

        return self.retrying(f"alias {name!r}", work)

    def revoke_alias(self, name: str, brief: str | None, reason: str) -> list[AliasInfo]:
        """Take back the aliases in force named `name` (case and spaces aside) recorded for
        `brief` (None: those recorded for every brief), each with an AliasRevoked event
        giving `reason`. The alias rows stay stored; views and later ingests ignore them."""
        self.ready()
        wanted = spelled(name)

        def work(conn: Connection) -> list[AliasInfo]:
            revoked = q.revoked_aliases(conn)
            a = t.aliases.c
            scope = a.brief.is_(None) if brief is None else a.brief == brief
            found = [AliasInfo(**r._asdict()) for r in conn.execute(select(t.aliases).where(scope).order_by(a.id))
                     if r.id not in revoked and spelled(r.name) == wanted]
            if not found:
                where = f"brief {brief!r}" if brief is not None else "every brief"
                raise NotFoundError(f"no alias {name!r} in force for {where}; `tracker alias --list` shows them")
            stamp = now_utc()
            events = [(ALIAS_REVOKED, sorted_json({"id": x.id, "name": x.name, "canonical": x.canonical,
                                                   "brief": x.brief, "reason": reason})) for x in found]
            append_log(conn, brief, None, events, stamp)
            return found

        return self.retrying(f"the revocation of alias {name!r}", work)

    def aliases(self, brief: str | None = None, *, include_revoked: bool = False) -> list[AliasInfo]:
        """Aliases in force, in recording order: all of them, or those applying to `brief`
        (its own and the ones recorded for every brief); revoked ones too if asked."""
        self.ready()
        with self.read() as conn:
            revoked = {} if include_revoked else q.revoked_aliases(conn)
            if brief is None:
                rows = conn.execute(select(t.aliases).order_by(t.aliases.c.id))
            else:
                rows = conn.execute(q.ALIASES_FOR, {"brief": brief})
            return [AliasInfo(**r._asdict()) for r in rows if r.id not in revoked]
