"""The diff engine: two snapshots in, a list of `Change` out.

Pure and deterministic (see simonw/csv-diff): no database, no terminal, no rendering here.
Entities are matched by key, never by position, because editions reorder their lists; events
left over on both sides get a second chance by shared identity (a base respelled under a new
key is one `name` change, not a removal plus an addition). Strings are compared after
normalising formatting (white space, quotes, dashes, footnote markers) so the same edition read
from text, Markdown or HTML gives no changes; the values reported are the ones as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from tracker.canonical import plain as plain_value
from tracker.model import Change, Count, Event, Section, Snapshot, entity_dict
from tracker.vocabulary.periods import date_value, narrows

# The fields compared, in the order their changes are reported.
EVENT_FIELDS = ("date", "status", "action", "personnel", "nations", "actors", "place", "name",
                "notes", "aliases")
COUNT_FIELDS = ("value", "as_of", "subject")
SECTION_FIELDS = ("text", "title")
# List fields are sets in meaning: an edition listing "Italy, Canada" or "Canada, Italy" says the same.
_UNORDERED = frozenset({"nations", "actors", "notes", "aliases"})
_ENTITY_ORDER = {"event": 0, "count": 1, "section": 2}
_KIND_ORDER = {"added": 0, "changed": 1, "refined": 1, "reconfirmed": 1, "removed": 2}

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2026": "...",
})
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]+\s*")
_FOOTNOTE = re.compile(r"\s*(?:\[\^?(?:\d{1,3}|[a-z])\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalise_text(text: str | None) -> str:
    """Formatting-free form of prose, for comparison only (case is kept: it can be a respelling).

    Collapses white space, makes quotes straight, unifies every dash (with the spaces around
    it) to "-", and drops footnote markers such as "[3]", which renumber between editions.
    """
    if not text:
        return ""
    text = _FOOTNOTE.sub("", _INVISIBLE.sub("", text))  # before NFKC turns "¹" into "1"
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    return _SPACE.sub(" ", text).strip()


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every difference of facts from `before` to `after`, in a fixed, reproducible order.

    Order: events, counts, sections; within each, added, changed, removed, each by key;
    a changed entity gives one entry per field, in the order of *_FIELDS.
    """
    kinds = (
        _match_kind("event", before.events, after.events, EVENT_FIELDS, _event_label,
                    pair_leftovers=_pair_by_identity),
        _match_kind("count", before.counts, after.counts, COUNT_FIELDS, count_label,
                    pair_leftovers=_pair_tallies),
        _match_kind("section", before.sections, after.sections, SECTION_FIELDS, section_label),
    )
    # one DeepDiff call for every differing pair of every kind: its set-up is most of its cost
    differing = [d for _, pending in kinds for d in pending]
    moved = iter(_changed_fields([d[2] for d in differing], [d[3] for d in differing])
                 if differing else ())
    changes: list[Change] = []
    for (entity, fields, label, plain), pending in kinds:
        changes += plain
        changes += _changes_of(entity, pending, [next(moved) for _ in pending], fields, label)
    changes = reconfirmed(changes)
    changes.sort(key=lambda c: (_ENTITY_ORDER[c.entity], _KIND_ORDER[c.kind], c.key))
    return changes  # sort is stable: field order within one key is kept


def reconfirmed(changes: Iterable[Change]) -> list[Change]:
    """`changes` with each count whose figure stayed while its as-of moved later told as
    `reconfirmed` ("six bases as of 4 April" -> "six bases as of 11 April"): the brief says the
    same figure still holds, which is no revision of it. The as-of entry keeps its field and
    dates; any other field of the count that moved stays `changed`.

    Pure and idempotent, so it also reads changes logged before this kind existed (a
    `changed` as-of) as `compare` gives them today: `log` and `export` show one fact one way."""
    changes = list(changes)
    revalued = {c.key for c in changes if c.entity == "count" and c.field == "value"}
    return [replace(c, kind="reconfirmed") if _is_reconfirmation(c, revalued) else c for c in changes]


