"""References to editions as people write them, on top of the store's own (date, number, hash
prefix): `latest`, `REF~N` (the Nth edition before REF in as-of order, `latest~1` the one
before the latest), and a range `A..B` in one word, as git writes them.

The store resolves a plain reference; the steps back are counted here, over the editions the
store lists in as-of order, so "the edition before" means the same in `diff`, `show` and `log`.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.errors import InputError, NotFoundError

LATEST = "latest"
_BACK = re.compile(r"(?P<base>.+?)~(?P<steps>\d*)")


def resolve(store: Any, brief: str, ref: str | None, *, include_retracted: bool = False) -> Any:
    """REF -> the edition it names (an `EditionInfo`); None is the latest. Retracted editions
    are neither named nor counted unless `include_retracted`, as in the store."""
    if ref is None:
        return store.resolve(brief, None, include_retracted=include_retracted)
    ref = ref.strip()
    back = _BACK.fullmatch(ref)
    if back is None:
        return store.resolve(brief, None if ref.lower() == LATEST else ref,
                             include_retracted=include_retracted)
    steps = int(back["steps"] or 1)
    base = resolve(store, brief, back["base"], include_retracted=include_retracted)
    editions = store.editions(brief, include_retracted=include_retracted)
    place = next((i for i, info in enumerate(editions) if info.number == base.number), None)
    if place is None:  # not among the editions listed (withdrawn from the views)
        raise NotFoundError(f"{ref!r}: edition #{base.number} of {brief!r} is not in the as-of order")
    if steps > place:
        have = ("is no edition" if place == 0 else "is only 1 edition" if place == 1
                else f"are only {place} editions")
        raise NotFoundError(f"{ref!r}: there {have} before #{base.number} ({base.as_of}) "
                            f"in {brief!r}")
    return editions[place - steps]


def diff_pair(from_ref: str | None, to_ref: str | None) -> tuple[str, str | None]:
    """The two sides of `tracker diff [FROM [TO]]`: `A..B` is A and B (an empty side is the
    latest), no reference at all is the edition before the latest against the latest."""
    if from_ref is None:
        return f"{LATEST}~1", None
    if ".." in from_ref:
        if to_ref is not None:
            raise InputError(f"give a range {from_ref!r} or two references, not both")
        left, _, right = from_ref.partition("..")
        if not left and not right or ".." in right:
            raise InputError(f"{from_ref!r} is not a range; write A..B (A..: up to the latest)")
        return left or LATEST, right or None
    return from_ref, to_ref
