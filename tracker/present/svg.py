"""The report's charts as inline SVG, drawn here: a timeline of bases and step charts of counts.

No charting library: the shapes are few (lines, circles, squares, diamonds, crosses), and plain
string building keeps the page self-contained, script-free and fast (thousands of marks in a
few milliseconds). Every text that comes from an edition goes through `escape`; tooltips are SVG
`<title>` elements, which browsers show on hover and screen readers read. Colour is never the
only signal: each status and each kind of mark has its own shape too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from tracker.present.text import action_state, event_date, written_date

WIDTH = 960
LABEL_WIDTH = 230  # the timeline's column of names, beside its chart (HTML: it stays in view)
CHART_WIDTH = WIDTH - LABEL_WIDTH
ROW_HEIGHT = 22
AXIS_HEIGHT = 34
RIGHT_PAD = 24
CHART_HEIGHT = 230
MAX_VALUE_LABELS = 60
MIN_MARK_GAP = 3.0  # pixels between two count marks

# status -> (shape, legend text); the colours live in the page's CSS (classes st-*)
STATUS_SHAPES = {"completed": "circle", "started": "triangle", "planned": "ring"}
MARK_TEXT = {"event": "event date", "reported": "first reported", "revised": "revised",
             "retracted": "retracted"}


# --- dates on an axis -------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def day_number(value: str | None) -> int | None:
    """An ISO day (or a partial "2020-03" / "2020": its first day) as a day ordinal; None if
    none. Remembered: a report places the same few thousand days tens of thousands of times."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


class Axis:
    """Day ordinals -> x pixels over [left, right], padded so that marks at the ends show whole."""

    def __init__(self, days: Iterable[int], left: float, right: float) -> None:
        days = list(days) or [dt.date.today().toordinal()]
        low, high = min(days), max(days)
        pad = max(1, (high - low) // 40)
        self.low, self.high = low - pad, high + pad
        self.left, self.right = left, right

    def x(self, day: int) -> float:
        return self.left + (day - self.low) * (self.right - self.left) / (self.high - self.low)

    def ticks(self, most: int = 9) -> list[tuple[int, str]]:
        """Round dates across the span: days, weeks, months or years, at most `most` of them."""
        span = self.high - self.low
        low, high = dt.date.fromordinal(self.low), dt.date.fromordinal(self.high)
        if span <= 70:
            step = next(s for s in (1, 2, 7, 14, 28) if span / s <= most)
            days = range(self.low + (-self.low) % step, self.high + 1, step)
            return [(d, dt.date.fromordinal(d).strftime("%-d %b")) for d in days]
        months_span = (high.year - low.year) * 12 + high.month - low.month
        step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months_span / s <= most), 240)
        out = []
        year, month = low.year, low.month + 1
        while True:
            if month > 12:
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = dt.date(year, month, 1)
            if day > high:
                break
            index = year * 12 + month - 1
            if index % step == 0:
                label = str(year) if step >= 12 else day.strftime("%b %Y")
                out.append((day.toordinal(), label))
            month += 1
        return out


TICK_CHAR_WIDTH = 6.5  # an 11px tick label's widest characters, in chart units


def _axis_lines(axis: Axis, top: float, bottom: float, label_y: float, width: float) -> list[str]:
    """Grid lines at the axis's ticks, each labelled under its line; a label that would run
    past the chart's left or right edge (a tick near the first or last date) is set against
    that edge instead of centred, so it is never cut ('Jul 2021', not 'l 2021')."""
    out = []
    for day, label in axis.ticks():
        x = axis.x(day)
        half = len(label) * TICK_CHAR_WIDTH / 2
        anchor, at = ("start", max(x, 1.0)) if x - half < 0 else \
            ("end", min(x, width - 1)) if x + half > width else ("middle", x)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}"/>'
                   f'<text class="tick" x="{at:.1f}" y="{label_y:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    return out


# --- shapes -------------------------------------------------------------------------------------

