"""The fuzz loop: seeded brief-like editions (the benchmarks' generator) in three formats and
five encodings, mutated (truncations, byte flips, odd dates and numbers, markup); `parse`
raises nothing but `InputError`, a snapshot survives its JSON round trip, `diff(a, a)` is empty
and `diff(a, b)` never raises. Engine-free; `tests/test_fuzz.py` drives the same generator."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from benchmarks.stress.common import edition_text

TRICKY = ("31 February 20", "29 February 2021", "2020-13-45", "99/99/9999", "00/00/0000", "Dec. 32, 2021",
          "March 0, 2020", "17 March 20", "March 17, 2020", "17/03/2020", "2020-03-17", "As of April 11, 2020,",
          "as at 1 May 2021", "Updated: 2 June 2020", "[999999999]", "[0]", "[^1]:", "[1]: http://x",
          "((((((", "))))", "known as", "also known as (", "1e308 bases", "-5 bases", "0 bases have been",
          "10000000000000000000000 bases have been transferred", "Five-hundred", "About 450",
          "one thousand and one", "al-", "Al ", "K-1 airbase", "Camp", "base", "air base", "airfield",
          "<script>alert(1)</script>", "<!--", "-->", "]]>", "&#0;", "&#x110000;", "&amp;", "<li>", "</ol>",
          "<h1>", "**Bold:**", "#######", "> quote", "|a|b|", "```", "* * *", "1.", "2)", "- ", "\u2022 ",
          "\u00a0", "\u200b", "\u202e", "\ufeff", "\ufffd", "\u0301", "\U0001f4a5", "\x00", "\x07", "\r",
          "\t", "\n\n", "\u2028", "Notes", "References", "Please enter your comment!", "Share this")
ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 .,;:()[]-/\n\u00e9\u00fc\u0627\u0644\u4e2d\u2013\u2019"


def fuzz_inputs(seed: int, n: int) -> Iterator[tuple[bytes, str]]:
    """n (bytes, filename) pairs: brief-like editions in the three formats, mutated."""
    rng = random.Random(seed)
    for i in range(n):
        yield fuzz_input(rng, i)


def fuzz_input(rng: random.Random, i: int = 0) -> tuple[bytes, str]:
    roll = rng.random()
    if roll < 0.04:
        return rng.randbytes(rng.randrange(0, 600)), rng.choice(("x.txt", "x.md", "x.html", "x"))
    if roll < 0.10:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 400))).encode(), "x.txt"
    as_of = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(700))
    text_ = edition_text(f"fuzz-{rng.random()}", items=rng.randrange(0, 12), as_of=as_of)
    fmt = rng.choice(("txt", "txt", "md", "html"))
    if fmt == "md":
        text_ = re.sub(r"^(Background|Recent Developments|Coalition Withdrawal From [^:\n]+|"
                       r"Where will these withdrawing troops go):", r"## \1\n\n", text_, flags=re.M)
        text_ = "# " + text_
    elif fmt == "html":
        paras = "".join(f"<p>{p}</p>" if not re.match(r"\s*\d+\.", p) else
                        "<ol>" + "".join(f"<li>{li.split('. ', 1)[-1]}</li>" for li in p.splitlines()) + "</ol>"
                        for p in text_.split("\n\n"))
        text_ = f"<html><body><nav>Home</nav><article>{paras}</article><footer>x</footer></body></html>"
    for _ in range(rng.randrange(0, 5)):
        text_ = _mutate_text(rng, text_)
    encoding = rng.choice(("utf-8",) * 6 + ("utf-16", "utf-8-sig", "cp1252", "latin-1", "utf-16-be"))
    data = text_.encode(encoding, errors="replace")
    for _ in range(rng.choice((0, 0, 0, 1, 3))):
        if data:
            pos = rng.randrange(len(data))
            data = data[:pos] + bytes([rng.randrange(256)]) + data[pos + 1:]
    if rng.random() < 0.05 and data:
        data = data[: rng.randrange(len(data))]
    return data, f"fuzz{i}.{fmt}"


def _mutate_text(rng: random.Random, s: str) -> str:
    if not s:
        return rng.choice(TRICKY)
    op = rng.randrange(7)
    a = rng.randrange(len(s))
    b = min(len(s), a + rng.randrange(1, 200))
    if op == 0:
        return s[:a] + s[b:]  # delete a span
    if op == 1:
        return s[:b] + s[a:b] * rng.randrange(1, 4) + s[b:]  # repeat a span
    if op == 2:
        return s[:a] + rng.choice(TRICKY) + s[a:]  # insert a tricky token
    if op == 3:
        lines = s.split("\n")
        rng.shuffle(lines)
        return "\n".join(lines)
    if op == 4:
        return s[:a] + "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 30))) + s[a:]
    if op == 5:
        return s.swapcase() if rng.random() < 0.5 else s.replace(" ", rng.choice(("\u00a0", "  ", "\t", "")))
    return re.sub(r"\d+", lambda m: str(rng.choice((0, 31, 99, 2099, 10**12, int(m.group()) + 1))), s, count=3)


@dataclass
class FuzzResult:
    inputs: int = 0
    parsed: int = 0
    input_errors: int = 0
    exceptions: int = 0
    violations: int = 0
    samples: list[str] = field(default_factory=list)
    slowest: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.exceptions or self.violations)


def check_parse_and_diff(data: bytes, filename: str, previous: Any = None) -> tuple[Any, list[str]]:
    """The properties: parse raises nothing but InputError; a snapshot survives its JSON round
    trip; diff(a, a) is empty; diff(previous, a) and diff(a, previous) do not raise."""
    from tracker.canonical import canonical_json
    from tracker.diff import compare, summary_line
    from tracker.errors import InputError
    from tracker.model import Snapshot
    from tracker.parse.parser import parse_bytes

    try:
        snap = parse_bytes(data, filename)
    except InputError:
        return None, []
    problems = []
    if Snapshot.from_dict(json.loads(canonical_json(snap.to_dict()))) != snap:
        problems.append("snapshot changes in its JSON round trip")
    same = compare(snap, snap)
    if same:
        problems.append(f"diff(a, a) is not empty: {same[0].to_dict()}")
    if previous is not None:
        summary_line(compare(previous, snap))
        compare(snap, previous)
    return snap, problems


def run_fuzz(n: int, seed: int = 0, seconds: float = 0) -> FuzzResult:
    result = FuzzResult()
    start = time.monotonic()
    previous = None
    for data, filename in fuzz_inputs(seed, n):
        if seconds and time.monotonic() - start > seconds:
            break
        result.inputs += 1
        t0 = time.monotonic()
        try:
            snap, problems = check_parse_and_diff(data, filename, previous)
        except Exception as exc:  # counting them is the point
            result.exceptions += 1
            if len(result.samples) < 5:
                result.samples.append(f"{filename} ({len(data)} bytes): {type(exc).__name__}: {exc}"[:300])
            continue
        result.slowest = max(result.slowest, time.monotonic() - t0)
        if snap is None:
            result.input_errors += 1
            continue
        result.parsed += 1
        previous = snap
        if problems:
            result.violations += 1
            if len(result.samples) < 5:
                result.samples.append(f"{filename}: {problems[0]}"[:300])
    result.seconds = time.monotonic() - start
    return result

