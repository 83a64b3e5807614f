"""Extraction scorer: how much of what a careful reader takes from a document the parser finds.

    python benchmarks/extraction.py [DIR ...] [--json FILE] [--per-doc] [--errors]

Each DIR holds `<series>/<name>.<txt|md|html>` documents with a hand-written `<name>.gold.json`
beside each (format: benchmarks/corpus/README.md); the default DIR is benchmarks/corpus.
Every document is parsed with `parse_bytes(data, filename=<its path>)` and no as-of date, so the
edition date must come from the text, as it would for a user.

Why the matching is shaped as it is:
  - Events are matched one-to-one by *place*, because the place is what a reader (and the diff)
    keys on; a spelling or a fuller name ("Camp Castor" / "Castor", "team site in Kutum" /
    "Kutum") must still count, a different base ("Air Base 101" / "Air Base 201") must not.
    So names are compared on `tracker.identity.place_key` and on whole-word token sequences,
    and a match needs a distinctive token: sharing "base" or "camp" proves nothing.
  - Strict scores also need the date: a right place on a wrong day is a wrong row in a diff.
    Lenient scores (place only) show how much is found at all; date, status and action
    accuracy on the place-matched pairs say what is wrong with what was found.
  - Strict scores compare days only: a date the parser gives less precisely than a day
    ("late March 2020": its first day and a `date_precision`) is no day, as the gold's `null`
    for "late March" is none. Date precision is scored apart, on the place-matched pairs whose
    gold gives the period (`"approx": {"precision": P, "start": "YYYY-MM-DD"}`): right when the
    parser gives the same precision and first day.
  - Tallies are matched by value only: the subject wording varies too much to compare, and a
    value is what a reader checks.
  - Totals are micro-averaged (every gold or predicted item weighs the same), with the mean
    per document beside them, so one long fact sheet cannot hide many failed short reports.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE / "corpus"
DOC_SUFFIXES = (".txt", ".md", ".html")

try:  # run as `python benchmarks/extraction.py` from anywhere: tracker may not be installed
    import tracker  # noqa: F401
except ImportError:
    sys.path.insert(0, str(HERE.parent))

from held_out import held_out_in  # noqa: E402
from tracker.errors import InputError  # noqa: E402
from tracker.identity import fold_word, place_key  # noqa: E402
from tracker.model import Count, Event, Snapshot  # noqa: E402
from tracker.parse.parser import parse_bytes  # noqa: E402

# Tracker's finer actions folded into the three the gold files use.
ACTION_ALIASES = {"transfer": "handover", "drawdown": "withdrawal"}

# Words that say what kind of place, not which one: sharing only these proves no match.
GENERIC_WORDS = frozenset({
    # named in the scoring rules
    "base", "camp", "airfield", "air", "site", "team", "post", "observation", "the", "of",
    "in", "no", "forward", "operating",
    # plurals, small words, and the kind-of-place words tracker.identity drops
    "bases", "camps", "sites", "teams", "posts", "a", "an", "and", "at", "on", "to", "its",
    "airbase", "airbases", "airfields", "airport", "airstrip", "aerodrome", "airstation",
    "range", "complex", "outpost", "station", "garrison", "compound", "fob", "cop", "cob",
    "cos", "mob", "pb", "jss", "checkpoint", "facility", "installation", "barracks",
    "cantonment", "headquarters", "hq", "firebase", "zone", "lz", "military", "army", "naval",
    "joint", "combat", "main", "logistics", "support", "coalition", "training", "operations",
    "field", "force", "former", "patrol", "contingency", "operational", "temporary",
    "security", "border", "command", "un", "french", "german", "british", "us",
})
_ARTICLES = frozenset({"al", "el"})
_QUOTES = re.compile(r"['\u2019`]")
_WORD = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"[a-z]+|[0-9]+")


# -- gold ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    """One place the document reports as handed over, closed, left or planned to be."""

    place: str
    also: tuple[str, ...] = ()
    date: str | None = None
    action: str | None = None
    status: str | None = None
    approx: tuple[str, str] | None = None  # (precision, first day) of a date given less precisely

    @property
    def names(self) -> tuple[str, ...]:
        return (self.place, *self.also)


def predicted_day(event: Event) -> str | None:
    """The day a prediction gives: none when its date is a period (it has a precision)."""
    return None if event.date_precision else event.date


def period_right(gold: GoldEvent, predicted: Event) -> bool:
    """Whether a prediction gives the gold's period (`approx`): the same precision and first day."""
    return gold.approx is not None and gold.approx == (predicted.date_precision, predicted.date)


