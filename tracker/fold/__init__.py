"""Cumulative briefs: a brief compiled from a stream of reports, each telling what is new.

`folding` applies reports one by one to a `State` (every fact with the reports behind it);
`changes` tells what a report, or a range of them, changed. Pure: no database, no rendering.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# What the package exports, by the module that defines it: imported on first use, so asking
# whether a brief folds (`folds`, what every view asks first) costs a restating brief nothing.
_HOMES = {
    "compare_states": "changes", "fact_label": "changes",
    "DEFAULT_MODE": "facts", "MODES": "facts", "Fact": "facts", "ReportRef": "facts", "State": "facts",
    "AMENDED": "folding", "fold": "folding", "fold_all": "folding", "fold_rows": "folding",
}

__all__ = ["AMENDED", "DEFAULT_MODE", "MODES", "Fact", "ReportRef", "State", "compare_states", "fact_label",
           "fold", "fold_all", "fold_rows", "folds"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def folds(modes: object) -> bool:
    """Whether a brief with these mode records (each with a `mode`) folds its reports: once
    cumulative, always folded (a later restating edition is folded as a restatement)."""
    return any(getattr(m, "mode", None) == "cumulative" for m in modes)  # type: ignore[attr-defined]
