"""Decoding: the bytes of one edition -> text, with the encoding found and any warnings.

Why a separate stage: unusable input (empty, blank, binary, oversized, undecodable) is refused
here with a one-line message naming the file, before any reader spends effort on it."""

from __future__ import annotations

import codecs
import os
import re

from tracker.errors import InputError


MAX_BYTES = 20 * 1024 * 1024
"""Default size limit: far larger than any brief, small enough to refuse a stray dump or video."""


# --------------------------------------------------------------------------------------------
# Size limit and messages


def max_bytes_limit(max_bytes: int | None = None) -> int:
    """The size limit in force: the explicit argument, else env TRACKER_MAX_BYTES, else MAX_BYTES."""
    if max_bytes is not None:
        if max_bytes <= 0:
            raise InputError(f"the size limit must be a positive number of bytes, not {max_bytes}")
        return max_bytes
    raw = os.environ.get("TRACKER_MAX_BYTES", "").strip()
    if not raw:
        return MAX_BYTES
    m = re.fullmatch(r"(\d+)\s*([kmg]?)i?b?", raw, re.I)
    if not m or int(m.group(1)) == 0:
        shown = raw[:40]
        raise InputError(f"TRACKER_MAX_BYTES must be a positive size such as 20000000 or 20M, not {shown!r}")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    return int(m.group(1)) * factor


def size_text(n: int) -> str:
    """A byte count as a person reads it in a message ("1.5 MiB"), shared with fetching."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def input_error(problem: str, filename: str | None) -> InputError:
    """A one-line InputError naming the file (control characters and long names tamed)."""
    if not filename:
        return InputError(problem)
    shown = re.sub(r"[\x00-\x1f\x7f]", "?", str(filename))
    if len(shown) > 200:
        shown = "..." + shown[-197:]
    return InputError(f"{shown}: {problem}")


def check_size(size: int, limit: int, filename: str | None) -> None:
    """Refuse `size` bytes over `limit` with one line naming the file; callers check before
    reading (a stat, a Content-Length) so an oversized file costs no memory."""
    if size > limit:
        raise input_error(
            f"file is {size_text(size)}, over the {size_text(limit)} limit for an edition "
            "(set TRACKER_MAX_BYTES to allow larger files)",
            filename,
        )


# --------------------------------------------------------------------------------------------
# Decoding

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters: many of them mean a binary file; any of them means the text needs
normalising (`tracker.read.normalising`)."""
_VISIBLE_RE = re.compile(r"[^\s\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_SAMPLE = 1 << 20


def decode(data: bytes, *, max_bytes: int | None = None, filename: str | None = None,
           encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding, warnings). Raises InputError for empty, blank, binary, undecodable
    or oversized input. Tries BOMs, then UTF-8, then legacy single-byte encodings (with a warning).

    `encoding`, when given, is the charset the bytes are known to be in (an edition's stored
    charset, `ingest --encoding`, a server's header): they are decoded with it alone, nothing
    guessed, no warning, so the same bytes and charset always give the same text. "utf-8" is
    the exception: it is read as above, which for valid UTF-8 is the plain UTF-8 reading and
    for an edition stored before charsets were kept is the reading it was stored with."""
    check_size(len(data), max_bytes_limit(max_bytes), filename)
    if not data:
        raise input_error("file is empty", filename)
    if encoding is None or encoding == UTF8:
        text, encoding, warnings = _decode_bytes(data, filename)
    else:
        text, warnings = decode_as(data, encoding, filename), []
    _check_text(text, filename)
    return text, encoding, warnings


UTF8 = "utf-8"
"""The charset an edition is stored with when it is UTF-8 (with or without a byte-order mark),
and the one every edition stored before charsets were kept has."""


def codec_name(label: str) -> str:
    """A charset label (`windows-1256`, `Latin-1`, `utf8`) -> Python's codec name (`cp1256`,
    `iso8859-1`, `utf-8`); InputError for a label Python does not know, or one that is not a
    text encoding. Unlike a page's own declaration, a label given by a person means what it
    says: `latin-1` is Latin-1, not Windows-1252."""
    shown = label.strip()[:40]
    try:
        info = codecs.lookup(label.strip())
    except (LookupError, ValueError):
        raise InputError(f"unknown encoding {shown!r} (try utf-8, windows-1252, windows-1256, latin-1)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{shown!r} is not a text encoding")
    return info.name


def charset_for(data: bytes, *, encoding: str | None = None, filename: str | None = None,
                max_bytes: int | None = None) -> tuple[str, tuple[str, ...]]:
    """The charset to store an edition's bytes with, and what the user should be told of it.

    Given (`encoding`): checked against the bytes (InputError naming the file if they are not
    valid in it). Else found as `decode` finds it: a byte-order mark, UTF-8, the page's own
    declaration, or the legacy charset detected, whose warning is returned here rather than
    kept in the reading, since the edition is read with the charset stored from then on.
    UTF-8 with or without a byte-order mark is stored as "utf-8" (see `UTF8`)."""
    if encoding is not None:
        codec = codec_name(encoding)
        check_size(len(data), max_bytes_limit(max_bytes), filename)
        decode_as(data, codec, filename)
        return (UTF8 if codec in (UTF8, "utf-8-sig") else codec), ()
    if b"\x00" not in data:  # the common case, cheaply: valid UTF-8 (a UTF-16 or -32 mark is not)
        try:
            data.decode(UTF8)
        except UnicodeDecodeError:
            pass
        else:
            return UTF8, ()
    _, codec, warnings = decode(data, max_bytes=max_bytes, filename=filename)
    if codec in (UTF8, "utf-8-sig"):
        return UTF8, ()
    return codec, tuple(warnings)


_BOM_OF = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def decode_as(data: bytes, codec: str, filename: str | None = None) -> str:
    """`data` decoded with `codec` strictly, a byte-order mark of that codec left out (as the
    reading without a charset leaves it out); InputError naming the file if they do not decode."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        raise input_error(f"cannot be decoded: unknown encoding {codec[:40]!r}", filename) from None
    bom = _BOM_OF.get(name)
    body = data[len(bom):] if bom and data.startswith(bom) else data
    try:
        return body.decode(name)
    except UnicodeDecodeError as err:
        raise input_error(f"is not valid {codec} (byte {err.start + len(data) - len(body)} cannot be read)",
                          filename) from None


def _decode_bytes(data: bytes, filename: str | None) -> tuple[str, str, list[str]]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode("utf-8" if codec == "utf-8-sig" else codec), codec, []
            except UnicodeDecodeError:
                raise input_error(
                    f"cannot be decoded: it starts with a {label} byte-order mark but is not valid {label}",
                    filename,
                ) from None
    if b"\x00" in data:
        return _decode_with_nuls(data, filename)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return data.decode(declared), declared, []
            except UnicodeDecodeError:
                pass  # the page's own label is wrong: read it as if it had none
        return _decode_fallback(data, err)


# `<meta charset="windows-1256">`, `<meta http-equiv="Content-Type" content="text/html;
# charset=windows-1256">` or `<?xml … encoding="…"?>`, looked for in the first 1024 bytes as
# browsers do (the WHATWG prescan, simplified)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.I,
)
# labels browsers read as windows-1252 (the WHATWG encoding standard), and so do we
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1"}


