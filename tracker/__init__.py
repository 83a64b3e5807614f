"""tracker: an auditable record of a situation brief that is re-issued as events move.

The package is a library first (parse, diff, store, views); `tracker.cli` is a thin shell.
Nothing heavy is imported here so that the command line starts fast.
"""

__version__ = "0.1.0"
