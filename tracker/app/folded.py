"""The audit views of a brief that folds its reports (cumulative): show, diff, history,
timeline and the facts for export, from the fold_states projection.

Each view reads the stored state of the editions it names (one row per side), never the
history; what a fact says of its sources comes from the fold (`tracker.fold`).
"""

from __future__ import annotations

from typing import Any

from tracker.app import foldmarks
from tracker.app.cumulative import folds, load_state, report_ref
from tracker.app.marks import notes_by_edition
from tracker.correct.applying import APPLIED
from tracker.errors import InputError, NotFoundError
from tracker.fold import AMENDED, Fact, State, compare_states, fact_label, fold
from tracker.model import restates
from tracker.store.records import mode_at


def mode_of(store: Any, brief: str) -> str:
    """The brief's mode now (for its next edition)."""
    return mode_at(store.modes(brief), 1 << 30)


def is_folding(store: Any, brief: str) -> bool:
    return folds(store.modes(brief))


def state_at(store: Any, brief: str, info: Any) -> State:
    text = store.state(brief, info.number)
    if text is None:
        raise NotFoundError(f"brief {brief!r} has no folded state for edition {info.number}; "
                            "run `tracker verify --repair`")
    return load_state(text)


def fact_doc(fact: Fact) -> dict[str, Any]:
    """A fact as the views give it: its fields, then where it comes from (`field_sources`:
    each field's value with the report and the sentence that gave it)."""
    return {**fact.data, "key": fact.key, "reports": len(fact.reports()),
            "sources": [r.to_dict() for r in fact.reports()],
            "field_sources": field_sources(fact),
            "first_reported": fact.first.to_dict(),
            "confirmed_by": [r.to_dict() for r in fact.confirmed],
            "revisions": [r.to_dict() for r in fact.revisions],
            "disputes": [d.to_dict() for d in fact.disputes],
            "retracted": fact.retracted.to_dict() if fact.retracted else None,
            "retraction": fact.retraction,
            "withdrawn": [w.to_dict() for w in fact.withdrawn]}


def field_sources(fact: Fact) -> dict[str, dict[str, Any]]:
    """field -> {"value", "edition", "as_of", "source", "text"}: the report whose sentence gave
    the field the value it has now, and that sentence (fields with no value are left out)."""
    return {name: {"value": fact.data.get(name), **given.report.to_dict(), "text": given.text}
            for name, given in sorted(fact.given.items()) if fact.data.get(name) not in (None, "", [])}


def state_document(brief: str, mode: str, header: dict[str, Any], state: State) -> dict[str, Any]:
    """The Snapshot JSON shape (title, as_of, events, counts) with provenance on every fact,
    the facts retracted so far and the open disputes."""
    disputes = [{"key": f.key, "entity": f.entity, "label": fact_label(f), **d.to_dict()}
                for f in state.standing() for d in f.open_disputes()]
    return {"brief": brief, "mode": mode, "edition": header, "title": state.title,
            "as_of": state.as_of, "reports": state.folded,
            "events": [fact_doc(f) for f in state.standing("event")],
            "counts": [fact_doc(f) for f in state.standing("count")],
            "sections": [],
            "retracted": [fact_doc(f) for f in state.facts if not f.standing],
            "disputes": disputes, "warnings": []}


def show(store: Any, brief: str, info: Any, header: dict[str, Any]) -> dict[str, Any]:
    """The state at `info`, each fact marked with the analyst's corrections behind it."""
    state = state_at(store, brief, info)
    doc = state_document(brief, mode_at(store.modes(brief), info.number), header, state)
    by_edition = notes_by_edition(store, brief)
    numbers = foldmarks.folded_until(store.editions(brief), info) if by_edition else []
    return foldmarks.mark_state(doc, [f.entity for f in state.facts if not f.standing], by_edition, numbers)


