"""Dates less precise than a day ("late March 2020", "the third quarter", "last week"): what
period they name, whether one lies inside another, and how to write them back.

A date is kept as event datasets keep it (UCDP's date precision, ACLED's time precision): an
ISO day and a precision beside it. The day is the FIRST day of the period; the precision is
one of PRECISIONS, narrowest first. `None` (or "day") is a day. Periods start where the
calendar does: a week on Monday, part of a month on the 1st, 11th or 21st (early, mid, late),
a quarter, half-year or year on its first day.

`Dated` is that pair as one value: an ISO string that also knows its precision, so that it
can travel through code that compares and copies dates as strings, and an `Event` given one
takes its precision (see `tracker.model`).
"""

from __future__ import annotations

import calendar
import datetime as dt

PRECISIONS = ("day", "week", "part-month", "month", "quarter", "half-year", "year")
_WIDTH = {p: i for i, p in enumerate(PRECISIONS)}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_ORDINALS = ("first", "second", "third", "fourth")


class Dated(str):
    """An ISO day that opens a period, with the period's precision (`.precision`)."""

    precision: str

    def __new__(cls, iso: str, precision: str) -> Dated:
        value = super().__new__(cls, iso)
        value.precision = precision
        return value

    def __reduce__(self) -> tuple:
        return (Dated, (str(self), self.precision))

    def __repr__(self) -> str:
        return f"Dated({str(self)!r}, {self.precision!r})"


def precision_of(value: str | None) -> str | None:
    """The precision a date value carries (None for a day or no date)."""
    return getattr(value, "precision", None)


def period_start(year: int, month: int, day: int, precision: str) -> str:
    """The first day of the period of `precision` holding the given day."""
    start = dt.date(year, month, day)
    if precision == "week":
        start -= dt.timedelta(days=start.weekday())
    elif precision == "part-month":
        start = start.replace(day=1 if day <= 10 else 11 if day <= 20 else 21)
    elif precision == "month":
        start = start.replace(day=1)
    elif precision == "quarter":
        start = dt.date(year, (month - 1) // 3 * 3 + 1, 1)
    elif precision == "half-year":
        start = dt.date(year, 1 if month <= 6 else 7, 1)
    elif precision == "year":
        start = dt.date(year, 1, 1)
    return start.isoformat()


def span(iso: str, precision: str | None) -> tuple[str, str]:
    """The first and last day (ISO) of the period that opens on `iso`."""
    d = dt.date.fromisoformat(iso)
    if precision in (None, "day"):
        return iso, iso
    if precision == "week":
        return iso, (d + dt.timedelta(days=6)).isoformat()
    last_of_month = calendar.monthrange(d.year, d.month)[1]
    if precision == "part-month":
        end = d.day + 9 if d.day < 21 else last_of_month
        return iso, d.replace(day=min(end, last_of_month)).isoformat()
    months = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}.get(precision, 1)
    last_month = d.month + months - 1
    year, month = d.year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return iso, dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def narrows(before: str | None, before_precision: str | None, after: str | None,
            after_precision: str | None) -> bool:
    """Whether `after` makes `before` more precise: a narrower period (or a day) inside it
    ("March 2020" -> "17 March 2020", "2020" -> "late March 2020")."""
    if not before or not after or _WIDTH.get(after_precision or "day", 0) >= _WIDTH.get(
            before_precision or "day", 0):
        return False
    try:
        lo, hi = span(before, before_precision)
        a_lo, a_hi = span(after, after_precision)
    except ValueError:
        return False
    return lo <= a_lo and a_hi <= hi


def date_value(iso: str | None, precision: str | None) -> object:
    """A date as a change's `before` / `after` holds it: the ISO string for a day, else
    {"date": iso, "precision": p}, so that no reader takes a period's first day for a day."""
    if iso is None or precision in (None, "day"):
        return iso
    return {"date": iso, "precision": precision}


def date_text(iso: str | None, precision: str | None) -> str | None:
    """A date as a reader writes it: the ISO day for a day ("2020-03-17"), else the period in
    words ("late March 2020", "March 2020", "2020", "week of 6 April 2020", "first quarter
    of 2021", "second half of 2021"); never a period's first day alone."""
    if iso is None or precision in (None, "day"):
        return iso
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    month = _MONTH_NAMES[d.month - 1]
    if precision == "week":
        return f"week of {d.day} {month} {d.year}"
    if precision == "part-month":
        part = "early" if d.day < 11 else "mid" if d.day < 21 else "late"
        return f"{part} {month} {d.year}"
    if precision == "month":
        return f"{month} {d.year}"
    if precision == "quarter":
        return f"{_ORDINALS[(d.month - 1) // 3]} quarter of {d.year}"
    if precision == "half-year":
        return f"{'first' if d.month <= 6 else 'second'} half of {d.year}"
    return str(d.year)


def split_value(value: object) -> tuple[str | None, str | None]:
    """(ISO day, precision) of a date value (`date_value`'s forms)."""
    if isinstance(value, dict):
        return value.get("date"), value.get("precision")
    return (value if isinstance(value, str) else None), None
