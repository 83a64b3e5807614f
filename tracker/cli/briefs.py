"""The `brief` command group: create a brief, list the briefs, show one, change its mode.

It must not know how a brief's mode is recorded or applied: tracker.app.briefs does; the
subcommands only print what it returns. Its group gives every subcommand the global --db
and --color, as the top-level group does.
"""

from __future__ import annotations

import click

from tracker.cli.shared import TrackerGroup, brief_option, echo_text, emit_json, format_option, open_db


@click.group(cls=TrackerGroup)
def brief() -> None:
    """Create, list and show briefs with their mode.

    A brief is restating (each edition restates the whole brief: what it leaves out is
    retracted; the default) or cumulative (a stream of reports, each telling what is new:
    facts accumulate with the reports behind them, and only an explicit retraction removes
    one). The mode is recorded in the audited log; a change of mode applies from the next
    edition, or with `set-mode --from N` from a stored edition on.
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
@click.argument("mode", type=click.Choice(["restating", "cumulative"]), metavar="MODE")
@click.option("--reason", metavar="TEXT", help="Why the mode changes (kept in the log; needed with --from).")
@click.option("--from", "from_edition", type=click.IntRange(min=1), metavar="N",
              help="Re-interpret the stored editions from edition N on (default: from the next edition).")
@format_option()
@click.pass_context
def brief_set_mode(ctx: click.Context, slug: str, mode: str, reason: str | None,
                   from_edition: int | None, fmt: str) -> None:
    """Change a brief's mode from its next edition on, or with --from N from a stored edition
    on (an audited record, listed by `tracker log --corrections`).

    MODE is restating (each edition restates the whole brief: what it leaves out is
    retracted) or cumulative (a stream of reports, each telling what is new: silence
    retracts nothing).

    --from undoes a forgotten `--mode cumulative`: the editions stay as stored, the brief's
    folded states are rebuilt in MODE, and `show`, `diff`, `log` and `history` read them so.
    """
    from tracker.app import briefs

    info = briefs.set_mode(open_db(ctx), slug, mode, reason, from_edition)
    if fmt == "json":
        emit_json(info)
        return
    line = f"brief {info['brief']} is {info['mode']} from edition {info['from_edition']}"
    if info.get("stored") is not None:
        line += f" (editions {info['from_edition']}..{info['stored']} read again as {info['mode']})"
    click.echo(line)
