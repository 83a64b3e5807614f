"""A cumulative brief's views as text and Markdown: the state with the reports behind each
fact, its diff (new facts, progress, revisions, disputes, retractions), a fact's history and
the timeline. From the plain data of `tracker.app.folded`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.diff import summary_line
from tracker.model import Change
from tracker.present.text import (
    action_state,
    correction_text,
    event_date,
    event_line,
    field_name,
    md_escape,
    md_table,
    terminal_safe,
    value_text,
    written_date,
)

GROUPS = (("added", "New facts"), ("progressed", "Progress"), ("refined", "Refined dates"),
          ("changed", "Revisions"), ("reconfirmed", "Reconfirmed figures"),
          ("corrected", "Corrected by the analyst"),
          ("settled", "Disputes settled"), ("disputed", "Disputes"), ("retracted", "Retracted"))


def ref_text(ref: dict[str, Any] | None) -> str:
    """"#3 (5 June 2023, reuters.txt)"."""
    if not ref:
        return "?"
    source = f", {ref['source']}" if ref.get("source") else ""
    return f"#{ref['edition']} ({written_date(ref.get('as_of'))}{source})"


def _sources(values: list[dict[str, Any]], field: str | None = None) -> str:
    return "; ".join(f"{value_text(field, v['value'])} per " + ", ".join(ref_text(s) for s in v["sources"])
                     for v in values)


def state_text(doc: dict[str, Any]) -> str:
    """`show` of a cumulative brief: every fact standing, with how many reports are behind it
    and where it was first reported; then open disputes and retracted facts."""
    header = doc.get("edition") or {}
    lines = [f"{doc['brief']} (cumulative): compiled from {doc.get('reports', 0)} report(s), "
             f"up to edition {header.get('edition')} ({written_date(header.get('as_of'))})", ""]
    lines.append(doc.get("title") or "(untitled)")
    lines.append(f"As of {written_date(doc.get('as_of'))}")
    events = sorted(doc["events"], key=lambda e: (e.get("date") is None, e.get("date") or "", e.get("name") or ""))
    lines += ["", f"Events ({len(events)})"]
    for e in events:
        flag = "  [disputed]" if any(d["open"] for d in e["disputes"]) else ""
        lines.append(f"  {event_date(e):<17} {event_line(e)}  "
                     f"[{_reports(e['reports'])}; first {ref_text(e['first_reported'])}]{flag}{_marks(e)}")
    if not events:
        lines.append("  none")
    lines += ["", f"Counts ({len(doc['counts'])})"]
    for c in doc["counts"]:
        lines.append(f"  {c.get('subject')} ({c['key']}): {c.get('value')}"
                     f"{' as of ' + written_date(c.get('as_of')) if c.get('as_of') else ''}  [{_reports(c['reports'])}]"
                     f"{_marks(c)}")
    if not doc["counts"]:
        lines.append("  none")
    if doc.get("disputes"):
        lines += ["", f"Disputed ({len(doc['disputes'])})"]
        for d in doc["disputes"]:
            lines.append(f"  {d['label']}: {field_name(d['field'])} — {_sources(d['values'], d['field'])}")
    if doc.get("retracted"):
        lines += ["", f"Retracted ({len(doc['retracted'])})"]
        for r in doc["retracted"]:
            why = f": {r['retraction']}" if r.get("retraction") else ""
            lines.append(f"  {r.get('name') or r['key']} — first {ref_text(r['first_reported'])}, "
                         f"retracted in {ref_text(r['retracted'])}{why}")
    lines += _unmarked(doc.get("fact_corrections") or ())
    return "\n".join(map(terminal_safe, lines)) + "\n"


def _marks(fact: dict[str, Any]) -> str:
    """The marks of the analyst's corrections applied to a fact ("" for none)."""
    return "".join("  " + _mark(n) for n in fact.get("corrections") or ())


def _mark(note: dict[str, Any]) -> str:
    """A correction's mark; one whose value a later report has since replaced says so (the
    mark then tells that report's telling, not the value shown)."""
    text = correction_text(note)
    later = note.get("superseded_by")
    return text if later is None else f"{text[:-1]}; superseded by report #{later}]"


def _unmarked(notes: Iterable[dict[str, Any]]) -> list[str]:
    """The facts an analyst rejected from a report, and the corrections a report's source
    has superseded: no fact carries their mark, so they are listed, each with its report."""
    notes = list(notes)
    rejected = [n for n in notes if n["outcome"] == "applied" and n["op"] == "reject"]
    lifted = [n for n in notes if n["outcome"] == "superseded"]
    lines = []
    if rejected:
        lines += ["", f"Rejected by the analyst ({len(rejected)})"]
        lines += [f"  {value_text(None, n['before'])} ({n['entity']} {n['key']}) from #{n['edition']}  "
                  f"{correction_text(n)}" for n in rejected]
    if lifted:
        lines += ["", f"Corrections superseded: the source changed ({len(lifted)})"]
        lines += [f"  {n['entity']} {n['key']} in #{n['edition']}  {correction_text(n)}" for n in lifted]
    return lines


