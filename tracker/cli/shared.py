"""What every command module of the command line shares: the group that turns every error
into one line, the global --db and --color, the --brief and --format options, opening the
database, printing, and shell completion of brief names and references.

It must not hold a command, nor import a command module or anything heavy at import time
(SQLAlchemy, the store, the parser): `tracker --help` imports it, and start-up time is
benchmarked. The store is imported inside the helpers that open it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from tracker.errors import TrackerError

FORMATS = ("text", "json")
INTERNAL_ERROR = 70
COLOR_CHOICES = ("auto", "always", "never")


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


HANDED_DOWN = ("brief", "fmt")  # --brief/-b and --format: the group's, when the command's are not given


def add_global_options(cmd: click.Command) -> click.Command:
    """Give a command the global --db and --color too, so they may come after its name
    (once: a command handed over twice keeps one copy); and let its --brief and --format (and
    those of a group's subcommands) take the value given before the command name."""
    hand_down(cmd)
    name_usage_errors(cmd)
    for sub in getattr(cmd, "commands", {}).values():  # `tracker fact list --db x` too
        add_global_options(sub)
    if not any(p.name == "db_after" for p in cmd.params):
        cmd.params.append(click.Option(
            ["--db", "db_after"], metavar="PATH_OR_URL", default=None, expose_value=False,
            callback=global_after, is_eager=True,
            help="The database, as the global --db (which may also come before the command)."))
        cmd.params.append(click.Option(
            ["--color", "color_after"], type=click.Choice(COLOR_CHOICES), default=None,
            expose_value=False, callback=global_after, is_eager=True,
            help="Colour, as the global --color."))
    return cmd


def hand_down(cmd: click.Command) -> None:
    """`tracker -b NAME log`: --brief and --format given before the command name reach the
    command when they were not given after it; the command's own option type checks the
    value (`tracker --format markdown show` names show's choices)."""
    for param in cmd.params:
        if param.name in HANDED_DOWN and not getattr(param.callback, "handed_down", False):
            param.callback = _from_group(param.callback)


def name_usage_errors(cmd: click.Command) -> None:
    """A usage error click raises without its context ("option '--as-of' requires an
    argument") is given the command's, so its line points to `tracker show --help`."""
    if not getattr(cmd.parse_args, "names_command", False):
        cmd.parse_args = _naming_command(cmd.parse_args)  # type: ignore[method-assign]


def _naming_command(parse_args: Callable) -> Callable:
    def parse(ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return parse_args(ctx, args)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise

    parse.names_command = True  # type: ignore[attr-defined]
    return parse


def _from_group(original: Callable | None) -> Callable:
    from click.core import ParameterSource

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        given = (ctx.find_root().obj or {}).get(f"group_{param.name}")
        if given is not None and ctx.get_parameter_source(param.name or "") in (ParameterSource.DEFAULT, None):
            value = param.type_cast_value(ctx, given)
        return original(ctx, param, value) if original is not None else value

    callback.handed_down = True  # type: ignore[attr-defined]
    return callback


def takes_option(cmd: click.Command | None, name: str) -> bool:
    """Whether `cmd`, or any subcommand of it, has the option `name` (a parameter name)."""
    if cmd is None:
        return False
    return (any(p.name == name for p in cmd.params)
            or any(takes_option(sub, name) for sub in getattr(cmd, "commands", {}).values()))


class TrackerGroup(click.Group):
    """Turns every exception into one line on stderr with a meaningful exit code, and gives
    every command the global --db too, so it may come after the command name."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(add_global_options(cmd), name)

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
            _fail(os_error_line(exc), 2)
        except Exception as exc:  # a bug: still one line, never a traceback
            if os.environ.get("TRACKER_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}", INTERNAL_ERROR)


def global_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """A global option given after the command name: it wins over the one before."""
    if param.name == "db_after" and value is not None:
        check_db(value, "--db")
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
    """The value as `json.dumps(indent=2, ensure_ascii=False, default=str)` prints it (the
    same text, built faster: `tracker.present.jsontext`)."""
    from tracker.present.jsontext import indented

    click.echo(indented(value))


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


def check_db(value: str, where: str) -> None:
    """An empty database name is refused, not taken for the default tracker.db."""
    if not value.strip():
        raise click.BadParameter("is empty; give an SQLite file path or a database URL", param_hint=where)


def open_db(ctx: click.Context, *, create: bool = False, create_database: bool = False) -> Any:
    """The store `--db` names, closed when the command ends (its connections closed there, not
    left to the collector at exit: closing SQLite's last one checkpoints and removes the
    write-ahead log); start-up is over once it is open (see `start_up`)."""
    from tracker.store.store import open_store

    check_db(ctx.obj["db"], "--db")
    store = open_store(ctx.obj["db"], create=create, create_database=create_database)
    ctx.call_on_close(store.close)
    started()
    return store


# The collector's thresholds to restore when start-up is over (see `start_up`).
_THRESHOLDS: list[tuple[int, int, int]] = []
START_UP_ALLOCATIONS = 200_000  # more than a command's start-up allocates (about 70,000)


@contextlib.contextmanager
def start_up() -> Iterator[None]:
    """Run the command with the cyclic garbage collector held back until `started()`: loading
    the modules (SQLAlchemy's with the store) allocates tens of thousands of long-lived objects,
    none of them garbage, and each of the collector's passes walked them all again, the last
    one at exit (together a tenth of a `tracker diff`). Held back, not off: past
    START_UP_ALLOCATIONS it still collects, so a command that never opens a store is bounded
    too, and gets the default back when it ends. A command that opens one gets it back then
    (its modules are loaded by then), with what start-up made moved out of the collector's
    sight for good (`gc.freeze`): later passes, the one at exit too, walk only what the
    command makes. What start-up made that needs closing is the store, which `open_db`
    closes when the command ends."""
    _THRESHOLDS.append(gc.get_threshold())
    gc.set_threshold(START_UP_ALLOCATIONS, *_THRESHOLDS[-1][1:])
    try:
        yield
    finally:
        while _THRESHOLDS:
            gc.set_threshold(*_THRESHOLDS.pop())


def started() -> None:
    """Start-up is over (the store is open): the collector's thresholds as they were before
    `start_up`, the objects start-up made left out of its passes from now on. Nothing outside
    `start_up` (the CLI run in process, as tests do)."""
    if not _THRESHOLDS:
        return
    gc.freeze()
    while _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop())
