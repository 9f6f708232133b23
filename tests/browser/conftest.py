"""End-to-end tests in a real browser: Python Playwright driving Debian's Chromium against Django's live server.

`playwright install` cannot download a browser here, so these tests use the system's /usr/bin/chromium
(scripts/bootstrap installs the Debian package when it is missing). They are part of the README's test command:
a missing browser is a failure, not a skip, so CI cannot pass without having run them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from appraisal.models import Appraisal
from appraisal.services import demo_users_ensure
from tests.conftest import dh_load

CHROMIUM = os.environ.get("APPRAISE_CHROMIUM", "/usr/bin/chromium")
# Chromium's background services try to reach Google; this machine's network refuses them, noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OFFICER = ("dbc-officer", "appraise-officer")
MEMBER = ("dbc-member", "appraise-member")

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from a thread with a
# running loop unless told this is safe. It is: the test thread only sets up data before the browser starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run scripts/bootstrap (it installs Debian's chromium package).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleErrors(list):
    """Every JavaScript error and console error a page shows during a test."""

    def watch(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.append(f"page error: {exc}"))
        return page


@pytest.fixture
def console_errors():
    return ConsoleErrors()


@pytest.fixture
def page(browser, console_errors):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = console_errors.watch(context.new_page())
    # A ceiling on every wait for an outcome (an element, a download), not a pause: with a worker per core a
    # PDF render on a small busy machine can take several times its quiet-machine time.
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db, live_server, dh_snapshot) -> Appraisal:
    """The Darlington & Hartlepool demo, with its demo users, served by the live server."""
    appraisal = dh_load(dh_snapshot)
    demo_users_ensure()
    return appraisal


def sign_in(page, live_server, credentials, next_path="/"):
    username, password = credentials
    page.goto(f"{live_server.url}/sign-in/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
