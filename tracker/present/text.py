"""Rendering: the Diff JSON and snapshots as text (optionally coloured) and Markdown.

Pure string building, apart from the engine (see simonw/csv-diff's `human_text`): the caller
decides about colour (terminal, NO_COLOR), so these functions stay testable byte for byte.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from tracker.diff import count_label, normalise_text, progressed_keys, summary_line
from tracker.model import Change, Count, Event, Snapshot
from tracker.vocabulary.periods import date_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
RED, GREEN, BOLD, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
_CONTEXT_WORDS = 8  # unchanged words kept either side of a change in a rewritten paragraph


# -- small formatting helpers ------------------------------------------------------------------------

def written_date(value: Any, precision: str | None = None) -> str:
    """"2020-03-17" -> "17 March 2020"; partial dates as far as known; None -> "undated". A date
    less precise than a day (`precision`, or a change's {"date", "precision"} value) is its
    period in words: "late March 2020", "March 2020", "week of 6 April 2020", never its first day."""
    if isinstance(value, dict):
        value, precision = value.get("date"), value.get("precision")
    if not value:
        return "undated"
    if precision not in (None, "day"):
        return date_text(value, precision) or value
    return _written_day(value)


@lru_cache(maxsize=8192)
def _written_day(value: str) -> str:
    """An ISO day (or month, or year) in words: a report writes the same few thousand days
    tens of thousands of times."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m or (m[2] and not 1 <= int(m[2]) <= 12):
        return value
    year, month, day = m[1], m[2], m[3]
    if not month:
        return year
    if not day:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def event_date(event: dict[str, Any] | Event) -> str:
    """An event's date as written, with its precision ("late March 2020")."""
    e = _fields(event)
    return written_date(e.get("date"), e.get("date_precision"))


def event_line(event: dict[str, Any] | Event) -> str:
    """"al-Qaim base — withdrawal, completed (500 personnel; Italy, Canada)"."""
    e = _fields(event)
    what = ", ".join(x for x in (e.get("action"), e.get("status")) if x)
    extra = []
    if e.get("personnel") is not None:
        extra.append(f"{e['personnel']} personnel")
    if e.get("nations"):
        extra.append(", ".join(e["nations"]))
    line = e.get("name") or e.get("key") or "?"
    if what:
        line += f" \u2014 {what}"
    if extra:
        line += f" ({'; '.join(extra)})"
    return line


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: Any) -> str:
    """Text from a record (a reason, a name, a quote) safe to print on a terminal: control
    characters, an ANSI escape among them, and bidirectional overrides are shown as escapes
    (\\x1b) rather than obeyed; None is empty."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(lambda m: repr(m[0])[1:-1] if m[0] not in "\t\n" else " ", text)


def field_name(field: str | None) -> str:
    """A field as a reader names it ("as_of" -> "as of")."""
    return (field or "").replace("_", " ")


def value_text(field: str | None, value: Any) -> str:
    """A before/after value as a reader wants it: dates written out, lists joined, none shown."""
    if value is None or value == "" or value == [] or value == ():
        return "none"
    if field in ("date", "as_of") and isinstance(value, (str, dict)):
        return written_date(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value) if field == "notes" else ", ".join(str(v) for v in value)
    return str(value)


def word_diff(before: str, after: str, *, mark_del: Callable[[str], str],
              mark_ins: Callable[[str], str], plain: Callable[[str], str] = str,
              context: int = _CONTEXT_WORDS) -> str:
    """Word-level difference of two texts (formatting normalised first), long equal runs elided."""
    old, new = normalise_text(before).split(), normalise_text(after).split()
    out: list[str] = []
    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = old[i1:i2]
            head = context if i + 1 < len(ops) else 0  # words leading into the next change
            tail = context if i > 0 else 0              # words following the previous change
            if len(words) > head + tail + 1:
                words = words[:tail] + ["\u2026"] + (words[-head:] if head else [])
            out.append(plain(" ".join(words)))
            continue
        if i2 > i1:
            out.append(mark_del(" ".join(old[i1:i2])))
        if j2 > j1:
            out.append(mark_ins(" ".join(new[j1:j2])))
    return " ".join(out)


def _fields(entity: dict[str, Any] | Event | Count) -> dict[str, Any]:
    return entity if isinstance(entity, dict) else dict(entity.__dict__)


def _changes(doc: dict[str, Any]) -> list[Change]:
    return [Change.from_dict(c) for c in doc.get("changes", ())]


def _side(info: dict[str, Any] | None, arrow_name: str) -> str:
    info = info or {}
    parts = []
    if info.get("edition") is not None:
        parts.append(f"edition {info['edition']}")
    elif info.get("path"):  # two files compared without a database
        parts.append(str(info["path"]))
    if info.get("as_of"):
        parts.append(f"({written_date(info['as_of'])})" if parts else written_date(info["as_of"]))
    return " ".join(parts) or arrow_name


# -- grouping shared by the text and Markdown renderers ----------------------------------------------

ANALYST = "Corrected by the analyst"  # kind "corrected": an analyst's, never the source's

GROUPS = ("New events", "Progress", "Refined dates", "Revised figures", "Reconfirmed figures",
          "Revised by the source", "Removed", "Rewritten paragraphs", ANALYST)


def group_of(change: Change, progressed: frozenset[str] = frozenset()) -> str:
    """Where a change is shown: what a reader scans for first comes first. A new status is
    progress, and so is the date that moves with it (`progressed`: keys whose status
    changed): "started 12 Oct" -> "completed 19 Oct" is no corrected date."""
    if change.kind == "refined":  # "March 2020" -> "17 March 2020": no correction
        return "Refined dates"
    if change.kind == "corrected":
        return ANALYST
    if change.entity == "event":
        if change.kind == "changed" and (change.field == "status" or (
                change.field == "date" and change.key in progressed)):
            return "Progress"
        return {"added": "New events", "removed": "Removed"}.get(change.kind, "Revised by the source")
    if change.entity == "count":
        return {"removed": "Removed", "reconfirmed": "Reconfirmed figures"}.get(change.kind, "Revised figures")
    return "Removed" if change.kind == "removed" else "Rewritten paragraphs"


def grouped(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    changes = list(changes)
    progressed = progressed_keys(changes)
    by_group: dict[str, list[Change]] = {g: [] for g in GROUPS}
    for change in changes:
        by_group[group_of(change, progressed)].append(change)
    by_group["New events"].sort(key=_event_date)  # a reader scans new events as a chronology
    return [(g, cs) for g, cs in by_group.items() if cs]


def _event_date(change: Change) -> tuple[bool, str]:
    date = (change.after or {}).get("date") if isinstance(change.after, dict) else None
    return (date is None, date or "")


def _header(doc: dict[str, Any], arrow: str) -> str:
    sides = f"{_side(doc.get('from'), 'before')} {arrow} {_side(doc.get('to'), 'after')}"
    if doc.get("brief") is None and (doc.get("from") or {}).get("path"):
        return sides  # two files: their names say what is compared
    return f"{doc.get('brief') or 'brief'}: {sides}"


# -- text ------------------------------------------------------------------------------------------

def diff_text(doc: dict[str, Any], color: bool) -> str:
    """The Diff JSON as grouped plain text; ANSI colour only when `color` is true."""
    paint = _painter(color)
    changes = _changes(doc)
    lines = [paint(BOLD, _header(doc, "->"))]
    lines += [f"note: {note}" for note in doc.get("notes", ())]
    lifted = [superseded_text(s) for s in doc.get("superseded", ())]
    if not changes and not lifted:
        return "\n".join(lines + ["No changes."]) + "\n"
    why = analyst_marks(doc)
    for group, members in grouped(changes):
        lines += ["", paint(BOLD, group)]
        for change in (members if group == ANALYST else _merge_count_dates(members)):
            lines += _text_lines(change, color)
            if group == ANALYST and (change.key, change.field) in why:
                lines[-1] += "  " + why[(change.key, change.field)]
    if lifted:
        lines += ["", paint(BOLD, "Corrections superseded (the source changed the fact)")]
        lines += [f"  {line}" for line in lifted]
    lines += ["", f"Summary: {_summary(changes, doc)}"]
    return "\n".join(lines) + "\n"


def _summary(changes: list[Change], doc: dict[str, Any]) -> str:
    """The diff's summary line, naming the corrections the source superseded."""
    line = summary_line(changes) if changes else ""
    named = ", ".join(f"correction #{s.get('id')} superseded" for s in doc.get("superseded", ()))
    return ", ".join(p for p in (line, named) if p) or "no changes"


