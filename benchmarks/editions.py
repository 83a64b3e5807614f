"""Synthetic editions of a situation brief, in the style of the reference edition.

A deterministic (seeded) series: edition k is as of `start + k - 1` days and holds a title, a
"Background:" paragraph, a "Recent Developments:" paragraph ending in the headline count
("As of <Month D, YYYY>, <number word> bases have been transferred."), a numbered list of the
latest dated base handovers with footnote markers, the footnotes "[n] ...", and a closing
paragraph. From one edition to the next the brief moves the way real ones do: a base is added,
a withdrawal that had started is completed, a personnel figure is revised, now and then a date
is corrected or a paragraph rewritten; the oldest handovers roll off the list so an edition
stays 5-10 KB.

Every name (bases, provinces, towns, the country) is made of syllables, never taken from a
real brief, so the parser is measured on text it has never seen.

Run as a script to write a series to a folder: `python benchmarks/editions.py OUT --n 50`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20200411
MIN_BYTES, MAX_BYTES = 5_000, 10_000
LIST_CAP = 20  # handovers shown in one edition before the oldest roll off

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# No syllable reads as a month, a number word or a generic place word.
SYLLABLES = ("qar", "sel", "mun", "dor", "bal", "tiv", "ra", "zan", "hel", "mor", "vek", "sul",
             "tam", "fen", "gor", "lis", "nab", "kor", "vad", "ish", "ur", "bes", "rim", "hal",
             "dun", "jor", "mak", "sor", "pel", "wad", "zir", "kal", "nuq", "fa", "bir", "lo",
             "qu", "ter", "yas", "gim", "ruk", "sha", "ved", "ol", "kesh", "dar", "min", "ob")
KINDS = ("base", "airbase", "Air Base", "airfield", "camp", "range complex")
DIRECTIONS = ("north", "south", "east", "west", "northwest", "southeast")
NATIONS = ("Italy", "Canada", "Spain", "France", "Norway", "Denmark", "Australia", "Germany",
           "the Netherlands", "Poland")
PERSONNEL = ("Five-hundred", "About 450", "1,000", "Some 300", "Two-hundred", "About 1,200",
             "Seven-hundred", "250", "Nine-hundred", "About 80")

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """1234 -> 'one thousand two hundred and thirty-four' (0 <= n < 1,000,000)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    rest = n % 1000
    head = number_words(n // 1000) + " thousand"
    if rest == 0:
        return head
    return head + (" and " if rest < 100 else " ") + number_words(rest)


def long_date(day: dt.date) -> str:
    """'April 11, 2020' as the headline count writes it."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def item_date(day: dt.date, rng: random.Random) -> str:
    """A handover date in one of the ways briefs write it; two-digit years only for 20xx."""
    style = rng.randrange(4)
    if style == 0 and day.year >= 2000:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year % 100:02d}"
    if style == 1:
        return long_date(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Names:
    """Unique made-up names: syllables joined, never two that fold to the same identity."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def word(self, low: int = 2, high: int = 3) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high))).capitalize()

    def fresh(self) -> str:
        for attempt in range(1000):
            longer = attempt // 50  # widen the space when it gets crowded
            name = self.word(2 + longer, 3 + longer)
            if self.rng.random() < 0.25:
                name = "al-" + name
            elif self.rng.random() < 0.15:
                name = f"{name} {self.word(2, 2)}"
            key = _identity(name)
            if key not in self.seen:
                self.seen.add(key)
                return name
        raise RuntimeError("name space exhausted")


def _identity(name: str) -> str:
    """Roughly what an identity key folds away: case, article, doubled letters, final h."""
    core = re.sub(r"^al-", "", name.lower())
    core = re.sub(r"(.)\1", r"\1", re.sub(r"[^a-z]", "", core))
    return re.sub(r"([aeiou])h$", r"\1", core)


@dataclass
class Handover:
    """One base's entry; mutable here because later editions revise it."""

    number: int
    name: str
    kind: str
    day: dt.date
    template: int
    province: str
    town: str
    direction: str
    nations: tuple[str, ...]
    personnel: str | None
    started: bool  # withdrawal started, not yet completed
    note: str | None
    date_text: str = ""
    extra: str = ""

    def sentence(self, marker: str) -> str:
        place = f"{self.name}{marker} {self.kind}" if self.template == 0 else f"{self.name} {self.kind}{marker}"
        when = self.date_text
        if self.started:
            return (f"The U.S.-led coalition on {when} started pulling out of {place} in "
                    f"{self.direction}ern {self.province} in line with plans to consolidate "
                    f"coalition forces at fewer sites.{self.extra}")
        if self.template == 0:
            return f"On {when}, coalition troops withdrew from the {place} near {self.town}.{self.extra}"
        if self.template == 1:
            return (f"Meanwhile the U.S.-led coalition forces withdrew on {when} from {place} in "
                    f"the country's {self.direction}. A rocket attack on this base in the previous "
                    f"winter had wounded two contractors and led to a series of reprisals between "
                    f"coalition forces and local militia groups.{self.extra}")
        if self.template == 2:
            people = f" {self.personnel} coalition personnel are withdrawing from the {self.province} base," if self.personnel else " The base"
            hosts = ", ".join(self.nations[:-1]) + f" and {self.nations[-1]}" if len(self.nations) > 1 else self.nations[0]
            return (f"Coalition forces officially handed over control of {place} to the national "
                    f"army during a ceremony on {when}.{people} which has hosted troops from "
                    f"{hosts} since the intervention began.{self.extra}")
        return (f"The international coalition withdrew from the {place} (located {self.direction} "
                f"of {self.town}) on {when}. The base was used by coalition trainers to advise "
                f"the national security forces.{self.extra}")


FOOTNOTES = (
    "{name} in the {province} province, {direction} of {town}, has been used by coalition troops "
    "for several years to train and advise national forces. It was also used to conduct air "
    "operations against the insurgents in their last holdouts.",
    "The sprawling base {direction} of {town}, known locally as {alias}, was used by foreign "
    "forces during the earlier war and was retaken by national and coalition forces later on. It "
    "remains a hub for the national air force.",
    "{name} has hosted coalition forces to launch operations against armed groups in nearby "
    "mountainous areas. Areas south of {town} remain hotbeds of insurgent activity.",
    "Primarily operated by marines, {name} had hosted contingents from several nations that "
    "trained national forces. Marines also staffed an operations center there.",
)

CLOSINGS = (
    "Where will these withdrawing troops go: Officials have stated that some of the troops being "
    "withdrawn from these bases had already been redeployed to coalition positions in the "
    "neighbouring country, while others would be sent to other bases or home.",
    "Where will these withdrawing troops go: According to the coalition, most of the troops will "
    "be consolidated at two large air bases, and a smaller number will return to their home "
    "countries once travel restrictions are lifted.",
    "Where will these withdrawing troops go: The coalition has not said where all of the troops "
    "will go; a spokesman said that some equipment had been shipped out by road and that the "
    "remaining advisers would stay at the headquarters in the capital.",
)


@dataclass
class Series:
    """The state of the brief as it moves from edition to edition."""

    seed: int | str = SEED  # a string seeds a series too (random.Random takes both)
    start: dt.date = dt.date(2020, 3, 20)
    rng: random.Random = field(init=False)
    names: Names = field(init=False)
    country: str = field(init=False)
    handovers: list[Handover] = field(default_factory=list)
    headline_personnel: str = "About 5,000"
    closing: int = 0
    made: int = 0
    title: str | None = None  # the first line; None: "Situation Brief: Coalition Withdrawal From <country>"

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.names = Names(self.rng)
        self.country = self.names.word(2, 3) + "ia"
        for back in range(16, 0, -1):  # the brief starts with sixteen handovers already listed
            self._add(self.start - dt.timedelta(days=back * 2))

    def _add(self, day: dt.date) -> None:
        rng = self.rng
        template = rng.randrange(4)
        nations = tuple(rng.sample(NATIONS, rng.randint(1, 3)))
        item = Handover(
            number=len(self.handovers) + 1, name=self.names.fresh(), kind=rng.choice(KINDS),
            day=day, template=template, province=self.names.word(2, 2), town=self.names.word(2, 3),
            direction=rng.choice(DIRECTIONS), nations=nations,
            personnel=rng.choice(PERSONNEL) if template == 2 else None,
            started=rng.random() < 0.2, note=None,
        )
        if rng.random() < 0.6:
            item.note = rng.choice(FOOTNOTES).format(
                name=item.name, province=item.province, direction=item.direction, town=item.town,
                alias=self.names.fresh())
        item.date_text = item_date(day, rng)
        self.handovers.append(item)

    def _advance(self, as_of: dt.date) -> None:
        """What happens between two editions."""
        rng = self.rng
        if rng.random() < 0.6:
            self._add(as_of - dt.timedelta(days=rng.randint(0, 2)))
        shown = self.handovers[-LIST_CAP:]
        for item in shown:
            if item.started and rng.random() < 0.3:
                item.started = False  # the withdrawal is now completed
        if rng.random() < 0.08:
            with_people = [h for h in shown if h.personnel]
            if with_people:
                rng.choice(with_people).personnel = rng.choice(PERSONNEL)
        if rng.random() < 0.03:
            item = rng.choice(shown)
            item.day -= dt.timedelta(days=1)  # a corrected date
            item.date_text = item_date(item.day, rng)
        if rng.random() < 0.05:
            self.headline_personnel = f"About {rng.randrange(20, 60) * 100:,}"
        if rng.random() < 0.04:
            self.closing = (self.closing + 1) % len(CLOSINGS)

    def next(self) -> tuple[str, str]:
        """(as-of ISO date, text) of the next edition."""
        as_of = self.start + dt.timedelta(days=self.made)
        if self.made:
            self._advance(as_of)
        self.made += 1
        shown = self.handovers[-LIST_CAP:]
        text = self.render(as_of, shown)
        while len(text.encode()) > MAX_BYTES and len(shown) > 1:
            shown = shown[1:]
            text = self.render(as_of, shown)
        return as_of.isoformat(), text

    def transferred(self) -> int:
        return sum(1 for h in self.handovers if not h.started)

    def head(self, as_of: dt.date, listed: int) -> list[str]:
        """Title, background, the headline count and the list's introduction."""
        first = self.handovers[0].day if self.handovers else as_of
        return [
            self.title or f"Situation Brief: Coalition Withdrawal From {self.country}", "",
            f"Background: The presence of coalition troops in {self.country} was the result of an "
            f"agreement between the {self.country}n government and its partners. The government "
            "had requested assistance against an insurgency, and the terms of that assistance were "
            "set out in an exchange of diplomatic notes between the foreign ministry and the "
            "partner governments. This enabled thousands of allied troops to move into the country "
            "to train and advise its forces.", "",
            f"Recent Developments: In {MONTHS[first.month - 1]} {first.year}, the coalition began "
            "the transfer of bases back to national security forces after parliament voted to ask "
            "all foreign troops to leave. "
            f"As of {long_date(as_of)}, {number_words(self.transferred())} bases have been "
            f"transferred. {self.headline_personnel} coalition personnel remain in the country.", "",
            f"Coalition Withdrawal From {self.country}n Bases: Below is the list of the latest "
            f"{number_words(listed)} bases from which the coalition has withdrawn or begun to "
            "withdraw:", "",
        ]

    def render(self, as_of: dt.date, shown: list[Handover]) -> str:
        lines = self.head(as_of, len(shown))
        notes: list[str] = []
        for i, item in enumerate(shown, 1):
            marker = ""
            if item.note:
                notes.append(f"[{len(notes) + 1}] {item.note}")
                marker = f"[{len(notes)}]"
            lines.append(f"  {i}. {item.sentence(marker)}")
        lines += ["", CLOSINGS[self.closing], "", ""]
        lines += [n + "\n" for n in notes]
        return "\n".join(lines).rstrip() + "\n"


def editions(n: int, *, seed: int | str = SEED, start: dt.date | None = None) -> Iterator[tuple[str, str]]:
    """The first `n` editions of a series: (as-of ISO date, text)."""
    series = Series(seed=seed, start=start or dt.date(2020, 3, 20))
    for _ in range(n):
        yield series.next()


def write_editions(folder: Path, n: int, *, seed: int | str = SEED,
                   start: dt.date | None = None) -> list[Path]:
    """Write `n` editions as folder/<as-of>.txt; returns the paths in as-of order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for as_of, text in editions(n, seed=seed, start=start):
        path = folder / f"{as_of}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def edition(seed: int | str = SEED, *, as_of: dt.date | None = None, items: int | None = None,
            title: str | None = None) -> str:
    """One edition on its own: the first of the series `seed` starting on `as_of`, listing only
    its latest `items` handovers (at most the sixteen a series starts with; default: all of
    them, as `editions()` does), the headline count counting only those, under `title` if
    given. The stress harness (benchmarks/stress) and its tests make many small, unrelated
    editions this way, one string seed each."""
    series = Series(seed=seed, start=as_of or dt.date(2020, 3, 20), title=title)
    if items is not None:  # the brief starts with these alone: its headline count is theirs
        del series.handovers[:max(0, len(series.handovers) - items)]
    return series.next()[1]


def edition_of_size(target_bytes: int, *, seed: int = SEED) -> bytes:
    """The first edition of a series with its list cut to the largest size <= target_bytes."""
    series = Series(seed=seed)
    as_of = series.start
    shown = series.handovers[-LIST_CAP:]
    text = series.render(as_of, shown).encode()
    while len(text) > target_bytes and len(shown) > 1:
        shown = shown[1:]
        text = series.render(as_of, shown).encode()
    return text


def big_brief(target_bytes: int = 10 * 1024 * 1024, *, seed: int = SEED) -> str:
    """One valid brief of about `target_bytes`: a list of many handovers with footnotes."""
    series = Series(seed=seed, start=dt.date(2020, 3, 20))
    as_of = series.start
    items: list[str] = []
    notes: list[str] = []
    size = 0
    while size < target_bytes - 2_000:
        series._add(as_of - dt.timedelta(days=series.rng.randint(0, 900)))
        item = series.handovers[-1]
        marker = ""
        if item.note:
            notes.append(f"[{len(notes) + 1}] {item.note}\n")
            marker = f"[{len(notes)}]"
            size += len(notes[-1]) + 1
        items.append(f"  {len(items) + 1}. {item.sentence(marker)}")
        size += len(items[-1]) + 1
    lines = series.head(as_of, len(items)) + items + ["", CLOSINGS[series.closing], "", ""]
    return "\n".join(lines + notes).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    paths = write_editions(args.out, args.n, seed=args.seed)
    print(f"wrote {len(paths)} editions to {args.out}")


if __name__ == "__main__":
    main()
