"""The README's first command for a developer who sets nothing: `runserver` with DEBUG on, plain HTTP, and the
static files served under their own names (no collectstatic)."""

import os
import re
import sys

import pytest

from tests.deploy.conftest import INHERITED, PROJECT
from tests.deploy.servers import Server, free_port


@pytest.fixture(scope="module")
def runserver(tmp_path_factory):
    folder = tmp_path_factory.mktemp("development")
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not INHERITED.match(name)}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    server = Server(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], port=port, env=env, cwd=PROJECT
    )
    try:
        server.wait_for(f"Starting development server at http://127.0.0.1:{port}/")
        yield server
    finally:
        server.stop()


def test_the_sign_in_page_is_served_over_plain_http_with_debug_on(runserver):
    status, headers, body = runserver.get("/sign-in/")

    assert status == 200
    assert "strict-transport-security" not in headers
    assert "Secure" not in headers["set-cookie"]
    assert '<link rel="stylesheet" href="/static/css/appraise.css">' in body.decode()


def test_the_static_files_are_served_under_their_own_names(runserver):
    page = runserver.get("/sign-in/")[2].decode()
    scripts = re.findall(r'<script src="(/static/django_htmx/[^"]+\.js)"', page)
    assert "/static/django_htmx/htmx-2.min.js" in scripts, page

    status, _, css = runserver.get("/static/css/appraise.css")
    assert status == 200
    assert css == (PROJECT / "static" / "css" / "appraise.css").read_bytes()
    assert [runserver.get(script)[0] for script in scripts] == [200] * len(scripts)