def analyst_marks(doc: dict[str, Any]) -> dict[tuple[str, str | None], str]:
    """(key, field) -> the mark of the analyst's correction behind a "corrected" change."""
    return {(c["key"], c.get("field")): correction_text(c["correction"], short=True)
            for c in doc.get("changes", ()) if c.get("kind") == "corrected" and c.get("correction")}


def _merge_count_dates(changes: list[Change]) -> list[Change]:
    """A figure's new value and its new as-of date read as one line: "7 -> 6 (as of ...)"."""
    values = {c.key for c in changes if c.entity == "count" and c.field == "value"}
    dates = {c.key: c for c in changes if c.entity == "count" and c.field == "as_of" and c.key in values}
    out = []
    for c in changes:
        if c.key in dates and c.entity == "count" and c.field == "as_of":
            continue
        if c.key in dates and c.entity == "count" and c.field == "value":
            d = dates[c.key]
            c = replace(c, field="value+as_of", before=(c.before, d.before), after=(c.after, d.after))
        out.append(c)
    return out


def _painter(color: bool) -> Callable[[str, str], str]:
    if not color:
        return lambda code, text: text
    return lambda code, text: f"{code}{text}{RESET}"


def _text_lines(c: Change, color: bool) -> list[str]:
    paint = _painter(color)
    label = c.label or c.key
    if c.kind == "corrected" and c.field is None:  # a fact an analyst added or rejected
        if isinstance(c.after, dict):
            return [paint(GREEN, f"  + {event_date(c.after):<17} {event_line(c.after)}  (added)")]
        gone = c.before if isinstance(c.before, dict) else {}
        value = f": {gone['value']}" if gone.get("value") is not None else ""
        what = f"{event_date(gone):<17} {event_line(gone)}" if c.entity == "event" else f"{label}{value}"
        return [paint(RED, f"  - {what}  (rejected)")]
    if c.entity == "event" and c.kind == "added":
        return [paint(GREEN, f"  + {event_date(c.after):<17} {event_line(c.after)}")]
    if c.entity == "event" and c.kind == "removed":
        return [paint(RED, f"  - {event_date(c.before):<17} {event_line(c.before)}"
                           "  (retracted)")]
    if c.entity == "count" and c.kind == "added":
        return [paint(GREEN, f"  + {label}: {c.after.get('value')}{_as_of(c.after)} (new figure)")]
    if c.entity == "count" and c.kind == "removed":
        return [paint(RED, f"  - {label}: {c.before.get('value')}{_as_of(c.before)} (figure dropped)")]
    if c.entity == "section" and c.kind == "added":
        return [paint(GREEN, f"  + {label} (new paragraph)"), f"      {c.after.get('text', '')}"]
    if c.entity == "section" and c.kind == "removed":
        return [paint(RED, f"  - {label} (paragraph removed)")]
    if c.field in ("text", "notes") and c.entity != "count":
        diff = word_diff(value_text(None, c.before), value_text(None, c.after),
                         mark_del=_marker(color, "[-", "-]", RED),
                         mark_ins=_marker(color, "{+", "+}", GREEN))
        what = f"{label}:" if c.entity == "section" else f"{label}: {c.field} reworded"
        return [f"  ~ {what}", f"      {diff}"]
    if c.entity == "count" and c.field == "value":
        return [f"  ~ {label}: {c.before} -> {c.after}"]
    if c.kind == "reconfirmed":  # the same figure, stated as of a later day
        return [f"  = {label}: same figure, as of {written_date(c.before)} -> {written_date(c.after)}"]
    if c.entity == "count" and c.field == "value+as_of":
        (old, old_date), (new, new_date) = c.before, c.after
        return [f"  ~ {label}: {old} -> {new} (as of {written_date(old_date)} -> {written_date(new_date)})"]
    return [f"  ~ {label}: {field_name(c.field)} "
            f"{value_text(c.field, c.before)} -> {value_text(c.field, c.after)}"]