def _is_reconfirmation(change: Change, revalued: frozenset[str] | set[str] = frozenset()) -> bool:
    """A count's as-of moved later, `changed`, and its value (keys in `revalued`) did not."""
    return (change.entity == "count" and change.kind == "changed" and change.field == "as_of"
            and change.key not in revalued and isinstance(change.before, str)
            and isinstance(change.after, str) and change.after > change.before)


def before_reconfirmed(changes: Iterable[Change], *, cumulative: bool) -> list[Change]:
    """`changes` as the diff engine wrote them before it told a reconfirmed count apart, for
    `verify --deep` on a record ingested then: a restating brief logged the as-of as
    `changed`; a cumulative brief's fold said nothing of it."""
    if cumulative:
        return [c for c in changes if c.kind != "reconfirmed"]
    return [replace(c, kind="changed") if c.kind == "reconfirmed" else c for c in changes]


def summarize(changes: Iterable[Change]) -> dict[str, int]:
    """Counts of change entries by kind (a changed entity with two fields counts two)."""
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in changes:  # a cumulative brief's kinds (progressed, disputed ...) when present
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return counts


# (entity, kind, field or None) -> (singular, plural, prefix "+" for additions).
# Changed entries are counted once per entity and wording, so "1 count revised" stays 1
# even when its value and its as-of date both moved.
_PHRASES: tuple[tuple[Callable[[Change], bool], str, str], ...] = (
    (lambda c: c.entity == "event" and c.kind == "added", "+{n} event", "+{n} events"),
    (lambda c: c.entity == "count" and c.kind == "added", "+{n} count", "+{n} counts"),
    (lambda c: c.entity == "section" and c.kind == "added", "+{n} paragraph", "+{n} paragraphs"),
    (lambda c: c.entity == "count" and c.kind == "changed", "{n} count revised", "{n} counts revised"),
    (lambda c: c.entity == "count" and c.kind == "reconfirmed", "{n} count reconfirmed",
     "{n} counts reconfirmed"),
    (lambda c: c.entity == "event" and c.field == "date" and c.kind == "changed", "{n} date corrected",
     "{n} dates corrected"),
    (lambda c: c.kind == "refined", "{n} date refined", "{n} dates refined"),
    (lambda c: c.entity == "event" and c.field == "status" and c.kind == "changed", "{n} status updated",
     "{n} statuses updated"),
    (lambda c: c.entity == "event" and c.field == "name" and c.kind == "changed", "{n} name respelled",
     "{n} names respelled"),
    (lambda c: c.entity == "event" and c.kind == "changed"
     and c.field not in ("date", "status", "name"), "{n} event revised", "{n} events revised"),
    (lambda c: c.entity == "event" and c.kind == "removed", "{n} event retracted", "{n} events retracted"),
    (lambda c: c.entity == "count" and c.kind == "removed", "{n} count dropped", "{n} counts dropped"),
    (lambda c: c.entity == "section" and c.field == "text", "{n} paragraph rewritten",
     "{n} paragraphs rewritten"),
    (lambda c: c.entity == "section" and c.field == "title", "{n} heading retitled",
     "{n} headings retitled"),
    (lambda c: c.entity == "section" and c.kind == "removed", "{n} paragraph removed",
     "{n} paragraphs removed"),
    # an analyst's correction of one fact (tracker.correct): never a change in the source
    (lambda c: c.kind == "corrected", "{n} corrected by the analyst", "{n} corrected by the analyst"),
    # a cumulative brief's (tracker.fold.changes)
    (lambda c: c.kind == "progressed", "{n} progressed", "{n} progressed"),
    (lambda c: c.kind == "disputed", "{n} disputed", "{n} disputed"),
    (lambda c: c.kind == "settled", "{n} dispute settled", "{n} disputes settled"),
    (lambda c: c.kind == "retracted", "{n} retracted", "{n} retracted"),
)


def progressed_keys(changes: Iterable[Change]) -> frozenset[str]:
    """Events whose status changed: a date that moves with a new status is progress (the day
    the step was reached), not a corrected date."""
    return frozenset(c.key for c in changes
                     if c.entity == "event" and c.kind == "changed" and c.field == "status")


