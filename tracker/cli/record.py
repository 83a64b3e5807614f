"""Commands that record editions or read them without storing: `init` (create or upgrade the
database), `ingest` (store files, web pages or standard input as editions) and `parse` (print
one file's snapshot, storing nothing).

It must not parse, diff or write to the store itself: each command hands its options to one
library function (tracker.app, tracker.parse) and prints the result. Heavy modules are
imported inside the commands.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from tracker.cli.shared import echo_text, emit_json, format_option, open_db


@click.command()
@format_option()
@click.pass_context
def init(ctx: click.Context, fmt: str) -> None:
    """Create the database, or upgrade it to the newest schema. Safe to run again.

    An upgrade also rebuilds what this release derives differently from the stored record
    (the cumulative states of briefs in cumulative mode), in the same transaction, and says
    so; run `tracker verify` afterwards.

    A PostgreSQL database the URL names that does not exist yet is created (the user needs
    the right to create databases; otherwise the error line gives the createdb command)."""
    from tracker.app.upgrading import init as initialise

    store = open_db(ctx, create=True, create_database=True)
    done = initialise(store)
    if fmt == "json":
        emit_json({"database": store.display, "created": store.created, **done.to_dict()})
        return
    prefix = "created database" if store.created else "database"
    click.echo(f"{prefix} {store.display} is at schema revision {done.revision}")
    if done.rebuilt_states:
        n = len(done.rebuilt_states)
        click.echo(f"rebuilt the cumulative states of {n} brief{'s' if n != 1 else ''} "
                   f"({', '.join(done.rebuilt_states)}): this release folds reports by newer rules")


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL|-...")
@click.option("--brief", "-b", default=None, metavar="SLUG",
              help="Which brief the files are editions of; default: the name of each file's folder "
                   "(needed with -, and with a URL unless the database holds one brief).")
@click.option("--as-of", "as_of", metavar="DATE", help="The edition's as-of date (YYYY-MM-DD), when its text gives none or the wrong one.")
@click.option("--source", metavar="TEXT", help="Where the edition came from (URL, sender); default the file name, the URL, or 'stdin'.")
@click.option("--skip-same-facts", is_flag=True,
              help="Store nothing when an edition states the same facts as the edition in force "
                   "(a page polled for changes), and say so.")
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when an edition with changes was stored, 0 when nothing changed, "
                   "2 when a source failed (for cron).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and one summary line.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="How long to wait for a web page to answer.")
@click.option("--mode", type=click.Choice(["restating", "cumulative"]), default=None,
              help="A new brief's mode: restating (each edition restates the whole brief; the default) "
                   "or cumulative (a stream of reports, each telling what is new). An existing brief "
                   "must already be in it (change it with `tracker brief set-mode`).")
@click.option("--encoding", metavar="CHARSET",
              help="The charset the sources are in (windows-1256, latin-1, ...), over what a page or "
                   "server declares; default: declared, else UTF-8, else detected. The bytes are "
                   "stored as received, with the charset they are read with.")
@format_option()
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[str, ...], brief: str | None, as_of: str | None,
           source: str | None, skip_same_facts: bool, exit_code: bool, quiet: bool, timeout: float,
           mode: str | None, encoding: str | None, fmt: str) -> None:
    """Store each file, web page or standard input as a new edition and report what changed.

    A source is a file path, an http:// or https:// URL (fetched, with the charset the server
    declares; the URL is recorded as its source), or - for standard input (with --brief).
    Each is stored as the bytes received, with the charset they were read with.
    Each edition is stored whole or not at all: a bad source is reported and skipped, the others
    are still stored. The same bytes already stored for the brief are reported `unchanged`
    and nothing is written. Without --brief, the brief is named after the file's folder
    (snapshots/<brief>/<as-of>.txt).
    """
    from tracker.app.sources import ingest_sources
    from tracker.days import check_day
    from tracker.present.outcomes import error_lines, ingest_summary, outcome_line, warning_lines

    as_of = check_day(as_of, "--as-of") if as_of else None
    progress = len(sources) > 3 and sys.stderr.isatty() and not quiet
    stream = fmt == "text" and not progress and not quiet  # a line per file as soon as it is committed

    def report(outcome: dict[str, Any]) -> None:  # errors wait for the end, one line per mistake
        if outcome["status"] != "error" and not quiet and fmt == "text":
            click.echo(outcome_line(outcome))

    bar = click.progressbar(length=len(sources), label="ingesting",
                            file=click.get_text_stream("stderr")) if progress else None

    def committed(outcome: dict[str, Any]) -> None:
        if bar is not None:
            bar.update(1)
        elif stream:
            report(outcome)

    # the store is opened once the parse workers have started, so the two overlap
    with bar if bar is not None else contextlib.nullcontext():
        outcomes = ingest_sources(lambda: open_db(ctx, create=True), list(sources), brief=brief,
                                  as_of=as_of, source=source, skip_same_facts=skip_same_facts, mode=mode,
                                  stdin=sys.stdin.buffer, timeout=timeout, encoding=encoding,
                                  on_outcome=committed)
    failed = [o for o in outcomes if o["status"] == "error"]
    if fmt == "json":
        emit_json(outcomes)
    if not stream:
        for outcome in outcomes:
            report(outcome)
    for line in error_lines(outcomes):
        click.echo(line, err=True)
    if not quiet and fmt == "text":  # JSON carries them in each outcome
        for line in warning_lines(outcomes):
            click.echo(line, err=True)
    if quiet and fmt == "text":
        click.echo(ingest_summary(outcomes))
    if exit_code:
        changed = any(o["status"] == "stored" and o["changes"] for o in outcomes)
        sys.exit(2 if failed else 1 if changed else 0)
    if failed:
        sys.exit(2)  # a source that cannot become an edition: bad input


@click.command()
@click.argument("path", metavar="PATH|-")
@click.option("--as-of", "as_of", metavar="DATE", help="Override the as-of date found in the text.")
@click.option("--encoding", metavar="CHARSET",
              help="The charset the file is in (windows-1256, latin-1, ...), as `ingest --encoding` "
                   "reads it; default: declared, else UTF-8, else detected.")
@format_option()
def parse(path: str, as_of: str | None, encoding: str | None, fmt: str) -> None:
    """Print the snapshot of one file (or of standard input, -) without storing anything.

    The file is read as `ingest` reads it with the same options: try a file here first."""
    from tracker.days import check_day
    from tracker.parse import parse_bytes
    from tracker.present.text import snapshot_text
    from tracker.read import charset_for, codec_name, file_bytes, stream_bytes

    as_of = check_day(as_of, "--as-of") if as_of else None
    if encoding is not None:
        codec_name(encoding)  # an unknown label is refused before anything is read
    name = None if path == "-" else path  # errors name the path as given
    data = stream_bytes(sys.stdin.buffer) if name is None else file_bytes(path)
    charset = charset_for(data, encoding=encoding, filename=name)[0] if encoding is not None else None
    snapshot = parse_bytes(data, name, as_of=as_of, encoding=charset)
    if fmt == "json":
        emit_json(snapshot.to_dict())
    else:
        echo_text(snapshot_text(snapshot))
