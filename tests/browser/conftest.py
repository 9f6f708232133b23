"""End-to-end tests in a real browser: Python Playwright driving Debian's Chromium against Django's live server.

`playwright install` cannot download a browser here, so these tests use the system's /usr/bin/chromium
(scripts/bootstrap installs the Debian package when it is missing). They are part of the README's test command:
a missing browser is a failure, not a skip, so CI cannot pass without having run them.
"""

import functools
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from playwright.sync_api import sync_playwright

from appraisal.demo.services import DEMO_USERS, demo_users_ensure
from appraisal.models import Appraisal
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
# APPRAISE_BROWSER_SERVER=production: the same tests against the production server instead of Django's live server:
# scripts/serve (check --deploy, migrate, collectstatic, gunicorn with WhiteNoise) with the README's production
# environment, on this worker's PostgreSQL test database (.ci/run does this once, on PostgreSQL). The reverse proxy
# is stood in for by the one header it adds, so Django sees HTTPS as behind nginx.
PRODUCTION = os.environ.get("APPRAISE_BROWSER_SERVER") == "production"
CONTEXT = {"locale": "en-GB", "extra_http_headers": {"X-Forwarded-Proto": "https"} if PRODUCTION else {}}
# The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core (bundled by axe-playwright-python); not its best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
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
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **CONTEXT)
    page = console_errors.watch(context.new_page())
    # A ceiling on every wait for an outcome (an element, a download), not a pause: with a worker per core a
    # PDF render on a small busy machine can take several times its quiet-machine time.
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def production_server(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection

    from tests.deploy.conftest import PROJECT, production_environment
    from tests.deploy.servers import Server, free_port

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail("APPRAISE_BROWSER_SERVER=production needs PostgreSQL: the server is another process")
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = production_environment(
        folder,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        APPRAISE_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        XDG_RUNTIME_DIR=str(folder),
        # Chromium sends a download's request without the stand-in proxy's header: without this it would be sent
        # on to https://127.0.0.1, where nothing listens. Behind a real proxy every request carries the header.
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    server = Server([str(PROJECT / "scripts" / "serve")], port=port, env=env, cwd=PROJECT)
    try:
        server.wait_for(f"Listening at: http://127.0.0.1:{port}")
        yield server
    finally:
        server.stop()


class _Served:
    """Django's live server object with the production server's address."""

    def __init__(self, live_server, url: str):
        self._live_server = live_server
        self.url = url

    def __getattr__(self, name):
        return getattr(self._live_server, name)


@pytest.fixture
def live_server(live_server, request):
    """Django's live server, or with APPRAISE_BROWSER_SERVER=production the production server."""
    if not PRODUCTION:
        return live_server
    # pytest-django still switches its settings around each test (ALLOWED_HOSTS): the rest is the server's own.
    return _Served(live_server, request.getfixturevalue("production_server").url)


@pytest.fixture
def demo(transactional_db, live_server, dh_snapshot) -> Appraisal:
    """The Darlington & Hartlepool demo, with its demo users, served by the live server."""
    appraisal = dh_load(dh_snapshot)
    served_demo_users()
    return appraisal


def served_demo_users() -> None:
    """The demo users of the councils loaded, able to sign in to the server the tests use: the test settings hash
    with MD5 for speed; the production server checks with its own hasher. Call again after loading more councils."""
    demo_users_ensure()
    if PRODUCTION:
        User = get_user_model()
        for username, password, *_ in DEMO_USERS:
            User.objects.filter(username=username).update(password=_production_hash(password))


@functools.cache
def _production_hash(password: str) -> str:
    return make_password(password, hasher=PBKDF2PasswordHasher())


def sign_in(page, live_server, credentials, next_path="/"):
    username, password = credentials
    page.goto(f"{live_server.url}/sign-in/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def accessibility_problems(page, where: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now, one line each saying what to fix and where: the
    rule, its impact, its help and the first elements it found."""
    lines = []
    for violation in Axe().run(page, options=AXE_OPTIONS).response["violations"]:
        nodes = violation["nodes"]
        targets = "; ".join(" ".join(map(str, node["target"])) for node in nodes[:3])
        more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}{more}")
    return lines
