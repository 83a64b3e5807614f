"""The `tracker` command line: a thin shell over the library.

Each command parses its options, calls one library function and hands the result to a
renderer. Heavy modules (SQLAlchemy, Alembic, deepdiff, the HTML parser) are imported inside
the commands that need them, so `tracker --help` stays fast. Every user error surfaces as one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from tracker.errors import TrackerError

FORMATS = ("text", "json")
INTERNAL_ERROR = 70


HELP_SHOWN = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2: a command with no arguments


class UsageLine(click.ClickException):
    """A usage error told in one line, with the help command that explains the usage."""

    exit_code = 2

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message())
        ctx = error.ctx
        self.hint = f"{ctx.command_path} --help" if ctx is not None else "tracker --help"

    def show(self, file: Any = None) -> None:
        message = " ".join(self.message.split())
        message = message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message
        click.echo(f"error: {message.rstrip('.')} (see '{self.hint}')", err=True)


class TrackerGroup(click.Group):
    """Turns every exception into one line on stderr with a meaningful exit code, and gives
    every command the global --db too, so it may come after the command name."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(p.name == "db_after" for p in cmd.params):
            cmd.params.append(click.Option(
                ["--db", "db_after"], metavar="PATH_OR_URL", default=None, expose_value=False,
                callback=_global_after, is_eager=True,
                help="The database, as the global --db (which may also come before the command)."))
            cmd.params.append(click.Option(
                ["--color", "color_after"], type=click.Choice(COLOR_CHOICES), default=None,
                expose_value=False, callback=_global_after, is_eager=True,
                help="Colour, as the global --color."))
        super().add_command(cmd, name)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except HELP_SHOWN:
            raise  # `tracker` alone: the whole help, as click prints it
        except click.UsageError as exc:
            raise UsageLine(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # what is still buffered fails here, not unseen at exit
                _flush_stdout()
        except TrackerError as exc:
            _fail(str(exc), exc.exit_code)
        except HELP_SHOWN:
            raise
        except click.UsageError as exc:
            raise UsageLine(exc) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:  # the output could not be written (a full disk, a folder gone)
            _drop_stdout()
            _fail(os_error_line(exc), 1)
        except Exception as exc:  # a bug: still one line, never a traceback
            if os.environ.get("TRACKER_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}", INTERNAL_ERROR)


COLOR_CHOICES = ("auto", "always", "never")


def _global_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """A global option given after the command name: it wins over the one before."""
    if param.name == "db_after" and value is not None:
        _check_db(value, "--db")
    if value is not None:
        ctx.ensure_object(dict)[(param.name or "").removesuffix("_after")] = value


def os_error_line(exc: OSError) -> str:
    """An operating-system error as the user's one line: the file it names, else the output."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else f"cannot write output: {reason}"


def _flush_stdout() -> None:
    with contextlib.suppress(ValueError, AttributeError):  # closed, or replaced by a test
        sys.stdout.flush()


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush at exit does not fail
    again (and print a traceback-like notice) after the one-line error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message.splitlines()[0] if message else 'failed'}", err=True)
    sys.exit(code)


FORMAT_WORDS = {"text": "text for people", "json": "json for scripts", "markdown": "markdown for notes and tickets"}


def format_option(choices: Iterable[str] = FORMATS) -> Callable:
    """--format with a help text told from its choices, so it never leaves one out."""
    choices = list(choices)
    said = [FORMAT_WORDS.get(c, c) for c in choices]
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="text", show_default=True,
        help=f"Output format: {', '.join(said)}.",
    )


ONE_BRIEF = "Which brief; may be left out when the database holds only one."


def brief_option(func: Callable | None = None, *, help: str = ONE_BRIEF) -> Callable:
    """--brief/-b; `help` for a command whose default is not "the only brief"."""
    option = click.option("--brief", "-b", default=None, metavar="SLUG", shell_complete=complete_brief, help=help)
    return option(func) if func is not None else option


def check_range(since: str | None, until: str | None, what: str) -> None:
    """--since after --until selects nothing by construction: a usage error, not an empty list."""
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}: no {what} can be in that range")


def retracted_option(func: Callable) -> Callable:
    return click.option(
        "--include-retracted", "include_retracted", is_flag=True,
        help="Also show editions withdrawn with `tracker retract` (left out by default).",
    )(func)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def echo_text(text: str, color: bool | None = None) -> None:
    """Print a rendered block so that it always ends with exactly one newline (`color`: keep
    ANSI codes even off a terminal, for --color always)."""
    click.echo(text.rstrip("\n"), color=color)


def use_color(ctx: click.Context | None = None) -> bool:
    """--color always|never as given; auto (the default): only on a terminal, and never when
    NO_COLOR is set to anything (https://no-color.org)."""
    obj = (ctx.find_root().obj if ctx is not None else None) or {}
    choice = obj.get("color") or "auto"
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


# -- shell completion: brief names and references, read from the database when there is one

def _completion_store(ctx: click.Context) -> Any:
    """The store the command line names, or None: completion never creates a database."""
    root = ctx.find_root()
    db = (root.obj or {}).get("db") or root.params.get("db") or os.environ.get("TRACKER_DB") or "tracker.db"
    if "://" not in db and not Path(db).is_file():
        return None
    from tracker.store.store import open_store

    return open_store(db)


def complete_brief(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    try:
        store = _completion_store(ctx)
        return [b for b in store.briefs() if b.startswith(incomplete)] if store else []
    except Exception:  # noqa: BLE001  completion must never break the shell
        return []


def complete_ref(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """latest, latest~1 and the as-of dates of the brief's editions (newest first)."""
    found = ["latest", "latest~1"]
    try:
        store = _completion_store(ctx)
        if store is not None:
            brief = store.resolve_brief(ctx.params.get("brief"))
            found += list(dict.fromkeys(info.as_of for info in reversed(store.editions(brief))))
    except Exception:  # noqa: BLE001
        pass
    return [ref for ref in found if ref.startswith(incomplete)]


def _check_db(value: str, where: str) -> None:
    """An empty database name is refused, not taken for the default tracker.db."""
    if not value.strip():
        raise click.BadParameter("is empty; give an SQLite file path or a database URL", param_hint=where)


def open_db(ctx: click.Context, *, create: bool = False) -> Any:
    from tracker.store.store import open_store

    _check_db(ctx.obj["db"], "--db")
    return open_store(ctx.obj["db"], create=create)


@click.group(name="tracker", cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", envvar="TRACKER_DB", default="tracker.db", show_default=True, metavar="PATH_OR_URL",
    help="SQLite file path, or an SQLAlchemy URL such as postgresql://user@host/db (env TRACKER_DB).",
)
@click.option(
    "--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
    help="Colour in diffs: auto is on a terminal unless NO_COLOR is set; always; never.",
)
@click.version_option(package_name="tracker", message="tracker %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str, color: str) -> None:
    """Keep an auditable record of a situation brief that is re-issued as events move.

    Ingest each edition of a brief (text, Markdown or HTML); tracker stores it as an
    immutable snapshot of the events, counts and paragraphs it reports, and tells what
    changed. Ask what the brief said on any date, how one base's entry evolved, and prove
    that nothing in the record was altered afterwards.

    \b
    Quick start:
      tracker ingest snapshots/iraq-coalition-withdrawal/*
      tracker diff 2020-04-04 2020-04-11
      tracker history "K-1 airbase"
      tracker verify
    """
    from click.core import ParameterSource

    if ctx.get_parameter_source("db") == ParameterSource.DEFAULT and os.environ.get("TRACKER_DB") == "":
        _check_db("", "TRACKER_DB")  # click takes an empty variable for an unset one
    _check_db(db, "--db")
    ctx.ensure_object(dict)
    ctx.obj.setdefault("db", db)
    ctx.obj.setdefault("color", color)


@cli.command()
@format_option()
@click.pass_context
def init(ctx: click.Context, fmt: str) -> None:
    """Create the database, or upgrade it to the newest schema. Safe to run again."""
    store = open_db(ctx, create=True)
    revision = store.init()
    if fmt == "json":
        emit_json({"database": store.display, "revision": revision})
    else:
        click.echo(f"database {store.display} is at schema revision {revision}")


@cli.command()
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
@format_option()
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[str, ...], brief: str | None, as_of: str | None,
           source: str | None, skip_same_facts: bool, exit_code: bool, quiet: bool, timeout: float,
           mode: str | None, fmt: str) -> None:
    """Store each file, web page or standard input as a new edition and report what changed.

    A source is a file path, an http:// or https:// URL (fetched, with the charset the server
    declares; the URL is recorded as its source), or - for standard input (with --brief).
    Each edition is stored whole or not at all: a bad source is reported and skipped, the others
    are still stored. The same bytes already stored for the brief are reported `unchanged`
    and nothing is written. Without --brief, the brief is named after the file's folder
    (snapshots/<brief>/<as-of>.txt).
    """
    from tracker.app.ingest import ingest_sources
    from tracker.days import check_day
    from tracker.present.outcomes import ingest_summary, outcome_line, warning_lines

    as_of = check_day(as_of, "--as-of") if as_of else None
    progress = len(sources) > 3 and sys.stderr.isatty() and not quiet
    stream = fmt == "text" and not progress and not quiet  # a line per file as soon as it is committed

    def report(outcome: dict[str, Any]) -> None:
        if outcome["status"] == "error":
            click.echo(f"error: {outcome['path']}: {outcome['error']}", err=True)
        elif not quiet and fmt == "text":
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
                                  stdin=sys.stdin.buffer, timeout=timeout,
                                  on_outcome=committed)
    failed = [o for o in outcomes if o["status"] == "error"]
    if fmt == "json":
        emit_json(outcomes)
    if not stream:
        for outcome in outcomes:
            if fmt == "text" or outcome["status"] == "error":
                report(outcome)
    if not quiet and fmt == "text":  # JSON carries them in each outcome
        for line in warning_lines(outcomes):
            click.echo(line, err=True)
    if quiet and fmt == "text":
        click.echo(ingest_summary(outcomes))
    if exit_code:
        changed = any(o["status"] == "stored" and o["changes"] for o in outcomes)
        sys.exit(2 if failed else 1 if changed else 0)
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("path", metavar="PATH|-")
@click.option("--as-of", "as_of", metavar="DATE", help="Override the as-of date found in the text.")
@format_option()
def parse(path: str, as_of: str | None, fmt: str) -> None:
    """Print the snapshot of one file (or of standard input, -) without storing anything."""
    from tracker.days import check_day
    from tracker.parse import parse_bytes
    from tracker.present.text import snapshot_text
    from tracker.read import file_bytes, stream_bytes

    as_of = check_day(as_of, "--as-of") if as_of else None
    if path == "-":
        snapshot = parse_bytes(stream_bytes(sys.stdin.buffer), None, as_of=as_of)
    else:
        snapshot = parse_bytes(file_bytes(path), path, as_of=as_of)  # errors name the path as given
    if fmt == "json":
        emit_json(snapshot.to_dict())
    else:
        echo_text(snapshot_text(snapshot))


@cli.command()
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
    corrections recorded (editions read again or retracted, aliases revoked) with their reasons."""
    from tracker.app import views
    from tracker.days import check_day
    from tracker.present.views import correction_line, log_markdown, log_text

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
            echo_text("\n".join(correction_line(c) for c in fixes) or "no corrections recorded")
        return
    rows = views.log_rows(store, slug, include_retracted=include_retracted, since=since,
                          until=until, limit=limit)
    if fmt == "json":
        emit_json(rows)
    elif fmt == "markdown":
        echo_text(log_markdown(rows, slug))
    else:
        from tracker.present.cumulative import log_header

        header = log_header(rows) if rows else None
        if header:
            click.echo(header)
        filtered = since or until or limit is not None
        echo_text(log_text(rows, fixes, empty="no editions in that range" if filtered else "no editions stored"))


@cli.command()
@click.argument("from_ref", metavar="[FROM|A..B]", required=False, shell_complete=complete_ref)
@click.argument("to_ref", metavar="[TO]", required=False, shell_complete=complete_ref)
@brief_option
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes, 0 when there are none.")
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


@cli.command()
@click.argument("ref", required=False, shell_complete=complete_ref)
@click.option("--as-of", "as_of", metavar="DATE",
              help="Show the edition in force on this date (YYYY-MM-DD); REF takes the other forms.")
@click.option("--reading", "reading", type=click.IntRange(min=1), metavar="N",
              help="Show the edition's reading N (1: as stored at ingest; later ones were appended "
                   "by `tracker reparse`) instead of its newest.")
@brief_option
@format_option()
@retracted_option
@click.pass_context
def show(ctx: click.Context, ref: str | None, as_of: str | None, reading: int | None,
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


@cli.command()
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

        echo_text(cumulative.history_text(doc))
    elif fmt == "markdown":
        echo_text(history_markdown(doc))
    else:
        echo_text(history_text(doc))


@cli.command()
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

        echo_text(cumulative.timeline_text(rows))
    elif fmt == "markdown":
        echo_text(timeline_markdown(rows, slug))
    else:
        echo_text(timeline_text(rows))


@cli.command()
@click.argument("name", required=False)
@click.argument("canonical", required=False)
@click.option("--list", "list_", is_flag=True, help="List the aliases in force.")
@click.option("--revoke", "revoke", metavar="NAME", help="Take back the alias NAME (needs --reason); "
                                                         "the record keeps it, marked revoked.")
@click.option("--reason", metavar="TEXT", help="Why the alias is revoked (recorded in the log).")
@click.option("--all-briefs", "all_briefs", is_flag=True,
              help="The alias is for every brief; needed when the database holds several.")
@brief_option
@format_option()
@click.pass_context
def alias(ctx: click.Context, name: str | None, canonical: str | None, list_: bool, revoke: str | None,
          reason: str | None, all_briefs: bool, brief: str | None, fmt: str) -> None:
    """Record that NAME is the same base as CANONICAL (a name or key), --list aliases, or
    --revoke one.

    Aliases are stored and audited like editions; they apply to later ingests, to diff
    and to history. The same alias again is `unchanged`. With several briefs stored, give
    --brief SLUG, or --all-briefs for an alias meant for every brief.
    """
    from tracker.app import names
    from tracker.present.outcomes import alias_list_text

    if sum(map(bool, (list_, revoke, name or canonical))) > 1:
        raise click.UsageError("give NAME and CANONICAL, --list or --revoke NAME, one of them")
    store = open_db(ctx, create=not (list_ or revoke))
    if list_:
        rows = [a.to_dict() for a in store.aliases(brief)]
        if fmt == "json":
            emit_json(rows)
        else:
            echo_text(alias_list_text(rows))
        return
    if revoke is not None:
        if not reason:
            raise click.UsageError("--revoke needs --reason TEXT")
        scope = names.alias_scope(store, brief, all_briefs)
        gone = names.revoke_alias(store, revoke, scope, reason)
        if fmt == "json":
            emit_json([{**a.to_dict(), "status": "revoked", "reason": reason} for a in gone])
        else:
            for a in gone:
                click.echo(f"alias revoked: {a.name!r} -> {a.canonical} ({a.brief or 'all briefs'})")
        return
    if not name or not canonical:
        raise click.UsageError("give NAME and CANONICAL, or --list, or --revoke NAME")
    if reason:
        raise click.UsageError("--reason goes with --revoke")
    scope = names.alias_scope(store, brief, all_briefs)
    unknown = not names.named_anywhere(store, canonical, scope)  # looked up before recording
    info, written = names.record_alias(store, name, canonical, scope)
    if unknown:
        where = f"brief {scope!r}" if scope is not None else "any brief"
        click.echo(f"warning: CANONICAL {canonical!r} matches no base or count in any stored edition of "
                   f"{where}; the alias is recorded anyway and applies only if that name appears later "
                   "(check its spelling)", err=True)
    status = "recorded" if written else "unchanged"
    if fmt == "json":
        emit_json({**info.to_dict(), "status": status})
    else:
        click.echo(f"alias {status}: {info.name!r} -> {info.canonical}")


@cli.command()
@click.argument("ref")
@click.option("--reason", required=True, metavar="TEXT", help="Why the edition is withdrawn (recorded in the log).")
@brief_option
@format_option()
@click.pass_context
def retract(ctx: click.Context, ref: str, reason: str, brief: str | None, fmt: str) -> None:
    """Withdraw a mistaken edition from every view, recording why.

    REF is an edition number, a sha256 prefix, or a date (the edition in force that day).
    The edition stays stored and verified; diff, show, log, history, timeline and export leave
    it out (--include-retracted shows it), and its bytes may be ingested again, for example
    with the right --as-of.
    """
    from tracker.app.corrections import retract as run

    store = open_db(ctx)
    done = run(store, store.resolve_brief(brief), ref, reason)
    if fmt == "json":
        emit_json(done)
    else:
        click.echo(f"retracted {done['brief']} #{done['number']} ({done['as_of']}): {done['reason']}")


@cli.command()
@brief_option(help="Read only this brief's editions again; default: every brief's.")
@click.option("--dry-run", is_flag=True, help="Print what the current parser reads differently in each "
                                              "edition, and write nothing.")
@format_option()
@click.pass_context
def reparse(ctx: click.Context, brief: str | None, dry_run: bool, fmt: str) -> None:
    """Read every stored edition again with the current parser and append the new readings.

    Each edition keeps its number, raw bytes and as-of date; the new reading (its snapshot,
    hash and parser version) is chained after the old one, which stays stored and verified.
    Every view then uses the newest reading; `show --reading N` shows an older one. Without
    --brief, every brief is read again.
    """
    from tracker.app.reparse import reparse as run
    from tracker.present.text import reparse_text

    store = open_db(ctx)
    briefs = [store.resolve_brief(brief)] if brief else store.briefs()
    doc = run(store, briefs, dry_run=dry_run)
    if fmt == "json":
        emit_json(doc)
    else:
        echo_text(reparse_text(doc))


@cli.command()
@click.option("--checkpoint", "checkpoint", is_flag=False, flag_value="", default=None, metavar="[HASH]",
              help="Alone: print the head hash to keep elsewhere. With a HASH kept earlier: also prove "
                   "the history up to it was not rewritten or truncated.")
@click.option("--deep", is_flag=True, help="Also recompute every edition's changes with the diff engine "
                                           "and compare them with the logged ones (slower).")
@click.option("--repair", is_flag=True, help="First rebuild the derived indexes (history, timeline, identity "
                                             "matching) from the stored snapshots; the record itself is never changed.")
@format_option()
@click.pass_context
def verify(ctx: click.Context, checkpoint: str | None, deep: bool, repair: bool, fmt: str) -> None:
    """Re-hash every edition, check the chains, replay the log and check the projections.

    Exits 0 when everything holds, 1 naming the first bad edition otherwise.
    """
    from tracker.audit import rebuild_projections, verify as verify_store
    from tracker.present.outcomes import verify_text

    if checkpoint and not re.fullmatch(r"[0-9a-f]{64}", checkpoint.strip().lower()):
        raise click.BadParameter("a checkpoint is the 64 hex digits `tracker verify --checkpoint` "
                                 f"printed, not {checkpoint!r}", param_hint="--checkpoint")
    checkpoint = checkpoint.strip().lower() if checkpoint else checkpoint

    store = open_db(ctx)
    if repair:
        rows = rebuild_projections(store)
        click.echo(f"rebuilt derived indexes: {rows} rows", err=True)
    report = verify_store(store, checkpoint or None, deep=deep)
    if fmt == "json":
        emit_json(report.to_dict())
    else:
        echo_text(verify_text(report))
        if checkpoint == "" and report.ok:
            click.echo(f"checkpoint: {report.head}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@brief_option(help="Export only this brief; default: every brief.")
@click.option("--format", "fmt", type=click.Choice(["json", "ndjson", "csv"]), default="json", show_default=True,
              help="json: one document; ndjson: one object per line; csv: one row per line, a list "
                   "cell as 'a; b' (json and ndjson keep lists exact).")
@click.option("--table", type=click.Choice(["events", "counts", "paragraphs", "changes"]), default=None,
              help="Export one table, one row per item per edition: events (event date and its "
                   "precision, location, actors, nations, notes, source, first and last reported), "
                   "counts, paragraphs, or changes (each edition's changes, as `log` gives them). "
                   "Default: json and ndjson every fact of every edition, csv the events table.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@retracted_option
@click.pass_context
def export(ctx: click.Context, brief: str | None, fmt: str, table: str | None, output: Path | None,
           force: bool, include_retracted: bool) -> None:
    """Export every edition's facts with their three times, for spreadsheets and other tools."""
    from tracker.app import export as exporting

    store = open_db(ctx)
    briefs = [store.resolve_brief(brief)] if brief or len(store.briefs()) == 1 else store.briefs()
    exporting.export(store, briefs, fmt, output, force=force, table=table, include_retracted=include_retracted)
    if output:
        click.echo(f"wrote {output}", err=True)


@cli.command()
@brief_option
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the page to this file; default <brief>-report.html in the current folder.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@format_option()
@click.pass_context
def report(ctx: click.Context, brief: str | None, output: Path | None, force: bool, fmt: str) -> None:
    """Write one self-contained HTML page on how the brief evolved.

    The page holds a timeline of every base (event date, status, the edition that first
    reported it, revisions, retractions), the headline counts over as-of dates beside the items
    each edition listed, a card of changes per edition (newest first) and each base's history.
    It has no scripts and loads nothing from the network: open it from the file, print it, mail
    it. `-o -` writes it to standard output.
    """
    from tracker.app.output import check_target
    from tracker.app.report import report_data, write_report
    from tracker.app.views import paused_gc
    from tracker.present.report import report_html

    store = open_db(ctx)
    slug = store.resolve_brief(brief)
    target = output or Path(f"{slug}-report.html")
    to_stdout = str(target) == "-"
    if not to_stdout:
        check_target(target, force)
    with paused_gc():
        data = report_data(store, slug)
        html = report_html(data, version=_version())
    if to_stdout:
        click.echo(html, nl=False)
        return
    write_report(target, html)
    summary = {"brief": slug, "output": str(target), "bytes": len(html.encode("utf-8")),
               "editions": len(data["editions"]), "bases": len(data["timeline"]),
               "marks": sum(len(r["marks"]) for r in data["timeline"])}
    if fmt == "json":
        emit_json(summary)
    else:
        n, bases = summary["editions"], summary["bases"]
        click.echo(f"wrote {target}: {n} edition{'' if n == 1 else 's'}, {bases} base{'' if bases == 1 else 's'}, "
                   f"{summary['bytes']:,} bytes", err=True)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tracker")
    except PackageNotFoundError:
        return ""


@cli.group(cls=TrackerGroup)
def brief() -> None:
    """Create, list and show briefs with their mode.

    A brief is restating (each edition restates the whole brief: what it leaves out is
    retracted; the default) or cumulative (a stream of reports, each telling what is new:
    facts accumulate with the reports behind them, and only an explicit retraction removes
    one). The mode is recorded in the audited log; a change of mode applies from the next
    edition.
    """


@brief.command("create")
@click.argument("slug")
@click.option("--mode", type=click.Choice(["restating", "cumulative"]), default="restating",
              show_default=True, help="How the brief's editions are read.")
@format_option()
@click.pass_context
def brief_create(ctx: click.Context, slug: str, mode: str, fmt: str) -> None:
    """Record a new brief SLUG in MODE, before its first edition."""
    from tracker.app import briefs

    info = briefs.create(open_db(ctx, create=True), slug, mode)
    if fmt == "json":
        emit_json(info)
    else:
        click.echo(f"brief {info['brief']} created ({info['mode']})")


@brief.command("list")
@format_option()
@click.pass_context
def brief_list(ctx: click.Context, fmt: str) -> None:
    """List the briefs with their mode and number of editions."""
    from tracker.app import briefs
    from tracker.present.outcomes import briefs_text

    rows = briefs.listing(open_db(ctx))
    if fmt == "json":
        emit_json(rows)
    else:
        echo_text(briefs_text(rows))


@brief.command("show")
@click.argument("slug", required=False)
@brief_option(help="The brief (as SLUG); may be left out when the database holds only one.")
@format_option()
@click.pass_context
def brief_show(ctx: click.Context, slug: str | None, brief: str | None, fmt: str) -> None:
    """Show one brief SLUG (or --brief SLUG): its mode, the record of its modes, its editions."""
    from tracker.app import briefs
    from tracker.present.outcomes import brief_text

    if slug and brief and slug != brief:
        raise click.UsageError(f"give the brief once: SLUG {slug!r} or --brief {brief!r}")
    slug = slug or brief
    store = open_db(ctx)
    doc = briefs.describe(store, store.resolve_brief(slug))
    if fmt == "json":
        emit_json(doc)
    else:
        echo_text(brief_text(doc))


@brief.command("set-mode")
@click.argument("slug")
@click.argument("mode", type=click.Choice(["restating", "cumulative"]))
@click.option("--reason", metavar="TEXT", help="Why the mode changes (kept in the log).")
@format_option()
@click.pass_context
def brief_set_mode(ctx: click.Context, slug: str, mode: str, reason: str | None, fmt: str) -> None:
    """Change a brief's mode from its next edition on (an audited record)."""
    from tracker.app import briefs

    info = briefs.set_mode(open_db(ctx), slug, mode, reason)
    if fmt == "json":
        emit_json(info)
    else:
        click.echo(f"brief {info['brief']} is {info['mode']} from edition {info['from_edition']}")


def main() -> None:
    cli(prog_name="tracker")


if __name__ == "__main__":
    main()
