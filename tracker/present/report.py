"""`tracker report` as one self-contained HTML page, from the plain data of `tracker.app.report`.

Jinja2 with autoescaping on for every value: a brief is untrusted text, and a name such as
`<script>` or a paragraph closing `</style>` must reach the reader as text. Only the SVG
charts (drawn and escaped in `tracker.present.svg`) and the word-level diffs (each word escaped
here) are marked safe. The page has no script at all, and its Content-Security-Policy forbids
any, so even a mistake in escaping could not run code; it fetches nothing (no fonts, images or
styles from elsewhere), so it opens from a file, offline, as it was written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from tracker.model import Change
from tracker.present import svg
from tracker.present.cumulative import GROUPS as FOLD_GROUPS
from tracker.present.cumulative import ref_text
from tracker.present.text import (
    analyst_marks,
    event_date,
    event_line,
    field_name,
    grouped,
    value_text,
    word_diff,
    written_date,
)

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")



@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment, built once: templates from the package, autoescape on always."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tracker.present", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["day"] = written_date
    env.filters["field"] = field_name
    env.filters["num"] = "{:,}".format
    return env


def report_html(data: dict[str, Any], *, version: str = "") -> str:
    """The whole page for the report data of one brief."""
    editions = data["editions"]
    all_as_of = [e["as_of"] for e in editions]
    context = {
        "brief": data["brief"], "version": version, "csp": CSP,
        "editions": editions,
        "first": editions[0] if editions else None, "last": editions[-1] if editions else None,
        "timeline": data["timeline"],
        "timeline_chart": svg.timeline_chart(data["timeline"], f"Timeline of {data['brief']}"),
        "mark_total": sum(len(r["marks"]) for r in data["timeline"]),
        "counts": [{**s, "svg": svg.count_svg(s, all_as_of, f"count-{i}"), "drawn": len(svg.corner_points(s["points"])),
                    "flagged": [p for p in s["points"] if p["disagrees"]]}
                   for i, s in enumerate(data["counts"])],
        "cards": [card(e) for e in data["cards"]],
        "cards_left_out": max(0, len(editions) - len(data["cards"])),
        "bases": [{**b, "tbody": history_rows(b)} for b in data["bases"]],
        "bases_folded": data.get("bases_folded", False),
        "corrections": [c for c in data.get("corrections", []) if not c.get("by_analyst")],
        "facts": [fact_row(f) for f in data.get("facts", ())],
        "legend": legend(data["timeline"]),
    }
    return environment().get_template("report.html.j2").render(context)


def fact_row(f: dict[str, Any]) -> dict[str, Any]:
    """An analyst's correction (`tracker.app.facts.list_corrections`) as the report lists it:
    what it does in words, and its status (superseded at which edition, revoked why)."""
    field = f.get("field")
    what = {"reject": f"rejected {f['entity']} {f['key']} ({value_text(None, f.get('before'))})",
            "add": f"added event {value_text(None, f.get('after'))}",
            }.get(f["op"], f"{f['entity']} {f['key']}: {field_name(field)} {value_text(field, f.get('before'))} "
                            f"\u2192 {value_text(field, f.get('after'))}")
    status = f["status"]
    if status == "superseded":
        status = f"superseded at edition {f.get('superseded_at')} (the source changed)"
    elif status == "revoked":
        status = f"revoked: {(f.get('revoked') or {}).get('reason')}"
    return {**f, "what": what, "status_text": status}


STATUSES = ("planned", "started", "completed", None)  # None: the edition states no status


def legend(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Shape, colour class and words for each kind of timeline mark; an event whose date no
    edition states is drawn in its status's shape and colour, flagged "?", and the legend
    shows it so, once for each status the chart flags."""
    items = [(svg.STATUS_SHAPES[s], f"st-{s}", f"event date, {s}") for s in ("planned", "started", "completed")]
    items += [("square", "st-unknown", "event date, status not stated"), ("tick", "mark-reported", "first reported"),
              ("diamond", "mark-revised", "revised"), ("cross", "mark-retracted", "retracted")]
    out = [{"icon": svg.legend_icon(shape, css), "text": text} for shape, css, text in items]
    flagged = {m.get("status") or None for row in timeline for m in row["marks"]
               if m["kind"] == "event" and m.get("undated")}
    return out + [{"icon": svg.undated_icon(s), "text": f"{s or 'status not stated'}, date not stated: "
                                                        "shown at the first report"}
                  for s in STATUSES if s in flagged]