def shape(kind: str, x: float, y: float, size: float = 6) -> str:
    """One mark's shape centred on (x, y): circle, ring, triangle, square, diamond, cross, tick."""
    s = size
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}"/>'
    if kind == "ring":
        return f'<circle class="hollow" cx="{x:.1f}" cy="{y:.1f}" r="{s - 1:.1f}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - s:.1f}L{x + s:.1f} {y + s * .8:.1f}L{x - s:.1f} {y + s * .8:.1f}Z"/>'
    if kind == "square":
        return f'<rect x="{x - s * .8:.1f}" y="{y - s * .8:.1f}" width="{s * 1.6:.1f}" height="{s * 1.6:.1f}"/>'
    if kind == "diamond":
        return f'<path class="hollow" d="M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} {y + s:.1f}L{x - s:.1f} {y:.1f}Z"/>'
    if kind == "cross":
        return (f'<path class="cross" d="M{x - s:.1f} {y - s:.1f}L{x + s:.1f} {y + s:.1f}'
                f'M{x + s:.1f} {y - s:.1f}L{x - s:.1f} {y + s:.1f}"/>')
    if kind == "tick":
        return f'<rect x="{x - 1.5:.1f}" y="{y - s - 1:.1f}" width="3" height="{2 * s + 2:.1f}"/>'
    return f'<rect class="hollow" x="{x - s * .7:.1f}" y="{y - s * .7:.1f}" width="{s * 1.4:.1f}" height="{s * 1.4:.1f}"/>'


def mark_shape(mark: dict[str, Any]) -> str:
    """The shape name of a timeline mark: by status for the event itself, by kind otherwise."""
    if mark["kind"] == "event":
        return STATUS_SHAPES.get(mark.get("status") or "", "square")
    return {"reported": "tick", "revised": "diamond", "retracted": "cross"}[mark["kind"]]


def legend_icon(kind: str, css: str) -> Markup:
    """A small standalone SVG of one shape, for the legend beside its text."""
    return Markup(f'<svg class="icon {css}" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
                  f'{shape(kind, 9, 9, 6)}</svg>')


def undated_icon(status: str | None) -> Markup:
    """The legend's sign of an event whose date no edition states, as the chart draws it: the
    shape and colour of its status (`mark_shape`), flagged "?"."""
    kind = mark_shape({"kind": "event", "status": status})
    return Markup(f'<svg class="icon st-{status or "unknown"}" width="26" height="18" viewBox="0 0 26 18" '
                  f'aria-hidden="true">{shape(kind, 8, 9, 6)}<text class="undated-flag" x="16" y="13">?</text></svg>')


# --- the timeline -------------------------------------------------------------------------------

def timeline_chart(rows: list[dict[str, Any]], title: str) -> Markup:
    """The timeline: its names, one a row, as an HTML list beside the chart (`timeline_svg`),
    so that the page keeps them in view (sticky) while the chart scrolls sideways on a narrow
    screen. Each name links to its base's history; the full name and date are its tooltip.
    The sizes the page's CSS needs to keep names and rows aligned (on paper too, where both
    scale) are given on the wrapper, in chart units."""
    items = "".join(f'<li><a href="#base-{escape(row["key"])}" title="{escape(_label_title(row))}">'
                    f'{escape(row.get("name") or row["key"])}</a></li>' for row in rows)
    sizes = f"--row:{ROW_HEIGHT};--axis:{AXIS_HEIGHT};--labels:{LABEL_WIDTH};--width:{WIDTH}"
    return Markup(f'<div class="tl-grid" style="{sizes}"><ol class="tl-labels">{items}</ol>'
                  f'{timeline_svg(rows, title)}</div>')


def _label_title(row: dict[str, Any]) -> str:
    when = event_date(row) if row.get("date") else "date not stated"
    return f"{row.get('name') or row['key']}: {when}"


def timeline_svg(rows: list[dict[str, Any]], title: str) -> Markup:
    """One row per base (its name is `timeline_labels`'): its event date (shape and colour
    by status; an event whose date no edition states, at its first report, flagged "?"), the
    edition that first reported it, revisions and the retraction, each mark linking to its
    edition's card."""
    days = [d for row in rows for m in row["marks"] if (d := day_number(m["date"])) is not None]
    axis = Axis(days, 10, CHART_WIDTH - RIGHT_PAD)
    height = AXIS_HEIGHT + ROW_HEIGHT * max(1, len(rows)) + 8
    bottom = height - 4
    out = [f'<svg class="chart timeline" role="img" aria-labelledby="tl-title tl-desc" '
           f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg">',
           f'<title id="tl-title">{escape(title)}</title>',
           f'<desc id="tl-desc">{len(rows)} bases, one row each, by event date. {_mark_summary(rows)}</desc>']
    out += _axis_lines(axis, AXIS_HEIGHT - 6, bottom, AXIS_HEIGHT - 12, CHART_WIDTH)
    for i, row in enumerate(rows):
        out.append(_timeline_row(row, AXIS_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2, axis))
    out.append("</svg>")
    return Markup("".join(out))