def diff(store: Any, brief: str, before_info: Any, after_info: Any) -> list:
    """The cumulative changes from one edition's state to a later one's (`before_info` None:
    from nothing): the sources' own changes, then the analyst's corrections of the reports
    between (kind "corrected"). Without a correction applied between them, the changes from
    one stored state to the other; with one, a correction never hides what the source said:
    the reports between are folded as the parser read them onto the state at FROM (the
    source's changes, "revised 3 -> 4"), and each correction follows ("corrected 4 -> 5")."""
    if before_info is not None and (before_info.as_of, before_info.number) > (after_info.as_of, after_info.number):
        raise InputError(f"in a cumulative brief FROM must come before TO: edition "
                         f"{before_info.number} is as of {before_info.as_of}, edition "
                         f"{after_info.number} as of {after_info.as_of}")
    start = state_at(store, brief, before_info) if before_info is not None else State()
    end = state_at(store, brief, after_info)
    by_edition = notes_by_edition(store, brief)
    between = reports_between(store.editions(brief), before_info, after_info) if by_edition else []
    numbers = [i.number for i in between]
    if not any(n.outcome == APPLIED for number in numbers for n in by_edition.get(number, ())):
        return compare_states(start, end)
    as_read, modes = store.parser_readings(brief), store.modes(brief)
    told = start
    for info in between:
        told = fold(told, as_read[info.number].snapshot, report_ref(info), mode_at(modes, info.number))
    labels = {(f.entity, f.key): fact_label(f) for f in end.facts}
    facts = {(f.entity, f.key): {**f.data, "key": f.key} for f in end.facts}
    return compare_states(start, told) + foldmarks.corrected_changes(by_edition, numbers, labels, facts)


def reports_between(infos: list[Any], before_info: Any, after_info: Any) -> list[Any]:
    """The editions (of `infos`) folded into the state at `after_info` but not into the one
    at `before_info` (None: from the start), in as-of order."""
    earlier = set(foldmarks.folded_until(infos, before_info)) if before_info is not None else set()
    later = set(foldmarks.folded_until(infos, after_info))
    return sorted((i for i in infos if i.number in later - earlier), key=lambda i: (i.as_of, i.number))


def report_changes(store: Any, brief: str, previous: int | None, number: int) -> list:
    """What report `number` changed, computed the cumulative way as at ingest: against the
    folded state of `previous` (None: the first), the source's changes then the analyst's
    corrections of it. What `log` and the report give a report read again or corrected."""
    infos = {i.number: i for i in store.editions(brief, include_retracted=True)}
    return diff(store, brief, infos.get(previous) if previous is not None else None, infos[number])


