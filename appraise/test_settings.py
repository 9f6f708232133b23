"""Settings for the test suite: the real settings with a fast password hasher, plain static files and plain HTTP.

Pinned here, not read from the environment, so that a DJANGO_SECRET_KEY or DJANGO_SECURE_* left set in the shell
cannot turn on the HTTPS redirect or Secure cookies under the test client and the live server (plain HTTP).
tests/deploy/ runs the production settings themselves, in subprocesses.
"""

from appraise.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
SECURE_PROXY_SSL_HEADER = None
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The suite does not run collectstatic: WhiteNoise looks each static file up when asked (as with DEBUG on) instead of
# listing STATIC_ROOT at start, which would warn that there is no such folder. The live server serves static itself.
WHITENOISE_AUTOREFRESH = True
