"""`tracker edit REF`: correct an edition's facts in $VISUAL (else $EDITOR).

The edition's facts open as a form, each under the sentence it rests on; when the editor
closes, the changes are recorded as `tracker fact` corrections, all in one transaction.
A form left unchanged records nothing (and says so), as `git commit` and `kubectl edit` do;
an editor that fails records nothing; a form that cannot be recorded is one error line,
and the edited text is kept in a file the line names. The form itself is
`tracker.app.editing`; this module runs the editor and prints.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import click

from tracker.cli.shared import brief_option, complete_ref, emit_json, format_option, open_db
from tracker.errors import InputError, TrackerError


class EditorError(TrackerError):
    """No editor configured, or the editor failed: nothing recorded (exit 2, as any error)."""


def editor_command() -> str:
    """$VISUAL, else $EDITOR (as git reads them), else an error saying what to set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    raise TrackerError("no editor: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), or correct facts with "
                      "`tracker fact reject|set|add`")


def run_editor(command: str, path: Path) -> None:
    """Run `command FILE` through the shell (so an editor with its options, 'code --wait',
    works); EditorError when it cannot start or exits non-zero."""
    try:
        done = subprocess.run(["/bin/sh", "-c", f'{command} "$@"', command, str(path)], check=False)
    except OSError as exc:
        raise EditorError(f"cannot run the editor {command!r}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise EditorError(f"the editor {command!r} exited with status {done.returncode}: nothing recorded")


@click.command()
@click.argument("ref", required=False, metavar="[REF]", shell_complete=complete_ref)
@click.option("--reason", metavar="TEXT",
              help="Why (recorded with every correction of this edit); the form's 'reason:' line is "
                   "filled with it and may say otherwise.")
@click.option("--by", metavar="NAME", help="Who makes the corrections (recorded); default: the operating-system user.")
@brief_option
@format_option()
@click.pass_context
def edit(ctx: click.Context, ref: str | None, reason: str | None, by: str | None, brief: str | None,
         fmt: str) -> None:
    """Correct the facts of edition REF (default latest) in $VISUAL, else $EDITOR.

    The form shows each event and count under the sentence it rests on. Change a value to
    correct that field, delete a block to reject the fact, add an 'event: new' block with a
    'quote:' of the text to add an event the parser missed, and say why on the 'reason:' line.
    When the editor closes, the changes are recorded as `tracker fact` corrections, all in one
    transaction; an unchanged form (or an editor that fails) records nothing, and an emptied
    form aborts. A deleted field line sets it to none (date, place, nations, personnel). A form that
    cannot be recorded gives one error line naming the form's line, and the edited text is
    kept in a file the error names.

    \b
    Examples:
      tracker edit 3 --reason "checked against the ministry's list"
      EDITOR="code --wait" tracker edit latest --by ana
    """
    from tracker.app.editing import is_empty, open_form, save_form

    store = open_db(ctx)
    opened = open_form(store, store.resolve_brief(brief), ref, reason)  # a wrong REF is said first
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix=f"tracker-edit-{opened.brief}-{opened.number}-", suffix=".txt")
    path = Path(name)
    keep = False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(opened.text)
        run_editor(command, path)
        edited = path.read_text(encoding="utf-8", errors="replace")
        if is_empty(edited):  # emptied to abort, as a commit message is
            raise InputError("empty form, nothing recorded")
        try:
            result = save_form(store, opened, edited, reason=reason, by=by)
        except InputError as exc:
            keep = True
            raise InputError(f"{exc}; nothing recorded, your edit is kept in {path}") from None
    finally:
        if not keep:
            path.unlink(missing_ok=True)
    if fmt == "json":
        emit_json(result)
    elif not result["changed"]:
        click.echo(f"edit: edition {opened.number} unchanged, nothing recorded")
    else:
        from tracker.cli.facts import what_it_does
        from tracker.present.text import terminal_safe

        rows = result["corrections"]
        click.echo(f"edit: {len(rows)} correction{'s' if len(rows) != 1 else ''} of edition {opened.number} "
                   "recorded (see tracker fact list)")
        for row in rows:
            click.echo(f"  #{row['id']} {terminal_safe(what_it_does(row))}")