def diff_document(store: Any, brief: str, before_info: Any, after_info: Any,
                  sides: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    """The Diff JSON of a cumulative brief (`sides`: its from and to), each change an
    analyst's correction made in a report between them as kind "corrected" with the
    correction, and a fact an analyst rejected from one of them listed so."""
    from tracker.diff import diff_document as document

    changes = diff(store, brief, before_info, after_info)
    doc = document(brief, sides[0], sides[1], changes)
    by_edition = notes_by_edition(store, brief)
    if by_edition:
        numbers = [i.number for i in reports_between(store.editions(brief), before_info, after_info)]
        foldmarks.explain(doc["changes"], by_edition, numbers)
    return {**doc, "mode": mode_of(store, brief)}


def history(store: Any, brief: str, key: str, keys: Any) -> dict[str, Any]:
    """One fact across reports: what each report did to it (first reported, confirmed,
    revised, disputed, settled, retracted), from the newest state's provenance."""
    editions = store.editions(brief)
    if not editions:
        raise NotFoundError(f"brief {brief!r} has no editions")
    state = state_at(store, brief, editions[-1])
    facts = [f for f in state.facts if f.key in set(keys)]
    if not facts:
        raise NotFoundError(f"{key!r} appears in no stored report of {brief!r}")
    fact = next((f for f in facts if f.key == key), facts[0])
    by_edition: dict[int, dict[str, Any]] = {}
    info_of = {i.number: i for i in editions}

    def row(ref: Any) -> dict[str, Any]:
        info = info_of.get(ref.edition)
        found = by_edition.get(ref.edition)
        if found is None:
            found = by_edition[ref.edition] = {
                "edition": ref.edition, "as_of": ref.as_of, "source": ref.source,
                "sha256": info.sha256 if info else None,
                "ingested_at": info.ingested_at if info else None,
                "status": "confirmed", "changes": [], "disputes": []}
        return found

    first = row(fact.first)
    first.update(status="added", data=fact_doc(fact)["first_reported"])
    for ref in fact.confirmed:
        row(ref)
    for ref, said in told_by_report(fact).items():  # what each report said, in its words
        entry = row(ref)
        entry["told"] = {k: v for k, v in said.items() if k not in ("text", "key")}
        entry["text"] = said.get("text") or ""
    for revision in fact.revisions:
        entry = row(revision.by)
        entry["changes"].append({"field": revision.field, "before": revision.before,
                                 "after": revision.after, "kind": revision.kind})
        if entry["status"] == "confirmed":
            entry["status"] = "changed"
    for dispute in fact.disputes:
        for claim in dispute.claims:
            for ref in claim.sources:
                entry = row(ref)
                if ref == claim.sources[-1] and claim is dispute.claims[-1]:
                    entry["disputes"].append(dispute.to_dict())
                    entry["status"] = "disputed" if entry["status"] == "confirmed" else entry["status"]
    for ref, before, after in reconfirmations(fact):
        entry = row(ref)
        entry["changes"].append({"field": "as_of", "before": before, "after": after, "kind": "reconfirmed"})
        entry["status"] = "reconfirmed" if entry["status"] == "confirmed" else entry["status"]
    for withdrawal in fact.withdrawn:
        entry = row(withdrawal.report)
        entry.update(withdrawn_by=withdrawal.by.to_dict())
        if entry["status"] != "added":  # the first report stays the first, whatever it said
            entry["status"] = "withdrawn"
        entry = row(withdrawal.by)
        entry.update(retraction=withdrawal.text)
        if not any(c["kind"] == AMENDED for c in entry["changes"]):  # no value told anew
            entry["status"] = "retracted"
        entry.setdefault("took_back", []).append(withdrawal.report.to_dict())
    if fact.retracted is not None:
        entry = row(fact.retracted)
        entry.update(status="retracted", retraction=fact.retraction)
    rows = sorted(by_edition.values(), key=lambda r: (r["as_of"], r["edition"]))
    doc = {"brief": brief, "mode": "cumulative", "key": fact.key, "name": fact_label(fact),
           "reports": len(fact.reports()), "fact": fact_doc(fact), "editions": rows}
    return foldmarks.mark_history(doc, fact.entity, {f.key for f in facts}, notes_by_edition(store, brief), editions)


def reconfirmations(fact: Fact) -> list[tuple[Any, str, str]]:
    """The reports that state a count's figure again as of a later day, each with the as-of
    dates before and after: (report, before, after); the diff calls these `reconfirmed`."""
    out: list[tuple[Any, str, str]] = []
    if fact.entity != "count":
        return out
    value, as_of = None, None
    for statement in fact.statements:
        told, day = statement.data.get("value"), statement.data.get("as_of")
        if value is not None and restates(value, as_of, told, day):
            out.append((statement.report, as_of, day))
        value = told if told is not None else value
        as_of = day if isinstance(day, str) and (as_of is None or day > as_of) else as_of
    return out


def told_by_report(fact: Fact) -> dict[Any, dict[str, Any]]:
    """report -> the fact as that report told it (its statement, standing or taken back)."""
    told = {w.report: w.said for w in fact.withdrawn if w.said is not None}
    told.update({st.report: st.data for st in fact.statements})
    return told


def timeline(store: Any, brief: str, since: str | None, until: str | None) -> list[dict[str, Any]]:
    """Events by event date, each with the report that first told it, the reports behind it,
    its revisions, open disputes and retraction."""
    editions = store.editions(brief)
    if not editions:
        return []
    state = state_at(store, brief, editions[-1])
    rows = []
    for fact in state.facts:
        if fact.entity != "event":
            continue
        data = fact.data
        date = data.get("date")
        if (since or until) and (date is None or (since and date < since) or (until and date > until)):
            continue
        revisions: dict[int, dict[str, Any]] = {}
        for revision in fact.revisions:
            entry = revisions.setdefault(revision.by.edition, {**revision.by.to_dict(), "changes": []})
            entry["changes"].append({"field": revision.field, "before": revision.before,
                                     "after": revision.after, "kind": revision.kind})
        precision = {"date_precision": data["date_precision"]} if data.get("date_precision") else {}
        rows.append({"key": fact.key, "name": data.get("name") or fact.key, "date": date, **precision,
                     "action": data.get("action"), "status": data.get("status"),
                     "first_reported": fact.first.to_dict(), "reports": len(fact.reports()),
                     "sources": [r.to_dict() for r in fact.reports()],
                     "revisions": list(revisions.values()),
                     "disputes": [d.to_dict() for d in fact.open_disputes()],
                     "retracted": fact.retracted.to_dict() if fact.retracted else None})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["key"]))
    return foldmarks.mark_timeline(rows, notes_by_edition(store, brief))


def export_facts(store: Any, brief: str) -> dict[str, Any] | None:
    """A folding brief's facts with their provenance, as of its newest report (None for a
    restating brief)."""
    if not is_folding(store, brief):
        return None
    editions = store.editions(brief)
    state = state_at(store, brief, editions[-1]) if editions else State()
    return {"brief": brief, "mode": mode_of(store, brief), "as_of": state.as_of,
            "facts": [{"entity": f.entity, **fact_doc(f)} for f in state.facts]}
