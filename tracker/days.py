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


def check_day(value: str, what: str) -> str:
    """An ISO date given by the user (an option), or a clear error naming the option."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"{what}: {value!r} is not a date in the form YYYY-MM-DD") from None
