"""The tamper loop: with the triggers dropped, one byte of every stored column of an edition,
of its log events, of an alias and of a brief, and of every kind of correction record, reading
and projection row (`tamper_records`); deleted and forged editions; a truncation and a
consistent rewrite caught by a checkpoint. `verify` must fail and name the edition, and pass
again once each tamper is undone."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from benchmarks.stress.common import drop_triggers, edition_text, restore_triggers
from benchmarks.stress.tamper_records import build_corrections, record_cases
from tracker.app.ingest import ingest
from tracker.app.names import add_alias
from tracker.audit import rebuild_projections, verify


@dataclass
class TamperCase:
    name: str
    detected: bool
    named: bool | None  # None: the case is not about one edition (an alias, a truncation)
    restored: bool
    detail: str = ""


@dataclass
class TamperResult:
    cases: list[TamperCase] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return len(self.cases)

    @property
    def detected(self) -> int:
        return sum(c.detected for c in self.cases)

    @property
    def ok(self) -> bool:
        return all(c.detected and c.named is not False and c.restored for c in self.cases)


TARGET = ("b", 3)  # the edition every per-column tamper hits
NOT_FACTS = {
    ("editions", "id"): "surrogate row id: carries no fact, not covered by any hash",
    ("briefs", "slug"): "editions' foreign key refuses the change (and the slug is in every chain hash)",
}


def build_history(store: Any) -> None:
    """Brief `b`: six editions of a growing brief (with change events); brief `c`: two; one
    alias for `b` and one for every brief; the corrections of `tamper_records`; `b` 6 written
    last."""
    base = dt.date(2020, 4, 4)

    def b(i: int) -> None:
        text_ = edition_text(f"tamper-b-{i}", items=2 + i, as_of=base + dt.timedelta(days=7 * i))
        ingest(store, text_.encode(), source=f"b{i}.txt", brief="b")

    for i in range(5):
        b(i)
    for i in range(2):
        text_ = edition_text(f"tamper-c-{i}", items=3, as_of=base + dt.timedelta(days=i))
        ingest(store, text_.encode(), source=f"c{i}.txt", brief="c")
    add_alias(store, "Second name", "First name", "b")
    add_alias(store, "Everywhere", "Anywhere", None)
    build_corrections(store, base)
    b(5)  # last: its events end the log (the truncation case removes them)


def flipped(value: Any) -> Any:
    """One byte changed: a bit of the middle byte of bytes, the middle character of text
    (kept printable), or an integer moved out of the way of existing keys."""
    if isinstance(value, bool) or value is None:
        raise ValueError("nothing to flip")
    if isinstance(value, int):
        return value + 10_000
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytearray(bytes(value))
        raw[len(raw) // 2] ^= 0x01
        return bytes(raw)
    s = str(value)
    i = len(s) // 2
    c = s[i]
    new = chr(ord(c) ^ 0x01) if 0x21 <= ord(c) < 0x7e and chr(ord(c) ^ 0x01).isprintable() else "x"
    if new == c:
        new = "y"
    return s[:i] + new + s[i + 1:]


def run_tamper(store: Any) -> TamperResult:
    """Every stored column of an edition, of its log events and of an alias, one at a time,
    plus deletions, a forgery, a truncation and a rewrite caught by a checkpoint."""
    from sqlalchemy import select

    from tracker.store import schema as t

    result = TamperResult()
    build_history(store)
    first = verify(store)
    if not first.ok:
        raise RuntimeError(f"the fresh history does not verify: {first.problems[:3]}")
    head = first.head_checkpoint  # the full checkpoint: its position and record tell truncation from rewriting
    drop_triggers(store)
    try:
        e, lg, al, br = t.editions, t.log, t.aliases, t.briefs
        with store.read() as conn:
            edition_id = conn.scalar(select(e.c.id).where(e.c.brief == TARGET[0], e.c.number == TARGET[1]))
            recorded_seq = conn.scalar(select(lg.c.seq).where(
                lg.c.brief == TARGET[0], lg.c.edition == TARGET[1], lg.c.type == "EditionRecorded"))
            change_seq = conn.scalar(select(func_min(lg.c.seq)).where(
                lg.c.brief == TARGET[0], lg.c.edition == TARGET[1], lg.c.type != "EditionRecorded"))
            alias_id = conn.scalar(select(al.c.id).where(al.c.brief == TARGET[0]))
        targets = [(e, "id", edition_id, "edition"), (lg, "seq", recorded_seq, "EditionRecorded event"),
                   (lg, "seq", change_seq, "change event"), (al, "id", alias_id, "alias"),
                   (br, "slug", TARGET[0], "brief")]
        for table, pk, pk_value, what in targets:
            if pk_value is None:
                result.skipped.append(f"{what}: none in the history")
                continue
            for column in table.columns:
                if (table.name, column.name) in NOT_FACTS:
                    result.skipped.append(f"{table.name}.{column.name}: {NOT_FACTS[(table.name, column.name)]}")
                    continue
                if what == "change event" and column.name not in ("payload", "type"):
                    continue  # its other columns behave as the EditionRecorded event's
                result.cases.append(_column_case(store, table, pk, pk_value, column.name, what))
        result.cases += _row_cases(store)
        result.cases += record_cases(store)
    finally:
        restore_triggers(store)
    result.cases += _checkpoint_cases(store, head)
    return result


def func_min(column: Any) -> Any:
    from sqlalchemy import func

    return func.min(column)


def _column_case(store: Any, table: Any, pk: str, pk_value: Any, column: str, what: str) -> TamperCase:
    from sqlalchemy import select

    name = f"{table.name}.{column} of {'the ' + what if what != 'edition' else 'an edition'}"
    with store.read() as conn:
        old = conn.scalar(select(table.c[column]).where(table.c[pk] == pk_value))
    if old is None:
        return TamperCase(name, True, None, True, "column is NULL here")
    new = flipped(old)
    if table.name == "editions" and column == "brief":
        new = "c"  # one byte ('b' -> 'c'), and an existing brief (foreign key)
    at = new if column == pk else pk_value
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c[pk] == pk_value).values({column: new}))
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c[pk] == at).values({column: old}))
    acceptable = {(TARGET[0], 1) if table.name == "briefs" else TARGET}  # or the identity the row now claims
    if column == "brief":
        acceptable.add((new, TARGET[1]))
    elif column in ("number", "edition"):
        acceptable.add((TARGET[0], new))
    named = None if table.name == "aliases" else _named(report, acceptable)
    restored = _verifies_but_triggers(store)
    return TamperCase(name, _caught(report), named, restored,
                      "" if _caught(report) else "verify saw nothing but the missing triggers")


def _caught(report: Any) -> bool:
    """verify found the tamper itself, not only the triggers the tamperer dropped."""
    return any("triggers missing" not in p for p in report.problems)


def _named(report: Any, acceptable: set) -> bool:
    return report.first_bad in acceptable


def _verifies_but_triggers(store: Any) -> bool:
    """verify passes apart from the (deliberately) missing triggers."""
    report = verify(store)
    return all("triggers missing" in p for p in report.problems)


def _saved(conn: Any, table: Any, *where: Any) -> list[dict]:
    from sqlalchemy import select

    return [dict(r._mapping) for r in conn.execute(select(table).where(*where))]


def _row_cases(store: Any) -> list[TamperCase]:
    """Delete a middle edition, delete the last one, insert a forged one."""
    from sqlalchemy import select

    from tracker.canonical import canonical_json, chain_hash, sha256_hex
    from tracker.model import PARSER_VERSION
    from tracker.store import schema as t

    cases = []
    e = t.editions
    for label, number in (("delete a middle edition", TARGET[1]), ("delete the last edition", 6)):
        with store.engine.begin() as conn:
            rows = _saved(conn, e, e.c.brief == "b", e.c.number == number)
            conn.execute(e.delete().where(e.c.brief == "b", e.c.number == number))
        report = verify(store)
        with store.engine.begin() as conn:
            conn.execute(e.insert(), rows)
        cases.append(TamperCase(label, _caught(report), _named(report, {("b", number)}),
                                _verifies_but_triggers(store)))
    with store.read() as conn:
        last = conn.execute(select(e.c.chain_hash).where(e.c.brief == "b", e.c.number == 6)).scalar()
    raw = edition_text("forged", items=3, as_of=dt.date(2020, 6, 1)).encode()
    snap = canonical_json({"title": "forged", "as_of": "2020-06-01", "events": [], "counts": [],
                           "sections": [], "warnings": []})
    stamp = "2020-06-01T00:00:00.000000+00:00"
    row = {"brief": "b", "number": 7, "as_of": "2020-06-01", "ingested_at": stamp, "source": "forged",
           "raw": raw, "sha256": sha256_hex(raw), "snapshot": snap, "parser_version": PARSER_VERSION,
           "snapshot_sha256": sha256_hex(snap), "prev_chain_hash": last}
    row["chain_hash"] = chain_hash(last, "b", 7, "2020-06-01", stamp, "forged", row["sha256"],
                                   PARSER_VERSION, row["snapshot_sha256"])
    with store.engine.begin() as conn:
        conn.execute(e.insert(), row)
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(e.delete().where(e.c.brief == "b", e.c.number == 7))
    cases.append(TamperCase("insert a forged edition (correct chain hash)", _caught(report),
                            _named(report, {("b", 7)}), _verifies_but_triggers(store)))
    with store.engine.begin() as conn:
        conn.execute(t.briefs.insert().values(slug="forged", created_at=stamp))
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(t.briefs.delete().where(t.briefs.c.slug == "forged"))
    cases.append(TamperCase("insert a forged brief", _caught(report), None, _verifies_but_triggers(store)))
    return cases


def _checkpoint_cases(store: Any, head: str) -> list[TamperCase]:
    """Remove the newest edition with its log events and projection rows (triggers put back
    afterwards): only the checkpoint shows it. Then a consistent rewrite of edition 1."""
    from sqlalchemy import select

    from tracker.store import schema as t

    cases = []
    e, lg, ev = t.editions, t.log, t.entity_versions
    drop_triggers(store)
    with store.engine.begin() as conn:
        seq = conn.scalar(select(func_min(lg.c.seq)).where(lg.c.brief == "b", lg.c.edition == 6))
        saved = (_saved(conn, lg, lg.c.seq >= seq), None, _saved(conn, e, e.c.brief == "b", e.c.number == 6))
        conn.execute(lg.delete().where(lg.c.seq >= seq))
        conn.execute(ev.delete().where(ev.c.brief == "b", ev.c.edition == 6))
        conn.execute(e.delete().where(e.c.brief == "b", e.c.number == 6))
    rebuild_projections(store)  # derived tables: a careful truncater rebuilds them too
    restore_triggers(store)
    without = verify(store)
    with_checkpoint = verify(store, head)
    drop_triggers(store)
    with store.engine.begin() as conn:
        conn.execute(e.insert(), saved[2])
        conn.execute(lg.insert(), saved[0])
    rebuild_projections(store)
    restore_triggers(store)
    cases.append(TamperCase("truncate the newest edition (with a checkpoint)",
                            not with_checkpoint.ok and with_checkpoint.checkpoint["reason"] == "truncated",
                            None, verify(store, head).ok,
                            "" if without.ok else "caught even without a checkpoint"))
    before = {name: list(rows) for name, rows in _snapshot_tables(store).items()}
    drop_triggers(store)
    with store.engine.begin() as conn:
        conn.execute(e.update().where(e.c.brief == "b", e.c.number == 1).values(source="rewritten"))
    rehash_everything(store)
    restore_triggers(store)
    without = verify(store)
    with_checkpoint = verify(store, head)
    drop_triggers(store)
    with store.engine.begin() as conn:
        for name, rows in before.items():
            table = t.metadata.tables[name]
            conn.execute(table.delete())
            if rows:
                conn.execute(table.insert(), rows)
    restore_triggers(store)
    cases.append(TamperCase("rewrite edition 1 and re-hash everything (with a checkpoint)",
                            not with_checkpoint.ok and with_checkpoint.checkpoint["reason"] == "rewritten",
                            None, verify(store, head).ok,
                            "" if without.ok else "caught even without a checkpoint"))
    return cases


def _snapshot_tables(store: Any) -> dict[str, list[dict]]:
    from sqlalchemy import select

    from tracker.store import schema as t

    with store.read() as conn:
        return {name: [dict(r._mapping) for r in conn.execute(select(t.metadata.tables[name]))]
                for name in ("editions", "log")}


def rehash_everything(store: Any) -> None:
    """What a thorough forger does after an edit: recompute every chain hash and log hash."""
    from sqlalchemy import select

    from tracker.canonical import GENESIS, canonical_json, chain_hash, log_hash
    from tracker.store import schema as t

    e, lg = t.editions, t.log
    with store.engine.begin() as conn:
        chains: dict[tuple[str, int], str] = {}
        sources: dict[tuple[str, int], str] = {}
        prev, brief = GENESIS, None
        for r in conn.execute(select(e).order_by(e.c.brief, e.c.number)).all():
            if r.brief != brief:
                prev, brief = GENESIS, r.brief
            ch = chain_hash(prev, r.brief, r.number, r.as_of, r.ingested_at, r.source, r.sha256,
                            r.parser_version, r.snapshot_sha256, r.charset)
            conn.execute(e.update().where(e.c.id == r.id).values(prev_chain_hash=prev, chain_hash=ch))
            chains[(r.brief, r.number)], sources[(r.brief, r.number)] = ch, r.source
            prev = ch
        prev = GENESIS
        for r in conn.execute(select(lg).order_by(lg.c.seq)).all():
            payload = r.payload
            if r.type == "EditionRecorded":
                data = json.loads(payload)
                data.update(source=sources[(r.brief, r.edition)], chain_hash=chains[(r.brief, r.edition)])
                payload = canonical_json(data)
            digest = log_hash(prev, r.seq, r.brief, r.edition, r.type, payload, r.recorded_at)
            conn.execute(lg.update().where(lg.c.seq == r.seq).values(payload=payload, prev_hash=prev, hash=digest))
            prev = digest