def _approx(data: dict[str, Any] | None) -> tuple[str, str] | None:
    if not data or not data.get("precision") or not data.get("start"):
        return None
    return (data["precision"], data["start"])


@dataclass(frozen=True)
class Gold:
    """What a careful reader takes from one document (its `.gold.json`)."""

    edition_date: str | None
    events: tuple[GoldEvent, ...]
    tallies: tuple[int, ...]
    style: str = ""


def load_gold(path: Path) -> Gold:
    """Read a `.gold.json` file; only the fields the scorer uses are kept."""
    data = json.loads(path.read_text(encoding="utf-8"))
    events = tuple(
        GoldEvent(e["place"], tuple(e.get("also") or ()), e.get("date"), e.get("action"),
                  e.get("status"), _approx(e.get("approx")))
        for e in data.get("events", ()))
    tallies = tuple(int(t["value"]) for t in data.get("tallies", ()))
    return Gold(data.get("edition_date"), events, tallies, data.get("style", ""))


# -- names -----------------------------------------------------------------------------------------


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case, accent-free word tokens with spelling noise folded.

    Letters and digits are split ("PB2", "K-1" -> pb 2, k 1) so glued and hyphenated codes
    agree; the Arabic article is dropped and doubled letters and a final vowel + "h" folded,
    as `place_key` does, so "Qayyarah" and "Qayara" give the same token.
    """
    ascii_text = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    words = [run for w in _WORD.findall(_QUOTES.sub("", ascii_text.lower()))
             for run in _RUN.findall(w)]
    out = [w for i, w in enumerate(words) if not (w in _ARTICLES and i + 1 < len(words))]
    return tuple(fold_word(w) for w in out)



def is_distinctive(word: str) -> bool:
    """A word that tells one place from another (a name or a number, not "base")."""
    return word not in GENERIC_WORDS


def core(words: Sequence[str]) -> tuple[str, ...]:
    """The name without generic words at its edges ("Camp Castor" -> castor).

    When only numbers or letters would be left ("Air Base 101" -> 101), the full name is
    kept: the generic words are then what tells it from "Camp 101". Empty when no word is
    distinctive, so such a name never matches anything.
    """
    words = tuple(words)
    if not any(is_distinctive(w) for w in words):
        return ()
    start, end = 0, len(words)
    while not is_distinctive(words[start]):
        start += 1
    while not is_distinctive(words[end - 1]):
        end -= 1
    inner = words[start:end]
    if all(w.isdigit() or len(w) == 1 for w in inner):
        return words
    return inner


def contains(outer: Sequence[str], inner: Sequence[str]) -> bool:
    """Whether `inner` occurs in `outer` as a run of whole words."""
    n = len(inner)
    if n == 0 or n > len(outer):
        return False
    return any(tuple(outer[i:i + n]) == tuple(inner) for i in range(len(outer) - n + 1))


@dataclass(frozen=True)
class Names:
    """Every form a place goes by: identity keys and token sequences."""

    keys: frozenset[str]
    forms: tuple[tuple[str, ...], ...]


def _names(names: Iterable[str], keys: Iterable[str] = ()) -> Names:
    names = [n for n in names if n]
    all_keys = {place_key(n) for n in names} | set(keys)
    all_keys.discard("")
    forms = {tokens(n) for n in names} | {tokens(k) for k in all_keys}
    forms.discard(())
    return Names(frozenset(all_keys), tuple(sorted(forms)))


def gold_names(event: GoldEvent) -> Names:
    return _names(event.names)


def predicted_names(event: Event) -> Names:
    return _names((event.name, *event.aliases), (event.key,))


def place_score(gold: Names, predicted: Names) -> tuple[int, float] | None:
    """How well a prediction names a gold place: (tier, tightness), None for no match.

    Tier 3: an identity key in common; 2: the gold name's core inside a predicted name;
    1: a predicted core inside a gold name. Tightness (the share of the longer name that the
    shorter covers) prefers "Lashkar Gah" for "Lashkar Gah" over "Lashkar Gah Durai".
    """
    if any(any(is_distinctive(w) for w in tokens(k)) for k in gold.keys & predicted.keys):
        return (3, 1.0)
    best: tuple[int, float] | None = None
    for tier, outers, inners in ((2, predicted.forms, gold.forms), (1, gold.forms, predicted.forms)):
        for inner in inners:
            needle = core(inner)
            for outer in outers:
                if contains(outer, needle):
                    candidate = (tier, len(needle) / len(outer))
                    best = candidate if best is None or candidate > best else best
    return best


# -- matching ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A gold event and the prediction assigned to it (indices into the two lists)."""

    gold: int
    predicted: int
    tier: int


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> list[Match]:
    """One-to-one matching by place, greedy by best score.

    Among equally good names the prediction with the gold date wins, so a duplicate with
    the wrong date does not cost a strict match the parser did make.
    """
    gold_forms = [gold_names(g) for g in gold]
    pred_forms = [predicted_names(p) for p in predicted]
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            found = place_score(gold_forms[gi], pred_forms[pi])
            if found is not None:
                candidates.append((found[0], found[1], g.date == predicted_day(p), -gi, -pi))
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    matches = []
    for tier, _tight, _same_day, neg_gi, neg_pi in sorted(candidates, reverse=True):
        gi, pi = -neg_gi, -neg_pi
        if gi in taken_gold or pi in taken_pred:
            continue
        taken_gold.add(gi)
        taken_pred.add(pi)
        matches.append(Match(gi, pi, tier))
    return sorted(matches, key=lambda m: m.gold)


