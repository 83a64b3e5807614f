"""What a cumulative brief's reports changed: two folded states in, a list of `Change` out.

The diff JSON keeps its shape (`kind`, `entity`, `key`, `label`, `field`, `before`, `after`);
a cumulative brief uses these kinds (never `removed`: a report's silence changes nothing):

- `added`      a fact first reported (or told again after a retraction); `after` is the fact;
- `progressed` a step further (planned -> started -> completed), `field` `status` or the
               `date` that step was reached; `before` / `after` the values;
- `changed`    a field revised by a later report, or corrected by one taking it back;
- `refined`    a date made more precise inside its period ("March 2020" -> "17 March 2020");
               `before` / `after` give a date less precise than a day as {"date", "precision"};
- `settled`    a disputed field decided by a later report: `before` the values that were
               claimed, `after` the value it gave;
- `disputed`   reports of the same as-of date disagreeing on a field: `after` is
               {"values": [{"value", "sources": [{"edition", "as_of", "source"}]}]};
- `reconfirmed` a count whose figure a later report states again as of a later day: `field`
               `as_of`, `before` / `after` the two days (a restating brief's diff says the same);
- `retracted`  statements explicitly taken back: `before` the fact, `after` {"by", "text",
               "withdrawn": the reports whose statements were taken back, "now": the fact as
               the other reports still tell it, or None when none do (the fact is retracted)}.
"""

from __future__ import annotations

from typing import Any

from tracker.diff import count_label
from tracker.fold.facts import Fact, State
from tracker.fold.folding import COUNT_FIELDS, EVENT_FIELDS, STEPS
from tracker.model import Change, Count, restates

_KIND = {"progressed": "progressed", "settled": "settled", "reinstated": "added", "refined": "refined"}
_ORDER = {"added": 0, "progressed": 1, "refined": 2, "changed": 2, "reconfirmed": 2, "settled": 3,
          "disputed": 4, "retracted": 5}


def compare_states(before: State, after: State) -> list[Change]:
    """Every change from `before` to `after` (a later state of the same brief), in a fixed
    order: events then counts; added, progressed, changed, settled, disputed, retracted; by key."""
    old = {(f.entity, f.key): f for f in before.facts}
    changes: list[Change] = []
    for fact in after.facts:
        changes += _fact_changes(old.get((fact.entity, fact.key)), fact)
    changes.sort(key=lambda c: (c.entity != "event", _ORDER.get(c.kind, 9), c.key))
    return changes  # stable: a fact's fields keep the order they were told in


def fact_label(fact: Fact) -> str:
    if fact.entity == "count":
        data = fact.data
        return count_label(Count(fact.key, data.get("subject") or "", data.get("value") or 0))
    return fact.data.get("name") or fact.key


def _fact_changes(was: Fact | None, fact: Fact) -> list[Change]:
    label = fact_label(fact)
    make = lambda kind, field, b, a: Change(kind, fact.entity, fact.key, label, field, b, a)  # noqa: E731
    if was is None or (not was.standing and fact.standing):
        return [] if not fact.standing else [make("added", None, None, fact.data)]
    if len(fact.withdrawn) > len(was.withdrawn) or (was.standing and not fact.standing):
        if _corrected(was, fact):  # taken back and told right by the same report: a correction
            fields = EVENT_FIELDS if fact.entity == "event" else COUNT_FIELDS
            return [make("changed", f, was.data.get(f), fact.data.get(f)) for f in fields
                    if was.data.get(f) != fact.data.get(f)]
        return [make("retracted", None, was.data, _taken_back(was, fact))]
    out = []
    for revision in fact.revisions[len(was.revisions):]:
        kind = _KIND.get(revision.kind, "changed")
        if kind == "added":
            continue
        before = revision.before
        if kind == "settled":
            dispute = next((d for d in fact.disputes if d.field == revision.field
                            and d.settled_by == revision.by), None)
            before = [c.value for c in dispute.claims] if dispute else before
        out.append(make(kind, revision.field, before, revision.after))
    for dispute in fact.disputes[len(was.disputes):]:
        out.append(make("disputed", dispute.field, None, _claims(dispute)))
    if not out and _reconfirmed(was, fact):
        out.append(make("reconfirmed", "as_of", was.data.get("as_of"), fact.data.get("as_of")))
    return out


def _reconfirmed(was: Fact, fact: Fact) -> bool:
    """A count standing before and after, its figure the same, stated as of a later day."""
    return (fact.entity == "count" and was.standing and fact.standing
            and restates(was.data.get("value"), was.data.get("as_of"),
                         fact.data.get("value"), fact.data.get("as_of")))


def _corrected(was: Fact, fact: Fact) -> bool:
    """A statement taken back by a report that tells the fact again, no step back: the report
    corrects a detail (a date, a figure) rather than withdrawing a claim of progress."""
    if not fact.standing or not fact.withdrawn:
        return False
    by = fact.withdrawn[-1].by
    if not any(st.report == by for st in fact.statements):
        return False
    return STEPS.get(fact.data.get("status") or "", -1) >= STEPS.get(was.data.get("status") or "", -1)


def _taken_back(was: Fact, fact: Fact) -> dict[str, Any]:
    """What a retraction did: by which report, in which words, whose statements it took back,
    and the fact as the other reports still tell it (None when none do)."""
    new = fact.withdrawn[len(was.withdrawn):]
    by = new[-1].by if new else fact.retracted
    text = new[-1].text if new else fact.retraction
    return {"by": by.to_dict() if by else None, "text": text,
            "withdrawn": [w.report.to_dict() for w in new],
            "now": fact.data if fact.standing else None}


def _claims(dispute: Any) -> dict[str, Any]:
    return {"values": [c.to_dict() for c in dispute.claims]}
