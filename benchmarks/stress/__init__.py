"""`python -m benchmarks.stress`: prove with figures that nothing is lost, altered or half-written.

Five loops, each on a fresh database (an SQLite file per loop, or a throw-away schema per loop
in the PostgreSQL database given), then one table of figures:

- **concurrency** (`concurrency.py`): N writer processes each ingest E distinct editions of one
  brief through the CLI while one more process re-ingests editions already stored (and the
  writers' files as they race in); then: lost, duplicated (stored twice, or reported `stored`
  by two processes), numbers gapless, `verify` clean, no error line reaching any user;
- **kill -9** (`kill.py`): a `tracker ingest` of many files is SIGKILLed at a random moment
  (after a random number of committed files plus a random part of the next one); then `verify`
  passes, every edition the command had reported is there, no partial edition (each has its
  EditionRecorded event, all its change events and its projection rows), and re-running the
  same command completes the rest, reporting `unchanged` for those already stored;
- **tamper** (`tamper.py`): with the triggers dropped, one byte of every stored column of an
  edition, of its log events and of an alias is changed; an edition deleted, a forged one
  inserted, the history truncated or rewritten (with a checkpoint): `verify` must fail and name
  the edition; each tamper is undone and `verify` must pass again;
- **bad input** (`bad_input.py`): the table in `BAD_INPUTS` through the CLI: one clear line or a
  warning, never a traceback, store untouched and `verify` clean (the same table
  `tests/test_bad_input.py` runs);
- **fuzz** (`fuzz.py`): a seeded generator of brief-like text with mutations (encodings,
  truncation, odd dates and numbers, markup): `parse` raises nothing but `InputError`,
  `diff(a, a)` is empty, `diff(a, b)` never raises, the snapshot survives its JSON round trip.

The editions come from the benchmarks' generator (`benchmarks/editions.py`): a series for each
writer and each killed ingest, elsewhere single editions titled by a tag (`common.edition_text`,
over the generator's `edition()`). `common.py` holds what the loops share (the CLI as a
subprocess, fresh databases, the partial-edition check, dropping and restoring the triggers)
and the table of figures; `__main__.py` is the command.

Only the standard library, click (for its test runner) and tracker itself: hypothesis stays a
test extra (tests/test_fuzz.py drives the same generator and its own strategies).
"""