def _as_of(count: dict[str, Any]) -> str:
    return f" (as of {written_date(count['as_of'])})" if count.get("as_of") else ""


def _marker(color: bool, start: str, end: str, code: str) -> Callable[[str], str]:
    """Colour on a terminal; otherwise git's --word-diff=plain markers [-old-]{+new+}."""
    if color:
        return lambda words: f"{code}{words}{RESET}"
    return lambda words: f"{start}{words}{end}"


# -- Markdown ---------------------------------------------------------------------------------------

ARROW = "\u2192"
_MD_SPECIAL = re.compile(r"([\\`*_|~\[\]<>#])")


def md_escape(value: Any) -> str:
    """A value safe inside Markdown text and table cells (pipes, asterisks and the like escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def md_table(columns: Iterable[str], rows: list[str], empty: str, numeric: Iterable[str] = ()) -> list[str]:
    """A Markdown table's lines: the header, the alignment row (`numeric` columns to the right)
    and `rows`; or the `empty` sentence alone, since a table of no rows says nothing."""
    if not rows:
        return [empty]
    names, right = list(columns), set(numeric)
    aligns = ["---:" if name in right else "---" for name in names]
    return [f"| {' | '.join(names)} |", f"| {' | '.join(aligns)} |", *rows]


def action_state(action: str | None, status: str | None) -> str:
    """An event's action and status as one phrase ("withdrawal completed"), the same words in
    every view; "" when neither is known."""
    return " ".join(p for p in (action, status) if p)


def diff_markdown(doc: dict[str, Any]) -> str:
    """The Diff JSON as Markdown for a report: a heading, a summary, then one section per group."""
    changes = _changes(doc)
    lines = [f"## {md_escape(_header(doc, ARROW))}", ""]
    lines += [f"> **Note:** {md_escape(note)}\n" for note in doc.get("notes", ())]
    lifted = [superseded_text(s) for s in doc.get("superseded", ())]
    if not changes and not lifted:
        return "\n".join(lines + ["No changes.", ""])
    lines += [f"**Summary:** {md_escape(_summary(changes, doc))}", ""]
    why = analyst_marks(doc)
    for group, members in grouped(changes):
        lines += [f"### {group}", ""]
        lines += _md_analyst(members, why) if group == ANALYST else _md_group(group, members)
        lines.append("")
    if lifted:
        lines += ["### Corrections superseded (the source changed the fact)", ""]
        lines += [f"- {md_escape(line)}" for line in lifted] + [""]
    return "\n".join(lines)


def _md_group(group: str, changes: list[Change]) -> list[str]:
    if group == "New events":
        return [f"- **{md_escape(event_date(c.after))}**: {md_escape(event_line(c.after))}"
                for c in changes]
    if group in ("Progress", "Refined dates", "Revised figures", "Reconfirmed figures", "Revised by the source"):
        return _md_table(changes)
    if group == "Removed":
        return [f"- ~~{md_escape(_removed_text(c))}~~ ({_removed_reason(c)})" for c in changes]
    out = []
    for c in changes:
        if c.kind == "added":
            out += [f"- **{md_escape(c.label or c.key)}** (new paragraph): "
                    f"{md_escape(c.after.get('text', ''))}"]
        elif c.field == "title":
            out += [f"- Heading **{md_escape(c.before)}** is now **{md_escape(c.after)}**"]
        else:
            diff = word_diff(str(c.before or ""), str(c.after or ""), plain=md_escape,
                             mark_del=lambda w: f"~~{md_escape(w)}~~",
                             mark_ins=lambda w: f"**{md_escape(w)}**")
            out += [f"- **{md_escape(c.label or c.key)}**: {diff}"]
    return out


def _md_analyst(changes: list[Change], why: dict[tuple[str, str | None], str]) -> list[str]:
    """An analyst's corrections: what each changed, and by whom and why."""
    out = []
    for c in changes:
        if c.field is None:
            fact = c.after if isinstance(c.after, dict) else c.before if isinstance(c.before, dict) else {}
            what = ("added: " if isinstance(c.after, dict) else "rejected: ") + (
                f"{event_date(fact)} {event_line(fact)}" if c.entity == "event" else f"{c.label or c.key}")
        else:
            what = f"{field_name(c.field)} {value_text(c.field, c.before)} {ARROW} {value_text(c.field, c.after)}"
        out.append(f"- **{md_escape(c.label or c.key)}**: {md_escape(what)} {md_escape(why.get((c.key, c.field), ''))}".rstrip())
    return out


