"""GET /healthz: 200 "ok" when the database answers, 503 when it cannot be reached; no sign-in, no secrets."""

import subprocess
import sys

import pytest

from tests.deploy.conftest import PROJECT

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_signing_in(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"], "a proxy must not answer for a server that has gone"


def test_it_answers_head(client):
    assert client.head("/healthz").status_code == 200


def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405


# A PostgreSQL server that is not there: port 1 on this machine refuses at once.
UNREACHABLE = "postgres://appraise:s3cret-db-password@127.0.0.1:1/appraise"
ASK = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(response.status_code, response.content.decode())
"""


def test_it_answers_503_when_the_database_cannot_be_reached_and_shows_no_secret():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": UNREACHABLE, "DJANGO_SETTINGS_MODULE": "appraise.settings"}
    result = subprocess.run([sys.executable, "-c", ASK], cwd=PROJECT, env=env, capture_output=True, text=True)

    assert result.stdout.strip() == "503 database unavailable", result.stderr
    assert "s3cret" not in result.stdout
    # The reason is in the server's log, for whoever looks after it.
    assert "Health check: the database did not answer" in result.stderr
    assert "Connection refused" in result.stderr or "connection failed" in result.stderr