def _declared_charset(data: bytes) -> str | None:
    """The codec a page declares for itself in its first 1024 bytes, if Python knows it
    (and it is not UTF-8, which has already failed)."""
    found = _DECLARED.search(data[:1024])
    if found is None:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii").lower()
    label = "cp1252" if label in _AS_CP1252 else label
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return None if codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32") else codec


def _decode_with_nuls(data: bytes, filename: str | None) -> tuple[str, str, list[str]]:
    """NUL bytes mean binary, unless the bytes look like UTF-16 text without a byte-order mark."""
    sample = data[: 8192 - 8192 % 2]
    if len(data) % 2 == 0 and len(sample) >= 4:
        half = len(sample) // 2
        odd = sample[1::2].count(0) / half
        even = sample[0::2].count(0) / half
        codec = "utf-16-le" if odd > 0.6 and even < 0.1 else "utf-16-be" if even > 0.6 and odd < 0.1 else None
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and "\x00" not in text:
                return text, codec, [f"no byte-order mark; read as {codec.upper()}"]
    raise input_error("looks like a binary file (it contains NUL bytes), not a text document", filename)


def _decode_fallback(data: bytes, err: UnicodeDecodeError) -> tuple[str, str, list[str]]:
    """Not valid UTF-8: a truncated end, a few stray bytes in UTF-8 text, or a legacy encoding."""
    if err.start >= len(data) - 3 and "end of data" in err.reason:
        try:
            text = data[: err.start].decode("utf-8")
            return text, "utf-8", ["the file ends in the middle of a UTF-8 character; it was dropped"]
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(re.findall(r"[^\x00-\x7f\ufffd]", text[:_SAMPLE]))
    if good >= 2 * bad and bad <= max(3, len(text) // 100):
        return text, "utf-8", [f"{bad} byte(s) that are not valid UTF-8 were replaced"]
    detected = _detected(data)
    if detected is not None:
        return detected
    try:
        return data.decode("cp1252"), "cp1252", ["not valid UTF-8; read as Windows-1252 (cp1252)"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", ["not valid UTF-8 or Windows-1252; read as Latin-1"]


DETECT_CONFIDENCE = 0.1
"""Below this, chardet's guess was wrong more often than right on short samples ("Café naïve"
read as Hebrew cp862 at 0.08); the Windows-1252 reading is the better bet there."""


def _detected(data: bytes) -> tuple[str, str, list[str]] | None:
    """Legacy text without a declaration: the encoding chardet finds, when it is sure enough.

    Why chardet (imported only here, for text that is not UTF-8): measured on the reading
    tests' legacy samples and on briefs in ten languages, it read 13 of 13 right, where
    charset-normalizer read English and French Windows-1252 as cp1250, cp852 or mac_latin2
    (9 of 13) and the fixed Windows-1252 fallback could not read Cyrillic, Arabic, Greek,
    Turkish or Polish (8 of 13)."""
    try:
        import chardet
    except ImportError:  # an install without it reads legacy text as Windows-1252, as before
        return None
    found = chardet.detect(data[:_SAMPLE])
    if not found.get("encoding") or (found.get("confidence") or 0) < DETECT_CONFIDENCE:
        return None
    try:
        codec = codecs.lookup(found["encoding"]).name
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    if codec == "utf-8":
        return None
    label = _LABELS.get(codec, codec)
    return text, codec, [f"not valid UTF-8; read as {label} (detected)"]


_LABELS = {f"cp{n}": f"Windows-{n} (cp{n})" for n in range(1250, 1259)}


def _check_text(text: str, filename: str | None) -> None:
    if not _VISIBLE_RE.search(text):
        raise input_error("file contains only white space" if text else "file is empty", filename)
    if "\x00" in text:
        raise input_error("looks like a binary file (it contains NUL characters), not a text document", filename)
    sample = text[:_SAMPLE]
    controls = len(CONTROL_RE.findall(sample))
    if controls * 10 > len(sample):
        raise input_error("looks like a binary file (mostly control characters), not a text document", filename)
    if sample.count("\ufffd") * 10 > len(sample):
        raise input_error("cannot be decoded: most of it is not text in any known encoding", filename)