def same_action(gold: str | None, predicted: str | None) -> bool:
    """Actions agree once tracker's finer ones are folded into the gold's three."""
    return gold == ACTION_ALIASES.get(predicted or "", predicted)


def matched_values(gold: Sequence[int], predicted: Sequence[int]) -> int:
    """Tallies matched one-to-one by value (a multiset intersection)."""
    return sum((Counter(gold) & Counter(predicted)).values())


# -- one document ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocScore:
    """The counts one document contributes, and what it needs to explain its errors."""

    name: str
    gold: Gold
    snapshot: Snapshot
    matches: tuple[Match, ...]
    error: str | None = None

    @property
    def gold_events(self) -> int:
        return len(self.gold.events)

    @property
    def predicted_events(self) -> int:
        return len(self.snapshot.events)

    def _pairs(self) -> list[tuple[GoldEvent, Event]]:
        return [(self.gold.events[m.gold], self.snapshot.events[m.predicted]) for m in self.matches]

    @property
    def lenient_tp(self) -> int:
        return len(self.matches)

    @property
    def strict_tp(self) -> int:
        return self.dates_right

    @property
    def dates_right(self) -> int:
        return sum(g.date == predicted_day(p) for g, p in self._pairs())

    @property
    def precision_gold(self) -> int:
        """Matched pairs whose gold gives a date less precisely than a day (`approx`)."""
        return sum(g.approx is not None for g, _ in self._pairs())

    @property
    def precision_right(self) -> int:
        """Of those, the ones given with the same precision and first day."""
        return sum(period_right(g, p) for g, p in self._pairs())

    @property
    def statuses_right(self) -> int:
        return sum(g.status == p.status for g, p in self._pairs())

    @property
    def actions_right(self) -> int:
        return sum(same_action(g.action, p.action) for g, p in self._pairs())

    @property
    def predicted_tallies(self) -> tuple[int, ...]:
        return tuple(c.value for c in self.snapshot.counts)

    @property
    def tallies_matched(self) -> int:
        return matched_values(self.gold.tallies, self.predicted_tallies)

    @property
    def edition_right(self) -> bool:
        return self.snapshot.as_of == self.gold.edition_date

    @property
    def edition_outcome(self) -> str:
        """The as-of from the text alone: "right" (gold `"edition_date": null` makes finding
        none right), "none" (none found, the user is asked for --as-of: no wrong date
        stored) or "wrong" (a wrong date, the error that matters)."""
        if self.edition_right:
            return "right"
        return "none" if self.snapshot.as_of is None else "wrong"

    def figures(self) -> dict[str, Any]:
        """Per-document rates (None where a rate has nothing to be a share of)."""
        g, p, pairs = self.gold_events, self.predicted_events, self.lenient_tp
        gt, pt = len(self.gold.tallies), len(self.predicted_tallies)
        return {
            "strict_precision": ratio(self.strict_tp, p), "strict_recall": ratio(self.strict_tp, g),
            "strict_f1": ratio(2 * self.strict_tp, g + p),
            "lenient_precision": ratio(pairs, p), "lenient_recall": ratio(pairs, g),
            "lenient_f1": ratio(2 * pairs, g + p),
            "date_accuracy": ratio(self.dates_right, pairs),
            "status_accuracy": ratio(self.statuses_right, pairs),
            "action_accuracy": ratio(self.actions_right, pairs),
            "tally_precision": ratio(self.tallies_matched, pt),
            "tally_recall": ratio(self.tallies_matched, gt),
            "date_precision_accuracy": ratio(self.precision_right, self.precision_gold),
            "edition_date_accuracy": float(self.edition_right),
        }


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def score_snapshot(name: str, gold: Gold, snapshot: Snapshot, error: str | None = None) -> DocScore:
    """Score a parsed snapshot against its gold (kept separate from parsing for unit tests)."""
    return DocScore(name, gold, snapshot, tuple(match_events(gold.events, snapshot.events)), error)


