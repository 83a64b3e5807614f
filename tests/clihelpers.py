"""The command line run in-process, with the checks every CLI test makes: the exit code it
expects and no traceback, ever. One place, so a test file states only what it is about."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from tracker.cli import cli

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


def invoke(*args: str, code: int | None = 0, env: dict[str, str] | None = None,
           input: str | bytes | None = None) -> Result:  # noqa: A002
    """`tracker ARGS…`; `code=None` accepts any exit code."""
    result = CliRunner().invoke(cli, list(args), env=env, input=input)
    if code is not None:
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return result


def run(db: str, *args: str, code: int | None = 0, env: dict[str, str] | None = None) -> Result:
    """`tracker --db DB ARGS…`."""
    return invoke("--db", db, *args, code=code, env=env)


def run_json(db: str, *args: str, code: int | None = 0) -> Any:
    return json.loads(run(db, *args, "--format", "json", code=code).stdout)


def quick_start_db(folder: Path) -> str:
    """A database in FOLDER as the README's quick start leaves it: the Iraq brief's sample
    editions, then the Afghan brief's, so that commands meet two briefs as users do."""
    db = str(folder / "tracker.db")
    for brief in ("iraq-coalition-withdrawal", "afghanistan-drawdown"):
        invoke("--db", db, "ingest", *map(str, sorted((SNAPSHOTS / brief).iterdir())))
    return db


def error_line(result: Result) -> str:
    """The one `error: …` line a failing command prints."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def console_examples(readme: str, tag: str = "") -> list[tuple[str, str]]:
    """(command, expected output) for every `$ …` line of the README's ```console blocks
    (```console TAG blocks with a tag), so a test can replay what the README promises."""
    examples = []
    for block in re.findall(rf"```console{' ' + tag if tag else ''}\n(.*?)```", readme, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output.rstrip("\n")))
    return examples
