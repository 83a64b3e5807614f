"""tracker: an auditable record of a situation brief that is re-issued as events move.

The package is a library first (parse, diff, store, views); `tracker.cli` is a thin shell.
Nothing heavy is imported here so that the command line starts fast.
"""

import os as _os

__version__ = "0.1.0"

# Installed, the Alembic scripts are the subpackage `tracker.migrations` (pyproject maps the
# top-level migrations/ folder there). Run straight from a checkout (scripts, `python -m pytest`),
# this folder has no migrations/ of its own: let `tracker.migrations` resolve to the sibling one.
_here = _os.path.dirname(_os.path.abspath(__file__))
if not _os.path.isdir(_os.path.join(_here, "migrations")) and _os.path.isfile(
    _os.path.join(_here, "..", "migrations", "env.py")
):
    __path__.append(_os.path.dirname(_here))  # type: ignore[name-defined]  # noqa: F821
