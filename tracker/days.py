"""Calendar days as the command line and the record take them: ISO `YYYY-MM-DD` that exists.

One home for the check, so `--as-of`, `--since`, an as-of date found in a text and a date
read back from the store are all held to the same rule and refused with the same words.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.errors import InputError

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def valid_day(value: str | None) -> bool:
    """True for an ISO day that exists on the calendar ("2020-02-30" does not)."""
    if not ISO_DAY.fullmatch(value or ""):
        return False
    try:
        dt.date.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def day_problem(value: str) -> str | None:
    """Why `value` is no calendar day, in words a user can act on; None when it is one.

    A value in the right form that names no day ("2020-02-30") is told apart from one in
    the wrong form: the fix differs (check the calendar, not the format)."""
    if valid_day(value):
        return None
    if not ISO_DAY.fullmatch(value or ""):
        return "is not a date in the form YYYY-MM-DD"
    year, month, day = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12:
        return f"does not exist: there is no month {month:02d}"
    if year == 0:
        return "does not exist: there is no year 0"
    return f"does not exist: {MONTHS[month - 1]} {year} has no day {day}"


def check_day(value: str, what: str) -> str:
    """An ISO date given by the user (an option), or a clear error naming the option."""
    value = value.strip()
    problem = day_problem(value)
    if problem:
        raise InputError(f"{what}: {value!r} {problem}")
    return value
