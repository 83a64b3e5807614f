"""One-line and short reports of what a command did: an ingest outcome, a verify report."""

from __future__ import annotations

from typing import Any


def outcome_line(outcome: dict[str, Any]) -> str:
    """`stored    iraq #2  2020-04-11  2020-04-11.txt  +1 event, 1 count revised`."""
    head = f"{outcome['status']:<9} {outcome['brief']} #{outcome['edition']}  {outcome['as_of']}  {outcome['path']}"
    if outcome["status"] == "unchanged":
        return head + "  (same bytes already stored)"
    if outcome["status"] == "skipped":
        return f"{head}  (same facts as #{outcome['edition']}, the edition in force; nothing stored)"
    against = f" against #{outcome['previous']}" if outcome["previous"] else " (first edition)"
    return f"{head}  {outcome['summary_line']}{against}"


def ingest_summary(outcomes: list[dict[str, Any]]) -> str:
    """`ingest: 3 stored, 290 unchanged, 2 skipped (same facts), 1 failed, 5 warnings` in one line,
    for `ingest -q` and for a log kept by cron."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
    names = (("stored", "stored"), ("unchanged", "unchanged"), ("skipped", "skipped (same facts)"),
             ("error", "failed"))
    parts = [f"{counts[status]} {label}" for status, label in names if counts.get(status)]
    warnings = sum(len(o.get("warnings", ())) for o in outcomes)
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "ingest: " + (", ".join(parts) or "nothing given")


def error_lines(outcomes: list[dict[str, Any]]) -> list[str]:
    """One `error:` line per distinct error: with its file when one file gave it, else with the
    count first and the first few files. A mistake made once for many files (a folder that
    names no brief, given `a/*.txt`) is said once, not once a file."""
    errors = [(o["error"], o["path"]) for o in outcomes if o["status"] == "error"]
    return [f"error: {paths[0]}: {message}" if len(paths) == 1
            else f"error: {len(paths)} files: {message} ({_first_few(paths)})"
            for message, paths in _by_message(errors).items()]


def warning_lines(outcomes: list[dict[str, Any]]) -> list[str]:
    """One `warning:` line per distinct message: with the file it came from when only one
    file gave it, else with the count and the first few files (300 files that each lack the
    same thing make one line, not 300)."""
    warnings = [(w, o["path"]) for o in outcomes for w in o.get("warnings", ())]
    return [f"warning: {paths[0]}: {message}" if len(paths) == 1
            else f"warning: {message} ({len(paths)} files: {_first_few(paths)})"
            for message, paths in _by_message(warnings).items()]


def _by_message(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """message -> the files that gave it, in the order first met."""
    found: dict[str, list[str]] = {}
    for message, path in pairs:
        found.setdefault(message, []).append(path)
    return found


def _first_few(paths: list[str]) -> str:
    return ", ".join(paths[:3]) + (", …" if len(paths) > 3 else "")


def verify_text(report: Any) -> str:
    """OK line, or the first bad edition and every problem, one a line."""
    notes = [f"note: {brief}: {len(ids)} correction(s) superseded (the source changed the fact): "
             + ", ".join(f"#{cid} at edition {at}" for cid, at in sorted(ids.items()))
             for brief, ids in sorted((getattr(report, "superseded", None) or {}).items())]
    found = getattr(report, "checkpoint", None)
    if found and found["found"]:
        notes.insert(0, checkpoint_line(found))
    if report.ok:
        return "\n".join([f"ok: {report.editions_checked} editions verified, head {report.head}", *notes]) + "\n"
    lines = [f"FAILED: {len(report.problems)} problem(s) in {report.editions_checked} editions"]
    if report.first_bad:
        lines.append(f"first bad edition: {report.first_bad[0]} #{report.first_bad[1]}")
    lines += [f"  - {p}" for p in report.problems] + notes
    return "\n".join(lines) + "\n"


def checkpoint_line(found: dict[str, Any]) -> str:
    """Where a checkpoint kept elsewhere was found in the log: its event and edition."""
    if not found["seq"]:
        return "checkpoint: the empty log's head (taken before anything was recorded)"
    if found["edition"] is None:
        where = "before the first edition"
    else:
        where = f"{'' if found['names_edition'] else 'after '}{found['brief']} edition {found['edition']}"
    return (f"checkpoint found at log event {found['seq']} ({found['type']}, {where}, recorded "
            f"{found['recorded_at'][:19]}): the history up to it is the one it was taken from")


def alias_list_text(rows: list[dict[str, Any]]) -> str:
    """`'K1' -> K-1 Air Base  (iraq, 2020-05-01T...)`, one alias a line."""
    if not rows:
        return "no aliases recorded\n"
    return "".join(f"{r['name']!r} -> {r['canonical']}  ({r.get('brief') or 'all briefs'}, "
                   f"{r['recorded_at']})\n" for r in rows)


def briefs_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no briefs yet\n"
    return "".join(f"{r['brief']:<32} {r['mode']:<11} {r['editions']} edition(s)"
                   f"{', latest as of ' + r['latest_as_of'] if r.get('latest_as_of') else ''}\n" for r in rows)


def brief_text(doc: dict[str, Any]) -> str:
    lines = [f"brief {doc['brief']}: {doc['mode']}, {doc['editions']} edition(s)"]
    for m in doc["modes"]:
        why = f" ({m['reason']})" if m.get("reason") else ""
        reread = f", re-reading stored editions {m['from_edition']}..{m['stored']}" if m.get("stored") else ""
        lines.append(f"  {m['mode']} from edition {m['from_edition']}{reread}, recorded {m['recorded_at'][:19]}{why}")
    if not doc["modes"]:
        lines.append("  restating (the default; no mode recorded)")
    return "\n".join(lines) + "\n"
