"""One voter in a browser: its own cookies, the real forms with their CSRF token, and the
patience of a person (a failed page is tried again a few times, then given up)."""

from __future__ import annotations

import contextlib
import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode

from .verify import Outcome

TIMEOUT = 30.0
PAGE_TRIES = 5  # reloads of a form page that failed
CAST_TRIES = 5  # presses on "Cast my vote" before the voter gives up
PAUSES = (0.3, 0.7, 1.5, 3.0, 5.0)  # how long a person waits before trying again

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_RECEIPT = re.compile(r'class="receipt-code">\s*([A-Z0-9-]+)\s*<')


class PageFailed(Exception):
    """The page did not come, or not the page the voter expected."""


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    """Cookies and plain HTTP/1.1 on loopback, one connection per request.

    Cookies are kept by hand and sent back even though production marks them ``Secure``: the
    benchmark stands where the TLS-terminating proxy would be.
    """

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, object] | None = None) -> Reply:
        headers = {"Accept-Language": "nl", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise PageFailed(f"{method} {path}: {type(error).__name__}") from error
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.msg.get_all("Set-Cookie") or []:
            self._keep(header)
        return Reply(
            response.status,
            response.getheader("Location", ""),
            data.decode("utf-8", "replace"),
            seconds,
        )

    def _keep(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if not morsel.value or morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


@dataclass
class Voter:
    """A client casting ``choices`` with ``code``; several voters may share one code."""

    port: int
    code: str
    code_hash: str
    choices: list[int]
    together: threading.Barrier | None = None  # the other clients with this code
    browser: Browser = field(init=False)
    csrf: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    cast_seconds: list[float] = field(default_factory=list)  # casts the server accepted
    page_seconds: list[float] = field(default_factory=list)
    errors: int = 0  # pages and casts that failed, retries included
    awaiting_receipt: bool = False

    def __post_init__(self) -> None:
        self.browser = Browser(self.port)

    def _form(self, **extra: object) -> dict[str, object]:
        return {"csrf_token": self.csrf, "code": self.code, **extra}

    def _page(
        self, method: str, path: str, expect: str, form: dict[str, object] | None = None
    ) -> Reply:
        for attempt in range(PAGE_TRIES):
            try:
                reply = self.browser.request(method, path, form)
                if reply.status == 200 and expect in reply.body:
                    self.page_seconds.append(reply.seconds)
                    return reply
            except PageFailed:
                pass
            self.errors += 1
            time.sleep(PAUSES[attempt])
        raise PageFailed(f"{method} {path} failed {PAGE_TRIES} times")

    def open_ballot(self) -> None:
        """The letter's QR code, "Next", tick the ideas, "Check my choice": the review page."""
        reply = self._page("GET", f"/stem?code={quote(self.code)}", 'name="csrf_token"')
        token = _CSRF.search(reply.body)
        if token is None:
            raise PageFailed("no CSRF token on the stemcode form")
        self.csrf = token.group(1)
        self._page("POST", "/stem", 'name="choice"', self._form())
        self._page(
            "POST",
            "/stem/stembiljet",
            "/stem/uitbrengen",
            self._form(choice=self.choices, action="review"),
        )

    def cast(self, read_receipt: bool = True) -> None:
        """Press "Cast my vote" until the server takes it, at most :data:`CAST_TRIES` times.

        A cast counts as told-success only when the receipt page shows the receipt; with
        ``read_receipt=False`` that page is read later by :meth:`read_receipt` (so that the
        cast phase times casts only).
        """
        if self.together is not None:
            with contextlib.suppress(threading.BrokenBarrierError):
                self.together.wait(timeout=10)
        for attempt in range(CAST_TRIES):
            try:
                reply = self.browser.request(
                    "POST", "/stem/uitbrengen", self._form(choice=self.choices)
                )
            except PageFailed:
                reply = None
            if reply is not None and reply.status == 302 and reply.location.endswith("/stem/klaar"):
                self.cast_seconds.append(reply.seconds)
                self.awaiting_receipt = True
                if not read_receipt or self.read_receipt():
                    return
            else:
                self.outcomes.append(Outcome(success=False))
                self.errors += 1
                if reply is not None and reply.status == 400:  # the form went stale: start over
                    try:
                        self.open_ballot()
                    except PageFailed:
                        return
            time.sleep(PAUSES[attempt])

    def read_receipt(self) -> bool:
        """Show /stem/klaar; the cast succeeded for this voter only if the receipt is on it."""
        self.awaiting_receipt = False
        try:
            reply = self._page("GET", "/stem/klaar", "receipt-code")
        except PageFailed:
            self.outcomes.append(Outcome(success=False))  # counted perhaps, but never told so
            return False
        found = _RECEIPT.search(reply.body)
        self.outcomes.append(Outcome(success=found is not None, receipt=found and found.group(1)))
        return found is not None
