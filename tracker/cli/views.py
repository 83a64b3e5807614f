"""Commands that read the record without changing it: `log` (editions and corrections),
`diff` (what changed between two editions, or two files), `show` (the snapshot in force),
`history` (one base's entry across editions) and `timeline` (events by event date).

It must not write to the database, nor compute a view itself: tracker.app.views computes,
tracker.present renders, and a command here only chooses the renderer for --format.
"""

from __future__ import annotations

import sys

import click

from tracker.cli.shared import (
    brief_option, check_range, complete_ref, echo_text, emit_json, format_option, open_db,
    retracted_option, use_color,
)


@click.command()
@brief_option
@retracted_option
@click.option("--corrections", is_flag=True, help="List only the corrections recorded (editions read "
                                                  "again, retracted; aliases revoked), each with its reason.")
@click.option("-n", "--max-count", "limit", type=click.IntRange(min=0), metavar="N",
              help="Only the N latest editions (still in as-of order).")
@click.option("--since", metavar="DATE", help="Only editions as of this date or later.")
@click.option("--until", metavar="DATE", help="Only editions as of this date or earlier.")
@format_option(("text", "json", "markdown"))
@click.pass_context
def log(ctx: click.Context, brief: str | None, include_retracted: bool, corrections: bool,
        limit: int | None, since: str | None, until: str | None, fmt: str) -> None:
    """List editions in as-of order, each with a one-line summary of its changes, then the
    corrections recorded (editions read again or retracted, aliases revoked) with their reasons.

    A summary tells what the edition was compared with when it was stored; after a backfill,
    a line compared with another edition than the one listed above it says which ("against #1")."""
    from tracker.app import views
    from tracker.days import check_day
    from tracker.present.views import correction_lines, log_markdown, log_text

    since = check_day(since, "--since") if since else None
    until = check_day(until, "--until") if until else None
    check_range(since, until, "edition")
    store = open_db(ctx)
    slug = store.resolve_brief(brief)
    fixes = views.corrections(store, slug)
    if corrections:
        if fmt == "json":
            emit_json(fixes)
        else:
            echo_text("\n".join(correction_lines(fixes)) or "no corrections recorded")
        return
    rows = views.log_rows(store, slug, include_retracted=include_retracted, since=since,
                          until=until, limit=limit)
    if fmt == "json":
        emit_json(views.with_corrections(rows, fixes))
    elif fmt == "markdown":
        echo_text(log_markdown(rows, slug, fixes))
    else:
        from tracker.present.cumulative import log_header

        header = log_header(rows) if rows else None
        if header:
            click.echo(header)
        filtered = since or until or limit is not None
        echo_text(log_text(rows, fixes, empty="no editions in that range" if filtered else "no editions stored"))


@click.command()
@click.argument("from_ref", metavar="[FROM|A..B]", required=False, shell_complete=complete_ref)
@click.argument("to_ref", metavar="[TO]", required=False, shell_complete=complete_ref)
@brief_option
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes (a figure reconfirmed as of a "
                                                 "later day is one), 0 when there are none.")
@click.option("--no-index", is_flag=True,
              help="Compare two files (FROM and TO are paths; - is standard input) without a database; writes nothing.")
@click.option("--mode", type=click.Choice(["restating", "cumulative"]), default=None,
              help="With --no-index: compare the files as two editions of a restating brief (the "
                   "default: what NEW leaves out is removed) or as two reports of a cumulative one "
                   "(NEW folded onto OLD: its silence changes nothing).")
@format_option(("text", "json", "markdown"))
@retracted_option
@click.pass_context
def diff(ctx: click.Context, from_ref: str | None, to_ref: str | None, brief: str | None,
         exit_code: bool, no_index: bool, mode: str | None, include_retracted: bool, fmt: str) -> None:
    """Show what changed from one edition to another.

    FROM and TO are each an ISO date (the edition in force that day), an edition number, a
    sha256 prefix of at least 6 hex digits, `latest`, or any of these followed by ~N (N
    editions before it in as-of order: latest~1 is the one before the latest). FROM..TO in
    one word is the same as FROM TO. TO defaults to the latest; with no reference at all,
    the edition before the latest is compared with the latest.

    With --no-index, FROM and TO are two files, parsed and compared as if they were two
    editions: no database is opened and nothing is written. --mode cumulative compares
    them as two reports of a cumulative brief.
    """
    from tracker.present import text as render

    if no_index:
        from tracker.app.files import diff_files

        if not from_ref or not to_ref:
            raise click.UsageError("--no-index compares two files: give OLD and NEW")
        doc = diff_files(from_ref, to_ref, stdin=sys.stdin.buffer, mode=mode or "restating")
    else:
        if mode is not None:
            raise click.UsageError("--mode goes with --no-index; a stored brief has its own mode")
        from tracker.app import views

        store = open_db(ctx)
        doc = views.diff_refs(store, store.resolve_brief(brief), from_ref, to_ref,
                              include_retracted=include_retracted)
    cumulative = doc.get("mode") == "cumulative"
    if fmt == "json":
        emit_json(doc)
    elif cumulative:
        from tracker.present import cumulative as folded

        echo_text(folded.diff_markdown(doc) if fmt == "markdown" else folded.diff_text(doc))
    elif fmt == "markdown":
        echo_text(render.diff_markdown(doc))
    else:
        color = use_color(ctx)
        echo_text(render.diff_text(doc, color=color), color=color)
    if exit_code and doc["changes"]:
        sys.exit(1)


