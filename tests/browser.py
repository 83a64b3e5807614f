"""A headless Chromium driven over the DevTools protocol on a pipe, for the report's tests.

Standard library only: Chromium started with `--remote-debugging-pipe` reads JSON commands
(NUL-terminated) on its file descriptor 3 and answers on 4. That is the protocol Playwright
and Selenium's CDP use underneath, without a 50 MB wheel, a Node.js driver or a chromedriver
of the right version; what the tests need (load a file, read the DOM, catch console errors,
script exceptions and dialogs, take a screenshot at a given width) is a handful of commands.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser to use: $TRACKER_TEST_CHROMIUM, else the first of the usual names on PATH."""
    env = os.environ.get("TRACKER_TEST_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def chromium_or_skip() -> str:
    """`find_chromium`, for a test: without a browser the test is skipped, except in CI, where
    one is installed (.ci/run installs Debian's chromium) and its absence is a failure."""
    import pytest

    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium on PATH in CI: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium found (install Debian's `chromium`, or set TRACKER_TEST_CHROMIUM to a browser)")
    return executable


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium; `open(url)` gives a Page. Use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="tracker-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: our pipes become its descriptors 3 and 4
            reads, writes = os.dup(to_child_r), os.dup(from_child_w)  # out of the way of 3 and 4
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-sync", "--mute-audio",
             "--hide-scrollbars", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, to_child_r, from_child_w), preexec_fn=wire)
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
                    self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        with self._cond:
            self._next_id += 1
            ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while ident not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise BrowserError(f"no answer to {method}")
                self._cond.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_for(self, method: str, session: str, since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while True:
                for event in self.events[since:]:
                    if event.get("method") == method and event.get("sessionId") == session:
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrowserError(f"timed out waiting for {method}")
                self._cond.wait(left)

    def open(self, url: str, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(domain, session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)
        mark = len(self.events)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session, mark)
        return Page(self, session, width, height)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str, width: int, height: int) -> None:
        self.browser, self.session, self.width, self.height = browser, session, width, height

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression, run by DevTools (not by the page: the
        page's Content-Security-Policy forbids its own scripts, not the inspector)."""
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                   self.session)
        if "exceptionDetails" in result:
            raise BrowserError(result["exceptionDetails"].get("text", "evaluation failed"))
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, CSP reports and dialogs of this page."""
        out = []
        for event in list(self.browser.events):
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                out.append(f"console.{params.get('type')}: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                out.append(f"log: {params['entry'].get('text')}")
            elif method == "Page.javascriptDialogOpening":
                out.append(f"dialog: {params.get('type')} {params.get('message')!r}")
        return out

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """A PNG of the page (its whole height when `full_page`)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.browser.send("Page.getLayoutMetrics", session=self.session)["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": self.width, "height": min(size["height"], 16000), "scale": 1}
        data = self.browser.send("Page.captureScreenshot", params, self.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self) -> bytes:
        """The page printed (print CSS applied), as PDF bytes."""
        data = self.browser.send("Page.printToPDF", {"printBackground": True}, self.session)["data"]
        return base64.b64decode(data)

    def emulate_media(self, media: str) -> None:
        """Apply the page's CSS for `media` ("print", "screen") as the browser would."""
        self.browser.send("Emulation.setEmulatedMedia", {"media": media}, self.session)
