"""Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Locally they skip when Chromium is missing; in CI (``WIJKBUDGET_REQUIRE_SERVERS=1`` or
``CI=true``) they fail instead, so a broken set-up cannot pass unnoticed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, servers_required
from tests.mailserver import running_smtp_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = Path("/usr/bin/chromium")
# Chromium must not reach out to Google's services: this machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if servers_required():
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _buffered(app: WSGIApplication) -> WSGIApplication:
    """``app`` with each response read to the end and closed before the server sends a byte.

    werkzeug's development server reads what is left on the socket before it closes a response;
    when the browser has dropped the connection (it cancels a favicon on a quick navigation)
    that read raises, the static file stays open until it is collected, and the ResourceWarning
    (an error in this suite) fails whichever test runs at that moment.
    """

    def buffered(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return buffered


@pytest.fixture
def server_url(app: Flask) -> Iterator[str]:
    """The app served on a free loopback port, in a thread of this test process."""
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # links in mails point at this server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_mailbox(app: Flask) -> Iterator[list[Any]]:
    with running_smtp_server() as (port, messages):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield messages


def _context(browser: Browser, **options: Any) -> BrowserContext:
    # bypass_csp lets axe-core be injected despite the strict Content-Security-Policy.
    context = browser.new_context(bypass_csp=True, locale="nl-NL", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = _context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A cheap phone: 320 CSS pixels wide."""
    context = _context(browser, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = _context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def person(browser: Browser, server_url: str) -> Iterator[Callable[[str], Page]]:
    """A logged-in browser page for a user, one context each (separate cookies)."""
    contexts = []

    def open_as(email: str) -> Page:
        context = browser.new_context(bypass_csp=True, locale="nl-NL")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(server_url + "/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("link", name="Mijn account")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()
