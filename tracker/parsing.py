"""TEMPORARY minimal parser (title only) until the real parser lands; same signatures."""
from __future__ import annotations

from tracker.model import Snapshot


def parse_bytes(data: bytes, filename: str | None = None, *, as_of: str | None = None) -> Snapshot:
    text = data.decode("utf-8-sig")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Snapshot(title=lines[0] if lines else None, as_of=as_of)


def parse_text(text: str, fmt: str = "text", *, as_of: str | None = None) -> Snapshot:
    return parse_bytes(text.encode("utf-8"), as_of=as_of)
