"""`tracker fact`: an analyst's correction of one fact the parser misread, audited and kept
through a reparse: `reject`, `set`, `add`, `list` and `revoke`.

Each correction is a hash-chained log record with its reason and who made it; the edition's
bytes and the parser's readings stay as they are, and every view shows the corrected reading.
A command here checks its arguments, calls one function of `tracker.app.facts` and prints;
it must not decide what a correction means.
"""

from __future__ import annotations

from typing import Any

import click

from tracker.cli.shared import brief_option, complete_ref, echo_text, emit_json, format_option, open_db

BY_HELP = "Who makes the correction (recorded); default: the operating-system user."
AT_HELP = ("The edition whose reading is corrected: a number, a date (the edition in force), a hash "
           "prefix or latest. The correction holds for it and for later editions while they read "
           "the same fact from the same sentence.")
REASON_HELP = "Why (recorded in the log with the correction)."


def what_it_does(row: dict[str, Any]) -> str:
    """A recorded correction (a row of `list_corrections`) in a few words: "set event qayara
    status: started -> completed" (not yet safe to print: see `terminal_safe`)."""
    from tracker.correct.records import shown

    if row["op"] == "set":
        return (f"set {row['entity']} {row['key']} {row.get('field')}: {shown(row.get('before'))} -> "
                f"{shown(row.get('after'))}")
    if row["op"] == "add":
        return f"add event {row['key']} ({shown(row.get('after'))})"
    if row["op"] == "reject":
        return f"reject {row['entity']} {row['key']} ({shown(row.get('before'))})"
    return str(row["op"])


def _line(row: dict[str, Any]) -> str:
    """One correction, on one line: id, status, what it does, by whom and why."""
    from tracker.present.text import terminal_safe

    status = row.get("detail") or row["status"]
    return terminal_safe(f"#{row['id']:<4} edition {row['edition']}  {what_it_does(row)}  [{status}]  "
                         f"by {row['by']} on {row['at'][:10]}: {row['reason']}")


def _done(fmt: str, row: dict[str, Any], verb: str) -> None:
    if fmt == "json":
        emit_json(row)
    else:
        click.echo(f"{verb}: {_line(row)}")


def common(func: Any) -> Any:
    """--by, --brief and --format, which every `fact` command takes."""
    func = click.option("--by", metavar="NAME", help=BY_HELP)(func)
    return format_option()(brief_option(func))


@click.group()
def fact() -> None:
    """Correct one fact the parser misread, with a reason; list and revoke corrections.

    A correction is recorded in the hash-chained log (who, why, when) and applied to the
    edition's reading and to later editions' while they read the same fact from the same
    sentence; when the source changes that sentence, the new reading shows and the correction
    is listed as superseded. It is kept through `tracker reparse`. `tracker show --as-read`
    shows the parser's reading alone; `tracker verify` replays every correction.

    \b
    Examples:
      tracker fact reject anbar --at 3 --reason "a governorate, not a base"
      tracker fact set qayara date 2020-03-26 --at 2 --reason "the text says 26 March"
      tracker fact add --at 2 --place "K-1 Air Base" --action handover --status completed \\
          --quote "handed over K-1 Air Base" --reason "missed by the reader"
    """


@fact.command()
@click.argument("key")
@click.option("--at", "ref", required=True, metavar="REF", shell_complete=complete_ref, help=AT_HELP)
@click.option("--reason", required=True, metavar="TEXT", help=REASON_HELP)
@common
@click.pass_context
def reject(ctx: click.Context, key: str, ref: str, reason: str, by: str | None, brief: str | None,
           fmt: str) -> None:
    """The event or count KEY the parser read in edition REF is not a fact of the brief.

    KEY is the key `tracker show --format json` gives (or the base's name)."""
    from tracker.app.facts import record_correction

    store = open_db(ctx)
    row = record_correction(store, store.resolve_brief(brief), ref, "reject", key=key, reason=reason, by=by)
    _done(fmt, row, "recorded")