# --- change cards -----------------------------------------------------------------------------

def card(edition: dict[str, Any]) -> dict[str, Any]:
    """One edition's card: its identity and its logged changes in the diff's groups; the
    changes of a cumulative brief's report in the groups of the cumulative diff (progress,
    disputes settled ...), whose kinds the restating groups do not know."""
    changes = [Change.from_dict(c) for c in edition.get("changes", ())]
    if edition.get("mode") == "cumulative":
        return {**edition, "groups": [{"name": name, "items": [_fold_item(c) for c in members]}
                                      for name, members in fold_groups(changes)]}
    why = analyst_marks(edition)
    return {**edition, "groups": [{"name": name, "items": [_marked(_item(name, c), c, why) for c in members]}
                                  for name, members in grouped(changes)]}


def _marked(item: dict[str, Any], c: Change, why: dict[tuple[str, str | None], str]) -> dict[str, Any]:
    """A card's row of a field an analyst corrected, with who corrected it and why."""
    if c.kind == "corrected" and item.get("shape") == "row" and (c.key, c.field) in why:
        return {**item, "field": f"{item['field']} {why[(c.key, c.field)]}"}
    return item


def fold_groups(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """Cumulative changes by kind, in the cumulative diff's groups and order."""
    out = [(title, [c for c in changes if c.kind == kind]) for kind, title in FOLD_GROUPS]
    return [(title, members) for title, members in out if members]


def _fold_item(c: Change) -> dict[str, Any]:
    """One cumulative change on a card: new facts and revisions as the restating card shows
    them; a settled dispute with the values that were claimed; a dispute with each value and
    the reports behind it; a retraction with who took it back and in which words."""
    label = c.label or c.key
    if c.kind == "added" and c.entity == "event":
        return _item("New events", c)
    if c.kind == "settled":
        claimed = " / ".join(value_text(c.field, v) for v in c.before or ())
        return {"shape": "row", "label": label, "field": f"{field_name(c.field)} settled",
                "before": claimed, "after": value_text(c.field, c.after)}
    if c.kind == "disputed":
        values = (c.after or {}).get("values", [])
        line = "; ".join(f"{value_text(c.field, v.get('value'))} per "
                         + ", ".join(ref_text(s) for s in v.get("sources", ())) for v in values)
        return {"shape": "note", "label": label, "line": f"{field_name(c.field)} disputed: {line}"}
    if c.kind == "retracted":
        before, after = c.before or {}, c.after or {}
        what = (f"{event_date(before)}: {event_line(before)}" if c.entity == "event"
                else f"{label}: {before.get('value')}")
        now = after.get("now")
        reason = f"taken back by {ref_text(after.get('by'))}" + (
            f"; now {event_line(now).split(' — ', 1)[-1]}" if now and c.entity == "event" else "")
        return {"shape": "removed", "line": what, "reason": reason, "text": after.get("text") or ""}
    return _item("Revised figures", c)  # progressed, changed, a new figure: a row


def _item(group: str, c: Change) -> dict[str, Any]:
    label = c.label or c.key
    if c.kind == "corrected" and c.field is None:  # a fact the analyst added or rejected
        fact = c.after if isinstance(c.after, dict) else c.before if isinstance(c.before, dict) else {}
        line = f"{event_date(fact)}: {event_line(fact)}" if c.entity == "event" else f"{label}: {fact.get('value')}"
        if isinstance(c.after, dict):
            return {"shape": "event", "date": "added by the analyst", "line": line, "text": fact.get("text") or ""}
        return {"shape": "removed", "line": line, "reason": "rejected by the analyst", "text": fact.get("text") or ""}
    if group == "New events":
        after = c.after or {}
        return {"shape": "event", "date": event_date(after), "line": event_line(after),
                "text": after.get("text") or ""}
    if group == "Removed":
        before = c.before or {}
        if c.entity == "event":
            what = f"{event_date(before)}: {event_line(before)}"
        elif c.entity == "count":
            what = f"{label}: {before.get('value')}"
        else:
            what = label
        reason = {"event": "retracted", "count": "figure dropped", "section": "paragraph removed"}[c.entity]
        return {"shape": "removed", "line": what, "reason": reason, "text": before.get("text") or ""}
    if group == "Rewritten paragraphs":
        if c.kind == "added":
            return {"shape": "paragraph", "label": label, "note": "new paragraph",
                    "text": (c.after or {}).get("text") or ""}
        if c.field == "title":
            return {"shape": "retitled", "label": label, "before": str(c.before), "after": str(c.after)}
        return {"shape": "rewritten", "label": label, "diff": html_word_diff(c.before, c.after)}
    if c.kind == "added":  # a new figure
        after = c.after or {}
        return {"shape": "row", "label": label, "field": "new figure", "before": "",
                "after": f"{after.get('value')}" + (f" (as of {written_date(after['as_of'])})" if after.get("as_of") else "")}
    if c.field in ("text", "notes"):
        return {"shape": "row", "label": label, "field": f"{field_name(c.field)} reworded",
                "before": "", "after": "", "diff": html_word_diff(value_text(None, c.before), value_text(None, c.after))}
    return {"shape": "row", "label": label, "field": field_name(c.field),
            "before": value_text(c.field, c.before), "after": value_text(c.field, c.after)}


def html_word_diff(before: Any, after: Any) -> Markup:
    """Word-level highlighting of a rewritten text: removed words struck through (<del>), new
    words underlined (<ins>), each word escaped; long unchanged runs elided."""
    return Markup(word_diff(str(before or ""), str(after or ""), plain=lambda w: str(escape(w)),
                            mark_del=lambda w: f"<del>{escape(w)}</del>",
                            mark_ins=lambda w: f"<ins>{escape(w)}</ins>"))


# --- history per base ------------------------------------------------------------------------------

HISTORY_COLUMNS = ("name", "date", "action", "status", "place", "nations", "personnel")
STATE_TEXT = {"added": "first listed", "changed": "revised", "refined": "date refined",
              "removed": "no longer listed",
              # a cumulative brief's (tracker.app.foldbases): told by a report, or taken back
              "reported": "first reported", "amended": "corrected by the report", "retracted": "retracted"}
ANALYST_STATE = {"removed": "rejected by the analyst"}


# a history cell's class: (the field changed in this row, the field is the date)
_CELL_CLASS = {(False, False): "", (True, False): "changed", (False, True): "nowrap", (True, True): "changed nowrap"}


def history_rows(base: dict[str, Any]) -> Markup:
    """The rows of one base's history table. Built here rather than in the template: thousands
    of bases times their versions times seven cells is where a template loop costs seconds;
    every value is escaped all the same."""
    out = []
    for r in base["rows"]:
        removed = r["state"] in ("removed", "retracted")
        state = ANALYST_STATE.get(r["state"], "") if r.get("rejected") else STATE_TEXT[r["state"]]
        if r.get("corrections"):
            state += '<br><span class="analyst-mark">corrected by the analyst</span>'
        cells = [f'<td class="nowrap"><a href="#edition-{int(r["edition"])}">#{int(r["edition"])}</a><br>'
                 f'{escape(r["as_of"])}</td><td class="state">{state}</td>']
        fields, changed = r["fields"], r["changed"]
        for field in HISTORY_COLUMNS:
            value = fields.get(field)
            shown = "" if value is None or value == "" or value == [] else escape(_cell(field, value))
            if removed and shown:
                shown = Markup(f'<span class="removed">{shown}</span>')
            css = _CELL_CLASS[field in changed, field == "date"]
            cells.append(f'<td class="{css}">{shown}</td>' if css else f"<td>{shown}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
        for note in ([r["rejected"]] if r.get("rejected") else r.get("corrections") or ()):
            out.append(f'<tr class="analyst-row"><td></td><td colspan="{len(HISTORY_COLUMNS) + 1}">'
                       f'{analyst_note(note)}</td></tr>')
        if r["text"]:  # the sentence on a row of its own, across the table: readable on a phone
            out.append(f'<tr class="sentence"><td></td><td colspan="{len(HISTORY_COLUMNS) + 1}">'
                       f'<q class="src">{escape(r["text"])}</q></td></tr>')
    return Markup("\n".join(out))


def analyst_note(note: dict[str, Any]) -> Markup:
    """An analyst's correction beside a history row: what it did, who, and why (escaped)."""
    op, field = note.get("op"), note.get("field")
    what = {"reject": "rejected", "add": "added by the analyst"}.get(
        op or "", f"{field_name(field)} {value_text(field, note.get('before'))} \u2192 "
                  f"{value_text(field, note.get('after'))}")
    return Markup(f'<span class="analyst-mark">Corrected by {escape(note.get("by"))} '
                  f'(#{int(note["id"])})</span>: {escape(what)} \u2014 '
                  f'<span class="reason">{escape(note.get("reason"))}</span>')


def _cell(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if field == "date":
        return written_date(value)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
