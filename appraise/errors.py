"""Error pages in the site's layout: 400, 403 (with the reason our code gave when it is fit to show), the CSRF
refusal (a form left open too long) and 404; an HTMX request gets the same words as a banner above its page.

Views refuse with a sentence for the user, e.g. PermissionDenied("Only an officer of a partner council can change a
scenario."). Anything else that reaches here (no message, a repr, several lines, markup) is left out: the page then
says only that the action is not allowed, so nothing meant for a developer is shown to a councillor.
"""

import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

# One line, starting with a capital and ending with a full stop, in words and ordinary punctuation.
PLAIN_SENTENCE = re.compile(r"[A-Z][\w ,;:'’()£%&/-]*[.!?]")
REASON_MAX_LENGTH = 200


def reason_shown(exception: BaseException | None) -> str:
    """The exception's message if it is one plain sentence we can show a user, else ""."""
    if exception is None or len(exception.args) != 1 or not isinstance(exception.args[0], str):
        return ""
    message = exception.args[0].strip()
    if len(message) > REASON_MAX_LENGTH or not PLAIN_SENTENCE.fullmatch(message):
        return ""
    return message


# Each page's heading, also the title of its banner above an HTMX request's page.
TITLES = {
    "400.html": "Something was wrong with that request",
    "403.html": "You cannot do this",
    "403_csrf.html": "Your change was not saved",
    "404.html": "Page not found",
}


def _refused(request, template: str, context: dict, status: int) -> HttpResponse:
    """The whole page; or, for an HTMX request, the same words as a banner above the page's content, so a refused
    edit inside the editor is seen rather than silently not swapped (base.html lets htmx swap 400, 403 and 404)."""
    context = {"title": TITLES[template], **context}
    if getattr(request, "htmx", False):
        problem = render_to_string(f"{template}#problem", context, request)
        response = render(request, "_refused.html", {**context, "problem": mark_safe(problem)}, status=status)
        response["HX-Retarget"] = "#refusal"  # base.html's place above the content: a new refusal replaces the last
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, template, context, status=status)


def permission_denied(request, exception=None):
    return _refused(request, "403.html", {"reason": reason_shown(exception)}, status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page left open after its session ended, or from another site. Django's
    reason is for developers, so it is not shown."""
    return _refused(request, "403_csrf.html", {}, status=403)


def bad_request(request, exception=None):
    return _refused(request, "400.html", {}, status=400)


def page_not_found(request, exception=None):
    """The Http404's message is not shown: an appraisal a user may not see answers exactly like one that does not
    exist. Inside a page (HTMX) it says the scenario or page may have been removed, e.g. by a colleague meanwhile."""
    return _refused(request, "404.html", {}, status=404)


class HtmxSignInMiddleware:
    """An HTMX request whose session has ended would be redirected to the sign-in page, which the browser follows
    and htmx then swaps *into* the part of the page being edited. Instead the whole window goes to the sign-in
    page, which brings the user back to the page they were on (HX-Current-URL) once signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code not in (301, 302, 303, 307, 308):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login:
            return response
        came_from = urlsplit(request.htmx.current_url or "")
        page = came_from.path + (f"?{came_from.query}" if came_from.query else "")
        answer = HttpResponse(status=204)
        if page and url_has_allowed_host_and_scheme(page, {request.get_host()}, request.is_secure()):
            answer["HX-Redirect"] = f"{login}?{REDIRECT_FIELD_NAME}={quote(page)}"
        else:
            answer["HX-Redirect"] = login
        return answer


class StyledNotFoundMiddleware:
    """A 404 is the site's own page while DEBUG is on only by default (a developer who set nothing): Django's debug
    404, which lists every URL pattern, appears only when DJANGO_DEBUG=true is set (settings.DEBUG_ERROR_PAGES).
    With DEBUG off Django already uses templates/404.html, so this changes nothing there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and settings.DEBUG and not settings.DEBUG_ERROR_PAGES:
            return page_not_found(request)
        return response
