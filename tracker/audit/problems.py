"""What `verify` found, as it finds it, and how it reads rows to find it.

`Problems` collects each problem once, attributed to an edition when it can be, and sorts
them for the report: problems of the whole record first, in the order they were found, then
each edition's, by brief and number (in the order found). Every verifier adds to it, so the
order in which `tracker.audit.verifier` runs them is part of the output.

`rows` is the one way the verifiers stream a table: plain tuples, no per-row objects.

Neither writes anything, and neither knows what a problem means.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from tracker.store.queries import STREAM


class Problems:
    """Problems, each attributed to an edition when it can be; `first` is the lowest one."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []
        self.bad: set[tuple[str, int]] = set()

    def add(self, message: str, brief: str | None = None, number: int | None = None) -> None:
        if brief is not None and number is not None:
            self.bad.add((brief, number))
            self.items.append(((1, brief, number), f"{brief} edition {number}: {message}"))
        else:
            self.items.append(((0, "", 0), message))

    def sorted(self) -> list[str]:
        return [m for _, m in sorted(self.items, key=lambda item: item[0])]

    def first(self) -> tuple[str, int] | None:
        return min(self.bad) if self.bad else None


def rows(conn: Connection, sql: str, **params: Any):  # noqa: ANN201
    """Plain tuples, streamed. SQLite: the driver's own cursor inside the same read
    transaction (no per-row SQLAlchemy objects: verify reads every row there is)."""
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.arraysize = 512
        return cursor.execute(sql, params)
    return (tuple(r) for r in conn.execute(text(sql), params, execution_options=STREAM))
