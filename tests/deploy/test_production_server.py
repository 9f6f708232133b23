"""The production server as the README deploys it: scripts/serve (migrate, collectstatic, check --deploy, gunicorn)
with the documented production environment, on a free port of 127.0.0.1, and a browser signing in through it.

The reverse proxy in front of gunicorn is stood in for by its one effect on the requests, the header it adds
(X-Forwarded-Proto: https), so Django sees HTTPS as it would behind nginx. The browser itself speaks plain HTTP, so
its Origin is http://127.0.0.1:PORT: DJANGO_CSRF_TRUSTED_ORIGINS names it, as it would name an origin a real proxy
does not pass on as the host.
"""

import gzip
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MEMBER, OFFICER, ConsoleErrors, sign_in
from tests.deploy.conftest import PROJECT, production_environment
from tests.deploy.servers import WAIT, Server, free_port

DASHBOARD = "/appraisals/darlington-hartlepool-2011/"
PROXY = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = production_environment(
        folder,
        APPRAISE_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        # gunicorn's control socket goes in this run's folder, not the user's home, where another gunicorn may be.
        XDG_RUNTIME_DIR=str(folder),
    )
    server = Server([str(PROJECT / "scripts" / "serve")], port=port, env=env, cwd=PROJECT)
    try:
        # The demo goes in (as the README's first command puts it) once scripts/serve has migrated the new database,
        # while it collects the static files and starts gunicorn.
        server.wait_for("== Collecting the static files ==")
        demo = subprocess.Popen(
            [sys.executable, "manage.py", "load_demo", "--skip-checks"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        server.wait_for(f"Listening at: http://127.0.0.1:{port}")
        # Ready when both workers answer the health check (two at once, so each worker takes one): each loads the
        # app on its first request, meanwhile the demo is still going in.
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert [status for status, _, _ in pool.map(server.get, ["/healthz"] * 2)] == [200, 200], server.log
        output, _ = demo.communicate(timeout=WAIT)
        assert demo.returncode == 0, output
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def in_browser():
    """Runs a scenario in a new browser page behind the stand-in proxy, returning what it returns and the page's
    console errors. The browser is this module's own, driven from a thread of its own: Playwright's sync API allows
    one instance a thread, and this pytest worker's thread may already hold the browser tests' one."""
    executor = ThreadPoolExecutor(max_workers=1)
    playwright = executor.submit(lambda: sync_playwright().start()).result()
    chromium = executor.submit(
        lambda: playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    ).result()

    def in_a_page(scenario, *args):
        context = chromium.new_context(extra_http_headers=PROXY, locale="en-GB")
        errors = ConsoleErrors()
        page = errors.watch(context.new_page())
        page.set_default_timeout(30_000)  # a ceiling on each wait for an outcome, as in the browser tests
        try:
            return scenario(page, *args), list(errors)
        finally:
            context.close()

    yield lambda scenario, *args: executor.submit(in_a_page, scenario, *args).result()
    executor.submit(chromium.close).result()
    executor.submit(playwright.stop).result()
    executor.shutdown()


def test_scripts_serve_checks_migrates_collects_and_starts_the_workers_asked_for(server):
    server.wait_for("Booting worker", times=2)
    log = server.log
    steps = [
        "== Checking the deployment settings ==",
        "System check identified no issues",
        "== Migrating the database ==",
        "Applying appraisal.0001_initial... OK",
        "== Collecting the static files ==",
        f"== Starting gunicorn: 2 workers on 127.0.0.1:{server.port} ==",
        f"Listening at: http://127.0.0.1:{server.port}",
    ]
    positions = [log.index(step) for step in steps]
    assert positions == sorted(positions), log
    assert "WARNING" not in log


def test_healthz_answers_ok_over_plain_http_for_probes_on_the_machine(server):
    status, headers, body = server.get("/healthz")

    assert (status, body) == (200, b"ok")


def test_plain_http_through_the_proxy_is_sent_to_https(server):
    status, headers, _ = server.get("/sign-in/")

    assert status == 301
    assert headers["location"] == f"https://127.0.0.1:{server.port}/sign-in/"


def test_the_sign_in_page_has_hsts_and_its_css_from_a_hashed_gzipped_file_cached_for_a_year(server):
    status, headers, body = server.get("/sign-in/", PROXY)
    assert status == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"

    page = body.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/css/appraise\.[0-9a-f]{12}\.css)">', page)
    assert stylesheet, page
    status, headers, body = server.get(stylesheet[1], {**PROXY, "Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "max-age=315360000, public, immutable"
    assert headers["content-type"].startswith("text/css")
    assert ".error-summary {" in gzip.decompress(body).decode()


def test_the_htmx_script_is_served_from_a_hashed_name(server):
    page = server.get("/sign-in/", PROXY)[2].decode()
    script = re.search(r'<script src="(/static/django_htmx/htmx[^"]*\.[0-9a-f]{12}\.js)"', page)
    assert script, page

    status, headers, body = server.get(script[1], PROXY)

    assert status == 200
    assert b"htmx" in body[:2000]


def test_the_favicon_address_leads_to_its_hashed_name(server):
    status, headers, _ = server.get("/favicon.ico", PROXY)

    assert status == 301
    assert re.fullmatch(r"/static/favicon\.[0-9a-f]{12}\.svg", headers["location"])
    assert server.get(headers["location"], PROXY)[0] == 200


def member_reads_the_dashboard(page, server: Server) -> dict:
    sign_in(page, server, MEMBER, DASHBOARD)
    return {
        "npv": page.locator("#headline-npv").inner_text(),
        "darlington_closed": page.locator("#council-DBC .council-deficit-closed").inner_text(),
        # appraise.css gives the header a 10px bottom border; without it, none.
        "header_border": page.evaluate("getComputedStyle(document.querySelector('.header')).borderBottomWidth"),
        "cookies": {c["name"]: c for c in page.context.cookies()},
    }


def test_a_member_signs_in_and_reads_the_dashboards_headline_figures(server, in_browser):
    figures, errors = in_browser(member_reads_the_dashboard, server)

    assert figures["npv"] == "£9,263,010"  # the Low scenario (seed 001 §3.2), as on the development server
    assert figures["darlington_closed"] == "24.1%"
    assert figures["header_border"] == "10px", "appraise.css did not load"
    session = figures["cookies"]["sessionid"]
    assert (session["secure"], session["httpOnly"]) == (True, True)
    assert errors == []


def officer_changes_a_savings_point(page, server: Server) -> tuple[str, str, bool, str]:
    sign_in(page, server, OFFICER, DASHBOARD)
    page.get_by_role("link", name="Edit this scenario").click()
    page.wait_for_load_state("networkidle")
    npv = page.locator("#scenario-panel #headline-npv")
    before = npv.inner_text()
    page.evaluate("window.__sameDocument = true")

    corporate = page.locator("tr.scenario-cluster", has=page.locator("th", has_text="Corporate Services"))
    corporate.locator("select[name=point]").select_option(label="Maximum")
    page.wait_for_function(f"document.querySelector('#scenario-panel #headline-npv').innerText !== '{before}'")
    page.wait_for_load_state("networkidle")
    after = npv.inner_text()
    same_document = page.evaluate("window.__sameDocument === true")
    # Saved: the dashboard, a new page, shows the new figure.
    page.goto(server.url + DASHBOARD)
    return before, after, same_document, page.locator("#headline-npv").inner_text()


def test_an_officers_htmx_edit_recalculates_in_place_and_is_saved(server, in_browser):
    (before, after, same_document, dashboard), errors = in_browser(officer_changes_a_savings_point, server)

    assert before == "£9,263,010"
    assert after == "£13,059,095"  # Low with Corporate Services at its maximum saving
    assert same_document, "the page was reloaded: the HTMX script did not run"
    assert dashboard == after
    assert errors == []


def test_scripts_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_environment(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = subprocess.run([str(PROJECT / "scripts" / "serve")], env=env, capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "DJANGO_SECRET_KEY is not set: see the README's Deploy section" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists(), "nothing was done"