def _mark_summary(rows: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        for mark in row["marks"]:
            counts[mark["kind"]] = counts.get(mark["kind"], 0) + 1
    return "; ".join(f"{n} {MARK_TEXT[k]} marks" for k, n in counts.items()) + "."


def _timeline_row(row: dict[str, Any], y: float, axis: Axis) -> str:
    parts = [f'<g class="tl-row" data-key="{escape(row["key"])}">',
             f'<line class="row-rule" x1="0" y1="{y + ROW_HEIGHT / 2:.1f}" x2="{CHART_WIDTH}" y2="{y + ROW_HEIGHT / 2:.1f}"/>']
    event = next((m for m in row["marks"] if m["kind"] == "event"), None)
    reported = next((m for m in row["marks"] if m["kind"] == "reported"), None)
    if event and reported and not event.get("undated"):
        x1, x2 = axis.x(day_number(event["date"]) or 0), axis.x(day_number(reported["date"]) or 0)
        parts.append(f'<line class="lag" x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}"/>')
    for mark in sorted(row["marks"], key=lambda m: m["kind"] == "event"):  # the event on top
        day = day_number(mark["date"])
        if day is None:
            continue
        css = f"mark mark-{mark['kind']}" + (f" st-{mark.get('status') or 'unknown'}" if mark["kind"] == "event" else "")
        undated = mark.get("undated")
        flag = (f'<text class="undated-flag" x="{axis.x(day) + 9:.1f}" y="{y + 4:.1f}">?</text>'
                if undated else "")
        parts.append(f'<a href="#edition-{mark["edition"]}"><g class="{css}{" undated" if undated else ""}">'
                     f'<title>{escape(mark_title(row, mark))}</title>{shape(mark_shape(mark), axis.x(day), y)}'
                     f'{flag}</g></a>')
    parts.append("</g>")
    return "".join(parts)


def mark_title(row: dict[str, Any], mark: dict[str, Any]) -> str:
    """A mark's tooltip: what it marks, when, in which edition, and the sentence behind it."""
    name = row.get("name") or row["key"]
    kind = mark["kind"]
    if kind == "event" and mark.get("undated"):  # drawn at its first report
        state = action_state(row.get("action"), mark.get("status")) or "event"
        head = (f"{name}: {state}, date not stated (shown at its first report, edition "
                f"{mark['edition']}, as of {written_date(mark['date'])})")
    elif kind == "event":
        state = action_state(row.get("action"), mark.get("status")) or "event"
        when = written_date(mark["date"], row.get("date_precision"))
        head = f"{name}: {state} {'in' if row.get('date_precision') else 'on'} {when}"
    elif kind == "reported":
        head = f"{name}: first reported in edition {mark['edition']} (as of {written_date(mark['date'])})"
    elif kind == "revised":
        fields = ", ".join(f"{c['field']} {_short(c['before'])} \u2192 {_short(c['after'])}" for c in mark.get("changes", ()))
        head = f"{name}: revised in edition {mark['edition']} (as of {written_date(mark['date'])}): {fields}"
    elif row.get("rejected"):
        head = f"{name}: rejected by the analyst in edition {mark['edition']}; the parser read"
    else:
        head = f"{name}: retracted in edition {mark['edition']} (as of {written_date(mark['date'])}); last said"
    if kind == "event" and row.get("corrections"):  # an analyst's reading: who and why
        head += "".join(f"\ncorrected by {n.get('by')}: {n.get('reason')}" for n in row["corrections"])
    elif kind == "revised" and any(c.get("kind") == "corrected" for c in mark.get("changes", ())):
        head += " (corrected by the analyst)"
    return f"{head}\n\u201c{mark['text']}\u201d" if mark.get("text") else head


def _short(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "none"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "\u2026"


# --- counts over as-of dates ---------------------------------------------------------------------

def count_svg(series: dict[str, Any], all_as_of: list[str], chart_id: str) -> Markup:
    """A step chart of one count over the as-of dates of the editions stating it, beside the
    number of items each edition listed; a point that disagrees carries a "!" and says so."""
    points = series["points"]
    top, bottom, left, right = 26, CHART_HEIGHT - 34, 56, WIDTH - RIGHT_PAD
    axis = Axis([d for a in all_as_of if (d := day_number(a)) is not None], left, right)
    values = [p["value"] for p in points if isinstance(p["value"], (int, float))]
    listed = [p["listed"] for p in points]
    high = max(values + listed + [1])
    y = lambda v: bottom - (bottom - top) * v / high  # noqa: E731
    subject = series["subject"]
    out = [f'<svg class="chart counts" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'viewBox="0 0 {WIDTH} {CHART_HEIGHT}" width="{WIDTH}" height="{CHART_HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-title">{escape(subject)} over as-of dates</title>',
           f'<desc id="{chart_id}-desc">{escape(_steps_text(points, subject))}</desc>']
    out += _axis_lines(axis, top, bottom, CHART_HEIGHT - 12, WIDTH)
    for v in _value_ticks(high):
        out.append(f'<line class="grid" x1="{left}" y1="{y(v):.1f}" x2="{right}" y2="{y(v):.1f}"/>'
                   f'<text class="tick" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    xs = [axis.x(day_number(p["as_of"]) or axis.low) for p in points]
    out.append(_step_path("step-listed", xs, [y(p["listed"]) for p in points], right))
    out.append(_step_path("step-count", xs, [y(p["value"] or 0) for p in points], right))
    labelled = 0
    previous = None
    corners = set(id(p) for p in corner_points(points))
    marked = sum(1 for p in points if p["disagrees"]) <= MAX_VALUE_LABELS  # else a wall of "!": the red marks and the list say it
    last_x = None
    for i, (x, p) in enumerate(zip(xs, points)):
        if id(p) not in corners:
            continue
        if last_x is not None and x - last_x < MIN_MARK_GAP and i != len(points) - 1:
            continue  # thousands of editions: one mark per few pixels, the steps carry the rest
        last_x = x
        tip = escape(point_title(p, subject))
        out.append(f'<g class="listed-point"><title>{tip}</title>{shape("square", x, y(p["listed"]), 4)}</g>')
        flag = " disagrees" if p["disagrees"] else " reconfirmed" if p.get("reconfirmed") else ""
        form = "ring" if p.get("reconfirmed") and not p["disagrees"] else "circle"
        out.append(f'<a href="#edition-{p["edition"]}"><g class="count-point{flag}"><title>{tip}</title>'
                   f'{shape(form, x, y(p["value"] or 0), 5)}</g></a>')
        if p["disagrees"] and marked:
            out.append(f'<text class="flag" x="{x:.1f}" y="{y(p["value"] or 0) - 10:.1f}" text-anchor="middle">!</text>')
        elif p["value"] != previous and labelled < MAX_VALUE_LABELS:
            out.append(f'<text class="value" x="{x + 7:.1f}" y="{y(p["value"] or 0) - 8:.1f}">{p["value"]}</text>')
            labelled += 1
        previous = p["value"]
    out.append("</svg>")
    return Markup("".join(out))


def corner_points(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points drawn as marks: the first and last, each where the count or the items listed
    step, each that disagrees and each that reconfirms the figure as of a later day (a ring
    on the same step); the step lines carry the editions in between (so ten thousand
    editions with a few dozen steps draw a few dozen marks, not twenty thousand)."""
    out = []
    for i, p in enumerate(points):
        before = points[i - 1] if i else None
        if (before is None or i == len(points) - 1 or p["disagrees"] or p.get("reconfirmed")
                or p["value"] != before["value"] or p["listed"] != before["listed"]):
            out.append(p)
    return out


def point_title(p: dict[str, Any], subject: str) -> str:
    """A count point's tooltip: the figure, the items listed, any disagreement, the sentence."""
    stated = f" (stated as of {written_date(p['stated_as_of'])})" if p.get("stated_as_of") else ""
    head = (f"Edition {p['edition']}, as of {written_date(p['as_of'])}: {p['value']} {subject}{stated}; "
            f"{p['listed']} items {p.get('basis', 'listed')}, {p['completed']} completed")
    if p.get("reconfirmed"):
        head += ". The same figure as the edition before, reconfirmed as of a later day"
    if p["disagrees"]:
        head += ". The count disagrees with the list"
    return f"{head}\n\u201c{p['text']}\u201d" if p.get("text") else head


def _steps_text(points: list[dict[str, Any]], subject: str) -> str:
    steps = []
    for p in points:
        if not steps or steps[-1] != p["value"]:
            steps.append(p["value"])
    shown = " \u2192 ".join(str(v) for v in steps[:40]) + (" \u2026" if len(steps) > 40 else "")
    flagged = sum(1 for p in points if p["disagrees"])
    return (f"{subject}: {shown} over {len(points)} editions; {flagged} disagree with the items listed."
            if points else f"{subject}: no figures")


def _step_path(css: str, xs: list[float], ys: list[float], right: float) -> str:
    if not xs:
        return ""
    d = [f"M{xs[0]:.1f} {ys[0]:.1f}"]
    y = ys[0]
    for i in range(1, len(xs)):
        if round(ys[i], 1) != round(y, 1):  # a level stretch is one horizontal run
            d.append(f"H{xs[i]:.1f}V{ys[i]:.1f}")
            y = ys[i]
    d.append(f"H{right:.1f}")
    return f'<path class="{css}" d="{"".join(d)}"/>'


def _value_ticks(high: float) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6, 10**9)
                if high / s <= 6)
    return list(range(0, int(high) + 1, step))
