"""An analyst's correction of one fact: the records (`records`) and their pure application to
a parser's reading (`applying`). Pure: no database, no reading of files, no command line;
the application (`tracker.app.facts`) reads the records and the readings and writes the
corrected readings."""

from tracker.correct.applying import EditionToCorrect, apply_corrections, correct_editions, outcome_of
from tracker.correct.records import FactCorrection, check_value, normalised

__all__ = ["EditionToCorrect", "FactCorrection", "apply_corrections", "check_value",
           "correct_editions", "normalised", "outcome_of"]
