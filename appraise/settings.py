"""Settings for Appraise.

Everything that differs between a laptop and a council's server comes from the environment:
SQLite in the project folder by default, PostgreSQL when DATABASE_URL is set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    # A mistyped value stops the start: "ture" silently read as false would turn a security setting off.
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A developer who sets nothing gets DEBUG and a throwaway key, for localhost only. Setting DJANGO_SECRET_KEY means a
# real deployment, so DEBUG is then off unless DJANGO_DEBUG=true says otherwise (README, "Deploy").
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", not SECRET_KEY)
# Django's debug error pages (a 404 listing every URL pattern) only when DJANGO_DEBUG=true is set on purpose; a
# developer who set nothing gets the site's own pages (appraise/errors.py).
DEBUG_ERROR_PAGES = DEBUG and "DJANGO_DEBUG" in os.environ
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS: with DEBUG off every protection is on by default, and each can be set from the environment (e.g. a first
# deployment may start with DJANGO_SECURE_HSTS_SECONDS=3600 and raise it once HTTPS is known to work).
# Behind a reverse proxy that talks plain HTTP to gunicorn, DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# tells Django which requests reached the proxy over HTTPS; without it the SSL redirect would loop.
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        "DJANGO_SECURE_PROXY_SSL_HEADER must be a header and a value, e.g. HTTP_X_FORWARDED_PROTO,https"
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The health check answers over plain HTTP too, so the proxy or a monitor on the machine can ask gunicorn directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)

# A working day of inactivity signs a user out: the session's 8 hours start again with each request (written at most
# every five minutes, not on every request: appraise/sessions.py).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_ENGINE = "appraise.sessions"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "template_partials",
    "simple_history",
    # Background tasks (the cabinet report PDF): django-tasks, and its database backend's tables and db_worker.
    "django_tasks",
    "django_tasks_db",
    "councils",
    "services",
    "appraisal",
]

# A form sent after its session ended: the site's own page, saying what to do (appraise/errors.py).
CSRF_FAILURE_VIEW = "appraise.errors.csrf_failure"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The site's 404 page rather than Django's debug one, unless DJANGO_DEBUG=true was set on purpose.
    "appraise.errors.StyledNotFoundMiddleware",
    # Static files from gunicorn itself (hashed, compressed, cached for a year); before everything but the redirect.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "appraise.sessions.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An HTMX request after the session ended sends the window to the sign-in page, not the page into a panel.
    "appraise.errors.HtmxSignInMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The History page's "Source" of every change a view makes: the page, from the route (appraise/change_sources.py).
    "appraise.change_sources.ChangeSourceMiddleware",
    # A save that met another at the same moment: "a colleague was saving, save again", not a server error.
    "appraise.concurrency.WriteConflictMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Background tasks (django-tasks, Django 6's tasks framework): the cabinet report PDF is rendered by one.
# "immediate" (the default) runs a task inside the request that enqueues it, so `runserver` alone works as before;
# "database" queues it in the database for `python manage.py db_worker` (run beside gunicorn) to render, so no web
# worker waits on WeasyPrint. See the README's Deploy section.
# Any other value stops the start with a KeyError naming it.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("APPRAISE_TASK_BACKEND", "immediate").strip().lower()]
    }
}

ROOT_URLCONF = "appraise.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "appraise.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('APPRAISE_SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two saves at once on SQLite (issue 13): each transaction takes the write lock as it begins (IMMEDIATE), so the
    # second waits for the first, up to the timeout, and then finds its change (a stale edit, named). A transaction
    # begun as a reader (SQLite's default) that then writes cannot wait, as that could deadlock: it fails at once
    # with "database is locked". The timeout stays under gunicorn's 30 s worker timeout.
    # Write-ahead logging (issue 22, appraise/sqlite.py): readers are not held up by a save. With synchronous=FULL
    # (the default) each save waits for the disk, so a save the user was told of survives a power cut; NORMAL waits
    # only at checkpoints: quicker saves, but a power cut or operating-system crash may lose the last ones.
    synchronous = os.environ.get("APPRAISE_SQLITE_SYNCHRONOUS", "FULL").upper()
    if synchronous not in {"NORMAL", "FULL"}:
        raise ImproperlyConfigured("APPRAISE_SQLITE_SYNCHRONOUS must be NORMAL or FULL")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": f"PRAGMA synchronous={synchronous}",
        }
    )

# Every password set through a form or `createsuperuser`/`changepassword` is checked, in every environment. The demo
# users' passwords ("appraise-officer"…) would fail: load_demo creates them directly, for the demo only.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "appraise.accounts.ServiceNameValidator"},
]

# django-axes checks each sign-in first and refuses a locked account even its right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for a username lock it for an hour (another wrong one starts the hour again); signing in
# clears the count. Locked by username, not address: behind the reverse proxy every request comes from the proxy,
# and a council's staff often share one address, so locking an address would shut out a whole council.
# A programme admin unlocks an account in Administration (Axes: access attempts) or `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "appraise.accounts.locked_out"
# axes.W006 asks for the address to be part of the lock, for the reason above it is not: an attacker cannot get round
# a username's lock by changing address, user agent or cookies, as the count is kept per username.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes each file under a name with a hash of its content, and a gzipped copy, which WhiteNoise
    # serves with a year's cache header (a changed file gets a new name). With DEBUG on the plain names are used.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Every page asks for the hashed names ({% static %}), so the originals are not kept, nor compressed: half the work.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

FIXTURES_DIR = BASE_DIR / "fixtures"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
