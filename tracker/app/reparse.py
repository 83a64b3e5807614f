"""Reparsing: read every stored edition again with today's parser, and append what it reads.

An edition is immutable: its raw bytes, number and as-of date never change. What a parser
makes of those bytes can improve, so `tracker reparse` appends a new *reading* (derivation) of
each edition whose stored reading was made by another parser version or reads differently
now. The old readings stay stored and verified; every view uses the newest.

Keys stay where the place stays: each new reading is settled with the identity rules against
what the brief already knows (its identities and aliases) and against the edition's own old
reading (a place the new parser spells differently keeps the key of the one it replaces), so
`history` and `timeline` follow the same base across the reparse.

The work is planned first (parse, settle, compare: pure, no write), so `--dry-run` is the
plan printed; the writing is one store call, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tracker.app.correcting import parse_name, readings_for
from tracker.model import PARSER_VERSION, Change, Snapshot
from tracker.store.inputs import NewDerivation



@dataclass(frozen=True)
class Rereading:
    """What the current parser reads in one stored edition, against its newest reading."""

    brief: str
    edition: int
    as_of: str
    follows: int  # the reading it would follow (1 = the one stored at ingest)
    old_version: str
    new_version: str
    old: Snapshot
    new: Snapshot
    changes: tuple[Change, ...]

    @property
    def needed(self) -> bool:
        """Whether a new reading is worth appending: another parser, or another reading."""
        return self.old_version != self.new_version or self.old != self.new

    def to_dict(self) -> dict[str, Any]:
        from tracker.diff import summarize

        return {"brief": self.brief, "edition": self.edition, "as_of": self.as_of,
                "reading": self.follows, "parser_version": self.old_version,
                "new_parser_version": self.new_version, "needed": self.needed,
                "summary": summarize(self.changes),
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class _Known:
    """identity.Known over what the brief holds, with the edition's old reading as `before`."""

    aliases: list[Any]
    derived: dict[str, str]
    old: Snapshot

    def before(self) -> Snapshot:
        return self.old

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        return {i: self.derived[i] for i in wanted if i in self.derived}


def plan(store: Any, brief: str, *, parser_version: str = PARSER_VERSION) -> list[Rereading]:
    """Each stored edition of `brief` (as-of order) read again and settled; nothing written."""
    from tracker.diff import compare
    from tracker.identity import settle

    stored = store.stored_raw(brief)
    with parse_all([(raw, parse_name(info.source), info.as_of, charset)
                    for info, raw, charset in stored]) as parsed:
        # the workers parse while the old readings are decoded here
        aliases = store.aliases(brief)
        derived = store.identities(brief)
        newest = store.newest_readings(brief)
        # a brief with an analyst's corrections: compared with (and settled against) the
        # parser's own reading; the corrections are applied again after (`tracker.app.correcting`)
        as_read = store.parser_readings(brief) if store.fact_records(brief) else {}
        out = []
        for (info, _, _), fresh in zip(stored, parsed):
            follows = newest[info.number]
            reading = as_read.get(info.number, follows)
            if fresh.as_of != info.as_of:
                fresh = fresh.with_as_of(info.as_of)
            settled, _ = settle(fresh, _Known(aliases, derived, reading.snapshot))
            changes = tuple(compare(reading.snapshot, settled)) if settled != reading.snapshot else ()
            out.append(Rereading(brief, info.number, info.as_of, follows.derivation,
                                 reading.parser_version, parser_version, reading.snapshot, settled,
                                 changes))
    return out


PARSE_WORKERS = 2  # processes reading editions again, as a bulk ingest parses ahead
PARSE_CHUNK = 8  # consecutive editions per task: what the parser remembers carries over


@contextmanager
def parse_all(items: list[tuple[bytes, str | None, str, str]]) -> Iterator[Iterator[Snapshot]]:
    """Each (raw bytes, file name, as-of, charset) parsed, in order, the bytes decoded with the
    charset stored with them (nothing guessed again); by a small pool of processes when there
    are many (parsing is most of a reparse's time, and pure). The workers start on every item
    on entry, so the caller does its own work (decoding the old readings) while they parse;
    the snapshots are handed out as they are parsed, so the caller settles and compares each
    while the workers parse the next."""
    import os

    workers = min(PARSE_WORKERS, os.cpu_count() or 1)
    if len(items) < 3 * PARSE_CHUNK or workers < 2:
        yield map(_parse_one, items)
        return
    from tracker.app.parseahead import parse_pool

    with parse_pool(workers) as pool:
        yield pool.map(_parse_one, items, chunksize=PARSE_CHUNK)  # submitted here, all at once


def _parse_one(item: tuple[bytes, str | None, str, str]) -> Snapshot:
    from tracker.parse.parser import parse_bytes

    raw, name, as_of, charset = item
    return parse_bytes(raw, name, as_of=as_of, encoding=charset)


def apply(store: Any, rereadings: Sequence[Rereading]) -> list[Any]:
    """Append the needed readings, then the corrected readings an analyst's corrections make
    of them, and the briefs' folds (one transaction); returns the stored `Reading`s."""
    from tracker.app.cumulative import state_rows
    from tracker.identity import identities_of

    items = _needed(rereadings)
    for brief in sorted({r.brief for r in rereadings}):
        items += readings_for(store, brief, *_read_again([r for r in rereadings if r.brief == brief]))[0]
    return store.write_derivations(items, identities_of, state_rows)


def _needed(rereadings: Sequence[Rereading]) -> list[NewDerivation]:
    """The new readings to append: those that read an edition differently."""
    from tracker.diff import summarize

    return [NewDerivation(r.brief, r.edition, r.follows, r.new_version, r.new, summarize(r.changes))
            for r in rereadings if r.needed]


def _read_again(mine: Sequence[Rereading]) -> tuple[dict[int, tuple[Snapshot, str]], set[int]]:
    """One brief's new readings as the corrections see them: edition -> (snapshot, version),
    and the editions given a new reading."""
    return {r.edition: (r.new, r.new_version) for r in mine}, {r.edition for r in mine if r.needed}


def reparse(store: Any, briefs: Sequence[str], *, dry_run: bool = False,
            parser_version: str = PARSER_VERSION) -> dict[str, Any]:
    """Plan, and unless `dry_run` append, new readings of every edition of `briefs`.
    Returns the plain document `tracker reparse --format json` prints."""
    rows: list[dict[str, Any]] = []
    written = 0
    facts: list[dict[str, Any]] = []
    from tracker.app.cumulative import state_rows
    from tracker.identity import identities_of

    for brief in briefs:
        planned = plan(store, brief, parser_version=parser_version)
        # the corrected readings, and the corrections the new readings make moot or supersede:
        # one computation, said before and after the readings are written
        corrected, changed = readings_for(store, brief, *_read_again(planned))
        facts += [{"brief": brief, **c} for c in changed]
        if not dry_run:  # with a cumulative brief's fold of the newest readings, in one transaction
            written += len(store.write_derivations(_needed(planned) + corrected, identities_of, state_rows))
        rows += [r.to_dict() for r in planned]
    out = {"parser_version": parser_version, "dry_run": dry_run,
           "editions": rows, "needed": sum(1 for r in rows if r["needed"]), "written": written}
    if facts:  # the analyst's corrections a new reading makes moot or supersedes (or applies again)
        out["corrections"] = facts
    return out