@click.command()
@click.argument("ref", required=False, shell_complete=complete_ref)
@click.option("--as-of", "as_of", metavar="DATE",
              help="Show the edition in force on this date (YYYY-MM-DD); REF takes the other forms.")
@click.option("--reading", "reading", type=click.IntRange(min=1), metavar="N",
              help="Show the edition's reading N (1: as stored at ingest; later ones were appended "
                   "by `tracker reparse`) instead of its newest.")
@click.option("--as-read", "as_read", is_flag=True,
              help="Show the parser's own reading, without the analyst's corrections (`tracker fact`).")
@brief_option
@format_option()
@retracted_option
@click.pass_context
def show(ctx: click.Context, ref: str | None, as_of: str | None, reading: int | None, as_read: bool,
         brief: str | None, include_retracted: bool, fmt: str) -> None:
    """Show the snapshot in force at REF or on --as-of DATE (REF: a date, an edition number, a
    hash prefix, latest, or any of these with ~N for N editions before it; default latest)."""
    from tracker.present import text as render
    from tracker.app import views

    if ref and as_of:
        raise click.UsageError("give REF or --as-of, not both")
    from tracker.days import check_day

    as_of = check_day(as_of, "--as-of") if as_of else None
    store = open_db(ctx)
    if as_read and (reading or include_retracted):
        raise click.UsageError("--as-read shows the newest reading by the parser: not with --reading "
                               "or --include-retracted")
    if as_read:
        from tracker.app.facts import as_read as parser_reading

        doc = parser_reading(store, store.resolve_brief(brief), as_of or ref)
    else:
        doc = views.show_document(store, store.resolve_brief(brief), as_of or ref, reading,
                                  include_retracted=include_retracted)
    if fmt == "json":
        emit_json(doc)
    elif doc.get("mode") == "cumulative":
        from tracker.present.cumulative import state_text

        echo_text(state_text(doc))
    else:
        from tracker.model import Snapshot

        echo_text(render.snapshot_text(Snapshot.from_dict(doc), header=doc["edition"]))


@click.command()
@click.argument("name")
@brief_option
@format_option(("text", "json", "markdown"))
@retracted_option
@click.pass_context
def history(ctx: click.Context, name: str, brief: str | None, include_retracted: bool, fmt: str) -> None:
    """Tell how one base's (or count's) entry evolved across editions, whatever its spelling."""
    from tracker.app import views
    from tracker.present.views import history_markdown, history_text

    store = open_db(ctx)
    doc = views.history(store, store.resolve_brief(brief), name, include_retracted=include_retracted)
    if fmt == "json":
        emit_json(doc)
    elif doc.get("mode") == "cumulative":
        from tracker.present import cumulative

        echo_text(cumulative.history_markdown(doc) if fmt == "markdown" else cumulative.history_text(doc))
    elif fmt == "markdown":
        echo_text(history_markdown(doc))
    else:
        echo_text(history_text(doc))


@click.command()
@brief_option
@click.option("--since", metavar="DATE", help="Only events on or after this event date.")
@click.option("--until", metavar="DATE", help="Only events on or before this event date.")
@format_option(("text", "json", "markdown"))
@retracted_option
@click.pass_context
def timeline(ctx: click.Context, brief: str | None, since: str | None, until: str | None,
             include_retracted: bool, fmt: str) -> None:
    """List events by event date, with the edition that first reported each and later revisions."""
    from tracker.app import views
    from tracker.days import check_day
    from tracker.present.views import timeline_markdown, timeline_text

    since = check_day(since, "--since") if since else None
    until = check_day(until, "--until") if until else None
    check_range(since, until, "event")
    store = open_db(ctx)
    slug = store.resolve_brief(brief)
    rows = views.timeline(store, slug, since=since, until=until,
                          include_retracted=include_retracted)
    if fmt == "json":
        emit_json(rows)
    elif rows and "reports" in rows[0]:  # a cumulative brief's: with the reports behind each
        from tracker.present import cumulative

        echo_text(cumulative.timeline_markdown(rows, slug) if fmt == "markdown" else cumulative.timeline_text(rows))
    elif fmt == "markdown":
        echo_text(timeline_markdown(rows, slug))
    else:
        echo_text(timeline_text(rows))
