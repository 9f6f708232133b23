"""What appraise/settings.py makes of the environment: development when nothing is set, production when the key is.

The settings module is run afresh for each environment (runpy), so these tests never touch the test settings the
rest of the suite runs under.
"""

import os
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.deploy.conftest import PROJECT, documented_environment, manage, production_environment

SETTINGS = PROJECT / "appraise" / "settings.py"
KEY = "k3y-for-these-tests-only-" + "x7Qp2" * 6


def settings_with(monkeypatch, **env: str) -> dict:
    for name in list(os.environ):
        if name.startswith("DJANGO_") and name != "DJANGO_SETTINGS_MODULE":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_a_developer_who_sets_nothing_gets_debug_and_plain_http(monkeypatch):
    s = settings_with(monkeypatch)

    assert s["DEBUG"] is True
    assert s["SECRET_KEY"].startswith("django-insecure-")
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert (s["SECURE_SSL_REDIRECT"], s["SESSION_COOKIE_SECURE"], s["CSRF_COOKIE_SECURE"]) == (False, False, False)
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SECURE_PROXY_SSL_HEADER"] is None


def test_setting_the_secret_key_turns_debug_off_and_every_https_protection_on(monkeypatch):
    s = settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY)

    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == KEY
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31_536_000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is True


def test_debug_can_still_be_asked_for_with_a_key_set(monkeypatch):
    assert settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY, DJANGO_DEBUG="true")["DEBUG"] is True


def test_debug_off_without_a_key_stops_the_start(monkeypatch):
    with pytest.raises(RuntimeError, match="DJANGO_SECRET_KEY must be set"):
        settings_with(monkeypatch, DJANGO_DEBUG="false")


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        (
            "DJANGO_SECURE_PROXY_SSL_HEADER",
            "HTTP_X_FORWARDED_PROTO,https",
            "SECURE_PROXY_SSL_HEADER",
            ("HTTP_X_FORWARDED_PROTO", "https"),
        ),
        ("DJANGO_SECURE_SSL_REDIRECT", "false", "SECURE_SSL_REDIRECT", False),
        ("DJANGO_SECURE_HSTS_SECONDS", "3600", "SECURE_HSTS_SECONDS", 3600),
        ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "off", "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        ("DJANGO_SECURE_HSTS_PRELOAD", "no", "SECURE_HSTS_PRELOAD", False),
        ("DJANGO_SESSION_COOKIE_SECURE", "0", "SESSION_COOKIE_SECURE", False),
        ("DJANGO_CSRF_COOKIE_SECURE", "false", "CSRF_COOKIE_SECURE", False),
        (
            "DJANGO_CSRF_TRUSTED_ORIGINS",
            "https://appraise.example.gov.uk, https://a.example.gov.uk",
            "CSRF_TRUSTED_ORIGINS",
            ["https://appraise.example.gov.uk", "https://a.example.gov.uk"],
        ),
        ("DJANGO_ALLOWED_HOSTS", "appraise.example.gov.uk", "ALLOWED_HOSTS", ["appraise.example.gov.uk"]),
        ("DJANGO_SESSION_COOKIE_AGE", "3600", "SESSION_COOKIE_AGE", 3600),
        ("DJANGO_STATIC_ROOT", "/srv/appraise/staticfiles", "STATIC_ROOT", Path("/srv/appraise/staticfiles")),
    ],
)
def test_each_deploy_setting_is_read_from_the_environment(monkeypatch, variable, value, setting, expected):
    assert settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY, **{variable: value})[setting] == expected


@pytest.mark.parametrize("value", ["ture", "enabled", "2"])
def test_a_mistyped_true_or_false_stops_the_start_naming_the_variable(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match=f"DJANGO_SECURE_SSL_REDIRECT must be true or false, not '{value}'"):
        settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY, DJANGO_SECURE_SSL_REDIRECT=value)


def test_a_proxy_header_without_its_value_stops_the_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_PROXY_SSL_HEADER must be a header and a value"):
        settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY, DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")


def test_production_serves_hashed_compressed_static_files_and_the_test_settings_plain_ones(monkeypatch, settings):
    production = settings_with(monkeypatch, DJANGO_SECRET_KEY=KEY)
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production["MIDDLEWARE"]
    # The suite runs without collectstatic, so it keeps plain names.
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_the_readme_documents_the_production_environment():
    documented = documented_environment()
    assert documented["DJANGO_SECURE_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO,https"
    assert documented["DATABASE_URL"].startswith("postgres://")
    assert "DJANGO_DEBUG" not in documented, "production must not need DEBUG turned off by hand"


def test_check_deploy_prints_no_warning_under_the_documented_environment(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(("synchronous", "level"), [(None, 2), ("normal", 1)])
def test_sqlite_writes_ahead_and_waits_for_the_disk_as_asked(
    monkeypatch, tmp_path, django_db_blocker, synchronous, level
):
    from concurrent.futures import ThreadPoolExecutor

    from django.db.utils import ConnectionHandler

    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = {"APPRAISE_SQLITE_PATH": str(tmp_path / "appraise.sqlite3")}
    if synchronous:
        env["APPRAISE_SQLITE_SYNCHRONOUS"] = synchronous
    databases = settings_with(monkeypatch, **env)["DATABASES"]

    def pragmas():  # in a thread of its own: a browser test before this one may leave this thread an event loop
        connection = ConnectionHandler(databases)["default"]
        try:
            with connection.cursor() as cursor:
                return cursor.execute("PRAGMA journal_mode").fetchone(), cursor.execute("PRAGMA synchronous").fetchone()
        finally:
            connection.close()

    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(pragmas).result() == (("wal",), (level,))  # 2 FULL, 1 NORMAL


def test_a_mistyped_sqlite_synchronous_stops_the_start(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="APPRAISE_SQLITE_SYNCHRONOUS must be NORMAL or FULL"):
        settings_with(monkeypatch, APPRAISE_SQLITE_SYNCHRONOUS="off")
