"""The cumulative engine scored against hand-coded report series (the gold in
tests/data/cumulative/; the Mali reports are the sample in snapshots/barkhane-mali/, which
its gold names): the state after each report, what each report added, revised, disputed and
took back.

Floors are set a little under the figures measured when they were written
(`python benchmarks/cumulative.py` prints them); a change that scores lower fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from datafiles import repo_file

from benchmarks.cumulative import score_series

DATA = Path(__file__).parent / "data" / "cumulative"

# series -> measure -> (recall floor, precision floor or None)
FLOORS = {
    "barkhane-mali": {"bases": (0.80, 0.70), "status": (0.65, None), "date": (0.50, None),
                      "news": (0.55, 0.55), "retractions": (1.0, 1.0), "disputes": (1.0, 1.0)},
    "us-niger": {"bases": (0.65, 0.30), "status": (0.55, None), "date": (0.55, None),
                 "news": (0.5, 0.4), "retractions": (1.0, 1.0),
                 "disputes": (1.0, 1.0), "settled": (1.0, 1.0)},
}


@pytest.mark.parametrize("series", sorted(FLOORS))
def test_series_scores_at_least_their_floors(series: str) -> None:
    folder = repo_file(DATA / series / "gold.json").parent
    scores = score_series(folder, [])
    for measure, (recall, precision) in FLOORS[series].items():
        got = scores[measure]
        assert got["recall"] is not None and got["recall"] >= recall, (measure, got)
        if precision is not None:
            assert got["precision"] is not None and got["precision"] >= precision, (measure, got)
