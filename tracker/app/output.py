"""Writing a command's output file (`export -o`, `report -o`).

A regular file is written atomically: into a temporary file beside it, renamed into place, so a
reader never sees half of it, and a link named is itself replaced, never the file it points to.
Anything else that exists (a device such as /dev/null, a FIFO, a socket, or a link to one, and
the descriptors of this process such as /dev/stdout) is written into where it is: replacing it
would put a regular file where a device node or a pipe was.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tracker.errors import InputError

# The folder of this process's open descriptors: /proc/self/fd/N (and /dev/stdout, /dev/fd/N,
# which lead there) names whatever the descriptor is open on, even a regular file.
_FD_FOLDER = re.compile(r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd")
_MAX_LINKS = 40


def writes_in_place(path: Path) -> bool:
    """Whether `path` is written into rather than replaced: it exists (following links) and is
    not a regular file, or it is one of this process's open descriptors."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
    except OSError:  # missing, a dangling link, a loop: a new regular file is made
        return False
    return _is_descriptor(str(path))


def _is_descriptor(name: str) -> bool:
    for _ in range(_MAX_LINKS):
        name = os.path.abspath(name)
        if _FD_FOLDER.fullmatch(os.path.realpath(os.path.dirname(name))):
            return True
        if not os.path.islink(name):
            return False
        name = os.path.join(os.path.dirname(name), os.readlink(name))
    return False


def check_target(output: Path, force: bool) -> Path:
    """The file the user named, refused when it exists (unless --force) or cannot be written.
    A device, a FIFO or a descriptor needs no --force: writing into it overwrites no file."""
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{output}: folder {parent} does not exist")
    if output.is_dir():
        raise InputError(f"{output}: is a directory")
    if writes_in_place(output):
        return output
    if (output.exists() or output.is_symlink()) and not force:
        raise InputError(f"{output}: already exists; add --force to overwrite it")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{output}: folder {parent} cannot be written")
    return output


def write_output(target: Path, write: Callable[[TextIO], None], *, mode: int | None = None) -> None:
    """Call `write` with the text stream of `target` (UTF-8, newlines as written): straight into
    it when `writes_in_place`, else atomically (temporary file, then `mode`, then rename)."""
    if writes_in_place(target):
        with open(target, "a", encoding="utf-8", newline="") as out:  # "a": never truncates a file behind a descriptor
            write(out)
        return
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as err:
        raise InputError(f"{target}: folder {parent} cannot be written "
                         f"({err.strerror or type(err).__name__})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
