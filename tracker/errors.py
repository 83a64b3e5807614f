"""Errors a user can act on. The CLI prints their message as one line and exits non-zero;
anything else escaping is a bug, reported as one line too but with exit code 70."""


class TrackerError(Exception):
    """Base for every error whose message is meant for the user."""

    exit_code = 2


class InputError(TrackerError):
    """A file that cannot become an edition: missing, empty, binary, undecodable, too large."""


class NotFoundError(TrackerError):
    """A reference (date, number, hash prefix, name, brief) that matches nothing."""


class AmbiguousError(TrackerError):
    """A reference that matches more than one thing; the message lists the candidates."""


class StoreError(TrackerError):
    """The database cannot be opened, is not at the expected schema, or refused a write."""
