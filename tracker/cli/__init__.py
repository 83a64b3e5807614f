"""The `tracker` command line: a thin shell over the library.

Each command parses its options, calls one library function and hands the result to a
renderer. Every user error surfaces as one line on stderr and a non-zero exit, never a
traceback (tracker.cli.shared).

This module holds the top-level group, `main` (the console script) and COMMANDS, the table
of every command: its name, the module that defines it, and its summary. `tracker --help`
lists the commands from the table, and running one imports only its module, so start-up
cost follows the chosen command. To add a command (or a group of subcommands), write a
module that defines a click command named as the command, and add one row to COMMANDS.

It must not define a command nor import a command module at import time, and must not
import anything heavy (SQLAlchemy, Alembic, deepdiff, the HTML parser): `tracker --help`
is benchmarked.
"""

from __future__ import annotations

import importlib
import os
from gettext import gettext

import click

from tracker.cli.shared import (
    COLOR_CHOICES, TrackerGroup, add_global_options, check_db, complete_brief, start_up, takes_option,
)

# (command name, module defining a click command of that name, summary: the first sentence
# of the command's help, which `tracker --help` shortens to fit as click would)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("init", "tracker.cli.record", "Create the database, or upgrade it to the newest schema."),
    ("ingest", "tracker.cli.record",
     "Store each file, web page or standard input as a new edition and report what changed."),
    ("watch", "tracker.cli.watch",
     "Poll web pages (and files) and store an edition whenever their facts change."),
    ("parse", "tracker.cli.record",
     "Print the snapshot of one file (or of standard input, -) without storing anything."),
    ("log", "tracker.cli.views",
     "List editions in as-of order, each with a one-line summary of its changes, then the corrections "
     "recorded (editions read again or retracted, aliases revoked) with their reasons."),
    ("diff", "tracker.cli.views", "Show what changed from one edition to another."),
    ("show", "tracker.cli.views",
     "Show the snapshot in force at REF or on --as-of DATE (REF: a date, an edition number, a hash "
     "prefix, latest, or any of these with ~N for N editions before it; default latest)."),
    ("history", "tracker.cli.views",
     "Tell how one base's (or count's) entry evolved across editions, whatever its spelling."),
    ("timeline", "tracker.cli.views",
     "List events by event date, with the edition that first reported each and later revisions."),
    ("alias", "tracker.cli.corrections",
     "Record that NAME is the same base as CANONICAL (a name or key), --list aliases, or --revoke one."),
    ("retract", "tracker.cli.corrections", "Withdraw a mistaken edition from every view, recording why."),
    ("reparse", "tracker.cli.corrections",
     "Read every stored edition again with the current parser and append the new readings."),
    ("fact", "tracker.cli.facts",
     "Correct one fact the parser misread, with a reason; list and revoke corrections."),
    ("edit", "tracker.cli.edit",
     "Correct the facts of edition REF (default latest) in $VISUAL, else $EDITOR."),
    ("brief", "tracker.cli.briefs", "Create, list and show briefs with their mode."),
    ("verify", "tracker.cli.verify",
     "Re-hash every edition, check the chains, replay the log and check the projections."),
    ("export", "tracker.cli.outputs",
     "Export every edition's facts with their three times, for spreadsheets and other tools."),
    ("report", "tracker.cli.outputs", "Write one self-contained HTML page on how the brief evolved."),
)


class LazyGroup(TrackerGroup):
    """The top-level group: it knows its commands from COMMANDS and imports a command's module
    only when that command is looked up (to run it, show its help or complete its words)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, _module, _summary in COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module = next((module for name, module, _summary in COMMANDS if name == cmd_name), None)
            if module is None:
                return None
            command = getattr(importlib.import_module(module), cmd_name.replace("-", "_"))
            self.commands[cmd_name] = add_global_options(command)
        return self.commands[cmd_name]

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple:
        ctx.meta["tracker.command_args"] = list(args[1:])  # for warnings that depend on them
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section of `tracker --help`, from the summaries (no command imported),
        each shortened to the width left as click shortens a command's help."""
        limit = formatter.width - 6 - max(len(name) for name, _module, _summary in COMMANDS)
        summaries = {name: summary for name, _module, summary in COMMANDS}
        rows = [(name, click.Command(name, help=summaries[name]).get_short_help_str(limit))
                for name in self.list_commands(ctx)]
        with formatter.section(gettext("Commands")):  # as click titles it
            formatter.write_dl(rows)