def _reports(n: int) -> str:
    return f"{n} report" + ("" if n == 1 else "s")


def _change_line(c: Change, why: dict[tuple[str, str | None], str] | None = None) -> str:
    label = c.label or c.key
    if c.kind == "corrected":  # an analyst's: what it changed, then who and why
        mark = (why or {}).get((c.key, c.field), "")
        if c.field is None and isinstance(c.after, dict):
            what = f"  + {event_date(c.after):<17} {event_line(c.after)}  (added)" if c.entity == "event" \
                else f"  + {label}: {c.after.get('value')} (added)"
        elif c.field is None:
            what = f"  - {label}  (rejected from #{(c.before or {}).get('edition')})"
        else:
            what = f"  ~ {label}: {field_name(c.field)} {value_text(c.field, c.before)} -> {value_text(c.field, c.after)}"
        return f"{what}  {mark}".rstrip()
    if c.kind == "added":
        after = c.after or {}
        if c.entity == "count":
            return f"  + {label}: {after.get('value')} (new figure)"
        return f"  + {event_date(after):<17} {event_line(after)}"
    if c.kind == "retracted":
        after = c.after or {}
        why = f": \"{after['text']}\"" if after.get("text") else ""
        whose = ", ".join(f"#{r['edition']}" for r in after.get("withdrawn") or ())
        now = after.get("now")
        if now:  # other reports still tell it: what stands now
            return (f"  x {label}: what {whose or 'earlier reports'} said taken back by "
                    f"{ref_text(after.get('by'))}; now {event_line(now).split(' — ', 1)[-1]}"
                    f"{', ' + event_date(now) if now.get('date') else ''}{why}")
        return f"  x {label} retracted by {ref_text(after.get('by'))}{why}"
    if c.kind == "disputed":
        return f"  ? {label}: {field_name(c.field)} disputed — {_sources((c.after or {}).get('values', []), c.field)}"
    if c.kind == "settled":
        claimed = " / ".join(value_text(c.field, v) for v in c.before or ())
        return f"  = {label}: {field_name(c.field)} settled as {value_text(c.field, c.after)} (claimed {claimed})"
    if c.kind == "reconfirmed":
        return f"  = {label}: same figure, as of {written_date(c.before)} -> {written_date(c.after)}"
    return f"  ~ {label}: {field_name(c.field)} {value_text(c.field, c.before)} -> {value_text(c.field, c.after)}"


def _side(info: dict[str, Any]) -> str:
    if info.get("path"):  # two files (`diff --no-index`): their names say what is compared
        return f"{info['path']} ({written_date(info.get('as_of'))})"
    return f"edition {info.get('edition')} ({written_date(info.get('as_of'))})"


def diff_text(doc: dict[str, Any]) -> str:
    """A cumulative brief's Diff JSON as text: what each report added, moved on, disputed,
    settled or took back, grouped by kind; never a removal for a report's silence."""
    changes = [Change.from_dict(c) for c in doc.get("changes", ())]
    lines = [f"{doc.get('brief') or 'reports'} (cumulative): {_side(doc['from'])} -> {_side(doc['to'])}"]
    if not changes:
        return "\n".join(lines + ["No changes."]) + "\n"
    why = _why(doc)
    for kind, title in GROUPS:
        members = [c for c in changes if c.kind == kind]
        if members:
            lines += ["", title] + [_change_line(c, why) for c in members]
    lines += ["", f"Summary: {summary_line(changes)}"]
    return "\n".join(map(terminal_safe, lines)) + "\n"


def _why(doc: dict[str, Any]) -> dict[tuple[str, str | None], str]:
    """(key, field) -> the mark of the analyst's correction behind a "corrected" change."""
    return {(c["key"], c.get("field")): correction_text(c["correction"], short=True)
            for c in doc.get("changes", ()) if c.get("kind") == "corrected" and c.get("correction")}


def diff_markdown(doc: dict[str, Any]) -> str:
    """`diff_text` as Markdown: a heading, the summary, then one section per kind of change."""
    changes = [Change.from_dict(c) for c in doc.get("changes", ())]
    lines = [f"## {md_escape(doc.get('brief') or 'reports')} (cumulative): {md_escape(_side(doc['from']))} → "
             f"{md_escape(_side(doc['to']))}", ""]
    if not changes:
        return "\n".join(lines + ["No changes.", ""])
    lines += [f"**Summary:** {md_escape(summary_line(changes))}", ""]
    why = _why(doc)
    for kind, title in GROUPS:
        members = [c for c in changes if c.kind == kind]
        if members:
            lines += [f"### {title}", ""] + [f"- {md_escape(_change_line(c, why).strip())}" for c in members] + [""]
    return "\n".join(lines)


