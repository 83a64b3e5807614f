"""Domain values shared by every stage: parse produces them, store keeps them, diff compares them.

They are frozen so a snapshot, once parsed, cannot drift between being hashed and being
stored; `to_dict` / `from_dict` give the JSON shapes `tracker parse --format json` prints (`tracker.canonical` gives
the one byte form that hashes are taken over).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from tracker.canonical import plain

PARSER_VERSION = "14"  # what each version reads differently: tests/data/parser_pins.json

#: The words a planned tally's key carries ("bases-to-be-closed"): a plan is never the running
#: tally of what was done, so the cumulative fold never joins the two under one key.
PLANNED_TALLY = "to be"


def restates(before_value: Any, before_as_of: Any, after_value: Any, after_as_of: Any) -> bool:
    """The same figure stated again as of a later day: a count `reconfirmed`, never revised.
    One rule for the diff of two readings, the cumulative fold and the report's chart."""
    return (before_value == after_value and isinstance(before_as_of, str)
            and isinstance(after_as_of, str) and after_as_of > before_as_of)


ChangeKind = Literal["added", "removed", "changed",
                     # a cumulative brief's (see tracker.fold): never "removed" for silence
                     "progressed", "retracted", "disputed", "settled",
                     # a date made more precise within its period ("March" -> "17 March")
                     "refined",
                     # a count's figure stated again as of a later day (tracker.diff.reconfirmed)
                     "reconfirmed",
                     # an analyst's correction of one fact (tracker.correct): never the source's
                     "corrected"]
EntityKind = Literal["event", "count", "section"]


@dataclass(frozen=True)
class Event:
    """A real-world happening an edition reports, e.g. a base handed over on a date."""

    key: str
    name: str
    date: str | None = None
    action: str | None = None
    status: str | None = None
    place: str | None = None
    actors: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()
    personnel: int | None = None
    notes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    text: str = ""
    # How precisely `date` is known: None for a day; else "week", "part-month" (early, mid,
    # late: from the 1st, 11th, 21st), "month", "quarter", "half-year" or "year", and `date`
    # is the first day of that period (tracker.vocabulary.periods). Last, so that positional
    # construction keeps its meaning; serialised beside `date`, and only when set, so that
    # snapshots stored before it keep their bytes and hashes.
    date_precision: str | None = None

    def __post_init__(self) -> None:
        # a date that carries its precision (tracker.vocabulary.periods.Dated) gives it here,
        # and is kept as a plain string
        precision = getattr(self.date, "precision", None)
        if precision is not None:
            object.__setattr__(self, "date", str(self.date))
            object.__setattr__(self, "date_precision", None if precision == "day" else precision)


@dataclass(frozen=True)
class Count:
    """A headline figure ("six bases have been transferred") with the date it is stated for."""

    key: str
    subject: str
    value: int
    as_of: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Section:
    """A titled paragraph of prose; compared by text, keyed by a slug of its title."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Retraction:
    """A report taking back what earlier reports said of a place: "[Retracted] ...", struck
    text, "earlier reports that ... were wrong". In a cumulative brief it retracts the fact,
    or, when the same report tells the place again, marks that telling as a correction."""

    key: str
    name: str
    text: str = ""


#: A correction's outcomes in one reading (`AppliedCorrection.outcome`; tracker.correct decides them)
APPLIED, MOOT, SUPERSEDED = "applied", "moot", "superseded"


@dataclass(frozen=True)
class AppliedCorrection:
    """An analyst's correction of one fact as a corrected reading holds it (tracker.correct):
    which record (`id`, its log seq), what it does (`op`: reject | set | add) to which entity
    (`entity`: event | count, `key`, `field`), the value the parser read in this reading
    (`before`) and the analyst's (`after`), why, by whom and when, and its `outcome` in this
    reading: "applied", "moot" (the parser already reads what it says) or "superseded" (the
    source no longer says what it corrected: the parser's reading shows)."""

    id: int
    op: str
    entity: str
    key: str
    field: str | None = None
    before: Any = None
    after: Any = None
    reason: str = ""
    by: str = ""
    at: str = ""
    outcome: str = "applied"


@dataclass(frozen=True)
class Snapshot:
    """Everything one edition states. A pure function of the text and PARSER_VERSION."""

    title: str | None = None
    as_of: str | None = None
    events: tuple[Event, ...] = ()
    counts: tuple[Count, ...] = ()
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()
    retractions: tuple[Retraction, ...] = ()
    # an analyst's corrections of this reading (tracker.correct), serialised only when there
    # are any, so that every reading without keeps its bytes and hashes
    fact_corrections: tuple[AppliedCorrection, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict (which deep-copies every value): the entities are
        # flat records, so converting their tuples gives the same plain JSON shape
        out = {
            "title": self.title, "as_of": self.as_of,
            "events": [entity_dict(e) for e in self.events],
            "counts": [entity_dict(c) for c in self.counts],
            "sections": [entity_dict(x) for x in self.sections],
            "warnings": list(self.warnings),
        }
        if self.retractions:  # only when there are any: snapshots without keep their bytes
            out["retractions"] = [entity_dict(r) for r in self.retractions]
        if self.fact_corrections:
            out["fact_corrections"] = [entity_dict(c) for c in self.fact_corrections]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        return cls(
            title=data.get("title"),
            as_of=data.get("as_of"),
            events=tuple(_build(Event, e) for e in data.get("events", ())),
            counts=tuple(_build(Count, c) for c in data.get("counts", ())),
            sections=tuple(_build(Section, s) for s in data.get("sections", ())),
            warnings=tuple(data.get("warnings", ())),
            retractions=tuple(_build(Retraction, r) for r in data.get("retractions", ())),
            fact_corrections=tuple(_build(AppliedCorrection, c) for c in data.get("fact_corrections", ())),
        )

    def with_as_of(self, as_of: str | None) -> Snapshot:
        """The same snapshot stated for another as-of date (a caller's override)."""
        return Snapshot(self.title, as_of, self.events, self.counts, self.sections, self.warnings,
                        self.retractions, self.fact_corrections)


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots; `changed` names exactly one field."""

    kind: ChangeKind
    entity: EntityKind
    key: str
    label: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "entity": self.entity, "key": self.key, "label": self.label,
                "field": self.field, "before": plain(self.before), "after": plain(self.after)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return _build(cls, data)


def entity_dict(entity: Any) -> dict[str, Any]:
    """An Event, Count or Section as a plain dict (tuples as lists), in field order; an
    event's `date_precision` beside its `date`, and only when set."""
    out = {k: plain(v) for k, v in vars(entity).items()}
    return precision_beside_date(out) if "date_precision" in out else out


def precision_beside_date(data: dict[str, Any]) -> dict[str, Any]:
    """An event's fields with `date_precision` dropped when None, else moved right after
    `date` (how a snapshot shows it: byte-identical to the time before the field)."""
    precision = data.pop("date_precision", None)
    if precision is None:
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "date":
            out["date_precision"] = precision
    return out


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name: f for f in fields(cls)}
    kwargs = {}
    for name, value in data.items():
        if name not in names:
            continue
        kwargs[name] = tuple(value) if isinstance(value, list) else value
    return cls(**kwargs)
