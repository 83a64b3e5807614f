"""Names: a user's NAME -> the key it stands for, and hand-made aliases.

The rules live in `tracker.identity`; this module fetches what they need from the store
(names seen, identities, aliases) and hands it over, so lookups, suggestions and the alias
command all resolve names the same way.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from tracker import identity
from tracker.errors import InputError, NotFoundError


def known_names(store: Any, brief: str) -> dict[str, str]:
    """Every spelling -> key for `brief`: keys, names and count subjects seen, identities, and
    aliases (which win). For matching a user's NAME and for suggestions."""
    return identity.known_names(store.names_seen(brief), store.identities(brief),
                                store.aliases(brief))


def alias_map(store: Any, brief: str) -> dict[str, str]:
    """identity -> canonical key from the hand-made aliases, applied at read time too."""
    return identity.alias_map(store.aliases(brief))


def find_key(store: Any, brief: str, name: str) -> str:
    """NAME matched through aliases, keys and every spelling seen, case-insensitively; an
    error suggesting the closest names otherwise."""
    names = known_names(store, brief)
    key = identity.find_key(name, names, alias_map(store, brief))
    if key is not None:
        return key
    suggestions = identity.closest(name, names.keys())
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no base, count or place called {name!r} in brief {brief!r}{hint}")


def alias_folding(store: Any, brief: str) -> dict[str, str]:
    """Stored key -> the key a hand-made alias folds it into (entries stored before the alias)."""
    aliases = alias_map(store, brief)
    return identity.alias_folding(known_names(store, brief), aliases) if aliases else {}


def merged_keys(store: Any, brief: str, key: str) -> list[str]:
    """The key plus the keys that hand-made aliases fold into it."""
    return sorted({key} | {old for old, new in alias_folding(store, brief).items() if new == key})


def add_alias(store: Any, name: str, canonical: str, brief: str | None) -> Any:
    """Record that `name` is the entity `canonical` (a name or key), in `brief` or in all.
    Applied to later ingests' matching and to lookups; stored editions never change."""
    return record_alias(store, name, canonical, brief)[0]


def record_alias(store: Any, name: str, canonical: str, brief: str | None) -> tuple[Any, bool]:
    """`add_alias`, and whether it was recorded: the same alias in force already is
    `unchanged` and nothing is written."""
    name, canonical = name.strip(), canonical.strip()
    if not name or not canonical:
        raise InputError("alias needs a NAME and a CANONICAL name")
    if brief is not None and brief not in store.briefs():
        raise NotFoundError(f"no brief named {brief!r}")
    return store.record_alias(name, canonical, brief, partial(identity.alias_key, canonical))


def alias_scope(store: Any, brief: str | None, all_briefs: bool) -> str | None:
    """The brief an alias command is for (None: every brief). With several briefs stored, an
    alias for every brief must be asked for (`--all-briefs`): left implicit, a fix meant for
    one brief would quietly apply to all."""
    if brief is not None and all_briefs:
        raise InputError("give --brief SLUG or --all-briefs, not both")
    if brief is not None or all_briefs:
        return brief
    known = store.briefs()
    if len(known) > 1:
        raise InputError(f"several briefs ({', '.join(known)}): pass --brief SLUG for one, or "
                         "--all-briefs for every brief")
    return None


def revoke_alias(store: Any, name: str, brief: str | None, reason: str) -> list[Any]:
    """Take back the alias NAME (of `brief`, or for every brief), with the reason why."""
    if not name.strip():
        raise InputError("--revoke needs the alias NAME")
    if not reason.strip():
        raise InputError("--revoke needs --reason TEXT: the record keeps why")
    if brief is not None and brief not in store.briefs():
        raise NotFoundError(f"no brief named {brief!r}")
    return store.revoke_alias(name.strip(), brief, reason.strip())


def named_anywhere(store: Any, canonical: str, brief: str | None) -> bool:
    """Whether any stored edition (of `brief`, or of any brief) names `canonical`."""
    return any(identity.names_match(canonical, known_names(store, slug))
               for slug in ([brief] if brief else store.briefs()))