def history_text(doc: dict[str, Any]) -> str:
    """A fact's history: what each report behind it did, in its words, then where each field's
    value comes from now."""
    lines = [f"{doc['name']} ({doc['key']}) in {doc['brief']} (cumulative), "
             f"{_reports(doc['reports'])} behind it:"]
    for row, said, notes, quote in history_entries(doc):
        lines.append(f"  {ref_text(row)}: {said}.")
        lines += [f"      {correction_text(n)}" for n in notes]
        if quote:
            lines.append(f"      \"{quote}\"")
    lines += [f"  now: {what} per #{edition}" for edition, what, _ in _now(doc["fact"])]
    return "\n".join(map(terminal_safe, lines)) + "\n"


def history_markdown(doc: dict[str, Any]) -> str:
    """The same history as a Markdown table, then a table of each field's source."""
    lines = [f"## {md_escape(doc['name'])} (`{doc['key']}`) in {md_escape(doc['brief'])} (cumulative)", "",
             f"{_reports(doc['reports'])} behind it.", "",
             "| Report | As of | Source | What it did | Its words |", "| ---: | --- | --- | --- | --- |"]
    for row, said, notes, quote in history_entries(doc):
        did = "<br>".join(md_escape(x) for x in (said, *map(correction_text, notes)))
        lines.append(f"| #{row['edition']} | {md_escape(written_date(row.get('as_of')))} | "
                     f"{md_escape(row.get('source') or '')} | {did} | {_md_quote(quote)} |")
    now = _now(doc["fact"])
    if now:
        lines += ["", "| Now | Given by | Its words |", "| --- | ---: | --- |"]
        lines += [f"| {md_escape(what)} | #{edition} | {_md_quote(text)} |" for edition, what, text in now]
    return "\n".join(lines + [""])


def _md_quote(text: str | None) -> str:
    return f"\u201c{md_escape(text)}\u201d" if text else ""


def history_entries(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str, list[dict[str, Any]], str | None]]:
    """(row, what the report did, the analyst's notes to list under it, the sentence to
    quote or None) for each report of a fact's history: the sentence is quoted where the
    report told something new (first reported, a value revised, a statement taken back)."""
    out = []
    for row in doc["editions"]:
        status = row["status"]
        quote: str | None = row.get("text") or None
        notes: list[dict[str, Any]] = []
        if status == "added":
            said = f"first reported{_told(doc['fact'], row)}" + _taken_back(row, doc)
            notes = list(row.get("corrections") or ())
        elif status == "rejected":
            said, quote = f"rejected by the analyst {correction_text(row['rejected'], short=True)}", None
        elif status == "retracted":
            why = f": {row['retraction'].rstrip('.')}" if row.get("retraction") else ""
            said, quote = f"took back {_whose(row) or 'the fact'}{why}", None
        elif status == "withdrawn":
            said = f"its statement was taken back by #{row['withdrawn_by']['edition']}"
        else:
            parts = [("corrected by the analyst: " if c["kind"] == "corrected" and status != "corrected" else "")
                     + _revision_text(c) for c in row["changes"]]
            parts += [f"disputed {field_name(d['field'])}: {_sources(d['values'], d['field'])}" for d in row["disputes"]]
            said = ("corrected by the analyst: " if status == "corrected" else "") + \
                ("; ".join(parts) if parts else "confirmed")
            if row.get("took_back"):
                said += f", taking back what {_whose(row)} said"
            if not parts:
                quote = None  # a confirmation: nothing new to quote
        out.append((row, said.rstrip("."), notes, quote))
    return out


def _whose(row: dict[str, Any]) -> str:
    return ", ".join(f"#{r['edition']}" for r in row.get("took_back", ()))


def _taken_back(row: dict[str, Any], doc: dict[str, Any]) -> str:
    """"; amended by #2" / "; taken back by #4" for a first report whose statement a later
    one took back (it stays the first report all the same)."""
    by = row.get("withdrawn_by")
    if not by:
        return ""
    amended = any(r["edition"] == by["edition"] and any(c["kind"] == "amended" for c in r["changes"])
                  for r in doc["editions"])
    return f"; {'amended' if amended else 'taken back'} by #{by['edition']}"


