"""Indented JSON text, as every `--format json` prints it, built quickly.

`json.dumps(value, indent=2, ensure_ascii=False, default=str)` is what the commands have always
printed; with an indent the standard library leaves its C encoder for a pure-Python generator
chain, which took a third of `tracker timeline --format json` on 10,000 editions. `indented`
gives the same text (`tests/test_jsontext.py` proves it) with one join per container and the
C string encoder for every string.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _quote  # str as dumps(ensure_ascii=False) writes it
from typing import Any, Callable

_INDENT = "  "


def indented(value: Any, default: Callable[[Any], Any] = str) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, default=default)`, the same text."""
    return _encode(value, "\n", default)


def _encode(o: Any, newline: str, default: Callable[[Any], Any]) -> str:
    """`o` at the nesting whose line break (with its indentation) is `newline`."""
    kind = type(o)
    if kind is str:
        return _quote(o)
    if kind is dict:
        if not o:
            return "{}"
        inner = newline + _INDENT
        return ("{" + inner + ("," + inner).join(
            [(_quote(k) if type(k) is str else _key(k)) + ": " + _encode(v, inner, default)
             for k, v in o.items()]) + newline + "}")
    if kind is list or kind is tuple:
        if not o:
            return "[]"
        inner = newline + _INDENT
        return "[" + inner + ("," + inner).join([_encode(v, inner, default) for v in o]) + newline + "]"
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if kind is int:
        return int.__repr__(o)
    return _other(o, newline, default)


def _other(o: Any, newline: str, default: Callable[[Any], Any]) -> str:
    """Floats, subclasses of the plain types and anything `default` converts, as the
    standard encoder checks them (in its order)."""
    if isinstance(o, str):
        return _quote(o)
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return json.dumps(o)  # NaN, Infinity and float.__repr__ as the encoder writes them
    if isinstance(o, (list, tuple)):
        return _encode(list(o), newline, default)
    if isinstance(o, dict):
        return _encode(dict(o), newline, default)
    return _encode(default(o), newline, default)


def _key(k: Any) -> str:
    """A key that is not a str, as the encoder converts it (a float, bool, None or int)."""
    if isinstance(k, float):
        return _quote(json.dumps(k))
    if k is True or k is False or k is None:
        return _quote(json.dumps(k))
    if isinstance(k, int):
        return _quote(int.__repr__(k))
    if isinstance(k, str):
        return _quote(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")
