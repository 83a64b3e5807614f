"""Cumulative briefs: a brief compiled from a stream of reports, each telling what is new.

`folding` applies reports one by one to a `State` (every fact with the reports behind it);
`changes` tells what a report, or a range of them, changed. Pure: no database, no rendering.
"""

from tracker.fold.changes import compare_states, fact_label
from tracker.fold.facts import DEFAULT_MODE, MODES, Fact, ReportRef, State
from tracker.fold.folding import AMENDED, fold, fold_all, fold_rows

__all__ = ["AMENDED", "DEFAULT_MODE", "MODES", "Fact", "ReportRef", "State", "compare_states", "fact_label",
           "fold", "fold_all", "fold_rows", "folds"]


def folds(modes: object) -> bool:
    """Whether a brief with these mode records (each with a `mode`) folds its reports: once
    cumulative, always folded (a later restating edition is folded as a restatement)."""
    return any(getattr(m, "mode", None) == "cumulative" for m in modes)  # type: ignore[attr-defined]
