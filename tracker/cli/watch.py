"""`tracker watch`: poll pages and files, and store an edition when their facts change.

It parses its options, installs the handlers that end the watch cleanly (Ctrl-C, SIGTERM: the
poll in hand finishes, nothing is cut in half) and prints each poll's outcome; the polling is
`tracker.app.watching`. Heavy modules are imported inside the command.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import click

from tracker.cli.shared import brief_option, format_option, open_db


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="URL|PATH...")
@brief_option(help="Which brief the sources are editions of; default: the only brief in the database "
                   "(a file: its folder's name, as `ingest` names it).")
@click.option("--every", "every", default="15m", show_default=True, metavar="DURATION",
              help="How often to poll each source: 30s, 15m, 1h, 1d (at least 1s). A source that "
                   "fails is polled less often each time in a row (twice the wait, up to 6 hours).")
@click.option("--once", is_flag=True,
              help="Poll each source once and exit (for cron and systemd timers): 0 nothing new, "
                   "1 a new edition stored, 2 a source failed.")
@click.option("--mode", type=click.Choice(["restating", "cumulative"]), default=None,
              help="A new brief's mode (as `ingest --mode`); an existing brief must already be in it.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="How long to wait for a web page to answer.")
@format_option()
@click.pass_context
def watch(ctx: click.Context, sources: tuple[str, ...], brief: str | None, every: str, once: bool,
          mode: str | None, timeout: float, fmt: str) -> None:
    """Poll web pages (and files) and store an edition whenever their facts change.

    Each poll asks the server whether the page changed since the last one (the ETag and
    Last-Modified it gave, kept in the database): an unchanged page answers 304 and costs
    neither a parse nor a write. A page with new bytes is stored as `ingest --skip-same-facts`
    stores it: only when the facts differ from the edition in force, so a moved clock or
    comment count stores nothing. Each new edition is one line; each error is one line on
    stderr, and the failing source is polled less often until it answers again.

    Without --once it polls until stopped: Ctrl-C or SIGTERM ends it after the poll in hand,
    with exit 0 (an edition is never half written). With --format json, one JSON object a
    line per poll.
    """
    from tracker.app.watching import check_sources, once_exit_code, parse_duration
    from tracker.app.watching import watch as watch_sources

    seconds = parse_duration(every)
    check_sources(sources)
    store = open_db(ctx, create=True)
    stop = threading.Event()
    if not once and fmt == "text":
        plural = "s" if len(sources) != 1 else ""
        click.echo(f"watching {len(sources)} source{plural} every {every}; Ctrl-C to stop", err=True)
    with stopping_on_signals(stop):
        polls = watch_sources(store, sources, every=seconds, brief=brief, mode=mode, timeout=timeout,
                              once=once, stop=stop, on_poll=lambda p, wait: report(p, wait, fmt))
    if once:
        sys.exit(once_exit_code(polls))


def report(poll: Any, wait: float | None, fmt: str) -> None:
    """A new edition: one line on stdout (with its warnings on stderr); an error: one line on
    stderr; nothing for a poll that found nothing new (JSON: every poll, one a line)."""
    from tracker.present.outcomes import outcome_line, warning_lines

    if fmt == "json":
        found = poll.to_dict()
        if wait is not None and poll.status == "error":
            found["retry_in"] = round(wait, 1)
        click.echo(json.dumps(found, ensure_ascii=False))
    elif poll.new_edition:
        click.echo(outcome_line(poll.outcome))
        for line in warning_lines([poll.outcome]):
            click.echo(line, err=True)
    if poll.status == "error":
        retry = f" (next try in {duration_text(wait)})" if wait is not None else ""
        click.echo(f"error: {poll.source}: {poll.error}{retry}", err=True)
    with contextlib.suppress(ValueError, OSError):
        sys.stdout.flush()  # each line as it happens, also into a pipe or the journal


def duration_text(seconds: float) -> str:
    """3600 -> '1h', 90 -> '1m30s', 2.5 -> '2.5s'."""
    if seconds < 60:
        return f"{seconds:.3g}s"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)


@contextlib.contextmanager
def stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT (Ctrl-C) and SIGTERM set `stop` instead of interrupting: the watch ends after
    the poll in hand. The previous handlers come back afterwards."""
    def handler(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread (an embedding program): it stops us itself
            pass
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
