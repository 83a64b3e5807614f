"""A retraction, a reparse and an analyst's correction commit in one transaction with what they
call for: the readings the corrections then make and a cumulative brief's fold_states. A fold
that fails part-way leaves nothing of the command written (the kill -9 loop of
`benchmarks.stress.kill_corrections` does the same with a real crash). On both engines."""

from __future__ import annotations

from dataclasses import replace

import pytest

import tracker.app.cumulative as cumulative
from benchmarks.editions import editions
from tracker.app import facts
from tracker.app.corrections import retract
from tracker.app.ingest import ingest, settle_edition
from tracker.app.reparse import reparse
from tracker.audit import verify
from tracker.canonical import sha256_hex
from tracker.parse import parse_bytes
from tracker.store.inputs import NewEdition


class FoldFailed(Exception):
    pass


@pytest.fixture
def reports(store):  # noqa: ANN001, ANN201
    """A cumulative brief of four reports, stored as an older parser read them (each missing
    its last event), so that a reparse has a reading to write."""
    for as_of, text in editions(4, seed="one-transaction"):
        data = text.encode()
        snap = parse_bytes(data, f"{as_of}.txt")
        item = NewEdition("c", data, sha256_hex(data), replace(snap, events=snap.events[:-1]),
                          f"{as_of}.txt", f"{as_of}.txt", parser_version="0", mode="cumulative")
        assert store.write_editions([item], settle_edition)[0].status == "stored"
    assert verify(store).ok
    return store


def failing_fold(monkeypatch):  # noqa: ANN001, ANN201
    """The application's fold, failing once it has been asked (the transaction is open)."""
    def fold(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise FoldFailed("the fold failed")

    monkeypatch.setattr(cumulative, "state_rows", fold)


def fold_states(store) -> list:  # noqa: ANN001
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("SELECT edition, state FROM fold_states ORDER BY edition")).all()


def test_a_retraction_is_written_with_its_refold_or_not_at_all(reports, monkeypatch):  # noqa: ANN001
    store = reports
    before = fold_states(store)
    with monkeypatch.context() as m:
        failing_fold(m)
        with pytest.raises(FoldFailed):
            retract(store, "c", "2", "wrong report")
    assert store.retracted("c") == {} and fold_states(store) == before and verify(store).ok
    retract(store, "c", "2", "wrong report")
    assert list(store.retracted("c")) == [2] and [n for n, _ in fold_states(store)] == [1, 3, 4]
    assert verify(store).ok


def test_a_reparse_is_written_with_its_refold_or_not_at_all(reports, monkeypatch):  # noqa: ANN001
    store = reports
    before = fold_states(store)
    with monkeypatch.context() as m:
        failing_fold(m)
        with pytest.raises(FoldFailed):
            reparse(store, ["c"])
    assert {store.reading("c", n).derivation for n in range(1, 5)} == {1}
    assert fold_states(store) == before and verify(store).ok
    assert reparse(store, ["c"])["written"] == 4
    assert fold_states(store) != before and verify(store).ok


def test_a_fact_correction_is_written_with_its_refold_or_not_at_all(reports, monkeypatch):  # noqa: ANN001
    store = reports
    key = store.snapshot("c", 2).events[0].key
    with monkeypatch.context() as m:
        failing_fold(m)
        with pytest.raises(FoldFailed):
            facts.record_correction(store, "c", "2", "reject", key=key, reason="not a base", by="ana")
    assert facts.list_corrections(store, "c") == [] and verify(store).ok
    facts.record_correction(store, "c", "2", "reject", key=key, reason="not a base", by="ana")
    assert len(facts.list_corrections(store, "c")) == 1 and verify(store).ok


def test_a_retraction_writes_the_readings_the_corrections_then_make(store):  # noqa: ANN001
    """A correction of edition 2 handed on to 3 and 4: retracting 2 takes it back from them in
    the retraction's own transaction (no second transaction to be lost)."""
    for as_of, text in editions(4, seed="one-transaction-r"):
        ingest(store, text.encode(), source=f"{as_of}.txt", brief="r", filename=f"{as_of}.txt")
    key = store.snapshot("r", 2).events[0].key
    facts.record_correction(store, "r", "2", "reject", key=key, reason="not a base", by="ana")
    handed = [n for n in (3, 4) if key not in {e.key for e in store.snapshot("r", n).events}]
    assert handed, "the correction is handed on"
    readings = {n: store.reading("r", n).derivation for n in (3, 4)}
    retract(store, "r", "2", "wrong edition")
    for n in handed:
        assert store.reading("r", n).derivation == readings[n] + 1
        assert key in {e.key for e in store.snapshot("r", n).events}
    assert verify(store).ok
