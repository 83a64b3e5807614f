"""Shared fixtures. Storage tests run once per engine: SQLite always, PostgreSQL when
TRACKER_TEST_PG_URL is set (each test in its own throw-away schema, so runs never collide)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

# The repository root, last: `benchmarks` (the stress harness, the editions generator) is
# imported from it, while an installed tracker still comes before its source tree.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.append(ROOT)

PG_ENV = "TRACKER_TEST_PG_URL"
ENGINES = ["sqlite", "postgresql"]


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_admin(url: str):  # noqa: ANN202
    from sqlalchemy import create_engine

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 5})
    return engine


def pg_schema_url(base: str, schema: str) -> str:
    """The base URL with every connection's search_path set to `schema`."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema, dropped afterwards."""
    base = pg_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    from sqlalchemy import text

    schema = f"tracker_test_{uuid.uuid4().hex[:16]}"
    admin = _pg_admin(base)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_schema_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    """Where a store lives: an SQLite path, or a PostgreSQL URL to a private schema.
    Nothing is created yet (tests of init/migrations start from here)."""
    if request.param == "sqlite":
        return str(tmp_path / "tracker.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str):  # noqa: ANN201
    """A store migrated to head, on each engine."""
    from tracker.store.store import open_store

    s = open_store(db_url, create=True)
    yield s
    s.close()


# --- a short skip summary ------------------------------------------------------------------------
# `-ra` would print one SKIPPED line per test location, over a hundred when PostgreSQL is not
# configured. Skips are told here once per reason, with a count; failures, errors and xfails keep
# their lines in -ra's summary.

@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and "s" in reporter.reportchars:
        reporter.reportchars = reporter.reportchars.replace("s", "")
        config._tracker_skip_summary = True  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if not getattr(config, "_tracker_skip_summary", False):
        return
    reasons: dict[str, list[str]] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons.setdefault(reason, []).append(report.nodeid.split("::")[0])
    if not reasons:
        return
    terminalreporter.write_sep("-", "skipped, by reason")
    for reason, files in sorted(reasons.items(), key=lambda item: -len(item[1])):
        where = sorted(set(files))
        shown = ", ".join(Path(f).name for f in where[:3]) + (f" and {len(where) - 3} more files" if len(where) > 3 else "")
        terminalreporter.write_line(f"{len(files)} skipped: {reason} ({shown})")