@click.group(name="tracker", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", envvar="TRACKER_DB", default="tracker.db", show_default=True, metavar="PATH_OR_URL",
    help="SQLite file path, or an SQLAlchemy URL such as postgresql://user@host/db (env TRACKER_DB).",
)
@click.option(
    "--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
    help="Colour in diffs: auto is on a terminal unless NO_COLOR is set; always; never.",
)
@click.option("--brief", "-b", default=None, metavar="SLUG", shell_complete=complete_brief,
              help="Which brief, for the commands that take --brief (it may also follow the command name).")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="Output format, for the commands that take --format (text, json, …; see the command's --help).")
@click.version_option(package_name="tracker", message="tracker %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str, color: str, brief: str | None, fmt: str | None) -> None:
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

    The options --db, --color, --brief/-b and --format may come before or after the command
    name (`tracker -b iraq log` is `tracker log -b iraq`).

    \b
    Exit codes, every command:
      0  success (watch --once: nothing new)
      1  differences found: diff/ingest --exit-code, a new edition from
         watch --once, a failed verify
      2  bad input or usage, a source or database that cannot be used
      70 an internal error (a bug: please report it); 130 interrupted
    """
    from click.core import ParameterSource

    if ctx.get_parameter_source("db") == ParameterSource.DEFAULT and os.environ.get("TRACKER_DB") == "":
        check_db("", "TRACKER_DB")  # click takes an empty variable for an unset one
    check_db(db, "--db")
    ctx.ensure_object(dict)
    ctx.obj.setdefault("db", db)
    ctx.obj.setdefault("color", color)
    for name, value, option in (("brief", brief, "--brief"), ("fmt", fmt, "--format")):
        if value is not None:
            named, cmd = invoked_command(ctx)
            if not takes_option(cmd, name):
                raise click.UsageError(f"{named} takes no {option}")
            ctx.obj[f"group_{name}"] = value
    warn_unread_force_names(ctx)


def invoked_command(ctx: click.Context) -> tuple[str, click.Command | None]:
    """The command being run, with its name: in a group (`brief list`), the subcommand the
    arguments name, so that `tracker -b X brief list` is refused as `brief list` refuses -b,
    not let through because `brief show` takes it."""
    name = ctx.invoked_subcommand or ""
    cmd = ctx.command.get_command(ctx, name)
    if isinstance(cmd, click.Group):
        sub = next((a for a in ctx.meta.get("tracker.command_args", []) if not a.startswith("-")), None)
        found = cmd.get_command(ctx, sub) if sub else None
        if found is not None:
            return f"{name} {sub}", found
    return name, cmd


# commands that read editions with the parser (diff only with --no-index)
PARSING_COMMANDS = frozenset({"ingest", "watch", "parse", "reparse"})


def warn_unread_force_names(ctx: click.Context) -> None:
    """One warning line when TRACKER_FORCE_NAMES names a file the parser cannot read and the
    command parses: the parser goes on without those names (it must never fail on them), but
    the user who set the variable must not believe they were used."""
    path = os.environ.get("TRACKER_FORCE_NAMES")
    command, args = ctx.invoked_subcommand, ctx.meta.get("tracker.command_args", [])
    if not path or "--help" in args or "-h" in args:
        return
    if command not in PARSING_COMMANDS and not (command == "diff" and "--no-index" in args):
        return
    from tracker.vocabulary.forces import extra_file_problem

    problem = extra_file_problem(path)
    if problem:
        click.echo(f"warning: TRACKER_FORCE_NAMES={path}: {problem}; its force names are not used",
                   err=True)


def main() -> None:
    """The console script `tracker` (and `python -m tracker.cli`): always named tracker."""
    with start_up():
        cli(prog_name="tracker")
