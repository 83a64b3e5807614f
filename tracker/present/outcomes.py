"""One-line and short reports of what a command did: an ingest outcome, a verify report."""

from __future__ import annotations

from typing import Any


def outcome_line(outcome: dict[str, Any]) -> str:
    """`stored    iraq #2  2020-04-11  2020-04-11.txt  +1 event, 1 count revised`."""
    head = f"{outcome['status']:<9} {outcome['brief']} #{outcome['edition']}  {outcome['as_of']}  {outcome['path']}"
    if outcome["status"] == "unchanged":
        return head + "  (same bytes already stored)"
    against = f" against #{outcome['previous']}" if outcome["previous"] else " (first edition)"
    return f"{head}  {outcome['summary_line']}{against}"


def verify_text(report: Any) -> str:
    """OK line, or the first bad edition and every problem, one a line."""
    if report.ok:
        return f"ok: {report.editions_checked} editions verified, head {report.head}\n"
    lines = [f"FAILED: {len(report.problems)} problem(s) in {report.editions_checked} editions"]
    if report.first_bad:
        lines.append(f"first bad edition: {report.first_bad[0]} #{report.first_bad[1]}")
    lines += [f"  - {p}" for p in report.problems]
    return "\n".join(lines) + "\n"


def alias_list_text(rows: list[dict[str, Any]]) -> str:
    """`'K1' -> K-1 Air Base  (iraq, 2020-05-01T...)`, one alias a line."""
    if not rows:
        return "no aliases recorded\n"
    return "".join(f"{r['name']!r} -> {r['canonical']}  ({r.get('brief') or 'all briefs'}, "
                   f"{r['recorded_at']})\n" for r in rows)
