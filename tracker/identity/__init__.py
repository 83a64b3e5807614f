"""Identity of places across editions: the key an event keeps under another spelling.

Two jobs, a module each: `keys` says which spellings are one place (a pure normalisation,
never fuzzy; and, for reports from several outlets, their transliterations); `settling` applies
that, with the analyst's aliases, to what the record holds, so a new edition keeps the keys
already established and a NAME given by a user finds its key. Everything other packages use is
exported here.
"""

from tracker.identity.keys import (
    GENERIC_RE_SOURCE, GENERIC_WORDS, MODIFIER_WORDS, clean_name, closest, event_identities, find_aliases,
    fold_word, identities_of, keep_respelled, match_reported, place_key, rekey, slugify, sounds_like,
)
from tracker.identity.settling import (
    alias_folding, alias_key, alias_map, alias_target, find_key, known_names, names_match, settle,
    with_aliases,
)

__all__ = [
    "place_key", "event_identities", "identities_of", "rekey", "keep_respelled", "closest",
    "find_aliases", "clean_name", "slugify", "GENERIC_RE_SOURCE", "settle", "alias_key",
    "alias_target", "with_aliases", "known_names", "alias_map", "find_key", "alias_folding",
    "names_match", "fold_word", "sounds_like", "match_reported", "GENERIC_WORDS", "MODIFIER_WORDS",
]