def parse_document(data: bytes, filename: str, label: str | None = None,
                   encoding: str | None = None) -> tuple[Snapshot, str | None]:
    """The snapshot of one document (a file, or an edition's stored bytes named `label`, read
    with their stored charset `encoding`); an InputError counts as an empty snapshot, reported."""
    try:
        return parse_bytes(data, filename, encoding=encoding), None
    except InputError as exc:
        return Snapshot(), f"InputError: {exc}"
    except Exception as exc:  # a parser bug: say which document, do not hide it
        exc.add_note(f"while parsing {label or filename}")
        raise


def find_documents(root: Path) -> list[tuple[Path, Path]]:
    """(document, gold) pairs under `root`, in a stable order; files without gold are skipped."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix in DOC_SUFFIXES and path.is_file():
            gold = path.with_name(path.stem + ".gold.json")
            if gold.is_file():
                found.append((path, gold))
    return found


def evaluate(dirs: Iterable[str | Path]) -> list[DocScore]:
    """Parse and score every document under the given corpus directories."""
    scores = []
    for root in map(Path, dirs):
        if not root.is_dir():
            raise SystemExit(f"not a directory: {root}")
        for doc, gold in find_documents(root):
            snapshot, error = parse_document(doc.read_bytes(), str(doc))
            label = doc.relative_to(root).as_posix()
            scores.append(score_snapshot(label, load_gold(gold), snapshot, error))
    return scores


# -- totals ------------------------------------------------------------------------------------------


def summarise(docs: Sequence[DocScore]) -> dict[str, Any]:
    """Micro-averaged figures over all items, with per-document means beside them."""
    total = _sums(docs)
    as_of = Counter(d.edition_outcome for d in docs)
    g, p, pairs, strict = total["gold"], total["pred"], total["pairs"], total["strict"]
    gt, pt, tm = total["gold_tallies"], total["pred_tallies"], total["tallies_matched"]
    out: dict[str, Any] = {
        "documents": len(docs), "gold_events": g, "predicted_events": p,
        "strict_matches": strict, "lenient_matches": pairs,
        "strict_precision": _rate(strict, p), "strict_recall": _rate(strict, g),
        "strict_f1": _rate(2 * strict, g + p),
        "lenient_precision": _rate(pairs, p), "lenient_recall": _rate(pairs, g),
        "lenient_f1": _rate(2 * pairs, g + p),
        "date_accuracy": _rate(total["dates"], pairs),
        "status_accuracy": _rate(total["statuses"], pairs),
        "action_accuracy": _rate(total["actions"], pairs),
        "gold_tallies": gt, "predicted_tallies": pt, "tallies_matched": tm,
        "tally_precision": _rate(tm, pt), "tally_recall": _rate(tm, gt),
        "approx_dates": total["approx"], "approx_dates_right": total["approx_right"],
        "date_precision_accuracy": _rate(total["approx_right"], total["approx"]),
        "edition_dates_right": as_of["right"], "edition_dates_wrong": as_of["wrong"],
        "edition_dates_none": as_of["none"],
        "edition_date_accuracy": _rate(as_of["right"], len(docs)),
        "input_errors": sum(d.error is not None for d in docs),
    }
    out["per_document_mean"] = _means(docs)
    return out


def _sums(docs: Sequence[DocScore]) -> dict[str, int]:
    return {
        "gold": sum(d.gold_events for d in docs), "pred": sum(d.predicted_events for d in docs),
        "pairs": sum(d.lenient_tp for d in docs), "strict": sum(d.strict_tp for d in docs),
        "dates": sum(d.dates_right for d in docs), "statuses": sum(d.statuses_right for d in docs),
        "actions": sum(d.actions_right for d in docs),
        "gold_tallies": sum(len(d.gold.tallies) for d in docs),
        "pred_tallies": sum(len(d.predicted_tallies) for d in docs),
        "tallies_matched": sum(d.tallies_matched for d in docs),
        "approx": sum(d.precision_gold for d in docs),
        "approx_right": sum(d.precision_right for d in docs),
    }


def _rate(part: int, whole: int) -> float:
    """A micro-averaged rate; 0.0 when there is nothing to divide (no credit for silence)."""
    return part / whole if whole else 0.0


def _means(docs: Sequence[DocScore]) -> dict[str, float | None]:
    """Each rate averaged over the documents where it is defined."""
    per_doc = [d.figures() for d in docs]
    means: dict[str, float | None] = {}
    for key in per_doc[0] if per_doc else ():
        values = [f[key] for f in per_doc if f[key] is not None]
        means[key] = sum(values) / len(values) if values else None
    return means


def score(dirs: Iterable[str | Path] | str | Path = (DEFAULT_DIR,)) -> dict[str, Any]:
    """Overall figures for the documents under `dirs` (what tests assert floors on)."""
    if isinstance(dirs, (str, Path)):
        dirs = [dirs]
    return summarise(evaluate(dirs))


# -- printing ----------------------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def _short(text: str | None, width: int) -> str:
    text = "-" if text is None else str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


SUMMARY_ROWS = [
    ("strict precision", "strict_precision", "strict_matches", "predicted_events"),
    ("strict recall", "strict_recall", "strict_matches", "gold_events"),
    ("strict F1", "strict_f1", None, None),
    ("lenient precision", "lenient_precision", "lenient_matches", "predicted_events"),
    ("lenient recall", "lenient_recall", "lenient_matches", "gold_events"),
    ("lenient F1", "lenient_f1", None, None),
    ("date accuracy", "date_accuracy", None, "lenient_matches"),
    ("status accuracy", "status_accuracy", None, "lenient_matches"),
    ("action accuracy", "action_accuracy", None, "lenient_matches"),
    ("tally precision", "tally_precision", "tallies_matched", "predicted_tallies"),
    ("tally recall", "tally_recall", "tallies_matched", "gold_tallies"),
    ("date precision", "date_precision_accuracy", "approx_dates_right", "approx_dates"),
    ("edition-date accuracy", "edition_date_accuracy", "edition_dates_right", "documents"),
]


def summary_table(overall: dict[str, Any]) -> str:
    """The headline figures: micro-averaged value, its fraction, and the per-document mean."""
    lines = [f"{'measure':<22} {'micro':>6}  {'items':>9}  {'doc mean':>8}",
             f"{'documents':<22} {overall['documents']:>6}",
             f"{'gold events':<22} {overall['gold_events']:>6}",
             f"{'predicted events':<22} {overall['predicted_events']:>6}"]
    mean = overall["per_document_mean"]
    for label, key, part, whole in SUMMARY_ROWS:
        items = ""
        if whole:
            numerator = overall[part] if part else round(overall[key] * overall[whole])
            items = f"{numerator}/{overall[whole]}"
        lines.append(f"{label:<22} {_f(overall[key]):>6}  {items:>9}  {_f(mean.get(key)):>8}")
    lines.append(f"{'as-of right/wrong/none':<22} {overall['edition_dates_right']:>6}"
                 f"  {overall['edition_dates_wrong']}/{overall['edition_dates_none']} wrong/none")
    if overall["input_errors"]:
        lines.append(f"{'input errors':<22} {overall['input_errors']:>6}")
    return "\n".join(lines)


_ED = {"right": "ok", "wrong": "NO", "none": "none"}  # the per-document as-of column


def per_doc_table(docs: Sequence[DocScore]) -> str:
    """One line per document: counts, F1s, accuracies on matched pairs, tallies, edition."""
    width = max([len("document"), *(min(len(d.name), 56) for d in docs)])
    head = (f"{'document':<{width}} gold pred  s.tp l.tp  s.F1 l.F1  date stat  act"
            f"  tally m/g/p  prec  ed")
    lines = [head]
    for d in docs:
        fig = d.figures()
        tally = f"{d.tallies_matched}/{len(d.gold.tallies)}/{len(d.predicted_tallies)}"
        prec = f"{d.precision_right}/{d.precision_gold}" if d.precision_gold else "-"
        line = (f"{_short(d.name, width):<{width}} {d.gold_events:>4} {d.predicted_events:>4}"
                f"  {d.strict_tp:>4} {d.lenient_tp:>4}  {_f(fig['strict_f1'])} {_f(fig['lenient_f1'])}"
                f"  {_f(fig['date_accuracy'])} {_f(fig['status_accuracy'])} "
                f"{_f(fig['action_accuracy'])}  {tally:>11}  {prec:>4}  {_ED[d.edition_outcome]}")
        lines.append(line + (f"  {d.error}" if d.error else ""))
    return "\n".join(lines)


def _event_line(tag: str, name: str, date: str | None, action: str | None,
                status: str | None, extra: str = "") -> str:
    return (f"  {tag:<9} {_short(name, 34):<34} {_short(date, 10):<10} {_short(action, 10):<10} "
            f"{_short(status, 9)}{extra}")


def _wrong_line(gold: GoldEvent, pred: Event) -> str | None:
    """What differs on a place-matched pair, as `field got X want Y`; None if nothing."""
    diffs = []
    if gold.date != predicted_day(pred):
        diffs.append(f"date {_shown_date(pred)} want {gold.date or '-'}")
    if gold.approx is not None and not period_right(gold, pred):
        diffs.append(f"period {_shown_date(pred)} want {gold.approx[1]} ({gold.approx[0]})")
    if not same_action(gold.action, pred.action):
        diffs.append(f"action {pred.action or '-'} want {gold.action or '-'}")
    if gold.status != pred.status:
        diffs.append(f"status {pred.status or '-'} want {gold.status or '-'}")
    if not diffs:
        return None
    shown = gold.place if pred.name == gold.place else f"{gold.place} (as \"{_short(pred.name, 40)}\")"
    return f"  {'wrong':<9} {shown}: " + "; ".join(diffs)


def _shown_date(event: Event) -> str:
    if event.date and event.date_precision:
        return f"{event.date} ({event.date_precision})"
    return event.date or "-"


def error_report(d: DocScore) -> list[str]:
    """What is missed, spurious or wrong in one document; empty when it is all right."""
    lines = []
    if d.error:
        lines.append(f"  {'error':<9} {d.error}")
    if not d.edition_right:
        lines.append(f"  {'edition':<9} {d.edition_outcome}: got {d.snapshot.as_of or '-'} "
                     f"want {d.gold.edition_date or '-'}")
    matched_gold = {m.gold for m in d.matches}
    matched_pred = {m.predicted for m in d.matches}
    for i, g in enumerate(d.gold.events):
        if i not in matched_gold:
            lines.append(_event_line("missed", g.place, g.date, g.action, g.status))
    for i, p in enumerate(d.snapshot.events):
        if i not in matched_pred:
            lines.append(_event_line("spurious", p.name, p.date, p.action, p.status,
                                     f"  [{p.key}]" if p.key != place_key(p.name) else ""))
    for m in d.matches:
        wrong = _wrong_line(d.gold.events[m.gold], d.snapshot.events[m.predicted])
        if wrong:
            lines.append(wrong)
    lines.extend(_tally_lines(d))
    return lines


def _tally_lines(d: DocScore) -> list[str]:
    """Missed gold values and spurious counts (value, subject, and a glimpse of the text)."""
    left = Counter(d.gold.tallies)
    spurious: list[Count] = []
    for count in d.snapshot.counts:
        if left[count.value] > 0:
            left[count.value] -= 1
        else:
            spurious.append(count)
    lines = []
    missed = sorted(left.elements())
    if missed:
        lines.append(f"  {'tally':<9} missed " + ", ".join(map(str, missed)))
    for count in spurious:
        lines.append(f"  {'tally':<9} spurious {count.value} {count.subject}: "
                     f"\"{_short(' '.join(count.text.split()), 70)}\"")
    return lines


def errors_text(docs: Sequence[DocScore]) -> str:
    """Every document's errors, headed by its name and gold style; clean documents counted."""
    out = []
    clean = 0
    for d in docs:
        lines = error_report(d)
        if not lines:
            clean += 1
            continue
        style = f"  ({d.gold.style})" if d.gold.style else ""
        out.append(f"{d.name}{style}  gold {d.gold_events} pred {d.predicted_events} "
                   f"strict {d.strict_tp} lenient {d.lenient_tp}")
        out.extend(lines)
        out.append("")
    out.append(f"{clean} of {len(docs)} documents without errors")
    return "\n".join(out)