def _told(fact: dict[str, Any], row: dict[str, Any]) -> str:
    """" as 'Camp Orsk' (handover, completed, 20 February 2024)" / " as 3": what the first
    report told, in its values (not the fact's values now)."""
    told = row.get("told") or {}
    if "value" in told or "value" in fact:
        return f" as {value_text('value', told.get('value', fact.get('value')))}"
    details = ", ".join(x for x in (told.get("action"), told.get("status")) if x)
    if told.get("date"):
        details += (", " if details else "") + event_date(told)
    if told.get("personnel") is not None:
        details += (", " if details else "") + f"{told['personnel']} personnel"
    name = told.get("name") or fact.get("name")
    return f" as {name!r}" + (f" ({details})" if details else "")


def _now(fact: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(edition, "status completed, date 1 April 2024", its sentence): the fact's fields now,
    grouped by the report whose sentence gave them."""
    grouped: dict[tuple[int, str], list[str]] = {}
    for name, given in (fact.get("field_sources") or {}).items():
        value = given["value"] if name != "date" else {"date": given["value"],
                                                       "precision": fact.get("date_precision")}
        grouped.setdefault((given["edition"], given.get("text") or ""), []).append(
            f"{field_name(name)} {value_text(name, value)}")
    return [(edition, ", ".join(parts), text) for (edition, text), parts in sorted(grouped.items())]


def _revision_text(c: dict[str, Any]) -> str:
    name = field_name(c["field"])
    if c["kind"] == "settled":
        return f"settled {name} as {value_text(c['field'], c['after'])}"
    if c["kind"] == "reinstated":
        return "told again after its retraction"
    if c["kind"] == "progressed" and c["after"] is None:  # a figure told of the step before
        return f"{name} {value_text(c['field'], c['before'])} no longer stated (told of an earlier step)"
    if c["kind"] == "corrected":
        return (f"{name} {value_text(c['field'], c['before'])} -> {value_text(c['field'], c['after'])}"
                + (f" {correction_text(c['correction'], short=True)}" if c.get("correction") else ""))
    return f"{c['kind']} {name} {value_text(c['field'], c['before'])} -> {value_text(c['field'], c['after'])}"


def timeline_text(rows: Iterable[dict[str, Any]]) -> str:
    """Events by event date, one a line, each with the reports behind it, the one that first
    told it, its revisions, disputes and retraction, and the analyst's corrections."""
    lines = []
    for row in rows:
        state = " ".join(p for p in (row["action"], row["status"]) if p)
        line = f"{event_date(row):>17}  {row['name']}"
        line += f" ({state})" if state else ""
        line += f"  {_reports(row['reports'])}; first reported in {ref_text(row['first_reported'])}"
        for rev in row["revisions"]:
            fields = ", ".join(c["field"] + (" corrected by the analyst" if c.get("kind") == "corrected" else "")
                               for c in rev["changes"])
            line += f"; revised in #{rev['edition']} ({fields})"
        for d in row["disputes"]:
            line += f"; {field_name(d['field'])} disputed"
        if row["retracted"]:
            line += f"; retracted in {ref_text(row['retracted'])}"
        line += "".join(f"  {correction_text(n)}" for n in row.get("corrections") or ())
        lines.append(terminal_safe(line))
    return ("\n".join(lines) + "\n") if lines else "no events\n"


def timeline_markdown(rows: Iterable[dict[str, Any]], brief: str | None = None) -> str:
    """Events by event date as a Markdown table: the reports behind each, the report that
    first told it, each revision with its values before and after, disputes, retraction."""
    lines = [f"## {md_escape(brief or 'brief')} (cumulative): timeline", ""]
    body = []
    for row in rows:
        state = action_state(row.get("action"), row.get("status"))
        revised = "<br>".join(
            f"#{rev['edition']}: " + "; ".join(md_escape(_revision_text(c)) for c in rev["changes"])
            for rev in row["revisions"])
        disputed = ", ".join(md_escape(field_name(d["field"])) for d in row["disputes"])
        retracted = f"#{row['retracted']['edition']}" if row.get("retracted") else ""
        body.append(f"| {md_escape(event_date(row))} | {md_escape(row['name'])} | {md_escape(state)} | "
                    f"{row['reports']} | {md_escape(ref_text(row['first_reported']))} | {revised} | "
                    f"{disputed} | {retracted} |")
    lines += md_table(("Event date", "Event", "Action", "Reports", "First reported", "Revised", "Disputed",
                       "Retracted"), body, empty="No events.", numeric=("Reports",))
    return "\n".join(lines + [""])


def log_header(rows: list[dict[str, Any]]) -> str | None:
    """The line `log` puts above a brief that folds its reports: its modes by edition."""
    modes = [(r["edition"], r.get("mode")) for r in sorted(rows, key=lambda r: r["edition"])]
    if not any(m == "cumulative" for _, m in modes):
        return None
    spans, last = [], None
    for number, mode in modes:
        if mode != last:
            spans.append(f"{mode} from #{number}")
            last = mode
    return f"{rows[0]['brief']}: " + ", ".join(spans)