def _md_table(changes: list[Change]) -> list[str]:
    rows = ["| | Field | Before | After |", "| --- | --- | --- | --- |"]
    for c in changes:
        if c.kind == "added":  # a new figure
            rows.append(f"| {md_escape(c.label or c.key)} | new figure | | "
                        f"{md_escape(c.after.get('value'))}{md_escape(_as_of(c.after))} |")
            continue
        rows.append(f"| {md_escape(c.label or c.key)} | {md_escape(field_name(c.field))} | "
                    f"{md_escape(value_text(c.field, c.before))} | {md_escape(value_text(c.field, c.after))} |")
    return rows


def _removed_text(c: Change) -> str:
    if c.entity == "event":
        return f"{event_date(c.before)} {event_line(c.before)}"
    if c.entity == "count":
        return f"{c.label or c.key}: {c.before.get('value')}{_as_of(c.before)}"
    return c.label or c.key


def _removed_reason(c: Change) -> str:
    return {"event": "retracted", "count": "figure dropped", "section": "paragraph removed"}[c.entity]


# -- snapshots ----------------------------------------------------------------------------------------

def snapshot_text(snapshot: Snapshot, header: dict[str, Any] | None = None) -> str:
    """What one edition states, for `parse` and `show`: events by date (undated last), counts, warnings."""
    lines: list[str] = []
    if header:
        lines += _header_lines(header) + [""]
    lines.append(snapshot.title or "(untitled)")
    lines.append(f"As of {written_date(snapshot.as_of)}" if snapshot.as_of else "As of: not stated")
    events = sorted(snapshot.events, key=lambda e: (e.date is None, e.date or "", e.name, e.key))
    lines += ["", f"Events ({len(events)})"]
    width = max([17] + [len(event_date(e)) for e in events])  # "week of 30 March 2020"
    marks = _marks(snapshot)
    lines += [f"  {event_date(e):<{width}} {event_line(e)}{marks.get(('event', e.key), '')}"
              for e in events] or ["  none"]
    lines += ["", f"Counts ({len(snapshot.counts)})"]
    lines += [f"  {_count_name(c)}: {c.value}{_as_of(_fields(c))}{marks.get(('count', c.key), '')}"
              for c in snapshot.counts] or ["  none"]
    lines += _unmarked(snapshot)
    if snapshot.sections:
        lines += ["", f"Sections ({len(snapshot.sections)})"]
        lines += [f"  {s.title or s.key}" for s in snapshot.sections]
    if snapshot.warnings:
        lines += ["", f"Warnings ({len(snapshot.warnings)})"]
        lines += [f"  ! {w}" for w in snapshot.warnings]
    return "\n".join(lines) + "\n"


