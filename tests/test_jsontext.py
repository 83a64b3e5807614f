"""`tracker.present.jsontext.indented` prints what `json.dumps(indent=2, ensure_ascii=False,
default=str)` does, for every value the commands print."""

from __future__ import annotations

import datetime
import enum
import json
from collections import OrderedDict

from hypothesis import given
from hypothesis import strategies as st

from tracker.present.jsontext import indented


def _dumps(value):
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
_values = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=30)


@given(_values)
def test_same_text_as_the_standard_encoder(value):
    assert indented(value) == _dumps(value)


class Level(enum.IntEnum):
    LOW = 1


class Name(str):
    pass


def test_odd_keys_subclasses_and_defaults():
    value = {1: "one", 2.5: [], True: {}, None: (1, (2, "é\u2028\n\"")), "day": datetime.date(2020, 3, 21),
             "level": Level.LOW, "name": Name("al-Qarsel"), "ordered": OrderedDict(b=1, a=[float("inf")]),
             "empty": [[], {}, ()], "nan": float("nan")}
    assert indented(value) == _dumps(value)
    assert indented([]) == "[]" and indented({}) == "{}" and indented("x") == '"x"'