def summary_line(changes: Iterable[Change]) -> str:
    """One human line for `tracker log` and ingest, e.g. "+1 event, 1 count revised" or "no changes"."""
    changes = [c if isinstance(c, Change) else Change.from_dict(c) for c in changes]
    progressed = progressed_keys(changes)
    changes = [c for c in changes if not (c.entity == "event" and c.field == "date"
                                          and c.key in progressed)]
    parts = []
    for matches, one, many in _PHRASES:
        things, times = _tally([c for c in changes if matches(c)])
        if things:
            phrase = (one if things == 1 else many).format(n=things)
            if times > things and not phrase.startswith("+"):
                phrase += " twice" if times == 2 else f" {times} times"
            parts.append(phrase)
    return ", ".join(parts) if parts else "no changes"


def _tally(changes: list[Change]) -> tuple[int, int]:
    """(how many things changed, how many times): one per key and kind (an analyst's
    correction: per field too), so a count whose value and as-of both moved is one revision;
    but a field listed again (a cumulative diff over several reports: "3 -> 4", then
    "4 -> 5") is listed twice and counted twice, as the diff shows it."""
    listed: dict[tuple, dict[str | None, int]] = {}
    for c in changes:
        thing = (c.kind, c.key, c.field if c.kind == "corrected" else None)
        per_field = listed.setdefault(thing, {})
        per_field[c.field] = per_field.get(c.field, 0) + 1
    return len(listed), sum(max(per_field.values()) for per_field in listed.values())


def diff_document(brief: str, from_info: dict[str, Any], to_info: dict[str, Any],
                  changes: Iterable[Change]) -> dict[str, Any]:
    """The Diff JSON (`tracker diff --format json`); plain lists and dicts only, so json round-trips it unchanged."""
    changes = [c if isinstance(c, Change) else Change.from_dict(c) for c in changes]

    def info(d: dict[str, Any]) -> dict[str, Any]:
        out = {"edition": d.get("edition"), "as_of": d.get("as_of"), "sha256": d.get("sha256")}
        for extra in ("reading", "parser_version"):  # which reading of a stored edition
            if extra in d:
                out[extra] = d[extra]
        return out

    return {
        "brief": brief,
        "from": info(from_info),
        "to": info(to_info),
        "changes": [c.to_dict() for c in changes],
        "summary": summarize(changes),
    }


# -- matching ---------------------------------------------------------------------------------

Entity = Event | Count | Section
Pairs = list[tuple[Entity, Entity]]


def _match_kind(entity: str, before: Sequence[Entity], after: Sequence[Entity],
                fields: tuple[str, ...], label: Callable[[Any], str | None],
                pair_leftovers: Callable[[list, list], Pairs] | None = None) -> tuple:
    """((entity, fields, label, added + removed changes), differing pairs still to compare)."""
    pairs, removed, added = _pair_by_key(before, after)
    if pair_leftovers and removed and added:
        more = pair_leftovers(removed, added)
        used_b = {id(b) for b, _ in more}
        used_a = {id(a) for _, a in more}
        removed = [b for b in removed if id(b) not in used_b]
        added = [a for a in added if id(a) not in used_a]
        pairs += more
    changes = [Change("added", entity, a.key, label(a), None, None, _as_dict(a)) for a in added]
    changes += [Change("removed", entity, b.key, label(b), None, _as_dict(b), None) for b in removed]
    return (entity, fields, label, changes), _differing(pairs)


def _pair_by_key(before: Sequence[Entity], after: Sequence[Entity]) -> tuple[Pairs, list, list]:
    """Pairs sharing a key; leftovers (removed, added). Duplicated keys pair equal ones first."""
    by_key_b: dict[str, list[Entity]] = {}
    by_key_a: dict[str, list[Entity]] = {}
    for e in before:
        by_key_b.setdefault(e.key, []).append(e)
    for e in after:
        by_key_a.setdefault(e.key, []).append(e)
    pairs: Pairs = []
    removed: list[Entity] = []
    for key, bs in by_key_b.items():
        as_ = by_key_a.pop(key, [])
        if len(bs) == 1 and len(as_) == 1:
            pairs.append((bs[0], as_[0]))
            continue
        got, left_b, left_a = _pair_duplicates(bs, as_)
        pairs += got
        removed += left_b
        by_key_a[key] = left_a
    added = [e for es in by_key_a.values() for e in es]
    return pairs, removed, added


