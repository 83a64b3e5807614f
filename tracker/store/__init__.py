"""The store: the append-only record (editions, hash-chained log, aliases) and its projections.

It writes what the application hands it, one edition whole per transaction, and answers
queries. It imports nothing from reading, parsing, identity, diff or presentation.

`Store` and `open_store` are loaded on first use: importing this package (or its records)
does not import SQLAlchemy, so commands that never open a database start fast; so are the
values only a write takes in (`tracker.store.inputs`), so a command that only reads does not
build them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.store.records import AliasInfo, EditionInfo, Prior, Reading, StoreBusyError

if TYPE_CHECKING:
    from tracker.store.inputs import IngestResult, NewDerivation, NewEdition, Settled
    from tracker.store.store import Store, open_store

__all__ = ["AliasInfo", "EditionInfo", "IngestResult", "NewDerivation", "NewEdition", "Prior",
           "Reading", "Settled", "Store", "StoreBusyError", "open_store"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "open_store"):
        from tracker.store import store

        return getattr(store, name)
    if name in ("IngestResult", "NewDerivation", "NewEdition", "Settled"):
        from tracker.store import inputs

        return getattr(inputs, name)
    raise AttributeError(f"module 'tracker.store' has no attribute {name!r}")
