"""Commands that take the record out of the database: `export` (every edition's facts as
JSON, NDJSON or CSV, for other tools) and `report` (one self-contained HTML page, for people).

It must not build rows or HTML itself: tracker.app.export, tracker.app.report and
tracker.present.report do; a command here picks the brief and the target and prints a summary.
"""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.shared import brief_option, emit_json, format_option, open_db, retracted_option


@click.command()
@brief_option(help="Export only this brief; default: every brief.")
@click.option("--format", "fmt", type=click.Choice(["json", "ndjson", "csv"]), default="json", show_default=True,
              help="json: one document; ndjson: one object per line; csv: one row per line, a list "
                   "cell as 'a; b' (json and ndjson keep lists exact).")
@click.option("--table", type=click.Choice(["events", "counts", "paragraphs", "changes", "corrections"]), default=None,
              help="Export one table, one row per item per edition: events (event date and its "
                   "precision, location, actors, nations, notes, source, first and last reported), "
                   "counts, paragraphs, changes (each edition's changes, as `log` gives them), or "
                   "corrections (an analyst's corrections of one fact, each with its status). "
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


@click.command()
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
    """The installed version, for the page's footer; empty when the package has no metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tracker")
    except PackageNotFoundError:
        return ""