def to_json(docs: Sequence[DocScore], overall: dict[str, Any]) -> dict[str, Any]:
    """The figures, per document and overall, for a file a later run can be compared with."""
    return {
        "overall": overall,
        "documents": [{"document": d.name, "error": d.error, "gold_events": d.gold_events,
                       "predicted_events": d.predicted_events, "strict_matches": d.strict_tp,
                       "lenient_matches": d.lenient_tp,
                       "as_of": {"found": d.snapshot.as_of, "gold": d.gold.edition_date,
                                 "outcome": d.edition_outcome},
                       "matches": [asdict(m) for m in d.matches], **d.figures()} for d in docs],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score tracker's parser against gold files.")
    parser.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_DIR],
                        help="corpus directories (default: benchmarks/corpus)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--per-doc", action="store_true", help="print a line per document")
    parser.add_argument("--errors", action="store_true",
                        help="print missed, spurious and wrong items per document")
    parser.add_argument("--db", metavar="DB", help="score against a tracker database's corrected facts "
                        "(`tracker fact`): each edition with corrections in force, its corrected reading "
                        "as gold (see benchmarks/corrections_gold.py)")
    parser.add_argument("--brief", metavar="SLUG", help="with --db: only this brief")
    args = parser.parse_args(argv)
    if args.db:
        from corrections_gold import evaluate_db

        try:
            docs, ops = evaluate_db(args.db, args.brief)
        except Exception as exc:  # a missing database, an unknown brief: one line, exit 2
            print(f"error: {exc}", file=sys.stderr)
            return 2
        args.dirs = [f"{args.db} ({len(docs)} corrected editions; corrections applied: "
                     + (", ".join(f"{n} {op}" for op, n in sorted(ops.items())) or "none") + ")"]
    else:
        blind = held_out_in(args.dirs)
        if blind and (args.errors or args.per_doc):
            print(f"error: {', '.join(blind)} is held out: scored for totals only, never per document "
                  "(rules: benchmarks/README.md)", file=sys.stderr)
            return 2
        docs = evaluate(args.dirs)
    overall = summarise(docs)
    if args.errors:
        print(errors_text(docs), end="\n\n")
    if args.per_doc:
        print(per_doc_table(docs), end="\n\n")
    print("corpus: " + ", ".join(str(d) for d in args.dirs))
    print(summary_table(overall))
    if args.json:
        figures = {"overall": overall} if not args.db and held_out_in(args.dirs) else to_json(docs, overall)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