def _pair_duplicates(bs: list[Entity], as_: list[Entity]) -> tuple[Pairs, list, list]:
    """Order-independent pairing within one (malformed) key: equal first, then in sorted order."""
    left_a = sorted(as_, key=_sort_form)
    left_b: list[Entity] = []
    pairs: Pairs = []
    for b in sorted(bs, key=_sort_form):
        form = _comparable(b)
        hit = next((a for a in left_a if _comparable(a) == form), None)
        if hit is None:
            left_b.append(b)
        else:
            left_a.remove(hit)
            pairs.append((b, hit))
    n = min(len(left_b), len(left_a))
    pairs += list(zip(left_b[:n], left_a[:n]))
    return pairs, left_b[n:], left_a[n:]


def _pair_by_identity(removed: list[Event], added: list[Event]) -> Pairs:
    """Second pass: an unmatched old event and an unmatched new one sharing an identity.

    Greedy and deterministic: old events by key, each taking the new event with the largest
    identity overlap (ties by key).
    """
    from tracker.identity import event_identities

    ids_a = [(a, event_identities(a)) for a in sorted(added, key=lambda e: (e.key, _sort_form(e)))]
    pairs: Pairs = []
    taken: set[int] = set()
    for b in sorted(removed, key=lambda e: (e.key, _sort_form(e))):
        ids_b = event_identities(b)
        best, best_n = None, 0
        for a, ids in ids_a:
            n = len(ids_b & ids)
            if id(a) not in taken and n > best_n:
                best, best_n = a, n
        if best is not None:
            taken.add(id(best))
            pairs.append((b, best))
    return pairs


_PLACE_NOUNS = {"bases", "camps", "sites", "posts", "positions", "installations", "facilities",
                "locations", "outposts", "airfields", "compounds", "garrisons", "stations"}


def _pair_tallies(removed: list[Count], added: list[Count]) -> Pairs:
    """A tally of places told in other words ("camps returned" for "bases transferred") is
    the same tally revised, not one dropped and another added: the old and new place tallies
    are paired one for one, in key order."""
    old = sorted((c for c in removed if c.subject in _PLACE_NOUNS), key=lambda c: c.key)
    new = sorted((c for c in added if c.subject in _PLACE_NOUNS), key=lambda c: c.key)
    return list(zip(old, new))


# -- field comparison -------------------------------------------------------------------------

def _differing(pairs: Pairs) -> list[tuple]:
    """(before, after, comparable before, comparable after) of the pairs that differ in fact."""
    differing = []
    for b, a in pairs:
        if b == a:  # the common case, at no cost
            continue
        # only fields unequal as they stand can differ once normalised: the rest (often the
        # long texts) are not normalised at all
        vb, va = vars(b), vars(a)
        names = [k for k in vb if k != "key" and _unequal(vb[k], va[k])]
        nb, na = _comparable_fields(vb, names), _comparable_fields(va, names)
        if nb != na:  # formatting-only differences stop here
            differing.append((b, a, nb, na))
    return differing


def _changes_of(entity: str, differing: list[tuple], moved_per_pair: list[set[str]],
                fields: tuple[str, ...], label: Callable[[Any], str | None]) -> list[Change]:
    changes = []
    for (b, a, _, _), moved in zip(differing, moved_per_pair):
        if entity == "event" and "date_precision" in moved:
            moved = moved | {"date"}  # "2020-03-01" as March, then as the 1st: the date moved
        names = [f for f in fields if f in moved]
        if entity == "event" and not names and "text" in moved:
            names = ["text"]  # the item sentence alone was reworded: say so
        changes += [date_change(b, a, label(a)) if entity == "event" and f == "date" else
                    Change("changed", entity, b.key, label(a), f, plain_value(getattr(b, f)),
                           plain_value(getattr(a, f)))
                    for f in names]
    return changes


def date_change(before: Event, after: Event, label: str | None) -> Change:
    """An event's date moved: `refined` when the new date lies inside the old one's period
    and is more precise ("March 2020" -> "17 March 2020"), else `changed`. A date less precise
    than a day is given as {"date", "precision"}, never as its period's first day alone."""
    b_p, a_p = before.date_precision, after.date_precision
    kind = "refined" if narrows(before.date, b_p, after.date, a_p) else "changed"
    return Change(kind, "event", before.key, label, "date", date_value(before.date, b_p),
                  date_value(after.date, a_p))


