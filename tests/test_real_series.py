"""The diff on a real serial update says what a reader would: the bases newly handed over or
now planned, a base whose handover completed, the tally revised (though told in other words).

The two editions are successive situation updates from the extraction corpus
(benchmarks/corpus/minusma-withdrawal), ingested as one brief."""

from __future__ import annotations

from pathlib import Path

from tracker.app.ingest import ingest
from tracker.app.views import diff_refs

SERIES = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "minusma-withdrawal"


def test_serial_updates_diff_reads_as_news(store):
    for name in ("01-withdrawal-update-no-3.txt", "02-withdrawal-update-no-4.txt"):
        data = (SERIES / name).read_bytes()
        ingest(store, data, source=name, brief="minusma", filename=str(SERIES / name))
    changes = diff_refs(store, "minusma", "1", "2")["changes"]
    added = {c["key"] for c in changes if c["kind"] == "added" and c["entity"] == "event"}
    assert {"tesalit", "aguelhok", "kidal", "hombori", "douentza", "ansongo"} <= added
    menaka = [(c["field"], c["before"], c["after"]) for c in changes if c["key"] == "menaka"]
    assert ("status", "planned", "completed") in menaka
    tallies = [c for c in changes if c["entity"] == "count"]
    assert [(c["kind"], c["field"], c["before"], c["after"]) for c in tallies][0] == \
        ("changed", "value", 3, 4)
    assert not any(c["kind"] == "removed" and c["entity"] == "count" for c in changes)
