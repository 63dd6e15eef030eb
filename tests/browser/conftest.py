"""Browser tests in real headless Chromium (Debian's package), driven by Playwright.

No browser is ever downloaded: Playwright launches /usr/bin/chromium through `executable_path`.
When it is absent the tests are skipped with a message saying how to install it.

Pages are served by pytest-django's `live_server` (a real HTTP server in a thread, with our
middleware and CSP), so every test using `page` gets a transactional database.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from gongkai.demo import portal as portal_demo
from gongkai.demo.management.commands.load_demo import Command as LoadDemo

CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Gongkai@2026"  # gongkai/demo/organizations.py
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class SerializedWSGIServer(ThreadedWSGIServer):
    """The live server, answering one application request at a time (static files in parallel).

    With the in-memory SQLite test database, the live server's threads share one connection, and
    Django's documentation warns that simultaneous queries on it fail at random (a browser loads
    a page's XHRs, e.g. /admin/jsi18n/, in parallel). Serializing the requests removes the race.
    """

    def set_app(self, application):
        lock = threading.Lock()
        static_prefix = settings.STATIC_URL

        def serialized(environ, start_response):
            if environ.get("PATH_INFO", "").startswith(static_prefix):
                return application(environ, start_response)
            with lock:
                return application(environ, start_response)

        super().set_app(serialized)


# pytest-django's `live_server` builds a LiveServerThread; every browser test module imports this conftest.
LiveServerThread.server_class = SerializedWSGIServer


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; Django's ORM, used by the
    # test itself for fixtures and assertions, refuses to run beside one unless told it is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(transactional_db, root_collection):
    """The Jiaozuo demo of `make demo`: bureaus, demo accounts, published guides, site identity.

    Only the foundation part of `load_demo` (not the other capabilities' demo extensions), so
    that these tests stay fast and independent of data they do not look at.
    """
    LoadDemo().load()
    portal_demo.load_demo()


class ConsoleLog(list):
    """Console messages and page errors of one page, for assertions."""

    def errors(self):
        return [m for m in self if m["type"] in ("error", "pageerror")]

    def csp_violations(self):
        return [m for m in self if "Content Security Policy" in m["text"] or "Content-Security-Policy" in m["text"]]


def _new_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_log = ConsoleLog()
    page.on("console", lambda m: page.console_log.append({"type": m.type, "text": m.text}))
    page.on("pageerror", lambda e: page.console_log.append({"type": "pageerror", "text": str(e)}))
    return context, page


@pytest.fixture
def page(browser, live_server, demo):
    """A desktop-sized page on a fresh browser context (empty localStorage, no cookies)."""
    context, page = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, demo):
    context, page = _new_page(browser, live_server, PHONE)
    yield page
    context.close()


def submit(page, control, url=None) -> None:
    """Click a control that submits a form; return once the answer page has loaded.

    `wait_for_url` alone returns at once when the current URL already matches (a form that posts
    back to its own page), and the next step would race the pending answer: under load, its
    session cookie can arrive after the next step cleared the cookies.
    """
    with page.expect_navigation(url=url):
        control.click()


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in on the admin's login page as `username` (any earlier session is dropped first)."""
    # Leave the old page first: an admin page's own requests (e.g. Wagtail's editing-session ping) still in
    # flight would answer with the old session cookie after we cleared it, and the login page would then
    # redirect to the dashboard. If that happened anyway, clear again.
    page.goto("about:blank")
    for _attempt in range(3):
        page.context.clear_cookies()
        page.goto("/admin/login/")
        if "/admin/login/" in page.url:
            break
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    submit(page, page.locator("form button[type=submit]").first, url=re.compile(r"/admin/$"))
