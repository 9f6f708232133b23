"""The 403 handler: Django's own page, styled, with the reason our code gave when it is fit to show.

Views refuse with a sentence for the user, e.g. PermissionDenied("Only an officer of a partner council can change a
scenario."). Anything else that reaches here (no message, a repr, several lines, markup) is left out: the page then
says only that the action is not allowed, so nothing meant for a developer is shown to a councillor.
"""

import re

from django.conf import settings
from django.shortcuts import render

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


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": reason_shown(exception)}, status=403)


class StyledNotFoundMiddleware:
    """A 404 is the site's own page while DEBUG is on only by default (a developer who set nothing): Django's debug
    404, which lists every URL pattern, appears only when DJANGO_DEBUG=true is set (settings.DEBUG_ERROR_PAGES).
    With DEBUG off Django already uses templates/404.html, so this changes nothing there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and settings.DEBUG and not settings.DEBUG_ERROR_PAGES:
            return render(request, "404.html", status=404)
        return response
