"""Data files the tests read from the repository. Each is committed, so one that is missing is a
defect of the checkout, not a reason to skip: the test fails and names the path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def repo_file(path: Path) -> Path:
    """`path`, which the repository holds; fail (never skip) naming it when it is not there."""
    if not path.exists():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        pytest.fail(f"{shown} is missing: it is part of the repository (restore it with git)",
                    pytrace=False)
    return path
