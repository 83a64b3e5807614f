"""The fold: a cumulative brief's state as of a report is every report up to it, applied in
as-of order (ties: ingestion order). Pure: snapshots and report references in, a `State` out.

The rules, for each report in turn:
- a fact it tells for the first time is added, first reported by it;
- a fact it tells again is confirmed by it; a field it gives another value revises the fact
  (a status a step further is progress, with the day that step was reached); a field it leaves
  out, or a step it tells that the fact has already passed, changes nothing;
- a date it gives more precisely, inside the period the fact has ("March 2020" -> "17 March
  2020"), refines it (a revision of kind `refined`, never a dispute or a correction); a date it
  gives less precisely, around the one the fact has, changes nothing;
- two reports of the same as-of date giving a field different values leave the fact disputed,
  with both values and their sources, until a later report gives a value (it settles it);
- a place it explicitly takes back (`Snapshot.retractions`) is retracted, unless the report
  tells it again, which makes its telling a correction (it revises even a same-day value, as a
  revision of kind `amended`; the place stays first reported where it was); a correction that
  tells the values already standing (the same correction again) only confirms them;
- a step to `completed` drops a figure of personnel told of an earlier step ("about 300 troops
  remain there") unless the report gives one: it described the base before;
- each field keeps the report, and its sentence, that gave its current value (`Fact.given`):
  a report that moves a fact also carries the fields it tells again, a report that only
  confirms carries none; the fact's `text` is the sentence of the newest report that moved it;
- in `restating` mode (a report restating the whole brief), a fact it leaves out is retracted,
  as a restating brief's diff says; in `cumulative` mode silence changes nothing;
- a tally stands until a later one: tallies of places told in other words ("camps returned",
  "bases transferred") are one tally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from tracker.canonical import canonical_json
from tracker.diff import normalise_text
from tracker.identity import place_key
from tracker.fold.facts import (
    Basis,
    Claim,
    Dispute,
    Fact,
    Given,
    ReportRef,
    Revision,
    State,
    Statement,
    Withdrawal,
)
from tracker.model import PLANNED_TALLY, Snapshot, entity_dict
from tracker.vocabulary.periods import date_value, narrows

# Fields a report can revise or dispute, in the order their changes are told.
EVENT_FIELDS = ("status", "date", "personnel", "action")
COUNT_FIELDS = ("value",)
# Fields that only gain: a value another report adds to the list, or a first value.
EVENT_LISTS = ("nations", "aliases")
EVENT_FILLED = ("place", "actors", "notes")
# Fields whose value carries the report (and sentence) that gave it: `Fact.given`.
EVENT_GIVEN = (*EVENT_FIELDS, "place", "actors", "nations")
COUNT_GIVEN = ("value", "as_of")
STEPS = {"planned": 0, "started": 1, "completed": 2}
PLACE_NOUNS = frozenset({"bases", "camps", "sites", "posts", "positions", "installations",
                         "facilities", "locations", "outposts", "airfields", "compounds",
                         "garrisons", "stations"})
LEAVING = frozenset({"withdrawal", "handover", "transfer"})
NOT_LISTED = "no longer listed (the report restates the brief)"
AMENDED = "amended"  # a value a report took back in words and gave anew ("Correction: ...")


def fold_rows(editions: Iterable[tuple[Any, Snapshot]], mode_of: Callable[[int], str],
              start: State | None = None) -> list[tuple[int, str, str]]:
    """The fold_states projection rows, (edition, as_of, state JSON), of editions given in
    as-of order (each with `number`, `as_of`, `source`), folded from `start`, each edition
    in the mode `mode_of(number)`."""
    state = start or State()
    rows = []
    for info, snapshot in editions:
        state = fold(state, snapshot, ReportRef(info.number, info.as_of, info.source), mode_of(info.number))
        rows.append((info.number, info.as_of, canonical_json(state.to_dict())))
    return rows


def fold_all(reports: Iterable[tuple[Snapshot, ReportRef, str]]) -> list[State]:
    """The state after each report, in the order given (as-of order): (snapshot, ref, mode)."""
    states: list[State] = []
    state = State()
    for snapshot, ref, mode in reports:
        state = fold(state, snapshot, ref, mode)
        states.append(state)
    return states


def fold(state: State, snapshot: Snapshot, report: ReportRef, mode: str = "cumulative") -> State:
    """`state` with one more report applied (see the module docstring)."""
    facts: dict[tuple[str, str], Fact] = {(f.entity, f.key): f for f in state.facts}
    taken_back = {r.key: r for r in snapshot.retractions}
    told: set[tuple[str, str]] = set()
    told_now = {e.key: entity_dict(e) for e in snapshot.events}
    consumed: set[str] = set()
    again = {k for k in taken_back if _restates(facts.get(("event", k)), told_now.get(k))}
    for key, retraction in taken_back.items():  # first what earlier reports said is taken back
        fact = facts.get(("event", key))
        if fact is not None and fact.standing and key not in again:
            fact, used = _withdraw(fact, report, retraction.text or None, told_now.get(key))
            facts[("event", key)] = fact
            if used:
                consumed.add(key)
    for event in snapshot.events:
        where = ("event", event.key)
        told.add(where)
        if event.key in consumed:
            continue
        facts[where] = _tell(facts.get(where), "event", event.key, entity_dict(event), report,
                             corrected=event.key in taken_back and event.key not in again)
    for count in snapshot.counts:
        key = _tally_key(facts, count.key, count.subject, told)
        where = ("count", key)
        told.add(where)
        facts[where] = _tell(facts.get(where), "count", key, {**entity_dict(count), "key": key},
                             report, corrected=False)
    if mode == "restating":
        for where, fact in facts.items():
            if where not in told and fact.standing:
                facts[where] = replace(fact, retracted=report, retraction=NOT_LISTED)
    ordered = tuple(sorted(facts.values(), key=lambda f: (f.entity != "event", f.key)))
    return State(ordered, state.folded + 1, snapshot.title or state.title, report.as_of)


def _withdraw(fact: Fact, report: ReportRef, text: str | None,
              told: dict[str, Any] | None) -> tuple[Fact, bool]:
    """`fact` without the statements a report takes back: those behind its newest claim (the
    reports that gave its status, else its date, else the last one). What the other reports
    said stands, folded again; with none left, the fact is retracted, or, when the report
    tells it again (`told`), amended: its values are that report's alone. Either way it stays
    first reported where it was: a correction revises a fact, it does not report it anew.
    The flag says whether `told` was used."""
    claimants = _claimants(fact) - {report}
    if not claimants:
        return fact, False
    kept = [st for st in fact.statements if st.report not in claimants]
    gone = tuple(Withdrawal(st.report, report, text, st.data) for st in fact.statements
                 if st.report in claimants)
    if not kept and told is not None:
        fields = EVENT_FIELDS if fact.entity == "event" else COUNT_FIELDS
        fixes = tuple(Revision(f, fact.data.get(f), told.get(f), report, AMENDED) for f in fields
                      if not _empty(told.get(f)) and not _same(fact.data.get(f), told.get(f)))
        fresh = _tell(None, fact.entity, fact.key, told, report, True)
        confirmed = () if fixes else (report,)
        return replace(fresh, first=fact.first, confirmed=confirmed, revisions=fixes,
                       withdrawn=fact.withdrawn + gone), True
    if not kept:
        return replace(fact, retracted=report, retraction=text, withdrawn=fact.withdrawn + gone), False
    rebuilt: Fact | None = None
    for st in kept:
        rebuilt = _tell(rebuilt, fact.entity, fact.key, st.data, st.report, st.corrected)
    assert rebuilt is not None
    confirmed = rebuilt.confirmed if rebuilt.first == fact.first else (rebuilt.first, *rebuilt.confirmed)
    return replace(rebuilt, first=fact.first, confirmed=tuple(r for r in confirmed if r != fact.first),
                   withdrawn=fact.withdrawn + gone), False


def _restates(fact: Fact | None, told: dict[str, Any] | None) -> bool:
    """Whether a report that takes a place back tells it with the values standing already
    (the same correction told again): then it confirms the fact, it takes nothing back."""
    if fact is None or not fact.standing or told is None:
        return False
    given = [f for f in EVENT_FIELDS if not _empty(told.get(f))]
    return bool(given) and all(_same(fact.data.get(f), told.get(f)) for f in given)


def _claimants(fact: Fact) -> set[ReportRef]:
    for name in ("status", "date", "value"):
        basis = fact.basis.get(name)
        if basis is not None and basis.sources:
            return set(basis.sources)
    return {fact.statements[-1].report} if fact.statements else {fact.first}


def _tally_key(facts: dict[tuple[str, str], Fact], key: str, subject: str | None,
               told: set[tuple[str, str]]) -> str:
    """A tally of places told under another key joins the one place tally standing; a plan
    ("bases to be closed") never joins, nor is joined: it is no count of what was done. Nor
    does a second figure of the same report join the tally it has just told (`told`): one
    report does not dispute itself."""
    if ("count", key) in facts or subject not in PLACE_NOUNS or _planned(key):
        return key
    standing = [f.key for (entity, _), f in facts.items()
                if entity == "count" and f.standing and f.data.get("subject") in PLACE_NOUNS
                and not _planned(f.key) and (entity, f.key) not in told]
    return standing[0] if len(standing) == 1 else key


def _planned(key: str) -> bool:
    return f"-{PLANNED_TALLY.replace(' ', '-')}-" in f"-{key}-"


def _tell(fact: Fact | None, entity: str, key: str, data: dict[str, Any], report: ReportRef,
          corrected: bool) -> Fact:
    """One report telling one fact."""
    fields = EVENT_FIELDS if entity == "event" else COUNT_FIELDS
    statement = Statement(report, data, corrected)
    if fact is None or not fact.standing:  # first told, or told again after its retraction
        basis = {f: Basis(report.as_of, (report,)) for f in fields if not _empty(data.get(f))}
        again = () if fact is None else (Revision("retracted", fact.retracted.to_dict() if fact.retracted
                                                  else None, None, report, "reinstated"),)
        sentence = Given(report, data.get("text") or "")
        given = {f: sentence for f in (EVENT_GIVEN if entity == "event" else COUNT_GIVEN)
                 if not _empty(data.get(f))}
        return Fact(entity, key, data, report, revisions=again, basis=basis, statements=(statement,),
                    withdrawn=fact.withdrawn if fact is not None else (), given=given)
    teller = _Telling(fact, report, corrected, statement)
    if entity == "event":
        teller.event(data)
    else:
        teller.field("value", data.get("value"))
        if data.get("as_of") and (teller.data.get("as_of") or "") <= data["as_of"]:
            teller.data["as_of"] = data["as_of"]  # the day the tally is stated for moves with it
            teller.given["as_of"] = teller.sentence
    return teller.result()


class _Telling:
    """The fact being revised by one report: its data, revisions, disputes and basis."""

    def __init__(self, fact: Fact, report: ReportRef, corrected: bool, statement: Statement) -> None:
        self.fact, self.report, self.corrected, self.statement = fact, report, corrected, statement
        self.data = dict(fact.data)
        self.revisions = list(fact.revisions)
        self.disputes = list(fact.disputes)
        self.basis = dict(fact.basis)
        self.retracted = fact.retracted
        self.retraction = fact.retraction
        self.given = dict(fact.given)
        self.sentence = Given(report, statement.data.get("text") or "")
        self.gave_any = False

    def gave(self, name: str) -> None:
        """`name` now has the value this report told: its sentence is the one to quote."""
        self.given[name] = self.sentence
        self.gave_any = True

    def event(self, data: dict[str, Any]) -> None:
        step_now = STEPS.get(self.data.get("status") or "", -1)
        step_told = STEPS.get(data.get("status") or "", -1)
        earlier_step = step_told >= 0 and step_told < step_now and not self.corrected
        progress = step_told > step_now >= 0 or (step_now < 0 <= step_told)
        for name in EVENT_FIELDS:
            if earlier_step and name in ("status", "date"):
                continue  # a step the fact has passed, told again: its day is that step's
            if name == "action" and {data.get(name), self.data.get(name)} <= LEAVING:
                continue  # leaving a base told as a withdrawal by one outlet, a handover by another
            if name == "date":
                self.date(data.get("date"), data.get("date_precision"), progress)
                continue
            self.field(name, data.get(name), progress=progress and name in ("status", "date"))
        if progress and data.get("status") == "completed" and self.data.get("status") == "completed" \
                and _empty(data.get("personnel")) and not _empty(self.data.get("personnel")):
            self._set("personnel", self.data["personnel"], None, "progressed")  # troops that were there
            self.given.pop("personnel", None)
            self.basis.pop("personnel", None)
        for name in EVENT_LISTS:
            have = list(self.data.get(name) or ())
            more = [v for v in data.get(name) or () if v not in have]
            if more:
                self.data[name] = have + more
                if not have:
                    self.gave(name)
        spelled = data.get("name")
        if spelled and place_key(spelled) != place_key(self.data.get("name") or "") \
                and spelled not in (self.data.get("aliases") or ()):
            self.data["aliases"] = [*(self.data.get("aliases") or ()), spelled]  # another outlet's spelling
        for name in EVENT_FILLED:
            if _empty(self.data.get(name)) and not _empty(data.get(name)):
                self.data[name] = data[name]
                if name in EVENT_GIVEN:
                    self.gave(name)

    def date(self, told: str | None, precision: str | None, progress: bool) -> None:
        """The date told, with its precision: a narrower date inside the fact's period refines
        it; a wider one around it adds nothing; any other is a field like the rest."""
        if _empty(told):
            return
        now, now_precision = self.data.get("date"), self.data.get("date_precision")
        open_ = any(d.field == "date" and d.open for d in self.disputes)
        if open_ and precision and any(narrows(told, precision, c.value, None) for d in self.disputes
                                       if d.field == "date" and d.open for c in d.claims
                                       if isinstance(c.value, str)):
            return  # "in July" settles no dispute between 7 and 8 July
        if not open_ and not progress and not _empty(now):  # a step further: its day is progress
            if narrows(now, now_precision, told, precision):
                self.data["date"] = told
                self._precision(precision)
                self.basis["date"] = Basis(self.report.as_of, (self.report,))
                self.gave("date")
                self.revisions.append(Revision("date", date_value(now, now_precision),
                                               date_value(told, precision), self.report, "refined"))
                return
            if narrows(told, precision, now, now_precision):
                return  # "in March" after "on 17 March": nothing new
        told_before = len(self.revisions)
        self.field("date", told, progress=progress)
        if self.data.get("date") == told and self.basis.get("date") is not None \
                and self.report in self.basis["date"].sources:
            self._precision(precision)
        if len(self.revisions) > told_before and self.revisions[-1].field == "date":
            last = self.revisions[-1]  # its values with their precision
            self.revisions[-1] = replace(last, before=date_value(last.before, now_precision),
                                         after=date_value(last.after, self.data.get("date_precision")))

    def _precision(self, precision: str | None) -> None:
        if precision in (None, "day"):
            self.data.pop("date_precision", None)
        else:
            self.data["date_precision"] = precision

    def field(self, name: str, told: Any, progress: bool = False) -> None:
        if _empty(told):
            return  # silence on a field changes nothing
        report = self.report
        now = self.data.get(name)
        open_ = next((i for i, d in enumerate(self.disputes) if d.field == name and d.open), None)
        if open_ is not None:
            dispute = self.disputes[open_]
            if report.as_of == dispute.as_of and not self.corrected:
                self.disputes[open_] = replace(dispute, claims=_claimed(dispute.claims, told, report))
                return
            self.disputes[open_] = replace(dispute, settled_by=report, settled_value=told)
            self._set(name, now, told, "settled")
            return
        if _empty(now):
            self._set(name, now, told, "progressed" if progress else "revised")
            return
        basis = self.basis.get(name)
        if _same(now, told):
            if basis is None or report.as_of > basis.as_of:
                self.basis[name] = Basis(report.as_of, (report,))
            elif report.as_of == basis.as_of and report not in basis.sources:
                self.basis[name] = Basis(basis.as_of, (*basis.sources, report))
            return
        if basis is not None and basis.as_of == report.as_of and not self.corrected:
            self.disputes.append(Dispute(name, report.as_of,
                                         (Claim(now, basis.sources), Claim(told, (report,)))))
            return
        self._set(name, now, told, AMENDED if self.corrected else "progressed" if progress else "revised")

    def _set(self, name: str, before: Any, after: Any, kind: str) -> None:
        self.data[name] = after
        self.basis[name] = Basis(self.report.as_of, (self.report,))
        self.revisions.append(Revision(name, before, after, self.report, kind))
        self.gave(name)

    def result(self) -> Fact:
        fact = self.fact
        confirmed = fact.confirmed
        if self.report != fact.first and self.report not in confirmed:
            confirmed = (*confirmed, self.report)
        if self.gave_any:  # a report that moved the fact: the fields it told again rest on it too
            told = self.statement.data
            for name in (EVENT_GIVEN if fact.entity == "event" else COUNT_GIVEN):
                if not _empty(told.get(name)) and _same(told.get(name), self.data.get(name)):
                    self.given[name] = self.sentence
            if self.sentence.text:
                self.data["text"] = self.sentence.text  # the sentence of the newest value
        return replace(fact, data=self.data, given=self.given, confirmed=confirmed, revisions=tuple(self.revisions),
                       disputes=tuple(self.disputes), retracted=self.retracted,
                       retraction=self.retraction, basis=self.basis,
                       statements=(*fact.statements, self.statement))


def _claimed(claims: tuple[Claim, ...], value: Any, report: ReportRef) -> tuple[Claim, ...]:
    for i, claim in enumerate(claims):
        if _same(claim.value, value):
            if report in claim.sources:
                return claims
            return (*claims[:i], Claim(claim.value, (*claim.sources, report)), *claims[i + 1:])
    return (*claims, Claim(value, (report,)))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return normalise_text(a).lower() == normalise_text(b).lower()
    return a == b