def correction_text(note: Any, *, short: bool = False) -> str:
    """An analyst's correction (a reading's `AppliedCorrection` or its JSON mark) as the text
    views mark a fact with it, terminal-safe: "[corrected by ana, #13: date 26 March 2020 ->
    25 March 2020: typo]"."""
    n = note if isinstance(note, dict) else vars(note)
    op = n.get("op") or ("set" if n.get("field") else "add")
    field = n.get("field")
    what = {"reject": "rejected", "add": "added by the analyst"}.get(
        op, f"{field_name(field)} {value_text(field, n.get('before'))} -> {value_text(field, n.get('after'))}")
    if short:  # beside a line that says what changed
        return terminal_safe(f"[by {n.get('by')}, correction #{n.get('id')}: {n.get('reason')}]")
    return terminal_safe(f"[corrected by {n.get('by')}, #{n.get('id')}: {what}: {n.get('reason')}]")


def _marks(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    """(entity, key) -> the marks of the corrections applied to it ("" for none)."""
    out: dict[tuple[str, str], str] = {}
    for n in snapshot.fact_corrections:
        if n.outcome == "applied" and n.op != "reject":
            out[(n.entity, n.key)] = out.get((n.entity, n.key), "") + "  " + correction_text(n)
    return out


def _unmarked(snapshot: Snapshot) -> list[str]:
    """The facts an analyst rejected from this reading, and the corrections the source has
    superseded here: no entity carries their mark, so they are listed."""
    rejected = [n for n in snapshot.fact_corrections if n.outcome == "applied" and n.op == "reject"]
    lifted = [n for n in snapshot.fact_corrections if n.outcome == "superseded"]
    lines = []
    if rejected:
        lines += ["", f"Rejected by the analyst ({len(rejected)})"]
        lines += [f"  {terminal_safe(value_text(None, n.before))} ({n.entity} {n.key})  {correction_text(n)}"
                  for n in rejected]
    if lifted:
        lines += ["", f"Corrections superseded here: the source changed ({len(lifted)})"]
        lines += [f"  {n.entity} {n.key}  {correction_text(n)}" for n in lifted]
    return lines


def _count_name(count: Count) -> str:
    return count_label(count)


def _header_lines(header: dict[str, Any]) -> list[str]:
    labels = (("edition", "Edition"), ("as_of", "As of"), ("sha256", "sha256"),
              ("ingested_at", "Ingested"))
    out = []
    for key, name in labels:
        if header.get(key) is not None:
            value = written_date(header[key]) if key == "as_of" else header[key]
            out.append(f"{name + ':':<10} {value}")
    if (header.get("reading") or 1) > 1:  # read again by `tracker reparse`
        out.append(f"{'Reading:':<10} {header['reading']} (parser version {header.get('parser_version')})")
    return out


def reparse_text(doc: dict[str, Any]) -> str:
    """`tracker reparse`: per edition, what the current parser reads differently from the
    reading in force (the diff engine's changes, grouped as in a diff)."""
    version = doc.get("parser_version")
    lines = []
    for row in doc.get("editions", ()):
        where = f"{row['brief']} #{row['edition']} ({written_date(row['as_of'])})"
        if not row["needed"]:
            lines.append(f"{where}: current (parser version {version})")
            continue
        changes = [Change.from_dict(c) for c in row["changes"]]
        versions = (f"parser {row['parser_version']} -> {row['new_parser_version']}"
                    if row["parser_version"] != row["new_parser_version"] else "read anew")
        lines.append(f"{where}: {versions}: {summary_line(changes) if changes else 'reads the same facts'}")
        for group, members in grouped(changes):
            lines.append(f"  {group}")
            lines += ["  " + line for change in _merge_count_dates(members)
                      for line in _text_lines(change, False)]
    needed, written = doc.get("needed", 0), doc.get("written", 0)
    if doc.get("dry_run"):
        lines.append(f"dry run: {needed} of {len(doc.get('editions', ()))} editions would be read "
                     f"anew with parser version {version}; nothing written")
    else:
        lines.append(f"{written} new readings appended (parser version {version})"
                     if written else f"every edition is current (parser version {version})")
    return "\n".join(lines) + "\n"


def superseded_text(s: dict[str, Any]) -> str:
    """A correction the source superseded (`tracker.app.marks.superseded_json`), terminal-safe:
    'correction #16 superseded: the source now reads status completed'."""
    now, field = s.get("now"), s.get("field")
    if s.get("op") == "add":
        said = "the quote it rests on is no longer in the text"
    elif now is None:
        said = f"the source no longer reads {s.get('entity')} {s.get('key')}"
    elif s.get("op") == "set":
        said = f"the source now reads {field_name(field)} {value_text(field, now.get('value'))}"
    else:
        said = f"the source now reads {s.get('key')} from another sentence: \"{now.get('text')}\""
    return terminal_safe(f"correction #{s.get('id')} superseded: {said}")