@fact.command(name="set")
@click.argument("key")
@click.argument("field")
@click.argument("value")
@click.option("--at", "ref", required=True, metavar="REF", shell_complete=complete_ref, help=AT_HELP)
@click.option("--reason", required=True, metavar="TEXT", help=REASON_HELP)
@common
@click.pass_context
def set_(ctx: click.Context, key: str, field: str, value: str, ref: str, reason: str, by: str | None,
         brief: str | None, fmt: str) -> None:
    """Set FIELD of the event or count KEY, as read in edition REF, to VALUE.

    \b
    An event's fields: date (YYYY-MM-DD or none), date_precision (day, week, part-month,
    month, quarter, half-year, year), action (withdrawal, handover, transfer, closure,
    drawdown), status (planned, started, completed), name (the place's name), place,
    nations (comma-separated), personnel (a whole number or none).
    A count's: value (a whole number), subject."""
    from tracker.app.facts import record_correction

    store = open_db(ctx)
    row = record_correction(store, store.resolve_brief(brief), ref, "set", key=key, field=field, value=value,
                            reason=reason, by=by)
    _done(fmt, row, "recorded")


@fact.command()
@click.option("--at", "ref", required=True, metavar="REF", shell_complete=complete_ref, help=AT_HELP)
@click.option("--place", required=True, metavar="NAME", help="The base or place, as named.")
@click.option("--action", required=True, metavar="ACTION",
              help="withdrawal, handover, transfer, closure or drawdown.")
@click.option("--status", required=True, metavar="STATUS", help="planned, started or completed.")
@click.option("--date", metavar="DATE", help="The event's date (YYYY-MM-DD), if the text gives one.")
@click.option("--quote", required=True, metavar="TEXT",
              help="The words of the edition the fact rests on; they must occur in its text "
                   "(white space and case aside).")
@click.option("--reason", required=True, metavar="TEXT", help=REASON_HELP)
@common
@click.pass_context
def add(ctx: click.Context, ref: str, place: str, action: str, status: str, date: str | None, quote: str,
        reason: str, by: str | None, brief: str | None, fmt: str) -> None:
    """Add an event the parser missed in edition REF, resting on a quote of its text."""
    from tracker.app.facts import record_correction

    store = open_db(ctx)
    row = record_correction(store, store.resolve_brief(brief), ref, "add", place=place, action=action,
                            status=status, date=date, quote=quote, reason=reason, by=by)
    _done(fmt, row, "recorded")


@fact.command(name="list")
@brief_option
@format_option()
@click.pass_context
def list_(ctx: click.Context, brief: str | None, fmt: str) -> None:
    """List the brief's corrections, oldest first, each with where it holds: in force (it
    changes those editions' reading), moot (the parser now reads the same), superseded from
    edition N (the source changed), revoked, or not in force (its edition retracted); e.g.
    "in force at 1-3; moot from 4"."""
    from tracker.app.facts import list_corrections

    store = open_db(ctx)
    rows = list_corrections(store, store.resolve_brief(brief))
    if fmt == "json":
        emit_json(rows)
    else:
        echo_text("\n".join(_line(r) for r in rows) if rows else "no corrections recorded")


@fact.command()
@click.argument("correction", metavar="ID", type=click.IntRange(min=1))
@click.option("--reason", required=True, metavar="TEXT", help=REASON_HELP)
@common
@click.pass_context
def revoke(ctx: click.Context, correction: int, reason: str, by: str | None, brief: str | None,
           fmt: str) -> None:
    """Take back correction ID (from `tracker fact list`): the readings show what the parser
    read again; the correction stays recorded, marked revoked."""
    from tracker.app.facts import revoke as run

    store = open_db(ctx)
    row = run(store, store.resolve_brief(brief), correction, reason, by)
    _done(fmt, row, "revoked")
