"""Commands that correct the record without rewriting it: `alias` (two names for one base),
`retract` (withdraw a mistaken edition) and `reparse` (read every edition again with the
current parser). Each correction is appended and audited; nothing stored is changed.

It must not decide what a correction means: tracker.app.names and tracker.app.corrections
do; a command here checks that its options go together, calls one function and prints.
"""

from __future__ import annotations

from typing import Any

import click

from tracker.cli.shared import brief_option, echo_text, emit_json, format_option, open_db


@click.command()
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


@click.command()
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


@click.command()
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
        echo_text(reparse_text(doc) + correction_lines(doc))


WHY = {"moot": "the parser now reads what it says", "superseded": "the source no longer says it so",
       "applied": "it applies again", None: "no longer weighed there"}


def correction_lines(doc: dict[str, Any]) -> str:
    """The analyst's corrections a reparse makes moot or supersedes (or applies again), one
    line each: "  #12 set event kiwanja status = started: applied -> moot at editions 1-3 (...)"."""
    from tracker.present.text import terminal_safe

    rows = doc.get("corrections") or []
    if not rows:
        return ""
    verb = "would change" if doc.get("dry_run") else "changed"
    lines = [f"the new readings {verb} {len({(r['brief'], r['id']) for r in rows})} of the analyst's corrections "
             "(tracker fact list):"]
    for r in rows:
        eds = r.get("editions") or [r["edition"]]
        where = f"edition {eds[0]}" if len(eds) == 1 else f"editions {spans(eds)}"
        lines.append(f"  {r['brief']} #{r['id']} {terminal_safe(r.get('label'))}: {r['was'] or 'not weighed'} -> "
                     f"{r['outcome'] or 'not weighed'} at {where} ({WHY.get(r['outcome'], '')})")
    return "\n".join(lines) + "\n"


def spans(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out: list[list[int]] = []
    for n in numbers:
        if out and out[-1][-1] + 1 == n:
            out[-1].append(n)
        else:
            out.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in out)
