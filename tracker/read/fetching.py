"""Fetching: a brief published as a web page -> the bytes of one edition.

Why the standard library (urllib) and not requests or httpx: one GET with a timeout, a size
limit and a say over redirects is all a brief needs; urllib does it with no dependency and no
import cost for the other commands. The opener is built by hand with only the HTTP(S)
handlers, so neither the URL given nor any redirect can reach a file://, ftp:// or data: URL.

The charset the server declares (`Content-Type: text/html; charset=windows-1256`) is honoured
over whatever the page says of itself, as browsers do with the header: it goes with the bytes
as `Fetched.encoding`, and the edition is stored as the bytes served with that charset beside
them (never re-encoded: the sha256 the record proves is of what the server sent), so every
later reading (a re-parse, a correction's quote) decodes them the same way.
"""

from __future__ import annotations

import codecs
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from tracker.errors import InputError
from tracker.read.decoding import check_size, max_bytes_limit, size_text

TIMEOUT_S = 30.0
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
USER_AGENT = "tracker (situation brief record)"
# browsers read these labels as windows-1252, and so do we (the WHATWG encoding standard)
_AS_CP1252 = {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1", "l1"}


@dataclass(frozen=True)
class Fetched:
    """An edition fetched from the web: the bytes to store, the URL they came from at the end
    of any redirects, the media type the server gave, and what the user should know."""

    data: bytes
    url: str
    media_type: str | None
    charset: str | None
    warnings: tuple[str, ...] = ()
    etag: str | None = None  # the validators the server gave, for a conditional request later
    last_modified: str | None = None
    encoding: str | None = None  # the codec the body is read with: the server's charset, when usable

    @property
    def filename(self) -> str:
        """A file name for the format rules: the URL's last path part, with the extension the
        media type implies when it has none (`/brief` served as text/html -> `brief.html`)."""
        name = urlsplit(self.url).path.rstrip("/").rpartition("/")[2] or "index"
        if "." not in name:
            name += {"text/html": ".html", "application/xhtml+xml": ".html",
                     "text/markdown": ".md", "text/plain": ".txt"}.get(self.media_type or "", "")
        return name


def fetch_if_changed(url: str, *, etag: str | None, last_modified: str | None,
                     timeout: float = TIMEOUT_S, max_bytes: int | None = None) -> Fetched | None:
    """A conditional GET (`tracker watch`): the validators the server gave last time go back as
    If-None-Match and If-Modified-Since; None when it answers 304 Not Modified (no body)."""
    headers = {"If-None-Match": etag or "", "If-Modified-Since": last_modified or ""}
    try:
        return fetch(url, timeout=timeout, max_bytes=max_bytes,
                     headers={name: value for name, value in headers.items() if value})
    except _NotModified:
        return None


class _NotModified(Exception):
    """The server answered 304 to a conditional request."""


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int | None = None,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET `url` -> Fetched, or one InputError line naming the URL: no answer, an error status,
    a redirect away from HTTP, a body over the size limit. `headers`: more request headers."""
    shown = _shown(url)
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise InputError(f"{shown}: only http:// and https:// URLs can be fetched")
    limit = max_bytes_limit(max_bytes)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                                   **(headers or {})})
    try:
        with _opener().open(request, timeout=timeout) as response:
            answer = response.headers
            length = answer.get("Content-Length")
            if length and length.isdigit():
                check_size(int(length), limit, shown)
            data = _read(response, limit, shown, timeout)
            final = response.geturl()
    except urllib.error.HTTPError as err:
        if err.code == 304 and headers:
            raise _NotModified from None
        raise InputError(f"{shown}: the server answered {err.code} {err.reason}") from None
    except _RefusedRedirect as err:
        raise InputError(f"{shown}: redirected to {err.target}, which is not an http(s) URL; not followed") from None
    except urllib.error.URLError as err:
        raise InputError(f"{shown}: no answer ({_reason(err.reason)})") from None
    except (TimeoutError, socket.timeout):
        raise InputError(f"{shown}: no answer within {timeout:g} s") from None
    except OSError as err:
        raise InputError(f"{shown}: no answer ({_reason(err)})") from None
    media_type, charset = _content_type(answer)
    encoding, warnings = _header_charset(data, charset)
    return Fetched(data, final, media_type, charset, warnings, answer.get("ETag"), answer.get("Last-Modified"),
                   encoding)


class _RefusedRedirect(urllib.error.URLError):
    def __init__(self, target: str) -> None:
        super().__init__(f"redirect to {target}")
        self.target = target


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) URL, at most MAX_REDIRECTS times."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # noqa: ANN001, ANN201
        target = headers.get("location") or headers.get("uri")
        if target and urlsplit(urljoin(req.full_url, target)).scheme.lower() not in SCHEMES:
            fp.close()
            raise _RefusedRedirect(_shown(urljoin(req.full_url, target)))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), _HttpOnlyRedirects(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _read(response, limit: int, shown: str, timeout: float) -> bytes:  # noqa: ANN001
    """The body, refused as soon as it passes the limit (a server may lie about its length)."""
    chunks, total = [], 0
    while True:
        chunk = response.read(min(1 << 16, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError(f"{shown}: the page is over the {size_text(limit)} limit for an edition "
                             "(set TRACKER_MAX_BYTES to allow larger ones)")


def _content_type(headers: Message) -> tuple[str | None, str | None]:
    value = headers.get("Content-Type")
    if not value:
        return None, None
    parsed = Message()
    parsed["Content-Type"] = value
    charset = parsed.get_param("charset")
    return parsed.get_content_type(), (charset.strip().strip("'\"").lower() if isinstance(charset, str) else None)


def _header_charset(data: bytes, charset: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The codec to read the body with from the server's declared charset (see the module's
    docstring), or None: UTF-8, a body with its own byte-order mark, no declaration, or one
    that cannot be used (said in a warning), all of which the body's own reading settles."""
    if not charset or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, ()
    label = "cp1252" if charset in _AS_CP1252 else charset
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None, (f"the server declared an unknown charset {charset[:40]!r}; the page is read on its own",)
    if codec == "utf-8":
        return None, ()
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None, (f"the page is not valid {charset} as the server declared; it is read on its own",)
    return codec, ()


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    text = getattr(reason, "strerror", None) or str(reason)
    return text.splitlines()[0] if text else type(reason).__name__


def _shown(url: str) -> str:
    """The URL for a message: no user:password, no control characters, not too long."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        url = url.replace(parts.netloc, parts.hostname or "", 1) if parts.hostname else url
    url = re.sub(r"[\x00-\x1f\x7f]", "?", url)
    return url if len(url) <= 200 else url[:197] + "..."
