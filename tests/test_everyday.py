"""Everyday use: errors that say what to do, the global --db anywhere, and the short skip summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
IRAQ_FILES = sorted((ROOT / "snapshots" / "iraq-coalition-withdrawal").iterdir())


def run(*args: str, code: int | None = 0, input: str | bytes | None = None):  # noqa: ANN201, A002
    result = CliRunner().invoke(cli, list(args), input=input)
    if code is not None:
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return result


def one_error_line(result) -> str:  # noqa: ANN001
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# --- errors that say what to do ------------------------------------------------------------------

@pytest.mark.parametrize("day, words", [
    ("2020-02-30", "February 2020 has no day 30"),
    ("2021-02-29", "February 2021 has no day 29"),
    ("2020-13-01", "there is no month 13"),
])
def test_a_day_that_does_not_exist_is_told_so(tmp_path: Path, day: str, words: str) -> None:
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "ingest", "--as-of", day,
                              str(IRAQ_FILES[0]), code=2))
    assert "does not exist" in line and words in line and "form" not in line
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "timeline", "--since", day, code=2))
    assert words in line


def test_a_day_in_the_wrong_form_names_the_form(tmp_path: Path) -> None:
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "timeline", "--until", "11/04/2020", code=2))
    assert "YYYY-MM-DD" in line


def test_an_unsupported_database_url_names_the_accepted_forms() -> None:
    line = one_error_line(run("--db", "bogus://x", "log", code=2))
    assert "unsupported database URL bogus://x" in line
    assert "file path" in line and "postgresql://" in line and "plugin" not in line


def test_postgresql_without_its_driver_says_what_to_install() -> None:
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from tracker.cli import main\n"
            "sys.argv = ['tracker', '--db', 'postgresql://u:hunter2@127.0.0.1:1/d', 'log']\n"
            "main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "pip install 'tracker[postgres]'" in proc.stderr
    assert "hunter2" not in proc.stderr and "No module named" not in proc.stderr


@pytest.mark.parametrize("args, words, hint", [
    (["diff"], "missing argument 'FROM'", "tracker diff --help"),
    (["frobnicate"], "no such command 'frobnicate'", "tracker --help"),
    (["log", "--frob"], "no such option '--frob'", "tracker log --help"),
    (["diff", "--format", "xml", "1"], "'xml' is not one of", "tracker diff --help"),
])
def test_usage_errors_are_one_line_with_a_hint(args: list[str], words: str, hint: str) -> None:
    line = one_error_line(run(*args, code=2))
    assert words in line and f"(see '{hint}')" in line
    assert "Usage:" not in line


# --- the global --db after the command name ------------------------------------------------------

def test_db_may_follow_the_command_name(tmp_path: Path) -> None:
    db = str(tmp_path / "after.db")
    run("ingest", "--db", db, *map(str, IRAQ_FILES[:2]))
    assert (tmp_path / "after.db").exists()
    out = run("log", "--db", db).stdout
    assert "2020-04-04" in out and "2020-04-11" in out
    # after the command name it wins over the one before it
    out = run("--db", str(tmp_path / "none.db"), "log", "--db", db).stdout
    assert "2020-04-11" in out


# --- the test run's own output -------------------------------------------------------------------

def test_skips_are_summarised_once_per_reason(tmp_path: Path) -> None:
    (tmp_path / "test_many.py").write_text(
        "import pytest\n"
        "@pytest.mark.parametrize('n', range(30))\n"
        "def test_needs_server(n):\n    pytest.skip('needs a server')\n"
        "def test_other():\n    pytest.skip('another reason')\n"
        "def test_fails():\n    assert 0\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider",
                           "-p", "no:xdist", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)
    out = proc.stdout
    assert "SKIPPED" not in out
    assert "30 skipped: needs a server (test_many.py)" in out
    assert "1 skipped: another reason (test_many.py)" in out
    assert "FAILED test_many.py::test_fails" in out  # -ra still lists failures
    assert "1 failed, 31 skipped" in out.splitlines()[-1]
