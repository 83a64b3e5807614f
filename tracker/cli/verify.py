"""The `verify` command: prove that nothing in the record was altered (hashes, chains, the
log replayed, the projections), optionally against a checkpoint kept elsewhere.

It must not check anything itself: tracker.audit proves, tracker.present.outcomes tells the
result; the command only checks the form of --checkpoint and sets the exit code.
"""

from __future__ import annotations

import sys

import click

from tracker.cli.shared import echo_text, emit_json, format_option, open_db


@click.command()
@click.option("--checkpoint", "checkpoint", is_flag=False, flag_value="", default=None, metavar="[CHECKPOINT]",
              help="Alone: print the checkpoint of the head (HASH@SEQ.RECORD) to keep elsewhere. With a "
                   "checkpoint kept earlier (or its bare HASH): also prove the history up to it was not "
                   "rewritten or truncated, and say at which log event and edition it was found.")
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

    from tracker.audit.chain import Checkpoint

    if checkpoint:
        try:
            checkpoint = str(Checkpoint.parse(checkpoint))
        except ValueError:
            raise click.BadParameter("a checkpoint is what `tracker verify --checkpoint` printed "
                                     f"(HASH@SEQ.RECORD, or its 64 hex digit HASH), not {checkpoint!r}",
                                     param_hint="--checkpoint") from None

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
            click.echo(f"checkpoint: {report.head_checkpoint}")
    if not report.ok:
        sys.exit(1)
