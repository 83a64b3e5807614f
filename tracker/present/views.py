"""The audit views as text: log, history and timeline, from the plain data of
`tracker.app.views`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.present.text import (
    ARROW, action_state, correction_text, event_date, field_name, md_escape, md_table, superseded_text,
    terminal_safe, written_date,
)

ARROW_TEXT = "->"  # in plain text, as `fact list` and `diff` write it


def log_text(rows: list[dict[str, Any]], corrections: list[dict[str, Any]] | None = None,
             empty: str = "no editions stored") -> str:
    """Editions one a line (a retracted one, shown on request, says so), then the
    corrections recorded, each with its reason; `empty` when no edition is listed."""
    lines = [f"#{r['edition']:<4} {r['as_of']}  {r['sha256'][:12]}  ingested {r['ingested_at'][:19]}  "
             + (f"RETRACTED ({r['retracted']['reason']})" if r.get("retracted")
                else r["summary_line"] + compared_text(r))
             for r in rows] or [empty]
    listed = [c for c in corrections or () if not c.get("by_analyst")]
    if listed:
        lines += ["", "Corrections:"] + [terminal_safe(f"  {correction_line(c)}") for c in listed]
    return "\n".join(lines) + "\n"


def compared_text(row: dict[str, Any]) -> str:
    """" (against #1)" when a log row's summary compares with another edition than the one
    listed above it: an edition backfilled between them was stored after it. """
    if "follows" not in row or row["compared_with"] == row["follows"]:
        return ""
    if row["compared_with"] is None:
        return " (against no edition: stored first)"
    return f" (against #{row['compared_with']})"


def correction_lines(corrections: list[dict[str, Any]]) -> list[str]:
    """`log --corrections` as text: one line per correction recorded (the readings an
    analyst's corrections made of each edition are detail for --format json)."""
    return [terminal_safe(correction_line(c)) for c in corrections if not c.get("by_analyst")]


def correction_line(c: dict[str, Any]) -> str:
    """One correction: when, what, and why."""
    when = c["recorded_at"][:19]
    if c["kind"] == "retracted":
        return f"{when}  retracted #{c['edition']} ({c['as_of']}): {c['reason']}"
    if c["kind"] == "mode-set":
        return f"{when}  #{c['edition']}..#{c['until']} read again as {c['mode']}: {c['reason']}"
    if c["kind"] in ("fact-corrected", "fact-revoked"):
        return f"{when}  {fact_correction_line(c)}"
    if c.get("by_analyst"):  # a reading an analyst's corrections made (shown in JSON only)
        summary = c.get("summary") or {}
        what = ", ".join(f"{n} {k}" for k, n in summary.items() if n) or "no correction in force"
        return f"{when}  #{c['edition']} reading {c['reading']} with the analyst's corrections: {what}"
    if c["kind"] == "reread":
        summary = c.get("summary") or {}
        what = ", ".join(f"{n} {k}" for k, n in summary.items() if n) or "the same facts"
        return (f"{when}  #{c['edition']} read again (reading {c['reading']}, parser version "
                f"{c['previous_parser_version']} -> {c['parser_version']}): {what}")
    scope = c.get("alias_brief") or "all briefs"
    return f"{when}  alias {c['alias']!r} -> {c['canonical']} ({scope}) revoked: {c['reason']}"

def fact_correction_line(c: dict[str, Any]) -> str:
    """An analyst's correction of one fact (or its revocation), as `log --corrections` lists it."""
    if c["kind"] == "fact-revoked":
        return f"correction {c['id']} revoked by {c.get('by')}: {c.get('reason')}"
    what = {"reject": f"rejected {c.get('entity')} {c.get('key')}",
            "add": f"added event {c.get('key')} ({c.get('after')})",
            "set": f"set {c.get('entity')} {c.get('key')} {c.get('field')}: "
                   f"{_fmt(c.get('before'))} {ARROW_TEXT} {_fmt(c.get('after'))}"}.get(c.get("op"), c.get("op"))
    return f"#{c['edition']} {what}, by {c.get('by')}: {c.get('reason')}"


def history_text(doc: dict[str, Any]) -> str:
    """One entity across editions, an edition a line: first reported, what changed (field,
    before, after), unchanged, rejected by the analyst, retracted; with the sentence it rests on."""
    lines = [f"{doc['name']} ({doc['key']}) in {doc['brief']}:"]
    for row in doc["editions"]:
        when = f"#{row['edition']} ({written_date(row['as_of'])})"
        if row["status"] == "added":
            detail = _event_phrase(row.get("data") or {})
            lines.append(f"  {when}: first reported as {row['name']!r}{detail}.")
        elif row["status"] in ("changed", "refined", "reconfirmed", "corrected"):
            said = {"refined": "date refined", "reconfirmed": _reconfirmed(row)}.get(row["status"], "revised")
            source = [c for c in row["changes"] if c.get("kind") != "corrected"]
            analyst = [c for c in row["changes"] if c.get("kind") == "corrected"]
            parts = [f"{said}: {_field_changes(source)}"] if source else []
            parts += [f"corrected by the analyst: {_field_changes(analyst)}"] if analyst else []
            lines.append(_sentence(f"  {when}: " + "; then ".join(parts)))
        elif row["status"] == "unchanged":
            lines.append(f"  {when}: unchanged.")
        elif row.get("rejected"):
            lines.append(f"  {when}: rejected by the analyst {correction_text(row['rejected'], short=True)}.")
        else:
            lines.append(f"  {when}: retracted (no longer listed).")
        if row.get("text") and row["status"] in ("added", "changed", "refined", "reconfirmed", "corrected"):
            lines.append(f"      \"{row['text']}\"")
        if row.get("corrections") and row["status"] == "added":
            lines += [f"      {correction_text(c)}" for c in row["corrections"]]
        lines += [f"      {superseded_text(c)}" for c in row.get("superseded", ())]
    return "\n".join(map(terminal_safe, lines)) + "\n"


def _reconfirmed(row: dict[str, Any]) -> str:
    """"reconfirmed (still 6)": a count's figure stated again as of a later day."""
    value = (row.get("data") or {}).get("value")
    return "reconfirmed" if value is None else f"reconfirmed (still {value})"


def _field_changes(changes: list[dict[str, Any]]) -> str:
    return "; ".join(f"{field_name(c['field'])} {_fmt(c['before'])} {ARROW_TEXT} {_fmt(c['after'])}"
                     + (f" {correction_text(c['correction'], short=True)}" if c.get("correction") else "")
                     for c in changes)


def _sentence(line: str) -> str:
    """A line ended by one full stop, even when its last value ends with one."""
    return line if line.endswith(".") else line + "."


def _event_phrase(data: dict[str, Any]) -> str:
    parts = []
    if data.get("action") or data.get("status"):
        parts.append(" ".join(p for p in (data.get("action"), data.get("status")) if p))
    if "date" in data:
        when = written_date(data.get("date"), data.get("date_precision"))
        parts.append(f"in {when}" if data.get("date_precision") else f"on {when}")
    if data.get("value") is not None:
        parts.append(f"value {data['value']}")
    return f" ({', '.join(parts)})" if parts else ""


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return written_date(value)
    if isinstance(value, dict) and "precision" in value:  # a date less precise than a day
        return written_date(value)
    return str(value)

def timeline_text(rows: Iterable[dict[str, Any]]) -> str:
    """Events by event date, one a line, with the edition that first reported each, its later
    revisions and its retraction."""
    lines = []
    for row in rows:
        first = row["first_reported"]
        state = " ".join(p for p in (row["action"], row["status"]) if p)
        line = f"{event_date(row):>17}  {row['name']}"
        line += f" ({state})" if state else ""
        line += f"  first reported in #{first['edition']} ({written_date(first['as_of'])})"
        for rev in row["revisions"]:
            fields = ", ".join(c["field"] + {"refined": " refined", "corrected": " corrected by the analyst"}
                               .get(c.get("kind") or "", "") for c in rev["changes"])
            line += f"; revised in #{rev['edition']} ({fields})"
        if row.get("rejected"):
            line += f"; rejected by the analyst in #{row['retracted']['edition']}"
        elif row["retracted"]:
            line += f"; retracted in #{row['retracted']['edition']} ({written_date(row['retracted']['as_of'])})"
        for note in ([row["rejected"]] if row.get("rejected") else row.get("corrections") or ()):
            line += f"  {correction_text(note)}"
        lines.append(terminal_safe(line))
    return ("\n".join(lines) + "\n") if lines else "no events\n"


# -- Markdown ------------------------------------------------------------------------------------

def _md_edition(ref: dict[str, Any]) -> str:
    return f"#{ref['edition']} ({written_date(ref['as_of'])})"


def log_markdown(rows: list[dict[str, Any]], brief: str | None = None,
                 corrections: list[dict[str, Any]] | None = None) -> str:
    """The log as a Markdown table, one row per edition in as-of order, then the
    corrections recorded, one a line, each with its reason."""
    listed = [c for c in corrections or () if not c.get("by_analyst")]
    fixes = ["### Corrections", "", *[f"- {md_escape(correction_line(c))}" for c in listed], ""] if listed else []
    return _log_table(rows, brief) + ("\n" + "\n".join(fixes) if fixes else "")


def _log_table(rows: list[dict[str, Any]], brief: str | None) -> str:
    lines = [f"## {md_escape(brief or (rows[0]['brief'] if rows else 'brief'))}: editions", ""]
    if not rows:
        return "\n".join(lines + ["No editions stored.", ""])
    lines += ["| Edition | As of | sha256 | Ingested | Source | Compared with | Changes |",
              "| ---: | --- | --- | --- | --- | ---: | --- |"]
    for r in rows:
        compared = (f"#{r['compared_with']}" if r.get("compared_with") is not None
                    else "none (stored first)" if r.get("follows") is not None else "first")
        lines.append(f"| {r['edition']} | {md_escape(written_date(r['as_of']))} | `{r['sha256'][:12]}` | "
                     f"{md_escape(r['ingested_at'][:19].replace('T', ' '))} | {md_escape(r['source'])} | "
                     f"{compared} | {md_escape(r['summary_line'])} |")
    return "\n".join(lines + [""])


def history_markdown(doc: dict[str, Any]) -> str:
    """One entity across editions: a heading, then a table of what each edition said of it."""
    lines = [f"## {md_escape(doc['name'])} (`{doc['key']}`) in {md_escape(doc['brief'])}", "",
             "| Edition | As of | Status | What it said |", "| ---: | --- | --- | --- |"]
    for row in doc["editions"]:
        if row["status"] == "added":
            said = f"first reported as **{md_escape(row['name'])}**{md_escape(_event_phrase(row.get('data') or {}))}"
        elif row["status"] in ("changed", "refined", "reconfirmed"):
            said = (f"{_reconfirmed(row)}: " if row["status"] == "reconfirmed" else "") + "; ".join(f"{md_escape(field_name(c['field']))}: {md_escape(_fmt(c['before']))} "
                             f"{ARROW} {md_escape(_fmt(c['after']))}" for c in row["changes"])
        elif row["status"] == "unchanged":
            said = "unchanged"
        else:
            said = "no longer listed"
        if row.get("text") and row["status"] in ("added", "changed", "refined", "reconfirmed"):
            said += f"<br>“{md_escape(row['text'])}”"
        status = "retracted" if row["status"] == "removed" else row["status"]
        lines.append(f"| {row['edition']} | {md_escape(written_date(row['as_of']))} | {status} | {said} |")
    return "\n".join(lines + [""])


def timeline_markdown(rows: Iterable[dict[str, Any]], brief: str | None = None) -> str:
    """Events by event date as a Markdown table, with who reported each first, its revisions
    and its retraction."""
    lines = [f"## {md_escape(brief or 'brief')}: timeline", ""]
    body = []
    for row in rows:
        state = action_state(row.get("action"), row.get("status"))
        revised = "; ".join(f"{_md_edition(rev)}: {md_escape(', '.join(field_name(c['field']) for c in rev['changes']))}"
                            for rev in row["revisions"])
        retracted = _md_edition(row["retracted"]) if row.get("retracted") else ""
        body.append(f"| {md_escape(event_date(row))} | {md_escape(row['name'])} | {md_escape(state)} | "
                    f"{_md_edition(row['first_reported'])} | {revised} | {retracted} |")
    lines += md_table(("Event date", "Event", "Action", "First reported", "Revised", "Retracted"), body,
                      empty="No events.")
    return "\n".join(lines + [""])
