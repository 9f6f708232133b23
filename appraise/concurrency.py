"""Two saves at the same moment: the one that loses gets "a colleague was saving, try again", never a 500.

The databases refuse some writes outright when another is under way: SQLite answers "database is locked" once
its busy timeout has passed (settings.py makes each transaction take the write lock when it begins and wait for
it, so that is rare), PostgreSQL a serialization failure, a deadlock or a lock it could not get. The write's
transaction has been rolled back by then, so nothing of it is left, and the editor can simply save again.

- The editors (baseline grid, editing forms, scenario editor) wrap each write in `conflicts_refused()` and answer
  the WriteConflict it raises as they answer a stale edit, with the message beside the field: the grid and the
  forms keep what was typed and the version it was typed over; the scenario editor, as for a stale edit, shows
  the assumption as it now stands.
- `WriteConflictMiddleware` answers any other write that meets one (an import, a new scenario, the admin): a
  plain request goes back to the page it came from with the message, an HTMX one shows it above the page's
  content. The user is never shown a server error for what is a moment's contention.
"""

import sqlite3
from contextlib import contextmanager

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

WRITE_CONFLICT = (
    "A colleague was saving a change at the same moment, so yours was not saved. Check the figures and save again."
)

# SQLite's primary result codes (the low byte of an extended code, as in SQLITE_BUSY_SNAPSHOT).
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available (a lock or NOWAIT timed out).
_PG_CONFLICTS = {"40001", "40P01", "55P03"}
# The same failures by their messages, for an error that carries no code (or one raised by hand, as tests do).
_CONFLICT_WORDS = (
    "database is locked",
    "database table is locked",
    "database schema is locked",
    "could not serialize access",
    "deadlock detected",
    "could not obtain lock",
)


class WriteConflict(Exception):
    """A write was refused because another was under way; its transaction was rolled back, nothing was saved."""

    def __init__(self, message: str = WRITE_CONFLICT):
        super().__init__(message)


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def is_write_conflict(exc: BaseException) -> bool:
    """Whether `exc` is a database refusing a write because of another one (lock, serialization, deadlock)."""
    if isinstance(exc, WriteConflict):
        return True
    if not isinstance(exc, DatabaseError | sqlite3.Error):
        return False
    for cause in _causes(exc):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return True
        if (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) in _PG_CONFLICTS:
            return True
        if any(words in str(cause).lower() for words in _CONFLICT_WORDS):
            return True
    return False


@contextmanager
def conflicts_refused():
    """Turn a lock or serialization failure inside the block into WriteConflict (anything else goes on as it was).

    Wrap a call to a write service, which is atomic: by the time the failure gets here its transaction is rolled
    back, and the view can read the figures again to show them.
    """
    try:
        yield
    except (DatabaseError, sqlite3.Error) as exc:
        if not is_write_conflict(exc):
            raise
        raise WriteConflict() from exc


def _same_site_referer(request: HttpRequest) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


class WriteConflictMiddleware:
    """The answer to a write conflict no view answered itself: the colleague message, never a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_write_conflict(exception):
            return None
        if getattr(request, "htmx", False):
            # 200, as htmx swaps nothing of an error status; the message goes above the page's content, and the
            # part of the page the request was for stays as the editor left it.
            banner = format_html('<div class="error-summary" role="alert"><p>{}</p></div>', WRITE_CONFLICT)
            return HttpResponse(banner, headers={"HX-Retarget": "#main-content", "HX-Reswap": "afterbegin"})
        messages.error(request, WRITE_CONFLICT)
        back = _same_site_referer(request)
        if back and request.method not in ("GET", "HEAD"):
            return redirect(back)  # the form's page again, with the message at the top
        # Nowhere to go back to (or a page that writes as it is read): the message on a page of its own.
        return render(request, "base.html", status=409)
