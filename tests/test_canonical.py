"""The fast encoders of `tracker.canonical` give the same bytes as the exact ones, so a hash
taken on the fast path at ingest is the hash verify recomputes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.canonical import (
    canonical_json,
    chain_hash,
    fast_chain_hash,
    fast_recorded_payload,
    flat_json,
    recorded_payload,
    sha256_hex,
    snapshot_dict,
    snapshot_json,
    sorted_json,
)
from tracker.parse import parse_bytes

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "snapshots").glob("*/*"))
TEXTS = ["plain", 'quo"te \\ back', "tab\t nl\n \x00 \x1f \u2028 \x7f", "Ünïcode ✓ 𝄞", "é ü — ’ 中文", ""]


class Row:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_fast_snapshot_json_equals_canonical_json(path):
    snap = parse_bytes(path.read_bytes(), path.name, as_of="2020-01-01")
    assert sorted_json(snapshot_dict(snap)) == canonical_json(snap.to_dict())
    whole, parts = snapshot_json(snapshot_dict(snap))
    assert whole == canonical_json(snap.to_dict())
    assert parts == {name: [canonical_json(x) for x in snap.to_dict()[name]] for name in ("counts", "events")}


@pytest.mark.parametrize("text_", TEXTS)
def test_snapshot_json_equals_sorted_json_with_any_text_and_optional_arrays(text_):
    entity = {"key": text_ or "k", "name": text_, "aliases": [text_], "value": 3, "date": None}
    snap = {"title": text_, "as_of": "2020-01-01", "events": [entity, {**entity, "key": "b"}],
            "counts": [entity], "sections": [{"key": "s", "text": text_}], "warnings": [text_],
            "retractions": [entity], "fact_corrections": [entity]}
    for shown in (snap, {**snap, "events": [], "counts": []}):
        whole, parts = snapshot_json(shown)
        assert whole == sorted_json(shown) == canonical_json(shown)
        assert parts["events"] == [sorted_json(e) for e in shown["events"]]


@pytest.mark.parametrize("charset", ["utf-8", "cp1256", "iso8859-1"])
@pytest.mark.parametrize("text_", TEXTS)
def test_fast_chain_hash_and_recorded_payload_equal_the_exact_ones(text_, charset):
    row = Row(number=12, as_of="2020-01-0" + text_[:1], ingested_at=text_, source=text_,
              sha256="a" * 64, parser_version=text_, snapshot_sha256="b" * 64,
              prev_chain_hash="c" * 64, chain_hash="d" * 64, charset=charset)
    assert fast_chain_hash(row, text_) == chain_hash(
        row.prev_chain_hash, text_, 12, row.as_of, row.ingested_at, row.source, row.sha256,
        row.parser_version, row.snapshot_sha256, charset)
    for previous in (None, 3):
        assert fast_recorded_payload(row, previous, 7) == sorted_json(recorded_payload(row, previous, 7))
        assert sorted_json(recorded_payload(row, previous, 7)) == canonical_json(recorded_payload(row, previous, 7))


def test_a_utf8_editions_chain_hash_is_the_one_it_had_before_charsets_were_kept():
    fields = ("c" * 64, "b", 3, "2020-04-11", "2026-01-01T00:00:00+00:00", "x.txt", "a" * 64, "1", "d" * 64)
    before = sha256_hex(fields[0] + flat_json(list(fields[1:])))
    assert chain_hash(*fields) == chain_hash(*fields, "utf-8") == before
    assert chain_hash(*fields, "cp1256") != before  # a charset changed is a link broken


@pytest.mark.parametrize("text_", TEXTS)
def test_flat_json_equals_canonical_json_on_flat_lists(text_):
    fields = [text_, 3, None, "2020-04-11"]
    assert flat_json(fields) == canonical_json(fields)
