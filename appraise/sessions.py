"""Sessions that end after a working day without a request (SESSION_COOKIE_AGE), written at most every five minutes.

SESSION_SAVE_EVERY_REQUEST would keep a session alive too, but by writing it on every request: on SQLite each write
takes the database's one write lock, which reading a page should not queue for. So the session notes when it was
last written, and is written again only when that was five minutes ago or more: it ends between 7 h 55 min and 8 h
after the last request.
"""

import time

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

WRITTEN_AT = "_appraise_written_at"  # seconds since the epoch
REFRESH_EVERY = 5 * 60


class SessionStore(DatabaseSessionStore):
    """Django's database session (SESSION_ENGINE = "appraise.sessions"), noting in itself when it was last written."""

    def save(self, must_create=False):
        self._get_session(no_load=must_create)[WRITTEN_AT] = int(time.time())
        super().save(must_create=must_create)


class SessionRefreshMiddleware:
    """Writes a signed-in user's session again, with a new expiry and cookie, once five minutes have passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and time.time() - request.session.get(WRITTEN_AT, 0) >= REFRESH_EVERY:
            request.session.modified = True  # SessionMiddleware saves it
        return response
