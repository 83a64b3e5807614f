"""The values of a cumulative brief: the reports it was compiled from, and each fact with the
reports behind it (first reported, confirmed, revised, disputed, retracted).

Plain frozen records with `to_dict` / `from_dict`, so a folded state can be stored as a
derived projection (canonical JSON) and read back exactly; `tracker.fold.folding` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.canonical import plain

MODES = ("restating", "cumulative")
DEFAULT_MODE = "restating"


@dataclass(frozen=True)
class ReportRef:
    """One report (an edition) as provenance: which edition, as of when, from which source."""

    edition: int
    as_of: str
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "as_of": self.as_of, "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportRef:
        return cls(int(data["edition"]), data["as_of"], data.get("source") or "")


@dataclass(frozen=True)
class Revision:
    """A field a later report changed: `kind` is `progressed` (a step further: planned ->
    started -> completed, with the day it was reached), `revised` (another value), `refined`
    (a date made more precise inside its period), `settled` (a dispute decided) or `amended`
    (the report took the earlier value back in words: its own "Correction: ..."; never an
    analyst's correction, which the views call `corrected`)."""

    field: str
    before: Any
    after: Any
    by: ReportRef
    kind: str = "revised"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "before": plain(self.before), "after": plain(self.after),
                "by": self.by.to_dict(), "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Revision:
        kind = data.get("kind") or "revised"
        return cls(data["field"], data.get("before"), data.get("after"), ReportRef.from_dict(data["by"]),
                   "amended" if kind == "corrected" else kind)  # the name states stored before it


@dataclass(frozen=True)
class Claim:
    """One value of a disputed field and the reports that gave it."""

    value: Any
    sources: tuple[ReportRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"value": plain(self.value), "sources": [s.to_dict() for s in self.sources]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(data.get("value"), tuple(ReportRef.from_dict(s) for s in data.get("sources", ())))


@dataclass(frozen=True)
class Dispute:
    """Reports of the same as-of date that disagree on a field: every value with its sources.
    Open until a later report settles it (`settled_by`, with the value it gave)."""

    field: str
    as_of: str
    claims: tuple[Claim, ...]
    settled_by: ReportRef | None = None
    settled_value: Any = None

    @property
    def open(self) -> bool:
        return self.settled_by is None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "as_of": self.as_of, "open": self.open,
                "values": [c.to_dict() for c in self.claims],
                "settled_by": self.settled_by.to_dict() if self.settled_by else None,
                "settled_value": plain(self.settled_value)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dispute:
        settled = data.get("settled_by")
        return cls(data["field"], data["as_of"], tuple(Claim.from_dict(c) for c in data["values"]),
                   ReportRef.from_dict(settled) if settled else None, data.get("settled_value"))


@dataclass(frozen=True)
class Basis:
    """What stands behind a field's current value: the as-of date of the newest reports that
    gave it, and those reports (a report of that same day that disagrees opens a dispute)."""

    as_of: str
    sources: tuple[ReportRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "sources": [s.to_dict() for s in self.sources]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Basis:
        return cls(data["as_of"], tuple(ReportRef.from_dict(s) for s in data.get("sources", ())))


@dataclass(frozen=True)
class Statement:
    """What one report told of a fact: the entity as it told it, and whether the report
    corrected an earlier one in telling it. A fact is the fold of its statements."""

    report: ReportRef
    data: dict[str, Any]
    corrected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report.to_dict(), "data": plain(self.data), "corrected": self.corrected}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(ReportRef.from_dict(data["report"]), dict(data["data"]), bool(data.get("corrected")))


@dataclass(frozen=True)
class Given:
    """The report that gave a field the value it has now, and its sentence: a fact is compiled
    field by field, so each value is quoted from the report that told it, not from whichever
    report happened to tell the place first (a figure of 6 never quotes "the third of seven")."""

    report: ReportRef
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report.to_dict(), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Given:
        return cls(ReportRef.from_dict(data["report"]), data.get("text") or "")


@dataclass(frozen=True)
class Withdrawal:
    """A report's statement taken back by a later report (`by`), with the words that did it
    and what the statement had said (`said`: the entity as that report told it)."""

    report: ReportRef
    by: ReportRef
    text: str | None = None
    said: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report.to_dict(), "by": self.by.to_dict(), "text": self.text,
                "said": plain(self.said) if self.said is not None else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Withdrawal:
        said = data.get("said")
        return cls(ReportRef.from_dict(data["report"]), ReportRef.from_dict(data["by"]), data.get("text"),
                   dict(said) if said is not None else None)


@dataclass(frozen=True)
class Fact:
    """An event or a tally as the reports so far tell it, with its provenance.

    `data` is the entity (an `Event` or `Count` as a dict) with every field at its current
    value; a retracted fact keeps its data and says by which report it was taken back."""

    entity: str  # event | count
    key: str
    data: dict[str, Any]
    first: ReportRef
    confirmed: tuple[ReportRef, ...] = ()
    revisions: tuple[Revision, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    retracted: ReportRef | None = None
    retraction: str | None = None  # the words that took it back
    basis: dict[str, Basis] = field(default_factory=dict)
    statements: tuple[Statement, ...] = ()  # what each report behind it told, in order
    withdrawn: tuple[Withdrawal, ...] = ()  # statements later reports took back
    given: dict[str, Given] = field(default_factory=dict)  # field -> the report behind its value

    @property
    def standing(self) -> bool:
        return self.retracted is None

    def reports(self) -> list[ReportRef]:
        """Every report behind the fact, once each, in as-of order: the first, those whose
        statement stands (a statement taken back no longer counts), and the report that
        retracted the fact, if one did."""
        seen: dict[int, ReportRef] = {self.first.edition: self.first}
        for ref in (*self.confirmed, *(r.by for r in self.revisions),
                    *(s for d in self.disputes for c in d.claims for s in c.sources),
                    *((self.retracted,) if self.retracted else ())):
            seen.setdefault(ref.edition, ref)
        return sorted(seen.values(), key=lambda r: (r.as_of, r.edition))

    def open_disputes(self) -> list[Dispute]:
        return [d for d in self.disputes if d.open]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity, "key": self.key, "data": plain(self.data),
            "first_reported": self.first.to_dict(),
            "confirmed_by": [r.to_dict() for r in self.confirmed],
            "revisions": [r.to_dict() for r in self.revisions],
            "disputes": [d.to_dict() for d in self.disputes],
            "retracted": self.retracted.to_dict() if self.retracted else None,
            "retraction": self.retraction,
            "basis": {k: b.to_dict() for k, b in sorted(self.basis.items())},
            "statements": [st.to_dict() for st in self.statements],
            "withdrawn": [w.to_dict() for w in self.withdrawn],
            "given": {k: g.to_dict() for k, g in sorted(self.given.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        retracted = data.get("retracted")
        return cls(
            data["entity"], data["key"], dict(data["data"]), ReportRef.from_dict(data["first_reported"]),
            tuple(ReportRef.from_dict(r) for r in data.get("confirmed_by", ())),
            tuple(Revision.from_dict(r) for r in data.get("revisions", ())),
            tuple(Dispute.from_dict(d) for d in data.get("disputes", ())),
            ReportRef.from_dict(retracted) if retracted else None, data.get("retraction"),
            {k: Basis.from_dict(b) for k, b in (data.get("basis") or {}).items()},
            tuple(Statement.from_dict(st) for st in data.get("statements", ())),
            tuple(Withdrawal.from_dict(w) for w in data.get("withdrawn", ())),
            {k: Given.from_dict(g) for k, g in (data.get("given") or {}).items()},
        )


@dataclass(frozen=True)
class State:
    """A cumulative brief as of one report: every fact reported so far (standing or
    retracted), the title and as-of date of the newest report, how many reports were folded."""

    facts: tuple[Fact, ...] = ()
    folded: int = 0
    title: str | None = None
    as_of: str | None = None

    def fact(self, entity: str, key: str) -> Fact | None:
        return next((f for f in self.facts if f.entity == entity and f.key == key), None)

    def standing(self, entity: str | None = None) -> list[Fact]:
        return [f for f in self.facts if f.standing and (entity is None or f.entity == entity)]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "as_of": self.as_of, "folded": self.folded,
                "facts": [f.to_dict() for f in self.facts]}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> State:
        if not data:
            return cls()
        return cls(tuple(Fact.from_dict(f) for f in data.get("facts", ())),
                   int(data.get("folded") or 0), data.get("title"), data.get("as_of"))
