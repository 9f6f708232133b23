"""Signing in: the lock-out page django-axes shows, and the password rule the demo passwords break."""

from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render

# The service's own name is the first word a guesser tries, and every demo password ("appraise-officer") has it.
SERVICE_NAMES = ("appraise", "appraisal")
PASSWORD_HAS_SERVICE_NAME = "Password must not contain ‘appraise’, the name of this service"


class ServiceNameValidator:
    """Refuses a password containing the service's name, in any case ("Appraise-2026", "appraise-officer")."""

    def validate(self, password, user=None):
        if any(name in password.lower() for name in SERVICE_NAMES):
            raise ValidationError(PASSWORD_HAS_SERVICE_NAME, code="password_has_service_name")

    def get_help_text(self):
        return PASSWORD_HAS_SERVICE_NAME


def duration_words(delta: timedelta) -> str:
    """How long a lock-out lasts, as the page says it: "1 hour", "2 hours", "30 minutes"."""
    minutes = round(delta.total_seconds() / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def lockout_message() -> str:
    return (
        f"Too many failed sign-in attempts. Try again in {duration_words(get_cool_off())} "
        "or ask your programme admin to unlock your account."
    )


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page again, with the lock-out message in its error summary (django-axes' AXES_LOCKOUT_CALLABLE)."""
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked_out_message": lockout_message(),
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    # 429 Too Many Requests, as django-axes answers by default: the page is shown, and scripts see the refusal.
    return render(request, "registration/login.html", context, status=429)