def _changed_fields(befores: list[dict[str, Any]], afters: list[dict[str, Any]]) -> list[set[str]]:
    """For each pair of comparable forms, the top-level fields deepdiff finds different.

    One DeepDiff call over all differing pairs (indexed by position in these lists) costs far
    less than one call per pair; lists that carry no order were sorted by `_comparable`.
    """
    # Fields equal as plain values cannot differ: leaving them out spares deepdiff walking
    # every unchanged text and list of every pair, which was most of an ingest's diff cost.
    befores, afters = zip(*(_unequal_fields(b, a) for b, a in zip(befores, afters)))
    # Where only single values or lists of them differ (a date, a status, a figure, the
    # nations), each unequal field is a change, as deepdiff would say; its walk is kept for
    # the pairs whose nested data differ.
    moved: list[set[str]] = [set(b) | set(a) for b, a in zip(befores, afters)]
    deep = [i for i, (b, a) in enumerate(zip(befores, afters))
            if not all(_shallow(v) for d in (b, a) for v in d.values())]
    if not deep:
        return moved
    from deepdiff import DeepDiff  # heavy import (~100 ms): only when lists or nesting differ

    tree = DeepDiff({i: befores[i] for i in deep}, {i: afters[i] for i in deep}, view="tree")
    for i in deep:
        moved[i] = set()
    for levels in tree.values():
        for level in levels:
            path = level.path(output_format="list")
            if len(path) >= 2:
                moved[path[0]].add(str(path[1]))
            elif path:  # a whole entity differs in kind: compare its fields plainly
                i = path[0]
                keys = set(befores[i]) | set(afters[i])
                moved[i] |= {k for k in keys if befores[i].get(k) != afters[i].get(k)}
    return moved


def _unequal_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    keys = [k for k in {**before, **after} if _unequal(before.get(k, _ABSENT), after.get(k, _ABSENT))]
    return ({k: before[k] for k in keys if k in before}, {k: after[k] for k in keys if k in after})


_ABSENT = object()


def _flat(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _shallow(value: Any) -> bool:
    """A single value, or a list of them: unequal ones always differ somewhere for deepdiff."""
    return _flat(value) or (isinstance(value, (list, tuple)) and all(map(_flat, value)))


def _unequal(a: Any, b: Any) -> bool:
    return type(a) is not type(b) or a != b  # 5 and 5.0 are equal to ==, not to deepdiff


def _comparable(entity: Entity) -> dict[str, Any]:
    """The entity as compared: formatting normalised, list order dropped where it means nothing."""
    fields = vars(entity)
    return _comparable_fields(fields, [name for name in fields if name != "key"])


def _comparable_fields(fields: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The fields `names` of an entity's `vars` as compared (see `_comparable`)."""
    out: dict[str, Any] = {}
    for name in names:
        value = fields[name]
        if isinstance(value, str):
            value = normalise_text(value)
        elif isinstance(value, (list, tuple)):
            value = [normalise_text(v) if isinstance(v, str) else v for v in value]
            if name in _UNORDERED:
                value = sorted(value, key=repr)
        out[name] = value
    return out


def _sort_form(entity: Entity) -> str:
    return repr(sorted(_comparable(entity).items()))


def _as_dict(entity: Entity) -> dict[str, Any]:
    """The whole entity as JSON-ready data (tuples as lists), as `parse --format json` shows it."""
    return entity_dict(entity)


# -- labels -----------------------------------------------------------------------------------

def _event_label(event: Event) -> str:
    return event.name or event.key


def count_label(count: Count) -> str:
    """"bases transferred": the subject plus the predicate the key carries."""
    words = count.key.replace("-", " ").replace("_", " ").split()
    subject = (count.subject or "").strip()
    subject_words = subject.lower().replace("-", " ").split()
    if subject and [w.lower() for w in words[:len(subject_words)]] == subject_words:
        return " ".join([subject, *words[len(subject_words):]])
    return " ".join(words) or subject or count.key


def section_label(section: Section) -> str:
    return section.title or section.key
